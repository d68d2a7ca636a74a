"""The project root and its ``[tool.planner]`` table, read with :mod:`tomllib`.

The table is a top-level table of settings for every command plus one table per command
(``[tool.planner.plan]``, ``[tool.planner.ci]``, ...). This module checks its shape (tables
where tables belong) and leaves the keys to the command line, which knows each command's
options (see :mod:`planner.cli._config`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from planner.errors import ConfigError
from planner.project.root import PYPROJECT

__all__ = ["ProjectConfig", "read_config"]


@dataclass(frozen=True)
class ProjectConfig:
    """A project: its ``root`` directory, its ``pyproject.toml`` parsed, its ``[tool.planner]``.

    ``settings`` holds the top-level keys of ``[tool.planner]`` (not its sub-tables),
    ``commands`` each command's table (a sub-command's as ``"ci github"``).
    """

    root: Path
    path: Path
    pyproject: Mapping[str, object] = field(repr=False)
    settings: Mapping[str, object]
    commands: Mapping[str, Mapping[str, object]]

    @property
    def shown(self) -> str:
        """The file as a message names it: relative to the working directory where it can be."""
        try:
            return os.path.relpath(self.path)
        except ValueError:  # another drive (Windows)
            return str(self.path)


def read_config(root: Path) -> ProjectConfig:
    """The project at ``root``: its ``pyproject.toml`` and ``[tool.planner]`` table (checked for shape)."""
    path = root / PYPROJECT
    shown = os.path.relpath(path) if path.is_absolute() else str(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=shown) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=shown) from None
    tool = data.get("tool", {})
    table = tool.get("planner", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError("expected a table", path=shown, key="tool.planner")
    settings = {key: value for key, value in table.items() if not isinstance(value, dict)}
    commands: dict[str, Mapping[str, object]] = {}
    for name, value in table.items():
        if not isinstance(value, dict):
            continue
        inner = {key: item for key, item in value.items() if not isinstance(item, dict)}
        commands[name] = inner
        for sub, sub_table in value.items():
            if isinstance(sub_table, dict):
                nested = [k for k, v in sub_table.items() if isinstance(v, dict)]
                if nested:
                    raise ConfigError("unknown table", path=shown, key=f"[tool.planner.{name}.{sub}.{nested[0]}]")
                commands[f"{name} {sub}"] = sub_table
    return ProjectConfig(root=root, path=path, pyproject=data, settings=settings, commands=commands)
