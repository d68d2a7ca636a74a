"""Where the project is: the nearest ``pyproject.toml`` up from a directory.

Only :mod:`os`, :mod:`pathlib` and :mod:`tomllib` are imported: ``planner scan -o`` asks
whether the project configures planner before anything else of planner is imported (see
:mod:`planner.cli._scan_run`).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PYPROJECT", "configures_planner", "find_root", "inside"]

PYPROJECT = "pyproject.toml"


def find_root(start: Path) -> Path | None:
    """The nearest directory from ``start`` up holding a ``pyproject.toml``; the search stops
    at the directory holding ``.git`` (a repository's top is a project's limit)."""
    here = start.absolute()
    for directory in (here, *here.parents):
        if (directory / PYPROJECT).is_file():
            return directory
        if (directory / ".git").exists():
            return None
    return None


def inside(root: Path, path: Path) -> bool:
    """Whether ``path`` (once symbolic links are resolved) lies in the project ``root``."""
    real, top = path.resolve(), root.resolve()
    return real == top or top in real.parents


def configures_planner(root: Path) -> bool:
    """Whether ``root``'s pyproject.toml has a ``[tool.planner]`` table (or cannot be read, or is
    not TOML where it names planner: then reading it again says why). A file whose text cannot
    name planner is not parsed: ``planner run`` and ``scan`` ask first thing."""
    try:
        data = (root / PYPROJECT).read_bytes()
    except OSError:
        return True
    if b"planner" not in data and b"\\u" not in data and b"\\U" not in data:
        return False  # no key can name planner (but through an escape): no need to parse TOML (0.005 s)
    import tomllib

    try:
        tool = tomllib.loads(data.decode("utf-8")).get("tool")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    return isinstance(tool, dict) and "planner" in tool
