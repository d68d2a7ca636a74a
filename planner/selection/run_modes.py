"""The two ways ``planner run`` runs steps: all in one pytest session, or one pytest process per step.

:class:`Run` holds what both need; :meth:`Run.sessions` runs the steps in one
session (started again after the step it was in when a session ends early and
the run keeps going), :meth:`Run.per_step` one process per step. Both return
the results of the steps they ran, told to the listener as they finish.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from planner.base.nodeids import node_file, renamed_parameters
from planner.errors import PlanFileError
from planner.model import Plan, Step
from planner.selection.process import HARNESS, PLUGIN, pytest_argv
from planner.selection.run_process import Ended, watch
from planner.selection.run_result import COUNTED, Outcome, RunListener, StepResult
from planner.selection.step_table import write_table

__all__ = ["Run", "empty_junit", "project_path", "test_files"]

_FAILING = frozenset({"failed", "error"})


def project_path(base: Path, relative: str, what: str) -> Path:
    """``base / relative``, refused if it leads out of ``base`` (through ``..`` or a symbolic link)."""
    target = (base / relative).resolve()
    root = base.resolve()
    if target != root and root not in target.parents:
        raise PlanFileError(f"{what} {relative!r} leads out of the project tree {root}")
    return target


def test_files(node_ids: Sequence[str], rootdir: Path, base: Path) -> list[str]:
    """The distinct files of the tests, in order, relative to ``base``, each checked to stay in the tree."""
    files: dict[str, None] = {}
    for name in dict.fromkeys(node_file(node_id) for node_id in node_ids):  # each file checked once
        path = project_path(rootdir, name, "test file")
        project_path(base, os.fspath(path), "test file")
        files[Path(os.path.relpath(path, base)).as_posix()] = None
    return list(files)


def empty_junit(junit: Path, index: int) -> str:
    """A JUnit XML report of no tests for an empty step, so that every step has one."""
    from planner.base.files import write_text_atomic

    xml = junit / f"step-{index}.xml"
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<testsuites><testsuite name="step-{index}" errors="0" failures="0" skipped="0" tests="0" />'
        "</testsuites>\n"
    )
    write_text_atomic(xml, text, force=True)
    return os.fspath(xml)


@dataclass
class _Live:
    """What is known of the running step so far, from the harness's events."""

    index: int
    started: float = field(default_factory=time.monotonic)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    failures: list[Outcome] = field(default_factory=list)
    collected: list[str] | None = None
    collect_errors: list[Outcome] = field(default_factory=list)
    interrupted: bool = False
    running: str | None = None
    finished: bool = False
    refused: str = ""
    stopped: str = ""
    """Why pytest ended before the step began (it began no step at all), when it did."""

    def absorb(self, event: dict[str, Any], listener: RunListener) -> None:
        kind = event.get("event")
        if kind == "start":
            self.running = str(event.get("id", ""))
        elif kind == "finished":
            self.finished = True
            self.running = None
        elif kind == "collected":
            self.collected = [str(i) for i in event.get("ids", ())]
        elif kind == "collect-error":
            self.collect_errors.append(Outcome(str(event.get("id", "")), "error", str(event.get("message", ""))))
        elif kind == "test":
            outcome = Outcome(str(event["id"]), str(event["outcome"]), str(event.get("message", "")))
            if outcome.outcome in self.counts:
                self.counts[outcome.outcome] += 1
            if outcome.outcome in _FAILING:
                self.failures.append(outcome)
            self.running = None
            listener.test_finished(self.index, outcome)


