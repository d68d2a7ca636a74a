"""``planner run``'s work, without typer: the typer command and the fast path both run it.

``planner run PLAN`` hosts a pytest session and should cost what that session costs:
:func:`fast_run` reads the argument lists it understands whole (the options of
``planner run``, in the forms click takes: ``--opt value``, ``--opt=value``, ``-fjson``,
then PLAN and, after ``--``, pytest's arguments as they are) and runs :func:`execute`
without importing typer, pydantic or rich (typer and its parameter checks were about
0.3 s of a run). Anything else (``--help``, an unknown or repeated option, a value it
is unsure of) returns ``None`` and goes to the typer command, which runs
:func:`execute` too, with typer's own messages. A unit test checks that the tables
below name exactly the typer command's options.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, get_args

__all__ = ["FLAGS", "NEGATIONS", "VALUES", "RunFormat", "execute", "fast_run"]

RunFormat = Literal["text", "json"]

FLAGS = {"--keep-going": "keep_going", "--isolate": "isolate", "--strict-plan": "strict_plan", "--blame": "blame"}
"""The options without a value, and the parameter each sets (to true)."""
NEGATIONS = {"--no-blame": "blame"}
"""The ``--no-...`` half of an on/off option, and the parameter it sets to false."""
VALUES = {
    "--from-step": "from_step",
    "--junit-dir": "junit_dir",
    "--doubles": "doubles",
    "--timeout": "timeout",
    "--format": "fmt",
    "-f": "fmt",
}
"""The options with a value, and the parameter each sets."""


def fast_run(args: Sequence[str]) -> int | None:
    """Run ``planner run ARGS`` here if the arguments are understood whole, and return its exit
    code; ``None``: nothing was done, give them to the typer command."""
    parsed = _parse(args)
    if parsed is None:
        return None
    try:
        from_step = int(parsed.pop("from_step", "1"))
        timeout = float(parsed["timeout"]) if "timeout" in parsed else None
    except ValueError:
        return None
    chosen = parsed.pop("fmt", "text")
    if from_step < 1 or (timeout is not None and not timeout >= 0.001) or chosen not in get_args(RunFormat):
        return None  # typer says what is wrong with it
    fmt: RunFormat = "json" if chosen == "json" else "text"
    parsed.pop("timeout", None)
    junit_dir = Path(parsed.pop("junit_dir", ".planner/junit"))
    return execute(
        parsed.pop("plan_file"), from_step=from_step, timeout=timeout, fmt=fmt, junit_dir=junit_dir, **parsed
    )


def _parse(args: Sequence[str]) -> dict[str, Any] | None:
    from planner.cli._fast_args import read_args

    read = read_args(args, flags=FLAGS, values=VALUES, negations=NEGATIONS)
    if read is None:
        return None
    found, positional = read
    if not positional or not positional[0]:
        return None
    found["plan_file"] = positional[0]
    found["pytest_args"] = positional[1:]
    return found


def execute(
    plan_file: str,
    *,
    pytest_args: Sequence[str] = (),
    keep_going: bool = False,
    from_step: int = 1,
    junit_dir: Path = Path(".planner/junit"),
    doubles: str | None = None,
    isolate: bool = False,
    timeout: float | None = None,
    fmt: RunFormat = "text",
    strict_plan: bool = False,
    blame: bool = True,
) -> int:
    """``planner run``: run the steps, show the progress, print the result, return the exit code."""
    from planner.cli import EXIT_INTERRUPTED
    from planner.cli._run_progress import Progress
    from planner.errors import PlannerError
    from planner.usecases.run import run_steps  # the use case itself, without importing the whole API

    listener = Progress()
    try:
        plan, result = run_steps(
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
            fork=True,  # this process is planner's command: pytest may start as a fork of it
        )
    finally:
        listener.stop()
    from planner.selection.summary import run_json, run_markdown, run_summary  # once pytest has started

    blames = {}
    failed = sum(1 for step in result.failed if step.cause == "tests")
    if failed:
        from planner import api  # only when a step failed: the blame loads the graph

        if blame:
            which = "the failing step" if failed == 1 else f"the {failed} failing steps"
            print(f"planner: ranking the suspects of {which} (--no-blame skips it)", file=sys.stderr, flush=True)
        try:
            blames = api.blame_run(plan, plan_file, result, measure=blame, pytest_args=tuple(pytest_args))
        except PlannerError as exc:  # the tests failed all the same: exit 1 with the summary, not a bad input's 2
            print(f"planner: the suspects could not be ranked: {exc}", file=sys.stderr, flush=True)
    if fmt == "json":
        sys.stdout.write(run_json(result, blames))
    else:
        sys.stdout.write(run_summary(result, keep_going=keep_going, plan=plan, blames=blames))
    sys.stdout.flush()
    _append_step_summary(run_markdown(result, keep_going=keep_going, plan=plan, blames=blames))
    if result.interrupted is not None:
        return EXIT_INTERRUPTED
    return 0 if result.ok else 1


def _append_step_summary(markdown: str) -> None:
    import os

    if os.environ.get("GITHUB_STEP_SUMMARY"):
        from planner.cli._common import append_step_summary  # imports typer: only on GitHub Actions

        append_step_summary(markdown)
