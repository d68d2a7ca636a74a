"""The hooks into the ecosystem, driven as the tools around planner drive them (issue 17).

- ``.pre-commit-hooks.yaml``: its hook's entry and a project's args, run the way pre-commit
  runs them (``shlex.split(entry) + args``, no file names) on a small project with a
  committed plan;
- ``$GITHUB_STEP_SUMMARY``: what ``planner plan --check`` adds to a job's summary page.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

FILES = {
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
    "src/tiny/__init__.py": "",
    "src/tiny/base.py": "def double(x):\n    return 2 * x\n",
    "src/tiny/top.py": "from tiny.base import double\n\n\ndef quadruple(x):\n    return double(double(x))\n",
    "tests/test_base.py": "from tiny.base import double\n\n\ndef test_double():\n    assert double(2) == 4\n",
    "tests/test_top.py": "from tiny.top import quadruple\n\n\ndef test_quadruple():\n    assert quadruple(1) == 4\n",
}
# What a project writes in its .pre-commit-config.yaml, as docs/guide.md shows.
PROJECT_ARGS = ["src", "--tests", "tests", "--no-cache", "--check", "plan.json"]


def env(**extra: str) -> dict[str, str]:
    base = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    for name in ("PLANNER_DEBUG", "GITHUB_STEP_SUMMARY", "PYTEST_ADDOPTS"):
        base.pop(name, None)
    # the hook's entry names the console script; pre-commit finds it on the PATH of its environment
    base["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), base.get("PATH", "")])
    return {**base, **extra}


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    root = tmp_path / "tiny"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    argv = [sys.executable, "-m", "planner", "plan", "src", "--tests", "tests", "--no-cache", "-o", "plan.json"]
    made = subprocess.run(argv, cwd=root, env=env(), capture_output=True, text=True, timeout=120, check=False)
    assert made.returncode == 0, made.stderr
    return root


def hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    (found,) = [h for h in hooks if h["id"] == "planner-check"]
    assert isinstance(found, dict)
    return found


def run_hook(project: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """The hook as pre-commit runs it: its entry split as a shell would, then the args, no file names."""
    spec = hook()
    assert isinstance(spec["entry"], str)
    argv = [*shlex.split(spec["entry"]), *PROJECT_ARGS]
    if spec.get("pass_filenames", True):
        argv += ["src/tiny/top.py"]
    return subprocess.run(argv, cwd=project, env=env(**extra), capture_output=True, text=True, timeout=120, check=False)


def test_the_hook_file_declares_planner_check_as_pre_commit_reads_it() -> None:
    spec = hook()
    assert spec["entry"] == "planner plan" and spec["language"] == "python"
    assert spec["pass_filenames"] is False  # planner plans the tree, not the files committed
    assert {"python", "toml", "json"} <= set(spec["types_or"])  # type: ignore[arg-type]
    # pre-commit refuses unknown keys with a warning and wrong types with an error: the documented ones only
    known = {"id", "name", "entry", "language", "description", "pass_filenames", "require_serial", "types_or"}
    assert set(spec) <= known | {"minimum_pre_commit_version"}


def test_the_hook_passes_on_a_current_plan_and_fails_once_the_code_moves(tiny: Path) -> None:
    current = run_hook(tiny)
    assert current.returncode == 0, current.stderr
    assert current.stderr.splitlines()[-1] == "planner: plan.json is up to date"
    # a new module and a test of it: the committed plan no longer knows them
    (tiny / "src/tiny/extra.py").write_text(
        "from tiny.top import quadruple\n\n\ndef octuple(x):\n    return 2 * quadruple(x)\n"
    )
    (tiny / "tests/test_extra.py").write_text(
        "from tiny.extra import octuple\n\n\ndef test_octuple():\n    assert octuple(1) == 8\n"
    )
    stale = run_hook(tiny)
    assert stale.returncode == 1, stale.stderr
    lines = stale.stderr.splitlines()
    stale_graph = "the graph changed (3 units and 1 dependencies then, 4 and 2 now)"
    assert f"planner: plan.json is out of date: {stale_graph}" in lines
    assert "planner: plan.json is out of date: 1 test(s) are new: tests/test_extra.py::test_octuple" in lines
    assert lines[-1] == "planner: make the plan again"


def test_check_writes_what_it_found_on_the_github_summary_page(tiny: Path, tmp_path: Path) -> None:
    page = tmp_path / "summary.md"
    page.write_text("an earlier step's summary\n")
    assert run_hook(tiny, GITHUB_STEP_SUMMARY=str(page)).returncode == 0
    (tiny / "tests/test_base.py").write_text("def test_nothing_imported():\n    assert True\n")
    assert run_hook(tiny, GITHUB_STEP_SUMMARY=str(page)).returncode == 1
    assert page.read_text() == (
        "an earlier step's summary\n"
        "### planner: `plan.json` is up to date\n"
        "### planner: `plan.json` is out of date\n"
        "\n"
        "- `1 test(s) are new: tests/test_base.py::test_nothing_imported`\n"
        "- `1 test(s) are gone: tests/test_base.py::test_double`\n"
        "\n"
        "Make the plan again, with the options it was made with, and commit it.\n"
    )
