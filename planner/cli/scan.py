"""``planner scan``: a Python source tree into a graph that explains every edge."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from planner.cli._common import (
    Force,
    Output,
)
from planner.cli._scan_flags import ScanFlags, scan_flags


@scan_flags
def scan(
    ctx: typer.Context,
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="SRC",
            help="A Python source tree: a package, a src or flat layout, or one .py file. Default: [tool.planner] "
            "source in pyproject.toml, else the package(s) the project declares (docs/configuration.md).",
            show_default=False,
        ),
    ] = None,
    output: Output = None,
    fmt: Annotated[
        Literal["text", "json"] | None,
        typer.Option(
            "--format",
            "-f",
            help="text: the edges and the statements behind each; json: the graph as node-link JSON "
            "(default: json when --output is given, else text).",
            show_default=False,
        ),
    ] = None,
    force: Force = False,
    scan_flags: ScanFlags = ScanFlags(),
) -> None:
    """Scan SRC (never importing it) into a module graph.

    Every .py file becomes a unit named by its dotted module name; every import between
    them an edge with its names, lines, statements and scope. Files that cannot be modules
    are reported on standard error (--strict makes that a failure). Writes the graph as
    node-link JSON with --output (planner plan and every other command read it back).
    """
    from planner.cli._project import project_source
    from planner.cli._scan_run import run_scan

    source, scan_flags = project_source(ctx, source, scan_flags)
    run_scan(
        source,
        output=output,
        fmt=fmt,
        force=force,
        **scan_flags.keywords(),
    )
