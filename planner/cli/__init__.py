"""The ``planner`` command line: one module per command, composed here.

``main`` keeps the command line fast and its errors short: ``--version`` is
answered before anything is imported, every command imports the library only
when it runs, and every error becomes one line on standard error and a named
exit code (a traceback only with ``--debug``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from planner._version import __version__

__all__ = ["EXIT_FAILURE", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "PLAN_INPUT_IS_USAGE", "main", "run"]

EXIT_OK = 0
"""Success."""
EXIT_FAILURE = 1
"""The input could not be planned, a file was refused, a step failed."""
EXIT_USAGE = 2
"""The command line is wrong: unknown option or value, missing file; under ``run`` and ``select``,
a plan file that cannot be used too (see :data:`PLAN_INPUT_IS_USAGE`)."""
EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C)."""

PLAN_INPUT_IS_USAGE = frozenset({"run", "select"})
"""The commands CI runs on a plan file, for which exit code 1 means that tests failed: a plan file
that cannot be read or used (malformed, unreadable, of another schema, not matching the tree)
exits 2 there, like any other bad input, so that a pipeline can tell the two apart."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]):
        print(f"planner {__version__}")
        return EXIT_OK
    debug = "--debug" in args or os.environ.get("PLANNER_DEBUG", "") not in ("", "0")
    args = [arg for arg in args if arg != "--debug"]

    from planner.errors import InputError, PlannerError, UsageError

    try:
        with _without_cyclic_gc(args):
            result = _dispatch(args)
    except PlannerError as exc:
        if debug:
            raise
        from planner.cli._flags import flag

        _error("planner", exc.worded(flag))  # the library names parameters; here they are flags
        if isinstance(exc, UsageError) or (isinstance(exc, InputError) and args[:1] and args[0] in PLAN_INPUT_IS_USAGE):
            return EXIT_USAGE
        return EXIT_FAILURE
    except KeyboardInterrupt:
        _error("planner", "interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``planner show plan.json | head``): not an error.
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:
        if type(exc).__name__ == "NoArgsIsHelpError" and hasattr(exc, "format_message"):
            # bare ``planner`` (or ``planner ci``): the help as --help prints it, not squashed into an
            # error line; still the usage exit code, as git does, so a script's mistake shows
            try:
                print(exc.format_message(), flush=True)
            except BrokenPipeError:  # ``planner | head``: the reader went away
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_USAGE
        if hasattr(exc, "exit_code") and hasattr(exc, "format_message"):
            # click's exceptions (typer vendors click, so match them by shape)
            if debug:
                raise
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else "planner"
            hint = f" (see '{where} --help')" if exc.exit_code == EXIT_USAGE else ""
            _error(where, f"{exc.format_message()}{hint}")
            return int(exc.exit_code)
        if type(exc).__name__ == "Abort":
            _error("planner", "aborted")
            return EXIT_INTERRUPTED
        if debug:
            raise
        _error("planner", f"internal error: {type(exc).__name__}: {exc} (run again with --debug for details)")
        return EXIT_FAILURE
    return result if isinstance(result, int) else EXIT_OK


@contextmanager
def _without_cyclic_gc(args: list[str]) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a command runs, except ``run``.

    A command is a short process that builds large acyclic structures and frees them all at
    exit; the collector's full passes over them were 45 % of ``planner plan`` at 100,000 units
    (43 against 23 CPU s, the same peak memory; see :mod:`planner.base.gcpause`). ``planner run``
    hosts the user's pytest session, whose tests may rely on the collector (finalizers, weak
    references): it keeps the collector as it is.
    """
    if args[:1] == ["run"]:
        yield
        return
    from planner.base.gcpause import paused_gc

    with paused_gc():
        yield


def _dispatch(args: list[str]) -> object:
    from pathlib import Path

    from planner.project.root import configures_planner, find_root

    root = find_root(Path.cwd())
    configured = root is not None and configures_planner(root)
    if args[:1] == ["scan"] and not configured:
        from planner.cli._scan_run import fast_scan

        if fast_scan(args[1:]):  # the graph as JSON, without typer (see _scan_run)
            return EXIT_OK
    if args[:1] == ["run"] and not configured:
        from planner.cli._run_fast import fast_run

        code = fast_run(args[1:])  # the run, without typer (see _run_fast)
        if code is not None:
            return code
    import typer.main

    from planner.api import read_config
    from planner.cli.app import app

    project = read_config(root) if root is not None else None
    defaults = None
    if project is not None and configured:
        from planner.cli._config import default_map, settings_of

        defaults = default_map(project, settings_of(app))  # [tool.planner]: flags still win (see _config)
    command = typer.main.get_command(app)
    return command.main(args, prog_name="planner", standalone_mode=False, default_map=defaults, obj=project)


def _error(where: str, message: str) -> None:
    print(f"{where}: error: {' '.join(message.split())}", file=sys.stderr)


def run() -> None:
    """The ``planner`` console script."""
    sys.exit(main())
