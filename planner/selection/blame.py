"""Which unit broke a failing step: spectrum-based blame over the step's own tests.

A step that fails names the units it integrates and the dependencies it
exercises for the first time. That is the whole story when the suite tests
each unit where it is integrated; it is not when most tests reach the code
through a front door (``sqlparse.format``, ``app.test_client()``) integrated
last: then the step that fails integrates the front door, and the defect is in
any of the units behind it. The tests of that step still say where: the tests
that fail executed the broken unit, and most of those that pass did not.

For each unit executed by a failing test of the step, its **Ochiai** score is
``failed(u) / sqrt(F * (failed(u) + passed(u)))``, with ``F`` the failing tests
of the step, ``failed(u)`` and ``passed(u)`` the failing and passing tests of
the step that executed ``u``: 1.0 for a unit that every failing test and no
passing test executed. Ochiai ranks best among the classic spectrum formulas
for single faults (Abreu, Zoeteweij and van Gemund, 2007), and needs nothing
but the step's outcomes and what each test executed.

What each test executed (its spectrum) comes, best first, from:

- the plan, when its footprints were measured (``--footprint coverage``): the
  units each test executed when the plan was made;
- a second run of the failing step's tests under coverage.py (``measure``),
  one coverage context per test, when coverage.py is installed;
- the static footprints of the plan (what each test's code names), which only
  tell tests apart that name different units.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import tempfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from planner.model import Plan
from planner.selection import run_modes
from planner.selection.process import HARNESS, PLUGIN, pytest_argv, pytest_env
from planner.selection.run_result import RunResult
from planner.selection.units import Units

__all__ = ["Blame", "Element", "Spectra", "Suspect", "blame_failures", "measure_step", "rank", "rank_elements"]

Spectra = Mapping[str, Iterable[str]]
"""Node id -> the units the test executed."""

Element = str | tuple[str, int]
"""What a test executes, as blame counts it: a unit, or one line of a unit's file."""

SpectrumSource = Literal["plan", "measured", "static"]
"""Where the spectra came from (see the module's docstring)."""

SUSPECTS_KEPT = 5
"""Suspects a blame keeps: the run's summary shows the first three, ``--format json`` all five."""

# pytest's exit codes for a run that happened: 0 passed, 1 tests failed, 5 no tests.
_RAN = frozenset({0, 1, 5})


@dataclass(frozen=True)
class Suspect:
    """A unit a failing step's tests point at: its Ochiai ``score`` (0 to 1), and how many of the
    step's failing and passing tests executed it."""

    unit: str
    score: float
    failed: int
    passed: int
    line: int | None = None
    """The unit's line that scores best, when the spectra were measured line by line."""


@dataclass(frozen=True)
class Blame:
    """The suspects of one failing step, best first, and where the spectra came from."""

    suspects: tuple[Suspect, ...]
    source: SpectrumSource
    failed: int
    passed: int
    first_exercised: tuple[str, ...] = ()
    """Units the failing tests executed that no test of an earlier step exercises (names, or executed
    when the plan was measured) and that the step does not integrate, most suspect first: defects
    there surface at this step for the first time."""
    why_static: str = ""
    """Why the spectra are the static footprints, when they are (``source == "static"``)."""

    @property
    def first(self) -> tuple[Suspect, ...]:
        """The suspects that share the best score (one, when the tests single a unit out)."""
        if not self.suspects:
            return ()
        best = self.suspects[0].score
        return tuple(s for s in self.suspects if math.isclose(s.score, best))


def rank(
    spectra: Spectra, failed: Collection[str], passed: Collection[str], *, keep: int | None = SUSPECTS_KEPT
) -> tuple[Suspect, ...]:
    """The units executed by a failing test, by Ochiai score (then by failing tests, then name);
    the first ``keep`` (``None``: all).

    >>> spectra = {"a": ["x", "y"], "b": ["x", "y"], "c": ["x"], "d": ["x"]}
    >>> [(s.unit, round(s.score, 2)) for s in rank(spectra, failed={"a", "b"}, passed={"c", "d"})]
    [('y', 1.0), ('x', 0.71)]
    """
    executed_by: dict[Element, set[str]] = {}
    for node_id in (*failed, *passed):
        for unit in spectra.get(node_id, ()):
            executed_by.setdefault(unit, set()).add(node_id)
    return rank_elements(executed_by, failed, passed, keep=keep)


