"""Names from untrusted files stay data in DOT, SVG and Mermaid.

pydot's own quoting is not enough (it would make ``x:y`` a port and ``node`` a
keyword, and passes backslashes through as Graphviz escapes), so the writers
number the nodes and escape the labels themselves; these tests hold them to it.
"""

from __future__ import annotations

import itertools
import re
import shutil
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from planner.graph import normalize_graph
from planner.render.dot import to_dot
from planner.render.graph_picture import graph_scene
from planner.render.graphviz import run_dot
from planner.render.mermaid import escape, to_mermaid
from planner.render.scene import Scene

NASTY = [
    'a"b',
    "x:y",
    "node",
    "graph",
    "subgraph",
    "back\\slash\\N",
    "\\l",
    "<b>bold</b>",
    "a&amp;b",
    "é ü",
    "--",
    "{}[];=",
    "edge->x",
    "#35;",
    "`code`",
    "end",
]
SVG = "{http://www.w3.org/2000/svg}"


def _scene() -> Scene:
    graph = nx.DiGraph()
    graph.add_edges_from(itertools.pairwise(NASTY))
    return graph_scene(normalize_graph(graph))


def test_dot_numbers_the_nodes_and_keeps_names_in_quoted_labels() -> None:
    text = to_dot(_scene())
    ids = re.findall(r"^(\S+) \[label=", text, flags=re.MULTILINE)
    assert ids == [f"n{k}" for k in range(len(NASTY))]
    assert re.findall(r"^n\d+ -> n\d+ ", text, flags=re.MULTILINE)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed (apt-get install graphviz)")
def test_graphviz_shows_every_name_verbatim() -> None:
    svg = run_dot(to_dot(_scene()), "svg", purpose="test")
    root = ET.fromstring(svg)
    texts = {
        "".join(t.itertext())
        for g in root.iter(f"{SVG}g")
        if "node" in (g.get("class") or "").split()
        for t in g.iter(f"{SVG}text")
    }
    assert set(NASTY) <= texts
    assert len([g for g in root.iter(f"{SVG}g") if "unit" in (g.get("class") or "").split()]) == len(NASTY)


def test_mermaid_labels_hold_no_syntax_and_decode_to_the_names() -> None:
    text = to_mermaid(_scene())
    labels = re.findall(r'^  (n\d+)\("([^"]*)"\)$', text, flags=re.MULTILINE)
    assert [ident for ident, _ in labels] == [f"n{k}" for k in range(len(NASTY))]
    decoded = {re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label) for _, label in labels}
    assert decoded == set(NASTY)
    for _, label in labels:
        assert not set(label) & set('"<>&`[]{}|\\')


def test_mermaid_escape_keeps_letters_and_encodes_the_rest() -> None:
    assert escape("shop.db_2-x") == "shop.db_2-x"
    assert escape("Ünïcode") == "Ünïcode"
    assert escape('"') == "#34;"
