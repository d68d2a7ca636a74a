"""What a project declares: its package(s), from its build backend's settings, and its tests,
from pytest's ``testpaths``.

:func:`guess_source` asks, in order: setuptools (``packages``, ``package-dir``,
``packages.find``, ``py-modules``), hatch (the wheel target's ``packages``), flit (the
module's name), pdm (``package-dir``, ``includes``), poetry (``packages``); then a src
layout (the packages in ``src/``); then a flat package (or module) named like the project.
:func:`guess_tests` reads ``testpaths`` where pytest would (``pytest.ini``, then
``[tool.pytest.ini_options]``, then ``tox.ini``, then ``setup.cfg``), else takes a
``tests`` (or ``test``) directory.
"""

from __future__ import annotations

import configparser
import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from planner.errors import ConfigError
from planner.project.config import ProjectConfig
from planner.project.root import inside

__all__ = ["Layout", "guess_source", "guess_tests"]

ADVICE = 'write source = "path/to/package" under [tool.planner] in pyproject.toml, or give SOURCE'


@dataclass(frozen=True)
class Layout:
    """Where the project's code is: ``source`` (a package, a module, or the directory holding
    several), ``packages`` (the top-level names to scan in it, when it holds more), ``reason``
    (the setting it comes from, for the note a command prints)."""

    source: Path
    packages: tuple[str, ...]
    reason: str


def guess_source(project: ProjectConfig) -> Layout:
    """The package(s) ``project`` declares (see the module docstring); a :class:`ConfigError`
    saying what to write when nothing tells."""
    root, data = project.root, project.pyproject
    for finder in (_setuptools, _hatch, _flit, _pdm, _poetry, _src_layout, _flat):
        found = finder(root, data)
        if found is None:
            continue
        base, names, reason = found
        if not inside(root, base):
            raise ConfigError(f"{reason} leads out of the project ({base})", path=project.shown)
        present = [name for name in dict.fromkeys(names) if _module_path(base, name) is not None]
        if not present:
            continue
        return _layout(base, present, reason)
    raise ConfigError(f"cannot tell which package to plan: nothing declares one; {ADVICE}", path=project.shown)


def _layout(base: Path, names: list[str], reason: str) -> Layout:
    if len(names) == 1:
        path = _module_path(base, names[0])
        assert path is not None
        return Layout(path, (), reason)
    return Layout(base, tuple(sorted(names)), reason)


def _module_path(base: Path, name: str) -> Path | None:
    if not name.isidentifier():
        return None
    if (base / name).is_dir():
        return base / name
    if (base / f"{name}.py").is_file():
        return base / f"{name}.py"
    return None


Found = tuple[Path, list[str], str] | None


def _table(data: Mapping[str, object], *keys: str) -> Mapping[str, object]:
    value: object = data
    for key in keys:
        value = value.get(key, {}) if isinstance(value, Mapping) else {}
    return value if isinstance(value, Mapping) else {}


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _backend(data: Mapping[str, object]) -> str:
    backend = _table(data, "build-system").get("build-backend")
    return backend if isinstance(backend, str) else ""


def _project_name(data: Mapping[str, object]) -> str | None:
    name = _table(data, "project").get("name") or _table(data, "tool", "poetry").get("name")
    return re.sub(r"[-_.]+", "_", name).lower() if isinstance(name, str) else None


def _setuptools(root: Path, data: Mapping[str, object]) -> Found:
    table = _table(data, "tool", "setuptools")
    if not table:
        return None
    dirs = table.get("package-dir")
    base = root / dirs[""] if isinstance(dirs, Mapping) and isinstance(dirs.get(""), str) else root
    packages = table.get("packages")
    if isinstance(packages, list):
        names = [p.split(".")[0] for p in _strings(packages)] + _strings(table.get("py-modules"))
        return base, names, "[tool.setuptools] packages"
    find = _table(table, "packages", "find")
    if find:
        where = _strings(find.get("where")) or ["."]
        include = _strings(find.get("include")) or ["*"]
        exclude = _strings(find.get("exclude"))
        base = root / where[0]
        names = (
            [
                entry.name
                for entry in sorted(base.iterdir())
                if entry.is_dir()
                and (entry / "__init__.py").is_file()
                and any(fnmatch.fnmatchcase(entry.name, p) for p in include)
                and not any(fnmatch.fnmatchcase(entry.name, p) for p in exclude)
            ]
            if base.is_dir()
            else []
        )
        return base, names, "[tool.setuptools.packages.find]"
    modules = _strings(table.get("py-modules"))
    return (base, modules, "[tool.setuptools] py-modules") if modules else None


