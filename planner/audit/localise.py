"""The localisation audit: mutants of each unit, the plain suite on each, and where it fails.

For each unit of the plan that has a file, :func:`audit` writes a few first-order
mutants (:mod:`planner.audit.mutants`, seeded) one at a time into a scratch copy of
the project, runs the tests that can see the change (those whose footprint holds a
unit depending on the mutated one, directly or not, and those with no footprint; or
the whole suite), and asks :func:`planner.audit.blame.blame` where ``planner run``
would have stopped. Mutants run on ``workers`` copies side by side; results are
appended to a state file as they end, so a run stopped by its budget or by Ctrl-C
resumes where it was. The scratch copies are removed whatever happens.
"""

from __future__ import annotations

import hashlib
import os
import queue
import shlex
import shutil
import tempfile
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from planner.audit.blame import blame
from planner.audit.model import AuditReport, MutantResult, UnitSummary
from planner.audit.mutants import Mutant, unit_mutants
from planner.audit.scratch import copy_project, import_base
from planner.audit.state import State, state_key
from planner.audit.suite import SuiteRun, run_suite
from planner.errors import TestSuiteError, UsageError
from planner.loaders.scan.proof import default_cache_dir
from planner.model import Plan

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["AuditRequest", "Listener", "audit", "default_workers"]


@dataclass(frozen=True)
class AuditRequest:
    """What to audit and how: ``per_unit`` mutants of each unit, chosen with ``seed``; at most
    ``budget`` seconds of wall clock; ``workers`` scratch copies side by side; ``all_tests``:
    the whole suite for each mutant, not only the tests that can reach it; ``resume``: keep
    the results of an earlier run of the same audit (state in ``state_dir``)."""

    per_unit: int = 3
    seed: int = 0
    budget: float | None = None
    workers: int = 1
    all_tests: bool = False
    resume: bool = False
    state_dir: Path | None = None


class Listener(Protocol):
    """Told the progress of an audit (the command line draws a bar from it)."""

    def started(self, total: int, done: int) -> None:
        """``total`` mutants planned, ``done`` of them read back from the state file."""

    def finished(self, result: MutantResult) -> None:
        """One mutant ran."""


class _Silent:
    def started(self, total: int, done: int) -> None:
        pass

    def finished(self, result: MutantResult) -> None:
        pass


@dataclass(frozen=True)
class _Job:
    unit: str
    index: int
    file: str
    mutant: Mutant
    digest: str


def audit(
    plan: Plan,
    graph: nx.DiGraph,
    files: Mapping[str, str],
    *,
    plan_path: str,
    project: Path,
    request: AuditRequest,
    listener: Listener | None = None,
) -> AuditReport:
    """Audit how ``plan`` localises defects (see the module's docstring).

    ``files``: each unit's file, a path relative to ``project`` (the directory the plan was
    made in, where its pytest rootdir is). Raises :class:`~planner.errors.UsageError` for a
    plan without tests, :class:`~planner.errors.TestSuiteError` when the suite does not run
    in the scratch copy.
    """
    listener = listener or _Silent()
    selection = plan.selection
    if selection is None or not selection.tests:
        raise UsageError(f"{plan_path}: the plan places no tests: make it with 'planner plan SOURCE --tests DIR'")
    started = time.monotonic()
    deadline = None if request.budget is None else started + request.budget
    step_of = _steps_of(plan)
    owned = sorted(u for s in plan.steps for u in s.units if u in files)
    jobs = [job for unit in owned for job in _jobs(unit, files[unit], project, request)]
    key = state_key(
        Path(plan_path).read_bytes(), per_unit=request.per_unit, seed=request.seed, all_tests=request.all_tests
    )
    state = State(Path(request.state_dir or default_cache_dir()) / "audit" / f"{key}.jsonl", resume=request.resume)
    results = {
        (j.unit, j.index): state.done[(j.unit, j.index, j.digest)]
        for j in jobs
        if (j.unit, j.index, j.digest) in state.done
    }
    resumed = len(results)
    listener.started(len(jobs), resumed)
    todo = [j for j in jobs if (j.unit, j.index) not in results]
    bases = sorted({b for u in owned if (b := import_base(u, files[u])) is not None})
    failing_before = frozenset(state.baseline_failing)
    total_tests = len(selection.tests)
    if todo:
        scratch = Path(tempfile.mkdtemp(prefix="planner-audit-"))
        stop = threading.Event()
        try:
            copies: queue.Queue[Path] = queue.Queue()
            workers = max(1, min(request.workers, len(todo)))
            for k in range(workers):
                copies.put(copy_project(project, scratch / f"copy-{k}"))
            first = copies.get()
            baseline = _baseline(first, plan, bases, stop)
            copies.put(first)
            failing_before = baseline.failing
            state.add_baseline(tuple(sorted(failing_before)))
            limit = 30.0 + 5 * baseline.seconds

            def one(job: _Job) -> None:
                if stop.is_set() or (deadline is not None and time.monotonic() > deadline):
                    return
                copy = copies.get()
                try:
                    result = _run_one(
                        job, copy, plan, graph, step_of, bases, failing_before, limit, deadline, stop, request
                    )
                finally:
                    copies.put(copy)
                if result is not None:
                    results[(job.unit, job.index)] = result
                    state.add(result)
                    listener.finished(result)

            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="planner-audit") as pool:
                futures = [pool.submit(one, job) for job in todo]
                try:
                    for future in futures:
                        future.result()
                except BaseException:
                    stop.set()
                    raise
        finally:
            stop.set()
            shutil.rmtree(scratch, ignore_errors=True)
    ordered = tuple(results[(j.unit, j.index)] for j in jobs if (j.unit, j.index) in results)
    units = tuple(_summary(plan, unit, ordered) for unit in owned)
    return AuditReport(
        plan=plan_path,
        seed=request.seed,
        per_unit=request.per_unit,
        selection="all" if request.all_tests else "footprint",
        workers=request.workers,
        tests=total_tests,
        baseline_failing=tuple(sorted(failing_before)),
        results=ordered,
        units=units,
        planned=len(jobs),
        resumed=resumed,
        seconds=time.monotonic() - started,
        command=_command(plan_path, request),
    )


