"""What a command plans when given no SOURCE: the configured source, else the project's own
declarations (see :mod:`planner.project`), and, for ``planner plan``, the tests pytest is
configured to collect."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

    from planner.api import ProjectConfig
    from planner.cli._scan_flags import ScanFlags

__all__ = ["from_command_line", "not_given", "project_source", "project_tests"]

ADVICE = 'give SOURCE, or write source = "path/to/package" under [tool.planner] in pyproject.toml'


def from_command_line(ctx: typer.Context, name: str) -> bool:
    """Whether parameter ``name`` was given on the command line (not by pyproject.toml or a default)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT", "PROMPT")


def not_given(ctx: typer.Context, name: str) -> bool:
    """Whether parameter ``name`` has its built-in default: given neither on the command line nor in pyproject.toml."""
    source = ctx.get_parameter_source(name)
    return source is None or source.name == "DEFAULT"


def _project(ctx: typer.Context) -> ProjectConfig | None:
    from planner.api import ProjectConfig

    project = ctx.find_root().obj
    return project if isinstance(project, ProjectConfig) else None


def project_source(ctx: typer.Context, source: str | None, flags: ScanFlags) -> tuple[str, ScanFlags]:
    """``source`` if there is one (given, or configured), else the package(s) the project declares,
    with the scanner told which top-level packages to take when they share a directory."""
    if source is not None:
        return source, flags
    from planner.api import guess_source
    from planner.errors import UsageError

    project = _project(ctx)
    if project is None:
        raise UsageError(f"no SOURCE given, and no pyproject.toml here or above (up to the repository's top): {ADVICE}")
    layout = guess_source(project)
    shown = _relative(layout.source)
    packages = f" (packages {', '.join(layout.packages)})" if layout.packages else ""
    print(f"planner: note: planning {shown}{packages}, from {layout.reason} in {project.shown}", file=sys.stderr)
    if layout.packages and not flags.package:
        flags = replace(flags, package=layout.packages)
    return shown, flags


def project_tests(ctx: typer.Context) -> list[str]:
    """The tests pytest is configured to collect in this project (``testpaths``), from here."""
    from planner.api import guess_tests

    project = _project(ctx)
    if project is None:
        return []
    found = [_relative(path) for path in guess_tests(project)]
    if found:
        print(f"planner: note: tests from {', '.join(found)}", file=sys.stderr)
    return found


def _relative(path: os.PathLike[str]) -> str:
    return os.path.relpath(path)  # from here, as if typed here
