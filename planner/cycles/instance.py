"""One strongly connected component, renumbered, as the cycle-breaking solvers see it.

Every solver (heuristic, local search, lower bound, MILP) works on an
:class:`Instance`: nodes ``0..size-1``, the dependency edges among them, which
of them may not be broken, and what breaking costs.

Costs are paid per **element**. For the edge-additive objectives (specific
stubs, complexity, attributes, methods) each breakable edge is its own
element. For generic stubs the element of an edge ``u -> v`` is its target
``v``: a generic stub of ``v`` serves every dependant, so breaking a second
edge into an already stubbed unit costs nothing more. With elements, both
kinds of objective are one covering problem: every cycle must contain a broken
element.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Instance", "make_instance", "order_of", "broken_by"]

Edge = tuple[int, int]


@dataclass(frozen=True)
class Instance:
    """A component's edges with their elements and element costs.

    ``element_of`` maps each breakable edge to its element; edges absent from
    it are unbreakable (``hard``). ``element_cost[k]`` is what breaking any
    edge of element ``k`` costs, once.
    """

    size: int
    succ: tuple[tuple[int, ...], ...]
    hard: frozenset[Edge]
    element_of: Mapping[Edge, int]
    element_cost: tuple[float, ...]

    @property
    def edges(self) -> list[Edge]:
        return [(i, j) for i in range(self.size) for j in self.succ[i]]

    def value(self, removed: Iterable[Edge]) -> float:
        """The objective's value when the edges ``removed`` are broken."""
        elements = {self.element_of[e] for e in removed}
        return math.fsum(self.element_cost[k] for k in sorted(elements))

    def elements(self, removed: Iterable[Edge]) -> frozenset[int]:
        return frozenset(self.element_of[e] for e in removed)


def make_instance(
    size: int,
    succ: Sequence[Sequence[int]],
    hard: Iterable[Edge],
    cost: Mapping[Edge, float],
    *,
    generic: bool,
) -> Instance:
    """Number the elements: one per breakable edge, or one per stubbed unit if ``generic``."""
    hard_set = frozenset(hard)
    element_of: dict[Edge, int] = {}
    element_cost: list[float] = []
    targets: dict[int, int] = {}
    for i in range(size):
        for j in sorted(succ[i]):
            if (i, j) in hard_set:
                continue
            if generic:
                if j not in targets:
                    targets[j] = len(element_cost)
                    element_cost.append(1.0)
                element_of[(i, j)] = targets[j]
            else:
                element_of[(i, j)] = len(element_cost)
                element_cost.append(float(cost[(i, j)]))
    return Instance(
        size=size,
        succ=tuple(tuple(sorted(row)) for row in succ),
        hard=hard_set,
        element_of=element_of,
        element_cost=tuple(element_cost),
    )


def order_of(size: int, succ: Sequence[Sequence[int]], removed: Iterable[Edge]) -> list[int]:
    """An integration order (dependencies first) of the graph without ``removed``.

    The rest of the graph must be acyclic. Ties go to the lowest number, so
    the order is deterministic.
    """
    import heapq

    gone = set(removed)
    waiting = [0] * size  # dependencies of each node not yet placed
    dependants: list[list[int]] = [[] for _ in range(size)]
    for i in range(size):
        for j in succ[i]:
            if (i, j) not in gone:
                waiting[i] += 1
                dependants[j].append(i)
    ready = [i for i in range(size) if waiting[i] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        j = heapq.heappop(ready)
        order.append(j)
        for i in dependants[j]:
            waiting[i] -= 1
            if waiting[i] == 0:
                heapq.heappush(ready, i)
    if len(order) != size:  # pragma: no cover - callers pass acyclic remainders
        raise AssertionError("the remaining graph still has a cycle")
    return order


def broken_by(succ: Sequence[Sequence[int]], order: Sequence[int]) -> list[Edge]:
    """The edges an order goes against: ``u -> v`` with ``u`` integrated before ``v``."""
    position = {node: k for k, node in enumerate(order)}
    return sorted((i, j) for i in order for j in succ[i] if position[i] < position[j])
