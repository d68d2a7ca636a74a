"""Strategies on small literal graphs whose right answer is known."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from planner.api import make_plan
from planner.errors import GraphLoadError, UnbreakableCycleError, UsageError
from planner.graph import normalize_graph
from planner.loaders import load_graph
from planner.strategies import STRATEGIES
from tests.plan_checks import check_plan


def order(plan: object) -> list[str]:
    return [unit for step in plan.steps for unit in step.units]  # type: ignore[attr-defined]


def g(*edges: tuple[str, str] | tuple[str, str, dict[str, object]]) -> nx.DiGraph:
    graph = nx.DiGraph()
    for edge in edges:
        graph.add_edge(edge[0], edge[1], **(edge[2] if len(edge) == 3 else {}))
    return normalize_graph(graph)


@pytest.fixture
def textbook(graphs: Path) -> nx.DiGraph:
    return load_graph(graphs / "textbook.dot")


def test_textbook_top_down_breadth_first_goes_level_by_level(textbook: nx.DiGraph) -> None:
    plan = make_plan(textbook, strategy="top-down")
    assert order(plan) == ["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8"]
    assert [s.wave for s in plan.steps] == [1, 2, 2, 2, 3, 3, 3, 4]
    assert [s.unit for s in plan.steps[0].stubs] == ["M2", "M3", "M4"]
    assert plan.metrics.drivers == 0


def test_textbook_top_down_depth_first_follows_the_left_path(textbook: nx.DiGraph) -> None:
    # Pressman: "components M1, M2, M5 would be integrated first. Next, M8 ..."
    plan = make_plan(textbook, strategy="top-down", variant="depth-first")
    assert order(plan) == ["M1", "M2", "M5", "M8", "M6", "M3", "M4", "M7"]


def test_textbook_bottom_up_starts_at_the_leaves(textbook: nx.DiGraph) -> None:
    plan = make_plan(textbook, strategy="bottom-up")
    assert order(plan) == ["M3", "M6", "M7", "M8", "M4", "M5", "M2", "M1"]
    assert plan.metrics.specific_stubs == 0
    assert plan.metrics.drivers == 7
    assert plan.steps[0].drivers[0].for_ == ("M1",)


def test_sandwich_meets_at_the_target_layer(textbook: nx.DiGraph) -> None:
    # Layers from the bottom: 1 = M3 M6 M7 M8, 2 = M4 M5, 3 = M2, 4 = M1.
    plan = make_plan(textbook, strategy="sandwich", target_layer=2)
    assert order(plan) == ["M3", "M6", "M7", "M8", "M1", "M2", "M4", "M5"]
    # M1 calls M3 directly, so it comes a wave after it.
    assert [s.wave for s in plan.steps] == [1, 1, 1, 1, 2, 3, 3, 4]
    assert plan.options.target_layer == 2
    assert "as asked" in plan.notes[0]


def test_sandwich_halves_run_side_by_side() -> None:
    plan = make_plan(g(("ui", "svc"), ("svc", "db")), strategy="sandwich", target_layer=2)
    assert [(s.units, s.wave) for s in plan.steps] == [(("db",), 1), (("ui",), 1), (("svc",), 2)]
    assert [s.unit for s in plan.steps[1].stubs] == ["svc"]
    assert [d.unit for d in plan.steps[1].drivers] == ["db"]


def test_sandwich_chooses_the_layer_with_fewest_doubles(textbook: nx.DiGraph) -> None:
    plan = make_plan(textbook, strategy="sandwich")
    candidates = {t: make_plan(textbook, strategy="sandwich", target_layer=t).metrics.doubles for t in (2, 3)}
    assert plan.metrics.doubles == min(candidates.values())
    assert f"target layer {plan.options.target_layer} of 4 chosen" in plan.notes[0]
    assert "fewest doubles" in plan.notes[0]


def test_sandwich_target_layer_out_of_range_is_a_usage_error(textbook: nx.DiGraph) -> None:
    with pytest.raises(UsageError, match="between 1 and 4"):
        make_plan(textbook, strategy="sandwich", target_layer=5)


@pytest.mark.parametrize(("strategy", "option"), [("bottom-up", "variant"), ("top-down", "target_layer")])
def test_options_a_strategy_does_not_take_are_refused(textbook: nx.DiGraph, strategy: str, option: str) -> None:
    value: object = "depth-first" if option == "variant" else 2
    with pytest.raises(UsageError, match="does not apply"):
        make_plan(textbook, strategy=strategy, **{option: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [{"strategy": "middle-out"}, {"cycles": "ignore"}, {"objective": "speed"}])
def test_unknown_names_are_usage_errors(textbook: nx.DiGraph, bad: dict[str, str]) -> None:
    with pytest.raises(UsageError, match="choose from"):
        make_plan(textbook, **bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"cycles": "ignore"}, "unknown cycle handling 'ignore'"),
        ({"objective": "speed"}, "unknown objective 'speed'"),
    ],
)
def test_every_strategy_checks_the_cycle_options_the_same_way(
    textbook: nx.DiGraph, strategy: str, option: dict[str, str], message: str
) -> None:
    # Checked once, before any strategy runs: big-bang, which breaks no cycle, took any --cycles.
    with pytest.raises(UsageError, match=message):
        make_plan(textbook, strategy=strategy, **option)  # type: ignore[arg-type]


def test_a_variant_is_checked_for_the_strategies_that_take_one(textbook: nx.DiGraph) -> None:
    for strategy in ("top-down", "sandwich"):
        with pytest.raises(UsageError, match="unknown variant 'sideways'"):
            make_plan(textbook, strategy=strategy, variant="sideways")


def test_big_bang_is_one_step_without_doubles(textbook: nx.DiGraph) -> None:
    plan = make_plan(textbook, strategy="big-bang")
    assert len(plan.steps) == 1
    assert plan.steps[0].units == tuple(sorted(textbook.nodes))
    assert plan.metrics.doubles == 0


def test_a_two_cycle_is_broken_at_the_cheaper_dependency() -> None:
    graph = g(("db", "cache", {"weight": 5}), ("cache", "db", {"weight": 1}), ("app", "db"))
    plan = make_plan(graph, strategy="bottom-up", objective="complexity")
    assert [(e.importer, e.imported) for e in plan.broken_edges] == [("cache", "db")]
    assert order(plan) == ["cache", "db", "app"]
    (component,) = plan.components
    assert component.units == ("cache", "db")
    assert component.broken == (("cache", "db"),)
    assert component.cost == 1


def test_cluster_integrates_a_cycle_as_one_step() -> None:
    graph = g(("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"))
    plan = make_plan(graph, strategy="bottom-up", cycles="cluster")
    assert [s.units for s in plan.steps] == [("a", "b", "c"), ("d",)]
    assert plan.broken_edges == ()
    assert plan.components[0].method == "cluster"
    check_plan(graph, plan)


def test_a_cycle_closed_only_by_inheritance_is_an_error_naming_it() -> None:
    graph = g(("A", "B", {"kind": "inherit"}), ("B", "A", {"kind": "inherit"}), ("C", "A"))
    with pytest.raises(UnbreakableCycleError) as info:
        make_plan(graph)
    assert str(info.value).startswith("cycle closed only by unbreakable dependencies: A -inherit-> B -inherit-> A")
    assert "or plan with cycles cluster)" in str(info.value)  # the parameter; the command line says --cycles
    # Clustering integrates the pair together instead.
    assert make_plan(graph, cycles="cluster").steps[0].units == ("A", "B")


def test_top_down_integrates_a_base_class_before_its_subclass() -> None:
    # Circle inherits from Shape: no stub may stand in for Shape.
    graph = g(("app", "Circle"), ("Circle", "Shape", {"kind": "inherit"}), ("Circle", "Point"))
    plan = make_plan(graph, strategy="top-down")
    assert order(plan).index("Shape") < order(plan).index("Circle")
    assert ("Circle", "Shape") not in {(e.importer, e.imported) for e in plan.broken_edges}
    check_plan(graph, plan)


def test_top_down_gives_up_the_fewest_preferences_when_unbreakable_edges_cross() -> None:
    # a -> b and c -> d may be stubbed; c -> b and a -> d may not. Top-down wants
    # a before b and c before d, the hard edges want b before c and d before a:
    # a cycle a < b < c < d < a, so one preference must go (a driver instead).
    graph = g(
        ("a", "b"),
        ("c", "b", {"kind": "inherit"}),
        ("c", "d"),
        ("a", "d", {"kind": "inherit"}),
    )
    plan = make_plan(graph, strategy="top-down")
    check_plan(graph, plan)
    assert all(graph.edges[e.importer, e.imported]["breakable"] for e in plan.broken_edges)
    assert "forced 1 callee(s) in before a caller" in plan.notes[0]


def test_sandwich_moves_a_target_unit_an_upper_unit_inherits_from_into_the_lower_half() -> None:
    graph = g(("ui", "Base", {"kind": "inherit"}), ("ui", "svc"), ("svc", "db"), ("Base", "db"))
    plan = make_plan(graph, strategy="sandwich", target_layer=2)
    assert order(plan).index("Base") < order(plan).index("ui")
    assert all(graph.edges[e.importer, e.imported]["breakable"] for e in plan.broken_edges)
    check_plan(graph, plan)


def test_shop_example_breaks_its_one_cycle(graphs: Path) -> None:
    graph = load_graph(graphs / "shop.dot")
    plan = make_plan(graph, strategy="bottom-up")
    assert plan.metrics.specific_stubs == 1
    (component,) = plan.components
    assert component.units == ("shop.cache", "shop.db")
    assert component.optimal


def test_same_graph_in_three_formats_gives_the_same_plan(graphs: Path) -> None:
    plans = [make_plan(graphs / f"shop.{ext}") for ext in ("dot", "json", "graphml")]
    for plan in plans[1:]:
        assert plan.steps == plans[0].steps
        assert plan.graph.sha256 == plans[0].graph.sha256
        assert plan.metrics == plans[0].metrics


def test_a_loaded_graph_changed_afterwards_is_validated_again(graphs: Path) -> None:
    graph = load_graph(graphs / "textbook.dot")
    graph.add_edge("M8", "M8")
    with pytest.raises(GraphLoadError, match="self-loop"):
        make_plan(graph)


def test_a_large_sandwich_counts_the_layers_that_cut_a_cycle_with_plain_halves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the budget, the layers that cut a cycle are not planned in full to be counted
    (30 full plans of a 10,000-unit graph took 16 CPU s): the note says which, and the
    chosen layer is still planned exactly as ``--target-layer`` plans it."""
    from planner import api
    from planner.strategies import sandwich

    graph = api.load("graphs/shop.dot")  # shop.cache <-> shop.db: layers 2 and 3 cut it
    exact = api.make_plan(graph, strategy="sandwich")
    assert "cut a dependency cycle" not in exact.notes[0]
    monkeypatch.setattr(sandwich, "FULL_COUNT_BUDGET", 0)
    plain = api.make_plan(graph, strategy="sandwich")
    assert "cut a dependency cycle: counted with plain halves" in plain.notes[0]
    layer = plain.options.target_layer
    assert layer is not None
    asked = api.make_plan(graph, strategy="sandwich", target_layer=layer)
    assert [s.units for s in plain.steps] == [s.units for s in asked.steps]
    assert (plain.metrics.specific_stubs, plain.metrics.drivers) == (
        asked.metrics.specific_stubs,
        asked.metrics.drivers,
    )
    assert f"({plain.metrics.specific_stubs} stubs + {plain.metrics.drivers} drivers" in plain.notes[0]
