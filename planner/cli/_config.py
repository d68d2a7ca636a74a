"""``[tool.planner]`` in pyproject.toml, given to click as the context's ``default_map``.

A key is a command's long option without its dashes (``target-layer``, ``include-tests``,
``gitignore``), or ``source`` for the SOURCE argument. The top-level table holds the keys
that mean the same to every command (:data:`SHARED`), applied to each command that has the
option; ``[tool.planner.COMMAND]`` (``[tool.planner.ci]``, or ``[tool.planner.ci.github]``
for one of its commands) holds any option of that command but the one-shot ones
(:data:`ONE_SHOT`). Click then gives the precedence: a flag on the command line, else the
command's table, else the top-level table, else the built-in default.

Every key and value is checked here, against the commands' own signatures, before a command
runs: an unknown key, a wrong type, a value outside a closed vocabulary or a path leaving the
project is a :class:`~planner.errors.ConfigError` naming the key and the file (exit code 2,
like a bad flag).
"""

from __future__ import annotations

import difflib
import inspect
import os
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    from planner.api import ProjectConfig

__all__ = ["ONE_SHOT", "SHARED", "Setting", "default_map", "settings_of"]

SHARED = frozenset(
    {
        # what to plan, and how to scan it
        "source",
        "tests",
        "format-in",
        *("scope", "external", "exclude", "include-tests", "through-init", "strict", "no-cache", "jobs"),
        *("max-file-size", "gitignore", "package"),
        # how to plan it
        *("strategy", "variant", "target-layer", "cycles", "objective", "effort", "time-limit", "footprint"),
    }
)
"""The keys the top-level ``[tool.planner]`` table takes: they mean the same to every command."""

ONE_SHOT = frozenset(
    {
        *("output", "force", "help", "from", "check", "pareto", "step", "around", "graph", "cache-dir"),
        *("changed-since", "changed-files", "changed-files-from", "matrix", "wave", "from-step"),
    }
)
"""Options that make sense for one run only (or one machine: ``cache-dir``), never configured."""

PATHS = frozenset({"source", "tests"})
"""Keys whose values are paths: relative to the project root, and never out of it."""


@dataclass(frozen=True)
class Setting:
    """One configurable parameter of a command: its ``key`` in pyproject.toml, the
    parameter's ``name`` (the ``default_map`` key) and its type (``kind``, without ``None``)."""

    key: str
    name: str
    kind: Any
    low: float | None = None
    high: float | None = None


def settings_of(app: typer.Typer) -> dict[str, dict[str, Setting]]:
    """The configurable parameters of each command (a sub-command as ``"ci github"``)."""
    found: dict[str, dict[str, Setting]] = {}
    for name, callback in _commands(app, ""):
        found[name] = {s.key: s for s in _settings(callback)}
    return found


def _commands(app: typer.Typer, prefix: str) -> Iterator[tuple[str, Any]]:
    for info in app.registered_commands:
        assert info.name is not None  # every command here is registered by name
        yield f"{prefix}{info.name}", info.callback
    for group in app.registered_groups:
        assert group.name is not None and group.typer_instance is not None
        yield from _commands(group.typer_instance, f"{prefix}{group.name} ")


def _settings(callback: Any) -> Iterator[Setting]:
    import typer.models

    for parameter in inspect.signature(callback, eval_str=True).parameters.values():
        kind, infos = parameter.annotation, [parameter.default]
        if typing.get_origin(kind) is typing.Annotated:
            kind, *infos = typing.get_args(kind)
        info = next((i for i in infos if isinstance(i, typer.models.ParameterInfo)), None)
        if isinstance(info, typer.models.OptionInfo):
            # in Annotated[..., typer.Option("--name", "-n")] the first name sits in ``default``
            names = [info.default, *(info.param_decls or ())] if isinstance(info.default, str) else info.param_decls
            declared = [d for d in names or () if d.startswith("--")]
            key = declared[0].split("/")[0][2:] if declared else parameter.name.replace("_", "-")
            if key == "source":
                continue  # the key of the SOURCE argument (doubles --source names the tree of a plan file)
        elif isinstance(info, typer.models.ArgumentInfo) and parameter.name == "source":
            key = "source"
        else:
            continue
        if key not in ONE_SHOT:
            low, high = (info.min, info.max) if isinstance(info, typer.models.OptionInfo) else (None, None)
            yield Setting(key, parameter.name, _without_none(kind), low, high)


def _without_none(kind: Any) -> Any:
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        return args[0] if len(args) == 1 else kind
    return kind


