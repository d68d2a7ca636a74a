"""Mutants of real projects through the real CLI: ``planner run`` stops at the step that names them.

For two projects from PyPI (sdists, their own suites), the first killed mutants of
``benchmarks/localisation.py``'s seeded choice are run end to end: ``planner plan
--tests``, then ``planner run`` on the mutated copy. The run must stop at the step the
benchmark predicts from the plain suite (the first step holding a killing test), and its
explanation of that step (what it integrates, the dependencies it exercises first, the
suspects its tests point at, the units they exercise for the first time) must name the
mutated unit. sqlparse is the hard case: its tests call the package through
``sqlparse/__init__.py``, integrated last, so only the suspects name what broke.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.localisation import (
    PROJECTS,
    chosen_mutants,
    environment,
    first_failing_step,
    outcomes,
    plan,
)
from tests import sdists

pytestmark = pytest.mark.slow

FAILING = ("failed", "error")


@pytest.mark.parametrize("name", ["sqlparse", "cachetools"])
def test_planner_run_stops_where_the_mutant_is_localised(name: str, tmp_path: Path) -> None:
    project = PROJECTS[name]
    try:
        source = sdists.unpacked(project.dist, project.version)
    except sdists.DownloadError as exc:
        pytest.skip(str(exc))
    copy = tmp_path / name
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", ".benchmarks"))
    data = plan(copy, project)
    base, _ = outcomes(copy, project)
    broken = {node for node, outcome in base.items() if outcome in FAILING}
    checked = 0
    for unit, path, text, mutant in chosen_mutants(copy, project, data, 10, 12):
        path.write_text(mutant.source, encoding="utf-8")
        try:
            found, _ = outcomes(copy, project)
            killers = sorted(node for node, o in found.items() if o in FAILING and node not in broken)
            if not killers:
                continue
            step = first_failing_step(data, killers)
            run = subprocess.run(
                [sys.executable, "-m", "planner", "run", "plan.json"],
                cwd=copy,
                env=environment(copy, project),
                capture_output=True,
                text=True,
                timeout=1800,
                check=False,
            )
        finally:
            path.write_text(text, encoding="utf-8")
        assert run.returncode == 1, run.stdout + run.stderr
        stopped = re.search(r"^Step (\d+) of \d+ failed\. It integrates (.*)\.$", run.stdout, re.MULTILINE)
        assert stopped is not None, run.stdout
        assert int(stopped.group(1)) == step, (unit, mutant.line, run.stdout)
        explanation = run.stdout.split("Failing tests")[0]
        assert re.search(rf"\b{re.escape(unit)}\b(?!\.)", explanation), (unit, mutant.line, run.stdout)
        checked += 1
        if checked == 2:
            break
    assert checked == 2, "fewer than two killed mutants"
