"""A run of a plan's steps, told to people: one line per step, and a summary that says what broke.

A failing step is blamed on what broke: for failing tests, the step's
integration, naming per test the units of its footprint that the step
integrates or exercises for the first time (or that it exercises no unit of
the graph); a collection error, a conftest that does not import or an
interpreter that exits mid-test is reported as what it is, naming the file or
the test, not as an integration failure.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from planner.base.wording import count, ranges
from planner.model import Plan
from planner.selection.run_result import COUNTED, RunResult, StepResult

if TYPE_CHECKING:
    from planner.selection.blame import Blame  # the blame (and the graph code it needs) only when a step failed

__all__ = ["counts_text", "run_json", "run_markdown", "run_summary", "step_line"]

FAILURES_SHOWN = 20
"""Failing tests the summary lists; the JUnit XML file has them all."""


def counts_text(step: StepResult) -> str:
    """``3 passed, 1 failed``: the non-zero counts, in pytest's order (``no tests`` if none)."""
    counts = [(outcome, step.count(outcome)) for outcome in COUNTED]
    # pytest's words: "1 error", "2 errors"; the other outcomes do not change.
    shown = [f"{n} {outcome}{'s' if outcome == 'error' and n != 1 else ''}" for outcome, n in counts if n]
    return ", ".join(shown) if shown else "no tests"


def step_line(step: StepResult, total: int) -> str:
    """``step  7/12 passed  shop.db: 4 passed (1.2 s)``."""
    label = {
        "passed": "passed",
        "failed": "FAILED",
        "empty": "empty ",
        "not-run": "not run",
        "interrupted": "INTERRUPTED",
    }[step.status]
    width = len(str(total))
    units = ", ".join(step.units) if step.index <= total else _NOT_IN_PLAN
    head = f"step {step.index:>{width}}/{total} {label}  {units}"
    if step.status == "not-run":
        return head
    if step.status == "empty":
        return f"{head}: no tests"
    counts = counts_text(step)
    if step.status == "failed" and not step.counts and step.cause in _NOT_RUN_WHY:
        counts = _NOT_RUN_WHY[step.cause]  # not "no tests": its tests did not run
    return f"{head}: {counts} ({step.seconds:.1f} s)"


_NOT_RUN_WHY = {
    "collection": "a test file does not collect",
    "stale": "planned tests not collected",
    "pytest": "pytest did not run",
    "exit": "the test process ended",
}


def _ranges(indices: Sequence[int]) -> str:
    """``1-3, 5``."""
    return ranges(sorted(indices))


_NOT_IN_PLAN = "(tests not in the plan)"
_NOT_INTEGRATION = {
    "collection": "a collection error (a test file or conftest that does not import), not an integration failure",
    "exit": "the test process ended, not an integration failure",
    "pytest": "pytest did not run the step, not an integration failure",
    "stale": "the plan is out of date, not an integration failure",
}


def _blame(step: StepResult, footprint: tuple[str, ...] | None) -> str:
    """The units of a failing test's footprint that this step integrates or exercises for the first time."""
    if footprint is None:
        return ""
    if not footprint:
        return "exercises no unit of the graph"
    mine = set(footprint)
    blamed = [unit for unit in footprint if unit in step.units]
    edges = [f"{u} -> {v}" for u, v in step.new_dependencies if u in mine or v in mine]
    parts = [f"it exercises {', '.join(blamed)}, which this step integrates"] if blamed else []
    if edges:
        parts.append(f"for the first time: {', '.join(edges)}")
    return "; ".join(parts)


_ORIGIN = {
    "plan": "what they executed when the plan was measured",
    "measured": "what they executed, run again under coverage.py",
    "static": "the units their code names",
}
SUSPECTS_SHOWN = 3
FIRST_SHOWN = 8


def _suspects(blame: Blame) -> list[str]:
    """``Suspects (...): a (executed by 3 of 3 failing tests, 0 of 40 passing), ...``."""
    if not blame.suspects:
        return []
    head = (
        f"Suspects, by the step's {count(blame.failed, 'failing test')} and {blame.passed} passing "
        f"({_ORIGIN[blame.source]}{'; ' + blame.why_static if blame.why_static else ''}):"
    )
    lines = [head]
    verb = "named" if blame.source == "static" else "executed"
    for suspect in blame.suspects[:SUSPECTS_SHOWN]:
        where = f" line {suspect.line}" if suspect.line is not None else ""
        lines.append(
            f"  {suspect.unit}{where} ({suspect.score:.2f}: {verb} by {suspect.failed} of {blame.failed} failing, "
            f"{suspect.passed} of {blame.passed} passing)"
        )
    if blame.first_exercised:
        shown = blame.first_exercised[:FIRST_SHOWN]
        more = (
            f" and {len(blame.first_exercised) - FIRST_SHOWN} more" if len(blame.first_exercised) > FIRST_SHOWN else ""
        )
        lines.append(
            f"Exercised for the first time by the failing tests (no earlier step tests them): {', '.join(shown)}{more}"
        )
    return lines