def default_map(project: ProjectConfig, commands: Mapping[str, Mapping[str, Setting]]) -> dict[str, Any]:
    """Click's ``default_map`` for ``project``'s ``[tool.planner]`` (nested for sub-commands)."""
    from planner.errors import ConfigError

    for key in project.settings:
        if key not in SHARED:
            hint = _hint(key, SHARED)
            owners = sorted(
                (name.replace(" ", ".") for name, settings in commands.items() if key in settings),
                key=lambda name: (name != "plan", name),
            )
            if owners:
                hint = f" at the top level (a command's own option): set it in [tool.planner.{owners[0]}]"
            raise ConfigError(f"unknown key{hint}", path=project.shown, key=f"[tool.planner] {key}")
    _refuse_unknown(project, commands)
    result: dict[str, Any] = {}
    for name, settings in commands.items():
        values: dict[str, Any] = {}
        for key, value in project.settings.items():
            if key in settings:
                values[settings[key].name] = _checked(project, "[tool.planner]", settings[key], value)
        group = name.split()[0]
        for table in dict.fromkeys((group, name)):  # [tool.planner.ci], then [tool.planner.ci.github]
            for key, value in project.commands.get(table, {}).items():
                if key in settings:
                    header = "[tool.planner." + table.replace(" ", ".") + "]"
                    values[settings[key].name] = _checked(project, header, settings[key], value)
        if values:
            node = result
            for part in name.split()[:-1]:
                node = node.setdefault(part, {})
            node[name.split()[-1]] = values
    return result


def _refuse_unknown(project: ProjectConfig, commands: Mapping[str, Mapping[str, Setting]]) -> None:
    from planner.errors import ConfigError

    for table, values in project.commands.items():
        known = {key for name, s in commands.items() if name == table or name.startswith(f"{table} ") for key in s}
        header = "[tool.planner." + table.replace(" ", ".") + "]"
        if table not in commands and not any(name.startswith(f"{table} ") for name in commands):
            raise ConfigError(
                f"unknown table{_hint(table, commands)}: a command's name is expected", path=project.shown, key=header
            )
        for key in values:
            if key not in known:
                why = " (an option for one run only)" if key in ONE_SHOT else _hint(key, known)
                raise ConfigError(f"unknown key{why}", path=project.shown, key=f"{header} {key}")


def _hint(key: str, known: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _checked(project: ProjectConfig, table: str, setting: Setting, value: object) -> object:
    """``value`` if it suits ``setting`` (paths made relative to here), else a ConfigError."""
    from planner.errors import ConfigError

    where = f"{table} {setting.key}"
    kind = setting.kind
    listed = typing.get_origin(kind) is list
    items = value if listed and isinstance(value, list) else [value]
    if listed and not isinstance(value, list):
        raise ConfigError(f"expected an array, got {_toml_type(value)}", path=project.shown, key=where)
    element = typing.get_args(kind)[0] if listed else kind
    for item in items:
        problem = _problem(setting, element, item)
        if problem is not None:
            raise ConfigError(problem, path=project.shown, key=where)
    if setting.key in PATHS:
        items = [_project_path(project, where, str(item)) for item in items]
        return items if listed else items[0]
    return value


def _problem(setting: Setting, kind: Any, value: object) -> str | None:
    """What is wrong with ``value`` for ``setting`` (an element of it: of type ``kind``), or ``None``."""
    expected = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", Path: "a string"}
    if typing.get_origin(kind) is typing.Literal:
        choices = [str(c) for c in typing.get_args(kind)]
        return None if value in choices else f"expected one of {', '.join(choices)}, got {value!r}"
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    else:
        ok = isinstance(value, str)
    if not ok:
        return f"expected {expected.get(kind, 'a string')}, got {_toml_type(value)}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if setting.low is not None and value < setting.low:
            return f"expected at least {setting.low}, got {value}"
        if setting.high is not None and value > setting.high:
            return f"expected at most {setting.high}, got {value}"
    vocabulary = _vocabulary(setting.key)
    if vocabulary is not None and value not in vocabulary:
        return f"unknown value {value!r} (choose from {', '.join(vocabulary)})"
    return None


def _vocabulary(key: str) -> tuple[str, ...] | None:
    if key == "strategy":
        from planner.api import STRATEGIES

        return tuple(STRATEGIES)
    if key == "variant":
        from planner.api import VARIANTS

        return tuple(VARIANTS)
    if key == "objective":
        from planner.api import OBJECTIVES

        return tuple(OBJECTIVES)
    if key == "cycles":
        from planner.api import CYCLE_MODES

        return tuple(CYCLE_MODES)
    if key == "scope":
        from planner.api import SCOPES

        return (*SCOPES, "all")
    if key == "format-in":
        from planner.api import INPUT_FORMATS

        return tuple(INPUT_FORMATS)
    return None


def _toml_type(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array"}
    return names.get(type(value), "a table" if isinstance(value, dict) else "a date or time")


def _project_path(project: ProjectConfig, where: str, value: str) -> str:
    """A configured path (relative to the project root) as a path from here; never out of the project."""
    from planner.api import inside
    from planner.errors import ConfigError

    path = project.root / value
    if Path(value).is_absolute() or not inside(project.root, path):
        raise ConfigError(f"{value!r} leads out of the project ({project.root})", path=project.shown, key=where)
    return os.path.relpath(path)  # from here, as if typed here (``../src/pkg`` from a subdirectory)
