"""The run's result: which step failed or was interrupted, the "not in the plan" step included."""

from __future__ import annotations

from planner.selection.run_result import RunResult, StepResult
from planner.selection.summary import run_summary

STEPS = (StepResult(1, ("a",), 1, "passed", counts=(("passed", 1),)), StepResult(2, ("b",), 0, "empty"))


def test_ctrl_c_in_the_tests_not_in_the_plan_interrupts_the_run() -> None:
    stopped = StepResult(3, (), 0, "interrupted", problem="interrupted while running t.py::test_new")
    result = RunResult(STEPS, unplanned=stopped)
    assert result.interrupted == stopped and not result.ok
    assert run_summary(result).endswith("; interrupted at step 3\n")


def test_a_run_whose_steps_all_passed_is_ok() -> None:
    result = RunResult(STEPS, unplanned=StepResult(3, (), 0, "passed", counts=(("passed", 2),)))
    assert result.ok and result.interrupted is None and result.total("passed") == 3
