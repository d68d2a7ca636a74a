"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
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


@pytest.fixture
def run_cli() -> RunCli:
    """Run ``python -m planner ARGS`` in a real subprocess, from the repo root."""

    def run(
        *args: str | os.PathLike[str], cwd: Path = ROOT, env: dict[str, str] | None = None, check: bool = False
    ) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
        environment.pop("PLANNER_DEBUG", None)
        environment.update(env or {})
        argv: Sequence[str] = [sys.executable, "-m", "planner", *map(str, args)]
        result = subprocess.run(argv, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300)
        if check and result.returncode != 0:
            raise AssertionError(f"planner {' '.join(map(str, args))} failed:\n{result.stderr}")
        return result

    return run


# tests/assets holds source trees for the scanner (one with a syntax error on purpose):
# data, not tests, and never imported.
collect_ignore = ["assets"]

# issue 5: tests/golden/doubles holds generated stubs and drivers (test_driver_*.py): data too.
collect_ignore.append("golden")
# issue 5: the pytest plugin is tested with pytester.
pytest_plugins = ["pytester"]
