"""The names and defaults of cycle breaking's options, importable at no cost (the command line's help needs them)."""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["DEFAULT_EFFORT", "DEFAULT_PARETO_EFFORT", "OBJECTIVES", "PARETO_OBJECTIVES", "Objective"]

Objective = Literal["specific-stubs", "generic-stubs", "complexity", "attributes", "methods"]
"""An objective of cycle breaking, as a type: a value of it has been checked (see
:func:`planner.cycles.objectives.check_objective`)."""

OBJECTIVES: tuple[Objective, ...] = get_args(Objective)
"""What cycle breaking minimises: the number of broken dependencies, the number of
distinct stubbed units, or the sum over broken dependencies of their stub
complexity (``weight``), attribute coupling or method coupling."""

PARETO_OBJECTIVES: tuple[Objective, ...] = ("specific-stubs", "attributes", "methods")
"""Objectives a Pareto front may pair: sums over edges of whole numbers."""

DEFAULT_EFFORT = 10_000_000
"""Work units cycle breaking may spend over all components unless told otherwise (``effort``).

The search is bounded by work, not by the clock, so that the same graph gives the
same plan on any machine under any load (see :mod:`planner.cycles.clock`). About
four seconds of search on the project's benchmark machine; every benchmark system of
the literature is proven optimal in a small fraction of it.
"""

DEFAULT_PARETO_EFFORT = 150_000_000
"""Work units a whole Pareto front may spend unless told otherwise (about a minute)."""
