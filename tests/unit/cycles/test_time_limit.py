"""When the work or time budget runs out: the best answer so far, a true lower bound, and a plan that says so."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import networkx as nx
import pytest

from planner.api import graph_json, make_plan
from planner.graph import normalize_graph
from tests.conftest import ROOT
from tests.cycle_checks import broken_edges, cost_of, valid


def hard_graph(units: int = 160, seed: int = 7) -> nx.DiGraph:
    """One large strongly connected component with many crossing cycles (a fifth of the edges point up)."""
    rnd = random.Random(seed)
    graph = nx.DiGraph()
    for i in range(units):
        for _ in range(4):
            j = rnd.randrange(0, i) if i and rnd.random() < 0.2 else rnd.randrange(i + 1, min(units, i + 30) + 1)
            if j < units and j != i:
                graph.add_edge(f"m{i:03d}", f"m{j:03d}", weight=rnd.randint(1, 6))
    return normalize_graph(graph)


@pytest.mark.parametrize("objective", ["specific-stubs", "complexity", "generic-stubs"])
def test_a_tiny_time_limit_gives_a_valid_unproven_plan(objective: str) -> None:
    graph = hard_graph()
    plan = make_plan(graph, objective=objective, time_limit=0.05)
    order = [u for step in plan.steps for u in step.units]
    assert sorted(order) == sorted(graph.nodes)
    broken = broken_edges(graph, order)
    assert valid(graph, broken)
    big = max(plan.components, key=lambda c: len(c.units))
    assert len(big.units) > 100
    assert not big.optimal
    assert big.lower_bound is not None and 0 <= big.lower_bound <= big.cost
    assert big.gap is not None and 0 < big.gap <= 1
    assert sum(c.cost for c in plan.components) == pytest.approx(cost_of(graph, broken, objective))
    assert plan.options.time_limit == 0.05
    assert any("(0.05 s, --time-limit)" in note for note in plan.notes)


@pytest.mark.parametrize("objective", ["specific-stubs", "complexity"])
def test_a_small_effort_gives_a_valid_unproven_plan_that_says_so(objective: str) -> None:
    graph = hard_graph()
    plan = make_plan(graph, objective=objective, effort=200_000)
    broken = broken_edges(graph, [u for step in plan.steps for u in step.units])
    assert valid(graph, broken)
    big = max(plan.components, key=lambda c: len(c.units))
    assert not big.optimal and big.lower_bound is not None and 0 <= big.lower_bound <= big.cost
    assert plan.options.effort == 200_000
    assert any("reached its limit (effort 200,000)" in note for note in plan.notes)


def test_the_same_effort_gives_the_same_plan_bytes_whatever_the_load_and_hash_seed(tmp_path: Path) -> None:
    """The search stops after the same work, not the same seconds: a busy machine and another hash
    seed give the same file, where a wall-clock limit would stop it at another point."""
    import subprocess
    import sys

    graph_file = tmp_path / "hard.json"
    graph_file.write_text(graph_json(hard_graph()), encoding="utf-8")
    outputs = []
    burner = subprocess.Popen([sys.executable, "-c", "while True: pass"])  # the load, on a core of its own
    try:
        for seed in ("1", "2"):
            out = tmp_path / f"plan-{seed}.json"
            subprocess.run(
                [sys.executable, "-m", "planner", "plan", str(graph_file), "--effort", "1000000", "-o", str(out)],
                check=True,
                env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
                cwd=tmp_path,
                capture_output=True,
            )
            outputs.append(out.read_bytes())
            burner.kill() if seed == "1" else None  # the second run on a quiet machine
    finally:
        burner.kill()
        burner.wait()
    assert outputs[0] == outputs[1]
    plan = json.loads(outputs[0])
    assert not all(c["optimal"] for c in plan["components"])  # the budget did stop the search


def test_without_the_exact_solver_the_plan_says_how_to_get_it() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.modules['highspy'] = None  # as if the exact extra were not installed\n"
        "from tests.unit.cycles.test_time_limit import hard_graph\n"
        "from planner.api import make_plan\n"
        "plan = make_plan(hard_graph(60, seed=3))\n"
        "big = max(plan.components, key=lambda c: len(c.units))\n"
        "print(big.method, big.optimal, big.lower_bound <= big.cost)\n"
        "print(plan.notes[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "briand-heuristic+local-search False True"
    assert "pip install 'integration-planner[exact]'" in out[1]
