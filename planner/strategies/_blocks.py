"""Make a graph orderable: break its cycles or cluster them into blocks.

Every strategy starts here. The result is a DAG of **blocks** (a block is one
unit, or a whole strongly connected component with ``cycles="cluster"``) that
the strategy then orders.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.cycles.objectives import edge_cost, problem_from_graph
from planner.cycles.problem import CycleBreaking, CycleProblem, find_unbreakable_cycle
from planner.cycles.solve import break_cycles
from planner.graph import IndexedGraph, edge_breakable, strongly_connected_components
from planner.model import Component
from planner.vocabulary import check_bounds

if TYPE_CHECKING:
    import networkx as nx

    from planner.cycles.options import Objective
    from planner.strategies import Cycles, Variant

__all__ = ["Blocks", "break_graph_cycles", "edge_cost", "prepare_blocks"]


def break_graph_cycles(
    graph: nx.DiGraph,
    *,
    objective: Objective = "specific-stubs",
    time_limit: float | None = None,
    effort: int | None = None,
) -> CycleBreaking:
    """Break the cycles of ``graph`` under ``objective`` (the answer :func:`prepare_blocks` builds on).

    Computing it once and passing it to several strategies (``breaking=``)
    spares them solving the same problem again.
    """
    check_bounds(time_limit, effort)  # a strategy may be called without Options
    return break_cycles(problem_from_graph(graph, objective), time_limit=time_limit, effort=effort)


@dataclass(frozen=True)
class Blocks:
    """The blocks of a graph, in sorted order of their first unit, and their DAG.

    ``succ[b]`` lists the blocks ``b`` depends on; ``hard`` holds the block
    edges that carry at least one unbreakable dependency.
    """

    graph: IndexedGraph
    members: tuple[tuple[int, ...], ...]
    succ: tuple[tuple[int, ...], ...]
    hard: frozenset[tuple[int, int]]
    components: tuple[Component, ...]
    notes: tuple[str, ...] = ()
    time_limit: float | None = None
    effort: int | None = None
    cycle_of: tuple[int, ...] | None = None
    """With broken cycles: for each block (one unit), the strongly connected component of
    the graph it lies in (``-1`` outside any cycle). Inside a cycle every strategy orders
    dependencies first, so that exactly the broken dependencies need stubs there."""

    def __len__(self) -> int:
        return len(self.members)

    def pred(self) -> list[list[int]]:
        pred: list[list[int]] = [[] for _ in self.members]
        for b, succs in enumerate(self.succ):
            for c in succs:
                pred[c].append(b)
        return pred

    def levels_from_bottom(self) -> list[int]:
        """Level 1 for blocks with no dependency, else one above their highest dependency."""
        level = [0] * len(self.members)
        for b in reversed(_kahn(self.succ, depth_first=True)):  # any topological order gives the same levels
            level[b] = 1 + max((level[c] for c in self.succ[b]), default=0)
        return level


def prepare_blocks(
    graph: nx.DiGraph,
    *,
    cycles: Cycles = "break",
    objective: Objective = "specific-stubs",
    time_limit: float | None = None,
    effort: int | None = None,
    breaking: CycleBreaking | None = None,
) -> Blocks:
    """Break or cluster the cycles of ``graph`` and return its block DAG.

    ``breaking``, if given, is :func:`break_graph_cycles` of this graph with
    this objective, computed earlier.
    """
    check_bounds(time_limit, effort)  # a strategy may be called without Options
    ig = IndexedGraph(graph)
    names = ig.names
    hard = frozenset(edge for edge, data in zip(ig.edges, ig.data, strict=True) if not edge_breakable(data))
    if cycles == "break":
        if breaking is None:
            breaking = break_cycles(problem_from_graph(graph, objective, ig), time_limit=time_limit, effort=effort)
        removed = breaking.removed
        succ = tuple(tuple(j for j in ig.succ[i] if (i, j) not in removed) for i in range(len(ig)))
        members = tuple((i,) for i in range(len(ig)))
        cycle_of = [-1] * len(ig)
        for k, component in enumerate(strongly_connected_components(range(len(ig)), ig.succ)):
            if len(component) > 1:
                for i in component:
                    cycle_of[i] = k
        return Blocks(
            ig, members, succ, hard - removed, breaking.components, breaking.notes, time_limit, effort, tuple(cycle_of)
        )

    sccs = strongly_connected_components(range(len(ig)), ig.succ)
    block_of = [0] * len(ig)
    for b, component in enumerate(sccs):
        for i in component:
            block_of[i] = b
    block_succ: list[set[int]] = [set() for _ in sccs]
    block_hard: set[tuple[int, int]] = set()
    for i, j in ig.edges:
        b, c = block_of[i], block_of[j]
        if b != c:
            block_succ[b].add(c)
            if (i, j) in hard:
                block_hard.add((b, c))
    components = tuple(
        Component(units=tuple(names[i] for i in component), method="cluster", optimal=True, lower_bound=0.0)
        for component in sccs
        if len(component) > 1
    )
    return Blocks(
        ig,
        tuple(tuple(c) for c in sccs),
        tuple(tuple(sorted(s)) for s in block_succ),
        frozenset(block_hard),
        components,
        time_limit=time_limit,
        effort=effort,
    )


def precedence_order(
    blocks: Blocks, subset: Iterable[int], *, variant: Variant, top_down: bool
) -> tuple[list[int], list[tuple[int, int]]]:
    """Order ``subset`` of the blocks, top-down or bottom-up.

    Bottom-up puts every dependency first. Top-down puts dependants first,
    except across unbreakable edges (a dependency that no stub may stand in
    for is integrated before its dependant) and inside a dependency cycle
    (there, dependencies first too: the cycle breaking chose the fewest,
    cheapest stubs for the cycle, and only this order needs exactly those).
    Where those rules conflict, the fewest top-down preferences are given up
    (each costs a driver instead of a stub); they are returned as the second
    value.

    ``variant`` is ``breadth-first`` (level by level) or ``depth-first``
    (follow one path down before the next).
    """
    chosen = sorted(set(subset))
    local = {b: k for k, b in enumerate(chosen)}
    before: list[list[int]] = [[] for _ in chosen]  # before[a] = blocks that come after a
    hard: set[tuple[int, int]] = set()
    for b in chosen:
        for c in blocks.succ[b]:
            if c not in local:
                continue
            inside = (
                blocks.cycle_of is not None and blocks.cycle_of[b] >= 0 and blocks.cycle_of[b] == blocks.cycle_of[c]
            )
            if not top_down or (b, c) in blocks.hard or inside:
                before[local[c]].append(local[b])
                hard.add((local[c], local[b]))
            else:
                before[local[b]].append(local[c])
    for row in before:
        row.sort()
    given_up: list[tuple[int, int]] = []
    if top_down:
        first = [blocks.members[b][0] for b in chosen]
        problem = CycleProblem(
            names=[blocks.graph.names[i] for i in first],
            succ=before,
            cost={},
            unbreakable=frozenset(hard),
        )
        find_unbreakable_cycle(problem)
        if any(len(c) > 1 for c in strongly_connected_components(range(len(chosen)), before)):
            result = break_cycles(problem, time_limit=blocks.time_limit, effort=blocks.effort)
            given_up = sorted(result.removed)
            before = [[c for c in row if (a, c) not in result.removed] for a, row in enumerate(before)]
    order = _kahn(before, depth_first=variant == "depth-first")
    return [chosen[k] for k in order], [(chosen[a], chosen[c]) for a, c in given_up]


def _kahn(before: Sequence[Sequence[int]], *, depth_first: bool) -> list[int]:
    """Topological order of ``before`` (a -> c: a comes first), ties by index: Kahn's algorithm,
    the one topological order of the code base (A. B. Kahn, CACM 5(11), 1962).

    Breadth-first takes every block at the lowest level first (its level is
    one more than that of the latest block that must precede it). Depth-first
    keeps a stack, so that the successors a block frees come right after it.
    """
    n = len(before)
    indeg = [0] * n
    for row in before:
        for c in row:
            indeg[c] += 1
    if not depth_first:
        level = [1] * n
        order: list[int] = []
        ready = [a for a in range(n) if indeg[a] == 0]
        while ready:
            a = ready.pop()
            order.append(a)
            for c in before[a]:
                level[c] = max(level[c], level[a] + 1)
                indeg[c] -= 1
                if indeg[c] == 0:
                    ready.append(c)
        _acyclic(order, n)
        return sorted(order, key=lambda a: (level[a], a))
    order = []
    stack = [a for a in range(n) if indeg[a] == 0][::-1]
    while stack:
        a = stack.pop()
        order.append(a)
        freed = []
        for c in before[a]:
            indeg[c] -= 1
            if indeg[c] == 0:
                freed.append(c)
        stack.extend(sorted(freed, reverse=True))
    _acyclic(order, n)
    return order


def _acyclic(order: list[int], n: int) -> None:
    if len(order) != n:  # pragma: no cover - cycles are broken or clustered before any order is taken
        raise AssertionError("the order graph has a cycle")
