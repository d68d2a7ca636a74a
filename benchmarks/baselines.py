"""The class integration test order heuristics of the literature, reimplemented as baselines.

Each takes a dependency graph (``u -> v``: u depends on v; edges carry
``breakable``) and returns an integration order, dependencies first. The
benchmark then costs every order the same way (the dependencies it goes
against), so the comparison with the exact optimum is run, not quoted.

* **Tai and Daniels (1999)**: major levels from the unbreakable dependencies
  (inheritance, composition) alone, lowest first; inside a major level, minor
  levels from the associations among its classes, cycles broken by removing
  the association ``u -> v`` of greatest weight ``in(u) + out(v)``. Every
  association from a lower major level to a higher one is stubbed, needed or
  not (the weakness Briand et al. point out).
* **Le Traon, Jéron, Jézéquel and Morel (2000)**: in each strongly connected
  component, a depth-first search marks *fronds* (edges to an ancestor); the
  class with the most incoming plus outgoing fronds is stubbed (its incoming
  dependencies removed), and the search recurses. As published the method
  ignores edge types and may remove inheritance; here it removes only
  breakable edges and picks among classes that have some, so that its orders
  are valid under the same rules as the others.
* **Briand, Labiche and Wang (2001, 2003)**: in each strongly connected
  component, remove the association ``i -> j`` of greatest ``in(i) * out(j)``
  and recurse; as published, without the minimality pass that
  :mod:`planner.cycles.heuristic` adds.

References
----------
K.-C. Tai, F. J. Daniels, "Interclass test order for object-oriented software",
JOOP 12(4), 1999. Y. Le Traon, T. Jéron, J.-M. Jézéquel, P. Morel, "Efficient
object-oriented integration and regression testing", IEEE Trans. Reliability
49(1), 2000. L. C. Briand, Y. Labiche, Y. Wang, "An investigation of
graph-based class integration test order strategies", IEEE TSE 29(7), 2003
(which describes all three); A. P. Mathur, *Foundations of Software Testing*,
ch. 11 (procedures TD, TJJM and BLW).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable

import networkx as nx

__all__ = ["BASELINES", "briand_labiche_wang", "le_traon", "tai_daniels"]

Edge = tuple[str, str]


def _order_without(graph: nx.DiGraph, removed: Iterable[Edge], key: Callable[[str], object] = str) -> list[str]:
    """Dependencies first, over the graph without ``removed`` (which must leave it acyclic)."""
    gone = set(removed)
    waiting = {u: sum(1 for v in graph.successors(u) if (u, v) not in gone) for u in graph}
    ready = [(key(u), u) for u, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, v = heapq.heappop(ready)
        order.append(v)
        for u in graph.predecessors(v):
            if (u, v) not in gone:
                waiting[u] -= 1
                if waiting[u] == 0:
                    heapq.heappush(ready, (key(u), u))
    if len(order) != graph.number_of_nodes():
        raise AssertionError("the removed edges leave a cycle")
    return order


def _sccs(graph: nx.DiGraph) -> list[list[str]]:
    return sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)


def tai_daniels(graph: nx.DiGraph) -> list[str]:
    """Major levels by inheritance and composition, minor levels by association."""
    hard = nx.DiGraph()
    hard.add_nodes_from(graph)
    hard.add_edges_from((u, v) for u, v, d in graph.edges(data=True) if not d["breakable"])
    major = _levels(hard)
    minor: dict[str, int] = {}
    for level in sorted(set(major.values())):
        members = {u for u in graph if major[u] == level}
        assoc = nx.DiGraph()
        assoc.add_nodes_from(members)
        assoc.add_edges_from(
            (u, v) for u, v, d in graph.edges(data=True) if d["breakable"] and u in members and v in members
        )
        while not nx.is_directed_acyclic_graph(assoc):
            cyclic = {u for c in _sccs(assoc) for u in c}
            candidates = sorted((u, v) for u, v in assoc.edges if u in cyclic and v in cyclic)
            u, v = max(candidates, key=lambda e: assoc.in_degree(e[0]) + assoc.out_degree(e[1]))
            assoc.remove_edge(u, v)
        minor.update(_levels(assoc))
    return sorted(graph, key=lambda u: (major[u], minor[u], u))


def _levels(dag: nx.DiGraph) -> dict[str, int]:
    """Level 1 for units that depend on nothing in ``dag``, else one above their highest dependency."""
    level: dict[str, int] = {}
    for u in reversed(list(nx.lexicographical_topological_sort(dag))):
        level[u] = 1 + max((level[v] for v in dag.successors(u)), default=0)
    return level


def le_traon(graph: nx.DiGraph) -> list[str]:
    """Stub the class with the most fronds of each strongly connected component, recursively."""
    work = nx.DiGraph(graph.edges(data=True))
    work.add_nodes_from(graph)
    removed: set[Edge] = set()
    pending = _sccs(work)
    while pending:
        members = pending.pop()
        inside = set(members)
        fronds_in = dict.fromkeys(members, 0)
        fronds_out = dict.fromkeys(members, 0)
        for u, v in _fronds(work, members[0], inside):
            fronds_out[u] += 1
            fronds_in[v] += 1
        candidates = [
            u for u in members if any(p in inside and work.edges[p, u]["breakable"] for p in work.predecessors(u))
        ]
        chosen = max(sorted(candidates), key=lambda u: fronds_in[u] + fronds_out[u])
        for p in list(work.predecessors(chosen)):
            if p in inside and work.edges[p, chosen]["breakable"]:
                work.remove_edge(p, chosen)
                removed.add((p, chosen))
        pending.extend(_sccs(work.subgraph(members)))
    return _order_without(graph, removed)


def _fronds(graph: nx.DiGraph, root: str, inside: set[str]) -> list[Edge]:
    """Edges to an ancestor in a depth-first search from ``root`` (successors in name order)."""
    fronds: list[Edge] = []
    on_path: set[str] = {root}
    seen: set[str] = {root}
    stack = [(root, iter(sorted(v for v in graph.successors(root) if v in inside)))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            on_path.discard(node)
            stack.pop()
            continue
        if child in on_path:
            fronds.append((node, child))
        elif child not in seen:
            seen.add(child)
            on_path.add(child)
            stack.append((child, iter(sorted(v for v in graph.successors(child) if v in inside))))
    return fronds


def briand_labiche_wang(graph: nx.DiGraph) -> list[str]:
    """Remove the association of greatest in(i) * out(j) in each component, recursively."""
    work = nx.DiGraph(graph.edges(data=True))
    work.add_nodes_from(graph)
    removed: set[Edge] = set()
    pending = _sccs(work)
    while pending:
        members = pending.pop()
        sub = work.subgraph(members)
        candidates = [(u, v) for u, v in sub.edges if sub.edges[u, v]["breakable"]]
        u, v = max(sorted(candidates), key=lambda e: sub.in_degree(e[0]) * sub.out_degree(e[1]))
        work.remove_edge(u, v)
        removed.add((u, v))
        pending.extend(_sccs(work.subgraph(members)))
    return _order_without(graph, removed)


BASELINES: dict[str, Callable[[nx.DiGraph], list[str]]] = {
    "Tai-Daniels": tai_daniels,
    "Le Traon": le_traon,
    "Briand": briand_labiche_wang,
}
