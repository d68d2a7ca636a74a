"""Warnings about a crowded placement, and why a saved plan is out of date (planner.selection.placement)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import networkx as nx

from planner.api import make_plan
from planner.model import Plan
from planner.selection.assign import assign
from planner.selection.collected import Analysis, Collected, Collection
from planner.selection.placement import placement_warnings, plan_differences

GRAPH = nx.DiGraph([("pkg.testing", "pkg.app"), ("pkg.app", "pkg.db")])


def placed(footprints: Sequence[tuple[str, ...]], graph: nx.DiGraph = GRAPH, ids: Sequence[str] | None = None) -> Plan:
    ids = ids or [f"tests/test_x.py::test_{k}" for k in range(len(footprints))]
    collection = Collection("/p", ("/p/tests",), tuple(Collected(i, "/p/tests/test_x.py") for i in ids))
    analyses = {i: Analysis(f, "static", "black-box") for i, f in zip(ids, footprints, strict=True)}
    plan = make_plan(graph, strategy="bottom-up")
    return assign(plan, graph, collection, analyses, rootdir=".", args=("tests",), footprint="static")


def test_a_spread_out_suite_gets_no_warning() -> None:
    assert placement_warnings(placed([("pkg.db",)] * 4 + [("pkg.app",)] * 4 + [("pkg.testing",)] * 4)) == []


def test_a_step_holding_most_of_the_suite_is_named_with_the_unit_that_pulls_the_tests_there() -> None:
    (warning,) = placement_warnings(placed([("pkg.testing", "pkg.db")] * 10 + [("pkg.db",)] * 2))
    assert warning.startswith("step 3 holds 10 of 12 tests (83 %): 10 of them reach pkg.testing, which it integrates")
    assert "--exclude" in warning


def test_tests_that_exercise_no_unit_are_a_group_of_their_own() -> None:
    plan = placed([()] * 8 + [("pkg.db",)] * 4)
    assert plan.selection is not None and len(plan.selection.unplaced) == 8
    (warning,) = placement_warnings(plan)
    assert warning.startswith("8 of 12 tests (67 %) exercise no unit of the graph")
    assert "--footprint coverage" in warning


def test_a_small_suite_is_allowed_to_be_lumpy() -> None:
    assert placement_warnings(placed([("pkg.testing",)] * 9)) == []


def test_a_plan_is_out_of_date_when_its_tests_or_its_graph_changed() -> None:
    saved = placed([("pkg.db",), ("pkg.app",)])
    assert plan_differences(saved, saved) == []
    more = placed([("pkg.db",), ("pkg.app",), ()])
    assert plan_differences(saved, more) == ["1 test(s) are new: tests/test_x.py::test_2"]
    assert plan_differences(more, saved) == ["1 test(s) are gone: tests/test_x.py::test_2"]
    moved = placed([("pkg.db",), ("pkg.testing",)])
    assert plan_differences(saved, moved) == ["1 test(s) now run at another step: tests/test_x.py::test_1"]
    graph = GRAPH.copy()
    graph.add_edge("pkg.testing", "pkg.db")
    changed = placed([("pkg.db",), ("pkg.app",)], graph)
    changed = replace(changed, graph=replace(changed.graph, sha256="f" * 64))
    assert plan_differences(saved, changed)[0].startswith("the graph changed (3 units and 2 dependencies then")


def test_a_package_front_door_is_named_as_such() -> None:
    graph = nx.DiGraph([("pkg", "pkg.core"), ("pkg.core", "pkg.db")])
    (warning,) = placement_warnings(placed([("pkg",)] * 10 + [("pkg.db",)] * 2, graph))
    assert "10 of them reach pkg, the package's __init__, which it integrates" in warning


def test_parametrize_ids_that_change_between_collections_are_named() -> None:
    """isodate's ``test_date`` is parametrized over a set holding ``None``: its ids change with
    every process, and ``plan --check`` must say so rather than only "new" and "gone"."""
    before = placed([("pkg.db",)] * 2, ids=["tests/test_x.py::test_d[None-1]", "tests/test_x.py::test_d[2-x]"])
    after = placed([("pkg.db",)] * 2, ids=["tests/test_x.py::test_d[1-None]", "tests/test_x.py::test_d[2-x]"])
    found = plan_differences(before, after)
    assert found[:2] == [
        "1 test(s) are new: tests/test_x.py::test_d[1-None]",
        "1 test(s) are gone: tests/test_x.py::test_d[None-1]",
    ]
    assert found[2].startswith(
        "1 test function(s) have other parametrize ids than when the plan was made: tests/test_x.py::test_d; "
    )
    assert "stable ids" in found[2]
