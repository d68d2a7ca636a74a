"""``planner compare``: every strategy side by side."""

from __future__ import annotations

from planner.cli._common import (
    Cycles,
    Force,
    Format,
    FormatIn,
    Objective,
    Output,
    Source,
    TimeLimit,
    emit,
    resolve_format,
)


def compare(
    source: Source,
    cycles: Cycles = "break",
    objective: Objective = "specific-stubs",
    time_limit: TimeLimit = None,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
    format_in: FormatIn = None,
) -> None:
    """Plan SOURCE with every strategy and show their steps, waves and doubles side by side."""
    from planner import api, planfile, report

    comparison = api.compare(source, cycles=cycles, objective=objective, time_limit=time_limit, fmt=format_in)
    chosen = resolve_format(fmt, output)
    if chosen == "json":
        emit(planfile.dumps_comparison(comparison), output=output, force=force)
    elif chosen == "md":
        emit(report.comparison_markdown(comparison), output=output, force=force)
    else:
        emit(report.comparison_table(comparison), output=output, force=force)
