"""What a run of a plan's steps produces: per-step results, the run's result, and its listener.

Plain frozen values, so that a report can grow a field without touching the
runner: :class:`StepResult` is one step (its status, counts, failing tests,
the problem that failed it, where its reports are), :class:`RunResult` the
steps in plan order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["COUNTED", "Outcome", "RunListener", "RunResult", "StepResult", "StepStatus"]

COUNTED = ("passed", "failed", "error", "skipped", "xfailed", "xpassed")
"""Test outcomes, as pytest's closing line counts them."""

StepStatus = Literal["passed", "failed", "empty", "not-run", "interrupted"]
"""``empty``: a step with no tests; ``interrupted``: Ctrl-C stopped it while it ran."""


@dataclass(frozen=True)
class Outcome:
    """One test's result: its node id, outcome (one of :data:`COUNTED`), why it failed."""

    node_id: str
    outcome: str
    message: str = ""


@dataclass(frozen=True)
class StepResult:
    """What one step did, and where its reports are (``junit``: its JUnit XML; ``log``: pytest's output)."""

    index: int
    units: tuple[str, ...]
    planned: int
    status: StepStatus
    counts: tuple[tuple[str, int], ...] = ()
    failures: tuple[Outcome, ...] = ()
    missing: tuple[str, ...] = ()
    problem: str = ""
    new_dependencies: tuple[tuple[str, str], ...] = ()
    junit: str | None = None
    log: str | None = None
    seconds: float = 0.0
    running: str | None = None
    """The test that was running when the step was interrupted or timed out."""
    cause: str = ""
    """Why it failed: ``tests`` (failing tests), ``collection`` (pytest could not collect a file),
    ``exit`` (the test process ended mid-test), ``pytest`` (pytest refused to run or broke),
    ``stale`` (planned tests were not collected); ``""`` if it did not fail."""

    def count(self, outcome: str) -> int:
        return dict(self.counts).get(outcome, 0)


@dataclass(frozen=True)
class RunResult:
    """Every step of the plan, in order, with what happened to it."""

    steps: tuple[StepResult, ...]
    mode: Literal["session", "per-step"] = "session"
    unplanned: StepResult | None = None
    """The final "not in the plan" step, when pytest collected tests that no step names."""

    @property
    def failed(self) -> tuple[StepResult, ...]:
        extra = (self.unplanned,) if self.unplanned is not None else ()
        return tuple(s for s in (*self.steps, *extra) if s.status == "failed")

    @property
    def interrupted(self) -> StepResult | None:
        """The step Ctrl-C interrupted, if it did (the "not in the plan" step too)."""
        extra = (self.unplanned,) if self.unplanned is not None else ()
        return next((s for s in (*self.steps, *extra) if s.status == "interrupted"), None)

    @property
    def ok(self) -> bool:
        return not self.failed and self.interrupted is None

    def total(self, outcome: str) -> int:
        extra = (self.unplanned,) if self.unplanned is not None else ()
        return sum(s.count(outcome) for s in (*self.steps, *extra))


class RunListener:
    """What a run tells while it goes (the command line shows progress)."""

    def run_started(self, total: int) -> None:
        """The run of a plan of ``total`` steps starts."""

    def step_started(self, step: int, total: int, units: Sequence[str], planned: int) -> None:
        """Step ``step`` of ``total`` starts, integrating ``units``, with ``planned`` tests."""

    def test_finished(self, step: int, outcome: Outcome) -> None:
        """A test of the running step finished."""

    def step_finished(self, result: StepResult) -> None:
        """A step is over (run, empty, or not run)."""
