"""Tests of the CITO CSV folder loader: small literal folders, then DRL_CITO's systems."""

from __future__ import annotations

import csv
import math
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from planner.errors import GraphLoadError
from planner.loaders import detect_format, load_graph
from planner.loaders.cito_csv import load
from tests.conftest import CITO  # ../shared/cito, or PLANNER_CITO

DRL = CITO / "ZZwarn1998_DRL_CITO" / "infoAbtPg"
NO_DATA = "../shared/cito not found: the CITO benchmark data is not beside this checkout"

NAMES = "Id,Name\n2,Bank\n0,ATM\n1,Money\n3,Status\n"
DEPS = """\
From,To,Type,Stype
0,1,1,As
0,2,2,Ag
2,1,1,As
2,1,4,Dy
1,3,3,I
1,3,1,As
3,0,4,Dy
2,0,0,None
0,3,2,Ag
0,3,4,Dy
"""
COUPLING = """\
Id,Name,Set_of_Attrdeps,Set_of_Methoddeps
0,ATM,"{attrDeps:{Money:2,Bank:4}}","{methodDeps:{Money:1,Bank:3}}"
2,Bank,"{attrDeps:{Money:1}}",null
1,Money,null,"{methodDeps:{}}"
3,Status,"{attrDeps:{ATM:8,Bank:1}}","{methodDeps:{ATM:6}}"
"""


def write_system(
    tmp_path: Path, names: str = NAMES, deps: str = DEPS, coupling: str = COUPLING, name: str = "system"
) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file, text in (("CId_Name.csv", names), ("deps_type.csv", deps), ("Attr_Method_deps.csv", coupling)):
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def load_system(tmp_path: Path, *, include_dynamic: bool = False, **files: str) -> nx.DiGraph:
    folder = write_system(tmp_path, **files)
    return load(folder, display=str(folder), include_dynamic=include_dynamic)


def complexity(a: int, m: int, amax: int, mmax: int) -> float:
    """The stubbing complexity, written out independently of the loader."""
    return math.sqrt((0.5 * (a / amax) ** 2 if amax else 0.0) + (0.5 * (m / mmax) ** 2 if mmax else 0.0))


# --- small literal folders ---------------------------------------------------------------


def test_nodes_in_id_order_with_their_ids(tmp_path: Path) -> None:
    graph = load_system(tmp_path)
    assert list(graph.nodes) == ["ATM", "Money", "Bank", "Status"]
    assert [graph.nodes[n]["id"] for n in graph] == [0, 1, 2, 3]
    assert graph.graph["format"] == "cito-csv"


def test_static_edges_merge_duplicate_pairs(tmp_path: Path) -> None:
    graph = load_system(tmp_path)
    got = {(u, v): (d["kind"], d["kinds"], d["breakable"]) for u, v, d in graph.edges(data=True)}
    assert got == {
        ("ATM", "Money"): ("associate", ("associate",), True),
        ("ATM", "Bank"): ("compose", ("compose",), False),
        ("Bank", "Money"): ("associate", ("associate",), True),
        ("Money", "Status"): ("inherit", ("associate", "inherit"), False),
        ("ATM", "Status"): ("compose", ("compose",), False),
    }


def test_dynamic_rows_when_asked(tmp_path: Path) -> None:
    graph = load_system(tmp_path, include_dynamic=True)
    got = {(u, v): (d["kind"], d["kinds"], d["breakable"]) for u, v, d in graph.edges(data=True)}
    assert got == {
        ("ATM", "Money"): ("associate", ("associate",), True),
        ("ATM", "Bank"): ("compose", ("compose",), False),
        ("Bank", "Money"): ("associate", ("associate", "dynamic"), True),
        ("Money", "Status"): ("inherit", ("associate", "inherit"), False),
        ("Status", "ATM"): ("dynamic", ("dynamic",), True),
        ("ATM", "Status"): ("compose", ("compose", "dynamic"), False),
    }


