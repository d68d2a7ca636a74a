"""The hostile inputs of issue 20, each once: a one-line error naming the file (and line or node), never
an internal error. Through the entry points the command line uses, and a few through the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from planner import api, planfile
from planner.errors import GraphLoadError, PlanFileError, PlannerError
from planner.loaders.scan import ScanOptions
from tests.conftest import GRAPHS, RunCli
from tests.functional.test_cli import one_line_error

DIGITS = "9" * 4301  # one more than int() converts (sys.get_int_max_str_digits)


def error_of(path: Path) -> PlannerError:
    with pytest.raises(PlannerError) as caught:
        api.load(path)
    assert "\n" not in str(caught.value)
    return caught.value


def test_an_integer_of_more_than_4300_digits_in_a_graph_is_a_syntax_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text('{"nodes": [\n  {"id": "a", "label": "' + DIGITS + '"},\n  {"id": "b", "size": ' + DIGITS + "}\n]}")
    error = error_of(path)
    assert (
        str(error)
        == f"{path}:3: JSON syntax error at column 23: integer of more than 308 digits (beyond the range of a number)"
    )


@pytest.mark.parametrize("digits", [309, 4300])
def test_an_integer_too_large_for_a_float_is_refused_where_it_stands(tmp_path: Path, digits: int) -> None:
    """Within int()'s limit but beyond a double's range: it used to overflow as a weight or a cost."""
    path = tmp_path / "graph.json"
    path.write_text(
        '{"nodes": [{"id": "a"}, {"id": "b"}],\n "edges": [{"source": "a", "target": "b", "weight": '
        + "9" * digits
        + "}]}"
    )
    assert (
        str(error_of(path))
        == f"{path}:2: JSON syntax error at column 53: integer of more than 308 digits (beyond the range of a number)"
    )
    plan = tmp_path / "plan.json"
    plan.write_text(
        planfile.dumps(api.make_plan(GRAPHS / "shop.dot")).replace('"cost":1.0', '"cost":' + "1" * digits, 1)
    )
    with pytest.raises(PlanFileError, match=r"^.*plan\.json:1: not JSON \(integer of more than 308 digits"):
        api.read_plan(plan)


def test_a_long_run_of_digits_inside_a_string_or_a_fraction_is_no_integer(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text('{"nodes": [{"id": "a", "label": "' + "9" * 400 + '", "x": 0.' + "9" * 400 + "}]}")
    assert api.load(path).nodes["a"]["label"] == "9" * 400


def test_an_integer_of_more_than_4300_digits_in_a_plan_file(tmp_path: Path) -> None:
    text = planfile.dumps(api.make_plan(GRAPHS / "shop.dot"), pretty=True)
    path = tmp_path / "plan.json"
    path.write_text(text.replace('"index": 1', f'"index": {DIGITS}', 1))
    line = text[: text.index('"index": 1')].count("\n") + 1
    assert line > 1
    with pytest.raises(PlanFileError) as caught:
        api.read_plan(path)
    assert str(caught.value).startswith(
        f"{path}:{line}: not JSON (integer of more than 308 digits (beyond the range of a number); column "
    )


@pytest.mark.parametrize("kind", [["import"], {"a": 1}, 3, None, True])
def test_an_edge_kind_that_is_not_a_string(tmp_path: Path, kind: object) -> None:
    path = tmp_path / "graph.json"
    nodes = [{"id": "a"}, {"id": "b"}]
    path.write_text(json.dumps({"nodes": nodes, "edges": [{"source": "a", "target": "b", "kind": kind}]}))
    error = error_of(path)
    assert isinstance(error, GraphLoadError) and error.node == "a"
    assert str(error).startswith(f"{path}: edges[0]: unknown edge kind {kind!r} (known kinds: ")


@pytest.mark.parametrize("where", ["names", "label"])
def test_a_lone_surrogate_in_an_edge_attribute(tmp_path: Path, where: str) -> None:
    path = tmp_path / "graph.json"
    edge = '{"source": "a", "target": "b", "' + where + '": ["f", "\\ud800"]}'
    path.write_text('{"nodes": [{"id": "a"}, {"id": "b"}], "edges": [' + edge + "]}")
    error = error_of(path)
    assert isinstance(error, GraphLoadError) and error.node == "a"
    assert str(error) == f"{path}: dependency a -> b: an attribute holds a lone surrogate (not Unicode text)"


def test_a_lone_surrogate_in_a_node_attribute(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text('{"nodes": [{"id": "a", "doc": "\\udfff"}], "edges": []}')
    assert str(error_of(path)) == f"{path}: node 'a': an attribute holds a lone surrogate (not Unicode text)"


@pytest.mark.parametrize(
    ("encoding", "why"),
    [("bogus-enc", "unknown encoding: bogus-enc"), ("shift_jis", "multi-byte encodings are not supported")],
)
def test_graphml_declaring_an_encoding_that_cannot_be_read(tmp_path: Path, encoding: str, why: str) -> None:
    path = tmp_path / "graph.graphml"
    path.write_text(f'<?xml version="1.0" encoding="{encoding}"?>\n<graphml><graph/></graphml>\n')
    assert str(error_of(path)) == (
        f"{path}:1: the XML declaration names an encoding that cannot be read ({why}); write the file as UTF-8"
    )


def test_a_source_whose_name_is_too_long_for_the_file_system(tmp_path: Path) -> None:
    """A case that fails for root too (unlike an unreadable directory)."""
    path = tmp_path / ("a" * 300)
    assert str(error_of(path)) == f"{path}: cannot read: File name too long"
    with pytest.raises(GraphLoadError, match="cannot read: File name too long"):
        api.make_plan(path, scan=ScanOptions())


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a directory whatever its mode (CAP_DAC_OVERRIDE)")
def test_an_unreadable_directory_as_source(tmp_path: Path) -> None:
    source = tmp_path / "locked"
    source.mkdir()
    source.chmod(0)
    try:
        error = error_of(source)
    finally:
        source.chmod(0o755)
    assert str(error).startswith(f"{source}") and "Permission denied" in str(error)


def test_a_source_file_over_the_size_limit_is_reported_and_skipped(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg import big\n")
    (package / "big.py").write_bytes(b"#" * 10_000_001)  # the default limit, 10 MB, and one byte
    from planner.loaders.scan import scan

    result = scan(package)
    assert sorted(m.name for m in result.modules) == ["pkg", "pkg.a"]
    [report] = result.reports
    assert (report.path, report.line) == (f"{package}/big.py", None)
    assert report.message == "too large to parse (10,000,001 bytes; the limit is 10,000,000): not a module"
    raised = scan(package, options=ScanOptions(max_file_size=20_000_000))
    assert sorted(m.name for m in raised.modules) == ["pkg", "pkg.a", "pkg.big"]


def test_the_command_line_gives_the_same_one_line_errors(run_cli: RunCli, tmp_path: Path) -> None:
    graph = tmp_path / "graph.json"
    graph.write_text('{"nodes": [{"id": "a", "n": ' + DIGITS + "}]}")
    assert one_line_error(run_cli("plan", graph), 1) == (
        f"planner: error: {graph}:1: JSON syntax error at column 29: "
        "integer of more than 308 digits (beyond the range of a number)"
    )
    plan = tmp_path / "plan.json"
    plan.write_text('{"schema": ' + DIGITS + "}")
    assert one_line_error(run_cli("show", plan), 1).startswith(f"planner: error: {plan}:1: not JSON (integer of")
    graphml = tmp_path / "g.graphml"
    graphml.write_text('<?xml version="1.0" encoding="bogus-enc"?><graphml/>')
    assert "names an encoding that cannot be read" in one_line_error(run_cli("compare", graphml), 1)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "small.py").write_text("import big\n")
    (tree / "big.py").write_text("x = 1\n" * 100)
    result = run_cli("scan", tree, "--max-file-size", "500", "--no-cache", check=True)
    assert "planner: reported: " in result.stderr and "big.py: too large to parse (600 bytes; the limit is 500)" in (
        result.stderr
    )
    assert "Dependencies scanned from" in result.stdout and "1 unit" in result.stdout


def test_an_integer_beyond_a_double_is_refused_in_every_format_so_that_json_can_carry_the_graph(
    tmp_path: Path,
) -> None:
    digits = "9" * 400  # int() converts it; JSON (planner.base.jsontext) would not read it back
    graphml = tmp_path / "graph.graphml"
    graphml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<graphml>\n<key id="n" for="node" attr.name="n" attr.type="long"/>\n'
        f'<graph edgedefault="directed">\n<node id="a"><data key="n">{digits}</data></node>\n</graph></graphml>\n'
    )
    assert str(error_of(graphml)) == f"{graphml}:5: node 'a': an attribute holds an integer of more than 308 digits"
    dot = tmp_path / "graph.dot"
    dot.write_text(f'digraph {{ a -> b [lines="{digits}"] }}\n')
    assert str(error_of(dot)) == f"{dot}:1: dependency a -> b: an attribute holds an integer of more than 308 digits"
