"""The plugin's step selection, with pytester: ``pytest --plan PLAN --plan-step K``."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest_plugins = ["pytester"]

TESTS = {
    "test_low": """
        def test_one():
            pass

        def test_two():
            pass
        """,
    "test_high": """
        import pytest

        def test_three():
            pass

        @pytest.mark.planner_driver
        def test_driver():
            pass
        """,
}


def write_plan(pytester: pytest.Pytester, steps: list[list[str]], **extra: Any) -> str:
    data: dict[str, Any] = {
        "schema": "planner-plan/1",
        "strategy": "bottom-up",
        "options": {"cycles": "break", "objective": "specific-stubs"},
        "graph": {"source": "g.dot", "sha256": "0" * 64, "units": len(steps), "edges": 0},
        "steps": [
            {"index": k, "wave": k, "units": [f"unit{k}"], "stubs": [], "drivers": [], "tests": tests}
            for k, tests in enumerate(steps, start=1)
        ],
        "broken_edges": [],
        "metrics": {
            "steps": len(steps),
            "waves": len(steps),
            "specific_stubs": 0,
            "generic_stubs": 0,
            "drivers": 0,
            "stub_complexity": 0,
        },
        **extra,
    }
    path = pytester.path / "plan.json"
    path.write_text(json.dumps(data))
    return str(path)


def run(pytester: pytest.Pytester, plan: str, *args: str) -> pytest.RunResult:
    # -p no:planner: where planner is installed, its pytest11 entry point registers the plugin already
    return pytester.runpytest("-p", "no:planner", "-p", "planner.plugin.entry", f"--plan={plan}", *args)


def test_a_step_runs_its_tests_in_plan_order_and_deselects_the_rest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**TESTS)
    plan = write_plan(
        pytester,
        [["test_high.py::test_three", "test_low.py::test_two", "test_low.py::test_one"], ["test_low.py::test_one"]],
    )
    result = run(pytester, plan, "--plan-step=1", "-v")
    result.assert_outcomes(passed=4, deselected=0)
    ran = [line.split(" ")[0] for line in result.outlines if line.endswith("%]")]
    # the plan's order, then the step's drivers (never deselected)
    assert ran == [
        "test_high.py::test_three",
        "test_low.py::test_two",
        "test_low.py::test_one",
        "test_high.py::test_driver",
    ]
    result = run(pytester, plan, "--plan-step=2")
    result.assert_outcomes(passed=2, deselected=2)  # test_one and the driver
    result.stdout.fnmatch_lines(["planner: step 2 of 2 of *plan.json: integrates unit2; 1 tests"])


def test_a_step_without_tests_says_so_and_pytest_exits_5(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_low=TESTS["test_low"])
    plan = write_plan(pytester, [["test_low.py::test_one"], []])
    result = run(pytester, plan, "--plan-step=2")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    result.stdout.fnmatch_lines(["planner: step 2 has no tests", "*2 deselected*"])


def test_tests_of_the_step_that_were_not_collected_are_named(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_low=TESTS["test_low"])
    plan = write_plan(pytester, [["test_low.py::test_one", "test_low.py::test_gone"]])
    result = run(pytester, plan, "--plan-step=1")
    result.assert_outcomes(passed=1, deselected=1)
    result.stdout.fnmatch_lines(["planner: 1 test(s) of step 1 were not collected: test_low.py::test_gone; *"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan-step=3"], "ERROR: planner: *plan.json: no step 3: the plan has steps 1 to 1 (2: the tests not in*"),
        ([], "ERROR: planner: --plan *plan.json needs --plan-step K (1 to 1, or 2: the tests not in it)"),
    ],
)
def test_usage_errors(pytester: pytest.Pytester, args: list[str], message: str) -> None:
    pytester.makepyfile(test_low=TESTS["test_low"])
    plan = write_plan(pytester, [["test_low.py::test_one"]])
    result = run(pytester, plan, *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_a_plan_of_another_schema_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_low=TESTS["test_low"])
    path = pytester.path / "plan.json"
    path.write_text(json.dumps({"schema": "planner-plan/9"}))
    result = run(pytester, str(path), "--plan-step=1")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: planner: *plan.json: plan schema 'planner-plan/9' is not supported*"])


def test_a_plan_with_no_tests_at_all_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_low=TESTS["test_low"])
    plan = write_plan(pytester, [[]])
    result = run(pytester, plan, "--plan-step=1")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*the plan assigns no tests (make it with 'planner plan ... --tests DIR')"])


def test_tests_the_plan_does_not_name_are_named_and_run_in_the_step_after_the_last(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**TESTS)  # test_two and test_three were added after planning
    plan = write_plan(pytester, [["test_low.py::test_one"], []])
    result = run(pytester, plan, "--plan-step=1")
    result.assert_outcomes(passed=2, deselected=2)  # test_one and the step's driver
    result.stdout.fnmatch_lines(
        [
            "planner: 2 collected test(s) are not in the plan *plan.json: test_high.py::test_three (and 1 more); "
            "they run with --plan-step=3; make the plan again"
        ]
    )
    result = run(pytester, plan, "--plan-step=3", "-v")
    result.assert_outcomes(passed=2, deselected=2)  # not the planned test, nor the driver
    result.stdout.fnmatch_lines(["*test_high.py::test_three PASSED*", "*test_low.py::test_two PASSED*"])
    result.stdout.fnmatch_lines(["planner: 2 collected test(s) are not in the plan *; ran in this step; *"])


def test_strict_plan_refuses_a_plan_that_is_out_of_date(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_low=TESTS["test_low"])
    plan = write_plan(pytester, [["test_low.py::test_one"]])
    result = run(pytester, plan, "--plan-step=1", "--strict-plan")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: planner: 1 collected test(s) are not in the plan *test_low.py::test_two: *"])
    write_plan(pytester, [["test_low.py::test_one", "test_low.py::test_two"]])
    run(pytester, plan, "--plan-step=1", "--strict-plan").assert_outcomes(passed=2)
