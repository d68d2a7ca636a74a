"""Tests assigned to steps (planner.selection.assign): the definition, checked by brute force."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.api import make_plan
from planner.model import Plan
from planner.selection.assign import assign
from planner.selection.collected import Analysis, Collected, Collection
from tests.strategies import footprints, graphs

STRATEGIES = ["top-down", "bottom-up", "sandwich", "big-bang"]


def assigned(plan: Plan, graph: nx.DiGraph, tests: list[tuple[set[str], set[str]]], *, doubles: bool = True) -> Plan:
    collection = Collection(
        "/project",
        ("/project/tests",),
        tuple(Collected(f"tests/t.py::test_{k}", "/project/tests/t.py") for k in range(len(tests))),
    )
    analyses = {
        f"tests/t.py::test_{k}": Analysis(
            tuple(sorted(direct | indirect)), "coverage", "black-box", tuple(sorted(indirect))
        )
        for k, (direct, indirect) in enumerate(tests)
    }
    return assign(
        plan, graph, collection, analyses, rootdir=".", args=("tests",), footprint="coverage", doubles=doubles
    )


def brute_force(plan: Plan, direct: set[str], indirect: set[str], *, doubles: bool = True) -> int:
    """The first step at which the units named are integrated and the others integrated or stubbed
    (only if the run installs the doubles)."""
    if not direct | indirect:
        return len(plan.steps)
    integrated: set[str] = set()
    for step in plan.steps:
        integrated |= set(step.units)
        stubbed = {stub.unit for stub in step.stubs} if doubles else set()
        if direct <= integrated and indirect <= integrated | stubbed:
            return step.index
    raise AssertionError("every unit is integrated at the last step")


@settings(max_examples=150, deadline=None)
@given(data=st.data(), graph=graphs(cyclic=True), strategy=st.sampled_from(STRATEGIES), doubles=st.booleans())
def test_each_test_runs_at_the_first_step_that_provides_its_units(
    data: st.DataObject, graph: nx.DiGraph, strategy: str, doubles: bool
) -> None:
    plan = make_plan(graph, strategy=strategy)
    tests = data.draw(footprints(list(graph.nodes)))
    result = assigned(plan, graph, tests, doubles=doubles)
    assert result.selection is not None and result.selection.doubles is doubles
    assert result.selection is not None
    by_id = {t.node_id: t for t in result.selection.tests}
    assert len(by_id) == len(tests) == len(result.selection.tests)
    for k, (direct, indirect) in enumerate(tests):
        assert by_id[f"tests/t.py::test_{k}"].step == brute_force(plan, direct, indirect, doubles=doubles)
    # every test in exactly one step, in collection order within it
    listed = [node_id for step in result.steps for node_id in step.tests]
    assert sorted(listed) == sorted(by_id)
    for step in result.steps:
        assert list(step.tests) == sorted(step.tests, key=lambda n: int(n.rsplit("_", 1)[1]))
    # the new dependencies of each step: both ends integrated at that step, one of them for the first time
    step_of = plan.step_of()
    new = [edge for edges in result.selection.new_dependencies for edge in edges]
    assert sorted(new) == sorted(graph.edges)
    for k, edges in enumerate(result.selection.new_dependencies, start=1):
        assert all(max(step_of[u], step_of[v]) == k for u, v in edges)


def test_a_stub_stands_in_for_units_reached_through_others_never_for_the_unit_tested() -> None:
    graph = nx.DiGraph([("app", "db")])
    plan = make_plan(graph, strategy="top-down")  # step 1: app (db stubbed), step 2: db
    result = assigned(plan, graph, [({"app"}, {"db"}), ({"db"}, set()), ({"app", "db"}, set()), (set(), set())])
    assert [step.tests for step in result.steps] == [
        ("tests/t.py::test_0",),
        ("tests/t.py::test_1", "tests/t.py::test_2", "tests/t.py::test_3"),
    ]


def test_without_doubles_no_stub_counts_as_in_force() -> None:
    # the run installs no stub: a test that reaches db through app waits for db's step
    graph = nx.DiGraph([("app", "db")])
    plan = make_plan(graph, strategy="top-down")  # step 1: app (db stubbed), step 2: db
    result = assigned(plan, graph, [({"app"}, {"db"}), ({"app"}, set())], doubles=False)
    assert [step.tests for step in result.steps] == [("tests/t.py::test_1",), ("tests/t.py::test_0",)]
    assert result.selection is not None and not result.selection.doubles


def test_the_plan_keeps_its_steps_and_gets_the_tests() -> None:
    graph = nx.DiGraph([("app", "db")])
    plan = make_plan(graph, strategy="bottom-up")
    result = assigned(plan, graph, [({"db"}, set())])
    assert [s.units for s in result.steps] == [s.units for s in plan.steps]
    assert result.steps[0].tests == ("tests/t.py::test_0",) and result.steps[1].tests == ()
    assert result.selection is not None and result.selection.new_dependencies == ((), (("app", "db"),))


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_an_empty_footprint_runs_last(strategy: str) -> None:
    graph = nx.DiGraph([("a", "b"), ("b", "c")])
    result = assigned(make_plan(graph, strategy=strategy), graph, [(set(), set())])
    assert result.selection is not None and result.selection.tests[0].step == len(result.steps)
