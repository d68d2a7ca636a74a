"""The scanner's options, declared once for every command that scans a source tree.

:func:`scan_flags` adds them to a command: typer sees one signature with the command's own
parameters and these, and the command receives them gathered in one :class:`ScanFlags`
value (``scan_flags: ScanFlags``), whose :meth:`ScanFlags.options` is the
:class:`planner.loaders.scan.ScanOptions` they ask for.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import update_wrapper
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from planner.api import ScanOptions

__all__ = ["ScanFlags", "scan_flags"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ScanFlags:
    """The scanner options as given on the command line (or by ``[tool.planner]``)."""

    scope: tuple[str, ...] = ()
    external: bool = False
    exclude: tuple[str, ...] = ()
    include_tests: bool = False
    through_init: bool = False
    strict: bool = False
    cache_dir: Path | None = None
    no_cache: bool = False
    jobs: int = 0
    max_file_size: int | None = None
    gitignore: bool = True
    package: tuple[str, ...] = ()

    def options(self) -> ScanOptions:
        """The :class:`planner.loaders.scan.ScanOptions` these flags ask for (a bad value: a usage error)."""
        from planner.cli._scan_run import scan_options

        return scan_options(**self.keywords())

    def keywords(self) -> dict[str, Any]:
        """The flags as the keywords of :func:`planner.cli._scan_run.run_scan`."""
        values = asdict(self)
        values["scope"] = list(self.scope) or None
        values["exclude"] = list(self.exclude) or None
        values["package"] = list(self.package) or None
        return values


_OPTIONS: dict[str, tuple[Any, Any]] = {
    "scope": (
        list[str] | None,
        typer.Option(
            "--scope",
            metavar="SCOPE",
            help="Which imports become dependencies, by where they run (repeatable): import-time, guarded, "
            "deferred, string, type-checking, or all. Default: all but type-checking.",
            show_default=False,
        ),
    ),
    "external": (
        bool,
        typer.Option("--external", help="Keep imports of third-party packages, one node per top-level package."),
    ),
    "exclude": (
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help="Skip the files and directories whose path (relative to SRC) or name matches GLOB (repeatable).",
            show_default=False,
        ),
    ),
    "include_tests": (bool, typer.Option("--include-tests", help="Scan tests directories too (skipped by default).")),
    "through_init": (
        bool,
        typer.Option(
            "--through-init", help="Follow names re-exported by a package __init__ to the module that defines them."
        ),
    ),
    "strict": (
        bool,
        typer.Option("--strict", help="Fail (exit 1) if any file is reported (not a module, syntax error, ...)."),
    ),
    "cache_dir": (
        Path | None,
        typer.Option(
            "--cache-dir",
            metavar="DIR",
            help="Where parse results are cached by file content (default: $PLANNER_CACHE_DIR, else "
            "$XDG_CACHE_HOME/planner, else ~/.cache/planner).",
            show_default=False,
        ),
    ),
    "no_cache": (bool, typer.Option("--no-cache", help="Neither read nor write the parse cache.")),
    "jobs": (
        int,
        typer.Option(
            "--jobs", "-j", min=0, metavar="N", help="Worker processes for parsing (0: one per CPU, when it pays)."
        ),
    ),
    "max_file_size": (
        int | None,
        typer.Option(
            "--max-file-size",
            min=1,
            metavar="BYTES",
            help="Report and skip (as not a module) a source file larger than this; default 10000000 (10 MB).",
            show_default=False,
        ),
    ),
    "gitignore": (
        bool,
        typer.Option(
            "--gitignore/--no-gitignore",
            help="Leave out what .gitignore ignores (the tree's, and its repository's above it), as git does.",
        ),
    ),
    "package": (
        list[str] | None,
        typer.Option(
            "--package",
            metavar="NAME",
            help="Scan only this top-level package or module of a flat or src layout (repeatable; default: all).",
            show_default=False,
        ),
    ),
}

_PARAMETERS = [
    inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[kind, option], default=getattr(ScanFlags, name, None)
    )
    for name, (kind, option) in _OPTIONS.items()
]


def scan_flags(command: F) -> F:
    """Give ``command`` the scanner options; it takes them as one ``scan_flags: ScanFlags``."""
    # evaluated here, in the command's module: typer reads the wrapper's signature, in this one
    own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "scan_flags"]
    hints = {p.name: p.annotation for p in own}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in _OPTIONS}
        given["scope"] = tuple(given["scope"] or ())
        given["exclude"] = tuple(given["exclude"] or ())
        given["package"] = tuple(given["package"] or ())
        return command(*args, scan_flags=ScanFlags(**given), **kwargs)

    update_wrapper(wrapper, command, updated=())
    del wrapper.__wrapped__  # type: ignore[attr-defined]  # typer reads the signature below
    wrapper.__signature__ = inspect.Signature([*own, *_PARAMETERS])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {**hints, **{p.name: p.annotation for p in _PARAMETERS}}
    return wrapper  # type: ignore[return-value]
