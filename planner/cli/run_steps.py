"""``planner run``: integrate step by step with pytest, stop at the first failing step.

(Named ``run_steps``: ``planner.cli.run`` is the console script's function.) The work is
:func:`planner.cli._run_fast.execute`, which ``planner run`` also reaches without typer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.cli._run_fast import RunFormat


def run(
    plan_file: Annotated[str, typer.Argument(metavar="PLAN", help="A plan file made with 'planner plan --tests'.")],
    pytest_args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[-- PYTEST_ARGS...]",
            help="Arguments for pytest, after '--' (e.g. -- -p no:randomly -n 4).",
            show_default=False,
        ),
    ] = None,
    keep_going: Annotated[bool, typer.Option("--keep-going", help="Run every step, even after one fails.")] = False,
    from_step: Annotated[
        int, typer.Option("--from-step", metavar="K", min=1, help="Start at step K (resume after a fix).")
    ] = 1,
    junit_dir: Annotated[
        Path,
        typer.Option(
            "--junit-dir",
            metavar="DIR",
            help="Where each step's JUnit XML (step-K.xml) and pytest's output (session-K.log or step-K.log) go.",
        ),
    ] = Path(".planner/junit"),
    doubles: Annotated[
        str | None,
        typer.Option(
            "--doubles",
            metavar="DIR",
            help="Install the stubs and run the drivers of each step, from 'planner doubles' output DIR "
            "(one pytest process per step).",
            show_default=False,
        ),
    ] = None,
    isolate: Annotated[
        bool, typer.Option("--isolate", help="One pytest process per step instead of one session for all.")
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            min=0.001,
            help="End a step that runs longer than this, naming the test it was running.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        RunFormat,
        typer.Option("--format", "-f", metavar="text|json", help="The run's result as text or as JSON."),
    ] = "text",
    blame: Annotated[
        bool,
        typer.Option(
            "--blame/--no-blame",
            help="After a step fails on its tests, run them again under coverage.py (when installed) to rank "
            "the units they point at.",
        ),
    ] = True,
    strict_plan: Annotated[
        bool,
        typer.Option(
            "--strict-plan",
            help="Fail when pytest collects tests that no step names (the plan is out of date), instead of "
            "running them in a final 'not in the plan' step.",
        ),
    ] = False,
) -> int:
    """Run the steps of PLAN in order with pytest, in one pytest session (start it where the plan was made).

    Shows each step's progress on standard error, writes a JUnit XML file per step, and stops after
    the first failing step (naming the units it integrated, the dependencies it exercised for the
    first time and its failing tests). A step runs in a pytest process of its own with --doubles,
    --isolate, or xdist's -n among the pytest arguments. On Linux pytest's process is a fork of
    planner's, set up as 'python -m pytest' would be (PLANNER_NO_FORK=1: a new interpreter). On
    GitHub Actions the summary also goes
    to the job's summary page ($GITHUB_STEP_SUMMARY). Exit code 0 if every step passed (a step
    with no tests passes), 1 if a step failed (its tests, its collection, its --timeout), 2 for
    bad input (a plan file that cannot be used, an unknown option), 130 if interrupted (Ctrl-C).
    """
    from planner.cli._run_fast import execute

    return execute(
        plan_file,
        pytest_args=tuple(pytest_args or ()),
        keep_going=keep_going,
        from_step=from_step,
        junit_dir=junit_dir,
        doubles=doubles,
        isolate=isolate,
        timeout=timeout,
        fmt=fmt,
        strict_plan=strict_plan,
        blame=blame,
    )
