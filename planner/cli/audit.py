"""``planner audit``: how well a plan localises defects (mutants), and what a change-aware plan misses."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from planner.cli._common import Force, Format, Output, emit, resolve_format

if TYPE_CHECKING:
    from planner.api import MutantResult


def audit(
    plan_file: Annotated[str, typer.Argument(metavar="PLAN", help="A plan file made with 'planner plan --tests'.")],
    mutants: Annotated[
        int, typer.Option("--mutants", metavar="N", min=1, help="Mutants of each unit (seeded: the same every run).")
    ] = 3,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="The seed that chooses the mutants.")] = 0,
    budget: Annotated[
        float | None,
        typer.Option(
            "--budget",
            metavar="SECONDS",
            min=1,
            help="Stop starting mutants after this many seconds of wall clock (--resume continues).",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Keep the results of an earlier run of this audit (stopped, or done).")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            metavar="N",
            min=1,
            help="Scratch copies run side by side (default: 2 where the machine has 2 cores or more).",
            show_default=False,
        ),
    ] = None,
    all_tests: Annotated[
        bool,
        typer.Option(
            "--all-tests", help="Run the whole suite on each mutant, not only the tests whose footprint reaches it."
        ),
    ] = False,
    history: Annotated[
        int | None,
        typer.Option(
            "--history",
            metavar="N",
            min=1,
            help="Instead of mutants: replay the last N commits with change-aware plans (--changed-since each "
            "parent) and the whole suite, and report the failing tests the plans left out.",
            show_default=False,
        ),
    ] = None,
    interfaces: Annotated[
        bool,
        typer.Option(
            "--interfaces",
            help="Instead of mutants of the code: signature mutants (a parameter removed, added, renamed, a "
            "default changed) of what each driver drives, and whether the driver's check catches each.",
        ),
    ] = False,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            metavar="DIR",
            help="Where the state of the audit is kept for --resume (default: $PLANNER_CACHE_DIR, else "
            "~/.cache/planner).",
            show_default=False,
        ),
    ] = None,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
) -> int:
    """Audit how well PLAN localises defects: mutants of each unit, the suite on each (run where the plan was made).

    Each unit's mutants (an operator swapped, a boolean negated, an integer moved, a returned
    value made None) are written one at a time into a scratch copy of the project, never into
    it, and the tests that can reach the unit run on each. A mutant is localised when the first
    step holding a failing test integrates the unit or first exercises a dependency ending at it;
    units whose mutants no test kills are integration blind spots. Exit code 0 (the figures are
    the result), 130 if interrupted: --resume continues.

    With --history N, the last N commits of the repository are replayed instead, in a scratch
    clone: the plan --changed-since each parent, then the whole suite; a miss is a test failing at
    a commit, not at its parent, that the plan left out.
    """
    from planner import api
    from planner.api import AuditRequest, audit_json, audit_markdown, audit_table, default_workers
    from planner.cli import EXIT_INTERRUPTED, EXIT_OK
    from planner.cli._common import refuse_output

    if interfaces and history is not None:
        from planner.errors import UsageError

        raise UsageError("--interfaces and --history are two audits: run them one at a time")
    refuse_output(output, force=force)
    chosen = resolve_format(fmt, output)
    if interfaces:
        from planner.api import interface_json, interface_markdown, interface_table

        try:
            with _terminate_as_interrupt():
                checked = api.audit_interfaces(plan_file)
        except KeyboardInterrupt:
            print("planner: audit interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
        shown_interfaces = {"json": interface_json, "md": interface_markdown}.get(chosen, interface_table)(checked)
        emit(shown_interfaces, output=output, force=force)
        return EXIT_OK
    if history is not None:
        from planner.api import history_json, history_markdown, history_table

        try:
            with _terminate_as_interrupt():
                replayed = api.audit_history(plan_file, history)
        except KeyboardInterrupt:
            print("planner: audit interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
        shown = {"json": history_json, "md": history_markdown}.get(chosen, history_table)(replayed)
        emit(shown, output=output, force=force)
        return EXIT_OK
    request = AuditRequest(
        per_unit=mutants,
        seed=seed,
        budget=budget,
        workers=workers or default_workers(),
        all_tests=all_tests,
        resume=resume,
        state_dir=cache_dir,
    )
    bar = _Bar()
    try:
        with _terminate_as_interrupt():
            report = api.audit_localisation(plan_file, request, listener=bar)
    except KeyboardInterrupt:
        bar.stop()
        print(
            f"planner: audit interrupted after {bar.done} of {bar.total} mutants: "
            "the same command with --resume continues",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    finally:
        bar.stop()
    if chosen == "json":
        emit(audit_json(report), output=output, force=force)
    elif chosen == "md":
        emit(audit_markdown(report), output=output, force=force)
    else:
        emit(audit_table(report), output=output, force=force)
    return EXIT_OK


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a CI job cancelled, ``kill``) ends the audit as Ctrl-C does: its pytest runs
    ended, its scratch copies removed, its results kept for --resume."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (an embedding program): leave its handlers alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Bar:
    """A progress bar on standard error, when it is a terminal."""

    def __init__(self) -> None:
        self.progress: Any = None
        self.task: Any = None
        self.total = self.done = 0

    def started(self, total: int, done: int) -> None:
        self.total, self.done = total, done
        if not sys.stderr.isatty() or total == done:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("mutants"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True)
        )
        self.task = self.progress.add_task("mutants", total=total, completed=done)
        self.progress.start()

    def finished(self, result: MutantResult) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress.advance(self.task)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None
