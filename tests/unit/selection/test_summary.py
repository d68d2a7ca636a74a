"""What ``planner run`` says about a failing step: blame per test, and faults that are not integrations."""

from __future__ import annotations

import dataclasses

import networkx as nx

from planner.api import make_plan
from planner.model import Plan
from planner.selection.assign import assign
from planner.selection.collected import Analysis, Collected, Collection
from planner.selection.runner import Outcome, RunResult, StepResult
from planner.selection.summary import run_summary, step_line

GRAPH = nx.DiGraph([("pkg.app", "pkg.filters")])
IDS = ("tests/t.py::test_app", "tests/t.py::test_plain")


def plan() -> Plan:
    collection = Collection("/p", ("/p/tests",), tuple(Collected(i, "/p/tests/t.py") for i in IDS))
    analyses = {IDS[0]: Analysis(("pkg.app",), "static", "black-box"), IDS[1]: Analysis((), "static", "black-box")}
    made = make_plan(GRAPH, strategy="bottom-up")  # step 1: pkg.filters, step 2: pkg.app
    return assign(made, GRAPH, collection, analyses, rootdir=".", args=("tests",), footprint="static")


def failed(cause: str, failures: tuple[Outcome, ...], problem: str = "") -> RunResult:
    first = StepResult(1, ("pkg.filters",), 0, "empty")
    second = StepResult(
        2,
        ("pkg.app",),
        2,
        "failed",
        counts=(("failed", len(failures)),),
        failures=failures,
        problem=problem,
        cause=cause,
        new_dependencies=(("pkg.app", "pkg.filters"),),
    )
    return RunResult((first, second))


def test_each_failing_test_is_blamed_on_the_units_the_step_brings_in() -> None:
    result = failed("tests", (Outcome(IDS[0], "failed", "assert 1 == 2"), Outcome(IDS[1], "failed", "boom")))
    text = run_summary(result, plan=plan())
    assert "Step 2 of 2 failed. It integrates pkg.app." in text
    assert (
        f"  {IDS[0]} (failed): assert 1 == 2\n"
        "    it exercises pkg.app, which this step integrates; for the first time: pkg.app -> pkg.filters\n"
    ) in text
    assert f"  {IDS[1]} (failed): boom\n    exercises no unit of the graph\n" in text


def test_a_conftest_that_does_not_import_is_not_the_integration_s_failure() -> None:
    problem = "pytest stopped with exit code 4: ImportError while loading conftest '/p/tests/conftest.py'."
    text = run_summary(failed("collection", (), problem), plan=plan())
    assert "Step 2 of 2 could not run its tests: a collection error" in text
    assert "It integrates" not in text and "Dependencies it exercises" not in text
    assert "ImportError while loading conftest '/p/tests/conftest.py'" in text


def test_a_test_file_that_does_not_collect_is_listed_as_a_file_and_no_test_counts() -> None:
    """isodate with ``isostrf.py`` broken at import: two test files error, none of the step's tests ran."""
    problem = "pytest could not collect tests/t.py: ImportError while importing test module"
    broken = Outcome("tests/t.py", "error", "ImportError while importing test module")
    result = failed("collection", (broken,), problem)
    result = RunResult((result.steps[0], dataclasses.replace(result.steps[1], counts=())))
    text = run_summary(result, plan=plan())
    assert "Files pytest could not collect (1):\n  tests/t.py (error): ImportError" in text
    assert "Failing tests" not in text
    assert step_line(result.steps[1], 2).startswith("step 2/2 FAILED  pkg.app: a test file does not collect (")


def test_an_interpreter_exit_names_the_test() -> None:
    problem = f"the test process ended (exit code 3) while {IDS[0]} ran"
    crash = Outcome(IDS[0], "error", "the interpreter exited (exit code 3)")
    text = run_summary(failed("exit", (crash,), problem), plan=plan())
    assert "could not run its tests: the test process ended, not an integration failure" in text
    assert problem in text and "it exercises pkg.app" not in text


def test_the_tests_not_in_the_plan_are_reported_as_such() -> None:
    base = failed("tests", ())
    extra = StepResult(3, (), 0, "passed", counts=(("passed", 2),))
    text = run_summary(RunResult(base.steps, unplanned=extra))
    assert "Not in the plan: 2 collected tests that no step names ran after the last step" in text
    broken = StepResult(3, (), 0, "failed", counts=(("failed", 1),), failures=(Outcome("t.py::new", "failed"),))
    text = run_summary(RunResult(base.steps, unplanned=broken))
    assert "The tests not in the plan failed (step 3): the plan is out of date; make it again." in text
