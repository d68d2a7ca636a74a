"""Options and output helpers shared by the commands."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from planner.api import DEFAULT_EFFORT, DEFAULT_PARETO_EFFORT, OBJECTIVES, STRATEGIES, VARIANTS
from planner.api import INPUT_FORMATS as FORMATS
from planner.cli._scan_run import STDOUT, emit, refuse_output, scan_options, writes_file

__all__ = [
    "STDOUT",
    "emit",
    "refuse_output",
    "resolve_format",
    "scan_options",
    "writes_file",
]  # and the option types below

OutputFormat = Literal["table", "json", "md"]


def _names(names: Iterable[str]) -> Callable[[str], list[str]]:
    """Shell completion for an option that takes one of ``names`` (typer passes what is typed so far)."""
    known = tuple(names)

    def complete(incomplete: str) -> list[str]:
        return [name for name in known if name.startswith(incomplete)]

    return complete


Source = Annotated[
    str | None,
    typer.Argument(
        metavar="SOURCE",
        help="A graph file (DOT, JSON, GraphML, CITO data) or a Python source tree. Default: [tool.planner] "
        "source in pyproject.toml, else the package(s) the project declares (docs/configuration.md).",
        show_default=False,
    ),
]
FormatIn = Annotated[
    str | None,
    typer.Option(
        "--format-in",
        metavar="FORMAT",
        help=f"Force the input format: {', '.join(FORMATS)}.",
        show_default=False,
        autocompletion=_names(FORMATS),
    ),
]
Format = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="table|json|md",
        help="Output format (default: from the --output extension, .json or .md, else table).",
        show_default=False,
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file instead of standard output ('-': standard output, as the file would get it).",
        show_default=False,
    ),
]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]
Pretty = Annotated[
    bool, typer.Option("--pretty", help="Indent the JSON for people (plan files are compact by default).")
]
Strategy = Annotated[
    str,
    typer.Option(
        "--strategy", "-s", metavar="NAME", help=f"One of: {', '.join(STRATEGIES)}.", autocompletion=_names(STRATEGIES)
    ),
]
Variant = Annotated[
    str | None,
    typer.Option(
        "--variant",
        metavar="VARIANT",
        help=f"Top-down variant ({', '.join(VARIANTS)}; default breadth-first), for top-down and sandwich.",
        show_default=False,
        autocompletion=_names(VARIANTS),
    ),
]
TargetLayer = Annotated[
    int | None,
    typer.Option(
        "--target-layer",
        metavar="N",
        help="Sandwich: the layer where top-down and bottom-up meet (1 = units that depend on nothing; "
        "default: the layer needing the fewest doubles).",
        show_default=False,
    ),
]
Cycles = Annotated[
    str,
    typer.Option(
        "--cycles",
        metavar="MODE",
        help="Cycle handling: break (stub the cheapest dependencies) or cluster (one step per cycle).",
        autocompletion=_names(("break", "cluster")),
    ),
]
Objective = Annotated[
    str,
    typer.Option(
        "--objective",
        metavar="NAME",
        help=f"What cycle breaking minimises: {', '.join(OBJECTIVES)} (see docs/cycles.md).",
        autocompletion=_names(OBJECTIVES),
    ),
]


def _time_limit() -> Any:
    return typer.Option(
        "--time-limit",
        metavar="SECONDS",
        help="Bound cycle breaking by wall-clock seconds instead of --effort: a bounded wait, but the plan may "
        "then differ from machine to machine and run to run (it says so).",
        show_default=False,
    )


def _effort(default: str) -> Any:
    return typer.Option(
        "--effort",
        metavar="UNITS",
        help=f"Work cycle breaking may spend (default {default}); the same graph gives the same plan on any "
        "machine under any load. Past it the plan keeps the best order found and says how far from optimal "
        "it may be.",
        show_default=False,
    )


TimeLimit = Annotated[float | None, _time_limit()]
Effort = Annotated[int | None, _effort(f"{DEFAULT_EFFORT:,}, {DEFAULT_PARETO_EFFORT:,} with --pareto")]
CompareEffort = Annotated[int | None, _effort(f"{DEFAULT_EFFORT:,}")]


def resolve_format(fmt: OutputFormat | None, output: Path | None) -> OutputFormat:
    """The explicit format, else the one the output file's extension implies, else table."""
    if fmt is not None:
        return fmt
    if output is not None:
        suffix = output.suffix.lower()
        if suffix == ".json":
            return "json"
        if suffix in (".md", ".markdown"):
            return "md"
    return "table"


def append_step_summary(markdown: str) -> None:
    """On GitHub Actions, add ``markdown`` to the job's summary page (``$GITHUB_STEP_SUMMARY``,
    a file the runner names; appended, as earlier steps of the job wrote theirs)."""
    import os

    page = os.environ.get("GITHUB_STEP_SUMMARY")
    if page:
        with open(page, "a", encoding="utf-8") as summary:
            summary.write(markdown)
