"""Big pictures collapse: packages as deep as the node budget allows, a flat package by layer or wave."""

from __future__ import annotations

import networkx as nx
import pytest

from planner.api import make_plan
from planner.graph import normalize_graph
from planner.render.collapse import BANDS, MAX_NODES, package_groups
from planner.render.graph_picture import graph_scene
from planner.render.plan_picture import PlanPicture


def _hundred_units() -> nx.DiGraph:
    """5 packages of 4 subpackages of 5 modules: each module imports the next two (a layered DAG)."""
    names = [f"p{p}.s{s}.m{m}" for p in range(5) for s in range(4) for m in range(5)]
    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    graph.add_edges_from((names[k], names[j]) for k in range(100) for j in (k + 1, k + 7) if j < 100)
    return normalize_graph(graph)


def _flat(n: int = 100) -> nx.DiGraph:
    """One package holding ``n`` modules directly, each importing a few lower ones."""
    names = ["flat", *(f"flat.m{k:03d}" for k in range(n - 1))]
    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    graph.add_edges_from((names[k], names[j]) for k in range(n) for j in (k + 1, k + 3, 2 * k + 5) if j < n)
    return normalize_graph(graph)


def test_a_hundred_units_collapse_to_packages_within_the_budget_and_say_how_to_expand() -> None:
    graph = _hundred_units()
    scene = graph_scene(graph)
    # 5 packages open to their 20 subpackages, and one of those to its 5 modules: 24 boxes;
    # a second one would make 28
    assert len(scene.nodes) == 24 <= MAX_NODES
    assert [n.key for n in scene.nodes if n.shape == "unit"] == [f"p0.s0.m{m}" for m in range(5)]
    assert [n.label[1].split(",")[0] for n in scene.nodes if n.shape == "group"] == ["5 units"] * 19
    assert "collapsed to 24 packages to fit --max-nodes 25 (0 draws every unit)" in scene.title
    assert any("--max-nodes 0" in note for note in scene.notes)
    # every dependency is either inside a package or counted on an edge between two
    labels = [n.label[1] for n in scene.nodes if n.shape == "group"]
    inside = sum(int(label.split(", ")[1].split()[0]) for label in labels if ", " in label)
    between = sum(int(e.label or 1) for e in scene.edges)
    assert inside + between == graph.number_of_edges()


@pytest.mark.parametrize(
    ("budget", "drawn"), [(4, 5), (7, 5), (8, 8), (19, 17), (20, 20), (99, 96), (100, 100), (0, 100)]
)
def test_the_budget_decides_how_deep_packages_open(budget: int, drawn: int) -> None:
    # opening a package adds 3 boxes (4 subpackages for 1), opening a subpackage 4 (5 modules for 1);
    # 5 top-level packages are drawn even when they are more than the budget
    scene = graph_scene(_hundred_units(), max_nodes=budget)
    assert len(scene.nodes) == drawn
    assert ("collapsed" in scene.title) == (drawn < 100)


def test_a_chosen_depth_or_a_small_graph_is_never_collapsed() -> None:
    assert len(graph_scene(_hundred_units(), depth=1).nodes) == 5
    small = normalize_graph(nx.DiGraph([("a.x.1", "a.y.1"), ("a.y.1", "b.z")]))
    assert [n.key for n in graph_scene(small, max_nodes=2).nodes] == ["a", "b.z"]
    assert "collapsed" not in graph_scene(small).title


def test_a_flat_package_is_grouped_by_layer_instead_of_becoming_one_box() -> None:
    scene = graph_scene(_flat())
    assert 1 < len(scene.nodes) <= BANDS
    assert all(n.key.startswith("flat, layer") for n in scene.nodes)
    assert sum(int(n.label[1].split()[0]) for n in scene.nodes) == 100
    assert "packages and layers" in scene.title


def test_groups_never_pass_the_budget_when_the_top_level_fits() -> None:
    units = [f"a{k % 3}.b{k % 7}.c{k % 11}.m{k}" for k in range(500)]
    for budget in (3, 5, 10, 25, 60, 200):
        member = package_groups(units, budget)
        assert len(set(member.values())) <= budget
        assert all(unit.startswith(group + ".") or unit == group for unit, group in member.items())


def test_a_collapsed_plan_keeps_its_boxes_across_steps_and_marks_their_state() -> None:
    plan = make_plan(_hundred_units(), strategy="bottom-up")
    picture = PlanPicture(plan)
    whole = picture.scene()
    assert len(whole.nodes) == 24 and "collapsed to 24 packages" in whole.title
    assert sum(int(n.label[1].split()[0]) for n in whole.nodes) == 100
    assert all(n.label[1].endswith(tuple("0123456789")) and "step" in n.label[1] for n in whole.nodes)
    for k in (1, len(plan.steps) // 2, len(plan.steps)):
        scene = picture.scene(k, stable=True)
        assert [n.key for n in scene.nodes] == [n.key for n in whole.nodes]
        assert [n.label for n in scene.nodes] == [n.label for n in whole.nodes]
        states = [n.classes[1] for n in scene.nodes]
        assert states.count("current") == 1  # bottom-up integrates one unit a step
        integrated = {u for s in plan.steps[:k] for u in s.units}
        for node, package in zip(scene.nodes, picture.packages, strict=True):
            done = integrated.intersection(package.units)
            expected = "pending" if not done else "integrated" if len(done) == len(package.units) else "partial"
            assert node.classes[1] in (expected, "current")
    assert PlanPicture(plan, max_nodes=0).scene().nodes[0].shape == "unit"


def test_a_flat_plan_is_grouped_by_wave() -> None:
    plan = make_plan(_flat(), strategy="bottom-up")
    scene = PlanPicture(plan).scene()
    assert 1 < len(scene.nodes) <= BANDS
    assert all(n.key.startswith("flat, wave") for n in scene.nodes)
    assert "packages and waves" in scene.title
