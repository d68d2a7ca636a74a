"""Run a plan's steps in order with pytest, stopping at the first step that fails.

Each step is one pytest subprocess, run from the directory the plan was made
in (as its collection was) with pytest's rootdir pinned to the plan's and the
project's configuration, on the files of the step's tests, with the plugin
selecting exactly the step's tests (``--plan``/``--plan-step``), a JUnit XML
file per step, and the harness reporting each test's outcome as it finishes
(so a listener can show live counts). Arguments are lists, never a shell
string; node ids come from a plan file and are checked before use
(:func:`planner.nodeids.check_node_id`), and no path may lead out of the
project tree (the directory the run starts in).

A step passes when pytest passes it, or finds nothing to run in it (exit code
5, "no tests ran", for a step with no tests); it fails on a failing or
erroring test, a collection error, a planned test that pytest did not collect
(the plan is out of date), or pytest refusing to run. Its ``cause`` says which
(a collection error or an interpreter that exits mid-test is not an
integration failure, and the summary does not present it as one).

After the last step, the collected paths are run once more as a final "not in
the plan" step (the plugin's step N+1): tests added since the plan was made
run there, and the run says so; with ``strict_plan`` they fail the run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from planner.errors import PlanFileError, UsageError
from planner.model import Plan, Selection
from planner.nodeids import node_file
from planner.selection.process import HARNESS, PLUGIN, pytest_argv, pytest_env

__all__ = ["COUNTED", "Outcome", "RunListener", "RunResult", "StepResult", "run_plan"]

COUNTED = ("passed", "failed", "error", "skipped", "xfailed", "xpassed")
"""Test outcomes, as pytest's closing line counts them."""
_FAILING = frozenset({"failed", "error"})
_POLL = 0.1


@dataclass(frozen=True)
class Outcome:
    """One test's result: its node id, outcome (one of :data:`COUNTED`), why it failed."""

    node_id: str
    outcome: str
    message: str = ""


@dataclass(frozen=True)
class StepResult:
    """What one step did. ``status``: ``passed``, ``failed``, ``empty`` (no tests), ``not-run``."""

    index: int
    units: tuple[str, ...]
    planned: int
    status: str
    counts: tuple[tuple[str, int], ...] = ()
    failures: tuple[Outcome, ...] = ()
    missing: tuple[str, ...] = ()
    problem: str = ""
    cause: str = ""
    """Why it failed: ``tests`` (failing tests), ``collection`` (pytest could not collect a file),
    ``exit`` (the test process ended mid-test), ``pytest`` (pytest refused to run or broke),
    ``stale`` (planned tests were not collected); ``""`` if it did not fail."""
    new_dependencies: tuple[tuple[str, str], ...] = ()
    junit: str | None = None
    log: str | None = None
    seconds: float = 0.0

    def count(self, outcome: str) -> int:
        return dict(self.counts).get(outcome, 0)


@dataclass(frozen=True)
class RunResult:
    """Every step of the plan, in order, with what happened to it."""

    steps: tuple[StepResult, ...]
    unplanned: StepResult | None = None
    """The final "not in the plan" step, when pytest collected tests that no step names."""

    @property
    def failed(self) -> tuple[StepResult, ...]:
        extra = (self.unplanned,) if self.unplanned is not None else ()
        return tuple(s for s in (*self.steps, *extra) if s.status == "failed")

    @property
    def ok(self) -> bool:
        return not self.failed

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


@dataclass
class _Live:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    failures: list[Outcome] = field(default_factory=list)
    collected: list[str] | None = None
    collect_errors: list[Outcome] = field(default_factory=list)
    running: str | None = None
    finished: bool = False


def project_path(base: Path, relative: str, what: str) -> Path:
    """``base / relative``, refused if it leads out of ``base`` (through ``..`` or a symbolic link)."""
    target = (base / relative).resolve()
    root = base.resolve()
    if target != root and root not in target.parents:
        raise PlanFileError(f"{what} {relative!r} leads out of the project tree {root}")
    return target


