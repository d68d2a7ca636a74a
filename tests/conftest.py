"""Fixtures shared by the whole suite."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GRAPHS = ROOT / "graphs"
# PLANNER_CITO points elsewhere when the checkout is not beside shared/ (a worktree).
CITO = Path(os.environ.get("PLANNER_CITO") or ROOT.parent / "shared" / "cito")


@pytest.fixture
def graphs() -> Path:
    """The example graphs shipped in graphs/."""
    return GRAPHS


@pytest.fixture
def cito() -> Path:
    """The CITO benchmark data beside the checkout (../shared/cito), or a skip."""
    if not CITO.is_dir():
        pytest.skip("../shared/cito not found: the CITO benchmark data is not beside this checkout")
    return CITO


RunCli = Callable[..., subprocess.CompletedProcess[str]]

# What only a new interpreter reads: these make planner_cli start a real subprocess.
_AT_START = frozenset({"PYTHONHASHSEED", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "PYTHONWARNINGS", "PYTHONSAFEPATH"})
# Commands that host the user's pytest (in subprocesses, with signal handling): always real.
_ALWAYS_REAL = frozenset({"run", "audit"})


def planner_cli(
    *args: str | os.PathLike[str],
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    real: bool = False,
    check: bool = False,
    columns: str = "100",
) -> subprocess.CompletedProcess[str]:
    """``planner ARGS`` from ``cwd``: its exit code, standard output and standard error.

    By default in this process, through :func:`planner.cli.main` with ``argv``, which is what
    ``python -m planner`` runs, without the half second of CPU of a new interpreter: the same
    exit codes, output and one-line errors, in the same directory and environment (restored
    after). A real ``python -m planner`` subprocess instead with ``real=True``, for ``run`` and
    ``audit`` (they host the user's pytest), and when ``env`` sets what only a new interpreter
    reads (``PYTHONHASHSEED``...): the tests of exit codes as a shell sees them, of tracebacks,
    signals, standard input and isolation ask for it, and every command keeps such a test.
    ``check=True``: a non-zero exit fails the test, with the error.
    """
    argv = [*map(str, args)]
    environment = {**os.environ, "COLUMNS": columns, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    environment.pop("PLANNER_DEBUG", None)
    environment.update(env or {})
    if real or _AT_START & set(env or {}) or _ALWAYS_REAL & set(argv[:1]):
        command = [sys.executable, "-m", "planner", *argv]
        result = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=600)
    else:
        result = _in_process(argv, cwd, environment)
    if check and result.returncode != 0:
        raise AssertionError(f"planner {' '.join(argv)} failed:\n{result.stderr}")
    return result


def _in_process(argv: list[str], cwd: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    from planner.cli import main

    out, err = _Stream(), _Stream()
    saved_env, saved_cwd, saved_argv = dict(os.environ), Path.cwd(), sys.argv
    os.environ.clear()
    os.environ.update(environment)
    os.chdir(cwd)
    sys.argv = ["planner", *argv]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["planner", *argv], code, out.text(), err.text())


class _Stream(io.TextIOWrapper):
    """A text stream over bytes (``sys.stdout.buffer`` works), read back as a pipe would be."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", errors="replace", newline="\n", write_through=True)

    def isatty(self) -> bool:
        return False

    def text(self) -> str:
        self.flush()
        data: bytes = self.buffer.getvalue()  # type: ignore[attr-defined]
        return data.decode("utf-8", errors="replace")


WEBSHOP = ROOT / "examples" / "webshop"


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """planner's caches (parsed files, measured footprints, audit states) in a directory of this
    session, never the user's ~/.cache/planner: a test then sees only what the session wrote, and
    pytest-xdist's workers (``-n 2``, as .ci/run runs the suite) each have their own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANNER_CACHE_DIR", str(tmp_path_factory.mktemp("planner-cache")))
        yield


# What keeps the suite's own pytest sessions lean (see _lean_child_sessions); pytester's runs drop
# PYTEST_ADDOPTS, so the tests that use runpytest_subprocess pass it themselves.
NO_HYPOTHESIS = ("-p", "no:hypothesispytest")


@pytest.fixture(scope="session", autouse=True)
def _lean_child_sessions() -> Iterator[None]:
    """The pytest sessions this suite starts (``planner run``, ``planner plan --tests``, pytest
    itself, pytester's sessions) without Hypothesis' pytest plugin, which the test extra installs:
    it imports all of Hypothesis, 0.7 s of CPU at the start of every session, and none of the
    projects they run uses it. Every other plugin (planner's, xdist, anyio) still loads as
    installed; a test that sets its own ``PYTEST_ADDOPTS``, or drops it, keeps the plugin."""
    with pytest.MonkeyPatch.context() as patch:
        before = os.environ.get("PYTEST_ADDOPTS", "")
        patch.setenv("PYTEST_ADDOPTS", " ".join([before, *NO_HYPOTHESIS]).strip())
        yield


@pytest.fixture(scope="session")
def planned_webshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/webshop with the bottom-up plan of its tests in plan.json (static footprints),
    planned once per session (``planner plan . --tests tests``, a second or two of pytest
    collection): the modules that need it take a copy (:func:`webshop_copy`), never this one."""
    root = tmp_path_factory.mktemp("planned") / "webshop"
    shutil.copytree(WEBSHOP, root, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    done = planner_cli("plan", ".", "--tests", "tests", "--no-cache", "-o", "plan.json", cwd=root)
    assert done.returncode == 0, done.stderr
    return root


def webshop_copy(planned: Path, where: Path) -> Path:
    """A fresh copy of :func:`planned_webshop` in ``where``/webshop, to run and break at will."""
    root = where / "webshop"
    shutil.copytree(planned, root, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".planner"))
    return root


@pytest.fixture
def run_cli() -> RunCli:
    """:func:`planner_cli` from the repo root (see there: in this process unless ``real=True``)."""
    return planner_cli


# tests/assets holds source trees for the scanner (one with a syntax error on purpose):
# data, not tests, and never imported.
collect_ignore = ["assets"]

# issue 5: tests/golden/doubles holds generated stubs and drivers (test_driver_*.py): data too.
collect_ignore.append("golden")
# issue 5: the pytest plugin is tested with pytester.
pytest_plugins = ["pytester"]
