"""``planner run``: integrate step by step with pytest, stop at the first failing step.

(Named ``run_steps``: ``planner.cli.run`` is the console script's function.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from planner.cli._common import append_step_summary

RunFormat = Literal["text", "json"]


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
    --isolate, or xdist's -n among the pytest arguments. On GitHub Actions the summary also goes
    to the job's summary page ($GITHUB_STEP_SUMMARY). Exit code 0 only if every step passed (a
    step with no tests passes), 130 if interrupted (Ctrl-C).
    """
    from planner import api
    from planner.cli import EXIT_INTERRUPTED
    from planner.cli._run_progress import Progress
    from planner.selection.runner import run_plan
    from planner.selection.summary import run_json, run_markdown, run_summary

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
            pytest_args=tuple(pytest_args or ()),
            isolate=isolate,
            timeout=timeout,
            strict_plan=strict_plan,
        )
    finally:
        listener.stop()
    if blame and any(step.cause == "tests" for step in result.failed):
        print("planner: ranking the suspects of the failing step (--no-blame skips it)", file=sys.stderr, flush=True)
    blames = api.blame_run(plan, plan_file, result, measure=blame, pytest_args=tuple(pytest_args or ()))
    if fmt == "json":
        sys.stdout.write(run_json(result, blames))
    else:
        sys.stdout.write(run_summary(result, keep_going=keep_going, plan=plan, blames=blames))
    sys.stdout.flush()
    append_step_summary(run_markdown(result, keep_going=keep_going, plan=plan, blames=blames))
    if result.interrupted is not None:
        return EXIT_INTERRUPTED
    return 0 if result.ok else 1
