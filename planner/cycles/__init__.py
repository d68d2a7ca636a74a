"""Breaking dependency cycles so that a graph can be ordered.

A strongly connected component cannot be integrated one unit at a time without
faking something: some dependency ``u -> v`` inside it must be *broken*, that
is, ``u`` integrated before ``v`` with a stub standing in for ``v``. Choosing
the breakable dependencies to stub at least cost is the class integration test
order (CITO) problem: a minimum-cost feedback arc set in which some edges
(inheritance, composition) may never be broken.

:func:`break_cycles` solves it per component and reports, for each, which
edges it broke, at what cost, by which method, and whether that cost is
proven least (see :mod:`planner.cycles.solve`). :func:`pareto_front` gives
every best trade-off between two objectives. ``docs/cycles.md`` explains
the objectives and the method.
"""

from __future__ import annotations

from planner.cycles.problem import CycleBreaking, CycleProblem, find_unbreakable_cycle
from planner.cycles.solve import DEFAULT_TIME_LIMIT, OBJECTIVES, break_cycles

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "OBJECTIVES",
    "CycleBreaking",
    "CycleProblem",
    "break_cycles",
    "find_unbreakable_cycle",
]
