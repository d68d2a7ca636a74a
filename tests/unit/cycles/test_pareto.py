"""The Pareto front, against every order of small graphs."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

from planner.api import pareto
from planner.errors import UsageError
from planner.graph import normalize_graph
from tests.cycle_checks import broken_edges, cost_of, front, valid
from tests.strategies import coupled_graphs

pytest.importorskip("highspy", reason="the Pareto front needs the exact extra (highspy)")

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(graph=coupled_graphs())
def test_the_front_is_the_front_of_all_orders(graph: nx.DiGraph) -> None:
    for first, second in (("attributes", "methods"), ("specific-stubs", "methods")):
        result = pareto(graph, objectives=(first, second))
        assert result.exact
        assert [p.values for p in result.points] == front(graph, first, second)
        for point in result.points:
            broken = list(point.broken)
            assert valid(graph, broken)
            assert nx.is_directed_acyclic_graph(nx.restricted_view(graph, [], broken))
            assert math.isclose(cost_of(graph, broken, first), point.values[0])
            assert math.isclose(cost_of(graph, broken, second), point.values[1])


def test_a_classic_trade_off() -> None:
    # Two ways to break a <-> b: stub b for a (3 attributes, 1 method) or a for b (1, 2).
    graph = nx.DiGraph()
    graph.add_edge("a", "b", attributes=3, methods=1)
    graph.add_edge("b", "a", attributes=1, methods=2)
    graph.add_edge("c", "a", attributes=5, methods=5)
    result = pareto(normalize_graph(graph))
    assert [(p.values, p.broken) for p in result.points] == [
        ((1.0, 2.0), (("b", "a"),)),
        ((3.0, 1.0), (("a", "b"),)),
    ]
    order = ["a", "b", "c"]  # integrating a first breaks a -> b
    assert broken_edges(graph, order) == [("a", "b")]


@pytest.mark.parametrize(
    "objectives", [("attributes", "attributes"), ("attributes",), ("complexity", "methods"), ("generic-stubs", "x")]
)
def test_bad_objective_pairs_are_usage_errors(objectives: tuple[str, ...]) -> None:
    graph = normalize_graph(nx.DiGraph([("a", "b"), ("b", "a")]))
    with pytest.raises(UsageError, match="two different objectives"):
        pareto(graph, objectives=objectives)  # type: ignore[arg-type]