def test_none_rows_make_no_edge(tmp_path: Path) -> None:
    assert not load_system(tmp_path, include_dynamic=True).has_edge("Bank", "ATM")


def test_couplings_and_weights(tmp_path: Path) -> None:
    folder = write_system(tmp_path)
    static = load(folder, display=str(folder))
    dynamic = load(folder, display=str(folder), include_dynamic=True)
    assert {(u, v): (d["attributes"], d["methods"]) for u, v, d in static.edges(data=True)} == {
        ("ATM", "Money"): (2, 1),
        ("ATM", "Bank"): (4, 3),
        ("Bank", "Money"): (1, 0),
        ("Money", "Status"): (0, 0),
        ("ATM", "Status"): (0, 0),
    }
    # The maxima come from every listed dependency, the dynamic Status -> ATM (8, 6) included,
    # so that an edge weighs the same with or without the dynamic rows.
    for _, _, data in static.edges(data=True):
        assert data["weight"] == pytest.approx(complexity(data["attributes"], data["methods"], 8, 6), abs=1e-12)
    for u, v, data in static.edges(data=True):
        assert dynamic.edges[u, v]["weight"] == data["weight"]
    assert dynamic.edges["Status", "ATM"]["weight"] == pytest.approx(1.0)


def test_coupling_of_a_pair_that_is_no_dependency_is_ignored(tmp_path: Path) -> None:
    # Status -> Bank has A = 1 but no row in deps_type.csv (BCEL has 11 such entries).
    graph = load_system(tmp_path, include_dynamic=True)
    assert not graph.has_edge("Status", "Bank")


def test_no_return_or_parameter_types(tmp_path: Path) -> None:
    data = load_system(tmp_path).edges["ATM", "Money"]
    assert "return_types" not in data
    assert "param_types" not in data


def test_load_graph_detects_the_folder_and_passes_options(tmp_path: Path) -> None:
    folder = write_system(tmp_path)
    assert detect_format(folder) == "cito-csv"
    assert load_graph(folder).number_of_edges() == 5
    assert load_graph(folder, include_dynamic=True).number_of_edges() == 6


def test_blank_lines_and_crlf_are_fine(tmp_path: Path) -> None:
    graph = load_system(
        tmp_path,
        names="Id,Name\r\n0,A\r\n\r\n1,B\r\n",
        deps="From,To,Type,Stype\r\n0,1,1,As\r\n",
        coupling='Id,Name,Set_of_Attrdeps,Set_of_Methoddeps\r\n0,A,"{attrDeps:{B:1}}",null\r\n',
    )
    assert list(graph.edges(data="attributes")) == [("A", "B", 1)]


def test_not_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "deps_type.csv"
    path.write_text("From,To,Type,Stype\n", encoding="utf-8")
    with pytest.raises(GraphLoadError, match="not a folder"):
        load(path, display=str(path))


@pytest.mark.parametrize("missing", ["CId_Name.csv", "deps_type.csv", "Attr_Method_deps.csv"])
def test_missing_file(tmp_path: Path, missing: str) -> None:
    folder = write_system(tmp_path)
    (folder / missing).unlink()
    with pytest.raises(GraphLoadError) as info:
        load(folder, display=str(folder))
    assert info.value.path == str(folder / missing)
    assert f"missing {missing}" in info.value.message


NH = "Id,Name\n"
DH = "From,To,Type,Stype\n"
CH = "Id,Name,Set_of_Attrdeps,Set_of_Methoddeps\n"
VALID = {"names": NH + "0,A\n1,B\n", "deps": DH, "coupling": CH}
FILES = {"names": "CId_Name.csv", "deps": "deps_type.csv", "coupling": "Attr_Method_deps.csv"}