def rank_elements(
    executed_by: Mapping[Element, Collection[str]],
    failed: Collection[str],
    passed: Collection[str],
    *,
    keep: int | None = SUSPECTS_KEPT,
) -> tuple[Suspect, ...]:
    """Like :func:`rank`, from what executed each element: a unit, or a line ``(unit, line)`` of it.

    A unit scores as its best line: a broken function that only the failing tests call stands
    out even in a module whose other functions every test runs.
    """
    failing, passing = set(failed), set(passed)
    total = len(failing)
    best: dict[str, Suspect] = {}
    for element, nodes in executed_by.items():
        hits = len(failing.intersection(nodes))
        if not hits:
            continue
        others = len(passing.intersection(nodes))
        unit, line = (element, None) if isinstance(element, str) else element
        found = Suspect(unit, hits / math.sqrt(total * (hits + others)), hits, others, line)
        held = best.get(unit)
        if held is None or _order(found) < _order(held):
            best[unit] = found
    suspects = sorted(best.values(), key=_order)
    return tuple(suspects if keep is None else suspects[:keep])


def _order(suspect: Suspect) -> tuple[float, int, str, bool, int]:
    """Best first; of a unit's elements that score the same, its first line."""
    return (-suspect.score, -suspect.failed, suspect.unit, suspect.line is None, suspect.line or 0)


def measure_step(
    plan_file: str | os.PathLike[str],
    step: int,
    *,
    cwd: str | os.PathLike[str],
    rootdir: str | os.PathLike[str],
    files: Sequence[str],
    source: Path,
    by_path: Mapping[str, str],
    pytest_args: Sequence[str] = (),
) -> dict[Element, set[str]] | None:
    """Run step ``step``'s tests again under coverage.py: the tests whose call executed each line
    ``(unit, line)`` of the units' files.

    ``files``: the step's test files (relative to ``cwd``); ``source``: the directory whose files
    are measured; ``by_path``: normalised absolute file -> unit. ``None`` when the run did not
    happen (pytest refused it, or coverage.py is not installed).
    """
    if not _has_coverage():
        return None
    with tempfile.TemporaryDirectory(prefix="planner-blame-") as tmp:
        data_file = os.path.join(tmp, "coverage.data")
        rcfile = os.path.join(tmp, "coveragerc")
        ran_file = os.path.join(tmp, "ran.json")
        with open(rcfile, "w", encoding="utf-8") as handle:
            handle.write(f"[run]\ndata_file = {data_file}\nsource =\n    {source}\nparallel = False\n")
        argv = pytest_argv(
            "-q",
            "-p",
            "no:cacheprovider",
            f"--rootdir={rootdir}",
            f"--plan={plan_file}",
            f"--plan-step={step}",
            f"--planner-measure={ran_file}",
            *pytest_args,
            # after the project's arguments: pytest's assertion rewriting explains a failed assert
            # by calling __repr__ of what it compares, which would count as executed by the test
            "--assert=plain",
            # only which test executed what counts here: the failures were reported by the step's
            # run, and formatting their tracebacks again cost more than the tests themselves (jinja2
            # with 275 failing tests: 25 s of the 33 s this run took)
            "--tb=no",
            *files,
            plugins=(HARNESS, PLUGIN),
            prefix=("-m", "coverage", "run", f"--rcfile={rcfile}"),
        )
        done = subprocess.run(
            argv, cwd=cwd, env=pytest_env(), capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
        )
        if done.returncode not in _RAN or not os.path.exists(ran_file):
            return None
        with open(ran_file, encoding="utf-8") as handle:
            ran = {str(node) for node in json.load(handle)}
        return _lines(data_file, ran, by_path)


