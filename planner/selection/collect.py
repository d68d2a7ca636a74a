"""Collect a project's tests with pytest itself, in a subprocess.

``pytest --collect-only`` runs with the project's own configuration (its
rootdir and ini file, ``addopts``, markers, conftest files, plugins), so the
node ids are exactly the ones pytest prints and takes; the harness plugin
(:mod:`planner.plugin.harness`) writes the items to a file, so nothing is
parsed from pytest's terminal output.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planner.errors import TestSuiteError, UsageError
from planner.selection.collected import CodeSite, Collected, Collection
from planner.selection.process import pytest_argv, pytest_env

__all__ = ["check_paths", "collect", "pytest_failure"]


def check_paths(paths: Sequence[str], *, cwd: str | os.PathLike[str] = ".") -> list[str]:
    """The absolute paths of ``paths`` (relative to ``cwd``); a missing one is a usage error."""
    if not paths:
        raise UsageError("no tests path given")
    absolute = []
    for path in paths:
        target = Path(cwd, path)
        if not target.exists():
            raise UsageError(f"no such tests path: {path}")
        absolute.append(os.fspath(target.resolve()))
    return absolute


def collect(paths: Sequence[str], *, cwd: str | os.PathLike[str] = ".") -> Collection:
    """The tests pytest collects from ``paths`` (relative to ``cwd``), in its order."""
    absolute = check_paths(paths, cwd=cwd)
    with tempfile.TemporaryDirectory(prefix="planner-collect-") as tmp:
        out = os.path.join(tmp, "collected.json")
        argv = pytest_argv("--collect-only", "-q", f"--planner-collect={out}", *absolute)
        done = subprocess.run(
            argv, cwd=cwd, env=pytest_env(), capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
        )
        try:
            with open(out, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            raise TestSuiteError(
                f"pytest could not collect the tests (exit code {done.returncode}): {pytest_failure(done)}",
                path=paths[0],
            ) from None
    return _collection(data, absolute, paths[0])


def pytest_failure(done: subprocess.CompletedProcess[str]) -> str:
    r"""What pytest's output says about why it stopped: its ERROR line (or ``ImportError while
    loading conftest ...``) with the exception under it (pytest's last ``E`` line), else the last line.

    >>> done = subprocess.CompletedProcess([], 4, "", "ImportError while loading conftest '/p/tests/conftest.py'.\n"
    ...     "tests/conftest.py:5: in <module>\n    from jinja2 import loaders\n"
    ...     "E   ModuleNotFoundError: No module named 'jinja2'\n")
    >>> pytest_failure(done)
    "ImportError while loading conftest '/p/tests/conftest.py': ModuleNotFoundError: No module named 'jinja2'"
    """
    lines = [line.strip() for line in (done.stderr + "\n" + done.stdout).splitlines() if line.strip()]
    for k, line in enumerate(lines):
        if line.startswith(("ERROR:", "ImportError")):
            cause = next((e[1:].strip() for e in reversed(lines[k + 1 :]) if e.startswith("E ")), "")
            return f"{line.rstrip('.')}: {cause}" if cause and cause not in line else line
        if line.startswith("E "):
            return line[1:].strip()
    return lines[-1] if lines else "no output"


def _collection(data: Any, absolute: list[str], shown: str) -> Collection:
    errors = data.get("errors") or []
    if errors:
        first = errors[0]
        lines = [line.strip() for line in str(first.get("message", "")).splitlines() if line.strip()]
        why = next((line[1:].strip() for line in reversed(lines) if line.startswith("E ")), lines[-1] if lines else "")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise TestSuiteError(f"pytest cannot collect it: {why}{more}", path=str(first.get("id") or shown))
    tests = tuple(
        Collected(
            node_id=str(item["id"]),
            path=str(item["path"]),
            function=item.get("function"),
            cls=item.get("class"),
            keywords=tuple(str(k) for k in item.get("keywords", ())),
            code=tuple(
                CodeSite(str(site["kind"]), str(site["path"]), str(site["name"])) for site in item.get("code", ())
            ),
        )
        for item in data.get("items", ())
    )
    return Collection(rootdir=str(data["rootdir"]), args=tuple(absolute), tests=tests)
