"""The names and defaults of cycle breaking's options, importable at no cost (the command line's help needs them)."""

from __future__ import annotations

from planner.vocabulary import OBJECTIVES, Objective

__all__ = ["DEFAULT_EFFORT", "DEFAULT_PARETO_EFFORT", "OBJECTIVES", "PARETO_OBJECTIVES", "Objective"]

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
