"""`planner audit --history` plans each commit again as the plan was made: the recorded options
turn back into the flags of `planner plan`, and those flags make the same plan."""

from __future__ import annotations

import shutil
from pathlib import Path

from planner.api import read_plan
from planner.audit.history import plan_flags
from tests.conftest import ROOT, RunCli

WEBSHOP = ROOT / "examples" / "webshop"


def test_the_recorded_options_plan_the_same_plan_again(run_cli: RunCli, tmp_path: Path) -> None:
    project = tmp_path / "webshop"
    shutil.copytree(WEBSHOP, project, ignore=shutil.ignore_patterns(".*cache*", "__pycache__"))
    first = [
        "plan", "src", "--strategy", "top-down", "--variant", "depth-first", "--cycles", "cluster",
        "--exclude", "cache.py", "--scope", "import-time", "--scope", "deferred", "--through-init",
        "--tests", "tests", "--format", "json", "-o", "first.json",
    ]  # fmt: skip
    made = run_cli(*first, cwd=project)
    assert made.returncode == 0, made.stderr
    flags = plan_flags(read_plan(project / "first.json"))
    assert flags == [
        "--strategy=top-down",
        "--variant=depth-first",
        "--cycles=cluster",
        "--exclude=cache.py",
        "--scope=import-time",
        "--scope=deferred",
        "--through-init",
        "--footprint=static",
    ]
    again = run_cli("plan", "src", *flags, "--tests=tests", "--format", "json", "-o", "again.json", cwd=project)
    assert again.returncode == 0, again.stderr
    assert (project / "again.json").read_bytes() == (project / "first.json").read_bytes()
