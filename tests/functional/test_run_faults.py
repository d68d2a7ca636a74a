"""``planner run`` as a user drives it: pytest arguments, JSON, the CI summary page, a time limit, Ctrl-C.

On a small project of two modules (``tiny.base`` and ``tiny.top``, which imports
it) whose test of ``tiny.top`` can be made to hang (``TINY_HANG=1``): every
run is a real ``python -m planner run`` subprocess.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ROOT

FILES = {
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
    "src/tiny/__init__.py": "",
    "src/tiny/base.py": "def double(x):\n    return 2 * x\n",
    "src/tiny/top.py": "from tiny.base import double\n\n\ndef quadruple(x):\n    return double(double(x))\n",
    "tests/conftest.py": "import os\nimport time\n\nif os.environ.get('TINY_SLOW_START'):\n    time.sleep(600)\n",
    "tests/test_base.py": "from tiny.base import double\n\n\ndef test_double():\n    assert double(2) == 4\n",
    "tests/test_top.py": (
        "import os\nimport time\n\nfrom tiny.top import quadruple\n\n\n"
        "def test_quadruple():\n    assert quadruple(1) == 4\n\n\n"
        "def test_hangs():\n    if os.environ.get('TINY_HANG'):\n        time.sleep(600)\n"
    ),
}
HANGING = "tests/test_top.py::test_hangs"


def env(**extra: str) -> dict[str, str]:
    base = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    for name in ("PLANNER_DEBUG", "GITHUB_STEP_SUMMARY", "TINY_HANG", "TINY_SLOW_START"):
        base.pop(name, None)
    return {**base, **extra}


def planner(*args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "planner", *args]
    return subprocess.run(argv, cwd=cwd, env=env(**extra), capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("run") / "tiny"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    made = planner("plan", "src", "--tests", "tests", "--no-cache", "-o", "plan.json", cwd=root)
    assert made.returncode == 0, made.stderr
    return root


def top_step(tiny: Path) -> int:
    data = json.loads((tiny / "plan.json").read_text())
    index: int = next(s["index"] for s in data["steps"] if HANGING in s["tests"])
    return index


def test_json_result_and_the_github_summary_page(tiny: Path, tmp_path: Path) -> None:
    page = tmp_path / "summary.md"
    page.write_text("earlier job step\n")
    result = planner("run", "plan.json", "--format", "json", cwd=tiny, GITHUB_STEP_SUMMARY=str(page))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["mode"] == "session" and data["interrupted"] is None
    assert data["totals"]["passed"] == 3
    assert [s["status"] for s in data["steps"]].count("passed") == 2
    text = page.read_text()
    assert text.startswith("earlier job step\n## planner run\n")  # appended, as GitHub expects
    assert f"| {top_step(tiny)}/{len(data['steps'])} | passed | `tiny.top` | 2 passed |" in text
    assert "planner run: 3 passed, 0 failed" in text


def test_pytest_arguments_pass_through(tiny: Path) -> None:
    result = planner("run", "plan.json", "--", "-p", "no:cacheprovider", "-k", "not quadruple", cwd=tiny)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("planner run: 2 passed, 0 failed")  # -k narrows the run
    refused = planner("run", "plan.json", "--", "--no-such-option", cwd=tiny)
    assert refused.returncode == 1
    assert "pytest stopped with exit code 4: python -m pytest: error: unrecognized arguments: --no-such-option" in (
        refused.stdout
    )


def test_isolate_runs_one_process_per_step_with_the_same_counts(tiny: Path) -> None:
    result = planner("run", "plan.json", "--isolate", "--format", "json", cwd=tiny)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["mode"] == "per-step" and data["totals"]["passed"] == 3
    assert (tiny / ".planner" / "junit" / f"step-{top_step(tiny)}.log").exists()


# ~20 s: pytest-xdist starts workers at each step (test_pytest_arguments_pass_through stays in the default run)
@pytest.mark.slow
def test_xdist_within_a_step(tiny: Path) -> None:
    pytest.importorskip("xdist")
    result = planner("run", "plan.json", "--format", "json", "--", "-n", "2", cwd=tiny)
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["mode"] == "per-step" and data["totals"]["passed"] == 3


def test_a_hanging_step_ends_at_its_time_limit_naming_the_test(tiny: Path) -> None:
    started = time.monotonic()
    result = planner("run", "plan.json", "--timeout", "3", cwd=tiny, TINY_HANG="1")
    assert time.monotonic() - started < 60
    assert result.returncode == 1
    k = top_step(tiny)
    assert (
        f"Step {k} of" in result.stdout
        and f"the step took longer than its time limit of 3 s while running {HANGING}" in result.stdout
    )
    suite = ET.parse(tiny / ".planner" / "junit" / f"step-{k}.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "1"  # test_quadruple, which finished before


@pytest.mark.skipif(os.name == "nt", reason="SIGINT to a process is POSIX")
def test_the_time_limit_ends_pytest_properly_where_planner_runs_with_sigint_ignored(tiny: Path) -> None:
    # a job a shell script starts with '&' ignores SIGINT, and so would the pytest it starts
    code = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); from planner.cli import main; "
        "sys.exit(main(['run', 'plan.json', '--timeout', '3']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tiny, env=env(TINY_HANG="1"), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 1 and f"time limit of 3 s while running {HANGING}" in done.stdout
    assert "KeyboardInterrupt" in (tiny / ".planner" / "junit" / "session-1.log").read_text()  # not killed
    suite = ET.parse(tiny / ".planner" / "junit" / f"step-{top_step(tiny)}.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "1"


@pytest.mark.skipif(os.name == "nt", reason="SIGINT to a process is POSIX")
@pytest.mark.parametrize("mode", [(), ("--isolate",)], ids=["session", "isolate"])
def test_ctrl_c_names_the_running_test_keeps_the_partial_report_and_exits_130(
    tiny: Path, mode: tuple[str, ...]
) -> None:
    argv = [sys.executable, "-m", "planner", "run", "plan.json", *mode]
    process = subprocess.Popen(
        argv, cwd=tiny, env=env(TINY_HANG="1"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    junit = tiny / ".planner" / "junit"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(  # the running test's file (or its start event, per step)
        HANGING in path.read_text() for path in [*junit.glob(".*.running"), *junit.glob(".*.jsonl")] if path.is_file()
    ):
        time.sleep(0.2)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, out + err
    k = top_step(tiny)
    total = len(json.loads((tiny / "plan.json").read_text())["steps"])
    assert f"Step {k} of {total} was interrupted. It integrates tiny.top." in out
    assert f"Problem: interrupted while running {HANGING}" in out
    assert out.splitlines()[-1].endswith(f"interrupted at step {k}")
    assert f"step {k}/{total} INTERRUPTED" in err
    suite = ET.parse(junit / f"step-{k}.xml").getroot().find("testsuite")
    assert suite is not None and int(suite.get("tests", "0")) >= 1


@pytest.mark.skipif(os.name == "nt", reason="SIGINT to a process is POSIX")
def test_ctrl_c_while_pytest_starts_is_an_interruption(tiny: Path) -> None:
    """Ctrl-C before the first step began (a conftest slow to import): interrupted, 130, nothing run
    again (pytest, forked or not, ends by the KeyboardInterrupt as an interpreter does)."""
    argv = [sys.executable, "-m", "planner", "run", "plan.json"]
    process = subprocess.Popen(
        argv, cwd=tiny, env=env(TINY_SLOW_START="1"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    log = tiny / ".planner" / "junit" / "session-1.log"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not log.is_file():
        time.sleep(0.1)
    time.sleep(1.5)  # pytest is importing the conftest
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, out + err
    assert out.splitlines()[-1].endswith("interrupted at step 1"), out
    assert "KeyboardInterrupt" in log.read_text()


def test_pytest_ending_before_the_first_step_fails_it_once(tiny: Path) -> None:
    """``-- --version``: pytest prints its version and ends, beginning no step; the run says so and
    stops (it used to start pytest again and again, beginning no step each time)."""
    result = planner("run", "plan.json", "--format", "json", "--", "--version", cwd=tiny)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    first = data["steps"][0]
    assert first["status"] == "failed"
    assert first["problem"].startswith("pytest ended (exit code 0) before step 1 began: pytest ")
    assert [s["status"] for s in data["steps"][1:]] == ["not-run"] * (len(data["steps"]) - 1)
    assert "pytest did not run" in result.stderr  # not presented as an integration failure