@dataclass(frozen=True)
class Run:
    """A run of a plan's steps: where, with what, told to whom; ``pending``: each step's result before it runs."""

    plan: Plan
    plan_file: Path
    cwd: Path
    rootdir: Path
    junit: Path
    doubles: str | None
    pytest_args: tuple[str, ...]
    timeout: float | None
    keep_going: bool
    listener: RunListener
    pending: dict[int, StepResult]
    paths: tuple[str, ...] = ()
    """The plan's collected paths (relative to ``cwd``): a session collects them all and runs the tests
    no step names as its last step, N+1; empty for a plan that does not record them."""
    strict_plan: bool = False
    fork: bool = False
    """Start pytest as a fork of this process where possible (:mod:`planner.selection.forked`): only
    planner's own command says so."""

    # -- one session

    def sessions(self, first: int) -> dict[int, StepResult]:
        """Run the steps from ``first`` on in one pytest session (more only if one ends early and the run goes on).

        With :attr:`paths`, the session also runs the tests no step names, as step N+1 (in the result
        when there were some)."""
        done: dict[int, StepResult] = {}
        start = first
        while start <= len(self.plan.steps):
            self._session(start, done)
            stopped = any(r.status == "interrupted" for r in done.values()) or (
                not self.keep_going and any(r.status == "failed" for r in done.values())
            )
            reached = max(done, default=start - 1)
            if stopped or reached >= len(self.plan.steps) or reached < start:
                break  # (reached < start: the session ran no step, and another would do the same)
            start = reached + 1  # the session ended early (a time limit, a crash): go on after it
        return done

    def _session(self, start: int, done: dict[int, StepResult]) -> None:
        steps = self.plan.steps[start - 1 :]
        files = list(self.paths) or test_files([t for s in steps for t in s.tests], self.rootdir, self.cwd)
        if not files:  # nothing left but steps without tests
            for step in steps:
                self._empty(step, done)
            return
        log = self.junit / f"session-{start}.log"
        args = [
            f"--rootdir={self.rootdir}",
            f"--plan={self.plan_file}",
            f"--plan-step={start}",
            "--plan-run",
            f"--plan-junit-dir={self.junit}",
            f"--planner-report={self.junit / f'.session-{start}.jsonl'}",
            f"--planner-running={self.junit / f'.session-{start}.running'}",
            "--planner-brief",
        ]
        if self.keep_going:
            args.append("--plan-keep-going")
        if self.paths:
            args.append("--plan-unplanned")
        if self.strict_plan:
            args.append("--strict-plan")
        # The session takes each step's tests from a table: the plan file was read and checked here already.
        table = self.junit / f".session-{start}.steps.json"
        write_table(os.fspath(table), [(step.index, step.tests) for step in self.plan.steps])
        args.append(f"--plan-steps={table}")
        # ``--option=value`` throughout: pytest picks its rootdir before it knows a plugin's options.
        argv = pytest_argv(*args, *self.pytest_args, *files, plugins=(HARNESS, PLUGIN))
        open_steps: dict[int, _Live] = {}

        def on_event(event: dict[str, Any]) -> None:
            if event.get("event") == "step":
                index = int(event["step"])
                planned = self.plan.steps[index - 1].tests if index <= len(self.plan.steps) else ()
                if event.get("state") == "start":
                    if index <= len(self.plan.steps):  # step N+1 (not in the plan) is shown when it ends
                        step = self.plan.steps[index - 1]
                        self.listener.step_started(index, len(self.plan.steps), step.units, len(step.tests))
                    missing = {str(m) for m in event.get("missing", ())}
                    live = _Live(index, collected=[t for t in planned if t not in missing])
                    live.collect_errors = [
                        Outcome(str(e.get("id", "")), "error", str(e.get("message", ""))) for e in event["errors"]
                    ]
                    live.refused = str(event.get("refused", ""))
                    open_steps[index] = live
                elif index in open_steps and event.get("interrupted"):
                    open_steps[index].interrupted = True  # what stopped it is known when pytest has ended
                elif index in open_steps:
                    live = open_steps.pop(index)
                    self._finish(live, 0 if planned or any(live.counts.values()) else 5, log, done)
            elif open_steps:
                next(iter(open_steps.values())).absorb(event, self.listener)

        ended = watch(
            argv, cwd=self.cwd, log=log, report=self.junit / f".session-{start}.jsonl", on_event=on_event,
            timeout=self.timeout, running_file=self.junit / f".session-{start}.running", fork=self.fork,
        )  # fmt: skip
        table.unlink(missing_ok=True)
        if not open_steps and not done.keys() & {s.index for s in steps} and ended.code != 5:
            live = open_steps[start] = _Live(start)  # pytest began no step: the first step says why
            if ended.code in (0, 1, 2) and not (ended.interrupted or ended.timed_out):
                # pytest ended before its session began (a warning made an error at its start, a plugin's
                # exception, an option such as --version that ends it at once), with an ordinary code
                why = _last_words(os.fspath(log))
                live.stopped = f"pytest ended (exit code {ended.code}) before step {start} began{why}"
        for live in open_steps.values():
            self._finish(live, ended.code, log, done, ended=ended)
        if ended.interrupted and not open_steps and not any(r.status == "interrupted" for r in done.values()):
            # a test caught the KeyboardInterrupt (click's CliRunner does) and pytest went on to the end of
            # its step: the run was interrupted all the same, at the last step that ran
            last = max(done, default=None)
            if last is not None:
                done[last] = replace(
                    done[last], status="interrupted", cause="",
                    problem="interrupted (a test caught the KeyboardInterrupt: pytest finished the step)",
                )  # fmt: skip

    def _empty(self, step: Step, done: dict[int, StepResult]) -> None:
        self.listener.step_started(step.index, len(self.plan.steps), step.units, 0)
        result = replace(self.pending[step.index], status="empty", junit=empty_junit(self.junit, step.index))
        done[step.index] = result
        self.listener.step_finished(result)

    def _finish(
        self, live: _Live, code: int, log: Path, done: dict[int, StepResult], *, ended: Ended | None = None
    ) -> None:
        xml = self.junit / f"step-{live.index}.xml"
        pending = self.pending.get(live.index, StepResult(live.index, (), 0, "not-run"))  # N+1: not in the plan
        result = replace(pending, junit=os.fspath(xml) if xml.exists() else None, log=os.fspath(log))
        planned = self.plan.steps[live.index - 1].tests if live.index <= len(self.plan.steps) else ()
        if ended is not None:
            live.running = ended.running  # read from the harness's --planner-running file
        result = _verdict(result, code, live, planned, time.monotonic() - live.started)
        if ended is not None:
            result = _ended(result, ended, self.timeout, log)
        done[live.index] = result
        self.listener.step_finished(result)

    # -- one process per step

    def per_step(self, first: int) -> dict[int, StepResult]:
        """Run each step from ``first`` on in a pytest process of its own."""
        done: dict[int, StepResult] = {}
        for step in self.plan.steps[first - 1 :]:
            if not step.tests and self.doubles is None:
                self._empty(step, done)
                continue
            self.listener.step_started(step.index, len(self.plan.steps), step.units, len(step.tests))
            result = self._process(step)
            done[step.index] = result
            self.listener.step_finished(result)
            if result.status == "interrupted" or (result.status == "failed" and not self.keep_going):
                break
        return done

    def unplanned(self, paths: Sequence[str], strict: bool) -> StepResult | None:
        """The final "not in the plan" step: the collected paths, the plugin's step N+1, in a process
        of its own (``None`` when pytest collected no test that the plan does not name)."""
        index = len(self.plan.steps) + 1
        xml = self.junit / f"step-{index}.xml"
        log = self.junit / f"step-{index}.log"
        report = self.junit / f".step-{index}.jsonl"
        running = self.junit / f".step-{index}.running"
        args = [f"--rootdir={self.rootdir}", f"--plan={self.plan_file}", f"--plan-step={index}"]
        args += [f"--junitxml={xml}", f"--planner-report={report}", f"--planner-running={running}", "--planner-brief"]
        if strict:
            args.append("--strict-plan")
        argv = pytest_argv(*args, *self.pytest_args, *paths, plugins=(HARNESS, PLUGIN))
        live = _Live(index)
        ended = watch(
            argv, cwd=self.cwd, log=log, report=report, on_event=lambda e: live.absorb(e, self.listener),
            timeout=self.timeout, running_file=running, fork=self.fork,
        )  # fmt: skip
        live.running = ended.running
        result = StepResult(index, (), 0, "not-run", junit=os.fspath(xml) if xml.exists() else None, log=os.fspath(log))
        result = _verdict(result, ended.code, live, (), time.monotonic() - live.started)
        result = _ended(result, ended, self.timeout, log)
        if result.status == "empty":
            for name in (result.junit, result.log):
                if name is not None:
                    Path(name).unlink(missing_ok=True)
            return None
        self.listener.step_finished(result)
        return result

    def _process(self, step: Step) -> StepResult:
        xml = self.junit / f"step-{step.index}.xml"
        log = self.junit / f"step-{step.index}.log"
        report = self.junit / f".step-{step.index}.jsonl"
        running = self.junit / f".step-{step.index}.running"
        args = [f"--rootdir={self.rootdir}", f"--plan={self.plan_file}", f"--plan-step={step.index}"]
        args += [f"--junitxml={xml}", f"--planner-report={report}", f"--planner-running={running}", "--planner-brief"]
        if self.doubles is not None:
            args.append(f"--doubles={Path(self.doubles).resolve()}")
        files = test_files(step.tests, self.rootdir, self.cwd)
        argv = pytest_argv(*args, *self.pytest_args, *files, plugins=(HARNESS, PLUGIN))
        live = _Live(step.index)
        ended = watch(
            argv, cwd=self.cwd, log=log, report=report, on_event=lambda e: live.absorb(e, self.listener),
            timeout=self.timeout, running_file=running, fork=self.fork,
        )  # fmt: skip
        live.running = ended.running
        result = replace(self.pending[step.index], junit=os.fspath(xml) if xml.exists() else None, log=os.fspath(log))
        result = _verdict(result, ended.code, live, step.tests, time.monotonic() - live.started)
        return _ended(result, ended, self.timeout, log)


