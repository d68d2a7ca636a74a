"""A step of ``planner run --doubles DIR`` whose plan names no test of the suite runs only its
drivers, and its pytest process collects only them: the suite's test modules are not imported
to be deselected (jinja2: 852 items collected, 851 deselected, at each of its 14 steps without
tests). The outcome of the step is the same.

On a project of two modules: the plugin in one pytest process (default), and ``planner run``
end to end (slow). The project's test module writes the step it is imported at into a file, so
the tests see who imported it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner import api
from tests.conftest import ROOT, RunCli

RECORD = """\
import sys
from pathlib import Path

STEP = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--plan-step=")), "-")
with open(Path(__file__).parent.parent / "imported.txt", "a", encoding="utf-8") as record:
    record.write(f"{Path(__file__).name} {STEP}\\n")
"""

PROJECT = {
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["src"]\ntestpaths = ["tests"]\n',
    "src/prices.py": "def add(total: int, price: int) -> int:\n    return total + price\n",
    "src/basket.py": (
        "import prices\n\n\ndef total(items: list[int]) -> int:\n    result = 0\n    for item in items:\n"
        "        result = prices.add(result, item)\n    return result\n"
    ),
    "tests/test_basket.py": RECORD + "\nimport basket\n\n\ndef test_total():\n    assert basket.total([1, 2]) == 3\n",
}


def _write(root: Path) -> None:
    for name, text in PROJECT.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "outcome", "imported"),
    [
        ([], "collected 2 items\n", False),
        (["tests"], "collected 3 items / 1 deselected / 2 selected\n", True),  # as given, as before
        (["--strict-plan"], "collected 3 items / 1 deselected / 2 selected\n", True),  # checks them all
    ],
    ids=["no-path", "tests-given", "strict-plan"],
)
def test_the_plugin_collects_only_the_drivers_of_a_step_without_tests(
    tmp_path: Path, args: list[str], outcome: str, imported: bool
) -> None:
    """One process of the plugin, on a plan whose steps name their tests by hand (no collection to
    plan): step 1 has none, so without paths (and without --strict-plan, which checks the whole
    collection) only its drivers are collected; the outcome is the same as when the suite is
    collected and deselected."""
    _write(tmp_path)
    plan = api.make_plan(tmp_path / "src").with_tests([[], ["tests/test_basket.py::test_total"]])
    assert [step.units for step in plan.steps] == [("prices",), ("basket",)]
    api.write_plan(plan, tmp_path / "plan.json")
    api.write_doubles(api.make_doubles(plan), tmp_path / "doubles")
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:planner", "-p", "planner.plugin.entry"]
    argv += ["--plan=plan.json", "--plan-step=1", "--doubles=doubles", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTEST_ADDOPTS", None)
    done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert outcome in done.stdout, done.stdout
    assert "test_driver_prices.py .s" in done.stdout  # a call site checked; a skeleton to complete
    assert (tmp_path / "imported.txt").exists() == imported


@pytest.mark.slow  # plans with the tests and runs three pytest processes: about 10 CPU s
def test_a_step_with_only_drivers_collects_only_them(run_cli: RunCli, tmp_path: Path) -> None:
    _write(tmp_path)
    plan = run_cli("plan", "src", "--tests", "tests", "--with-doubles", "--no-cache", "-o", "plan.json", cwd=tmp_path)
    assert plan.returncode == 0, plan.stderr
    assert [s["units"] for s in json.loads((tmp_path / "plan.json").read_text())["steps"]] == [["prices"], ["basket"]]
    doubles = run_cli("doubles", "plan.json", "-o", "doubles", cwd=tmp_path)
    assert doubles.returncode == 0, doubles.stderr
    (tmp_path / "imported.txt").unlink(missing_ok=True)  # planning collected the tests

    run = run_cli("run", "plan.json", "--doubles", "doubles", "--format", "json", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    steps = [
        (s["index"], s["status"], s["planned"], s["counts"], s["failures"], s["missing"])
        for s in json.loads(run.stdout)["steps"]
    ]
    # step 1: prices, and the driver playing basket's calls to it (a call site checked, a skeleton
    # to complete: skipped); step 2: basket and its test
    assert steps == [(1, "passed", 0, {"passed": 1, "skipped": 1}, [], []), (2, "passed", 1, {"passed": 1}, [], [])]
    step_1 = (tmp_path / ".planner" / "junit" / "step-1.log").read_text(encoding="utf-8")
    assert "collected 2 items\n" in step_1 and "deselected" not in step_1, step_1
    # imported by step 2, which runs it, and by the final collection of the tests no step names
    imported = (tmp_path / "imported.txt").read_text(encoding="utf-8").splitlines()
    assert imported == ["test_basket.py 2", "test_basket.py 3"]
