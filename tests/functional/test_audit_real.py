"""``planner audit`` on a real package from PyPI with its own suite: itsdangerous 2.2.0.

(Not one of the localisation benchmark's projects.) The audit must leave the project as it
was, give the same figures when resumed, and the tests it selects for each mutant (those whose
footprint reaches the unit) must decide every mutant's fate as the whole suite does.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests import sdists

pytestmark = pytest.mark.slow


def run(cwd: Path, *args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "TMPDIR": str(tmp), "PLANNER_CACHE_DIR": str(cwd.parent / "cache")}
    env.pop("PLANNER_DEBUG", None)
    env["PYTHONPATH"] = str(cwd / "src")  # the suite imports itsdangerous from src, as its tox.ini installs it
    return subprocess.run(
        [sys.executable, "-m", "planner", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def digest(root: Path) -> str:
    found = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        found.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return found.hexdigest()


def test_itsdangerous_audit(tmp_path: Path) -> None:
    try:
        source = sdists.unpacked("itsdangerous", "2.2.0")
    except sdists.DownloadError as exc:
        pytest.skip(str(exc))
    project = tmp_path / "itsdangerous"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("__pycache__"))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    planned = run(project, "plan", "src", "--tests", "tests", "--no-cache", "-o", "plan.json", tmp=tmp)
    assert planned.returncode == 0, planned.stderr
    before = digest(project)

    done = run(project, "audit", "plan.json", "--mutants", "2", "--seed", "19", "--format", "json", tmp=tmp)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    assert report["complete"]
    assert digest(project) == before
    assert list(tmp.iterdir()) == []
    units = {u["unit"]: u for u in report["units"]}
    assert set(units) == {
        "itsdangerous",
        "itsdangerous._json",
        "itsdangerous.encoding",
        "itsdangerous.exc",
        "itsdangerous.serializer",
        "itsdangerous.signer",
        "itsdangerous.timed",
        "itsdangerous.url_safe",
    }
    plan = json.loads((project / "plan.json").read_text())
    for mutant in report["mutants"]:
        if mutant["fate"] == "survived":
            continue
        step = plan["steps"][mutant["step"] - 1]
        own = units[mutant["unit"]]["step"]
        assert mutant["step_units"] == step["units"]
        if mutant["fate"] == "collection":  # a test file that no longer imports, at its first step
            assert any(test.startswith(mutant["killer"] + "::") for test in step["tests"]), mutant
            continue
        assert mutant["killer"] in step["tests"]
        if mutant["fate"] == "late":
            assert mutant["step"] > own
    totals = report["totals"]
    assert totals["mutants"] == 16  # two of each of the 8 units
    assert totals["killed"] >= 10

    resumed = run(
        project, "audit", "plan.json", "--mutants", "2", "--seed", "19", "--format", "json", "--resume", tmp=tmp
    )
    assert resumed.stdout == done.stdout

    whole = run(project, "audit", "plan.json", "--mutants", "2", "--seed", "19", "--all-tests", "-f", "json", tmp=tmp)
    assert whole.returncode == 0, whole.stderr
    fates = {(m["unit"], m["index"]): (m["fate"], m["step"]) for m in report["mutants"]}
    assert {(m["unit"], m["index"]): (m["fate"], m["step"]) for m in json.loads(whole.stdout)["mutants"]} == fates


def test_itsdangerous_interfaces(tmp_path: Path) -> None:
    """Every signature mutant that changes how one of its callers' call sites binds is caught by the driver."""
    try:
        source = sdists.unpacked("itsdangerous", "2.2.0")
    except sdists.DownloadError as exc:
        pytest.skip(str(exc))
    project = tmp_path / "itsdangerous"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("__pycache__"))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    assert run(project, "plan", "src", "--no-cache", "-o", "plan.json", tmp=tmp).returncode == 0
    before = digest(project)
    done = run(project, "audit", "plan.json", "--interfaces", "--format", "json", tmp=tmp)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["totals"] == {"binding": 22, "caught": 22, "mutants": 34}
    for mutant in report["mutants"]:
        assert bool(mutant["caught"]) is mutant["binding"]
        for problem in mutant["caught"].values():
            assert problem.startswith("src/itsdangerous/")  # file:line of the call site that no longer binds
    assert digest(project) == before
    assert list(tmp.iterdir()) == []
