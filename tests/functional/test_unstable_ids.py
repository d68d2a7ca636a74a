"""Parametrize ids that change from one collection to the next (marshmallow's hold the time).

The plan names ``test_f[<stamp>]``; the run collects ``test_f[<another stamp>]``. The test runs
at its planned step, in the planned one's place, with ``planner run`` (one session, or a process
per step) and with the plugin; a function whose number of parameters changed is a stale plan.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

FILES = {
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
    "src/tiny/__init__.py": "",
    "src/tiny/base.py": "def double(x):\n    return 2 * x\n",
    "src/tiny/top.py": "from tiny.base import double\n\n\ndef quadruple(x):\n    return double(double(x))\n",
    "tests/test_base.py": (
        "import os\n\nimport pytest\n\nfrom tiny.base import double\n\n\n"
        "@pytest.mark.parametrize('stamp', os.environ['STAMPS'].split(','))\n"
        "def test_double(stamp):\n    assert double(2) == 4\n"
    ),
    "tests/test_top.py": "from tiny.top import quadruple\n\n\ndef test_quadruple():\n    assert quadruple(1) == 4\n",
}


def run(*args: str, cwd: Path, stamps: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "PYTHONPATH": str(ROOT), "STAMPS": stamps}
    env.pop("PLANNER_DEBUG", None)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("unstable") / "tiny"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    made = run(
        "-m",
        "planner",
        "plan",
        "src",
        "--tests",
        "tests",
        "--no-cache",
        "-o",
        "plan.json",
        cwd=root,
        stamps="09:00:01,x",
    )
    assert made.returncode == 0, made.stderr
    return root


def test_a_renamed_parameter_runs_at_its_planned_step(tiny: Path) -> None:
    data = json.loads(
        run("-m", "planner", "run", "plan.json", "--format", "json", cwd=tiny, stamps="09:00:02,x").stdout
    )
    assert data["ok"] and data["totals"]["passed"] == 3
    step = next(s for s in data["steps"] if "tiny.base" in s["units"])
    assert step["counts"] == {"passed": 2} and step["missing"] == []
    isolated = run("-m", "planner", "run", "plan.json", "--isolate", cwd=tiny, stamps="09:00:03,x")
    assert isolated.returncode == 0, isolated.stdout + isolated.stderr
    k = step["index"]
    plugin = run(
        "-m",
        "pytest",
        "--plan=plan.json",
        f"--plan-step={k}",
        cwd=tiny,
        stamps="09:00:04,x",
    )
    assert "2 passed, 1 deselected" in plugin.stdout, plugin.stdout


def test_a_function_with_other_parameters_is_a_stale_plan(tiny: Path) -> None:
    done = run("-m", "planner", "run", "plan.json", cwd=tiny, stamps="09:00:05,x,y")
    assert done.returncode == 1
    assert "the plan is out of date" in done.stdout
