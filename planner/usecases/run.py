"""Run a plan's steps with pytest, and rank the suspects of the steps that fail.

``planner run`` calls :func:`run_steps` from its start-up fast path (:mod:`planner.cli._run_fast`,
which imports this module and not the whole API), and :func:`blame_run` when a step fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.model import Plan
    from planner.selection.blame import Blame
    from planner.selection.run_result import RunListener, RunResult

__all__ = ["blame_run", "run_steps"]


def run_steps(
    plan_file: str | Path,
    *,
    junit_dir: Path = Path(".planner/junit"),
    from_step: int = 1,
    keep_going: bool = False,
    doubles: str | None = None,
    listener: RunListener | None = None,
    pytest_args: Sequence[str] = (),
    isolate: bool = False,
    timeout: float | None = None,
    strict_plan: bool = False,
    fork: bool = False,
) -> tuple[Plan, RunResult]:
    """Run the steps of the plan in ``plan_file`` in order with pytest (see ``planner run``; ``fork``:
    for planner's own command, see :mod:`planner.selection.forked`)."""
    from planner.planfile import load
    from planner.selection.runner import run_plan

    plan = load(plan_file)
    result = run_plan(
        plan,
        plan_file,
        junit_dir=junit_dir,
        from_step=from_step,
        keep_going=keep_going,
        doubles=doubles,
        listener=listener,
        pytest_args=tuple(pytest_args),
        isolate=isolate,
        timeout=timeout,
        strict_plan=strict_plan,
        fork=fork,
    )
    return plan, result


def blame_run(
    plan: Plan,
    plan_file: str | Path,
    result: RunResult,
    *,
    measure: bool = True,
    pytest_args: Sequence[str] = (),
) -> dict[int, Blame]:
    """The suspects of each step of ``result`` that failed on its tests (``planner run``'s blame).

    Runs a failing step's tests again under coverage.py when ``measure`` and the plan's source
    tree is here (its files may have changed since: a defect's fix, or the defect itself).
    """
    from planner.selection.blame import blame_failures
    from planner.selection.units import graph_units
    from planner.usecases.graphs import recorded_graph

    if not any(step.cause == "tests" for step in result.failed):
        return {}
    graph = recorded_graph(plan, same=False) if measure and plan.graph.format == "python" else None
    units = source = None
    if graph is not None and isinstance(graph.graph.get("root"), str):
        units = graph_units(graph)
        top = Path(str(graph.graph["root"])).resolve()
        source = top if top.is_dir() else top.parent
    return blame_failures(plan, plan_file, result, units=units, source=source, measure=measure, pytest_args=pytest_args)