@pytest.mark.parametrize(
    ("bad", "text", "line", "fragment"),
    [
        ("names", "", None, "expected the header Id,Name, got an empty file"),
        ("names", "Name,Id\n0,A\n", 1, "expected the header Id,Name, got 'Name,Id'"),
        ("names", NH + "0,A,extra\n", 2, "expected 2 columns"),
        ("names", NH, None, "no classes"),
        ("names", NH + "x,A\n", 2, "Id must be a whole number >= 0, got 'x'"),
        ("names", NH + "-1,A\n", 2, "Id must be a whole number >= 0, got '-1'"),
        ("names", NH + "0,A\n0,B\n", 3, "class id 0 is named twice (first at line 2)"),
        ("names", NH + "0,A\n1,A\n", 3, "classes 0 (line 2) and 1 have the same name 'A'"),
        ("names", NH + "0,\n", 2, "non-empty string"),
        ("names", NH + '0,"A\n', 2, "CSV syntax error: unexpected end of data"),
        ("names", NH + '0,"A"x\n', 2, "CSV syntax error"),
        ("names", NH + '0,A\n1,"B\nC"\n', 3, "control character, line break"),
        ("deps", DH + "0,1,1\n", 2, "expected 4 columns"),
        ("deps", DH + "0,1,1,As\n0,5,1,As\n", 3, "To class id 5 is not in CId_Name.csv"),
        ("deps", DH + "9,1,1,As\n", 2, "From class id 9 is not in CId_Name.csv"),
        ("deps", DH + "0,1,7,Xx\n", 2, "unknown dependency Type 7"),
        ("deps", DH + "0,1,x,As\n", 2, "Type must be a whole number"),
        ("deps", DH + "0,1," + "9" * 5000 + ",As\n", 2, "Type must be a whole number"),
        ("deps", DH + "0,1,1,Ag\n", 2, "Type 1 is As, but Stype says 'Ag'"),
        ("deps", DH + "0,1,1,As\n1,1,3,I\n", 3, "self-loop: class 1 (B) depends on itself"),
        ("coupling", "Id,Name,Attrs,Methods\n", 1, "expected the header"),
        ("coupling", CH + "7,A,null,null\n", 2, "Id class id 7 is not in"),
        ("coupling", CH + "0,B,null,null\n", 2, "class 0 is 'A' in CId_Name.csv, but 'B' here"),
        ("coupling", CH + "0,A,null,null\n0,A,null,null\n", 3, "class 0 has two rows (first at line 2)"),
        ("coupling", CH + '0,A,"{attrDeps:B:1}",null\n', 2, "coupling set does not parse"),
        ("coupling", CH + "0,A,{},null\n", 2, "coupling set does not parse"),
        ("coupling", CH + '0,A,null,"{attrDeps:{B:1}}"\n', 2, "expected null or {methodDeps:"),
        ("coupling", CH + '0,A,"{attrDeps:{B}}",null\n', 2, "expected Name:count"),
        ("coupling", CH + '0,A,"{attrDeps:{Z:1}}",null\n', 2, "names class 'Z', which is not in"),
        ("coupling", CH + '0,A,"{attrDeps:{B:x}}",null\n', 2, "count of 'B' must be a whole number"),
        ("coupling", CH + '0,A,"{attrDeps:{B:1,B:2}}",null\n', 2, "gives class 'B' twice"),
    ],
)
def test_errors_name_the_file_and_line(tmp_path: Path, bad: str, text: str, line: int | None, fragment: str) -> None:
    folder = write_system(tmp_path, **{**VALID, bad: text})
    with pytest.raises(GraphLoadError) as info:
        load(folder, display=str(folder))
    error = info.value
    assert error.path == str(folder / FILES[bad])
    assert error.line == line
    assert fragment in error.message
    where = f"{error.path}:{line}: " if line is not None else f"{error.path}: "
    assert str(error).startswith(where)
    assert "\n" not in str(error)


def test_invalid_utf8_is_a_load_error(tmp_path: Path) -> None:
    folder = write_system(tmp_path)
    (folder / "CId_Name.csv").write_bytes(b"Id,Name\n0,Caf\xe9\n")
    with pytest.raises(GraphLoadError) as info:
        load(folder, display=str(folder))
    assert (info.value.path, info.value.line) == (str(folder / "CId_Name.csv"), 2)


# --- DRL_CITO's systems ------------------------------------------------------------------


