"""Placement, stale plans and blame through the real CLI (issue 12), on the small project of
``test_footprints.py``: each test works on its own copy, with real pytest subprocesses."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.functional.test_footprints import FILES
from tests.functional.test_selection_cli import planner


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import textwrap

    root = tmp_path_factory.mktemp("placement") / "project"
    files = {
        **FILES,
        # a conftest below overriding the autouse reset with one that uses nothing: no footprint at all
        "tests/plain/conftest.py": "import pytest\n\n@pytest.fixture(autouse=True)\ndef _reset():\n    pass\n",
        "tests/plain/test_plain.py": "def test_arithmetic():\n    assert 1 + 1 == 2\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    result = planner("plan", "src", "--tests", "tests", "--no-cache", "-o", "plan.json", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(planned: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(planned, root, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".planner"))
    return root


def step_of(root: Path, unit: str) -> int:
    data = json.loads((root / "plan.json").read_text())
    index: int = next(s["index"] for s in data["steps"] if unit in s["units"])
    return index


def last(root: Path) -> int:
    return len(json.loads((root / "plan.json").read_text())["steps"])


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return planner("run", "plan.json", *args, cwd=root)


def test_the_tests_with_no_footprint_are_shown_as_their_own_group(project: Path) -> None:
    shown = planner("show", "plan.json", cwd=project).stdout
    assert "(no unit of the graph)" in shown and "1 test exercises no unit of the graph" in " ".join(shown.split())


def test_a_test_added_after_planning_runs_in_a_final_step_and_check_says_the_plan_is_stale(project: Path) -> None:
    check = planner("plan", "src", "--tests", "tests", "--no-cache", "--check", "plan.json", cwd=project)
    assert check.returncode == 0, check.stderr
    assert "plan.json is up to date" in check.stderr
    (project / "tests/test_new.py").write_text("def test_new():\n    assert False\n")
    check = planner("plan", "src", "--tests", "tests", "--no-cache", "--check", "plan.json", cwd=project)
    assert check.returncode == 1
    assert "plan.json is out of date: 1 test(s) are new: tests/test_new.py::test_new" in check.stderr
    result = run(project, "--from-step", str(last(project)))
    assert result.returncode == 1
    assert "The tests not in the plan failed" in result.stdout
    assert "tests/test_new.py::test_new (failed)" in result.stdout
    strict = run(project, "--from-step", str(last(project)), "--strict-plan")
    assert strict.returncode == 1 and "--strict-plan refuses a plan that is out of date" in strict.stdout


def test_a_failing_test_is_blamed_on_the_units_the_step_brings_in(project: Path) -> None:
    filters = project / "src/pkg/filters.py"
    filters.write_text(filters.read_text().replace("s.upper()", "s.lower()"))
    app = step_of(project, "pkg.app")
    result = run(project, "--from-step", str(app))
    assert result.returncode == 1
    assert f"Step {app} of {last(project)} failed. It integrates pkg.app." in result.stdout
    assert "tests/test_a.py::test_client (failed)" in result.stdout
    assert "it exercises pkg.app, which this step integrates; for the first time: pkg.app -> pkg.filters" in (
        result.stdout
    )


def test_a_conftest_that_does_not_import_is_not_an_integration_failure(project: Path) -> None:
    conftest = project / "tests/conftest.py"
    conftest.write_text(conftest.read_text() + "\nimport no_such_module\n")
    result = run(project, "--from-step", str(last(project)))
    assert result.returncode == 1
    assert "could not run its tests: a collection error" in result.stdout
    assert "ImportError while loading conftest" in result.stdout and "It integrates" not in result.stdout


def test_a_test_that_ends_the_interpreter_is_named(project: Path) -> None:
    (project / "tests/test_exit.py").write_text("import os\n\ndef test_exit():\n    os._exit(3)\n")
    assert planner("plan", "src", "--tests", "tests", "--no-cache", "-o", "plan.json", "--force", cwd=project)
    tests = json.loads((project / "plan.json").read_text())["selection"]["tests"]
    step = next(t["step"] for t in tests if t["id"] == "tests/test_exit.py::test_exit")
    result = run(project, "--from-step", str(step))
    assert result.returncode == 1
    assert "the test process ended (exit code 3) while tests/test_exit.py::test_exit ran" in result.stdout
    assert "It integrates" not in result.stdout


def test_the_run_refuses_doubles_the_plan_was_not_placed_for(project: Path) -> None:
    result = run(project, "--doubles", "doubles")
    assert result.returncode == 2
    assert "its tests were placed for a run without doubles: plan again with --with-doubles" in result.stderr
