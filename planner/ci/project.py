"""Whether the project's own requirements bring planner into a CI job.

A job runs its step with planner's pytest plugin, so planner must be installed
there. ``planner ci`` installs it with ``--planner SPEC``; without that, the
project's install commands must bring it, and :func:`lists_planner` tells
whether its ``pyproject.toml`` names it among the requirements.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

__all__ = ["lists_planner"]

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def lists_planner(directory: Path) -> bool | None:
    """True if ``directory/pyproject.toml`` requires planner (in its dependencies, an
    optional dependency or a dependency group), False if it does not, None if there is
    no such file to read (a setup.py project, say: nothing can be told)."""
    try:
        data = tomllib.loads((directory / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    project = data.get("project")
    if not isinstance(project, dict):
        return None
    groups: list[object] = [project.get("dependencies")]
    for table in (project.get("optional-dependencies"), data.get("dependency-groups")):
        if isinstance(table, dict):
            groups += table.values()
    return any(_name(r) == "planner" for g in groups if isinstance(g, list) for r in g if isinstance(r, str))


def _name(requirement: str) -> str:
    """The normalised project name a requirement string starts with (PEP 503)."""
    found = _NAME.match(requirement)
    return re.sub(r"[-_.]+", "-", found.group(1)).lower() if found else ""
