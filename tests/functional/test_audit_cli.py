"""``planner audit`` end to end on a tiny project written by the test.

The project has one unit of each kind the audit tells apart, with one mutation point
each, so that ``--mutants 1`` writes exactly these mutants:

- ``pkg.mid`` (``return base.SIZE`` made ``return None``): its own test fails at the step
  integrating it: **localised**;
- ``pkg.base`` (``SIZE = 3`` made 4): only ``test_top`` checks the value, at the step
  integrating ``pkg.top``, which first exercises ``pkg.top -> pkg.mid``: caught **late**;
- ``pkg.blind`` (``return 'hello'`` made ``None``): no test reaches it: a **blind spot**.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

FILES = {
    "pkg/__init__.py": "",
    "pkg/base.py": "SIZE = 3\n",
    "pkg/mid.py": "from pkg import base\n\n\ndef size():\n    return base.SIZE\n",
    "pkg/top.py": "from pkg import mid\n\n\ndef label():\n    return f'size {mid.size()}'\n",
    "pkg/blind.py": "def hello():\n    return 'hello'\n",
    "tests/test_mid.py": (
        "from pkg import mid\n\n\ndef test_size_is_a_number():\n    assert isinstance(mid.size(), int)\n"
    ),
    "tests/test_top.py": "from pkg import top\n\n\ndef test_label():\n    assert top.label() == 'size 3'\n",
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["."]\n',
}


def run(cwd: Path, *args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    # planner comes from the environment; the checkout is not on the path (its tests package would shadow the project's)
    env = {
        **os.environ,
        "COLUMNS": "200",
        "NO_COLOR": "1",
        "TMPDIR": str(tmp),
        "PLANNER_CACHE_DIR": str(cwd.parent / "cache"),
    }
    env.pop("PLANNER_DEBUG", None)
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-m", "planner", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def write_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write_project(tmp_path)
    done = run(root, "plan", "pkg", "--tests", "tests", "--no-cache", "-o", "plan.json", tmp=tmp_path / "tmp")
    assert done.returncode == 0, done.stderr
    return root


# Each pytest run costs 1 to 3 s here (start-up and plugins); these tests run several: slow.
@pytest.mark.slow
def test_audit_localised_late_and_blind_spot(project: Path) -> None:
    tmp = project.parent / "tmp"
    before = tree_digest(project)
    done = run(project, "audit", "plan.json", "--mutants", "1", "--format", "json", tmp=tmp)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    fates = {m["unit"]: m["fate"] for m in report["mutants"]}
    assert fates == {"pkg.base": "late", "pkg.blind": "survived", "pkg.mid": "localised", "pkg.top": "localised"}
    late = next(m for m in report["mutants"] if m["unit"] == "pkg.base")
    steps = json.loads((project / "plan.json").read_text())["steps"]
    assert steps[late["step"] - 1]["units"] == ["pkg.top"]
    assert late["dependency"] == ["pkg.top", "pkg.mid"]
    assert late["killer"] == "tests/test_top.py::test_label"
    assert (late["file"], late["line"], late["operator"]) == ("pkg/base.py", 1, "INT")
    assert report["blind_spots"] == ["pkg.blind"]
    assert report["totals"] == {"killed": 3, "localised": 2, "mutants": 4}
    assert report["command"] == "planner audit plan.json --mutants 1 --seed 0"
    # the user's tree is as it was, and no scratch copy is left behind
    assert tree_digest(project) == before
    assert list(tmp.iterdir()) == []

    # a finished audit resumes without running anything, to the same figures
    again = run(project, "audit", "plan.json", "--mutants", "1", "--resume", "--format", "json", tmp=tmp)
    assert again.returncode == 0, again.stderr
    assert again.stdout == done.stdout

    table = run(project, "audit", "plan.json", "--mutants", "1", "--resume", tmp=tmp)
    assert "Localised: 2 of 3 killed mutants (67 %); 1 of 4 survived." in table.stdout
    assert "Integration blind spots (no test kills any of their mutants): pkg.blind (1 mutant)" in table.stdout
    assert "pkg.base pkg/base.py:1 (INT): fails first at step" in table.stdout
    assert "first exercising pkg.top -> pkg.mid; tests/test_top.py::test_label" in table.stdout


def test_audit_refuses_a_plan_without_tests_in_one_line(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    tmp = project.parent / "tmp"
    assert run(project, "plan", "pkg", "--no-cache", "-o", "bare.json", tmp=tmp).returncode == 0
    done = run(project, "audit", "bare.json", tmp=tmp)
    assert done.returncode == 2
    assert done.stderr == (
        "planner: error: bare.json: the plan places no tests: make it with 'planner plan SOURCE --tests DIR'\n"
    )
    (project / "audit.json").write_text("mine\n", encoding="utf-8")
    refused = run(project, "audit", "bare.json", "-o", "audit.json", tmp=tmp)
    assert refused.returncode == 1
    assert refused.stderr.startswith("planner: error: audit.json: ")
    assert "--force" in refused.stderr
    assert refused.stderr.count("\n") == 1
    assert (project / "audit.json").read_text(encoding="utf-8") == "mine\n"


def test_history_outside_a_git_repository_is_one_line(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    tmp = project.parent / "tmp"
    assert run(project, "plan", "pkg", "--no-cache", "-o", "bare.json", tmp=tmp).returncode == 0
    done = run(project, "audit", "bare.json", "--history", "2", tmp=tmp)
    assert done.returncode == 2
    assert done.stderr == f"planner: error: --history needs a git repository: {project} is not in one\n"
    both = run(project, "audit", "bare.json", "--history", "2", "--interfaces", tmp=tmp)
    assert (both.returncode, both.stderr) == (
        2,
        "planner: error: --interfaces and --history are two audits: run them one at a time\n",
    )


def test_a_plan_of_a_graph_file_has_no_module_to_mutate(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    (tmp_path / "g.dot").write_text("digraph { a -> b }\n", encoding="utf-8")
    assert run(tmp_path, "plan", "g.dot", "-o", "plan.json", tmp=tmp).returncode == 0
    done = run(tmp_path, "audit", "plan.json", tmp=tmp)
    assert done.returncode == 2
    assert done.stderr == (
        "planner: error: plan.json: the plan's graph (g.dot) was not scanned from a Python source tree: "
        "there is no module to mutate\n"
    )


@pytest.mark.slow
def test_audit_interrupted_leaves_nothing_behind_and_resumes(project: Path) -> None:
    tmp = project.parent / "tmp"
    (project / "tests" / "test_slow.py").write_text(
        "import time\nfrom pkg import base\n\n\ndef test_slow():\n    time.sleep(60)\n    assert base.SIZE\n",
        encoding="utf-8",
    )
    assert (
        run(project, "plan", "pkg", "--tests", "tests", "--no-cache", "-o", "plan.json", "--force", tmp=tmp).returncode
        == 0
    )
    before = tree_digest(project)
    env = {**os.environ, "NO_COLOR": "1", "TMPDIR": str(tmp), "PLANNER_CACHE_DIR": str(project.parent / "cache")}
    env.pop("PYTHONPATH", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "planner", "audit", "plan.json", "--mutants", "1"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not any(tmp.iterdir()) and time.monotonic() < deadline:  # the scratch copy exists: the audit runs
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert err.endswith("planner: audit interrupted after 0 of 4 mutants: the same command with --resume continues\n")
    assert tree_digest(project) == before
    assert list(tmp.iterdir()) == []


def git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def commit(root: Path, message: str, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.mark.slow
def test_history_counts_the_failures_a_change_aware_plan_leaves_out(tmp_path: Path) -> None:
    """Three commits: a change its tests check (selected, passing), a defect in a low unit (caught: its
    dependants' tests are selected), and a defect in a module loaded by a computed name, which the graph
    cannot see (missed)."""
    project = write_project(tmp_path)
    tmp = project.parent / "tmp"
    (project / "pkg" / "top.py").write_text(
        "import importlib\n\nfrom pkg import mid\n\n\ndef label():\n    return f'size {mid.size()}'\n\n\n"
        "def greet():\n    return importlib.import_module('pkg.' + 'blind').hello()\n",
        encoding="utf-8",
    )
    (project / "tests" / "test_greet.py").write_text(
        "from pkg import top\n\n\ndef test_greet():\n    assert top.greet() == 'hello'\n", encoding="utf-8"
    )
    (project / ".gitignore").write_text("plan.json\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    commit(project, "the project", {})
    commit(
        project,
        "label says size:",
        {
            "pkg/top.py": (project / "pkg" / "top.py").read_text().replace("f'size {", "f'size: {"),
            "tests/test_top.py": FILES["tests/test_top.py"].replace("'size 3'", "'size: 3'"),
        },
    )
    commit(project, "size 4", {"pkg/base.py": "SIZE = 4\n"})
    commit(project, "hi", {"pkg/blind.py": "def hello():\n    return 'hi'\n"})
    head = run(project, "plan", "pkg", "--tests", "tests", "--no-cache", "-o", "plan.json", tmp=tmp)
    assert head.returncode == 0, head.stderr
    before = tree_digest(project)

    done = run(project, "audit", "plan.json", "--history", "3", "--format", "json", tmp=tmp)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    rows = [
        (c["subject"], c["changed"], c["selected"], c["tests"], c["failing"], c["misses"]) for c in report["commits"]
    ]
    assert rows == [
        ("hi", ["pkg/blind.py"], 0, 3, ["tests/test_greet.py::test_greet"], ["tests/test_greet.py::test_greet"]),
        ("size 4", ["pkg/base.py"], 3, 3, ["tests/test_top.py::test_label"], []),
        ("label says size:", ["pkg/top.py", "tests/test_top.py"], 2, 3, [], []),
    ]
    assert report["misses"] == 1
    assert report["command"] == "planner audit plan.json --history 3"
    assert tree_digest(project) == before
    assert list(tmp.iterdir()) == []
    git(project, "worktree", "prune")  # nothing to prune: the replay used a clone, not a worktree
    assert not (project / ".git" / "worktrees").exists()


def test_interfaces_the_driver_catches_every_mutant_that_changes_a_call_site(tmp_path: Path) -> None:
    """``pkg.high`` calls ``low.scale(v, factor=3)``: removing or renaming ``factor`` or adding a required
    parameter breaks that call, which the driver of ``pkg.low`` checks; a new default does not."""
    root = tmp_path / "project"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (root / "pkg" / "low.py").write_text("def scale(x, factor=2):\n    return x * factor\n", encoding="utf-8")
    (root / "pkg" / "high.py").write_text(
        "from pkg import low\n\n\ndef run(v):\n    return low.scale(v, factor=3)\n", encoding="utf-8"
    )
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    assert run(root, "plan", "pkg", "--no-cache", "-o", "plan.json", tmp=tmp).returncode == 0
    before = tree_digest(root)
    done = run(root, "audit", "plan.json", "--interfaces", "--format", "json", tmp=tmp)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    found = {m["operator"]: (m["binding"], sorted(m["caught"])) for m in report["mutants"]}
    assert found == {
        "add": (True, ["pkg.high"]),
        "default": (False, []),
        "remove": (True, ["pkg.high"]),
        "rename": (True, ["pkg.high"]),
    }
    removed = next(m for m in report["mutants"] if m["operator"] == "remove")
    assert removed["caught"]["pkg.high"].startswith("pkg/high.py:5: low.scale(v, factor=3): got an unexpected keyword")
    assert (removed["file"], removed["line"]) == ("pkg/low.py", 1)
    assert report["totals"] == {"binding": 3, "caught": 3, "mutants": 4}
    table = run(root, "audit", "plan.json", "--interfaces", tmp=tmp)
    assert "Caught by the drivers: 3 of 3 interface mutants that change how a call site binds (100 %)" in table.stdout
    assert tree_digest(root) == before
    assert list(tmp.iterdir()) == []
