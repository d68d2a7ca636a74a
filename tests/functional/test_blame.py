"""``planner run`` blames a failing step on the unit its failing tests point at.

A package whose tests all go through its front door (``pkg.render``, defined in
``pkg/__init__.py``, integrated last): the step that fails integrates the front
door whatever is broken behind it. The blame names the broken unit first: the
failing tests executed it and the passing ones did not. Real subprocesses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("coverage", reason="the measured blame needs coverage.py (pip install coverage)")

FILES = {
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
    "src/pkg/__init__.py": (
        "from pkg import markdown, plain\n\n\n"
        "def render(text, kind):\n"
        "    return markdown.render(text) if kind == 'md' else plain.render(text)\n"
    ),
    "src/pkg/markdown.py": "def render(text):\n    return '<p>' + text + '</p>'\n",
    "src/pkg/plain.py": "def render(text):\n    return text.strip()\n",
    "tests/test_render.py": (
        "import pkg\n\n\n"
        "def test_md():\n    assert pkg.render('a', 'md') == '<p>a</p>'\n\n\n"
        "def test_md_empty():\n    assert pkg.render('', 'md') == '<p></p>'\n\n\n"
        "def test_plain():\n    assert pkg.render(' a ', 'txt') == 'a'\n\n\n"
        "def test_plain_empty():\n    assert pkg.render('', 'txt') == ''\n"
    ),
}
BROKEN = "def render(text):\n    return '<p>' + text + '</P>'\n"


def planner(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    for name in ("PLANNER_DEBUG", "GITHUB_STEP_SUMMARY"):
        env.pop(name, None)
    argv = [sys.executable, "-m", "planner", *args]
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("blame") / "front"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    made = planner("plan", "src", "--tests", "tests", "--no-cache", "-o", "plan.json", cwd=root)
    assert made.returncode == 0, made.stderr
    (root / "src/pkg/markdown.py").write_text(BROKEN)
    return root


def test_the_broken_unit_behind_the_front_door_is_the_first_suspect(broken: Path) -> None:
    done = planner("run", "plan.json", cwd=broken)
    assert done.returncode == 1
    assert "Step 3 of 3 failed. It integrates pkg." in done.stdout
    assert (
        "Suspects, by the step's 2 failing tests and 2 passing (what they executed, run again under coverage.py):\n"
        "  pkg.markdown line 2 (1.00: executed by 2 of 2 failing, 0 of 2 passing)\n"
        "  pkg line 5 (0.71: executed by 2 of 2 failing, 2 of 2 passing)\n"
    ) in done.stdout
    assert "ranking the suspects of the failing step" in done.stderr
    # what every failing test exercises is said once, not under each of them
    assert (
        "Failing tests (2 of 4):\n"
        "  (each exercises pkg, which this step integrates; "
        "for the first time: pkg -> pkg.markdown, pkg -> pkg.plain)\n"
        "  tests/test_render.py::test_md (failed)"
    ) in done.stdout


def test_the_blame_is_in_the_json_result_and_can_be_skipped(broken: Path) -> None:
    data = json.loads(planner("run", "plan.json", "--format", "json", cwd=broken).stdout)
    blame = data["steps"][2]["blame"]
    assert blame["source"] == "measured"
    assert blame["first_exercised"] == ["pkg.markdown"]
    assert [(s["unit"], s["failed"], s["passed"]) for s in blame["suspects"]] == [("pkg.markdown", 2, 0), ("pkg", 2, 2)]
    skipped = planner("run", "plan.json", "--no-blame", cwd=broken)
    assert skipped.returncode == 1
    assert "ranking the suspects" not in skipped.stderr
    # without a measurement, the static footprints (every test names pkg only) tell no test apart
    assert "Suspects, by the step's 2 failing tests and 2 passing (the units their code names; --no-blame):" in (
        skipped.stdout
    )
    assert "  pkg (0.71: named by 2 of 2 failing, 2 of 2 passing)" in skipped.stdout
