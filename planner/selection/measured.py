"""Measured footprints: run the suite once under coverage.py, one context per test.

``coverage run -m pytest`` measures the files of the graph's root; the
harness plugin switches coverage.py's dynamic context to the node id of each
test for its call phase (``--planner-measure``), so every measured line knows
the tests that executed it. A test's footprint is then the units whose files
(node attribute ``path``, under graph attribute ``root``) it executed.
Fixture setup and teardown are not measured as the test's: they are harness.

The measured run executes the project's tests (planner never imports them in
its own process). Its result is cached, keyed by the content of every Python
file of the source tree and of the collected paths (plus the project's pytest
configuration files, the collected node ids, the Python and coverage.py
versions): editing any of them measures again; touching them does not.

coverage.py is an optional dependency (``pip install 'integration-planner[coverage]'``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from planner.errors import TestSuiteError, UsageError
from planner.selection.collect import pytest_failure
from planner.selection.collected import Collection
from planner.selection.process import pytest_argv, pytest_env

__all__ = ["MeasuredFootprints", "files_to_units", "footprints_from_data", "measure"]

MeasuredFootprints = dict[str, tuple[str, ...]]
"""Node id -> files its call executed, relative to the measured root (POSIX)."""

_CONFIG_FILES = ("pytest.ini", ".pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini")
_SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages", ".git", ".tox", ".nox", ".venv"})
_CACHE_FORMAT = "planner-footprints/1"
# pytest exit codes that mean the run did not happen as asked: interrupted, internal error, usage error.
_BROKEN_EXITS = frozenset({2, 3, 4})


def _require_coverage() -> str:
    try:
        import coverage
    except ImportError:
        raise UsageError(
            "{footprint} coverage needs coverage.py: pip install 'integration-planner[coverage]' "
            "(or pip install coverage)",
            parameter="footprint",
        ) from None
    return str(coverage.__version__)


def measure(
    collection: Collection,
    root: str | os.PathLike[str],
    *,
    cwd: str | os.PathLike[str] = ".",
    cache_dir: str | None = None,
) -> MeasuredFootprints:
    """The files under ``root`` each collected test executes (from the cache when nothing changed).

    Tests whose call phase did not run (skipped, or failed in setup) are absent.
    """
    version = _require_coverage()
    top = Path(cwd, root).resolve()
    key = _cache_key(collection, top, version)
    cached = _load(cache_dir, key)
    if cached is not None:
        return cached
    measured = _run(collection, top, cwd)
    _save(cache_dir, key, measured)
    return measured


def _run(collection: Collection, top: Path, cwd: str | os.PathLike[str]) -> MeasuredFootprints:
    with tempfile.TemporaryDirectory(prefix="planner-measure-") as tmp:
        data_file = os.path.join(tmp, "coverage.data")
        rcfile = os.path.join(tmp, "coveragerc")
        ran_file = os.path.join(tmp, "ran.json")
        source = top if top.is_dir() else top.parent
        # Our own configuration file: the project's coverage settings (branch, omit, plugins,
        # its own dynamic contexts) must not change what is measured.
        with open(rcfile, "w", encoding="utf-8") as handle:
            handle.write(f"[run]\ndata_file = {data_file}\nsource =\n    {source}\nparallel = False\n")
        argv = pytest_argv(
            "-q",
            "-p",
            "no:cacheprovider",
            f"--planner-measure={ran_file}",
            *collection.args,
            prefix=("-m", "coverage", "run", f"--rcfile={rcfile}"),
        )
        done = subprocess.run(
            argv, cwd=cwd, env=pytest_env(), capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
        )
        if done.returncode in _BROKEN_EXITS or not os.path.exists(ran_file):
            raise TestSuiteError(
                f"the measured run failed (exit code {done.returncode}): {pytest_failure(done)}",
                path=os.path.relpath(collection.args[0]) if collection.args else None,
            )
        with open(ran_file, encoding="utf-8") as handle:
            ran = [str(node) for node in json.load(handle)]
        return footprints_from_data(data_file, source, ran)


def footprints_from_data(data_file: str, source: Path, ran: Iterable[str]) -> MeasuredFootprints:
    """The files under ``source`` each test of ``ran`` executed, from coverage.py's data file (contexts = node ids)."""
    from coverage import CoverageData

    files: dict[str, set[str]] = {node: set() for node in ran}
    if os.path.exists(data_file):
        data = CoverageData(basename=data_file)
        data.read()
        for measured in data.measured_files():
            try:
                relative = Path(measured).resolve().relative_to(source).as_posix()
            except ValueError:
                continue
            for contexts in data.contexts_by_lineno(measured).values():
                for context in contexts:
                    if context in files:
                        files[context].add(relative)
    return {node: tuple(sorted(paths)) for node, paths in files.items()}


def files_to_units(measured: Iterable[str], source: Path, by_path: Mapping[str, str]) -> tuple[str, ...]:
    """The units whose files are among ``measured`` (paths relative to ``source``)."""
    units = {by_path.get(os.path.normcase(os.fspath(source / path))) for path in measured}
    return tuple(sorted(u for u in units if u is not None))


def _python_files(top: Path) -> Iterable[Path]:
    if top.is_file():
        yield top
        return
    for directory, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.endswith(".egg-info"))
        for name in sorted(names):
            if name.endswith(".py"):
                yield Path(directory, name)


def _cache_key(collection: Collection, top: Path, version: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{_CACHE_FORMAT}\0{sys.version}\0coverage {version}\0".encode())
    rootdir = Path(collection.rootdir)
    trees = sorted({top, *(Path(arg) for arg in collection.args)})
    files = {path for tree in trees for path in _python_files(tree)}
    files.update(rootdir / name for name in _CONFIG_FILES if (rootdir / name).is_file())
    for path in sorted(files):
        try:
            content = path.read_bytes()
        except OSError:
            continue
        shown = os.path.relpath(path, rootdir)
        digest.update(f"{shown}\0{hashlib.sha256(content).hexdigest()}\0".encode())
    for test in collection.tests:
        digest.update(test.node_id.encode() + b"\0")
    return digest.hexdigest()


def _cache_path(cache_dir: str | None, key: str) -> Path | None:
    return Path(cache_dir, "footprints", f"{key}.json") if cache_dir else None


def _load(cache_dir: str | None, key: str) -> MeasuredFootprints | None:
    path = _cache_path(cache_dir, key)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != _CACHE_FORMAT:
            return None
        return {str(node): tuple(str(f) for f in files) for node, files in data["tests"].items()}
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return None  # absent or damaged: measure again


def _save(cache_dir: str | None, key: str, measured: MeasuredFootprints) -> None:
    path = _cache_path(cache_dir, key)
    if path is None:
        return
    from planner.base.files import write_text_atomic
    from planner.errors import OutputError

    text = json.dumps({"format": _CACHE_FORMAT, "tests": {k: list(v) for k, v in sorted(measured.items())}})
    with contextlib.suppress(OutputError):  # a cache that cannot be written costs time, never the result
        write_text_atomic(path, text, force=True)
