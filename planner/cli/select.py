"""``planner select``: the tests of a step, for pytest."""

from __future__ import annotations

import sys
from typing import Annotated, Literal

import typer

from planner.cli._common import Force, Output, emit

SelectFormat = Literal["ids", "k", "json"]


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
    from planner.errors import UsageError
    from planner.selection.export import k_for_step, selection_json, step_tests

    plan = api.read_plan(plan_file)
    if not plan.assigns_tests:
        raise UsageError(f"{plan_file}: the plan assigns no tests (make it with 'planner plan ... --tests DIR')")
    if fmt == "json":
        emit(selection_json(plan, step=step, technique=technique), output=output, force=force)
        return
    if step is None:
        raise UsageError(f"--format {fmt} needs --step K (or use --format json for every step)")
    ids = step_tests(plan, step, technique=technique)
    text = "".join(f"{node_id}\n" for node_id in ids)
    if fmt == "k":
        expression = k_for_step(plan, step, technique=technique) + "\n"
        if ids and len(expression) >= len(text):
            print("planner: note: the node ids are shorter than this -k expression", file=sys.stderr)
        emit(expression, output=output, force=force)
        return
    if not ids:
        print(
            f"planner: step {step} has no tests: skip it ('pytest @FILE' with an empty FILE would run the whole "
            "suite; 'pytest --plan=PLAN --plan-step=K' runs none)",
            file=sys.stderr,
        )
    emit(text, output=output, force=force)
