"""Scratch copies of a project: mutants are written there, never in the user's tree.

A copy leaves out what a run does not need and what may be large: version control,
virtual environments (any directory holding a ``pyvenv.cfg``), caches and bytecode.
Symbolic links are copied as links.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from planner.errors import OutputError

__all__ = ["copy_project", "import_base"]

_LEFT_OUT = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".planner",
    }
)


def _ignore(directory: str, names: list[str]) -> set[str]:
    return {
        name
        for name in names
        if name in _LEFT_OUT
        or name.endswith(".pyc")
        or (
            os.path.isdir(os.path.join(directory, name)) and os.path.exists(os.path.join(directory, name, "pyvenv.cfg"))
        )
    }


def copy_project(project: Path, into: Path) -> Path:
    """Copy ``project`` to the new directory ``into``; return ``into``."""
    try:
        shutil.copytree(project, into, symlinks=True, ignore=_ignore)
    except (OSError, shutil.Error) as exc:
        raise OutputError(f"cannot copy the project to a scratch directory ({exc})", path=str(into)) from exc
    return into


def import_base(unit: str, file: str) -> str | None:
    """The directory ``unit`` is imported from, given its file (a project path): ``src`` for
    ``shop.db`` in ``src/shop/db.py``; None when the file does not spell the unit's name."""
    parts = Path(file).with_suffix("").parts
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    names = tuple(unit.split("."))
    if len(parts) < len(names) or parts[len(parts) - len(names) :] != names:
        return None
    base = parts[: len(parts) - len(names)]
    return Path(*base).as_posix() if base else "."
