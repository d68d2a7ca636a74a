"""The Tarjan-based cycle-breaking heuristic of Briand, Labiche and Wang.

Within each non-trivial strongly connected component, every breakable edge
``i -> j`` gets the weight ``in(i) * out(j)`` (dependencies into its source
times dependencies out of its target, counted inside the component): the edge
that sits on the most cycles is the one whose removal tends to break the most.
The heaviest breakable edge is removed, the components are recomputed, and
the process repeats until none is left.

A final pass of ours puts back every removed edge whose return closes no
cycle, so the answer is minimal (no edge is broken needlessly).

References
----------
L. C. Briand, Y. Labiche, Y. Wang, "Revisiting strategies for ordering class
integration testing in the presence of dependency cycles", ISSRE 2001; and
"An investigation of graph-based class integration test order strategies",
IEEE TSE 29(7), 2003.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.cycles.problem import CycleProblem
from planner.graph import strongly_connected_components

__all__ = ["briand", "restore_unneeded"]


def briand(problem: CycleProblem, component: Sequence[int]) -> list[tuple[int, int]]:
    """Return the edges the heuristic breaks inside one strongly connected ``component``."""
    members = set(component)
    succ: dict[int, list[int]] = {i: [j for j in problem.succ[i] if j in members] for i in component}
    removed: list[tuple[int, int]] = []
    pending = [sorted(component)]
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
        best: tuple[int, int] | None = None
        best_key: tuple[float, float, int, int] | None = None
        for i in scc:
            for j in succ[i]:
                if j not in inside or not problem.breakable(i, j):
                    continue
                # Heaviest first; among equals the cheapest, then by name.
                key = (-(indeg[i] * outdeg[j]), problem.cost.get((i, j), 1.0), i, j)
                if best_key is None or key < best_key:
                    best_key, best = key, (i, j)
        if best is None:  # pragma: no cover - excluded by find_unbreakable_cycle
            raise AssertionError("a cycle without breakable edges reached the heuristic")
        i, j = best
        succ[i].remove(j)
        removed.append(best)
        for sub in strongly_connected_components(scc, succ):
            if len(sub) > 1:
                pending.append(sub)
    return restore_unneeded(succ, removed)


def restore_unneeded(succ: dict[int, list[int]], removed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Put back, latest first, each removed edge whose return closes no cycle.

    ``succ`` is the component's adjacency without the removed edges; it is
    updated in place. Returns the edges that stay removed.
    """
    kept: list[tuple[int, int]] = []
    for i, j in reversed(removed):
        if _reaches(succ, j, i):
            kept.append((i, j))
        else:
            succ[i].append(j)
    return sorted(kept)


def _reaches(succ: dict[int, list[int]], start: int, goal: int) -> bool:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in succ.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False