def run_plan(
    plan: Plan,
    plan_path: str | os.PathLike[str],
    *,
    cwd: str | os.PathLike[str] = ".",
    junit_dir: str | os.PathLike[str] = ".planner/junit",
    from_step: int = 1,
    keep_going: bool = False,
    doubles: str | None = None,
    listener: RunListener | None = None,
    strict_plan: bool = False,
) -> RunResult:
    """Run the steps of ``plan`` (read from ``plan_path``) from ``from_step`` on.

    Stops at the first failing step unless ``keep_going``; the steps after it
    (and before ``from_step``) are reported as ``not-run``. Then runs the tests
    that no step names, if any (``strict_plan``: they fail the run).
    """
    listener = listener if listener is not None else RunListener()
    selection = plan.selection
    if selection is None and not any(step.tests for step in plan.steps):
        raise UsageError(f"{plan_path}: the plan assigns no tests (make it with 'planner plan ... --tests DIR')")
    total = len(plan.steps)
    if total == 0:
        return RunResult(())  # a change-aware plan of a change that affects no unit: nothing to run
    if not 1 <= from_step <= total:
        raise UsageError(f"--from-step {from_step}: the plan has steps 1 to {total}")
    _check_doubles(selection, doubles, plan_path)
    base = Path(cwd).resolve()
    rootdir = project_path(base, selection.rootdir if selection is not None else ".", "the plan's rootdir")
    if not rootdir.is_dir():
        raise PlanFileError(
            f"the plan's rootdir {selection.rootdir if selection else '.'!r} is not a directory here: "
            "run planner run where the plan was made",
            path=os.fspath(plan_path),
        )
    _check_files(plan, rootdir, base, from_step, plan_path)
    plan_file = Path(plan_path).resolve()
    junit = Path(cwd, junit_dir).resolve()
    _forget_earlier_reports(junit, from_step)
    listener.run_started(total)
    new = selection.new_dependencies if selection is not None else ()
    results: list[StepResult] = []
    stopped = False
    for step in plan.steps:
        edges = new[step.index - 1] if len(new) >= step.index else ()
        result = StepResult(step.index, step.units, len(step.tests), "not-run", new_dependencies=edges)
        if step.index >= from_step and not stopped:
            listener.step_started(step.index, total, step.units, len(step.tests))
            if not step.tests and doubles is None:
                result = replace(result, status="empty", junit=_empty_junit(junit, step.index))
            else:
                files = _files(step.tests, rootdir, base)
                run = _Step(step.index, files, step.tests, plan_file, base, rootdir, junit, doubles, strict_plan)
                result = run.run(result, listener)
            stopped = result.status == "failed" and not keep_going
        listener.step_finished(result)
        results.append(result)
    unplanned = None
    if selection is not None and not stopped:
        unplanned = _run_unplanned(selection.args, total + 1, plan_file, base, rootdir, junit, strict_plan, listener)
    return RunResult(tuple(results), unplanned)


def _run_unplanned(
    args: Sequence[str],
    index: int,
    plan_file: Path,
    base: Path,
    rootdir: Path,
    junit: Path,
    strict: bool,
    listener: RunListener,
) -> StepResult | None:
    """The final "not in the plan" step: the collected paths, the plugin's step N+1 (``None`` if empty)."""
    paths = []
    for arg in args:
        path = project_path(rootdir, arg, "the plan's tests path")
        project_path(base, os.fspath(path), "the plan's tests path")
        paths.append(Path(os.path.relpath(path, base)).as_posix())
    result = StepResult(index, (), 0, "not-run")
    result = _Step(index, paths, (), plan_file, base, rootdir, junit, None, strict).run(result, listener)
    if result.status == "empty":
        for name in (result.junit, result.log):
            if name is not None:
                Path(name).unlink(missing_ok=True)
        return None
    listener.step_finished(result)
    return result


