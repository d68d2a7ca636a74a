"""``planner doubles``: the stubs and drivers of a plan, as Python code."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated, Literal

import typer

from planner.cli._common import (
    STDOUT,
    FormatIn,
    TargetLayer,
    Variant,
)
from planner.cli._scan_flags import ScanFlags, scan_flags


@scan_flags
def doubles(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The directory to write (stubs/, drivers/, manifest.json).",
            show_default=False,
        ),
    ],
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="PLAN|SOURCE",
            help="A plan file written by 'planner plan', or a graph file or Python source tree to plan first. "
            "Default: [tool.planner] source in pyproject.toml, else the package(s) the project declares.",
            show_default=False,
        ),
    ] = None,
    tree: Annotated[
        Path | None,
        typer.Option(
            "--source",
            metavar="SRC",
            help="The Python source tree the plan was made from (default: the plan's graph.source); "
            "it must scan to the plan's graph.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace DIR if it exists (a former output).")] = False,
    fmt: Annotated[
        Literal["text", "json"],
        typer.Option("--format", "-f", help="What to print: text (the files written) or json (the manifest)."),
    ] = "text",
    strategy: Annotated[
        str | None,
        typer.Option(
            "--strategy",
            "-s",
            metavar="NAME",
            help="Plan SOURCE with this strategy first (default bottom-up).",
            show_default=False,
        ),
    ] = None,
    variant: Variant = None,
    target_layer: TargetLayer = None,
    cycles: Annotated[
        str | None,
        typer.Option(
            "--cycles",
            metavar="MODE",
            help="Cycle handling when planning SOURCE: break (stub the cheapest dependencies, the default) "
            "or cluster (one step per cycle).",
            show_default=False,
        ),
    ] = None,
    objective: Annotated[
        str | None,
        typer.Option(
            "--objective",
            metavar="NAME",
            help="What cycle breaking minimises when planning SOURCE.",
            show_default=False,
        ),
    ] = None,
    format_in: FormatIn = None,
    scan_flags: ScanFlags = ScanFlags(),
) -> None:
    """Write the stubs and drivers of a plan into DIR, as Python code.

    DIR/stubs/ is an import root with a stub module for every unit stubbed at some step
    (importable without the real module; every function a mock with the real signature),
    DIR/drivers/ a pytest module per driven unit (interface checks of its missing callers'
    call sites, and skeleton tests to complete), DIR/manifest.json the stubs and drivers in
    force at each step. Run a step with: pytest --plan=PLAN --plan-step=K --doubles=DIR.
    The real modules are read (never imported) from the plan's source tree, or --source.
    """
    from planner import api
    from planner.cli._progress import TerminalListener
    from planner.errors import UsageError

    if str(output) == STDOUT:
        raise UsageError("-o -: the doubles are a directory of files, not one stream; name a directory")
    from planner.cli._project import project_source

    source, scan_flags = project_source(ctx, source, scan_flags)
    scan = scan_flags.options()
    command = _command(source, output, tree, strategy, variant, target_layer, cycles)
    result = api.doubles_of_source(
        source,
        tree=tree,
        strategy=strategy,
        variant=variant,
        target_layer=target_layer,
        cycles=cycles,
        objective=objective,
        format_in=format_in,
        scan=scan,
        listener=TerminalListener(quiet=True),
        command=command,
    )
    api.write_doubles(result, output, force=force)
    if fmt == "json":
        print(result.file("manifest.json"), end="")
    else:
        print(_summary(result, output), end="")
    import sys

    for report in result.reports:
        print(f"planner: note: {report}", file=sys.stderr)


def _command(
    source: str,
    output: Path,
    tree: Path | None,
    strategy: str | None,
    variant: str | None,
    layer: int | None,
    cycles: str | None = None,
) -> str:
    """The command line as it would be typed again (named in the header of each file)."""
    args = ["planner", "doubles", source, "-o", str(output)]
    if tree is not None:
        args += ["--source", str(tree)]
    for flag, value in (
        ("--strategy", strategy),
        ("--variant", variant),
        ("--target-layer", layer),
        ("--cycles", cycles),
    ):
        if value is not None:
            args += [flag, str(value)]
    return shlex.join(args)


def _summary(result: object, output: Path) -> str:
    import json

    from planner.api import Doubles, ranges

    assert isinstance(result, Doubles)
    manifest = json.loads(result.file("manifest.json"))
    steps = manifest["steps"]

    def in_force(unit: str, key: str) -> str:
        found = [s["index"] for s in steps if unit in (s[key] if key == "stubs" else [d["unit"] for d in s[key]])]
        return ("step " if len(found) == 1 else "steps ") + (ranges(found) or "none")

    rows = []
    for unit, entry in sorted(manifest["stubs"].items()):
        kind = "skeleton stub" if entry["skeleton"] else "stub"
        rows.append((entry["file"], f"{kind} of {unit}, in force at {in_force(unit, 'stubs')}"))
    for unit, entry in sorted(manifest["drivers"].items()):
        kind = "skeleton driver" if entry["skeleton"] else "driver"
        rows.append((entry["file"], f"{kind} of {unit}, in force at {in_force(unit, 'drivers')}"))
    rows.append(("manifest.json", f"the stubs and drivers of each of the {len(steps)} steps"))
    width = max(len(path) for path, _ in rows)
    lines = [f"Wrote {output}/ for the {manifest['plan']['strategy']} plan of {manifest['plan']['source']}:"]
    lines += [f"  {path.ljust(width)}  {what}" for path, what in rows]
    lines.append(f"Run a step: pytest --plan=PLAN --plan-step=K --doubles={shlex.quote(str(output))}")
    return "\n".join(lines) + "\n"
