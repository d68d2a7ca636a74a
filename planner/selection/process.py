"""How planner starts pytest on a project: argument lists and environment.

pytest always runs in a subprocess, with the interpreter planner runs in, so
that the project's own configuration applies (its ini file, ``addopts``,
conftest files, plugins) and its modules are imported fresh. Arguments are
lists, never a shell string: node ids and paths may come from a plan file
written by anyone.

planner's plugins are loaded by module name (``-p planner.plugin.harness``
and, for ``planner run``, ``-p planner.plugin.entry``); ``-p no:planner``
first blocks the ``pytest11`` entry point of an installed planner, which
would otherwise register the same plugin module a second time. When planner
is not installed (a checkout), its directory is put on ``PYTHONPATH`` so the
subprocess can import those modules.
"""

from __future__ import annotations

import json
import os
import site
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["HARNESS", "PLUGIN", "pytest_argv", "pytest_env"]

HARNESS = "planner.plugin.harness"
PLUGIN = "planner.plugin.entry"


def pytest_argv(*args: str, plugins: Sequence[str] = (HARNESS,), prefix: Sequence[str] = ()) -> list[str]:
    """``python [prefix] -m pytest -p no:planner -p PLUGIN... ARGS`` (``prefix``: e.g. ``-m coverage run``)."""
    argv = [sys.executable, *prefix, "-m", "pytest", "-p", "no:planner"]
    for plugin in plugins:
        argv += ["-p", plugin]
    return [*argv, *args]


def pytest_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment, with planner importable, and ``extra`` on top."""
    env = dict(os.environ)
    home = Path(__file__).resolve().parents[2]
    if not _installed(home):
        paths = [str(home), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env.update(extra or {})
    return env


DISTRIBUTION = "integration-planner"
"""planner's distribution name on PyPI (``pyproject.toml``'s ``project.name``), normalised."""


def _installed(home: Path) -> bool:
    """Whether ``home`` (the directory holding the planner package) is a site directory, or this
    planner is installed from it in editable mode: then the interpreter imports it without help, and
    putting ``home`` on the path would let its ``tests`` package shadow the project's own."""
    sites = [*site.getsitepackages(), site.getusersitepackages()]
    if any(os.path.normcase(os.path.realpath(s)) == os.path.normcase(str(home)) for s in sites):
        return True
    record = _direct_url()
    if record is None:
        return False
    try:
        direct = json.loads(record.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return False
    editable = isinstance(direct, dict) and (direct.get("dir_info") or {}).get("editable") is True
    return editable and direct.get("url") == Path(home).as_uri()


def _direct_url() -> Path | None:
    """``direct_url.json`` of the installed planner, found as ``importlib.metadata`` finds a
    distribution (the first ``integration_planner-*.dist-info`` on ``sys.path``), without importing it:
    ``importlib.metadata`` and what it imports cost ``planner run`` about 0.05 s."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in sorted(names):
            if name.endswith(".dist-info") and name.partition("-")[0].lower().replace("_", "-") == DISTRIBUTION:
                return Path(entry or ".", name, "direct_url.json")
    return None