def _check_doubles(selection: Selection | None, doubles: str | None, plan_path: str | os.PathLike[str]) -> None:
    """The run installs doubles exactly when the plan placed its tests for a run with them."""
    if selection is None or selection.doubles == (doubles is not None):
        return
    if selection.doubles:
        raise UsageError(
            f"{plan_path}: its tests were placed for a run with the plan's doubles (planner plan --with-doubles): "
            "give --doubles DIR, or plan again without --with-doubles"
        )
    raise UsageError(
        f"{plan_path}: its tests were placed for a run without doubles: plan again with --with-doubles to run "
        "them with --doubles"
    )


_REPORT = re.compile(r"step-([1-9][0-9]*)\.(xml|log)")


def _forget_earlier_reports(junit: Path, from_step: int) -> None:
    """Remove the reports an earlier run left for the steps this run runs (or that this
    plan does not have), so that the folder describes this run: only files named as
    planner names them (``step-K.xml``, ``step-K.log``), nothing else."""
    if not junit.is_dir():
        return
    for entry in junit.iterdir():
        found = _REPORT.fullmatch(entry.name)
        if found and int(found.group(1)) >= from_step and entry.is_file() and not entry.is_symlink():
            entry.unlink()


def _empty_junit(junit: Path, index: int) -> str:
    """A JUnit XML report of no tests for an empty step, so that every step has one."""
    from planner.files import write_text_atomic

    xml = junit / f"step-{index}.xml"
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<testsuites><testsuite name="step-{index}" errors="0" failures="0" skipped="0" tests="0" />'
        "</testsuites>\n"
    )
    write_text_atomic(xml, text, force=True)
    return os.fspath(xml)


def _check_files(plan: Plan, rootdir: Path, base: Path, from_step: int, plan_path: str | os.PathLike[str]) -> None:
    """Before any step runs: every test file of the steps to run is here (the run is where the
    plan was made, and the tests have not moved since)."""
    for step in plan.steps[from_step - 1 :]:
        for name in _files(step.tests, rootdir, base):
            if not (base / name).is_file():
                raise PlanFileError(
                    f"step {step.index}'s test file {name} is not here: run planner run in the directory "
                    "the plan was made in, or plan again if the tests moved",
                    path=os.fspath(plan_path),
                )


def _files(node_ids: Sequence[str], rootdir: Path, base: Path) -> list[str]:
    """The distinct files of the step's tests, in order, relative to ``base``, each checked to stay in the tree."""
    files: dict[str, None] = {}
    for node_id in node_ids:
        path = project_path(rootdir, node_file(node_id), "test file")
        project_path(base, os.fspath(path), "test file")
        files[Path(os.path.relpath(path, base)).as_posix()] = None
    return list(files)