def _lines(data_file: str, ran: set[str], by_path: Mapping[str, str]) -> dict[Element, set[str]]:
    from coverage import CoverageData

    executed_by: dict[Element, set[str]] = {}
    if not os.path.exists(data_file):
        return executed_by
    data = CoverageData(basename=data_file)
    data.read()
    for measured in data.measured_files():
        unit = by_path.get(os.path.normcase(os.fspath(Path(measured).resolve())))
        if unit is None:
            continue
        for line, contexts in data.contexts_by_lineno(measured).items():
            tests = ran.intersection(contexts)
            if tests:
                executed_by[unit, line] = tests
    return executed_by


def blame_failures(
    plan: Plan,
    plan_path: str | os.PathLike[str],
    result: RunResult,
    *,
    units: Units | None,
    source: Path | None,
    cwd: str | os.PathLike[str] = ".",
    measure: bool = True,
    pytest_args: Sequence[str] = (),
) -> dict[int, Blame]:
    """The blame of each step of ``result`` that failed on its tests (step index -> blame).

    ``units``/``source``: the graph's units and the directory of its files, to measure (``None``:
    the graph is not here, so spectra come from the plan); ``measure``: whether a step may be run
    again under coverage.py.
    """
    selection = plan.selection
    if selection is None:
        return {}
    recorded = {t.node_id: t for t in selection.tests}
    base = Path(cwd).resolve()
    blames: dict[int, Blame] = {}
    for step in result.failed:
        if step.cause != "tests" or step.index > len(plan.steps):
            continue
        planned = plan.steps[step.index - 1].tests
        failing = {f.node_id for f in step.failures if f.outcome in ("failed", "error")}
        passing = set(planned) - {f.node_id for f in step.failures}
        if not failing:
            continue
        tests = [recorded[node] for node in planned if node in recorded]
        executed_by: dict[Element, set[str]] | None = None
        origin: SpectrumSource = "static"
        if tests and all(t.method == "coverage" for t in tests):
            executed_by, origin = _by_unit({t.node_id: t.footprint for t in tests}), "plan"
        elif measure and units is not None and source is not None:
            rootdir = run_modes.project_path(base, selection.rootdir, "the plan's rootdir")
            executed_by = measure_step(
                Path(plan_path).resolve(),
                step.index,
                cwd=base,
                rootdir=rootdir,
                files=run_modes.test_files(planned, rootdir, base),
                source=source,
                by_path=units.by_path,
                pytest_args=pytest_args,
            )
            origin = "measured"
            if executed_by is not None:
                # a measured test also counts the units its code names (a constant read executes nothing)
                for unit, nodes in _by_unit({t.node_id: t.footprint for t in tests}).items():
                    executed_by.setdefault(unit, set()).update(nodes)
        why = ""
        if executed_by is None:
            executed_by, origin = _by_unit({t.node_id: t.footprint for t in tests}), "static"
            if not measure:
                why = "--no-blame"
            elif not _has_coverage():
                why = "pip install coverage for a measured blame"
            elif units is None or source is None:
                why = "the plan's source tree is not here to measure"
            else:
                why = "the step's measured run did not complete"
        ranked = rank_elements(executed_by, failing, passing, keep=None)
        earlier = {unit for t in selection.tests if t.step < step.index for unit in (*t.footprint, *t.indirect)}
        first = tuple(s.unit for s in ranked if s.unit not in earlier and s.unit not in step.units)
        blames[step.index] = Blame(ranked[:SUSPECTS_KEPT], origin, len(failing), len(passing), first, why)
    return blames


def _by_unit(spectra: Spectra) -> dict[Element, set[str]]:
    executed_by: dict[Element, set[str]] = {}
    for node_id, executed in spectra.items():
        for unit in executed:
            executed_by.setdefault(unit, set()).add(node_id)
    return executed_by


def _has_coverage() -> bool:
    try:
        import coverage  # noqa: F401
    except ImportError:
        return False
    return True
