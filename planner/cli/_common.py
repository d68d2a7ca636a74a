"""Options and output helpers shared by the commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from planner.cycles.options import DEFAULT_PARETO_TIME_LIMIT, DEFAULT_TIME_LIMIT, OBJECTIVES
from planner.loaders import FORMATS
from planner.strategies import STRATEGIES, VARIANTS

if TYPE_CHECKING:
    from rich.console import RenderableType

OutputFormat = Literal["table", "json", "md"]

Source = Annotated[
    str,
    typer.Argument(help="A graph file (DOT, JSON, GraphML, CITO data) or a Python source tree.", show_default=False),
]
FormatIn = Annotated[
    str | None,
    typer.Option("--format-in", help=f"Force the input format: {', '.join(FORMATS)}.", show_default=False),
]
Format = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: from the --output extension, .json or .md, else table).",
        show_default=False,
    ),
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of standard output.", show_default=False),
]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]
Strategy = Annotated[str, typer.Option("--strategy", "-s", help=f"One of: {', '.join(STRATEGIES)}.")]
Variant = Annotated[
    str | None,
    typer.Option(
        "--variant",
        help=f"Top-down variant ({', '.join(VARIANTS)}; default breadth-first), for top-down and sandwich.",
        show_default=False,
    ),
]
TargetLayer = Annotated[
    int | None,
    typer.Option(
        "--target-layer",
        help="Sandwich: the layer where top-down and bottom-up meet (1 = units that depend on nothing; "
        "default: the layer needing the fewest doubles).",
        show_default=False,
    ),
]
Cycles = Annotated[
    str,
    typer.Option(
        "--cycles", help="Cycle handling: break (stub the cheapest dependencies) or cluster (one step per cycle)."
    ),
]
Objective = Annotated[
    str,
    typer.Option(
        "--objective",
        help=f"What cycle breaking minimises: {', '.join(OBJECTIVES)} (see docs/cycles.md).",
    ),
]
TimeLimit = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        help=f"Seconds cycle breaking may take (default {DEFAULT_TIME_LIMIT:g}, "
        f"{DEFAULT_PARETO_TIME_LIMIT:g} with --pareto); past it the plan keeps the best order found "
        "and says how far from optimal it may be.",
        show_default=False,
    ),
]


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


def emit(content: str | RenderableType, *, output: Path | None, force: bool) -> None:
    """Print ``content`` (text or a rich renderable), or write it to ``output`` atomically."""
    if output is None:
        if isinstance(content, str):
            sys.stdout.write(content)
            sys.stdout.flush()
        else:
            from rich.console import Console

            Console(soft_wrap=False).print(content)
        return
    from planner.files import write_text_atomic

    if not isinstance(content, str):
        import io

        from rich.console import Console

        buffer = io.StringIO()
        Console(file=buffer, width=120, color_system=None, soft_wrap=False).print(content)
        content = buffer.getvalue()
    write_text_atomic(output, content, force=force)
    print(f"planner: wrote {output}", file=sys.stderr)
