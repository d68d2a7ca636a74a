"""Fuzzing every input format: a graph (or plan) or a one-line error naming the file, never an internal error.

Each format is fuzzed through the entry point the command line uses
(:func:`planner.api.load`, which detects the format as ``planner plan SOURCE``
does, and :func:`planner.api.read_plan`), with a small budget in the default
suite and a large one under ``-m slow``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import api, planfile
from planner.errors import PlannerError, PlanningError
from planner.loaders import node_link
from tests import hostile_inputs
from tests.conftest import GRAPHS

BUDGETS = [
    pytest.param(40, id="small"),
    pytest.param(800, id="large", marks=pytest.mark.slow),
]

ORD_SEED = b"""DIMENSION 3
DEPENDENCY
1   2 I   3 Us
2   3 As
3
ATTRIBUTE
1   3 2
METHOD
1   3 1
END
MAPPING
1   a.Figure
2   a.Shape
3   a.Point
"""
CSV_SEEDS = {
    "CId_Name.csv": b"Id,Name\n0,a.Figure\n1,a.Shape\n2,a.Point\n",
    "deps_type.csv": b"From,To,Type,Stype\n0,1,3,I\n0,2,1,As\n1,2,2,Ag\n",
    "Attr_Method_deps.csv": b'Id,Name,Set_of_Attrdeps,Set_of_Methoddeps\n0,a.Figure,"{attrDeps:{a.Point:2}}",null\n',
}


def check_one_line(error: PlannerError, display: str) -> None:
    """The error a user sees: one line, naming the file."""
    text = str(error)
    assert "\n" not in text and text == " ".join(text.split())
    assert display in text, text


def check_graph(graph: nx.DiGraph) -> None:
    """A valid result: a graph that can be written as node-link JSON and read back the same,
    and planned (or refused as unplannable: a cycle that only unbreakable dependencies close)."""
    assert isinstance(graph, nx.DiGraph) and graph.number_of_nodes() > 0
    again = node_link.loads(node_link.dumps(graph))
    assert again.graph["sha256"] == graph.graph["sha256"]
    try:
        plan = api.make_plan(graph, strategy="sandwich")
    except PlanningError as error:
        message = str(error)
    else:
        message = ""
        assert planfile.loads(planfile.dumps(plan)) == plan
    assert "\n" not in message


def load_file(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, name)
        path.write_bytes(data)
        try:
            graph = api.load(path)
        except PlannerError as error:
            check_one_line(error, str(path))
        else:
            check_graph(graph)


def run(budget: int, strategy: st.SearchStrategy[bytes], check: Callable[[bytes], None]) -> None:
    @settings(
        max_examples=budget,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(strategy)
    def property_holds(data: bytes) -> None:
        check(data)

    property_holds()


@pytest.mark.parametrize("budget", BUDGETS)
def test_node_link_json(budget: int) -> None:
    seed = (GRAPHS / "shop.json").read_bytes()
    run(budget, hostile_inputs.node_link_json(seed), lambda data: load_file(data, "graph.json"))


@pytest.mark.parametrize("budget", BUDGETS)
def test_graphml(budget: int) -> None:
    seed = (GRAPHS / "shop.graphml").read_bytes()
    run(budget, hostile_inputs.graphml(seed), lambda data: load_file(data, "graph.graphml"))


@pytest.mark.parametrize("budget", BUDGETS)
def test_dot(budget: int) -> None:
    seed = (GRAPHS / "shop.dot").read_bytes()
    run(budget, hostile_inputs.dot(seed), lambda data: load_file(data, "graph.dot"))


@pytest.mark.parametrize("budget", BUDGETS)
def test_cito_ord(budget: int) -> None:
    # No .ord suffix: the format is told from the first bytes, as for the benchmark's .txt files.
    run(budget, hostile_inputs.cito_ord(ORD_SEED), lambda data: load_file(data, "system.txt"))


def load_folder(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        for name, data in files.items():
            Path(directory, name).write_bytes(data)
        try:
            graph = api.load(directory)
        except PlannerError as error:
            check_one_line(error, directory)
        else:
            check_graph(graph)


@pytest.mark.parametrize("budget", BUDGETS)
def test_cito_csv(budget: int) -> None:
    @settings(max_examples=budget, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(hostile_inputs.cito_csv(CSV_SEEDS))
    def property_holds(files: dict[str, bytes]) -> None:
        load_folder(files)

    property_holds()


def read_plan_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "plan.json")
        path.write_bytes(data)
        try:
            plan = api.read_plan(path)
        except PlannerError as error:
            check_one_line(error, str(path))
        else:
            assert planfile.loads(planfile.dumps(plan)) == plan


@pytest.mark.parametrize("budget", BUDGETS)
def test_plan_file(budget: int) -> None:
    seed = planfile.dumps(api.make_plan(GRAPHS / "shop.dot", strategy="sandwich")).encode("utf-8")
    run(budget, hostile_inputs.plan_file(seed), read_plan_file)
