"""The ``python`` loader: a source tree as a graph, with the conventions every consumer relies on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from planner.errors import SourceError
from planner.graph import canonical_digest
from planner.loaders import load_graph, node_link
from planner.loaders.python import Listener, ScanOutcome, ScanSummary
from planner.loaders.scan import ScanOptions

ROOT = Path(__file__).parents[3]
WEBSHOP = ROOT / "examples" / "webshop"
FLAT = ROOT / "tests" / "assets" / "scan" / "flat"


def test_the_webshop_graph_is_exactly_graphs_shop() -> None:
    graph = load_graph(WEBSHOP / "src")
    golden = json.loads((ROOT / "graphs" / "shop.json").read_text())
    expected = {(e["source"], e["target"]): (tuple(e["names"]), float(e.get("weight", 1))) for e in golden["edges"]}
    got = {(u, v): (d["names"], d["weight"]) for u, v, d in graph.edges(data=True)}
    assert got == expected
    assert sorted(graph.nodes) == sorted(n["id"] for n in golden["nodes"])
    for other in ("shop.dot", "shop.graphml"):  # the same graph in the other formats
        drawn = load_graph(ROOT / "graphs" / other)
        assert {(u, v): (d["names"], d["weight"]) for u, v, d in drawn.edges(data=True)} == expected
        assert sorted(drawn.nodes) == sorted(graph.nodes)
    assert {d["weight"] for _, _, d in graph.edges(data=True)} == {1.0, 2.0}
    # the one cycle, and why it is there
    cache_db = graph.edges["shop.cache", "shop.db"]
    assert cache_db["scope"] == "deferred"
    assert cache_db["statements"] == ("40: from shop import db # deferred: db imports this module",)


def test_node_graph_and_edge_attributes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    graph = load_graph("examples/webshop")
    assert graph.graph["format"] == "python"
    assert graph.graph["source"] == graph.graph["root"] == "examples/webshop"
    assert graph.graph["sha256"] == canonical_digest(graph)
    assert graph.nodes["shop"] == {"path": "src/shop/__init__.py", "kind": "package"}
    assert graph.nodes["shop.db"] == {"path": "src/shop/db.py", "kind": "module"}
    edge = graph.edges["shop.orders", "shop.db"]
    assert edge == {
        "kind": "import",
        "breakable": True,
        "names": ("fetch", "store"),
        "lines": (7,),
        "scope": "import-time",
        "scopes": ("import-time",),
        "statements": ("7: from shop import db",),
        "weight": 2.0,
    }


def test_node_link_json_reads_back_to_the_same_graph(tmp_path: Path) -> None:
    graph = load_graph(FLAT, options=ScanOptions(external=True))
    assert graph.nodes["requests"] == {"kind": "external"}
    text = node_link.dumps(graph)
    again = node_link.loads(text)
    assert again.graph["sha256"] == graph.graph["sha256"]
    assert sorted(again.edges(data="statements")) == sorted(
        (u, v, list(s)) for u, v, s in graph.edges(data="statements")
    )
    assert node_link.dumps(again).replace("json", "python") != ""  # writable again


def test_an_empty_tree_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no Python modules found"):
        load_graph(tmp_path)
    (tmp_path / "bad-name.py").write_text("")
    with pytest.raises(SourceError, match=r"no Python modules found; 1 file\(s\) reported"):
        load_graph(tmp_path)


def test_strict_turns_reports_into_a_failure() -> None:
    graph = load_graph(FLAT)  # reports, but a graph
    assert "alpha" in graph
    with pytest.raises(SourceError) as info:
        load_graph(FLAT, options=ScanOptions(strict=True))
    assert str(info.value).startswith(f"{FLAT / 'bad-name.py'}: file name is not a Python identifier")
    assert "(and 5 more); strict makes every report an error" in str(info.value)


def test_the_listener_is_told_the_reports_and_the_summary() -> None:
    class Recorder(Listener):
        def finished(self, result: ScanOutcome, summary: ScanSummary | None) -> None:
            self.result, self.summary = result, summary

    recorder = Recorder()
    load_graph(FLAT, listener=recorder)
    assert len(recorder.result.reports) == 6
    assert str(recorder.summary).startswith("24 files, 19 units, 20 edges, 1 cycle, 6 files reported")


def test_the_graph_text_is_kept_and_a_tampered_one_ignored(tmp_path: Path) -> None:
    from planner.loaders.python import scan_json
    from planner.loaders.scan.cache import ParseCache

    tree = tmp_path / "flat"
    shutil.copytree(FLAT, tree)
    options = ScanOptions(cache_dir=str(tmp_path / "cache"), external=True)
    expected = node_link.dumps(load_graph(tree, options=options))
    told: list[tuple[ScanOutcome, ScanSummary | None]] = []

    class Recorder(Listener):
        def finished(self, result: ScanOutcome, summary: ScanSummary | None) -> None:
            told.append((result, summary))

    assert scan_json(tree, display="flat", options=options, listener=Recorder()) == expected.replace(str(tree), "flat")
    companion = ParseCache(tmp_path / "cache", tree, "flat").companion_path
    kept = json.loads(companion.read_text())
    assert scan_json(tree, display="flat", options=options, listener=Recorder()) == kept["value"][0]
    cold, warm = told
    assert (cold[0], str(cold[1]).split("(")[0]) == (warm[0], str(warm[1]).split("(")[0])
    # a new file that cannot be a module is reported, though the modules are the same
    (tree / "also-bad.py").write_text("")
    scan_json(tree, display="flat", options=options, listener=Recorder())
    assert "flat/also-bad.py" in {r.path for r in told[-1][0].reports}
    # tampered: a unit name with a control character is not written, the tree is scanned
    for bad in (kept["value"][0].replace("alpha.core", "alpha\\u0007core"), "{}", 7):
        companion.write_text(json.dumps({**kept, "value": [bad, *kept["value"][1:]]}))
        assert scan_json(tree, display="flat", options=options) == expected.replace(str(tree), "flat")
