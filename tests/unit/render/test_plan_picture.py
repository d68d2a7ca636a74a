"""The plan picture: numbered units, edges rebuilt from the plan file, step views."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

from planner import planfile
from planner.api import make_plan
from planner.errors import PlanFileError
from planner.graph import normalize_graph
from planner.render import palette
from planner.render.plan_picture import PlanPicture
from tests.strategies import graphs

STRATEGIES = ["top-down", "bottom-up", "sandwich", "big-bang"]


def _shop_like() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_edge("app", "web", weight=2)
    graph.add_edge("web", "db")
    graph.add_edge("db", "cache")
    graph.add_edge("cache", "db", weight=3)
    return normalize_graph(graph)


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("cycles", ["break", "cluster"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph=graphs(cyclic=True, unbreakable=False))
def test_a_plan_file_alone_gives_every_dependency_between_steps(graph: nx.DiGraph, strategy: str, cycles: str) -> None:
    plan = planfile.loads(planfile.dumps(make_plan(graph, strategy=strategy, cycles=cycles)))
    picture = PlanPicture(plan)
    step_of = plan.step_of()
    between = {(u, v) for u, v in graph.edges if step_of[u] != step_of[v]}
    assert set(picture.edges) == between
    with_graph = PlanPicture(plan, graph)
    assert set(with_graph.edges) == set(graph.edges)


def test_units_are_numbered_with_their_step_and_coloured_by_wave() -> None:
    plan = make_plan(_shop_like(), strategy="bottom-up")
    nodes = {n.key: n for n in PlanPicture(plan).scene().nodes}
    for step in plan.steps:
        for unit in step.units:
            assert nodes[unit].label == (f"{step.index}. {unit}", f"wave {step.wave}")
            assert nodes[unit].fill == palette.wave_colour(step.wave)


def test_broken_dependencies_are_dashed_red_and_labelled_with_their_cost() -> None:
    plan = make_plan(_shop_like(), strategy="top-down")
    edges = {(e.tail, e.head): e for e in PlanPicture(plan).scene().edges}
    for broken in plan.broken_edges:
        edge = edges[(broken.importer, broken.imported)]
        assert edge.dashed and edge.colour == palette.BROKEN
        assert edge.label == f"cost {broken.cost:g}"
    kept = [e for e in edges.values() if not e.dashed]
    assert all(e.colour == palette.EDGE and not e.label for e in kept)


def test_a_step_shows_the_integrated_units_the_doubles_in_force_and_fades_the_rest() -> None:
    plan = make_plan(_shop_like(), strategy="bottom-up")
    for step in plan.steps:
        scene = PlanPicture(plan).scene(step.index)
        nodes = {n.key: n for n in scene.nodes}
        done = {u for s in plan.steps[: step.index] for u in s.units}
        for unit in plan.step_of():
            classes = nodes[unit].classes
            if unit in step.units:
                assert "current" in classes and nodes[unit].width > 1
            elif unit in done:
                assert "integrated" in classes
            else:
                assert "pending" in classes and nodes[unit].dashed and nodes[unit].text == palette.FADED_TEXT
        assert sorted(k for k in nodes if k.startswith("stub:")) == [f"stub:{s.unit}" for s in step.stubs]
        assert sorted(k for k in nodes if k.startswith("driver:")) == [f"driver:{d.unit}" for d in step.drivers]
        assert {n.shape for n in nodes.values() if n.key.startswith("stub:")} <= {"stub"}
        assert {n.shape for n in nodes.values() if n.key.startswith("driver:")} <= {"driver"}
        stub_edges = {(e.tail, e.head) for e in scene.edges if e.head.startswith("stub:")}
        assert stub_edges == {(u, f"stub:{s.unit}") for s in step.stubs for u in s.for_}


def test_stable_scenes_draw_the_same_boxes_at_every_step() -> None:
    plan = make_plan(_shop_like(), strategy="top-down")
    picture = PlanPicture(plan)
    scenes = [picture.scene(None, stable=True)] + [picture.scene(k, stable=True) for k in range(1, 5)]
    shapes = {tuple((n.key, n.label, n.shape) for n in s.nodes) for s in scenes}
    edges = {tuple((e.tail, e.head, e.label) for e in s.edges) for s in scenes}
    assert len(shapes) == 1 and len(edges) == 1
    assert len({s.legend for s in scenes}) == 1 and len({s.title for s in scenes}) == 1
    visible = [sorted(n.key for n in s.nodes if not n.hidden and ":" in n.key) for s in scenes]
    assert visible[0] == []
    assert visible[1] == [f"stub:{s.unit}" for s in plan.steps[0].stubs]


def test_a_cluster_step_is_boxed_and_the_plan_file_says_nothing_inside_it() -> None:
    plan = planfile.loads(planfile.dumps(make_plan(_shop_like(), strategy="bottom-up", cycles="cluster")))
    scene = PlanPicture(plan).scene()
    assert [c.members for c in scene.clusters] == [("cache", "db")]
    assert any("--graph" in note for note in scene.notes)
    assert not PlanPicture(plan, _shop_like()).scene().notes


def test_an_inconsistent_plan_file_is_refused_with_its_name() -> None:
    text = planfile.dumps(make_plan(_shop_like(), strategy="top-down")).replace('"unit":"db"', '"unit":"nowhere"')
    with pytest.raises(
        PlanFileError, match=r"plan\.json: plan\.(stubs|drivers)\[\d+\]\.unit: 'nowhere' is integrated by no step"
    ):
        planfile.loads(text, display="plan.json")
