"""Run a plan's steps in order with pytest, stopping at the first step that fails.

By default every step runs in **one pytest session** (:mod:`planner.plugin.pytest_session`
orders the items by step, stops after the first failing step and writes a JUnit
XML file per step): the run costs about what one plain pytest run of the suite
costs. A step runs in a pytest process of its own where that is needed: when it
installs doubles (``doubles``: stubs replace modules for the whole process), when
the pytest arguments ask for xdist (``-n``: its workers do not keep the steps'
order), or when asked (``isolate``).

Either way pytest runs from the directory the plan was made in (as its
collection was) with pytest's rootdir pinned to the plan's and the project's
configuration, on the files of the tests to run, with the harness reporting
each test's outcome as it finishes (so a listener can show live counts).
Arguments are lists, never a shell string; node ids come from a plan file and
are checked before use (:func:`planner.base.nodeids.check_node_id`), and no path may
lead out of the project tree (the directory the run starts in).

After the last step, the tests that no step names run as a final "not in the
plan" step (the plugin's step N+1): a session collects the plan's collected
paths and runs them last, in the same session; one process per step runs the
collected paths once more, in a process of its own. Tests added since the plan
was made run there, and the run says so; with ``strict_plan`` they fail the run.

A step passes when pytest passes it, or finds nothing to run in it (a step with
no tests); it fails on a failing or erroring test, a collection error, a planned
test that pytest did not collect (the plan is out of date), pytest refusing to
run, or its time limit (``timeout``); its ``cause`` says which (a collection error
or an interpreter that exits mid-test is not an integration failure, and the
summary does not present it as one). Ctrl-C ends the run: the step that was
running is ``interrupted`` and keeps the JUnit XML of its finished tests.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from planner.errors import PlanFileError, UsageError
from planner.model import Plan, Selection
from planner.selection.run_modes import Run, project_path, test_files
from planner.selection.run_result import COUNTED, Outcome, RunListener, RunResult, StepResult

__all__ = ["COUNTED", "Outcome", "RunListener", "RunResult", "StepResult", "project_path", "run_plan"]

_XDIST = ("-n", "--numprocesses", "--dist", "-d", "--tx")


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
    pytest_args: Sequence[str] = (),
    isolate: bool = False,
    timeout: float | None = None,
    strict_plan: bool = False,
    fork: bool = False,
) -> RunResult:
    """Run the steps of ``plan`` (read from ``plan_path``) from ``from_step`` on.

    Stops at the first failing step unless ``keep_going``; the steps after it
    (and before ``from_step``) are reported as ``not-run``. ``pytest_args`` go to
    pytest as they are; ``timeout`` (seconds) limits each step. Then runs the tests
    that no step names, if any (``strict_plan``: they fail the run). ``fork``: pytest may start as a
    fork of this process (:mod:`planner.selection.forked`; for planner's own command only).
    """
    listener = listener if listener is not None else RunListener()
    selection = plan.selection
    if selection is None and not any(step.tests for step in plan.steps):
        raise UsageError(f"{plan_path}: the plan assigns no tests (make it with 'planner plan ... --tests DIR')")
    total = len(plan.steps)
    if total == 0:
        return RunResult(())  # a change-aware plan of a change that affects no unit: nothing to run
    if not 1 <= from_step <= total:
        raise UsageError(f"{{from_step}} {from_step}: the plan has steps 1 to {total}", parameter="from_step")
    if timeout is not None and timeout <= 0:
        raise UsageError(f"timeout {timeout:g}: give a number of seconds above 0")
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
    junit = Path(cwd, junit_dir).resolve()
    _forget_earlier_reports(junit, from_step)
    junit.mkdir(parents=True, exist_ok=True)
    new = selection.new_dependencies if selection is not None else ()
    pending = {
        step.index: StepResult(
            step.index,
            step.units,
            len(step.tests),
            "not-run",
            new_dependencies=new[step.index - 1] if len(new) >= step.index else (),
        )
        for step in plan.steps
    }
    session = not isolate and doubles is None and not _asks_for_xdist(pytest_args)
    paths: list[str] = []
    for arg in selection.args if selection is not None else ():
        path = project_path(rootdir, arg, "the plan's tests path")
        project_path(base, os.fspath(path), "the plan's tests path")
        paths.append(Path(os.path.relpath(path, base)).as_posix())
    run = Run(
        plan, Path(plan_path).resolve(), base, rootdir, junit, doubles, tuple(pytest_args), timeout, keep_going,
        listener, pending, paths=tuple(paths) if session else (), strict_plan=strict_plan, fork=fork,
    )  # fmt: skip
    listener.run_started(total)
    for step in plan.steps[: from_step - 1]:
        listener.step_finished(pending[step.index])
    done = run.sessions(from_step) if session else run.per_step(from_step)
    unplanned = done.pop(total + 1, None)  # a session runs the tests not in the plan as its step N+1
    for step in plan.steps[from_step - 1 :]:
        if step.index not in done:
            listener.step_finished(pending[step.index])
    steps = tuple(done.get(step.index, pending[step.index]) for step in plan.steps)
    stopped = any(s.status == "interrupted" for s in steps) or (
        not keep_going and any(s.status == "failed" for s in steps)
    )
    if selection is not None and not stopped and not session:
        unplanned = run.unplanned(paths, strict_plan)
    return RunResult(steps, mode="session" if session else "per-step", unplanned=unplanned)


def _check_doubles(selection: Selection | None, doubles: str | None, plan_path: str | os.PathLike[str]) -> None:
    """The run installs doubles exactly when the plan placed its tests for a run with them."""
    if selection is None or selection.doubles == (doubles is not None):
        return
    if selection.doubles:
        raise UsageError(
            f"{plan_path}: its tests were placed for a run with the plan's doubles (planner plan --with-doubles): "
            "give {doubles} DIR, or plan again without --with-doubles",
            parameter="doubles",
        )
    raise UsageError(
        f"{plan_path}: its tests were placed for a run without doubles: plan again with --with-doubles to run "
        "them with {doubles}",
        parameter="doubles",
    )


def _asks_for_xdist(args: Sequence[str]) -> bool:
    """Whether the pytest arguments ask for xdist workers, which do not keep the steps' order."""
    for arg in args:
        name = arg.split("=", 1)[0]
        if name in _XDIST or (arg.startswith("-n") and not arg.startswith("--")):  # -n 4, -n4, -nauto
            return True
    return False


_REPORT = re.compile(r"(?:step|session)-([1-9][0-9]*)\.(xml|log)")


def _forget_earlier_reports(junit: Path, from_step: int) -> None:
    """Remove the reports an earlier run left for the steps this run runs (or that this
    plan does not have), so that the folder describes this run: only files named as
    planner names them (``step-K.xml``, ``step-K.log``, ``session-K.log``), nothing else."""
    if not junit.is_dir():
        return
    for entry in junit.iterdir():
        found = _REPORT.fullmatch(entry.name)
        if found and int(found.group(1)) >= from_step and entry.is_file() and not entry.is_symlink():
            entry.unlink()


def _check_files(plan: Plan, rootdir: Path, base: Path, from_step: int, plan_path: str | os.PathLike[str]) -> None:
    """Before any step runs: every test file of the steps to run is here (the run is where the
    plan was made, and the tests have not moved since)."""
    steps = plan.steps[from_step - 1 :]
    files = test_files([node_id for step in steps for node_id in step.tests], rootdir, base)  # each file once
    for name in files:
        if not (base / name).is_file():
            first = next(s for s in steps if name in test_files(s.tests, rootdir, base))
            raise PlanFileError(
                f"step {first.index}'s test file {name} is not here: run planner run in the directory "
                "the plan was made in, or plan again if the tests moved",
                path=os.fspath(plan_path),
            )
