"""Change safety: replay the last commits of the repository with change-aware plans.

For each of the last ``count`` commits C (first parents, oldest first) with parent P,
in a scratch clone of the repository (``git clone --shared``: it reads the user's
objects and writes nothing in the user's repository):

1. ``planner plan SOURCE --tests ... --changed-since P`` at C, as a user would type it
   (a subprocess: the plan made with C's own code and configuration);
2. the whole suite at C, and the tests the change-aware plan selected, each timed;
3. a **miss** is a test failing at C, not failing at P, that the plan left out.

git is run with argument lists only; revisions come from ``git rev-list``, never from
text pasted into a command.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.audit.suite import SuiteRun, run_suite
from planner.errors import UsageError
from planner.model import Plan

__all__ = ["CommitReplay", "HistoryReport", "replay"]


@dataclass(frozen=True)
class CommitReplay:
    """One replayed commit: what the change-aware plan selected and what it missed.

    ``misses``: tests failing at the commit, not at its parent, that the plan left out;
    ``failing``: tests failing at the commit and not at its parent; ``note``: why the
    commit could not be replayed (the plan failed), else empty.
    """

    commit: str
    subject: str
    changed: tuple[str, ...]
    tests: int
    selected: int
    failing: tuple[str, ...]
    misses: tuple[str, ...]
    full_seconds: float
    selected_seconds: float
    note: str = ""


@dataclass(frozen=True)
class HistoryReport:
    plan: str
    commits: tuple[CommitReplay, ...]
    command: str
    plan_sha256: str = ""

    @property
    def misses(self) -> int:
        return sum(len(c.misses) for c in self.commits)


def _git(args: Sequence[str], cwd: Path) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
        )
    except FileNotFoundError:
        raise UsageError("{history} needs git, which is not installed", parameter="history") from None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise UsageError(
            f"git {args[0]} failed in {cwd}" + (f" ({lines[-1].removeprefix('fatal: ')})" if lines else "")
        )
    return done.stdout


def replay(
    plan: Plan,
    *,
    plan_path: str,
    project: Path,
    bases: Sequence[str],
    count: int,
    stop: threading.Event | None = None,
) -> HistoryReport:
    """Replay the last ``count`` commits of the repository holding ``project`` (see the module's docstring).

    ``bases``: the directories, relative to ``project``, the plan's units are imported from.
    """
    stop = stop or threading.Event()
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], project).strip())
    except UsageError:
        raise UsageError(f"{{history}} needs a git repository: {project} is not in one", parameter="history") from None
    selection = plan.selection
    if selection is None or not selection.tests:
        raise UsageError(f"{plan_path}: the plan places no tests: make it with 'planner plan SOURCE --tests DIR'")
    where = Path(os.path.relpath(project.resolve(), top.resolve()))
    revisions = _git(["rev-list", "--first-parent", f"--max-count={count + 1}", "HEAD"], top).split()
    if len(revisions) < 2:
        raise UsageError("{history}: the repository has no commit with a parent to replay", parameter="history")
    tests = [(Path(selection.rootdir) / arg).as_posix() for arg in selection.args]
    scratch = Path(tempfile.mkdtemp(prefix="planner-audit-history-"))
    try:
        clone = scratch / "repo"
        _git(["clone", "--quiet", "--shared", "--no-checkout", str(top), str(clone)], scratch)
        here = clone / where
        paths = [here / base for base in bases]
        oldest_first = list(reversed(revisions))
        before = _suite_at(clone, oldest_first[0], here / selection.rootdir, selection.args, paths, stop)
        replays = []
        for parent, commit in itertools.pairwise(oldest_first):
            found = _replay_one(clone, here, scratch, parent, commit, plan, tests, before, paths, stop)
            replays.append(found[0])
            before = found[1]
        commits = tuple(reversed(replays))  # newest first, as git log shows them
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return HistoryReport(plan_path, commits, f"planner audit {plan_path} --history {count}")


def _checkout(clone: Path, commit: str) -> None:
    _git(["checkout", "--quiet", "--force", "--detach", commit], clone)
    _git(["clean", "-fdxq"], clone)


def _suite_at(
    clone: Path, commit: str, rootdir: Path, args: Sequence[str], paths: list[Path], stop: threading.Event
) -> SuiteRun:
    _checkout(clone, commit)
    return _run(rootdir, args, paths, stop)


def _run(rootdir: Path, args: Sequence[str], paths: list[Path], stop: threading.Event) -> SuiteRun:
    run = run_suite(rootdir, args, pythonpath=paths, timeout=None, stop=stop)
    if run.stopped:
        raise KeyboardInterrupt
    return run


def _replay_one(
    clone: Path,
    here: Path,
    scratch: Path,
    parent: str,
    commit: str,
    plan: Plan,
    tests: list[str],
    before: SuiteRun,
    paths: list[Path],
    stop: threading.Event,
) -> tuple[CommitReplay, SuiteRun]:
    assert plan.selection is not None
    _checkout(clone, commit)
    subject = _git(["log", "-1", "--format=%s", commit], clone).strip()
    changed = tuple(
        sorted(n for n in _git(["diff", "--name-only", "--no-renames", parent, commit], clone).split("\n") if n)
    )
    made = _change_plan(here, scratch / "plan.json", plan, tests, parent)
    _git(["clean", "-fdxq"], clone)
    full = _run(here / plan.selection.rootdir, plan.selection.args, paths, stop)
    failing = sorted(full.failing - before.failing)
    if isinstance(made, str):
        replayed = CommitReplay(
            commit[:12], subject, changed, len(full.outcomes), 0, tuple(failing), (), full.seconds, 0.0, made
        )
        return replayed, full
    rootdir, selected = made
    if selected:
        ran = _run(here / rootdir, sorted(selected), paths, stop)
        seconds = ran.seconds
    else:
        seconds = 0.0
    misses = tuple(node for node in failing if node not in selected)
    replayed = CommitReplay(
        commit[:12], subject, changed, len(full.outcomes), len(selected), tuple(failing), misses, full.seconds, seconds
    )
    return replayed, full


def _change_plan(
    here: Path, output: Path, plan: Plan, tests: list[str], parent: str
) -> tuple[str, frozenset[str]] | str:
    """The change-aware plan's rootdir and selected node ids, or why it could not be made."""
    argv = [sys.executable, "-m", "planner", "plan", plan.graph.source, *plan_flags(plan)]
    for path in tests:
        argv.append(f"--tests={path}")
    argv += ["--changed-since", parent, "--no-cache", "--format", "json", "-o", str(output), "--force"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1"}
    env.pop("PLANNER_DEBUG", None)
    done = subprocess.run(
        argv, cwd=here, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return "planner plan --changed-since failed: " + (lines[-1] if lines else f"exit code {done.returncode}")
    data = json.loads(output.read_text(encoding="utf-8"))
    chosen = data.get("selection") or {}
    return str(chosen.get("rootdir", ".")), frozenset(str(t["id"]) for t in chosen.get("tests", ()))


_SCAN_FLAGS = {
    "scopes": "--scope",
    "exclude": "--exclude",
    "packages": "--package",
    "external": "--external",
    "include_tests": "--include-tests",
    "through_init": "--through-init",
    "no_gitignore": "--no-gitignore",
}
"""The flag of ``planner plan`` for each scanner option a plan records (``GraphInfo.scan``)."""


def plan_flags(plan: Plan) -> list[str]:
    """The options of ``planner plan`` that made ``plan``, as recorded in it: the strategy and
    its options, the scanner options that shaped the graph and how the tests were placed.

    Values go as ``--flag=value`` (one argument each), so that a recorded glob starting with
    a dash stays a value.
    """
    options = plan.options
    flags = [f"--strategy={plan.strategy}"]
    for flag, value, default in (
        ("--variant", options.variant, None),
        ("--target-layer", options.target_layer, None),
        ("--cycles", options.cycles, "break"),
        ("--objective", options.objective, "specific-stubs"),
        ("--time-limit", options.time_limit, None),
        ("--effort", options.effort, None),
    ):
        if value is not None and value != default:
            flags.append(f"{flag}={value}")
    for key, recorded in plan.graph.scan:
        flag = _SCAN_FLAGS[key]
        if recorded is True:
            flags.append(flag)
        elif isinstance(recorded, tuple):
            flags += [f"{flag}={item}" for item in recorded]
    if plan.selection is not None:
        flags.append(f"--footprint={plan.selection.footprint}")
        if plan.selection.doubles:
            flags.append("--with-doubles")
    return flags
