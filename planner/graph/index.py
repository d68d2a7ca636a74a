"""Graphs as integer adjacency lists, and strongly connected components, for the hot loops."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["IndexedGraph", "strongly_connected_components"]


class IndexedGraph:
    """A graph's structure as integer adjacency lists, for the hot loops.

    Units are numbered in sorted-name order, so every tie broken by index is
    broken by name: results never depend on insertion order or hash seeds.
    ``edges[k]`` is ``(i, j)`` and ``data[k]`` its attribute dict.
    """

    __slots__ = ("data", "edges", "index", "names", "succ")

    def __init__(self, graph: nx.DiGraph) -> None:
        self.names: list[str] = sorted(graph.nodes)
        self.index: dict[str, int] = {name: i for i, name in enumerate(self.names)}
        index = self.index
        n = len(self.names)
        succ: list[list[int]] = [[] for _ in range(n)]
        data: list[list[dict[str, Any]]] = [[] for _ in range(n)]
        for u, nbrs in graph.adjacency():
            i = index[u]
            # Indices follow sorted names, so sorting the names sorts the indices.
            targets = sorted(nbrs)
            succ[i] = [index[v] for v in targets]
            data[i] = [nbrs[v] for v in targets]
        self.succ: list[list[int]] = succ
        self.edges: list[tuple[int, int]] = [(i, j) for i, row in enumerate(succ) for j in row]
        self.data: list[dict[str, Any]] = [d for row in data for d in row]

    def __len__(self) -> int:
        return len(self.names)


def strongly_connected_components(
    nodes: Iterable[int], succ: Sequence[Sequence[int]] | Mapping[int, Sequence[int]]
) -> list[list[int]]:
    """Tarjan's algorithm, iterative, over integer adjacency lists: the one SCC of the code base.

    Returns the components (each sorted) in sorted order of their first member,
    restricted to ``nodes`` (edges leaving ``nodes`` are ignored). A subset is
    numbered from 0 in sorted order and numbered back, which keeps both orders.

    >>> strongly_connected_components(range(4), [[1], [0, 2], [], [3]])
    [[0, 1], [2], [3]]
    >>> strongly_connected_components([1, 2, 3], {1: [2], 2: [1, 3], 3: [0]})
    [[1, 2], [3]]

    R. Tarjan, "Depth-first search and linear graph algorithms", SIAM J. Comput. 1(2), 1972.
    """
    if isinstance(nodes, range) and nodes == range(len(succ)) and isinstance(succ, Sequence):
        return _tarjan_all(succ)
    members = sorted(set(nodes))
    local = {v: i for i, v in enumerate(members)}
    sub = [[local[w] for w in succ[v] if w in local] for v in members]
    return [[members[i] for i in component] for component in _tarjan_all(sub)]


def _tarjan_all(succ: Sequence[Sequence[int]]) -> list[list[int]]:
    """Tarjan's algorithm over every node ``0..n-1``, with lists for speed."""
    n = len(succ)
    index_of = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    result: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index_of[root] >= 0:
            continue
        if not succ[root]:  # a unit with no dependency is its own component
            index_of[root] = counter
            counter += 1
            result.append([root])
            continue
        work = [(root, 0)]
        index_of[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, pos = work[-1]
            nbrs = succ[node]
            end = len(nbrs)
            while pos < end:
                nxt = nbrs[pos]
                pos += 1
                if index_of[nxt] < 0:
                    work[-1] = (node, pos)
                    index_of[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack[nxt] = True
                    work.append((nxt, 0))
                    break
                if on_stack[nxt] and index_of[nxt] < low[node]:
                    low[node] = index_of[nxt]
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    if low[node] < low[parent]:
                        low[parent] = low[node]
                if low[node] == index_of[node]:
                    member = stack.pop()
                    on_stack[member] = False
                    if member == node:
                        result.append([member])
                        continue
                    component = [member]
                    while member != node:
                        member = stack.pop()
                        on_stack[member] = False
                        component.append(member)
                    component.sort()
                    result.append(component)
    result.sort()
    return result
