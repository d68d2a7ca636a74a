"""Scan a Python source tree into module dependencies, without importing it.

The flow is one way: :func:`~planner.scan.discover.discover` finds the files
that are modules and names them; each file's bytes are looked up in the
content-keyed :class:`~planner.scan.cache.ParseCache` or parsed
(:func:`~planner.scan.parse.parse_source`, in worker processes when the
tree is large); :func:`~planner.scan.resolve.resolve` turns the records into
edges (:mod:`planner.scan.prepare` holds the steps). :func:`scan` returns a :class:`ScanResult` value; the loader
(:mod:`planner.loaders.python`) turns it into a graph. The scanned code is
only ever read: never imported, never executed. See ``docs/scanning.md``.
"""

from __future__ import annotations

import os

from planner.scan.cache import paused_gc
from planner.scan.model import (
    DEFAULT_SCOPES,
    GRIMP_SCOPES,
    SCOPES,
    EdgeInfo,
    ModuleFile,
    ScanOptions,
    ScanReport,
    ScanResult,
)
from planner.scan.prepare import PreparedScan, ScanListener, prepare

__all__ = [
    "DEFAULT_SCOPES",
    "GRIMP_SCOPES",
    "SCOPES",
    "EdgeInfo",
    "ModuleFile",
    "PreparedScan",
    "ScanListener",
    "ScanOptions",
    "ScanReport",
    "ScanResult",
    "prepare",
    "scan",
]


def scan(
    root: str | os.PathLike[str],
    *,
    options: ScanOptions | None = None,
    display: str | None = None,
    listener: ScanListener | None = None,
) -> ScanResult:
    """Scan the tree at ``root`` (a directory or one ``.py`` file)."""
    with paused_gc():  # a scan builds many small objects and no cycles
        return prepare(root, options=options, display=display).finish(listener)
