"""Invariants every strategy keeps, on generated DAGs and cyclic graphs."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.api import make_plan
from planner.errors import UnbreakableCycleError
from planner.graph import normalize_graph
from planner.strategies import Cycles, Variant
from tests.plan_checks import check_plan, graph_snapshot
from tests.strategies import graphs

PLANS: list[tuple[str, str | None]] = [  # (strategy, variant)
    ("top-down", "breadth-first"),
    ("top-down", "depth-first"),
    ("bottom-up", None),
    ("sandwich", None),
    ("sandwich", "depth-first"),
    ("big-bang", None),
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(("strategy", "variant"), PLANS)
@pytest.mark.parametrize("cycles", ["break", "cluster"])
@SETTINGS
@given(graph=graphs(cyclic=True))
def test_every_plan_keeps_the_definitions(graph: nx.DiGraph, strategy: str, variant: str | None, cycles: str) -> None:
    before = graph_snapshot(graph)
    plan = make_plan(graph, strategy=strategy, cycles=cycles, variant=variant)
    check_plan(graph, plan)
    assert graph_snapshot(graph) == before, "planning mutated its input"


@pytest.mark.parametrize(("strategy", "variant"), PLANS)
@SETTINGS
@given(graph=graphs(cyclic=True))
def test_no_unbreakable_dependency_is_stubbed(graph: nx.DiGraph, strategy: str, variant: str | None) -> None:
    plan = make_plan(graph, strategy=strategy, variant=variant)
    for edge in plan.broken_edges:
        assert graph.edges[edge.importer, edge.imported]["breakable"], edge


@SETTINGS
@given(graph=graphs(cyclic=True))
def test_bottom_up_stubs_only_inside_cycles(graph: nx.DiGraph) -> None:
    plan = make_plan(graph, strategy="bottom-up")
    component = {}
    for k, members in enumerate(nx.strongly_connected_components(graph)):
        for unit in members:
            component[unit] = k
    for edge in plan.broken_edges:
        assert component[edge.importer] == component[edge.imported]
    for c in plan.components:
        assert set(c.broken) >= {(e.importer, e.imported) for e in plan.broken_edges if e.importer in c.units}


@SETTINGS
@given(graph=graphs(cyclic=False, unbreakable=False))
def test_on_a_dag_top_down_needs_no_driver_and_bottom_up_no_stub(graph: nx.DiGraph) -> None:
    assert make_plan(graph, strategy="top-down").metrics.drivers == 0
    assert make_plan(graph, strategy="top-down", variant="depth-first").metrics.drivers == 0
    assert make_plan(graph, strategy="bottom-up").metrics.specific_stubs == 0


@SETTINGS
@given(graph=graphs(cyclic=True), data=st.data())
def test_plans_do_not_depend_on_insertion_order(graph: nx.DiGraph, data: st.DataObject) -> None:
    nodes = data.draw(st.permutations(list(graph.nodes)))
    edges = data.draw(st.permutations(list(graph.edges(data=True))))
    shuffled = nx.DiGraph()
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(edges)
    shuffled = normalize_graph(shuffled)
    for strategy, variant in PLANS:
        assert make_plan(shuffled, strategy=strategy, variant=variant) == make_plan(
            graph, strategy=strategy, variant=variant
        )


@SETTINGS
@given(graph=graphs(cyclic=True), data=st.data())
def test_break_fails_exactly_when_unbreakable_edges_close_a_cycle(graph: nx.DiGraph, data: st.DataObject) -> None:
    edges = list(graph.edges)
    if not edges:
        return
    # Make a random subset of the edges unbreakable.
    hard = set(data.draw(st.lists(st.sampled_from(edges), unique=True)))
    for u, v in edges:
        graph.edges[u, v]["breakable"] = (u, v) not in hard
    hard_graph = nx.DiGraph(list(hard))
    feasible = nx.is_directed_acyclic_graph(hard_graph)
    if feasible:
        check_plan(graph, make_plan(graph, strategy="bottom-up"))
    else:
        with pytest.raises(UnbreakableCycleError) as info:
            make_plan(graph, strategy="bottom-up")
        cycle = info.value.cycle
        for u, v, _ in cycle:
            assert (u, v) in hard
        assert [v for _, v, _ in cycle] == [*[u for u, _, _ in cycle][1:], cycle[0][0]]
        # Clustering always works.
        check_plan(graph, make_plan(graph, strategy="bottom-up", cycles="cluster"))


@pytest.mark.parametrize("variant", ["breadth-first", "depth-first"])
@pytest.mark.parametrize("cycles", ["break", "cluster"])
@SETTINGS
@given(graph=graphs(cyclic=True, unbreakable=False))
def test_sandwich_counts_every_layer_exactly_without_building_its_plan(
    graph: nx.DiGraph, variant: Variant, cycles: Cycles
) -> None:
    from planner.strategies._blocks import prepare_blocks
    from planner.strategies.sandwich import cuts_a_cycle, doubles_by_layer

    blocks = prepare_blocks(graph, cycles=cycles)
    level = blocks.levels_from_bottom()
    layers = max(level, default=0)
    counts = doubles_by_layer(blocks, level, variant, range(1, layers + 1))
    for t, (stubs, drivers) in counts.items():
        if cuts_a_cycle(blocks, level, t):
            continue  # the cycle's upper units meet the target layer: the plan counts such a layer in full
        metrics = make_plan(graph, strategy="sandwich", target_layer=t, variant=variant, cycles=cycles).metrics
        assert (stubs, drivers) == (metrics.specific_stubs, metrics.drivers), t


@pytest.mark.parametrize("variant", ["breadth-first", "depth-first"])
@SETTINGS
@given(graph=graphs(cyclic=True))
def test_a_sandwich_around_any_layer_stubs_in_each_cycle_exactly_what_breaking_chose(
    graph: nx.DiGraph, variant: str
) -> None:
    """Where the target layer cuts a cycle, its upper units meet the target layer, dependencies
    first: the order then stubs in the cycle exactly the broken dependencies, never more."""
    from planner.strategies._blocks import prepare_blocks

    layers = max(prepare_blocks(graph).levels_from_bottom(), default=0)
    for t in range(1, layers + 1):
        plan = make_plan(graph, strategy="sandwich", target_layer=t, variant=variant)
        check_plan(graph, plan)
        assert not any("stubs more than the optimal" in note for note in plan.notes), t
