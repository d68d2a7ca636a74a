"""Hypothesis strategies for dependency graphs, gathered in one place."""

from __future__ import annotations

import networkx as nx
from hypothesis import strategies as st

from planner.graph import KINDS, normalize_graph

BREAKABLE_KINDS = sorted(k for k, breakable in KINDS.items() if breakable)
UNBREAKABLE_KINDS = sorted(k for k, breakable in KINDS.items() if not breakable)

# Names whose sorted order has nothing to do with the graph's shape.
NAMES = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz._", min_size=1, max_size=6).filter(lambda s: s.strip("._")),
    min_size=1,
    max_size=12,
    unique=True,
)


@st.composite
def graphs(draw: st.DrawFn, *, cyclic: bool = False, unbreakable: bool = True, max_units: int = 12) -> nx.DiGraph:
    """A normalized dependency graph: a DAG, or with ``cyclic`` one with back edges too.

    Unbreakable edges (when allowed) only go down the hidden topological order,
    so the graph can always be planned with ``cycles="break"``.
    """
    names = draw(NAMES.filter(lambda xs: len(xs) <= max_units))
    n = len(names)
    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    for i in range(n):
        for j in range(i + 1, n):
            if draw(st.integers(0, 3)) == 0:
                hard = unbreakable and draw(st.integers(0, 4)) == 0
                kind = draw(st.sampled_from(UNBREAKABLE_KINDS if hard else BREAKABLE_KINDS))
                weight = draw(st.integers(0, 5))
                names_used = draw(st.lists(st.sampled_from(["f", "g", "h", "C"]), max_size=3, unique=True))
                graph.add_edge(names[i], names[j], kind=kind, weight=weight, names=names_used)
    if cyclic and n > 1:
        for _ in range(draw(st.integers(1, n))):
            i = draw(st.integers(1, n - 1))
            j = draw(st.integers(0, i - 1))
            if not graph.has_edge(names[i], names[j]) and not graph.has_edge(names[j], names[i]):
                graph.add_edge(
                    names[i], names[j], kind=draw(st.sampled_from(BREAKABLE_KINDS)), weight=draw(st.integers(0, 5))
                )
    return normalize_graph(graph)


@st.composite
def coupled_graphs(draw: st.DrawFn, *, max_units: int = 7) -> nx.DiGraph:
    """A small, densely cyclic graph whose edges carry CITO coupling (``attributes``, ``methods``).

    Edges go both ways between many pairs; unbreakable ones only go down a
    hidden order, so the cycles can always be broken. Small enough
    (``max_units`` <= 7) for every order to be enumerated.
    """
    names = draw(NAMES.filter(lambda xs: 2 <= len(xs) <= max_units))
    n = len(names)
    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    for i in range(n):
        for j in range(n):
            if i == j or draw(st.integers(0, 9)) >= 4:
                continue
            hard = j < i and draw(st.integers(0, 5)) == 0
            graph.add_edge(
                names[i],
                names[j],
                kind=draw(st.sampled_from(UNBREAKABLE_KINDS if hard else BREAKABLE_KINDS)),
                attributes=draw(st.integers(0, 4)),
                methods=draw(st.integers(0, 4)),
                weight=draw(st.sampled_from([0.0, 0.25, 0.5, 1.0, 1.5, 2.75])),
            )
    return normalize_graph(graph)


@st.composite
def footprints(draw: st.DrawFn, units: list[str], *, max_tests: int = 8) -> list[tuple[set[str], set[str]]]:
    """Tests as (units their code names, units they reach only through others); either may be empty."""
    unit = st.sampled_from(sorted(units))
    tests = []
    for _ in range(draw(st.integers(0, max_tests))):
        direct = set(draw(st.lists(unit, max_size=3)))
        indirect = set(draw(st.lists(unit, max_size=3))) - direct
        tests.append((direct, indirect))
    return tests
