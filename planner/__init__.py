"""planner: dependency-graph-driven integration test planning.

Load a dependency graph (``u -> v``: u depends on v), compute a top-down,
bottom-up, sandwich or big-bang integration order that breaks cycles at least
stubbing cost, and hand the plan to pytest, CI and pictures.

>>> import planner
>>> plan = planner.make_plan("graphs/textbook.dot", strategy="bottom-up")  # doctest: +SKIP

The names below are loaded on first use, so ``import planner`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from planner._version import __version__

if TYPE_CHECKING:
    from planner.api import compare, draw, load, make_plan, pareto, read_plan, write_plan
    from planner.errors import (
        GraphLoadError,
        PlanFileError,
        PlannerError,
        PlanningError,
        UnbreakableCycleError,
        UsageError,
    )
    from planner.model import Comparison, Driver, ParetoFront, Plan, Step, Stub

__all__ = [
    "Comparison",
    "Driver",
    "GraphLoadError",
    "ParetoFront",
    "Plan",
    "PlanFileError",
    "PlannerError",
    "PlanningError",
    "Step",
    "Stub",
    "UnbreakableCycleError",
    "UsageError",
    "__version__",
    "compare",
    "draw",
    "load",
    "make_plan",
    "pareto",
    "read_plan",
    "write_plan",
]

_LAZY = {
    "compare": "planner.api",
    "load": "planner.api",
    "make_plan": "planner.api",
    "pareto": "planner.api",
    "read_plan": "planner.api",
    "draw": "planner.api",
    "write_plan": "planner.api",
    "GraphLoadError": "planner.errors",
    "PlanFileError": "planner.errors",
    "PlannerError": "planner.errors",
    "PlanningError": "planner.errors",
    "UnbreakableCycleError": "planner.errors",
    "UsageError": "planner.errors",
    "Comparison": "planner.model",
    "Driver": "planner.model",
    "ParetoFront": "planner.model",
    "Plan": "planner.model",
    "Step": "planner.model",
    "Stub": "planner.model",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'planner' has no attribute {name!r}")
