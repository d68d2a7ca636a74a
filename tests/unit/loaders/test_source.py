"""What a SOURCE is, answered once: a plan file, a graph file of a format, or a source tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner import api
from planner.errors import GraphLoadError, UsageError
from planner.loaders.source import GraphFile, PlanFile, SourceTree, open_source, plan_file

ROOT = Path(__file__).parents[3]


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "saved"  # recognised by its content, not its name
    path.write_text(api.plan_json(api.make_plan(ROOT / "graphs/shop.dot")))
    return path


def test_a_plan_file_is_a_plan_whatever_its_name_or_the_format_asked(plan_path: Path) -> None:
    opened = open_source(plan_path)
    assert isinstance(opened, PlanFile) and opened.path == plan_path
    assert isinstance(open_source(plan_path, "dot"), PlanFile)
    assert api.plan_in(plan_path) == api.read_plan(plan_path)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("g.dot", "digraph { a -> b }", "dot"),
        ("noext", "digraph { a -> b }", "dot"),
        ("g.json", '{"nodes": [], "links": []}', "json"),
        ("mentions.json", '{"nodes": [{"id": "planner-plan/2"}], "links": []}', "json"),
        ("g.graphml", "<?xml version='1.0'?><graphml/>", "graphml"),
        ("g.ord", "DIMENSION 2\n", "cito-ord"),
    ],
)
def test_graph_files_are_graphs_of_their_format(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert open_source(path) == GraphFile(path, expected)
    assert plan_file(path) is None and api.plan_in(path) is None


def test_a_directory_or_a_py_file_is_a_source_tree_and_a_cito_folder_a_graph(tmp_path: Path) -> None:
    assert open_source(ROOT / "examples/webshop/src") == SourceTree(ROOT / "examples/webshop/src")
    module = tmp_path / "settings.py"
    module.write_text('{"not": "json"}\ngraph = 1\n')  # first bytes that would look like another format
    assert open_source(module) == SourceTree(module)
    cito = tmp_path / "system"
    cito.mkdir()
    (cito / "deps_type.csv").write_text("")
    assert open_source(cito) == GraphFile(cito, "cito-csv")
    assert open_source(ROOT / "graphs/shop.dot", "python") == SourceTree(ROOT / "graphs/shop.dot")


def test_the_errors_are_the_loaders_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"nope\.dot: no such file or directory"):
        open_source(tmp_path / "nope.dot")
    assert plan_file(tmp_path / "nope.dot") is None  # asking whether it is a plan never raises
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(GraphLoadError, match="cannot tell the graph format"):
        open_source(notes)
    with pytest.raises(UsageError, match="unknown input format 'yaml'"):
        open_source(notes, "yaml")
    shutil.copy(ROOT / "graphs/shop.dot", tmp_path / "shop.dot")
    assert open_source(tmp_path / "shop.dot", "graphml") == GraphFile(tmp_path / "shop.dot", "graphml")
