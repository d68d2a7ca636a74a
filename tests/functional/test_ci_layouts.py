"""planner ci --layout single|lanes on the webshop: valid files, every test once, the jobs run for real.

The waves layout is checked in test_ci.py; here the single job (``planner run``)
and the lanes (at most N jobs, each running its steps in plan order), their
golden files, the estimate printed beside plain pytest's, and their commands
run with a real shell in a copy of the webshop.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import planner_cli, webshop_copy
from tests.functional import ci_checks
from tests.functional.test_ci import golden, plan_data

LAYOUTS = [
    ("webshop.github-single.yml", ["github", "--layout", "single"]),
    ("webshop.gitlab-single.yml", ["gitlab", "--layout", "single"]),
    ("webshop.github-lanes.yml", ["github", "--layout", "lanes", "--lanes", "3"]),
    ("webshop.gitlab-lanes.yml", ["gitlab", "--layout", "lanes", "--lanes", "3"]),
]


def planner(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return planner_cli(*args, cwd=cwd)


@pytest.fixture(scope="module")
def webshop(planned_webshop: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return webshop_copy(planned_webshop, tmp_path_factory.mktemp("layouts"))


def lanes_of(data: dict[str, Any], system: str) -> list[list[int]]:
    if system == "github":
        jobs = data["jobs"].values()
        return [[int(k) for k in job["env"]["PLANNER_STEPS"].split()] for job in jobs]
    jobs = [j for j in data.values() if isinstance(j, dict) and "variables" in j]
    return [[int(k) for k in job["variables"]["PLANNER_STEPS"].split()] for job in jobs]


@pytest.mark.parametrize(("name", "args"), LAYOUTS, ids=[n for n, _ in LAYOUTS])
def test_layouts_validate_and_run_every_step_with_tests_once(
    webshop: Path, tmp_path: Path, name: str, args: list[str]
) -> None:
    done = planner(webshop, "ci", args[0], "plan.json", *args[1:])
    assert done.returncode == 0, done.stderr
    golden(name, done.stdout)
    data = ci_checks.load(done.stdout)
    ci_checks.validate(done.stdout, args[0], tmp_path)
    if args[0] == "github":
        ci_checks.actionlint(done.stdout)
    plan = plan_data(webshop / "plan.json")
    with_tests = [s["index"] for s in plan["steps"] if s["tests"]]
    layout = args[2]
    if layout == "single":
        text = done.stdout
        assert "python -m planner run plan.json --junit-dir planner-junit" in text
        assert text.count("planner run plan.json") == 1
    else:
        lanes = lanes_of(data, args[0])
        assert 1 < len(lanes) <= 3
        assert sorted(k for lane in lanes for k in lane) == with_tests  # each step once
        assert all(lane == sorted(lane) for lane in lanes)  # plan order in each lane
    estimate = done.stderr.splitlines()
    assert estimate[0].startswith(f"planner ci: layout {layout}: ")
    assert "; plain pytest: 1 job, " in estimate[0] and "runner-minutes" in estimate[0]
    if layout == "lanes":
        assert estimate[1].startswith("planner ci: the critical path is ") and "(optimal packing)" in estimate[1]


def test_the_default_is_one_job_for_a_small_suite(webshop: Path) -> None:
    done = planner(webshop, "ci", "github", "plan.json")
    assert done.returncode == 0 and list(ci_checks.load(done.stdout)["jobs"]) == ["integration"]
    assert done.stderr.startswith("planner ci: layout single: 1 job, critical path 1.")


def test_recorded_durations_pack_the_lanes(webshop: Path, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    ran = planner(webshop, "run", "plan.json", "--junit-dir", str(reports))
    assert ran.returncode == 0, ran.stdout
    done = planner(webshop, "ci", "github", "plan.json", "--layout", "lanes", "--durations", str(reports))
    assert done.returncode == 0, done.stderr
    assert f"step durations recorded for 11 steps in {reports}" in done.stderr
    (reports / "step-3.xml").write_text("<testsuites><testsuite time='x'")
    bad = planner(webshop, "ci", "github", "plan.json", "--layout", "lanes", "--durations", str(reports))
    assert bad.returncode == 1 and bad.stderr.startswith(f"planner: error: {reports / 'step-3.xml'}: not a JUnit XML")


# ~20 s of jobs in bash; test_ci.py's test_a_job_runs_its_step_with_a_real_shell stays in the default run
@pytest.mark.slow
def test_single_and_lane_jobs_run_with_a_real_shell(webshop: Path, tmp_path: Path) -> None:
    work = tmp_path / "webshop"
    shutil.copytree(webshop, work, ignore=shutil.ignore_patterns("__pycache__", "planner-junit", ".planner"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "python"
    wrapper.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n')
    wrapper.chmod(0o755)
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    plan = plan_data(work / "plan.json")

    def run(command: str, **env: str) -> subprocess.CompletedProcess[str]:
        argv = ["bash", "-e", "-c", command]
        environment = ci_checks.step_env(PATH=path, **env)
        return subprocess.run(argv, cwd=work, env=environment, capture_output=True, text=True, check=False)

    single = ci_checks.load(planner(work, "ci", "github", "plan.json", "--layout", "single").stdout)
    commands = [s["run"] for s in single["jobs"]["integration"]["steps"] if "run" in s and "pip" not in s["run"]]
    for command in commands:
        done = run(command)
        assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "planner run: 43 passed, 0 failed in 12 of 12 steps; every step passed"
    assert sorted(p.name for p in (work / "planner-junit").glob("step-*.xml")) == sorted(
        f"step-{s['index']}.xml" for s in plan["steps"]
    )
    shutil.rmtree(work / "planner-junit")

    lanes = ci_checks.load(planner(work, "ci", "gitlab", "plan.json", "--layout", "lanes", "--lanes", "2").stdout)
    jobs = [j for j in lanes.values() if isinstance(j, dict) and "variables" in j]
    ran = 0
    for job in jobs:
        for command in job["script"]:
            done = run(command, **job["variables"])
            assert done.returncode == 0, done.stdout + done.stderr
        for k in job["variables"]["PLANNER_STEPS"].split():
            report = ET.parse(work / "planner-junit" / f"step-{k}.xml").getroot()
            ran += len(list(report.iter("testcase")))
    assert ran == 43


def test_jobs_install_what_the_project_declares_or_planner_ci_says_it_cannot_tell(
    webshop: Path, tmp_path: Path
) -> None:
    work = tmp_path / "w"
    work.mkdir()
    shutil.copy(webshop / "plan.json", work)
    (work / "pyproject.toml").write_text('[project]\nname = "x"\n[dependency-groups]\ntest = ["pytest"]\n')
    done = planner(work, "ci", "gitlab", "plan.json")
    assert done.returncode == 0, done.stderr
    assert ci_checks.load(done.stdout)["default"]["before_script"][0] == "python -m pip install -e . --group test"
    (work / "pyproject.toml").write_text('[project]\nname = "x"\n')
    refused = planner(work, "ci", "github", "plan.json")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.strip() == (
        "planner: error: cannot tell how the jobs install the tests' requirements: . declares no test extra, "
        "dependency group or requirements file naming pytest; give --install CMD"
    )
    given = planner(work, "ci", "github", "plan.json", "--install", "python -m pip install -e . pytest")
    assert given.returncode == 0, given.stderr
