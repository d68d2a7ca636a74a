"""Short cycles, and the lower bound that a packing of them proves.

Every cycle of a component must lose at least one of its breakable edges.
Cycles with few breakable edges are the most constraining ones, so both the
exact solver (which adds cycles as constraints) and the lower bound look for
them: :func:`short_cycles` runs a 0-1 breadth-first search in which an
unbreakable edge is free and a breakable one counts 1.

:func:`packing_bound` is the greedy dual of the covering problem: it takes a
short cycle, charges the cheapest remaining cost among its elements to the
bound, lowers every element of the cycle by that much, and repeats until the
elements still worth something form no cycle. Any cycle packing is a feasible
solution of the dual of the LP relaxation, so the charge is a proven lower
bound on the optimum (for uniform costs, it is the classical bound by
disjoint cycles).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable
from itertools import pairwise

from planner.cycles.clock import Clock
from planner.cycles.instance import Edge, Instance

__all__ = ["avoiding", "packing_bound", "short_cycles"]

Cycle = frozenset[int]
"""A cycle, as the elements of its breakable edges: the constraint "break one of these"."""


def avoiding(removed: set[Edge]) -> Callable[[int, int], bool]:
    """The ``alive`` test of the graph without ``removed``."""
    return lambda i, j: (i, j) not in removed


def _bfs(inst: Instance, source: int, alive: Callable[[int, int], bool]) -> dict[int, int]:
    """Parents of a 0-1 BFS tree from ``source``: fewest breakable edges first."""
    dist = {source: 0}
    parent = {source: source}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        here = dist[node]
        for nxt in inst.succ[node]:
            if not alive(node, nxt):
                continue
            step = 0 if (node, nxt) in inst.hard else 1
            if nxt not in dist or here + step < dist[nxt]:
                dist[nxt] = here + step
                parent[nxt] = node
                if step:
                    queue.append(nxt)
                else:
                    queue.appendleft(nxt)
    return parent


def _closing(inst: Instance, parent: dict[int, int], source: int, last: int) -> list[Edge]:
    """The cycle source -> ... -> last -> source along the BFS tree."""
    path = [last]
    while path[-1] != source:
        path.append(parent[path[-1]])
    nodes = path[::-1]
    return [*pairwise(nodes), (last, source)]


def short_cycles(
    inst: Instance,
    sources: Iterable[int],
    alive: Callable[[int, int], bool] = lambda i, j: True,
    *,
    clock: Clock | None = None,
) -> list[Cycle]:
    """For each source ``v`` and each live edge ``u -> v``, a cycle through it with few breakable edges.

    Only edges for which ``alive(i, j)`` holds are walked. Cycles are returned
    as element sets, without repeats, in the order found; past its limit
    the search stops with what it has when ``clock`` expires.
    """
    pred: list[list[int]] = [[] for _ in range(inst.size)]
    for i in range(inst.size):
        for j in inst.succ[i]:
            pred[j].append(i)
    found: dict[Cycle, None] = {}
    for v in sources:
        if clock is not None and clock.expired(inst.size):
            break
        parent = _bfs(inst, v, alive)
        for u in pred[v]:
            if u in parent and alive(u, v):
                edges = _closing(inst, parent, v, u)
                cycle = frozenset(inst.element_of[e] for e in edges if e not in inst.hard)
                if cycle:
                    found.setdefault(cycle, None)
    return list(found)


def packing_bound(inst: Instance, *, clock: Clock | None = None) -> tuple[float, list[Cycle]]:
    """A proven lower bound on the cost of breaking every cycle of ``inst``, and the cycles packed.

    Stops early (with a smaller but still valid bound) when ``clock`` expires.
    """
    residual = list(inst.element_cost)

    def alive(i: int, j: int) -> bool:
        return (i, j) in inst.hard or residual[inst.element_of[(i, j)]] > 1e-12

    pred: list[list[int]] = [[] for _ in range(inst.size)]
    for i in range(inst.size):
        for j in inst.succ[i]:
            pred[j].append(i)
    bound: list[float] = []
    packed: list[Cycle] = []
    for v in range(inst.size):
        # Edges only die, so once no cycle passes through v none ever will.
        while clock is None or not clock.expired(inst.size):
            parent = _bfs(inst, v, alive)
            closing = [u for u in pred[v] if u in parent and alive(u, v)]
            if not closing:
                break
            best: list[Edge] | None = None
            best_size = math.inf
            for u in closing:
                edges = _closing(inst, parent, v, u)
                size = sum(1 for e in edges if e not in inst.hard)
                if size < best_size:
                    best, best_size = edges, size
            assert best is not None
            cycle = frozenset(inst.element_of[e] for e in best if e not in inst.hard)
            charge = min(residual[k] for k in cycle)
            for k in cycle:
                residual[k] -= charge
            bound.append(charge)
            packed.append(cycle)
        else:
            break
    return math.fsum(bound), packed
