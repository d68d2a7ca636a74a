"""``planner compare``: every strategy side by side."""

from __future__ import annotations

from planner.cli._common import (
    CompareEffort,
    Cycles,
    Force,
    Format,
    FormatIn,
    Objective,
    Output,
    ScanCacheDir,
    ScanExclude,
    ScanExternal,
    ScanIncludeTests,
    ScanJobs,
    ScanNoCache,
    ScanScope,
    ScanStrict,
    ScanThroughInit,
    Source,
    TimeLimit,
    emit,
    resolve_format,
    scan_options,
)


def compare(
    source: Source,
    cycles: Cycles = "break",
    objective: Objective = "specific-stubs",
    time_limit: TimeLimit = None,
    effort: CompareEffort = None,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
    format_in: FormatIn = None,
    scope: ScanScope = None,
    external: ScanExternal = False,
    exclude: ScanExclude = None,
    include_tests: ScanIncludeTests = False,
    through_init: ScanThroughInit = False,
    strict: ScanStrict = False,
    cache_dir: ScanCacheDir = None,
    no_cache: ScanNoCache = False,
    jobs: ScanJobs = 0,
) -> None:
    """Plan SOURCE with every strategy and show their steps, waves and doubles side by side."""
    from planner import api, planfile, report
    from planner.cli._progress import TerminalListener
    from planner.files import refuse_existing

    if output is not None:
        refuse_existing(output, force=force)  # before the work, not after it
    comparison = api.compare(
        source,
        cycles=cycles,
        objective=objective,
        time_limit=time_limit,
        effort=effort,
        fmt=format_in,
        scan=scan_options(
            scope=scope,
            external=external,
            exclude=exclude,
            include_tests=include_tests,
            through_init=through_init,
            strict=strict,
            cache_dir=cache_dir,
            no_cache=no_cache,
            jobs=jobs,
        ),
        listener=TerminalListener(),
    )
    chosen = resolve_format(fmt, output)
    if chosen == "json":
        emit(planfile.dumps_comparison(comparison), output=output, force=force)
    elif chosen == "md":
        emit(report.comparison_markdown(comparison), output=output, force=force)
    else:
        emit(report.comparison_table(comparison), output=output, force=force)
