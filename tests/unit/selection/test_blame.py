"""Spectrum-based blame: the units a failing step's tests point at, by Ochiai score."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import networkx as nx
import pytest

from planner.api import make_plan
from planner.model import Plan
from planner.selection.assign import assign
from planner.selection.blame import Blame, Suspect, blame_failures, rank
from planner.selection.collected import Analysis, Collected, Collection
from planner.selection.runner import Outcome, RunResult, StepResult
from planner.selection.summary import run_json, run_summary

GRAPH = nx.DiGraph([("pkg", "pkg.markdown"), ("pkg", "pkg.plain")])
IDS = ("tests/t.py::test_md", "tests/t.py::test_md2", "tests/t.py::test_plain", "tests/t.py::test_plain2")


def test_the_unit_only_failing_tests_executed_ranks_first() -> None:
    spectra = {IDS[0]: ["pkg", "pkg.markdown"], IDS[1]: ["pkg", "pkg.markdown"], IDS[2]: ["pkg", "pkg.plain"]}
    suspects = rank(spectra, failed={IDS[0], IDS[1]}, passed={IDS[2], IDS[3]})
    assert [s.unit for s in suspects] == ["pkg.markdown", "pkg"]
    assert suspects[0] == Suspect("pkg.markdown", 1.0, 2, 0)
    assert suspects[1].score == pytest.approx(2 / (2 * 3) ** 0.5)
    assert "pkg.plain" not in {s.unit for s in suspects}  # no failing test executed it


def test_ties_keep_one_order_and_share_the_first_place() -> None:
    spectra = {IDS[0]: ["b", "a", "c"], IDS[1]: ["c"]}
    suspects = rank(spectra, failed={IDS[0]}, passed={IDS[1]})
    assert [s.unit for s in suspects] == ["a", "b", "c"]
    assert [s.unit for s in Blame(suspects, "measured", 1, 1).first] == ["a", "b"]
    assert rank(spectra, failed=set(), passed={IDS[1]}) == ()
    assert len(rank({IDS[0]: [f"u{k}" for k in range(9)]}, failed={IDS[0]}, passed=set())) == 5


def plan(method: str, footprints: Mapping[str, tuple[str, ...]]) -> Plan:
    collection = Collection("/p", ("/p/tests",), tuple(Collected(i, "/p/tests/t.py") for i in IDS))
    analyses = {i: Analysis(footprints[i], method, "black-box") for i in IDS}
    made = make_plan(GRAPH, strategy="bottom-up")
    return assign(made, GRAPH, collection, analyses, rootdir=".", args=("tests",), footprint=method)


def failing_last_step(made: Plan) -> RunResult:
    last = made.steps[-1]
    assert last.units == ("pkg",) and set(last.tests) == set(IDS)
    failures = (Outcome(IDS[0], "failed", "assert"), Outcome(IDS[1], "error", "boom"))
    steps = [StepResult(s.index, s.units, len(s.tests), "empty") for s in made.steps[:-1]]
    steps.append(StepResult(last.index, last.units, 4, "failed", (("passed", 2), ("failed", 1), ("error", 1)),
                            failures, cause="tests"))  # fmt: skip
    return RunResult(tuple(steps))


def test_a_plan_with_measured_footprints_blames_without_running_anything() -> None:
    executed = {
        IDS[0]: ("pkg", "pkg.markdown"),
        IDS[1]: ("pkg", "pkg.markdown"),
        IDS[2]: ("pkg", "pkg.plain"),
        IDS[3]: ("pkg", "pkg.plain"),
    }
    made = plan("coverage", executed)
    result = failing_last_step(made)
    blames = blame_failures(made, "plan.json", result, units=None, source=None)
    blame = blames[made.steps[-1].index]
    assert blame.source == "plan" and (blame.failed, blame.passed) == (2, 2)
    assert [(s.unit, s.failed, s.passed) for s in blame.suspects] == [("pkg.markdown", 2, 0), ("pkg", 2, 2)]
    # pkg is the step's own unit; no earlier step had a test of pkg.markdown
    assert blame.first_exercised == ("pkg.markdown",)
    text = run_summary(result, plan=made, blames=blames)
    assert (
        "Suspects, by the step's 2 failing tests and 2 passing (what they executed when the plan was measured):\n"
        "  pkg.markdown (1.00: executed by 2 of 2 failing, 0 of 2 passing)\n"
    ) in text
    assert "Exercised for the first time by the failing tests (no earlier step tests them): pkg.markdown\n" in text
    assert '"unit": "pkg.markdown"' in run_json(result, blames)


def test_without_a_measurement_static_footprints_rank_and_say_so() -> None:
    made = plan("static", dict.fromkeys(IDS, ("pkg",)))
    result = failing_last_step(made)
    blame = blame_failures(made, "plan.json", result, units=None, source=None, measure=False)[made.steps[-1].index]
    assert blame.source == "static"
    assert [s.unit for s in blame.suspects] == ["pkg"]
    text = run_summary(result, plan=made, blames={made.steps[-1].index: blame})
    assert "(the units their code names; --no-blame):" in text
    assert "  pkg (0.71: named by 2 of 2 failing, 2 of 2 passing)" in text


def test_steps_that_failed_for_another_reason_get_no_blame() -> None:
    made = plan("static", dict.fromkeys(IDS, ("pkg",)))
    result = failing_last_step(made)
    collection_error = dataclasses.replace(result.steps[-1], cause="collection")
    other = RunResult((*result.steps[:-1], collection_error))
    assert blame_failures(made, "plan.json", other, units=None, source=None) == {}
