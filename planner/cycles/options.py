"""The names and defaults of cycle breaking's options, importable at no cost (the command line's help needs them)."""

from __future__ import annotations

__all__ = ["DEFAULT_PARETO_TIME_LIMIT", "DEFAULT_TIME_LIMIT", "OBJECTIVES", "PARETO_OBJECTIVES"]

OBJECTIVES: tuple[str, ...] = ("specific-stubs", "generic-stubs", "complexity", "attributes", "methods")
"""What cycle breaking minimises: the number of broken dependencies, the number of
distinct stubbed units, or the sum over broken dependencies of their stub
complexity (``weight``), attribute coupling or method coupling."""

PARETO_OBJECTIVES: tuple[str, ...] = ("specific-stubs", "attributes", "methods")
"""Objectives a Pareto front may pair: sums over edges of whole numbers."""

DEFAULT_TIME_LIMIT = 4.0
"""Seconds that cycle breaking may spend, over all components, unless told otherwise.

Short enough that planning a graph with a few hundred units in one cycle
takes about 5 s at worst; every benchmark system of the literature is proven
optimal in a fraction of it.
"""

DEFAULT_PARETO_TIME_LIMIT = 60.0
"""Seconds a whole Pareto front may take unless told otherwise."""
