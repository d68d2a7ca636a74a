"""``planner plan``: compute an integration order."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from planner.cli._common import (
    Cycles,
    Effort,
    Force,
    Format,
    FormatIn,
    Objective,
    Output,
    Pretty,
    Source,
    Strategy,
    TargetLayer,
    TimeLimit,
    Variant,
    append_step_summary,
    emit,
    refuse_output,
    resolve_format,
)
from planner.cli._scan_flags import ScanFlags, scan_flags


@scan_flags
def plan(
    ctx: typer.Context,
    source: Source = None,
    strategy: Strategy = "bottom-up",
    variant: Variant = None,
    target_layer: TargetLayer = None,
    cycles: Cycles = "break",
    objective: Objective = "specific-stubs",
    time_limit: TimeLimit = None,
    effort: Effort = None,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
    pretty: Pretty = False,
    format_in: FormatIn = None,
    scan_flags: ScanFlags = ScanFlags(),
    from_plan: Annotated[
        str | None,
        typer.Option("--from", metavar="PLAN", help="Show a saved plan file instead of planning.", show_default=False),
    ] = None,
    pareto: Annotated[
        str | None,
        typer.Option(
            "--pareto",
            metavar="A,B",
            help="Instead of a plan, every best trade-off between two cycle-breaking objectives, e.g. "
            "attributes,methods (needs integration-planner[exact]; -o FILE.json or FILE.csv writes it).",
            show_default=False,
        ),
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
            metavar="METHOD",
            help="How each test's units are found: static (its code's imports and names) or coverage "
            "(a measured run under coverage.py, cached until the code changes).",
        ),
    ] = "static",
    with_doubles: Annotated[
        bool,
        typer.Option(
            "--with-doubles",
            help="Place the tests for a run that installs the plan's doubles ('planner run --doubles'): a stub "
            "in force counts for the units a test reaches through others. Without it, no stub counts.",
        ),
    ] = False,
    check: Annotated[
        str | None,
        typer.Option(
            "--check",
            metavar="PLAN",
            help="Plan SOURCE again (with the same options) and exit 1 if the saved PLAN is out of date: the graph, "
            "the steps, the collected tests or their placement changed (for CI and pre-commit).",
            show_default=False,
        ),
    ] = None,
    # --- issue 8: change-aware plans ---
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            metavar="REF",
            help="Plan only what the change since git revision REF (its merge base with HEAD, plus files not "
            "committed) can affect: the changed units and their dependants; the others count as integrated.",
            show_default=False,
        ),
    ] = None,
    changed_files: Annotated[
        list[str] | None,
        typer.Option(
            "--changed-files",
            metavar="FILE",
            help="Like --changed-since, from this list of changed files (repeatable; paths relative to here).",
            show_default=False,
        ),
    ] = None,
    changed_files_from: Annotated[
        str | None,
        typer.Option(
            "--changed-files-from",
            metavar="LIST",
            help="Like --changed-files, reading the paths from LIST, one per line ('-': standard input).",
            show_default=False,
        ),
    ] = None,
    global_file: Annotated[
        list[str] | None,
        typer.Option(
            "--global-file",
            metavar="GLOB",
            help="With a change: a changed file matching GLOB plans everything (repeatable; added to conftest.py, "
            "pyproject.toml, setup.cfg, setup.py, tox.ini, pytest.ini, requirements*.txt, lock files, ...).",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Plan the integration of SOURCE: the steps in order, with the stubs and drivers in force at each.

    Prints a table by default; --format json gives the plan file, --format md a Markdown table.
    With --tests, every test pytest collects is assigned to the first step that integrates
    (or stubs) all the units it exercises. With --changed-since REF (or --changed-files), only
    the units the change can affect are planned, with the tests that exercise them (docs/ci.md).
    """
    from planner import api
    from planner.cli._progress import TerminalListener
    from planner.cli._project import from_command_line, not_given, project_source, project_tests
    from planner.errors import UsageError

    if from_plan is not None and source is not None and from_command_line(ctx, "source"):
        raise UsageError("give either SOURCE to plan or --from PLAN to show a saved plan")
    if from_plan is None:
        source, scan_flags = project_source(ctx, source, scan_flags)
        if not from_command_line(ctx, "source") and not_given(ctx, "tests"):
            tests = project_tests(ctx)  # planning the project: its tests too, as pytest is told to collect them
    if check is not None and (from_plan is not None or pareto is not None or output is not None):
        raise UsageError("--check PLAN plans SOURCE again and compares: it takes no --from, --pareto or -o")
    saved = api.read_plan(check) if check is not None else None  # a bad plan file fails before the work
    refuse_output(output, force=force)  # before the work, not after it
    if pareto is not None:
        if from_plan is not None:
            raise UsageError("--pareto computes a front from SOURCE; it does not read a saved plan (--from)")
        assert source is not None
        _check_pareto_options(strategy, variant, target_layer, cycles, objective)
        front = api.pareto(
            source,
            objectives=api.parse_pareto(pareto),
            time_limit=time_limit,
            effort=effort,
            fmt=format_in,
            scan=scan_flags.options(),
        )
        print_pareto(front, fmt=fmt, output=output, force=force)
        return 0
    if from_plan is not None:
        result = api.read_plan(from_plan)
    else:
        assert source is not None
        options = scan_flags.options()
        result = api.make_plan(
            source,
            strategy=strategy,
            cycles=cycles,
            objective=objective,
            variant=variant,
            target_layer=target_layer,
            time_limit=time_limit,
            effort=effort,
            fmt=format_in,
            scan=options,
            listener=TerminalListener(),
            tests=tests or (),
            footprint=footprint,
            footprint_cache=options.cache_dir,  # measured footprints share the parse cache's directory
            doubles=with_doubles,
            changed_since=changed_since,
            changed_files=_changed_files(changed_files, changed_files_from),
            global_files=global_file or (),
        )
    if saved is not None and check is not None:
        return _check(saved, result, check)
    print_plan(result, fmt=fmt, output=output, force=force, pretty=pretty)
    return 0


