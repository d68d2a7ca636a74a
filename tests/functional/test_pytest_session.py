"""The plugin's session run, with pytester: ``pytest --plan PLAN --plan-run`` runs every step in one session."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import NO_HYPOTHESIS
from tests.unit.selection.test_pytest_step import write_plan

pytest_plugins = ["pytester"]

TESTS = {
    "test_low": """
        def test_one():
            pass

        def test_two():
            pass
        """,
    "test_mid": """
        def test_breaks():
            assert 1 == 2

        def test_fine():
            pass
        """,
    "test_high": """
        def test_three():
            pass
        """,
}
STEPS = [
    [],
    ["test_low.py::test_two", "test_low.py::test_one"],
    ["test_mid.py::test_fine", "test_mid.py::test_breaks"],
    ["test_high.py::test_three"],
]


def run(pytester: pytest.Pytester, plan: str, *args: str) -> pytest.RunResult:
    # -p no:planner: where planner is installed, its pytest11 entry point registers the plugin already
    report = pytester.path / "events.jsonl"
    return pytester.runpytest_subprocess(
        *NO_HYPOTHESIS, "-p", "no:planner", "-p", "planner.plugin.harness", "-p", "planner.plugin.entry",
        f"--plan={plan}", "--plan-run", f"--plan-junit-dir={pytester.path / 'junit'}",
        f"--planner-report={report}", "-v", *args,
    )  # fmt: skip


def ran(result: pytest.RunResult) -> list[str]:
    return [line.split(" ")[0] for line in result.outlines if line.endswith("%]")]


def suite(pytester: pytest.Pytester, k: int) -> ET.Element:
    found = ET.parse(pytester.path / "junit" / f"step-{k}.xml").getroot().find("testsuite")
    assert found is not None
    return found


def steps(pytester: pytest.Pytester) -> list[tuple[str, int]]:
    lines = (pytester.path / "events.jsonl").read_text().splitlines()
    events = [json.loads(line) for line in lines]
    return [(e["state"], e["step"]) for e in events if e["event"] == "step"]


def test_the_steps_run_in_order_and_stop_after_the_first_failing_one(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**TESTS)
    plan = write_plan(pytester, STEPS)
    result = run(pytester, plan)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert ran(result) == [
        "test_low.py::test_two",
        "test_low.py::test_one",
        "test_mid.py::test_fine",
        "test_mid.py::test_breaks",
    ]
    result.assert_outcomes(passed=3, failed=1)
    assert steps(pytester) == [("start", 1), ("end", 1), ("start", 2), ("end", 2), ("start", 3), ("end", 3)]
    assert suite(pytester, 1).get("tests") == "0"
    assert suite(pytester, 2).get("tests") == "2" and suite(pytester, 2).get("failures") == "0"
    step3 = suite(pytester, 3)
    assert step3.get("name") == "step-3" and step3.get("tests") == "2" and step3.get("failures") == "1"
    assert not (pytester.path / "junit" / "step-4.xml").exists()


def test_keep_going_runs_every_step(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**TESTS)
    plan = write_plan(pytester, STEPS)
    result = run(pytester, plan, "--plan-keep-going")
    result.assert_outcomes(passed=4, failed=1)
    assert ran(result)[-1] == "test_high.py::test_three"
    assert [k for state, k in steps(pytester) if state == "end"] == [1, 2, 3, 4]
    assert suite(pytester, 4).get("tests") == "1"


def test_from_a_step_on_and_unplanned_tests_deselected(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**TESTS)
    plan = write_plan(pytester, [*STEPS[:2], ["test_mid.py::test_fine"], STEPS[3]])
    result = run(pytester, plan, "--plan-step=3")
    assert result.ret == pytest.ExitCode.OK
    assert ran(result) == ["test_mid.py::test_fine", "test_high.py::test_three"]
    result.assert_outcomes(passed=2, deselected=3)
    assert [k for state, k in steps(pytester) if state == "end"] == [3, 4]


def test_the_tests_no_step_names_run_last_as_step_n_plus_1(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**TESTS, test_new="def test_new():\n    pass\n")
    plan = write_plan(pytester, [*STEPS[:2], ["test_mid.py::test_fine"], STEPS[3]])
    result = run(pytester, plan, "--plan-unplanned")
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # test_breaks is in no step: it fails in step 5
    assert ran(result)[-2:] == ["test_mid.py::test_breaks", "test_new.py::test_new"]  # collection order
    result.assert_outcomes(passed=5, failed=1)
    assert [k for state, k in steps(pytester) if state == "end"] == [1, 2, 3, 4, 5]
    assert suite(pytester, 5).get("tests") == "2" and suite(pytester, 5).get("failures") == "1"


def test_without_tests_outside_the_plan_there_is_no_step_n_plus_1(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**TESTS)
    plan = write_plan(pytester, [*STEPS[:2], ["test_mid.py::test_fine", "test_mid.py::test_breaks"], STEPS[3]])
    run(pytester, plan, "--plan-unplanned", "--plan-keep-going").assert_outcomes(passed=4, failed=1)
    assert [k for state, k in steps(pytester) if state == "end"] == [1, 2, 3, 4]
    assert not (pytester.path / "junit" / "step-5.xml").exists()


def test_strict_plan_fails_step_n_plus_1_without_running_its_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**TESTS, test_new="def test_new():\n    pass\n")
    plan = write_plan(pytester, [*STEPS[:2], ["test_mid.py::test_fine"], STEPS[3]])
    result = run(pytester, plan, "--plan-unplanned", "--strict-plan")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "test_new.py::test_new" not in ran(result)
    result.assert_outcomes(passed=4)
    events = [json.loads(line) for line in (pytester.path / "events.jsonl").read_text().splitlines()]
    start5 = next(e for e in events if e["event"] == "step" and e["step"] == 5 and e["state"] == "start")
    assert start5["refused"].startswith("2 collected test(s) are not in the plan ")
    assert "--strict-plan refuses a plan that is out of date" in start5["refused"]


def test_a_new_test_file_that_cannot_be_collected_fails_step_n_plus_1(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**TESTS, test_new="def test_new(:\n    pass\n")
    plan = write_plan(pytester, [*STEPS[:2], ["test_mid.py::test_fine", "test_mid.py::test_breaks"], STEPS[3]])
    run(pytester, plan, "--plan-unplanned", "--plan-keep-going")
    events = [json.loads(line) for line in (pytester.path / "events.jsonl").read_text().splitlines()]
    start5 = next(e for e in events if e["event"] == "step" and e["step"] == 5 and e["state"] == "start")
    assert [e["id"] for e in start5["errors"]] == ["test_new.py"]
    assert suite(pytester, 5).get("errors") == "1"


def test_a_test_file_that_cannot_be_collected_fails_its_step_after_the_steps_before_it(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(**{**TESTS, "test_mid": "def test_fine(:\n    pass\n"})
    plan = write_plan(pytester, STEPS)
    result = run(pytester, plan)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert ran(result) == ["test_low.py::test_two", "test_low.py::test_one"]
    events = [json.loads(line) for line in (pytester.path / "events.jsonl").read_text().splitlines()]
    start3 = next(e for e in events if e["event"] == "step" and e["step"] == 3 and e["state"] == "start")
    assert start3["missing"] == STEPS[2] and start3["errors"][0]["id"] == "test_mid.py"
    assert suite(pytester, 3).get("errors") == "1"
    assert [k for state, k in steps(pytester) if state == "end"] == [1, 2, 3]


def test_doubles_need_one_session_per_step(pytester: pytest.Pytester, tmp_path: Path) -> None:
    pytester.makepyfile(**TESTS)
    plan = write_plan(pytester, STEPS)
    result = run(pytester, plan, f"--doubles={tmp_path}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --plan-run cannot install doubles*run one step per session*"])


def test_a_step_table_from_planner_run_stands_in_for_the_plan_and_a_broken_one_is_refused(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(**TESTS)
    plan = write_plan(pytester, STEPS)
    table = pytester.path / "steps.json"
    # the table planner run writes: the steps' node ids only (here step 3 without its failing test)
    steps_only = [[k, tests] for k, tests in enumerate(STEPS, start=1)]
    steps_only[2][1] = ["test_mid.py::test_fine"]
    table.write_text(json.dumps({"schema": "planner-run-steps/1", "steps": steps_only}))
    result = run(pytester, plan, f"--plan-steps={table}")
    result.assert_outcomes(passed=4)  # the table, not the plan, says what each step runs
    table.write_text(json.dumps({"schema": "planner-run-steps/1", "steps": [[1, "not a list"]]}))
    result = run(pytester, plan, f"--plan-steps={table}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: planner: {table}: not a step table of planner run (planner-run-steps/1)"])
