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

import importlib
from typing import TYPE_CHECKING, Any

from planner.cycles.options import DEFAULT_EFFORT, DEFAULT_PARETO_EFFORT, OBJECTIVES, PARETO_OBJECTIVES

if TYPE_CHECKING:
    from planner.cycles.pareto import Front, FrontPoint, pareto_front
    from planner.cycles.problem import CycleBreaking, CycleProblem, find_unbreakable_cycle
    from planner.cycles.solve import break_cycles

__all__ = [
    "DEFAULT_EFFORT",
    "DEFAULT_PARETO_EFFORT",
    "OBJECTIVES",
    "PARETO_OBJECTIVES",
    "CycleBreaking",
    "CycleProblem",
    "Front",
    "FrontPoint",
    "break_cycles",
    "find_unbreakable_cycle",
    "pareto_front",
]

# The solvers load on first use, so that the command line's start-up (which
# needs only the option names above) does not pay for them.
_LAZY = {
    "CycleBreaking": "planner.cycles.problem",
    "CycleProblem": "planner.cycles.problem",
    "find_unbreakable_cycle": "planner.cycles.problem",
    "break_cycles": "planner.cycles.solve",
    "Front": "planner.cycles.pareto",
    "FrontPoint": "planner.cycles.pareto",
    "pareto_front": "planner.cycles.pareto",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'planner.cycles' has no attribute {name!r}")
