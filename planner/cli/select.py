"""``planner select``: the tests of a step, for pytest."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from planner.api import SelectFormat
from planner.cli._common import Force, Output, emit


def select(
    plan_file: Annotated[str, typer.Argument(metavar="PLAN", help="A plan file made with 'planner plan --tests'.")],
    step: Annotated[
        int | None, typer.Option("--step", metavar="K", help="The step (required but for --format json).")
    ] = None,
    technique: Annotated[
        str | None,
        typer.Option(
            "--technique",
            metavar="TECHNIQUE",
            help="Only the tests of this technique: black-box, white-box or grey-box.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        SelectFormat,
        typer.Option(
            "--format",
            "-f",
            help="ids: node ids, one per line (for 'pytest @FILE'); k: a 'pytest -k' expression selecting "
            "exactly the same tests; json: every step (or --step K).",
        ),
    ] = "ids",
    output: Output = None,
    force: Force = False,
) -> None:
    """Print the node ids of step K of PLAN, one per line, ready for 'pytest @FILE'.

    Run them from the plan's rootdir: pytest @FILE (or pytest --plan=PLAN --plan-step=K, which
    also reports a step without tests as such).
    """
    from planner import api

    selected = api.select(plan_file, step=step, technique=technique, fmt=fmt)
    for note in selected.notes:
        print(f"planner: {note}", file=sys.stderr)
    emit(selected.text, output=output, force=force)