def _failed(
    step: StepResult, total: int, footprints: Mapping[str, tuple[str, ...]], blame: Blame | None = None
) -> list[str]:
    if step.index > total:
        lines = [f"The tests not in the plan failed (step {step.index}): the plan is out of date; make it again."]
    elif step.cause in _NOT_INTEGRATION:
        lines = [f"Step {step.index} of {total} could not run its tests: {_NOT_INTEGRATION[step.cause]}."]
    else:
        what = "was interrupted" if step.status == "interrupted" else "failed"
        lines = [f"Step {step.index} of {total} {what}. It integrates {', '.join(step.units)}."]
    if step.index > total or step.cause in _NOT_INTEGRATION:
        pass  # no integration to describe
    elif step.new_dependencies:
        edges = ", ".join(f"{u} -> {v}" for u, v in step.new_dependencies)
        lines.append(f"Dependencies it exercises for the first time: {edges}")
    else:
        lines.append("Dependencies it exercises for the first time: none (its units depend on nothing integrated).")
    if blame is not None:
        lines += _suspects(blame)
    if step.problem:
        lines.append(f"Problem: {step.problem}")
    if step.failures:
        files = sum(1 for f in step.failures if "::" not in f.node_id)
        if files == len(step.failures):  # only files pytest could not collect: no test ran, none failed
            lines.append(f"Files pytest could not collect ({files}):")
        else:
            lines.append(f"Failing tests ({len(step.failures)} of {step.planned or sum(n for _, n in step.counts)}):")
        shown = step.failures[:FAILURES_SHOWN]
        blames = [_blame(step, footprints.get(f.node_id)) if step.cause == "tests" else "" for f in shown]
        alike = len(shown) > 1 and len(set(blames)) == 1 and blames[0]
        if alike:  # said once, not under each test
            lines.append(f"  (each {blames[0].removeprefix('it ')})")
        for failure, why_here in zip(shown, blames, strict=True):
            why = f": {failure.message}" if failure.message else ""
            lines.append(f"  {failure.node_id} ({failure.outcome}){why}")
            if why_here and not alike:
                lines.append(f"    {why_here}")
        if len(step.failures) > FAILURES_SHOWN:
            lines.append(f"  ... and {len(step.failures) - FAILURES_SHOWN} more (all are in the JUnit XML file)")
    where = [f"JUnit XML: {_shown(step.junit)}"] if step.junit else []
    if step.log:
        where.append(f"pytest's output: {_shown(step.log)}")
    if where:
        lines.append("; ".join(where))
    return lines


