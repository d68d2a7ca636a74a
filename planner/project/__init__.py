"""The project planner runs in: its root, its ``[tool.planner]`` table, what it declares.

:func:`find_root` walks up from a directory to the nearest ``pyproject.toml`` (never past a
``.git``); :func:`read_config` reads its ``[tool.planner]`` table (structure only: which keys
a command takes is the command line's to say); :func:`guess_source` and :func:`guess_tests`
find the package(s) the project declares and the tests pytest is told to collect, for a
command given no SOURCE.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.project.config import ProjectConfig, read_config
    from planner.project.layout import Layout, guess_source, guess_tests
    from planner.project.root import configures_planner, find_root, inside

__all__ = [
    "Layout",
    "ProjectConfig",
    "configures_planner",
    "find_root",
    "guess_source",
    "guess_tests",
    "inside",
    "read_config",
]

_WHERE = {
    "ProjectConfig": "config",
    "read_config": "config",
    "Layout": "layout",
    "guess_source": "layout",
    "guess_tests": "layout",
    "configures_planner": "root",
    "find_root": "root",
    "inside": "root",
}


def __getattr__(name: str) -> Any:
    """The names above, imported on first use: the fast ``planner scan -o`` needs only :mod:`.root`."""
    if name in _WHERE:
        return getattr(importlib.import_module(f"planner.project.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'planner.project' has no attribute {name!r}")
