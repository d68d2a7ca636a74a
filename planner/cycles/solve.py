"""Break the cycles of a :class:`CycleProblem`, component by component."""

from __future__ import annotations

import math

from planner.cycles.heuristic import briand
from planner.cycles.problem import CycleBreaking, CycleProblem, find_unbreakable_cycle
from planner.graph import strongly_connected_components
from planner.model import Component

__all__ = ["OBJECTIVES", "break_cycles"]

OBJECTIVES: tuple[str, ...] = ("specific-stubs", "complexity")
"""What cycle breaking minimises: the number of broken dependencies, or the sum
of their ``weight`` (the stub complexity)."""


def break_cycles(problem: CycleProblem, *, objective: str = "specific-stubs") -> CycleBreaking:
    """Choose breakable edges to remove so that ``problem`` becomes acyclic.

    Raises :class:`~planner.errors.UnbreakableCycleError` when unbreakable
    edges alone close a cycle.
    """
    find_unbreakable_cycle(problem)
    removed: set[tuple[int, int]] = set()
    components: list[Component] = []
    n = len(problem.names)
    for component in strongly_connected_components(range(n), problem.succ):
        if len(component) < 2:
            continue
        broken = briand(problem, component)
        removed.update(broken)
        cost = math.fsum(problem.cost.get(edge, 1.0) for edge in broken)
        # One broken edge is provably least when every edge costs the same:
        # a cycle needs at least one.
        uniform = objective == "specific-stubs"
        components.append(
            Component(
                units=tuple(problem.names[i] for i in component),
                method="briand-heuristic",
                broken=tuple((problem.names[i], problem.names[j]) for i, j in broken),
                cost=cost,
                optimal=uniform and len(broken) == 1,
                lower_bound=1.0 if uniform else None,
            )
        )
    return CycleBreaking(removed=frozenset(removed), components=tuple(components))
