"""Scan a Python source tree into module dependencies, without importing it.

The flow is one way: :func:`~planner.scan.discover.discover` finds the files
that are modules and names them; each file's bytes are looked up in the
content-keyed :class:`~planner.scan.cache.ParseCache` or parsed
(:func:`~planner.scan.parse.parse_source`, in worker processes when the
tree is large); :func:`~planner.scan.resolve.resolve` turns the records into
edges. :func:`scan` returns a :class:`ScanResult` value; the loader
(:mod:`planner.loaders.python`) turns it into a graph. The scanned code is
only ever read: never imported, never executed. See ``docs/scanning.md``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from planner.scan.cache import ParseCache, ResolvedResult, content_key, decode, encode, paused_gc, result_key
from planner.scan.discover import Discovery, discover
from planner.scan.model import (
    DEFAULT_MAX_FILE_SIZE,
    DEFAULT_SCOPES,
    GRIMP_SCOPES,
    SCOPES,
    EdgeInfo,
    FileRecord,
    ModuleFile,
    ScanOptions,
    ScanReport,
    ScanResult,
    ScanStats,
)
from planner.scan.resolve import resolve
from planner.scan.workers import parse_many

__all__ = [
    "DEFAULT_MAX_FILE_SIZE",
    "DEFAULT_SCOPES",
    "GRIMP_SCOPES",
    "SCOPES",
    "EdgeInfo",
    "ModuleFile",
    "ScanListener",
    "ScanOptions",
    "ScanReport",
    "ScanResult",
    "scan",
]


class ScanListener:
    """What a scan tells while it runs (the command line shows a progress bar)."""

    def start(self, total: int) -> None:
        """``total`` files are to be parsed (the others came from the cache)."""

    def advance(self, count: int) -> None:
        """``count`` more files parsed."""


def scan(
    root: str | os.PathLike[str],
    *,
    options: ScanOptions | None = None,
    display: str | None = None,
    listener: ScanListener | None = None,
) -> ScanResult:
    """Scan the tree at ``root`` (a directory or one ``.py`` file)."""
    with paused_gc():  # a scan builds many small objects and no cycles
        return _scan(root, options=options, display=display, listener=listener)


def _scan(
    root: str | os.PathLike[str],
    *,
    options: ScanOptions | None,
    display: str | None,
    listener: ScanListener | None,
) -> ScanResult:
    started = time.perf_counter()
    options = options if options is not None else ScanOptions()
    path = Path(root)
    shown = str(root) if display is None else display
    found = discover(path, display=shown, exclude=options.exclude, include_tests=options.include_tests)
    reports = list(found.reports)
    contents: list[tuple[ModuleFile, str, bytes]] = []
    for module in found.modules:
        try:
            with open(module.absolute, "rb") as handle:
                # One byte more than the limit says whether the file is over it, whatever its size claims.
                data = handle.read(options.max_file_size + 1)
                size = max(os.fstat(handle.fileno()).st_size, len(data))
        except OSError as exc:
            reports.append(ScanReport(_shown(shown, module), None, f"cannot read: {exc.strerror}"))
            continue
        if len(data) > options.max_file_size:
            message = f"too large to parse ({size:,} bytes; the limit is {options.max_file_size:,}): not a module"
            reports.append(ScanReport(_shown(shown, module), None, message))
            continue
        contents.append((module, content_key(data), data))

    cache = ParseCache(options.cache_dir, path, shown) if options.cache_dir else None
    key = ""
    if cache is not None:
        files = ((m.name, m.path, m.kind, k) for m, k, _ in contents)
        key = result_key(shown, options, files, found.namespaces)
        hit = cache.load_result(key)
        if hit is not None:
            return _result(shown, found, contents, hit, reports, parsed=0, started=started)

    packed = cache.load() if cache is not None else {}
    records: dict[str, FileRecord] = {}
    keep: dict[str, Any] = {}
    todo: list[tuple[ModuleFile, str, bytes]] = []
    for module, content, data in contents:
        encoded = packed.get(content)
        if encoded is not None:
            try:
                records[module.name] = decode(encoded)
                keep[content] = encoded
                continue
            except (ValueError, TypeError, IndexError, KeyError):
                pass  # a damaged entry: parse the file again
        todo.append((module, content, data))

    if listener is not None:
        listener.start(len(todo))
    parsed = parse_many(
        [data for _, _, data in todo], jobs=options.jobs, progress=listener.advance if listener is not None else None
    )
    for (module, content, _), record in zip(todo, parsed, strict=True):
        records[module.name] = record
        if cache is not None:
            keep[content] = encode(record)

    failed: list[str] = []
    own_reports: list[ScanReport] = []
    for module, _, _ in contents:
        error = records[module.name].error
        if error is not None:
            failed.append(module.name)
            own_reports.append(ScanReport(_shown(shown, module), error[0], f"{error[1]}: not a module"))
    modules = {m.name: m for m, _, _ in contents if records[m.name].error is None}
    resolution = resolve(
        modules,
        found.namespaces,
        {name: records[name] for name in modules},
        scopes=options.scopes,
        external=options.external,
        through_init=options.through_init,
        display=shown,
    )
    resolved = ResolvedResult(
        failed=tuple(failed),
        edges=resolution.edges,
        externals=resolution.externals,
        reports=tuple(own_reports) + resolution.reports,
    )
    if cache is not None:
        cache.save(keep)
        cache.save_result(key, resolved)
    return _result(shown, found, contents, resolved, reports, parsed=len(todo), started=started)


def _result(
    shown: str,
    found: Discovery,
    contents: list[tuple[ModuleFile, str, bytes]],
    resolved: ResolvedResult,
    reports: list[ScanReport],
    *,
    parsed: int,
    started: float,
) -> ScanResult:
    failed = set(resolved.failed)
    stats = ScanStats(
        files=found.files,
        parsed=parsed,
        cached=len(contents) - parsed,
        seconds=time.perf_counter() - started,
    )
    return ScanResult(
        root=shown,
        modules=tuple(m for m, _, _ in contents if m.name not in failed),
        edges=resolved.edges,
        externals=resolved.externals,
        reports=tuple(sorted(set(reports) | set(resolved.reports))),
        stats=stats,
        notes=found.notes,
    )


def _shown(display: str, module: ModuleFile) -> str:
    return Path(os.path.join(display, module.path)).as_posix() if module.path != Path(display).name else display