@dataclass(frozen=True)
class _Step:
    index: int
    files: list[str]
    planned: tuple[str, ...]
    plan_file: Path
    cwd: Path
    rootdir: Path
    junit: Path
    doubles: str | None
    strict: bool = False

    def run(self, result: StepResult, listener: RunListener) -> StepResult:
        self.junit.mkdir(parents=True, exist_ok=True)
        xml = self.junit / f"step-{self.index}.xml"
        log = self.junit / f"step-{self.index}.log"
        report = self.junit / f".step-{self.index}.jsonl"
        args = [f"--rootdir={self.rootdir}", f"--plan={self.plan_file}", f"--plan-step={self.index}"]
        args.append(f"--junitxml={xml}")
        args.append(f"--planner-report={report}")
        if self.doubles is not None:
            args.append(f"--doubles={Path(self.doubles).resolve()}")
        if self.strict:
            args.append("--strict-plan")
        # ``--option=value`` throughout: pytest picks its rootdir before it knows a plugin's options,
        # and would take a separate value for a path to test.
        argv = pytest_argv(*args, *self.files, plugins=(HARNESS, PLUGIN))
        live = _Live()
        started = time.monotonic()
        report.unlink(missing_ok=True)
        with open(log, "w", encoding="utf-8") as out:
            process = subprocess.Popen(
                argv, cwd=self.cwd, env=pytest_env(), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
            reader: IO[str] | None = None
            try:
                while True:
                    code = process.poll()
                    if reader is None and report.exists():
                        reader = open(report, encoding="utf-8")  # noqa: SIM115 - read while pytest writes it
                    if reader is not None:
                        _drain(reader, self.index, live, listener, final=code is not None)
                    if code is not None:
                        break
                    time.sleep(_POLL)
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
                if reader is not None:
                    reader.close()
        report.unlink(missing_ok=True)
        result = replace(result, junit=os.fspath(xml) if xml.exists() else None, log=os.fspath(log))
        return _verdict(result, code, live, self.planned, time.monotonic() - started)


def _drain(reader: IO[str], index: int, live: _Live, listener: RunListener, *, final: bool) -> None:
    while True:
        position = reader.tell()
        line = reader.readline()
        if not line:
            return
        if not line.endswith("\n") and not final:
            reader.seek(position)  # a line still being written
            return
        try:
            event = json.loads(line)
        except ValueError:
            continue
        kind = event.get("event")
        if kind == "collected":
            live.collected = [str(i) for i in event.get("ids", ())]
        elif kind == "collect-error":
            live.collect_errors.append(Outcome(str(event.get("id", "")), "error", str(event.get("message", ""))))
        elif kind == "start":
            live.running = str(event.get("id", ""))
        elif kind == "finished":
            live.finished = True
        elif kind == "test":
            live.running = None
            outcome = Outcome(str(event["id"]), str(event["outcome"]), str(event.get("message", "")))
            if outcome.outcome in live.counts:
                live.counts[outcome.outcome] += 1
            if outcome.outcome in _FAILING:
                live.failures.append(outcome)
            listener.test_finished(index, outcome)


def _verdict(result: StepResult, code: int, live: _Live, planned: Sequence[str], seconds: float) -> StepResult:
    missing: tuple[str, ...] = ()
    if live.collected is not None:
        seen = set(live.collected)
        missing = tuple(t for t in planned if t not in seen)
    problem = cause = ""
    failures = list(live.failures)
    if live.collect_errors:
        first = live.collect_errors[0]
        problem, cause = f"pytest could not collect {first.node_id or 'the tests'}: {first.message}", "collection"
    elif live.running and not live.finished and code not in (0, 1, 5):
        problem = f"the test process ended (exit code {code}) while {live.running} ran"
        cause = "exit"
        failures.append(Outcome(live.running, "error", f"the interpreter exited (exit code {code})"))
    elif code not in (0, 1, 5):
        why = _log_error(result.log)
        problem = f"pytest stopped with exit code {code}{f': {why}' if why else ''} (see {result.log})"
        cause = "collection" if "while loading conftest" in why else "pytest"
    elif missing:
        problem = (
            f"{len(missing)} planned test(s) were not collected (first: {missing[0]}); "
            "the tests changed since the plan was made: make it again"
        )
        cause = "stale"
    elif live.failures:
        cause = "tests"
    failed = bool(live.failures or problem)
    return replace(
        result,
        status="failed" if failed else "empty" if not planned and code == 5 else "passed",
        cause=cause,
        counts=tuple((k, v) for k, v in live.counts.items() if v),
        failures=tuple(failures) + tuple(live.collect_errors),
        missing=missing,
        problem=problem,
        seconds=seconds,
    )


def _log_error(log: str | None) -> str:
    """The line of pytest's output that says why it refused to run (``ERROR: ...``, a conftest import error)."""
    if log is None:
        return ""
    try:
        lines = Path(log).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for line in lines:
        if line.startswith(("ERROR:", "ImportError while loading conftest")):
            return line.strip()[:500]
    return ""
