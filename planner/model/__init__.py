"""Frozen values that flow out of planning: :class:`Plan` and its parts.

A plan integrates the units of a dependency graph in steps. For step *k* with
integrated set ``I_k`` (the units of steps 1..k):

* a **stub** for *v* is in force when some integrated *u* depends on *v*
  (``u -> v``) and *v* is not integrated yet; ``for_`` lists those *u*;
* a **driver** for *v* is in force when *v* is integrated and some dependant
  *u* of *v* is not; ``for_`` lists those *u*.

:mod:`planner.model.steps` holds the steps and their doubles, kept as spans of
steps; :mod:`planner.model.plan` the plan and the rest. The JSON form of these
values is the plan file (see :mod:`planner.planfile` and ``docs/plan-file.md``).
"""

from planner.model.plan import (
    CHANGE_EFFECTS,
    SCHEMA,
    SCHEMAS_READ,
    TECHNIQUES,
    Assignment,
    BrokenEdge,
    Change,
    ChangedFile,
    ChangeEffect,
    Comparison,
    Component,
    GraphInfo,
    Metrics,
    Options,
    ParetoFront,
    ParetoPoint,
    Plan,
    Selection,
    StrategyResult,
)
from planner.model.steps import Double, Driver, InForce, SpanSteps, Step, Stub, doubles_of, in_force_counts

__all__ = [
    "CHANGE_EFFECTS",
    "ChangeEffect",
    "SCHEMA",
    "SCHEMAS_READ",
    "TECHNIQUES",
    "Assignment",
    "BrokenEdge",
    "Change",
    "ChangedFile",
    "Comparison",
    "Component",
    "Double",
    "Driver",
    "GraphInfo",
    "InForce",
    "Metrics",
    "Options",
    "ParetoFront",
    "ParetoPoint",
    "Plan",
    "Selection",
    "SpanSteps",
    "Step",
    "StrategyResult",
    "Stub",
    "doubles_of",
    "in_force_counts",
]
