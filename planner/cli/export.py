"""``planner export``: the layers and proven cycle breaks as import-linter or tach configuration."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from planner.cli._common import (
    CompareEffort,
    Force,
    FormatIn,
    Objective,
    Output,
    Source,
    TimeLimit,
    emit,
)
from planner.cli._scan_flags import ScanFlags, scan_flags


class Tool(enum.StrEnum):
    """The tools planner exports to (the names of :data:`planner.export.TOOLS`)."""

    IMPORT_LINTER = "import-linter"
    TACH = "tach"


@scan_flags
def export(
    ctx: typer.Context,
    tool: Annotated[
        Tool,
        typer.Argument(
            metavar="import-linter|tach",
            help="import-linter: a layers contract ([tool.importlinter], TOML); tach: a tach.toml.",
            show_default=False,
        ),
    ],
    source: Source = None,
    objective: Objective = "specific-stubs",
    time_limit: TimeLimit = None,
    effort: CompareEffort = None,
    output: Output = None,
    force: Force = False,
    format_in: FormatIn = None,
    scan_flags: ScanFlags = ScanFlags(),
) -> None:
    """Write the layers of SOURCE, once its cycles are broken at least cost, as a contract a checker enforces.

    Each dependency that breaks a cycle is tolerated (import-linter: ignore_imports; tach: a deprecated
    dependency); every other one must point to a lower layer. Check the result with 'lint-imports FILE' or
    'tach check --exact' (see docs/export.md).
    """
    from planner import api
    from planner.cli._project import project_source

    if output is not None:
        api.refuse_existing(output, force=force)  # before the work, not after it
    source, scan_flags = project_source(ctx, source, scan_flags)
    text = api.export_contract(
        source,
        tool.value,
        objective=objective,
        time_limit=time_limit,
        effort=effort,
        fmt=format_in,
        scan=scan_flags.options(),
        base=output.parent if output is not None else Path.cwd(),
    )
    emit(text, output=output, force=force)