def _verdict(result: StepResult, code: int, live: _Live, planned: Sequence[str], seconds: float) -> StepResult:
    """The step's status, and its ``cause`` when it failed: a collection error, an interpreter that
    ended mid-test or pytest refusing to run are not integration failures, and are told apart."""
    missing: tuple[str, ...] = ()
    if live.collected is not None:
        seen = set(live.collected)
        seen.update(renamed_parameters(planned, live.collected).values())  # ran in the planned ones' place
        missing = tuple(t for t in planned if t not in seen)
    problem = cause = ""
    failures = list(live.failures)
    if live.refused:
        problem, cause = live.refused, "stale"
    elif live.stopped:
        problem, cause = f"{live.stopped} (see {result.log})", "pytest"
    elif live.collect_errors:
        first = live.collect_errors[0]
        problem, cause = f"pytest could not collect {first.node_id or 'the tests'}: {first.message}", "collection"
    elif live.running and not live.finished and code not in (0, 1, 2, 5):
        problem = f"the test process ended (exit code {code}) while {live.running} ran"
        cause = "exit"
        failures.append(Outcome(live.running, "error", f"the interpreter exited (exit code {code})"))
    elif code not in (0, 1, 2, 5):
        why = _log_error(result.log) or _last_words(result.log)
        problem = f"pytest stopped with exit code {code}{why} (see {result.log})"
        cause = "collection" if _log_says(result.log, "while loading conftest") else "pytest"
    elif missing:
        problem = (
            f"{len(missing)} planned test(s) were not collected (first: {missing[0]}); "
            "the tests changed since the plan was made: make it again"
        )
        if all(node.endswith("]") for node in missing):
            problem += (
                " (if they did not change, their parametrize ids change from one collection to the next, "
                "as over a set: planner plan --check says so)"
            )
        cause = "stale"
    elif live.failures:
        cause = "tests"
    failed = bool(failures or problem)
    return replace(
        result,
        status="failed" if failed else "empty" if not planned and code == 5 else "passed",
        counts=tuple((k, v) for k, v in live.counts.items() if v),
        failures=tuple(failures) + tuple(live.collect_errors),
        missing=missing,
        problem=problem,
        cause=cause,
        seconds=seconds,
    )


