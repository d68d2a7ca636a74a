"""DOT, node-link JSON and GraphML: what is read, and every way a file can be wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.errors import GraphLoadError, UsageError
from planner.loaders import detect_format, load_graph


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def graphml(body: str, keys: str = "") -> str:
    return (
        '<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
        f'{keys}<graph edgedefault="directed">\n{body}\n</graph>\n</graphml>\n'
    )


# --- what is read ------------------------------------------------------------


def test_dot_reads_attributes_defaults_subgraphs_and_chains(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "g.dot",
        """digraph G {
          edge [kind=inherit];
          a -> b;
          subgraph cluster_x { edge [kind=use]; c -> d [names="f, g", weight=2.5]; }
          e -> f -> g [breakable=false];
          "x.y" -> {h i};
          j:port -> k;
          lonely;
        }""",
    )
    graph = load_graph(path)
    assert graph.edges["a", "b"]["kind"] == "inherit"
    assert graph.edges["a", "b"]["breakable"] is False
    assert graph.edges["c", "d"] == {"kind": "use", "breakable": True, "names": ("f", "g"), "lines": (), "weight": 2.5}
    assert graph.edges["e", "f"]["breakable"] is False and graph.edges["f", "g"]["kind"] == "inherit"
    assert set(graph.successors("x.y")) == {"h", "i"}
    assert graph.has_edge("j", "k")
    assert "lonely" in graph
    assert graph.graph["format"] == "dot" and graph.graph["source"] == str(path)


def test_dot_repeated_edges_merge_their_names(tmp_path: Path) -> None:
    graph = load_graph(write(tmp_path, "g.dot", 'digraph { a -> b [names="f"]; a -> b [names="g"]; }'))
    assert graph.edges["a", "b"]["names"] == ("f", "g")


def test_json_reads_the_older_links_key(tmp_path: Path) -> None:
    data = {"directed": True, "nodes": [{"id": "a"}, {"id": "b"}], "links": [{"source": "a", "target": "b"}]}
    assert list(load_graph(write(tmp_path, "g.json", json.dumps(data))).edges) == [("a", "b")]


def test_json_reads_what_networkx_writes_integer_ids_included(tmp_path: Path) -> None:
    import networkx as nx

    data = nx.node_link_data(nx.DiGraph([(1, 2), (2, 3)]), edges="edges")  # ids stay numbers in the JSON
    graph = load_graph(write(tmp_path, "g.json", json.dumps(data)))
    assert sorted(graph.edges) == [("1", "2"), ("2", "3")]


def test_graphml_applies_key_defaults_and_types(tmp_path: Path) -> None:
    keys = (
        '<key id="k" for="edge" attr.name="kind" attr.type="string"><default>inherit</default></key>\n'
        '<key id="w" for="edge" attr.name="weight" attr.type="double"/>\n'
        '<key id="b" for="edge" attr.name="breakable" attr.type="boolean"/>\n'
    )
    body = (
        '<node id="a"/><node id="b"/><node id="c"/>'
        '<edge source="a" target="b"><data key="w">2.5</data></edge>'
        '<edge source="b" target="c"><data key="k">use</data><data key="b">false</data></edge>'
    )
    graph = load_graph(write(tmp_path, "g.graphml", graphml(body, keys)))
    assert graph.edges["a", "b"]["kind"] == "inherit" and graph.edges["a", "b"]["weight"] == 2.5
    assert graph.edges["b", "c"]["kind"] == "use" and graph.edges["b", "c"]["breakable"] is False


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("noext", "digraph { a -> b }", "dot"),
        ("noext", '{"nodes": []}', "json"),
        ("noext", "<?xml version='1.0'?><graphml/>", "graphml"),
        ("noext", "DIMENSION 2\n", "cito-ord"),
        ("x.gv", "", "dot"),
    ],
)
def test_format_detection(tmp_path: Path, name: str, text: str, expected: str) -> None:
    assert detect_format(write(tmp_path, name, text)) == expected


# --- every way a file can be wrong --------------------------------------------

BAD = [
    # (file name, content, message fragment, line)
    ("syntax.dot", "digraph {\n a -> b\n c -> }\n", "DOT syntax error at column 4", 3),
    ("undirected.dot", "graph { a -- b }", "undirected graph", None),
    ("two.dot", "digraph { a } digraph { b }", "2 graphs in one file", None),
    ("loop.dot", "digraph {\n a -> b;\n b -> b;\n}", "self-loop: 'b' depends on itself", 3),
    ("kind.dot", "digraph {\n a -> b [kind=friend];\n}", "unknown edge kind 'friend'", 2),
    ("weight.dot", "digraph {\n a -> b [weight=-1];\n}", "must be a finite number >= 0", 2),
    ("breakable.dot", "digraph {\n a -> b [breakable=maybe];\n}", "breakable='maybe' is not a boolean", 2),
    ("clash.dot", "digraph {\n a -> b [kind=use];\n a -> b [kind=inherit];\n}", "stated twice with different kind", 3),
    ("empty.dot", "digraph { }", "the graph is empty", None),
    ("ctrl.dot", 'digraph { "a\\u0007b" -> c; "x\ny" -> z }', "control character, line break", None),
    ("syntax.json", '{"nodes": [\n  {"id": "a"},\n]}', "JSON syntax error", 3),
    ("list.json", "[1, 2, 3]", "not a node-link graph", None),
    ("undirected.json", '{"directed": false, "nodes": [], "edges": []}', "undirected graph", None),
    (
        "dup.json",
        '{"nodes": [{"id": "a"}, {"id": "a"}], "edges": []}',
        "node 'a' is declared twice (nodes[0] and nodes[1])",
        None,
    ),
    (
        "undeclared.json",
        '{"nodes": [{"id": "a"}], "edges": [{"source": "a", "target": "b"}]}',
        "edges[0] refers to undeclared node 'b'",
        None,
    ),
    ("noid.json", '{"nodes": [{"name": "a"}], "edges": []}', 'nodes[0] is not an object with an "id"', None),
    (
        "kind.json",
        '{"nodes": [{"id": "a"}, {"id": "b"}], "edges": [{"source": "a", "target": "b", "kind": 3}]}',
        "edges[0]: unknown edge kind 3",
        None,
    ),
    ("empty.json", '{"nodes": [], "edges": []}', "the graph is empty", None),
    ("intdup.json", '{"nodes": [{"id": 1}, {"id": "1"}], "edges": []}', "node '1' is declared twice", None),
    ("both.json", '{"nodes": [], "edges": [], "links": []}', 'both "edges" and "links"', None),
    ("graph.json", '{"graph": 5, "nodes": [], "edges": []}', '"graph" must be an object, got int', None),
    ("syntax.graphml", graphml('<node id="a">\n</graph>'), "XML syntax error", 5),
    (
        "dup.graphml",
        graphml('<node id="a"/>\n<node id="a"/>'),
        "node 'a' is declared twice (first declared at line 4)",
        5,
    ),
    ("loop.graphml", graphml('<node id="a"/>\n<edge source="a" target="a"/>'), "self-loop", 5),
    (
        "nokey.graphml",
        graphml('<node id="a"><data key="zz">1</data></node>'),
        "<data key='zz'> has no <key> declaration",
        4,
    ),
    ("noxml.graphml", "<root/>", "no <graph> element", None),
]


@pytest.mark.parametrize(("name", "text", "fragment", "line"), BAD, ids=[case[0] for case in BAD])
def test_bad_files_give_one_line_errors_naming_file_and_line(
    tmp_path: Path, name: str, text: str, fragment: str | None, line: int | None
) -> None:
    path = write(tmp_path, name, text.replace("\\u0007", "\u0007"))
    with pytest.raises(GraphLoadError) as info:
        load_graph(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    if fragment is not None:
        assert fragment in message
    if line is not None:
        assert info.value.line == line
        assert message.startswith(f"{path}:{line}: ")


def test_undirected_graphml_edges_are_refused(tmp_path: Path) -> None:
    text = graphml('<node id="a"/><node id="b"/>\n<edge source="a" target="b"/>').replace('"directed"', '"undirected"')
    with pytest.raises(GraphLoadError, match="undirected edge"):
        load_graph(write(tmp_path, "u.graphml", text))


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or directory"):
        load_graph(tmp_path / "nope.dot")


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.dot"
    path.write_bytes(b"digraph {\n a -> \xe9;\n}")
    with pytest.raises(GraphLoadError, match="not valid UTF-8") as info:
        load_graph(path)
    assert info.value.line == 2


def test_unknown_format_is_named(tmp_path: Path) -> None:
    with pytest.raises(GraphLoadError, match="cannot tell the graph format"):
        load_graph(write(tmp_path, "notes.txt", "hello"))
    with pytest.raises(UsageError, match="unknown input format 'yaml'"):
        load_graph(write(tmp_path, "g.dot", "digraph { a }"), fmt="yaml")
