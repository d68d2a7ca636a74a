"""Tests of the text ORD loader: small literal files, then the published HITO ORDs."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pytest

from planner.errors import GraphLoadError
from planner.graph import KINDS
from planner.loaders import detect_format, load_graph
from planner.loaders.cito_ord import load
from tests.conftest import CITO  # ../shared/cito, or PLANNER_CITO

HITO = CITO / "GiovaniGuizzo_HITO"
NO_DATA = "../shared/cito not found: the CITO benchmark data is not beside this checkout"

# Three classes and an aspect; every section, a stray METHOD entry (4 -> 1) and
# a METHOD pair given twice in its row (2 -> 3: 5 then 4, the last one counts).
SMALL = """\
DIMENSION 4
DEPENDENCY
1\t2 I\t3 Us
2\t3 As
3
4\t1 Ad\t3 It
ATTRIBUTE
1\t3 2
2\t3 4
3
4\t1 1
METHOD
1\t2 1\t3 2
2\t3 5\t3 4
4\t1 6\t2 9
METHODRETURNTYPE
1\t3 1
METHODPARAMTYPE
2\t3 2
ASPECTS
4
CLUSTERS
1\t2
3\t4
END
MAPPING
1\tshop.Cart
2\tshop.Base
3\tshop.Db
4\tshop.Logging - aspecto
"""


def write(tmp_path: Path, text: str, name: str = "system.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str) -> nx.DiGraph:
    path = write(tmp_path, text)
    return load(path, display=str(path))


def complexity(a: int, m: int, amax: int, mmax: int) -> float:
    """The stubbing complexity, written out independently of the loader."""
    return math.sqrt((0.5 * (a / amax) ** 2 if amax else 0.0) + (0.5 * (m / mmax) ** 2 if mmax else 0.0))


# --- small literal files -----------------------------------------------------------------


def test_nodes_are_named_by_mapping_in_id_order(tmp_path: Path) -> None:
    graph = load_text(tmp_path, SMALL)
    assert list(graph.nodes) == ["shop.Cart", "shop.Base", "shop.Db", "shop.Logging"]
    assert [graph.nodes[n]["id"] for n in graph] == [1, 2, 3, 4]
    assert graph.graph["format"] == "cito-ord"
    assert graph.graph["source"] == str(tmp_path / "system.txt")


def test_aspects_and_clusters_become_node_attributes(tmp_path: Path) -> None:
    graph = load_text(tmp_path, SMALL)
    assert {n: graph.nodes[n]["aspect"] for n in graph} == {
        "shop.Cart": False,
        "shop.Base": False,
        "shop.Db": False,
        "shop.Logging": True,
    }
    assert {n: graph.nodes[n]["cluster"] for n in graph} == {
        "shop.Cart": 1,
        "shop.Base": 1,
        "shop.Db": 2,
        "shop.Logging": 2,
    }


def test_edges_in_file_order_with_kinds_and_couplings(tmp_path: Path) -> None:
    graph = load_text(tmp_path, SMALL)
    got = [
        (u, v, d["kind"], d["breakable"], d["attributes"], d["methods"], d["return_types"], d["param_types"])
        for u, v, d in graph.edges(data=True)
    ]
    assert got == [
        ("shop.Cart", "shop.Base", "inherit", False, 0, 1, 0, 0),
        ("shop.Cart", "shop.Db", "use", True, 2, 2, 1, 0),
        ("shop.Base", "shop.Db", "associate", True, 4, 4, 0, 2),
        ("shop.Logging", "shop.Cart", "advice", True, 1, 6, 0, 0),
        ("shop.Logging", "shop.Db", "intertype", False, 0, 0, 0, 0),
    ]


def test_stray_coupling_entry_makes_no_edge(tmp_path: Path) -> None:
    graph = load_text(tmp_path, SMALL)
    assert not graph.has_edge("shop.Logging", "shop.Base")  # METHOD 4 -> 2 without a DEPENDENCY
    assert graph.number_of_edges() == 5


def test_weight_is_the_stubbing_complexity(tmp_path: Path) -> None:
    graph = load_text(tmp_path, SMALL)
    # Amax = 4 and Mmax = 6 over the dependencies; the stray M = 9 of 4 -> 2 does not count.
    for _, _, data in graph.edges(data=True):
        assert data["weight"] == pytest.approx(complexity(data["attributes"], data["methods"], 4, 6), abs=1e-12)
    assert graph.edges["shop.Logging", "shop.Db"]["weight"] == 0.0


def test_zero_maxima_contribute_nothing(tmp_path: Path) -> None:
    text = "DIMENSION 3\nDEPENDENCY\n1 2 Us 3 Us\nMETHOD\n1 2 2 3 1\n"
    graph = load_text(tmp_path, text)
    assert graph.edges["1", "2"]["weight"] == pytest.approx(math.sqrt(0.5))
    assert graph.edges["1", "3"]["weight"] == pytest.approx(math.sqrt(0.5) / 2)
    assert graph.edges["1", "2"]["attributes"] == 0


def test_all_zero_couplings_weigh_zero(tmp_path: Path) -> None:
    graph = load_text(tmp_path, "DIMENSION 2\nDEPENDENCY\n1 2 As\n")
    assert graph.edges["1", "2"]["weight"] == 0.0


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("I", "inherit"),
        ("It", "intertype"),
        ("Ag", "compose"),
        ("As", "associate"),
        ("Us", "use"),
        ("Ad", "advice"),
        ("Pc", "pointcut"),
        ("Iherenca", "inherit"),
    ],
)
def test_type_codes(tmp_path: Path, code: str, kind: str) -> None:
    graph = load_text(tmp_path, f"DIMENSION 2\nDEPENDENCY\n1 2 {code}\n")
    data = graph.edges["1", "2"]
    assert data["kind"] == kind
    assert data["breakable"] is KINDS[kind]


def test_without_mapping_units_are_named_by_id(tmp_path: Path) -> None:
    text = "DIMENSION 3\nDEPENDENCY\n1\t2 I\n2\n3\t1 Us\nASPECTS\n\nEND\n"
    graph = load_text(tmp_path, text)
    assert list(graph.nodes) == ["1", "2", "3"]
    assert [graph.nodes[n]["id"] for n in graph] == [1, 2, 3]
    assert list(graph.edges) == [("1", "2"), ("3", "1")]
    assert not any(graph.nodes[n]["aspect"] for n in graph)
    assert not any("cluster" in graph.nodes[n] for n in graph)


def test_empty_mapping_section_names_by_id(tmp_path: Path) -> None:
    graph = load_text(tmp_path, "DIMENSION 2\nDEPENDENCY\n1 2 I\nEND\nMAPPING\n")
    assert list(graph.nodes) == ["1", "2"]


def test_aspect_suffix_speaks_where_aspects_lists_nobody(tmp_path: Path) -> None:
    text = "DIMENSION 2\nDEPENDENCY\n1 2 Ad\nASPECTS\n\nEND\nMAPPING\n1\tLog - aspecto\n2\tCore\n"
    graph = load_text(tmp_path, text)
    assert list(graph.nodes) == ["Log", "Core"]
    assert graph.nodes["Log"]["aspect"] is True
    assert graph.nodes["Core"]["aspect"] is False


def test_aspects_section_wins_over_a_stale_suffix(tmp_path: Path) -> None:
    text = "DIMENSION 3\nDEPENDENCY\n1 2 Us\nASPECTS\n3\nEND\nMAPPING\n1\tTable - aspecto\n2\tCore\n3\tDeliver\n"
    graph = load_text(tmp_path, text)
    assert [n for n in graph if graph.nodes[n]["aspect"]] == ["Deliver"]
    assert "Table" in graph  # the suffix is dropped all the same


def test_crlf_and_blank_lines_are_fine(tmp_path: Path) -> None:
    text = "\r\nDIMENSION 2\r\n\r\nDEPENDENCY\r\n1 2 I\r\n\r\nEND\r\n"
    graph = load_text(tmp_path, text)
    assert list(graph.edges) == [("1", "2")]


def test_load_graph_detects_the_format(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL, "OO_Shop.txt")
    assert detect_format(path) == "cito-ord"
    graph = load_graph(path)
    assert graph.graph["format"] == "cito-ord"
    assert graph.number_of_edges() == 5


def test_member_level_format_is_refused(tmp_path: Path) -> None:
    text = "0,1.3,4.6,\n1,0.2,\n2,\nEND\n0,1.3,\nEND\n0,1,\n1,\nEND\n"
    with pytest.raises(GraphLoadError) as info:
        load_text(tmp_path, text)
    assert info.value.line == 1
    assert "member-level" in str(info.value)
    assert "not supported" in str(info.value)


HEADER = "DIMENSION 3\nDEPENDENCY\n"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", None, "empty file"),
        ("\n  \n", None, "empty file"),
        ("DEPENDENCY\n1 2 I\n", 1, "DIMENSION missing"),
        ("DIMENSION\n", 1, "positive whole number"),
        ("DIMENSION 0\n", 1, "positive whole number"),
        ("DIMENSION -2\n", 1, "positive whole number"),
        ("DIMENSION 2.5\n", 1, "positive whole number"),
        ("DIMENSION three\n", 1, "positive whole number"),
        ("DIMENSION 3 4\n", 1, "positive whole number"),
        ("DIMENSION 1000001\n", 1, "past the 1,000,000 units"),
        ("DIMENSION " + "9" * 5000 + "\n", 1, "positive whole number"),
        ("DIMENSION 3\n", None, "no DEPENDENCY section"),
        ("DIMENSION 3\nDIMENSION 3\n", 2, "DIMENSION given twice"),
        ("DIMENSION 3\n1 2 I\n", 2, "expected a section header"),
        (HEADER + "1 2 I\nDEPENDENCIES\n", 4, "unknown section 'DEPENDENCIES'"),
        (HEADER + "1 2 I\nDEPENDENCY\n", 4, "section DEPENDENCY given twice (first at line 2)"),
        (HEADER + "1 2 I\nEND\n2 3 I\n", 5, "unexpected line after END"),
        (HEADER + "1 2\n", 3, "DEPENDENCY row does not parse"),
        (HEADER + "1 2 I 3\n", 3, "DEPENDENCY row does not parse"),
        (HEADER + "1 2 I\n2 3 Xy\n", 4, "unknown dependency type 'Xy'"),
        (HEADER + "1 2 i\n", 3, "unknown dependency type 'i'"),
        (HEADER + "4 1 I\n", 3, "unit id 4 is out of range 1..3"),
        (HEADER + "1 0 I\n", 3, "unit id 0 is out of range 1..3"),
        (HEADER + "1 2 I\n2 9 Us\n", 4, "unit id 9 is out of range 1..3"),
        (HEADER + "a 2 I\n", 3, "expected a unit id, got 'a'"),
        (HEADER + "1 +2 I\n", 3, "expected a unit id, got '+2'"),
        (HEADER + "1 2 I\n1 3 Us\n", 4, "DEPENDENCY has two rows for unit 1 (first at line 3)"),
        (HEADER + "1 2 I 2 Us\n", 3, "dependency 1 -> 2 is listed twice"),
        (HEADER + "1 2 I\n2 2 Us\n", 4, "self-loop"),
        (HEADER + "1 2 I\nATTRIBUTE\n1 2 x\n", 5, "ATTRIBUTE count for 1 -> 2 must be a whole number >= 0, got 'x'"),
        (HEADER + "1 2 I\nMETHOD\n1 2 -1\n", 5, "got '-1'"),
        (HEADER + "1 2 I\nMETHOD\n1 2 " + "9" * 5000 + "\n", 5, "must be a whole number"),
        (HEADER + "1 2 I\nMETHOD\n1 2\n", 5, "METHOD row does not parse"),
        (HEADER + "1 2 I\nMETHOD\n1 7 1\n", 5, "unit id 7 is out of range"),
        (HEADER + "1 2 I\nMETHODPARAMTYPE\n1 2 1\n1 2 1\n", 6, "METHODPARAMTYPE has two rows for unit 1"),
        (HEADER + "1 2 I\nASPECTS\n2 5\n", 5, "unit id 5 is out of range"),
        (HEADER + "1 2 I\nCLUSTERS\n1 2\n2 3\n", 6, "unit 2 is in two clusters (1 and 2)"),
        (HEADER + "1 2 I\nEND\nMAPPING\n1 A\n2 B\n1 C\n", 8, "MAPPING names unit 1 twice (first at line 6)"),
        (HEADER + "1 2 I\nEND\nMAPPING\n1 A\n2 A\n3 C\n", 7, "MAPPING gives units 1 (line 6) and 2 the same name 'A'"),
        (HEADER + "1 2 I\nEND\nMAPPING\n1 A - aspecto\n2 A\n3 C\n", 7, "the same name 'A'"),
        (HEADER + "1 2 I\nEND\nMAPPING\n1 A\n2\n3 C\n", 7, "MAPPING gives unit 2 no name"),
        (HEADER + "1 2 I\nEND\nMAPPING\n1 A\n3 C\n", 5, "MAPPING names 2 of 3 units; no name for 2"),
        (HEADER + "1 2 I\nEND\nMAPPING\n0 A\n", 6, "unit id 0 is out of range"),
    ],
)
def test_errors_name_the_file_and_line(tmp_path: Path, text: str, line: int | None, fragment: str) -> None:
    with pytest.raises(GraphLoadError) as info:
        load_text(tmp_path, text)
    error = info.value
    assert error.path == str(tmp_path / "system.txt")
    assert error.line == line
    assert fragment in error.message
    where = f"{error.path}:{line}: " if line is not None else f"{error.path}: "
    assert str(error).startswith(where)
    assert "\n" not in str(error)


def test_invalid_utf8_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "system.txt"
    path.write_bytes(b"DIMENSION 2\nDEPENDENCY\n1 2 I\nEND\nMAPPING\n1 Caf\xe9\n2 B\n")
    with pytest.raises(GraphLoadError) as info:
        load(path, display=str(path))
    assert info.value.line == 6


# --- the published HITO ORDs -------------------------------------------------------------


@pytest.fixture
def hito() -> Path:
    if not HITO.is_dir():
        pytest.skip(NO_DATA)
    return HITO


# (file, units, dependencies, aspects): the counts SOURCES.md gives.
PUBLISHED = [
    ("problemas/OO_BCEL.txt", 45, 289, 0),
    ("problemas/OO_JBoss.txt", 148, 367, 0),
    ("problemas/OO_JHotDraw.txt", 197, 809, 0),
    ("problemas/OO_MyBatis.txt", 331, 1217, 0),
    ("problemas/OA_AJHotDraw.txt", 319, 1578, 31),
    ("problemas/OA_AJHsqldb.txt", 305, 1363, 15),
    ("problemas/OA_HealthWatcher.txt", 117, 397, 22),
    ("problemas/OA_TollSystems.txt", 73, 188, 24),
    ("problemas/antigos/ATM_briand.txt", 21, 67, 0),
    ("problemas/antigos/OA_AJHotDraw.txt", 319, 1592, 31),
    ("problemas/antigos/OA_AJHsqldb.txt", 300, 1338, 25),
    ("problemas/antigos/OA_HealthWatcher.txt", 117, 399, 22),
    ("problemas/antigos/OA_TollSystems.txt", 72, 188, 24),
]


@pytest.mark.parametrize(("relative", "units", "edges", "aspects"), PUBLISHED, ids=[p[0] for p in PUBLISHED])
def test_published_counts(hito: Path, relative: str, units: int, edges: int, aspects: int) -> None:
    graph = load_graph(hito / relative)
    assert graph.number_of_nodes() == units
    assert graph.number_of_edges() == edges
    assert sum(graph.nodes[n]["aspect"] for n in graph) == aspects


def test_toll_system_has_no_cycles(hito: Path) -> None:
    assert nx.is_directed_acyclic_graph(load_graph(hito / "problemas/OA_TollSystems.txt"))


def _ord_files() -> list[str]:
    patterns = ("problemas/*.txt", "problemas/antigos/*.txt", "problemas/temp/*.txt", "problemas_cluster/*.txt")
    found = sorted(
        str(path.relative_to(HITO))
        for pattern in patterns
        for path in HITO.glob(pattern)
        if not path.name.startswith(("Guava", "test"))
    )
    return found or ["(data absent)"]


@pytest.mark.parametrize("relative", _ord_files())
def test_every_ord_file_loads(hito: Path, relative: str) -> None:
    graph = load_graph(hito / relative)
    assert graph.graph["format"] == "cito-ord"
    assert [graph.nodes[n]["id"] for n in graph] == list(range(1, graph.number_of_nodes() + 1))
    for _, _, data in graph.edges(data=True):
        assert 0.0 <= data["weight"] <= 1.0
        assert data["breakable"] is KINDS[data["kind"]]


@pytest.mark.parametrize("name", ["Guava.txt", "test.txt", "test2.txt"])
def test_member_level_files_are_refused(hito: Path, name: str) -> None:
    with pytest.raises(GraphLoadError, match="member-level"):
        load_graph(hito / "problemas" / name, fmt="cito-ord")


def test_weights_follow_the_couplings(hito: Path) -> None:
    graph = load_graph(hito / "problemas/OO_JHotDraw.txt")
    amax = max(d["attributes"] for _, _, d in graph.edges(data=True))
    mmax = max(d["methods"] for _, _, d in graph.edges(data=True))
    for _, _, data in graph.edges(data=True):
        assert data["weight"] == pytest.approx(complexity(data["attributes"], data["methods"], amax, mmax), abs=1e-12)


@pytest.mark.parametrize(
    ("relative", "client", "server"),
    [("problemas/OA_AJHotDraw.txt", 317, 125), ("problemas/OA_AJHsqldb.txt", 202, 110)],
)
def test_stray_method_entries_make_no_edge(hito: Path, relative: str, client: int, server: int) -> None:
    graph = load_graph(hito / relative)
    by_id = {graph.nodes[n]["id"]: n for n in graph}
    assert not graph.has_edge(by_id[client], by_id[server])


def test_pair_given_twice_keeps_the_last_value(hito: Path) -> None:
    # METHOD row 214 of AJHotDraw lists 213 twice (3, then 1); HITO's reader keeps the last.
    graph = load_graph(hito / "problemas/OA_AJHotDraw.txt")
    by_id = {graph.nodes[n]["id"]: n for n in graph}
    assert graph.edges[by_id[214], by_id[213]]["methods"] == 1


def test_cluster_files_are_the_same_graphs_with_clusters(hito: Path) -> None:
    for path in sorted((hito / "problemas_cluster").glob("*.txt")):
        clustered = load_graph(path)
        plain = load_graph(hito / "problemas" / path.name)
        assert clustered.graph["sha256"] == plain.graph["sha256"], path.name
        assert all("cluster" in clustered.nodes[n] for n in clustered), path.name


def test_iherenca_is_inheritance(hito: Path) -> None:
    # The "Heranca" variant is the same file with its two "Iherenca" codes written "I".
    labelled = load_graph(hito / "problemas/antigos/OA_AJHsqldb.txt")
    plain = load_graph(hito / "problemas/antigos/OA_AJHsqldb_Heranca-class-aspect.txt")
    assert labelled.graph["sha256"] == plain.graph["sha256"]


ATM_ORDER = [
    "ReceiptPrinter", "Display", "Keyboard", "CardReader", "OperatorPanel", "EnvelopeAcceptor", "CashDispenser",
    "ATM", "Bank", "Session", "Transaction", "WithdrawlTransaction", "DepositTransaction", "TransferTransaction",
    "InquiryTransaction", "GUILayout", "QuestionDialog", "ATMMain", "ATMApplet", "Money", "Status",
]  # fmt: skip
"""Class ids 1..21 of ATM_briand.txt (which has no MAPPING), as SOURCES.md gives them."""


def test_atm_matches_the_drl_cito_edge_set(hito: Path) -> None:
    drl = CITO / "ZZwarn1998_DRL_CITO" / "infoAbtPg" / "ATM"
    if not drl.is_dir():
        pytest.skip(NO_DATA)
    briand = load_graph(hito / "problemas/antigos/ATM_briand.txt")
    renamed = {(ATM_ORDER[int(u) - 1], ATM_ORDER[int(v) - 1]) for u, v in briand.edges}
    assert renamed == set(load_graph(drl).edges)
