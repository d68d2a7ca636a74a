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

from planner.scan.cache import ParseCache, content_key, decode, encode
from planner.scan.discover import discover
from planner.scan.model import (
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
    started = time.perf_counter()
    options = options if options is not None else ScanOptions()
    path = Path(root)
    shown = str(root) if display is None else display
    found = discover(path, display=shown, exclude=options.exclude, include_tests=options.include_tests)
    reports = list(found.reports)
    cache = ParseCache(options.cache_dir, path) if options.cache_dir else None
    packed = cache.load() if cache is not None else {}

    records: dict[str, FileRecord] = {}
    keep: dict[str, Any] = {}
    todo: list[tuple[ModuleFile, str, bytes]] = []
    for module in found.modules:
        try:
            with open(module.absolute, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            reports.append(ScanReport(_shown(shown, module), None, f"cannot read: {exc.strerror}"))
            continue
        key = content_key(data)
        encoded = packed.get(key)
        if encoded is not None:
            try:
                records[module.name] = decode(encoded)
                keep[key] = encoded
                continue
            except (ValueError, TypeError, IndexError, KeyError):
                pass  # a damaged entry: parse the file again
        todo.append((module, key, data))

    if listener is not None:
        listener.start(len(todo))
    parsed = parse_many(
        [data for _, _, data in todo], jobs=options.jobs, progress=listener.advance if listener is not None else None
    )
    for (module, key, _), record in zip(todo, parsed, strict=True):
        records[module.name] = record
        if cache is not None:
            keep[key] = encode(record)
    if cache is not None:
        cache.save(keep)

    modules: dict[str, ModuleFile] = {}
    for module in found.modules:
        if module.name not in records:
            continue  # unreadable, reported
        record = records[module.name]
        if record.error is not None:
            line, message = record.error
            reports.append(ScanReport(_shown(shown, module), line, f"{message}: not a module"))
            continue
        modules[module.name] = module
    good = {name: records[name] for name in modules}
    resolution = resolve(
        modules,
        found.namespaces,
        good,
        scopes=options.scopes,
        external=options.external,
        through_init=options.through_init,
        display=shown,
    )
    reports.extend(resolution.reports)
    stats = ScanStats(
        files=found.files,
        parsed=len(todo),
        cached=len(found.modules) - len(todo),
        seconds=time.perf_counter() - started,
    )
    return ScanResult(
        root=shown,
        modules=tuple(modules.values()),
        edges=resolution.edges,
        externals=resolution.externals,
        reports=tuple(sorted(set(reports))),
        stats=stats,
    )


def _shown(display: str, module: ModuleFile) -> str:
    return Path(os.path.join(display, module.path)).as_posix() if module.path != Path(display).name else display
