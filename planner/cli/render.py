"""``planner render``: pictures of graphs and plans."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from planner.api import MAX_NODES
from planner.cli._common import Force, FormatIn
from planner.cli._scan_flags import ScanFlags, scan_flags

STRATEGY_HELP = "Plan SOURCE with this strategy and draw the plan (top-down, bottom-up, sandwich, big-bang)."


@scan_flags
def render(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The picture to write; its suffix picks the format: .dot .svg .png .pdf .mmd .html "
            "('-': standard output, with --format).",
            show_default=False,
        ),
    ],
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="SOURCE|PLAN",
            help="A plan file (from 'planner plan -o'), or a graph file or Python source tree. Default: "
            "[tool.planner] source in pyproject.toml, else the package(s) the project declares.",
            show_default=False,
        ),
    ] = None,
    picture_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="The picture format, instead of the output's suffix (needed with -o -): "
            "dot, svg, png, pdf, mermaid, html.",
            show_default=False,
        ),
    ] = None,
    strategy: Annotated[
        str | None, typer.Option("--strategy", "-s", metavar="NAME", help=STRATEGY_HELP, show_default=False)
    ] = None,
    variant: Annotated[
        str | None,
        typer.Option(
            "--variant", metavar="VARIANT", help="Top-down variant (breadth-first, depth-first).", show_default=False
        ),
    ] = None,
    target_layer: Annotated[
        int | None, typer.Option("--target-layer", metavar="N", help="Sandwich: the target layer.", show_default=False)
    ] = None,
    cycles: Annotated[
        str | None,
        typer.Option("--cycles", metavar="MODE", help="Cycle handling: break or cluster.", show_default=False),
    ] = None,
    objective: Annotated[
        str | None,
        typer.Option("--objective", metavar="NAME", help="What cycle breaking minimises.", show_default=False),
    ] = None,
    step: Annotated[
        int | None,
        typer.Option(
            "--step",
            "-k",
            metavar="K",
            min=1,
            help="Draw step K of the plan: integrated units solid, stubs and drivers in force marked, the rest faded "
            "(with .html: the step the page opens at).",
            show_default=False,
        ),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth",
            metavar="N",
            min=1,
            help="Graph pictures: merge units into packages by the first N parts of their dotted names; with "
            "--around, the number of dependencies away from UNIT to draw (default 1).",
            show_default=False,
        ),
    ] = None,
    around: Annotated[
        str | None,
        typer.Option(
            "--around",
            metavar="UNIT",
            help="Graph pictures: draw only UNIT and the units --depth dependencies away from it, either way.",
            show_default=False,
        ),
    ] = None,
    collapse_cycles: Annotated[
        bool, typer.Option("--collapse-cycles", help="Graph pictures: draw each cycle as one node.")
    ] = False,
    max_nodes: Annotated[
        int | None,
        typer.Option(
            "--max-nodes",
            metavar="N",
            min=0,
            help="Above N units, collapse the picture to packages (as deep as N boxes allow), or a flat "
            f"package into its layers (graph) or waves (plan); 0 draws every unit. [default: {MAX_NODES}]",
            show_default=False,
        ),
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(
            "--graph",
            metavar="SOURCE",
            help="With a plan file: the graph it was made from, to draw the dependencies inside its steps "
            "and (in .html) compare every strategy.",
            show_default=False,
        ),
    ] = None,
    audit: Annotated[
        list[Path] | None,
        typer.Option(
            "--audit",
            metavar="AUDIT.json",
            help="With .html: add an 'Audit' section for this file of 'planner audit -f json' (localisation, "
            "--interfaces or --history; it must be an audit of this plan). Repeat it for several.",
            show_default=False,
        ),
    ] = None,
    force: Force = False,
    format_in: FormatIn = None,
    scan_flags: ScanFlags = ScanFlags(),
) -> None:
    """Draw SOURCE (a graph) or PLAN (a plan file) as a picture: DOT, SVG, PNG, PDF, Mermaid or an HTML page.

    A graph is drawn in layers (dependants above their dependencies) with its cycles boxed; with --strategy it is
    planned and the plan drawn instead: each unit numbered with its step and coloured by wave, broken dependencies
    dashed red. .svg, .png, .pdf and .html need Graphviz; .dot and .mmd do not.
    """
    from planner import api
    from planner.cli._common import refuse_output, writes_file
    from planner.errors import UsageError

    if picture_format is not None:
        if picture_format not in api.PICTURE_FORMATS.values():
            known = ", ".join(dict.fromkeys(api.PICTURE_FORMATS.values()))
            raise UsageError(f"unknown picture format {picture_format!r} (choose from {known})")
        fmt = picture_format
    elif not writes_file(output):
        raise UsageError("-o - writes to standard output: name the picture format with --format")
    else:
        fmt = api.picture_format(output)
    refuse_output(output, force=force)
    from planner.cli._project import project_source

    source, scan_flags = project_source(ctx, source, scan_flags)
    result = api.draw(
        source,
        fmt=fmt,
        strategy=strategy,
        variant=variant,
        target_layer=target_layer,
        cycles=cycles,
        objective=objective,
        step=step,
        depth=depth,
        collapse_cycles=collapse_cycles,
        graph=graph,
        format_in=format_in,
        around=around,
        max_nodes=max_nodes,
        scan=scan_flags.options(),
        audits=audit or (),
    )
    if not writes_file(output):
        sys.stdout.buffer.write(result.content)
        sys.stdout.buffer.flush()
    else:
        api.write_bytes_atomic(output, result.content, force=force)
    for note in result.notes:
        print(f"planner: note: {note}", file=sys.stderr)
    if writes_file(output):
        print(f"planner: wrote {output}", file=sys.stderr)
