"""The Tarjan-based cycle-breaking heuristic of Briand, Labiche and Wang.

Within each non-trivial strongly connected component, every breakable edge
``i -> j`` gets the weight ``in(i) * out(j)`` (dependencies into its source
times dependencies out of its target, counted inside the component): the edge
that sits on the most cycles is the one whose removal tends to break the most.
The heaviest breakable edge is removed, the components are recomputed, and
the process repeats until none is left.

A final pass of ours puts back every removed edge whose return closes no
cycle, the dearest first, so the answer is minimal (no edge is broken
needlessly).

References
----------
L. C. Briand, Y. Labiche, Y. Wang, "Revisiting strategies for ordering class
integration testing in the presence of dependency cycles", ISSRE 2001; and
"An investigation of graph-based class integration test order strategies",
IEEE TSE 29(7), 2003.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from planner.cycles.clock import Clock
from planner.cycles.instance import Edge, Instance
from planner.graph import strongly_connected_components

__all__ = ["BRIAND_MAX", "briand", "guided", "restore_unneeded"]

BRIAND_MAX = 300
"""Components up to this size get Briand's heuristic; each of its steps
recomputes the components, which on a thousand units takes seconds."""


def briand(inst: Instance, removed: Iterable[Edge] = (), *, clock: Clock | None = None) -> list[Edge]:
    """Break the cycles left in ``inst`` once ``removed`` is gone; return every edge to break.

    The answer includes ``removed`` less the edges the final pass puts back,
    so it is minimal. Unbreakable edges alone must close no cycle.
    """
    taken = list(dict.fromkeys(removed))
    gone = set(taken)
    succ: dict[int, list[int]] = {i: [j for j in inst.succ[i] if (i, j) not in gone] for i in range(inst.size)}
    pending = [c for c in strongly_connected_components(range(inst.size), succ) if len(c) > 1]
    while pending:
        scc = pending.pop()
        inside = set(scc)
        indeg = dict.fromkeys(scc, 0)
        outdeg = dict.fromkeys(scc, 0)
        for i in scc:
            for j in succ[i]:
                if j in inside:
                    outdeg[i] += 1
                    indeg[j] += 1
        best: Edge | None = None
        best_key: tuple[float, float, int, int] | None = None
        for i in scc:
            for j in succ[i]:
                if j not in inside or (i, j) in inst.hard:
                    continue
                # Heaviest first; among equals the cheapest, then by number.
                key = (-(indeg[i] * outdeg[j]), inst.element_cost[inst.element_of[(i, j)]], i, j)
                if best_key is None or key < best_key:
                    best_key, best = key, (i, j)
        if best is None:  # pragma: no cover - excluded by find_unbreakable_cycle
            raise AssertionError("a cycle without breakable edges reached the heuristic")
        i, j = best
        succ[i].remove(j)
        taken.append(best)
        pending.extend(sub for sub in strongly_connected_components(scc, succ) if len(sub) > 1)
    return restore_unneeded(inst, succ, taken, clock=clock)


def restore_unneeded(
    inst: Instance, succ: dict[int, list[int]], removed: list[Edge], *, clock: Clock | None = None
) -> list[Edge]:
    """Put back each removed edge whose return closes no cycle; return those that stay removed.

    The dearest edges are tried first (then the latest removed), since putting
    one back saves its cost. ``succ`` is the adjacency without ``removed``; it
    is updated in place. Once ``clock`` expires the edges not yet tried stay
    removed (the answer is still valid, if not minimal).
    """
    rank = {edge: k for k, edge in enumerate(removed)}
    kept: list[Edge] = []
    for count, (i, j) in enumerate(sorted(removed, key=lambda e: (-inst.element_cost[inst.element_of[e]], -rank[e]))):
        if clock is not None and count % 32 == 0 and clock.expired(32 * inst.size):
            kept.extend(sorted(removed, key=lambda e: (-inst.element_cost[inst.element_of[e]], -rank[e]))[count:])
            break
        if _reaches(succ, j, i):
            kept.append((i, j))
        else:
            succ[i].append(j)
    return sorted(kept)


def guided(inst: Instance, weight: Sequence[float], *, clock: Clock | None = None) -> list[Edge] | None:
    """Keep edges in increasing ``weight`` of their element, breaking each one that would close a cycle.

    With an LP relaxation's values as weights this rounds the LP answer into
    an order that agrees with it where it is sure; unbreakable edges are
    always kept (they alone close no cycle). The answer is minimal; ``None``
    if ``clock`` expires first.
    """
    order = sorted(
        inst.edges,
        key=lambda e: (
            (-1.0, 0.0, e)
            if e in inst.hard
            else (weight[inst.element_of[e]], -inst.element_cost[inst.element_of[e]], e)
        ),
    )
    kept: dict[int, list[int]] = {i: [] for i in range(inst.size)}
    broken: list[Edge] = []
    for count, (i, j) in enumerate(order):
        if clock is not None and count % 64 == 0 and clock.expired(64 * inst.size):
            return None
        if _reaches(kept, j, i):
            broken.append((i, j))
        else:
            kept[i].append(j)
    return sorted(broken)


def _reaches(succ: dict[int, list[int]], start: int, goal: int) -> bool:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in succ[node]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False
