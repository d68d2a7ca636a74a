"""Scan a Python source tree into module dependencies, without importing it.

The flow is one way: :func:`~planner.loaders.scan.discover.discover` finds the files
that are modules and names them; each file's bytes are looked up in the
content-keyed :class:`~planner.loaders.scan.cache.ParseCache` or parsed
(:func:`~planner.loaders.scan.parse.parse_source`, in worker processes when the
tree is large); :func:`~planner.loaders.scan.resolve.resolve` turns the records into
edges (:mod:`planner.loaders.scan.steps` holds the steps). :func:`scan` returns a
:class:`ScanResult` value; the loader
(:mod:`planner.loaders.python`) turns it into a graph. The scanned code is
only ever read: never imported, never executed. See ``docs/scanning.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.loaders.scan.model import (
        DEFAULT_MAX_FILE_SIZE,
        DEFAULT_SCOPES,
        GRIMP_SCOPES,
        SCOPES,
        EdgeInfo,
        ModuleFile,
        ScanOptions,
        ScanReport,
        ScanResult,
    )
    from planner.loaders.scan.steps import PreparedScan, ScanListener, prepare, scan

__all__ = [
    "DEFAULT_MAX_FILE_SIZE",
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

_MODEL = (
    "DEFAULT_MAX_FILE_SIZE",
    "DEFAULT_SCOPES",
    "GRIMP_SCOPES",
    "SCOPES",
    "EdgeInfo",
    "ModuleFile",
    "ScanOptions",
    "ScanReport",
    "ScanResult",
)
_LAZY = {name: "planner.loaders.scan.model" if name in _MODEL else "planner.loaders.scan.steps" for name in __all__}


def __getattr__(name: str) -> Any:
    """The names above, imported on first use: ``planner scan -o`` on an unchanged tree
    needs none of them (see :mod:`planner.loaders.scan.proof`)."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'planner.loaders.scan' has no attribute {name!r}")