def _command(plan_path: str, request: AuditRequest) -> str:
    words = ["planner", "audit", plan_path, "--mutants", str(request.per_unit), "--seed", str(request.seed)]
    if request.all_tests:
        words.append("--all-tests")
    return shlex.join(words)


def _jobs(unit: str, file: str, project: Path, request: AuditRequest) -> list[_Job]:
    try:
        source = (project / file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [
        _Job(unit, k, file, m, hashlib.sha256(m.source.encode()).hexdigest()[:16])
        for k, m in enumerate(unit_mutants(unit, source, count=request.per_unit, seed=request.seed), start=1)
    ]


def _steps_of(plan: Plan) -> dict[str, int]:
    """Each test's step, and each test file's first step (a file that no longer collects fails there)."""
    assert plan.selection is not None
    found: dict[str, int] = {}
    for test in plan.selection.tests:
        found[test.node_id] = test.step
        file = test.node_id.split("::", 1)[0]
        found[file] = min(found.get(file, test.step), test.step)
    return found


def _baseline(copy: Path, plan: Plan, bases: list[str], stop: threading.Event) -> SuiteRun:
    assert plan.selection is not None
    run = run_suite(
        copy / plan.selection.rootdir, plan.selection.args, pythonpath=_paths(copy, bases), timeout=None, stop=stop
    )
    if stop.is_set():
        raise KeyboardInterrupt
    if not run.outcomes:
        raise TestSuiteError(
            f"pytest ran no test of the plan in a scratch copy of the project (exit code {run.code}): "
            "run 'planner audit' where the plan was made",
            path=plan.selection.rootdir,
        )
    return run


def _paths(copy: Path, bases: list[str]) -> list[Path]:
    return [copy / base for base in bases]


def _selected(
    plan: Plan, graph: nx.DiGraph, unit: str, request: AuditRequest
) -> tuple[frozenset[str], list[str] | None]:
    """The units that reach ``unit``, and the test files to run (None: the plan's whole suite)."""
    import networkx as nx

    reaching = frozenset(nx.ancestors(graph, unit)) | {unit} if unit in graph else frozenset({unit})
    if request.all_tests:
        return reaching, None
    assert plan.selection is not None
    files = {
        t.node_id.split("::", 1)[0] for t in plan.selection.tests if not t.footprint or reaching & set(t.footprint)
    }
    return reaching, sorted(files)


def _run_one(
    job: _Job,
    copy: Path,
    plan: Plan,
    graph: nx.DiGraph,
    step_of: dict[str, int],
    bases: list[str],
    failing_before: frozenset[str],
    limit: float,
    deadline: float | None,
    stop: threading.Event,
    request: AuditRequest,
) -> MutantResult | None:
    assert plan.selection is not None
    reaching, files = _selected(plan, graph, job.unit, request)
    target = copy / job.file
    original = target.read_bytes()
    timeout = limit if deadline is None else min(limit, max(0.0, deadline - time.monotonic()))
    try:
        target.write_text(job.mutant.source, encoding="utf-8")
        if files == []:
            run = SuiteRun()
        else:
            args = plan.selection.args if files is None else files
            run = run_suite(
                copy / plan.selection.rootdir, args, pythonpath=_paths(copy, bases), timeout=timeout, stop=stop
            )
    finally:
        target.write_bytes(original)
    if run.stopped or (run.timed_out and timeout < limit):
        return None  # interrupted or out of budget: not a result (a resumed run does it again)
    killers = run.failing - failing_before
    if not killers and run.code not in (0, 1, 5):
        killers = frozenset({"<collection>"})  # the interpreter ended, or pytest could not start
    fate, step, units, dependency, killer = blame(plan, job.unit, killers, reaching=reaching, step_of=step_of)
    return MutantResult(
        unit=job.unit,
        index=job.index,
        file=job.file,
        line=job.mutant.line,
        operator=job.mutant.operator,
        digest=job.digest,
        fate=fate,
        tests=len(run.outcomes),
        step=step,
        units=units,
        dependency=dependency,
        killer=killer,
        timed_out=run.timed_out,
    )


def _summary(plan: Plan, unit: str, results: tuple[MutantResult, ...]) -> UnitSummary:
    mine = [r for r in results if r.unit == unit]
    step = next(s.index for s in plan.steps if unit in s.units)
    return UnitSummary(
        unit=unit,
        step=step,
        mutants=len(mine),
        killed=sum(1 for r in mine if r.killed),
        localised=sum(1 for r in mine if r.fate == "localised"),
        collection=sum(1 for r in mine if r.fate == "collection"),
    )


def default_workers() -> int:
    """Two workers where the machine has two cores or more (each runs a pytest process)."""
    return max(1, min(2, os.cpu_count() or 1))