def _ended(result: StepResult, ended: Ended, timeout: float | None, log: Path) -> StepResult:
    """The step that was running when planner ended pytest: timed out (failed) or interrupted."""
    running = f" while running {ended.running}" if ended.running else ""
    if ended.timed_out:  # a test that hangs may well be the integration's fault (a deadlock, a lost reply)
        problem = f"the step took longer than its time limit of {timeout:g} s{running}; pytest's output: {log}"
        return replace(result, status="failed", problem=problem, running=ended.running, cause="tests")
    if ended.interrupted:
        return replace(result, status="interrupted", problem=f"interrupted{running}", running=ended.running, cause="")
    return result


def _log_error(log: str | None) -> str:
    """``: ImportError while loading conftest ...``: the line of pytest's output that says a conftest
    does not import, if it wrote one (else :func:`_last_words` says why pytest stopped)."""
    if log is None or not os.path.exists(log):
        return ""
    with open(log, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith("ImportError while loading conftest"):
                return f": {line.strip()[:500]}"
    return ""


def _log_says(log: str | None, text: str) -> bool:
    """Whether pytest's output names ``text`` (``ImportError while loading conftest ...``)."""
    if log is None or not os.path.exists(log):
        return False
    with open(log, encoding="utf-8", errors="replace") as handle:
        return text in handle.read()


def _last_words(log: str | None) -> str:
    """``: error: ...``, the last line pytest wrote that names an error (else its last line)."""
    if log is None or not os.path.exists(log):
        return ""
    with open(log, encoding="utf-8", errors="replace") as handle:
        lines = [line.strip() for line in handle.read()[-4000:].splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return f": {(errors or lines)[-1][:300]}" if lines else ""
