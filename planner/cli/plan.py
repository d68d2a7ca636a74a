"""``planner plan``: compute an integration order."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from planner.cli._common import (
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
    Strategy,
    TargetLayer,
    Variant,
    emit,
    resolve_format,
    scan_options,
)


def plan(
    source: Annotated[
        str | None,
        typer.Argument(
            help="A graph file (DOT, JSON, GraphML, CITO data) or a Python source tree.", show_default=False
        ),
    ] = None,
    strategy: Strategy = "bottom-up",
    variant: Variant = None,
    target_layer: TargetLayer = None,
    cycles: Cycles = "break",
    objective: Objective = "specific-stubs",
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
    from_plan: Annotated[
        str | None, typer.Option("--from", help="Show a saved plan file instead of planning.", show_default=False)
    ] = None,
    # --- issue 6: tests per step ---
    tests: Annotated[
        list[str] | None,
        typer.Option(
            "--tests",
            metavar="PATH",
            help="Assign the tests pytest collects from PATH (repeatable) to the steps (see docs/selection.md).",
            show_default=False,
        ),
    ] = None,
    footprint: Annotated[
        Literal["static", "coverage"],
        typer.Option(
            "--footprint",
            help="How each test's units are found: static (its code's imports and names) or coverage "
            "(a measured run under coverage.py, cached until the code changes).",
        ),
    ] = "static",
) -> None:
    """Plan the integration of SOURCE: the steps in order, with the stubs and drivers in force at each.

    Prints a table by default; --format json gives the plan file, --format md a Markdown table.
    With --tests, every test pytest collects is assigned to the first step that integrates
    (or stubs) all the units it exercises.
    """
    from planner import api
    from planner.cli._progress import TerminalListener
    from planner.errors import UsageError

    if (source is None) == (from_plan is None):
        raise UsageError("give either SOURCE to plan or --from PLAN to show a saved plan")
    if from_plan is not None:
        result = api.read_plan(from_plan)
    else:
        assert source is not None
        options = scan_options(
            scope=scope,
            external=external,
            exclude=exclude,
            include_tests=include_tests,
            through_init=through_init,
            strict=strict,
            cache_dir=cache_dir,
            no_cache=no_cache,
            jobs=jobs,
        )
        result = api.make_plan(
            source,
            strategy=strategy,
            cycles=cycles,
            objective=objective,
            variant=variant,
            target_layer=target_layer,
            fmt=format_in,
            scan=options,
            listener=TerminalListener(),
            tests=tests or (),
            footprint=footprint,
            footprint_cache=options.cache_dir,  # measured footprints share the parse cache's directory
        )
    print_plan(result, fmt=fmt, output=output, force=force)


def print_plan(result: object, *, fmt: Format, output: Output, force: bool) -> None:
    from planner import api, report
    from planner.model import Plan

    assert isinstance(result, Plan)
    chosen = resolve_format(fmt, output)
    if chosen == "json":
        emit(api.plan_json(result), output=output, force=force)
    elif chosen == "md":
        emit(report.plan_markdown(result), output=output, force=force)
    else:
        emit(report.plan_table(result), output=output, force=force)
