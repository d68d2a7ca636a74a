"""The graph picture: cycles boxed, packages and cycles collapsed, edges merged."""

from __future__ import annotations

import networkx as nx

from planner.graph import normalize_graph
from planner.render.graph_picture import graph_scene


def _graph(edges: list[tuple[str, str]], **attrs: object) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_edges_from(edges, **attrs)
    return normalize_graph(graph)


def test_every_unit_and_dependency_is_drawn_pointing_from_dependant_to_dependency() -> None:
    scene = graph_scene(_graph([("app", "db"), ("app", "web"), ("web", "db")]))
    assert [n.key for n in scene.nodes] == ["app", "db", "web"]
    assert [(e.tail, e.head) for e in scene.edges] == [("app", "db"), ("app", "web"), ("web", "db")]
    assert scene.clusters == ()


def test_each_cycle_is_one_cluster() -> None:
    scene = graph_scene(_graph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("d", "c")]))
    assert [c.members for c in scene.clusters] == [("a", "b"), ("c", "d")]


def test_depth_merges_dotted_names_and_counts_the_merged_dependencies() -> None:
    graph = _graph(
        [
            ("shop.web.views", "shop.db.engine"),
            ("shop.web.forms", "shop.db.engine"),
            ("shop.web.views", "shop.web.forms"),
            ("shop.db.engine", "util"),
        ]
    )
    scene = graph_scene(graph, depth=2)
    nodes = {n.key: n for n in scene.nodes}
    assert sorted(nodes) == ["shop.db", "shop.web", "util"]
    assert nodes["shop.web"].label == ("shop.web", "2 units, 1 dependency inside")
    assert nodes["util"].label == ("util",)
    edges = {(e.tail, e.head): e for e in scene.edges}
    assert edges[("shop.web", "shop.db")].label == "2"
    assert edges[("shop.web", "shop.db")].width > edges[("shop.db", "util")].width


def test_collapsing_cycles_draws_each_cycle_as_one_node_with_its_members() -> None:
    scene = graph_scene(_graph([("top", "a"), ("a", "b"), ("b", "a"), ("b", "c"), ("c", "a")]), collapse_cycles=True)
    nodes = {n.key: n for n in scene.nodes}
    assert sorted(nodes) == ["cycle 1", "top"]
    assert nodes["cycle 1"].label == ("cycle 1: 3 units", "a", "b", "c")
    assert [(e.tail, e.head) for e in scene.edges] == [("top", "cycle 1")]
    assert scene.clusters == ()


def test_unbreakable_dependencies_are_thick_and_inheritance_has_a_hollow_arrow() -> None:
    graph = nx.DiGraph()
    graph.add_edge("Sub", "Base", kind="inherit")
    graph.add_edge("Car", "Wheel", kind="compose")
    graph.add_edge("Car", "Road", kind="use")
    edges = {(e.tail, e.head): e for e in graph_scene(normalize_graph(graph)).edges}
    assert edges[("Sub", "Base")].arrowhead == "empty" and edges[("Sub", "Base")].width == 2.0
    assert edges[("Car", "Wheel")].diamond_tail and edges[("Car", "Wheel")].width == 2.0
    assert edges[("Car", "Road")].width == 1.0
    legend = " ".join(item.text for item in graph_scene(normalize_graph(graph)).legend)
    assert "inherits" in legend and "composed" in legend


def test_a_large_graph_comes_with_a_hint_to_collapse_it() -> None:
    graph = _graph([(f"m{i:03d}", f"m{i + 1:03d}") for i in range(400)])
    assert any("--depth" in note for note in graph_scene(graph).notes)
    assert not graph_scene(_graph([("a", "b")])).notes


def test_a_wide_fan_of_lone_modules_is_spread_over_several_rows() -> None:
    graph = _graph([(f"plugin{k:02d}", "core") for k in range(16)] + [("app", "core"), ("app", "plugin00")])
    edges = {(e.tail, e.head): e.minlen for e in graph_scene(graph).edges}
    lone = [edges[(f"plugin{k:02d}", "core")] for k in range(1, 16)]
    assert sorted(set(lone)) == [1, 2, 3, 4]
    assert edges[("app", "core")] == 1


CHAIN = [("ui", "app"), ("cli", "app"), ("app", "db"), ("db", "disk"), ("disk", "driver"), ("log", "disk")]


def test_around_draws_the_units_within_the_radius_either_way_with_the_centre_marked() -> None:
    scene = graph_scene(_graph(CHAIN), around="db", radius=1)
    assert [n.key for n in scene.nodes] == ["app", "db", "disk"]
    assert [(e.tail, e.head) for e in scene.edges] == [("app", "db"), ("db", "disk")]
    assert {n.key: n.width for n in scene.nodes} == {"app": 1.0, "db": 3.0, "disk": 1.0}
    assert scene.title.endswith("6 dependencies; 3 units within 1 of db")
    wider = graph_scene(_graph(CHAIN), around="db", radius=2)
    assert [n.key for n in wider.nodes] == ["app", "cli", "db", "disk", "driver", "log", "ui"]


def test_around_an_unknown_unit_is_refused_with_the_close_names() -> None:
    import pytest

    from planner.errors import UsageError

    with pytest.raises(UsageError, match=r"around: no unit 'dsk' in the graph \(did you mean disk"):
        graph_scene(_graph(CHAIN), around="dsk")
