"""``planner compare``: every strategy side by side."""

from __future__ import annotations

import typer

from planner.cli._common import (
    CompareEffort,
    Cycles,
    Force,
    Format,
    FormatIn,
    Objective,
    Output,
    Source,
    TimeLimit,
    emit,
    refuse_output,
    resolve_format,
)
from planner.cli._scan_flags import ScanFlags, scan_flags


@scan_flags
def compare(
    ctx: typer.Context,
    source: Source = None,
    cycles: Cycles = "break",
    objective: Objective = "specific-stubs",
    time_limit: TimeLimit = None,
    effort: CompareEffort = None,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
    format_in: FormatIn = None,
    scan_flags: ScanFlags = ScanFlags(),
) -> None:
    """Plan SOURCE with every strategy and show their steps, waves and doubles side by side."""
    from planner import api
    from planner.cli._progress import TerminalListener
    from planner.cli._project import project_source

    refuse_output(output, force=force)  # before the work, not after it
    source, scan_flags = project_source(ctx, source, scan_flags)
    comparison = api.compare(
        source,
        cycles=cycles,
        objective=objective,
        time_limit=time_limit,
        effort=effort,
        fmt=format_in,
        scan=scan_flags.options(),
        listener=TerminalListener(),
    )
    chosen = resolve_format(fmt, output)
    if chosen == "json":
        emit(api.comparison_json(comparison), output=output, force=force)
    elif chosen == "md":
        emit(api.comparison_markdown(comparison), output=output, force=force)
    else:
        emit(api.comparison_table(comparison), output=output, force=force)