def run_summary(
    result: RunResult,
    *,
    keep_going: bool = False,
    plan: Plan | None = None,
    blames: Mapping[int, Blame] | None = None,
) -> str:
    """What happened: each failing step explained, the steps that passed and did not run, the totals.

    With the ``plan``, each failing test is blamed on the units of its footprint the step brings in;
    ``blames`` (step index -> its suspects) rank the units the failing steps' tests point at.
    """
    blames = blames or {}
    total = len(result.steps)
    if total == 0:
        return "planner run: nothing to run: the plan has no step (its change affects no unit)\n"
    footprints = {t.node_id: t.footprint for t in plan.selection.tests} if plan and plan.selection else {}
    lines: list[str] = []
    for step in result.failed:
        lines += [*_failed(step, total, footprints, blames.get(step.index)), ""]
    if result.interrupted is not None:
        lines += [*_failed(result.interrupted, total, footprints), ""]
    if result.unplanned is not None and result.unplanned.status == "passed":
        ran = sum(n for _, n in result.unplanned.counts)
        lines.append(
            f"Not in the plan: {count(ran, 'collected test')} that no step names ran after the last step "
            "(make the plan again)."
        )
    passed = [s.index for s in result.steps if s.status in ("passed", "empty")]
    empty = [s.index for s in result.steps if s.status == "empty"]
    ran_steps = [s.index for s in result.steps if s.status != "not-run"]
    skipped = [s.index for s in result.steps if s.status == "not-run" and ran_steps and s.index < ran_steps[0]]
    not_run = [s.index for s in result.steps if s.status == "not-run" and s.index not in skipped]
    if passed:
        without = ""
        if empty:
            without = (
                f" (step {_ranges(empty)} has no tests)"
                if len(empty) == 1
                else f" (steps {_ranges(empty)} have no tests)"
            )
        lines.append(f"Passed: step{'s' if len(passed) > 1 else ''} {_ranges(passed)}{without}.")
    if skipped:
        lines.append(f"Skipped: step{'s' if len(skipped) > 1 else ''} {_ranges(skipped)} (before --from-step).")
    if not_run:
        hint = ""
        if result.interrupted is not None:
            hint = f" (--from-step {result.interrupted.index} starts again at the interrupted step)"
        elif result.failed and not keep_going:
            first = result.failed[0].index
            hint = f" (--keep-going runs them; --from-step {first} starts again at the failing step)"
        lines.append(f"Not run: step{'s' if len(not_run) > 1 else ''} {_ranges(not_run)}{hint}.")
    ran = len(ran_steps)
    counts = ", ".join(
        f"{result.total(o)} {o}{'s' if o == 'error' and result.total(o) != 1 else ''}"
        for o in COUNTED
        if o in ("passed", "failed") or result.total(o)
    )
    verdict = "every step passed" if result.ok else f"{count(len(result.failed), 'step')} failed"
    if result.interrupted is not None:
        verdict = f"interrupted at step {result.interrupted.index}" + (
            f", {count(len(result.failed), 'step')} failed" if result.failed else ""
        )
    lines.append(f"planner run: {counts} in {ran} of {total} steps; {verdict}")
    return "\n".join(lines) + "\n"


def _shown(path: str) -> str:
    """``path`` relative to the current directory when it is under it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def run_json(result: RunResult, blames: Mapping[int, Blame] | None = None) -> str:
    """The run's result as JSON (keys sorted): each step, the totals, whether it passed, and the
    suspects of each failing step (``blames``)."""
    blames = blames or {}
    data: dict[str, Any] = {
        "ok": result.ok,
        "mode": result.mode,
        "interrupted": result.interrupted.index if result.interrupted is not None else None,
        "totals": {outcome: result.total(outcome) for outcome in COUNTED},
        "steps": [
            {
                "index": s.index,
                "units": list(s.units),
                "status": s.status,
                "planned": s.planned,
                "counts": dict(s.counts),
                "failures": [{"id": f.node_id, "outcome": f.outcome, "message": f.message} for f in s.failures],
                "missing": list(s.missing),
                "problem": s.problem,
                "running": s.running,
                "new_dependencies": [list(edge) for edge in s.new_dependencies],
                "junit": s.junit,
                "log": s.log,
                "seconds": round(s.seconds, 3),
                **({"blame": _blame_json(blames[s.index])} if s.index in blames else {}),
            }
            for s in result.steps
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def _blame_json(blame: Blame) -> dict[str, Any]:
    return {
        "source": blame.source,
        "failed": blame.failed,
        "passed": blame.passed,
        "first_exercised": list(blame.first_exercised),
        **({"why_static": blame.why_static} if blame.why_static else {}),
        "suspects": [
            {"unit": s.unit, "line": s.line, "score": round(s.score, 4), "failed": s.failed, "passed": s.passed}
            for s in blame.suspects
        ],
    }


def run_markdown(
    result: RunResult,
    *,
    keep_going: bool = False,
    plan: Plan | None = None,
    blames: Mapping[int, Blame] | None = None,
) -> str:
    """The run as Markdown, for a CI summary page: a table of the steps, then the text summary."""
    total = len(result.steps)
    lines = ["## planner run", "", "| step | status | units | tests | seconds |", "| ---: | --- | --- | --- | ---: |"]
    for s in result.steps:
        status = {"failed": "**FAILED**", "interrupted": "**INTERRUPTED**"}.get(s.status, s.status)
        units = ", ".join(f"`{u}`" for u in s.units).replace("|", "\\|")
        ran = s.status not in ("not-run", "empty")
        tests = counts_text(s) if ran else ""
        seconds = f"{s.seconds:.1f}" if ran else ""
        lines.append(f"| {s.index}/{total} | {status} | {units} | {tests} | {seconds} |")
    body = run_summary(result, keep_going=keep_going, plan=plan, blames=blames).rstrip("\n").replace("```", "` ` `")
    return "\n".join([*lines, "", "```text", body, "```", "", ""])
