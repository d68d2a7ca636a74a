"""Cycle-breaking options from the command line: --objective, --time-limit, --pareto."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.functional.test_cli import one_line_error

# Classes with attribute (A) and method (M) coupling on each dependency, as in CITO data.
COUPLED = """digraph classes {
  Shape -> Canvas  [kind=associate, attributes=3, methods=1, weight=0.9];
  Canvas -> Shape  [kind=associate, attributes=1, methods=4, weight=1.2];
  Canvas -> Tool   [kind=associate, attributes=2, methods=0, weight=0.8];
  Tool -> Canvas   [kind=associate, attributes=0, methods=3, weight=0.3];
  Tool -> Shape    [kind=associate, attributes=2, methods=1, weight=0.5];
  Circle -> Shape  [kind=inherit];
  Shape -> Circle  [kind=associate, attributes=1, methods=2, weight=0.4];
  Circle -> Canvas [kind=associate, attributes=1, methods=1, weight=0.6];
}
"""
# Its optima and front, found by enumerating all 24 orders (tests/cycle_checks.py):
OPTIMA = {"specific-stubs": 3, "generic-stubs": 2, "complexity": 1.6, "attributes": 4, "methods": 3}
FRONT = [(4, 6), (6, 3)]  # attributes, methods


@pytest.fixture
def coupled(tmp_path: Path) -> Path:
    path = tmp_path / "coupled.dot"
    path.write_text(COUPLED)
    return path


@pytest.mark.parametrize(("objective", "cost"), OPTIMA.items())
def test_each_objective_is_planned_recorded_and_proven(
    run_cli: RunCli, coupled: Path, objective: str, cost: float
) -> None:
    result = run_cli("plan", coupled, "--objective", objective, "--format", "json", check=True)
    plan = json.loads(result.stdout)
    assert plan["options"]["objective"] == objective
    (component,) = plan["components"]
    assert component["optimal"] is True
    assert component["cost"] == pytest.approx(cost)
    assert component["lower_bound"] == pytest.approx(cost)
    broken = {(e["importer"], e["imported"]) for e in plan["broken_edges"]}
    assert ("Circle", "Shape") not in broken  # inheritance is never stubbed


def test_the_exact_solver_leaves_standard_output_to_the_data(run_cli: RunCli, coupled: Path) -> None:
    pytest.importorskip("highspy")
    # --pareto always runs the MILP: nothing but the JSON may reach standard output (no solver banner).
    result = run_cli("plan", coupled, "--pareto", "attributes,methods", "-f", "json", check=True)
    assert json.loads(result.stdout)["schema"] == "planner-pareto/1"
    assert result.stderr == ""
    result = run_cli("plan", "-f", "json", coupled, "--objective", "methods", check=True)
    assert json.loads(result.stdout)["schema"] == "planner-plan/2"


def test_table_says_how_each_cycle_was_broken(run_cli: RunCli, coupled: Path) -> None:
    out = run_cli("plan", coupled, "--objective", "methods", check=True).stdout
    assert "(cost 3, briand-heuristic+local-search, proven optimal)" in " ".join(out.split())


def test_a_time_limit_is_recorded(run_cli: RunCli, coupled: Path) -> None:
    plan = json.loads(run_cli("plan", coupled, "--time-limit", "2.5", "-f", "json", check=True).stdout)
    assert plan["options"]["time_limit"] == 2.5
    default = json.loads(run_cli("plan", coupled, "-f", "json", check=True).stdout)
    assert "time_limit" not in default["options"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--time-limit", "0"], "--time-limit must be a positive number of seconds, got 0"),
        (["--time-limit", "-3"], "--time-limit must be a positive number of seconds, got -3"),
        (["--time-limit", "soon"], "Invalid value for '--time-limit'"),
        (["--objective", "speed"], "unknown objective 'speed' (choose from specific-stubs, generic-stubs,"),
        (["--pareto", "attributes"], "--pareto takes two different objectives separated by a comma"),
        (["--pareto", "attributes,complexity"], "--pareto takes two different objectives"),
        (["--pareto", "methods,methods"], "--pareto takes two different objectives"),
        (["--pareto", "attributes,methods", "--strategy", "top-down"], "--pareto does not take --strategy"),
        (["--pareto", "attributes,methods", "--objective", "methods"], "--pareto does not take --objective"),
    ],
)
def test_bad_cycle_options_are_one_line_usage_errors(
    run_cli: RunCli, coupled: Path, args: list[str], message: str
) -> None:
    line = one_line_error(run_cli("plan", coupled, *args), 2)
    assert message in line


@pytest.mark.parametrize("command", ["plan", "compare"])
def test_coupling_objectives_need_coupling_data(run_cli: RunCli, command: str) -> None:
    line = one_line_error(run_cli(command, "graphs/shop.dot", "--objective", "attributes"), 2)
    assert "objective 'attributes' needs the attribute coupling of each dependency" in line
    assert "graphs/shop.dot has none" in line


def test_compare_breaks_cycles_under_the_objective(run_cli: RunCli, coupled: Path) -> None:
    data = json.loads(
        run_cli("compare", coupled, "--objective", "methods", "--time-limit", "5", "-f", "json", check=True).stdout
    )
    assert data["options"]["objective"] == "methods"
    bottom_up = next(s for s in data["strategies"] if s["strategy"] == "bottom-up")
    assert bottom_up["options"]["time_limit"] == 5


def test_pareto_prints_the_front(run_cli: RunCli, coupled: Path) -> None:
    pytest.importorskip("highspy")
    out = run_cli("plan", coupled, "--pareto", "attributes,methods", check=True).stdout
    assert "exact Pareto front of attributes and methods" in out
    rows = [line.split("│")[1:-1] for line in out.splitlines() if line.startswith("│")]
    assert [tuple(int(cell) for cell in row[1:3]) for row in rows] == FRONT


def test_pareto_writes_json_and_csv_atomically(run_cli: RunCli, coupled: Path, tmp_path: Path) -> None:
    pytest.importorskip("highspy")
    as_json = tmp_path / "front.json"
    as_csv = tmp_path / "front.csv"
    run_cli("plan", coupled, "--pareto", "attributes,methods", "-o", as_json, check=True)
    run_cli("plan", coupled, "--pareto", "attributes,methods", "-o", as_csv, check=True)
    data = json.loads(as_json.read_text())
    assert data["schema"] == "planner-pareto/1"
    assert data["exact"] is True
    assert [(p["attributes"], p["methods"]) for p in data["points"]] == FRONT
    assert all(p["specific_stubs"] == len(p["broken"]) for p in data["points"])
    rows = list(csv.reader(io.StringIO(as_csv.read_text())))
    assert rows[0] == ["attributes", "methods", "specific_stubs", "broken"]
    assert [(int(a), int(m)) for a, m, _, _ in rows[1:]] == FRONT
    assert rows[1][3].split(";") == [f"{e['importer']}->{e['imported']}" for e in data["points"][0]["broken"]]

    before = as_csv.read_bytes()
    again = run_cli("plan", coupled, "--pareto", "specific-stubs,methods", "-o", as_csv)
    assert "already exists; use --force to overwrite it" in one_line_error(again, 1)
    assert as_csv.read_bytes() == before
    run_cli("plan", coupled, "--pareto", "specific-stubs,methods", "-o", as_csv, "--force", check=True)
    assert as_csv.read_text().startswith("specific-stubs,methods,specific_stubs,broken\n")


def test_pareto_without_the_exact_solver_says_what_to_install(run_cli: RunCli, coupled: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.modules['highspy'] = None\n"
        "from planner.cli import main\n"
        f"sys.exit(main(['plan', {str(coupled)!r}, '--pareto', 'attributes,methods']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    line = one_line_error(result, 1)
    assert line.endswith(
        "the exact Pareto front needs the exact solver, which is not installed: "
        "pip install 'integration-planner[exact]'"
    )