@pytest.fixture
def drl() -> Path:
    if not DRL.is_dir():
        pytest.skip(NO_DATA)
    return DRL


# (system, classes, static edges, I, Ag, As): the counts SOURCES.md gives, which for
# ATM, ant and SPM are those Briand et al. published.
PUBLISHED = [
    ("ATM", 21, 67, 4, 15, 48),
    ("ant", 25, 83, 11, 2, 70),
    ("SPM", 19, 72, 5, 10, 57),
    ("DNS", 61, 266, 29, 10, 227),
    ("BCEL", 45, 286, 48, 4, 234),
]


@pytest.mark.parametrize(("system", "units", "edges", "i", "ag", "as_"), PUBLISHED, ids=[p[0] for p in PUBLISHED])
def test_published_counts(drl: Path, system: str, units: int, edges: int, i: int, ag: int, as_: int) -> None:
    graph = load_graph(drl / system)
    assert graph.number_of_nodes() == units
    assert graph.number_of_edges() == edges
    kinds = Counter(kind for _, _, kind in graph.edges(data="kind"))
    assert kinds == Counter({"inherit": i, "compose": ag, "associate": as_})


# Briand et al.'s ATM, ANT and SPM, and the table of SOURCES.md for DNS and BCEL.
CYCLES = [("ATM", 30), ("ant", 654), ("SPM", 1178), ("DNS", 16), ("BCEL", 354_967)]


@pytest.mark.parametrize(("system", "cycles"), CYCLES, ids=[c[0] for c in CYCLES])
def test_simple_cycles_of_the_static_graph(drl: Path, system: str, cycles: int) -> None:
    graph = load_graph(drl / system)
    assert sum(1 for _ in nx.simple_cycles(graph)) == cycles


def _systems() -> list[str]:
    found = sorted(path.name for path in DRL.iterdir() if path.is_dir()) if DRL.is_dir() else []
    return found or ["(data absent)"]


def couple_list(folder: Path) -> dict[tuple[int, int], float]:
    with (folder / "Couple_List.csv").open(newline="", encoding="utf-8") as handle:
        return {(int(r["From"]), int(r["To"])): float(r["Couple_value"]) for r in csv.DictReader(handle)}


def none_rows(folder: Path) -> set[tuple[int, int]]:
    with (folder / "deps_type.csv").open(newline="", encoding="utf-8") as handle:
        return {(int(r["From"]), int(r["To"])) for r in csv.DictReader(handle) if r["Type"] == "0"}


@pytest.mark.parametrize("system", _systems())
def test_every_system_loads_and_weights_match_couple_list(drl: Path, system: str) -> None:
    static = load_graph(drl / system)
    dynamic = load_graph(drl / system, include_dynamic=True)
    assert set(static.edges) <= set(dynamic.edges)
    assert all("dynamic" not in kinds for _, _, kinds in static.edges(data="kinds"))
    expected = couple_list(drl / system)
    ids = {name: data["id"] for name, data in dynamic.nodes(data=True)}
    for u, v, weight in dynamic.edges(data="weight"):
        assert weight == pytest.approx(expected[ids[u], ids[v]], abs=1e-9), (u, v)
    # Couple_List is zero off the dependencies, so no dependency was left out; it does
    # weigh two of BCEL's "None" rows, which are no dependency and make no edge.
    edges = {(ids[u], ids[v]) for u, v in dynamic.edges}
    assert {pair for pair, value in expected.items() if value} <= edges | none_rows(drl / system)


@pytest.mark.parametrize("system", ["ATM", "BCEL"])
def test_couple_list_cross_check(drl: Path, system: str) -> None:
    graph = load_graph(drl / system)
    expected = couple_list(drl / system)
    checked = 0
    for u, v, weight in graph.edges(data="weight"):
        assert weight == pytest.approx(expected[graph.nodes[u]["id"], graph.nodes[v]["id"]], abs=1e-9)
        checked += weight > 0
    assert checked > 0.5 * graph.number_of_edges()
