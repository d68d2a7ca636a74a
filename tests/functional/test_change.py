"""Change-aware plans end to end: a git repository made in the test (a copy of the webshop).

``planner plan . --tests tests --changed-since REF`` must plan the changed
units and everything that depends on them, and nothing else, with the tests
that exercise them; a change to a file that can affect everything plans
everything and says why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pytest

from planner import load
from tests.conftest import GRAPHS, ROOT, planner_cli

EXAMPLE = ROOT / "examples" / "webshop"
SCHEMA = json.loads((ROOT / "planner" / "schemas" / "plan-2.schema.json").read_text(encoding="utf-8"))
SHOP = load(GRAPHS / "shop.dot")  # the webshop's module graph (test_scan_cli checks that they agree)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def run(cwd: Path, *args: str, seed: str | None = None) -> subprocess.CompletedProcess[str]:
    """``planner ARGS``; with ``seed``, in a real subprocess with that hash seed (see planner_cli)."""
    return planner_cli(*args, cwd=cwd, columns="200", env={"PYTHONHASHSEED": seed} if seed else None)


def git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def plan(cwd: Path, *args: str) -> dict[str, Any]:
    result = run(cwd, "plan", ".", "--no-cache", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return data


@pytest.fixture(scope="module")
def full(planned_webshop: Path) -> dict[str, Any]:
    """The plan of the whole webshop, tests included (the session's ``planner plan . --tests tests``):
    what every change-aware plan is compared with."""
    data: dict[str, Any] = json.loads((planned_webshop / "plan.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    return data


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "webshop"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    (root / ".gitignore").write_text("__pycache__/\n*.json\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the webshop")
    return root


def stepped(data: dict[str, Any]) -> set[str]:
    return {unit for step in data["steps"] for unit in step["units"]}


def change_money(repo: Path) -> None:
    with (repo / "src" / "shop" / "money.py").open("a", encoding="utf-8") as handle:
        handle.write("\n\ndef zero() -> Money:\n    return Money(Decimal(0))\n")


def test_a_low_level_change_plans_the_module_and_its_dependants_and_no_other(repo: Path, full: dict[str, Any]) -> None:
    change_money(repo)
    git(repo, "commit", "-q", "-am", "money: zero()")
    made = run(repo, "plan", ".", "--no-cache", "--tests", "tests", "--changed-since", "HEAD~1", "-o", "plan.json")
    assert made.returncode == 0, made.stderr
    data = json.loads((repo / "plan.json").read_text(encoding="utf-8"))  # *.json is git-ignored here
    jsonschema.validate(data, SCHEMA)
    expected = {"shop.money"} | nx.ancestors(SHOP, "shop.money")
    assert stepped(data) == expected
    assert expected == {"shop.money", "shop.models", "shop.payments", "shop.catalog", "shop.users",
                        "shop.orders", "shop.web", "shop.app"}  # fmt: skip
    assert len(data["steps"]) == len(expected)
    change = data["change"]
    assert change["since"] == "HEAD~1" and change["everything"] is False and len(change["base"]) == 40
    assert change["files"] == [
        {"path": "src/shop/money.py", "effect": "unit", "reason": "the file of a unit", "units": ["shop.money"]}
    ]
    assert {u["unit"]: u["why"] for u in change["units"]}["shop.app"] == "depends on shop.money"
    # the tests: exactly those whose footprint touches a planned unit, each once
    touching = [t["id"] for t in full["selection"]["tests"] if expected.intersection(t["footprint"])]
    planned = [t["id"] for t in data["selection"]["tests"]]
    assert sorted(planned) == sorted(touching) and len(set(planned)) == len(planned)
    assert change["unselected_tests"] == 43 - len(planned) > 0
    # the plan says so, in the table too (show prints what plan printed: test_cli checks they agree)
    table = run(repo, "show", "plan.json").stdout
    words = " ".join(table.split())
    assert "Change since HEAD~1" in words
    assert "the other 4 count as integrated from the start" in words
    # and feeds a pipeline: the jobs integrate the planned units only
    matrix = json.loads(run(repo, "ci", "github", "plan.json", "--matrix").stdout)
    assert {json.loads(e["units"])[0] for e in matrix["include"]} <= expected


def test_the_same_change_gives_the_same_bytes_whatever_the_hash_seed(repo: Path) -> None:
    change_money(repo)
    (repo / "src" / "shop" / "web.py").write_text((repo / "src" / "shop" / "web.py").read_text() + "\n# x\n")
    args = ("plan", ".", "--no-cache", "--tests", "tests", "--changed-since", "HEAD", "--format", "json")
    outputs = {run(repo, *args, seed=seed).stdout for seed in ("1", "2", "3")}
    assert len(outputs) == 1 and json.loads(outputs.pop())["change"]["units"][0]["unit"] == "shop.money"


def test_changed_files_plan_the_same_as_git(repo: Path) -> None:
    change_money(repo)  # not committed: the working tree counts
    since = plan(repo, "--changed-since", "HEAD")
    listed = plan(repo, "--changed-files", "src/shop/money.py", "--changed-files", "docs/notes.md")
    assert since["steps"] == listed["steps"]
    assert listed["change"]["since"] is None and listed["change"]["base"] is None
    assert [f["effect"] for f in listed["change"]["files"]] == ["ignored", "unit"]
    (repo / "changed.txt").write_text("src/shop/money.py\n", encoding="utf-8")
    from_list = plan(repo, "--changed-files-from", "changed.txt")
    assert from_list["steps"] == since["steps"]


def test_a_conftest_change_plans_everything_and_says_why(repo: Path) -> None:
    with (repo / "tests" / "conftest.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# a comment\n")
    git(repo, "commit", "-q", "-am", "conftest")
    data = plan(repo, "--tests", "tests", "--changed-since", "HEAD~1")
    assert stepped(data) == set(SHOP.nodes)
    assert len(data["selection"]["tests"]) == 43
    (changed,) = data["change"]["files"]
    assert changed["path"] == "tests/conftest.py" and changed["effect"] == "everything"
    assert "conftest" in changed["reason"]
    assert data["change"]["everything"] is True


@pytest.mark.parametrize("name", ["pyproject.toml", "requirements-dev.txt", "uv.lock"])
def test_project_files_plan_everything(repo: Path, name: str) -> None:
    (repo / name).write_text("# changed\n", encoding="utf-8")
    data = plan(repo, "--changed-since", "HEAD")
    assert data["change"]["everything"] is True and stepped(data) == set(SHOP.nodes)


def test_global_files_are_configurable(repo: Path) -> None:
    (repo / "Makefile").write_text("all:\n", encoding="utf-8")
    assert stepped(plan(repo, "--changed-since", "HEAD")) == set()
    data = plan(repo, "--changed-since", "HEAD", "--global-file", "Makefile")
    assert data["change"]["files"][0]["reason"] == "named by --global-file (matches Makefile)"
    assert stepped(data) == set(SHOP.nodes)


def test_a_deleted_module_plans_its_former_dependants(repo: Path) -> None:
    git(repo, "rm", "-q", "src/shop/users.py")
    git(repo, "commit", "-q", "-m", "no users")
    data = plan(repo, "--changed-since", "HEAD~1")
    (gone,) = data["change"]["files"]
    assert gone["effect"] == "gone" and gone["units"] == ["shop.users"]
    # shop.web imported shop.users; shop.app depends on shop.web
    assert stepped(data) == {"shop.web", "shop.app"}
    assert {u["unit"]: u["why"] for u in data["change"]["units"]} == {
        "shop.web": "imported shop.users, which is gone",
        "shop.app": "depends on shop.users (gone)",
    }


def test_a_change_to_tests_only_runs_those_tests(repo: Path) -> None:
    with (repo / "tests" / "test_money.py").open("a", encoding="utf-8") as handle:
        handle.write("\n\ndef test_added() -> None:\n    assert Money(Decimal(1)) == Money(Decimal(1))\n")
    data = plan(repo, "--tests", "tests", "--changed-since", "HEAD")
    assert stepped(data) == {"shop.money"}
    ids = [t["id"] for t in data["selection"]["tests"]]
    assert ids and all(i.startswith("tests/test_money.py::") for i in ids)
    assert "tests/test_money.py::test_added" in ids


def test_a_change_that_affects_nothing_is_an_empty_valid_plan(repo: Path) -> None:
    (repo / "README.md").write_text("changed\n", encoding="utf-8")
    data = plan(repo, "--tests", "tests", "--changed-since", "HEAD")
    assert data["steps"] == [] and data["metrics"]["steps"] == 0
    assert data["change"]["files"][0]["effect"] == "ignored"
    assert "the change affects no unit: there is nothing to integrate" in data["notes"]
    (repo / "empty.json").write_text(json.dumps(data), encoding="utf-8")
    assert run(repo, "show", "empty.json").returncode == 0
    matrix = run(repo, "ci", "github", "empty.json", "--matrix")
    assert matrix.returncode == 0 and json.loads(matrix.stdout) == {"include": []}
    workflow = run(repo, "ci", "github", "empty.json")
    assert workflow.returncode == 2 and "nothing to put in a pipeline" in workflow.stderr
    nothing = run(repo, "run", "empty.json")
    assert nothing.returncode == 0 and "nothing to run" in nothing.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--changed-since", "-x"], "not a git revision"),
        (["--changed-since", "--output=x"], "not a git revision"),
        (["--changed-since", "no-such-branch"], "--changed-since no-such-branch: no such commit here"),
        (["--changed-since", "HEAD", "--changed-files", "a.py"], "not both"),
        (["--global-file", "x"], "--global-file goes with --changed-since or --changed-files"),
    ],
)
def test_bad_change_options_are_usage_errors(repo: Path, args: list[str], message: str) -> None:
    result = run(repo, "plan", ".", "--no-cache", *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2  # the scan's one-line summary, then the error


def test_a_graph_file_has_no_files_to_change(tmp_path: Path) -> None:
    result = run(tmp_path, "plan", str(GRAPHS / "shop.dot"), "--changed-files", "x.py")
    assert result.returncode == 2 and "need a Python source tree" in result.stderr


def test_outside_a_git_repository(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE / "src", tmp_path / "src")
    result = run(tmp_path, "plan", "src", "--no-cache", "--changed-since", "HEAD")
    assert result.returncode == 2 and "not in a git repository" in result.stderr
