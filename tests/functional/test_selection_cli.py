"""Tests per step, end to end on the webshop example and its own pytest suite.

Everything runs through the real command line: ``planner plan --tests``, ``planner
select`` (in this process, as ``planner_cli`` runs them), ``planner run`` and pytest
itself (real subprocesses), on a copy of ``examples/webshop`` (so that runs and
injected bugs never touch the checkout).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, planner_cli, webshop_copy

EXAMPLE = ROOT / "examples" / "webshop"


def planner(*args: str | int | os.PathLike[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``planner ARGS`` (``run`` in a real subprocess, the others in this process: see planner_cli)."""
    return planner_cli(*map(str, args), cwd=cwd, columns="120")


def pytest_run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args]
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


def collected(*args: str, cwd: Path) -> list[str]:
    """The node ids ``pytest --collect-only -q ARGS`` prints."""
    result = pytest_run("--collect-only", "-q", *args, cwd=cwd)
    assert result.returncode in (0, 5), result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


@pytest.fixture(scope="module")
def shop(planned_webshop: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the webshop with a bottom-up plan of its tests in plan.json (static footprints)."""
    return webshop_copy(planned_webshop, tmp_path_factory.mktemp("selection"))


@pytest.fixture(scope="module")
def everything(shop: Path) -> list[str]:
    """What ``pytest --collect-only -q`` collects in the shop copy, asked once for the module."""
    return collected(cwd=shop)


def plan_data(shop: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((shop / "plan.json").read_text())
    return data


def step_of(data: dict[str, Any], unit: str) -> int:
    index: int = next(s["index"] for s in data["steps"] if unit in s["units"])
    return index


def test_every_collected_test_is_in_exactly_one_step(shop: Path, everything: list[str]) -> None:
    data = plan_data(shop)
    assert len(everything) == 43
    in_steps = [node_id for step in data["steps"] for node_id in step["tests"]]
    assert sorted(in_steps) == sorted(everything)
    assert len(set(in_steps)) == len(in_steps)
    assert [t["id"] for t in data["selection"]["tests"]] == in_steps
    assert data["selection"]["rootdir"] == "." and data["selection"]["args"] == ["tests"]


def test_each_test_runs_once_its_units_are_integrated(shop: Path) -> None:
    data = plan_data(shop)
    tests = {t["id"]: t for t in data["selection"]["tests"]}
    db = tests["tests/test_db.py::test_fetch_of_a_missing_key"]
    assert db["footprint"] == ["shop.db"] and db["step"] == step_of(data, "shop.db")
    # the units its code names, not the whole module's imports (test_db.py imports config too),
    # and those of the fixture it asks for (conftest's ``products`` makes models); not the
    # conftest's autouse reset fixture, nor the conftest's other imports
    orders = tests["tests/test_orders.py::test_place_order_charges_and_takes_the_stock"]
    assert orders["footprint"] == ["shop.catalog", "shop.models", "shop.money", "shop.orders", "shop.users"]
    assert orders["step"] == step_of(data, "shop.orders")
    for test in tests.values():
        assert all(step_of(data, unit) <= test["step"] for unit in test["footprint"]), test
        assert test["method"] == "static"


def test_techniques_are_recorded_and_shown(shop: Path) -> None:
    data = plan_data(shop)
    technique = {t["id"]: t["technique"] for t in data["selection"]["tests"]}
    assert technique["tests/test_config.py::test_private_defaults_hold_every_documented_key"] == "white-box"
    assert technique["tests/test_db.py::test_read_only_refuses_writes"] == "grey-box"
    assert technique["tests/test_db.py::test_store_then_fetch_roundtrip"] == "black-box"
    table = planner("show", "plan.json", cwd=shop).stdout
    assert "Tests" in table and "4 (3 black, 1 white)" in table
    assert "43 tests from . (tests), footprints: static; 39 black-box, 1 white-box, 3 grey-box" in table
    markdown = planner("show", "plan.json", "-f", "md", cwd=shop).stdout
    assert "| Step | Wave | Integrates | Stubs in force | Drivers in force | Tests |" in markdown


def test_node_ids_of_a_step_are_what_pytest_at_file_runs(shop: Path) -> None:
    data = plan_data(shop)
    k = step_of(data, "shop.db")
    result = planner("select", "plan.json", "--step", k, "-o", "step.txt", cwd=shop)
    assert result.returncode == 0, result.stderr
    ids = (shop / "step.txt").read_text().splitlines()
    assert ids == data["steps"][k - 1]["tests"]
    assert collected("@step.txt", cwd=shop) == ids  # pytest reads the file, and keeps its order


@pytest.mark.parametrize("unit", ["shop.config", "shop.db", "shop.web"])
def test_the_k_expression_selects_exactly_the_step(shop: Path, unit: str) -> None:
    # a whole test file (config), parts of two files (db), two files (web); every step is checked
    # against pytest's own -k evaluator in tests/unit/selection/test_kexpr.py
    data = plan_data(shop)
    for step in [data["steps"][step_of(data, unit) - 1]]:
        result = planner("select", "plan.json", "--step", step["index"], "--format", "k", cwd=shop)
        assert result.returncode == 0, result.stderr
        expression = result.stdout.strip()
        assert sorted(collected("tests", "-k", expression, cwd=shop)) == sorted(step["tests"]), expression


def test_technique_narrows_a_selection(shop: Path) -> None:
    data = plan_data(shop)
    k = step_of(data, "shop.db")
    grey = planner("select", "plan.json", "--step", k, "--technique", "grey-box", cwd=shop)
    assert grey.stdout.splitlines() == ["tests/test_db.py::test_read_only_refuses_writes"]
    result = planner("select", "plan.json", "--format", "json", "--technique", "white-box", cwd=shop)
    every = json.loads(result.stdout)
    assert every["schema"] == "planner-selection/1" and len(every["steps"]) == len(data["steps"])
    white = [node_id for step in every["steps"] for node_id in step["tests"]]
    assert white == ["tests/test_config.py::test_private_defaults_hold_every_documented_key"]
    assert every["steps"][step_of(data, "shop.config") - 1]["techniques"] == {
        "black-box": 3,
        "white-box": 1,
        "grey-box": 0,
    }


def test_select_refuses_what_it_cannot_do(shop: Path) -> None:
    result = planner("select", "plan.json", "--step", "99", cwd=shop)
    assert result.returncode == 2 and result.stderr.strip().endswith("no step 99: the plan has steps 1 to 12")
    result = planner("select", "plan.json", "--step", "1", "--technique", "purple-box", cwd=shop)
    assert result.returncode == 2 and "unknown technique 'purple-box'" in result.stderr
    empty = planner("select", "plan.json", "--step", "1", cwd=shop)
    assert empty.returncode == 0 and empty.stdout == "" and "step 1 has no tests" in empty.stderr
    nothing = planner("select", "plan.json", "--step", "1", "--format", "k", cwd=shop).stdout.strip()
    assert collected("tests", "-k", nothing, cwd=shop) == []
    untested = planner("plan", "src", "-o", "untested.json", cwd=shop)
    assert untested.returncode == 0, untested.stderr
    refused = planner("select", "untested.json", "--step", "1", cwd=shop)
    assert refused.returncode == 2 and "untested.json: the plan assigns no tests" in refused.stderr


def test_run_from_another_directory_stops_before_any_step(shop: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = planner("run", shop / "plan.json", cwd=elsewhere)
    assert result.returncode == 2 and result.stdout == ""  # bad input, not failing tests
    assert "step 2's test file tests/test_config.py is not here: run planner run in the directory" in result.stderr
    assert list(elsewhere.iterdir()) == []  # no .planner/ left behind


def test_the_plugin_runs_one_step_in_plan_order(shop: Path) -> None:
    data = plan_data(shop)
    k = step_of(data, "shop.orders")
    plugin = ("-p", "no:planner", "-p", "planner.plugin.entry")  # whether planner is installed or not
    result = pytest_run(*plugin, "--plan=plan.json", f"--plan-step={k}", "-v", cwd=shop)
    assert result.returncode == 0, result.stdout
    ran = re.findall(r"^(tests/\S+) PASSED", result.stdout, re.MULTILINE)
    assert ran == data["steps"][k - 1]["tests"]
    assert f"{len(ran)} passed, {43 - len(ran)} deselected" in result.stdout
    empty = pytest_run(*plugin, "--plan=plan.json", "--plan-step=1", cwd=shop)
    assert empty.returncode == 5 and "planner: step 1 has no tests" in empty.stdout


def test_planner_run_integrates_every_step(shop: Path) -> None:
    junit = shop / ".planner" / "junit"
    junit.mkdir(parents=True, exist_ok=True)
    (junit / "step-99.xml").write_text("<testsuites/>")  # left by a run of a longer plan
    (junit / "notes.txt").write_text("mine")
    result = planner("run", "plan.json", cwd=shop)
    assert not (junit / "step-99.xml").exists() and (junit / "notes.txt").read_text() == "mine"
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "planner run: 43 passed, 0 failed in 12 of 12 steps; every step passed"
    progress = result.stderr.splitlines()
    assert progress[0] == "step  1/12 empty   shop: no tests"
    assert re.fullmatch(r"step  2/12 passed  shop\.config: 4 passed \(\d+\.\d s\)", progress[1])
    assert len(progress) == 12
    junit = shop / ".planner" / "junit"
    assert not (junit / "step-1.log").exists()  # a step with no tests does not start pytest
    counted = 0
    for k in range(1, 13):  # but has its JUnit report (of no tests), as every step
        suite = ET.parse(junit / f"step-{k}.xml").getroot().find("testsuite")
        assert suite is not None and suite.get("failures") == "0" and suite.get("errors") == "0"
        counted += int(suite.get("tests", "0"))
    assert counted == 43
    plain = pytest_run(cwd=shop)
    assert "43 passed" in plain.stdout


def inject(shop: Path, tmp_path: Path, path: str, old: str, new: str) -> Path:
    broken = tmp_path / "webshop"
    shutil.copytree(shop, broken, ignore=shutil.ignore_patterns(".planner", "__pycache__"))
    source = broken / path
    text = source.read_text()
    assert old in text
    source.write_text(text.replace(old, new, 1))
    return broken


def test_a_bug_stops_the_run_at_the_step_that_integrates_it(shop: Path, tmp_path: Path) -> None:
    data = plan_data(shop)
    broken = inject(shop, tmp_path, "src/shop/db.py", "return [rows[k] for k in sorted(rows)]", "return []")
    k = step_of(data, "shop.db")
    result = planner("run", "plan.json", "--junit-dir", "reports", cwd=broken)
    assert result.returncode == 1
    out = result.stdout
    assert f"Step {k} of 12 failed. It integrates shop.db." in out
    assert "Dependencies it exercises for the first time: shop.cache -> shop.db, shop.db -> shop.cache" in out
    assert "tests/test_db.py::test_store_then_fetch_roundtrip (failed): AssertionError" in out
    assert f"Passed: steps 1-{k - 1}" in out and f"Not run: steps {k + 1}-12" in out
    assert f"step {k:>2}/12 FAILED  shop.db: 3 passed, 1 failed" in result.stderr
    assert sorted(p.name for p in (broken / "reports").glob("*.xml"))[-1] == f"step-{k}.xml"
    # resume after the failing step; keep going past it
    resumed = planner("run", "plan.json", "--from-step", k + 1, "--keep-going", cwd=broken)
    assert resumed.returncode == 1  # shop.catalog lists its products with the broken fetch
    assert f"Skipped: steps 1-{k} (before --from-step)." in resumed.stdout and "Not run" not in resumed.stdout
    assert "step  1/12 not run  shop" in resumed.stderr  # numbered out of the whole plan
    ran = [line for line in resumed.stderr.splitlines() if line.startswith("step ") and " not run " not in line]
    assert len(ran) == 12 - k and "Step 8 of 12 failed. It integrates shop.catalog." in resumed.stdout


def test_plans_made_with_coverage_measure_once(shop: Path, everything: list[str], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args: Sequence[str | Path] = (
        "plan",
        ".",
        "--tests",
        "tests",
        "--footprint",
        "coverage",
        "--cache-dir",
        cache,
        "-f",
        "json",
    )
    first = planner(*args, cwd=shop)
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    tests = {t["id"]: t for t in data["selection"]["tests"]}
    assert data["selection"]["footprint"] == "coverage"
    catalog = tests["tests/test_catalog.py::test_find_and_list"]
    assert catalog["method"] == "coverage" and {"shop.catalog", "shop.db"} <= set(catalog["footprint"])
    assert "shop.db" in catalog["indirect"] and "shop.catalog" not in catalog["indirect"]
    assert sorted(t["id"] for t in data["selection"]["tests"]) == sorted(everything)
    measured = list((cache / "footprints").iterdir())
    assert len(measured) == 1
    again = planner(*args, cwd=shop)
    assert again.stdout == first.stdout and list((cache / "footprints").iterdir()) == measured
    changed = tmp_path / "changed"
    shutil.copytree(shop, changed, ignore=shutil.ignore_patterns(".planner", "__pycache__"))
    test_file = changed / "tests" / "test_money.py"
    test_file.write_text(test_file.read_text() + "\n\ndef test_added():\n    assert True\n")
    assert planner(*args, cwd=changed).returncode == 0
    assert len(list((cache / "footprints").iterdir())) == 2


def test_bad_input_gets_one_line_and_an_exit_code(shop: Path, tmp_path: Path) -> None:
    data = plan_data(shop)
    data["selection"]["rootdir"] = "../.."
    (tmp_path / "escape.json").write_text(json.dumps(data))
    result = planner("run", tmp_path / "escape.json", cwd=shop)
    assert result.returncode == 2 and "leads out of the project tree" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    # a plan file that cannot be used is bad input (2) under run and select, never "tests failed" (1)
    (tmp_path / "malformed.json").write_text('{"schema": "planner-plan/2", "steps": [')
    (tmp_path / "folder.json").mkdir()
    for name, why in [("malformed.json", ":1: not JSON ("), ("folder.json", ": is a directory, not a plan file")]:
        for command in (["run"], ["select", "--step", "1"]):
            result = planner(command[0], tmp_path / name, *command[1:], cwd=shop)
            assert result.returncode == 2, (command, result.stderr)
            assert result.stderr.startswith(f"planner: error: {tmp_path / name}{why}") and result.stdout == ""
            assert len(result.stderr.strip().splitlines()) == 1
    untested = planner("plan", ".", "-o", tmp_path / "untested.json", cwd=shop)
    assert untested.returncode == 0
    result = planner("run", tmp_path / "untested.json", cwd=shop)
    assert result.returncode == 2 and "the plan assigns no tests" in result.stderr
    result = planner("plan", ".", "--tests", "nope", cwd=shop)
    assert result.returncode == 2 and result.stderr.strip() == "planner: error: no such tests path: nope"
    result = planner("plan", ROOT / "graphs" / "shop.dot", "--tests", "tests", "--footprint", "coverage", cwd=shop)
    assert result.returncode == 2 and "needs a graph scanned from a source tree" in result.stderr
    broken = tmp_path / "broken"
    shutil.copytree(shop, broken, ignore=shutil.ignore_patterns(".planner", "__pycache__"))
    (broken / "tests" / "test_broken.py").write_text("def test_x(:\n    pass\n")
    result = planner("plan", ".", "--tests", "tests", cwd=broken)
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("planner: error: tests/test_broken.py: pytest cannot collect it: ")
    )
