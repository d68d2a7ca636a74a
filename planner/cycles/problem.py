"""The cycle-breaking problem, as integers, and its answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from planner.errors import UnbreakableCycleError
from planner.graph import strongly_connected_components
from planner.model import Component

__all__ = ["CycleBreaking", "CycleProblem", "find_unbreakable_cycle"]


@dataclass(frozen=True)
class CycleProblem:
    """A directed graph over ``0..n-1`` whose cycles must be broken.

    ``succ[i]`` lists the ``j`` with an edge ``i -> j`` (sorted); ``cost[(i, j)]``
    is what breaking that edge costs (1 where absent); edges in
    ``unbreakable`` may not be broken. With ``generic`` the cost is instead
    the number of distinct units stubbed (targets of broken edges): a generic
    stub serves every dependant. ``names`` and ``kinds`` are only used to
    explain results.
    """

    names: Sequence[str]
    succ: Sequence[Sequence[int]]
    cost: Mapping[tuple[int, int], float]
    unbreakable: frozenset[tuple[int, int]] = frozenset()
    kinds: Mapping[tuple[int, int], str] = field(default_factory=dict)
    generic: bool = False

    def breakable(self, i: int, j: int) -> bool:
        return (i, j) not in self.unbreakable


@dataclass(frozen=True)
class CycleBreaking:
    """The edges to break, how each component was handled, and what a user should know."""

    removed: frozenset[tuple[int, int]]
    components: tuple[Component, ...]
    notes: tuple[str, ...] = ()


def find_unbreakable_cycle(problem: CycleProblem) -> None:
    """Raise :class:`UnbreakableCycleError` if unbreakable edges alone close a cycle.

    Breaking is possible exactly when the unbreakable edges form no cycle.
    """
    if not problem.unbreakable:
        return
    hard: dict[int, list[int]] = {}
    for i, j in sorted(problem.unbreakable):
        hard.setdefault(i, []).append(j)
        hard.setdefault(j, [])
    for component in strongly_connected_components(hard, hard):
        if len(component) > 1:
            members = set(component)
            cycle = _cycle_through(component[0], hard, members)
            raise UnbreakableCycleError(
                [
                    (problem.names[a], problem.names[b], problem.kinds.get((a, b), "unbreakable"))
                    for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True)
                ]
            )


def _cycle_through(start: int, succ: Mapping[int, Sequence[int]], members: set[int]) -> list[int]:
    """A shortest cycle through ``start`` inside a strongly connected ``members``."""
    parent: dict[int, int] = {start: start}
    frontier = [start]
    while frontier:
        nxt: list[int] = []
        for node in frontier:
            for succ_node in succ[node]:
                if succ_node not in members:
                    continue
                if succ_node == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    return path[::-1]
                if succ_node not in parent:
                    parent[succ_node] = node
                    nxt.append(succ_node)
        frontier = nxt
    raise AssertionError("members is not strongly connected")  # pragma: no cover