def _check(saved: object, fresh: object, path: str) -> int:
    """Exit code 1, with what differs, if the saved plan is not the plan made now; 0 if it is."""
    import sys

    from planner import api
    from planner.model import Plan

    assert isinstance(saved, Plan) and isinstance(fresh, Plan)
    differences = api.plan_differences(saved, fresh)
    append_step_summary(api.check_markdown(path, differences))
    if not differences:
        print(f"planner: {path} is up to date", file=sys.stderr)
        return 0
    for line in differences:
        print(f"planner: {path} is out of date: {line}", file=sys.stderr)
    print("planner: make the plan again", file=sys.stderr)
    return 1


def _changed_files(files: list[str] | None, listed: str | None) -> list[str] | None:
    """The paths of --changed-files and --changed-files-from, or None if neither was given."""
    import sys
    from pathlib import Path

    from planner.errors import UsageError

    if files is None and listed is None:
        return None
    paths = list(files or ())
    if listed is not None:
        try:
            text = sys.stdin.read() if listed == "-" else Path(listed).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"--changed-files-from {listed}: cannot read: {exc}") from None
        paths += [line.rstrip("\r") for line in text.split("\n") if line.strip()]
    for path in paths:
        if any(ord(c) < 32 or ord(c) == 127 for c in path):
            raise UsageError(f"--changed-files: {path!r} holds a control character")
    return paths


def _check_pareto_options(
    strategy: str, variant: str | None, target_layer: int | None, cycles: str, objective: str
) -> None:
    """Refuse the plan options a Pareto front has no use for, rather than ignore them."""
    from planner.errors import UsageError

    given = [
        flag
        for flag, value, default in (
            ("--strategy", strategy, "bottom-up"),
            ("--variant", variant, None),
            ("--target-layer", target_layer, None),
            ("--cycles", cycles, "break"),
            ("--objective", objective, "specific-stubs"),
        )
        if value != default
    ]
    if given:
        raise UsageError(
            f"--pareto does not take {', '.join(given)}: the front is of cycle breaking itself "
            "(each point is a bottom-up order), under the two objectives it names"
        )


def print_pareto(front: object, *, fmt: Format, output: Output, force: bool) -> None:
    from planner import api
    from planner.model import ParetoFront

    assert isinstance(front, ParetoFront)
    if fmt is None and output is not None and output.suffix.lower() == ".csv":
        emit(api.pareto_csv(front), output=output, force=force)
        return
    chosen = resolve_format(fmt, output)
    if chosen == "json":
        emit(api.pareto_json(front), output=output, force=force)
    elif chosen == "md":
        emit(api.pareto_markdown(front), output=output, force=force)
    else:
        emit(api.pareto_table(front), output=output, force=force)


def print_plan(result: object, *, fmt: Format, output: Output, force: bool, pretty: bool = False) -> None:
    import sys

    from planner import api
    from planner.model import Plan

    assert isinstance(result, Plan)
    for warning in api.placement_warnings(result):
        print(f"planner: warning: {warning}", file=sys.stderr)
    chosen = resolve_format(fmt, output)
    if chosen == "json":
        emit(api.plan_json(result, pretty=pretty), output=output, force=force)
    elif chosen == "md":
        emit(api.plan_markdown(result), output=output, force=force)
    else:
        emit(api.plan_table(result), output=output, force=force)