def _hatch(root: Path, data: Mapping[str, object]) -> Found:
    packages = _strings(_table(data, "tool", "hatch", "build", "targets", "wheel").get("packages"))
    if not packages:
        return None
    parents = {(root / p).parent for p in packages}
    if len(parents) != 1:  # in several directories: their common project root, each named
        return root, [Path(p).parts[0] for p in packages], "[tool.hatch.build.targets.wheel] packages"
    return parents.pop(), [Path(p).name for p in packages], "[tool.hatch.build.targets.wheel] packages"


def _flit(root: Path, data: Mapping[str, object]) -> Found:
    name = _table(data, "tool", "flit", "module").get("name")
    if isinstance(name, str):
        top = name.split(".")[0]
    elif _backend(data).startswith("flit"):
        top = _project_name(data) or ""
    else:
        return None
    base = root / "src" if (root / "src" / top).exists() or (root / "src" / f"{top}.py").exists() else root
    return base, [top], "[tool.flit.module] name" if isinstance(name, str) else "flit: the project's name"


def _pdm(root: Path, data: Mapping[str, object]) -> Found:
    table = _table(data, "tool", "pdm", "build")
    if not table:
        return None
    package_dir = table.get("package-dir")
    base = root / package_dir if isinstance(package_dir, str) else root
    includes = [Path(p) for p in _strings(table.get("includes")) if not any(c in p for c in "*?[")]
    if includes:
        return (root / includes[0]).parent, [p.name.removesuffix(".py") for p in includes], "[tool.pdm.build] includes"
    name = _project_name(data)
    return (base, [name], "[tool.pdm.build] package-dir") if name else None


def _poetry(root: Path, data: Mapping[str, object]) -> Found:
    table = _table(data, "tool", "poetry")
    if not table:
        return None
    listed = table.get("packages")
    entries = [p for p in listed if isinstance(p, Mapping)] if isinstance(listed, list) else []
    if entries:
        froms = {e.get("from", ".") for e in entries if isinstance(e.get("from", "."), str)}
        base = root / str(froms.pop()) if len(froms) == 1 else root
        names = [str(e["include"]).split("/")[0] for e in entries if isinstance(e.get("include"), str)]
        return base, names, "[tool.poetry] packages"
    name = _project_name(data)
    if name is None:
        return None
    return (root / "src" if (root / "src" / name).is_dir() else root), [name], "[tool.poetry] name"


def _src_layout(root: Path, data: Mapping[str, object]) -> Found:
    src = root / "src"
    if not src.is_dir():
        return None
    names = [
        entry.name.removesuffix(".py")
        for entry in sorted(src.iterdir())
        if (entry.is_dir() and (entry / "__init__.py").is_file()) or (entry.suffix == ".py" and entry.is_file())
    ]
    return src, names, "the src layout"


def _flat(root: Path, data: Mapping[str, object]) -> Found:
    name = _project_name(data)
    return (root, [name], "a package named like the project") if name else None


def guess_tests(project: ProjectConfig) -> tuple[Path, ...]:
    """The test paths pytest is configured to collect (``testpaths``), else ``tests`` or ``test``."""
    root = project.root
    paths = _testpaths(root, project.pyproject)
    if paths is None:
        paths = [name for name in ("tests", "test") if (root / name).is_dir()][:1]
    found = []
    for path in paths:
        full = root / path
        if any(c in path for c in "*?[") or not full.exists() or not inside(root, full):
            continue  # a glob, or a path out of the project: not followed
        found.append(full)
    return tuple(found)


def _testpaths(root: Path, data: Mapping[str, object]) -> list[str] | None:
    """``testpaths`` from the file pytest would read its configuration from, or ``None``."""
    ini = root / "pytest.ini"
    if ini.is_file():
        return _ini_testpaths(ini, "pytest") or None
    options = _table(data, "tool", "pytest", "ini_options")
    if options:
        value = options.get("testpaths")
        return _strings(value) if isinstance(value, list) else (value.split() if isinstance(value, str) else None)
    for name, section in (("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        path = root / name
        if path.is_file():
            found = _ini_testpaths(path, section)
            if found is not None:
                return found
    return None


def _ini_testpaths(path: Path, section: str) -> list[str] | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return None
    if not parser.has_section(section):
        return None
    return parser.get(section, "testpaths", fallback="").split()
