"""What the project declares for its tests: how a CI job installs them, and whether planner comes along.

A job runs its step with planner's pytest plugin, so planner must be installed
there. ``planner ci`` installs it with ``--planner SPEC``; without that, the
project's install commands bring it if :func:`lists_planner` finds it among
the requirements of its ``pyproject.toml``, and the jobs install
:data:`DISTRIBUTION` from the package index if it is not there.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

__all__ = ["DISTRIBUTION", "lists_planner", "declared_test_install"]

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


DISTRIBUTION = "integration-planner"
"""planner's name on the package index (issue 17): the bare name ``planner`` there is another
project (0.5.1, "real-time best-first planning"), which also installs a ``planner`` package."""


def lists_planner(directory: Path) -> Literal["ours", "other", "none"] | None:
    """Whether ``directory/pyproject.toml`` requires planner (in its dependencies, an optional
    dependency or a dependency group): ``"ours"`` if it requires ``integration-planner`` (or is
    integration-planner itself), ``"other"`` if it requires the index's ``planner`` instead,
    ``"none"`` if neither; None if there is no such file to read (a setup.py project, say:
    nothing can be told)."""
    try:
        data = tomllib.loads((directory / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    project = data.get("project")
    if not isinstance(project, dict):
        return None
    if isinstance(project.get("name"), str) and _name(project["name"]) == DISTRIBUTION:
        return "ours"  # planner's own checkout: installing it brings it
    groups: list[object] = [project.get("dependencies")]
    for table in (project.get("optional-dependencies"), data.get("dependency-groups")):
        if isinstance(table, dict):
            groups += table.values()
    names = {_name(r) for g in groups if isinstance(g, list) for r in g if isinstance(r, str)}
    return "ours" if DISTRIBUTION in names else "other" if "planner" in names else "none"


def _name(requirement: str) -> str:
    """The normalised project name a requirement string starts with (PEP 503)."""
    found = _NAME.match(requirement)
    return re.sub(r"[-_.]+", "-", found.group(1)).lower() if found else ""


_TEST_NAMES = ("test", "tests", "testing", "dev")
_REQUIREMENTS = (
    "requirements-test.txt",
    "requirements-tests.txt",
    "test-requirements.txt",
    "requirements/test.txt",
    "requirements/tests.txt",
    "requirements-dev.txt",
    "requirements/dev.txt",
)


def declared_test_install(directory: Path) -> tuple[str, ...] | None:
    """The commands that install the project with what it declares for its tests, or None if
    nothing there names pytest: a test extra (``test``, ``tests``, ``testing``, ``dev``), then a
    PEP 735 dependency group of those names, then a requirements file (``requirements-test.txt``,
    ``requirements/test.txt``, ...)."""
    try:
        data = tomllib.loads((directory / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        data = {}
    project = data.get("project") if isinstance(data.get("project"), dict) else {}
    installable = bool(project) or (directory / "setup.py").is_file() or (directory / "setup.cfg").is_file()
    extras = project.get("optional-dependencies") if isinstance(project, dict) else None
    if not isinstance(extras, dict):
        extras = _setup_cfg_extras(directory)  # a project that declares itself in setup.cfg (pluggy 1.5)
    for name in _TEST_NAMES:
        if isinstance(extras, dict) and _names_pytest(extras.get(name)):
            return (f"python -m pip install -e .[{name}]",)
    groups = data.get("dependency-groups")
    for name in _TEST_NAMES:
        if isinstance(groups, dict) and _names_pytest(groups.get(name), groups):
            return (f"python -m pip install{' -e .' if installable else ''} --group {name}",)
    for relative in _REQUIREMENTS:
        file = directory / relative
        if file.is_file() and any(_name(line) == "pytest" for line in _lines(file)):
            return (f"python -m pip install{' -e .' if installable else ''} -r {relative}",)
    return None


def _setup_cfg_extras(directory: Path) -> dict[str, list[str]]:
    """setuptools' ``[options.extras_require]`` of ``setup.cfg``: each extra's requirements, one a line."""
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string((directory / "setup.cfg").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, configparser.Error):
        return {}
    if not parser.has_section("options.extras_require"):
        return {}
    return {
        name: [line.strip() for line in value.splitlines() if line.strip()]
        for name, value in parser.items("options.extras_require")
    }


def _names_pytest(requirements: object, groups: object = None, depth: int = 0) -> bool:
    if not isinstance(requirements, list) or depth > 10:
        return False
    for entry in requirements:
        if isinstance(entry, str) and _name(entry) == "pytest":
            return True
        included = entry.get("include-group") if isinstance(entry, dict) else None  # PEP 735
        if isinstance(groups, dict) and _names_pytest(groups.get(included), groups, depth + 1):
            return True
    return False


def _lines(file: Path) -> list[str]:
    try:
        return file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
