"""``planner scan``'s work, without typer: the typer command and the fast path both run it.

``planner scan SRC -o GRAPH.json`` is what CI runs over and over, so it should cost the
scan and little else: :func:`fast_scan` reads the argument lists it understands whole
(the options of ``planner scan``, in the forms click takes: ``--opt value``,
``--opt=value``, ``-ovalue``) and, when they ask for the graph as JSON, scans and writes
it without importing typer, pydantic, networkx or rich. Anything else (``--help``, text
output, a value it is unsure of, an unknown or repeated option) returns ``None`` and goes
to the typer command, which runs :func:`run_scan` too, with typer's own messages.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.loaders.scan import ScanOptions

__all__ = ["STDOUT", "emit", "fast_scan", "refuse_output", "run_scan", "scan_options", "writes_file"]

_FLAGS = {
    "--force": "force",
    "--external": "external",
    "--include-tests": "include_tests",
    "--through-init": "through_init",
    "--strict": "strict",
    "--no-cache": "no_cache",
    "--no-gitignore": "no_gitignore",
}
_VALUES = {
    "--output": "output",
    "-o": "output",
    "--format": "fmt",
    "-f": "fmt",
    "--cache-dir": "cache_dir",
    "--jobs": "jobs",
    "-j": "jobs",
}
_LISTS = {"--scope": "scope", "--exclude": "exclude", "--package": "package"}


def fast_scan(args: Sequence[str]) -> bool:
    """Run ``planner scan ARGS`` here if the arguments ask for JSON and are understood whole;
    ``False``: nothing was done, give them to the typer command."""
    parsed = _parse(args)
    if parsed is None:
        return False
    fmt, output = parsed.get("fmt"), parsed.get("output")
    if fmt not in ("json", None) or (fmt is None and output is None):
        return False  # text output explains the graph: the typer command draws it
    jobs = parsed.pop("jobs", "0")
    if not (jobs.isascii() and jobs.isdigit()):
        return False
    run_scan(
        parsed.pop("source"),
        output=Path(output) if output is not None else None,
        fmt=fmt,
        jobs=int(jobs),
        cache_dir=Path(parsed.pop("cache_dir")) if "cache_dir" in parsed else None,
        **{key: value for key, value in parsed.items() if key not in ("fmt", "output")},
    )
    return True


def _parse(args: Sequence[str]) -> dict[str, Any] | None:
    from planner.cli._fast_args import read_args

    read = read_args(args, flags=_FLAGS, values=_VALUES, lists=_LISTS)
    if read is None:
        return None
    found, sources = read
    if len(sources) != 1 or not sources[0]:
        return None
    found["source"] = sources[0]
    return found


def run_scan(
    source: str,
    *,
    output: Path | None,
    fmt: str | None,
    force: bool = False,
    scope: list[str] | None = None,
    external: bool = False,
    exclude: list[str] | None = None,
    include_tests: bool = False,
    through_init: bool = False,
    strict: bool = False,
    cache_dir: Path | None = None,
    no_cache: bool = False,
    jobs: int = 0,
    max_file_size: int | None = None,
    gitignore: bool = True,
    no_gitignore: bool = False,
    package: list[str] | None = None,
) -> None:
    """``planner scan``: scan, print the reports and the summary, write the graph or its text."""
    from planner.errors import UsageError

    refuse_output(output, force=force)  # before the work, not after it

    scopes = _scopes(scope)
    cache = _cache_dir(cache_dir, no_cache)
    chosen = fmt or ("json" if output is not None else "text")
    if writes_file(output) and chosen == "json" and output is not None and output.suffix.lower() != ".json":
        raise UsageError(f"{output}: the graph is written as node-link JSON; name the file *.json")
    shaping: dict[str, Any] = {  # the ScanOptions fields that shape the graph (proof.UNSHAPING: the others)
        "scopes": scopes,
        "external": external,
        "exclude": tuple(exclude or ()),
        "include_tests": include_tests,
        "through_init": through_init,
        "max_file_size": _max_file_size(max_file_size),
        "gitignore": gitignore and not no_gitignore,
        "packages": tuple(package or ()),
    }
    if chosen == "json" and cache is not None and not strict:
        from planner.loaders.scan.proof import option_parts

        if _replayed(source, cache, option_parts("graph-json", shaping), output=output, force=force):
            return
    from planner.cli._progress import TerminalListener
    from planner.loaders.scan.model import ScanOptions

    options = ScanOptions(**shaping, strict=strict, cache_dir=cache, jobs=jobs)
    if chosen == "json":
        # planner.loaders.python.scan_json is api.scan_json, without importing the rest of the API
        from planner.loaders.python import scan_json

        emit(scan_json(source, options=options, listener=TerminalListener()), output=output, force=force)
    else:
        from planner import api, report

        graph = api.scan(source, options=options, listener=TerminalListener())
        emit(report.scan_text(graph), output=output, force=force)


def _replayed(source: str, cache_dir: str, parts: list[Any], *, output: Path | None, force: bool) -> bool:
    """Whether the graph of an unchanged tree was written from its proof (see
    :mod:`planner.loaders.scan.proof`): nothing else of the scanner is imported then."""
    import time

    from planner.loaders.scan import proof

    started = time.perf_counter()
    value = proof.prove(cache_dir, source, source, parts)
    if type(value) is not list or len(value) != 4:
        return False
    text, reports, notes, summary = value
    lines = [*reports, *notes, summary] if type(reports) is list and type(notes) is list else [None]
    if not proof.sound_text(text) or not all(type(line) is str and line.isprintable() for line in lines):
        return False
    if not summary.endswith(" 0.00 s)"):
        return False
    seconds = time.perf_counter() - started
    for line in told_lines(source, reports, notes, f"{summary[: -len('0.00 s)')]}{seconds:.2f} s)"):
        print(line, file=sys.stderr)
    emit(text, output=output, force=force)
    return True


def told_lines(root: str, reports: Sequence[object], notes: Sequence[str], summary: str | None) -> list[str]:
    """What ``planner scan`` tells on standard error: the reports, the notes, the summary."""
    lines = [f"planner: reported: {report}" for report in reports]
    lines += [f"planner: note: {note}" for note in notes]
    if summary is not None:
        lines.append(f"planner: scanned {root}: {summary}")
    return lines


STDOUT = "-"
"""The ``--output`` value that means standard output."""


def writes_file(output: Path | None) -> bool:
    """Whether ``--output`` names a file (not absent, not ``-`` for standard output)."""
    return output is not None and str(output) != STDOUT


def refuse_output(output: Path | None, *, force: bool) -> None:
    """Refuse, before any work, an output file that may not be written (:func:`planner.base.files.refuse_existing`)."""
    if output is not None and writes_file(output):
        from planner.base.files import refuse_existing

        refuse_existing(output, force=force)


def emit(content: Any, *, output: Path | None, force: bool) -> None:
    """Print ``content`` (text or a rich renderable), or write it to ``output`` atomically.

    ``-o -`` prints what the file would hold (a table as wide, without colour).
    """
    if output is None:
        if isinstance(content, str):
            sys.stdout.write(content)
            sys.stdout.flush()
        else:
            from rich.console import Console

            Console(soft_wrap=False, width=_piped_width(content)).print(content)
        return
    from planner.base.files import write_text_atomic

    if not isinstance(content, str):
        import io

        from rich.console import Console

        buffer = io.StringIO()
        Console(file=buffer, width=120, color_system=None, soft_wrap=False).print(content)
        content = buffer.getvalue()
    if not writes_file(output):
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    write_text_atomic(output, content, force=force)
    print(f"planner: wrote {output}", file=sys.stderr)


def _piped_width(content: Any) -> int | None:
    """The width to print at: the terminal's on a terminal (or $COLUMNS), else the content's own.

    rich assumes 80 columns when standard output is not a terminal, so a table piped to a file or
    to ``less`` would wrap; its natural width keeps every row on one line.
    """
    if sys.stdout.isatty() or os.environ.get("COLUMNS"):
        return None
    from rich.console import Console

    measured = Console(width=1_000_000, color_system=None).measure(content).maximum
    return max(80, measured)


def scan_options(
    *,
    scope: list[str] | None,
    external: bool,
    exclude: list[str] | None,
    include_tests: bool,
    through_init: bool,
    strict: bool,
    cache_dir: Path | None,
    no_cache: bool,
    jobs: int,
    max_file_size: int | None = None,
    gitignore: bool = True,
    package: list[str] | None = None,
) -> ScanOptions:
    """The :class:`planner.loaders.scan.ScanOptions` the scanner options ask for."""
    from planner.loaders.scan.model import ScanOptions

    return ScanOptions(
        max_file_size=_max_file_size(max_file_size),
        scopes=_scopes(scope),
        external=external,
        exclude=tuple(exclude or ()),
        include_tests=include_tests,
        through_init=through_init,
        strict=strict,
        cache_dir=_cache_dir(cache_dir, no_cache),
        jobs=jobs,
        gitignore=gitignore,
        packages=tuple(package or ()),
    )


def _max_file_size(max_file_size: int | None) -> int:
    from planner.loaders.scan.scopes import DEFAULT_MAX_FILE_SIZE

    return DEFAULT_MAX_FILE_SIZE if max_file_size is None else max_file_size


def _scopes(scope: list[str] | None) -> frozenset[str]:
    from planner.errors import UsageError
    from planner.loaders.scan.scopes import DEFAULT_SCOPES, SCOPES

    if not scope:
        return DEFAULT_SCOPES
    chosen = {part.strip() for item in scope for part in item.split(",") if part.strip()}
    unknown = sorted(chosen - set(SCOPES) - {"all"})
    if unknown:
        raise UsageError(f"unknown scope {unknown[0]!r} (choose from {', '.join(SCOPES)}, all)")
    return frozenset(SCOPES) if "all" in chosen else frozenset(chosen)


def _cache_dir(cache_dir: Path | None, no_cache: bool) -> str | None:
    from planner.errors import UsageError
    from planner.loaders.scan.proof import default_cache_dir

    if no_cache and cache_dir is not None:
        raise UsageError("--no-cache and --cache-dir contradict each other")
    return None if no_cache else str(cache_dir) if cache_dir is not None else default_cache_dir()
