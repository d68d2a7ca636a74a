"""``planner run``: integrate step by step with pytest, stop at the first failing step.

(Named ``run_steps``: ``planner.cli.run`` is the console script's function.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def run(
    plan_file: Annotated[str, typer.Argument(metavar="PLAN", help="A plan file made with 'planner plan --tests'.")],
    keep_going: Annotated[bool, typer.Option("--keep-going", help="Run every step, even after one fails.")] = False,
    from_step: Annotated[
        int, typer.Option("--from-step", metavar="K", min=1, help="Start at step K (resume after a fix).")
    ] = 1,
    junit_dir: Annotated[
        Path,
        typer.Option(
            "--junit-dir",
            metavar="DIR",
            help="Where each step's JUnit XML (step-K.xml) and pytest output (step-K.log) go.",
        ),
    ] = Path(".planner/junit"),
    doubles: Annotated[
        str | None,
        typer.Option(
            "--doubles",
            metavar="DIR",
            help="Install the stubs and run the drivers of each step, from 'planner doubles' output DIR.",
            show_default=False,
        ),
    ] = None,
    strict_plan: Annotated[
        bool,
        typer.Option(
            "--strict-plan",
            help="Fail when pytest collects tests that no step names (the plan is out of date), instead of "
            "running them in a final 'not in the plan' step.",
        ),
    ] = False,
) -> int:
    """Run the steps of PLAN in order with pytest, one pytest run per step (start it where the plan was made).

    Shows each step's progress on standard error, writes a JUnit XML file per step, and stops at
    the first failing step (naming the units it integrated, the dependencies it exercised for the
    first time and its failing tests). Exit code 0 only if every step passed (a step with no tests
    passes).
    """
    from planner import api
    from planner.cli._run_progress import Progress
    from planner.selection.runner import run_plan
    from planner.selection.summary import run_summary

    plan = api.read_plan(plan_file)
    listener = Progress()
    try:
        result = run_plan(
            plan,
            plan_file,
            junit_dir=junit_dir,
            from_step=from_step,
            keep_going=keep_going,
            doubles=doubles,
            listener=listener,
            strict_plan=strict_plan,
        )
    finally:
        listener.stop()
    sys.stdout.write(run_summary(result, keep_going=keep_going, plan=plan))
    sys.stdout.flush()
    return 0 if result.ok else 1
