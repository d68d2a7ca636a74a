"""``planner show``: a saved plan, for people."""

from __future__ import annotations

from typing import Annotated

import typer

from planner.cli._common import Force, Format, Output, Pretty


def show(
    plan_file: Annotated[str, typer.Argument(metavar="PLAN", help="A plan file written by 'planner plan'.")],
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
    pretty: Pretty = False,
) -> None:
    """Pretty-print the saved plan PLAN (a plan of an unknown schema version is refused).

    --format json writes it in this version's schema (planner-plan/2), whichever it was read in.
    """
    from planner import api
    from planner.cli.plan import print_plan

    print_plan(api.read_plan(plan_file), fmt=fmt, output=output, force=force, pretty=pretty)
