"""The benchmark systems of the CITO literature: every optimum proven, checked against the definitions."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from planner.api import make_plan, pareto
from planner.loaders import load_graph
from tests.cycle_checks import OBJECTIVES, broken_edges, cost_of, valid
from tests.plan_checks import check_plan

pytest.importorskip("highspy", reason="proving optima needs the exact extra (highspy)")

BRIAND = ["ATM", "ant", "SPM", "DNS", "BCEL"]  # DRL_CITO folders: Briand et al.'s five systems
VERGILIO = ["OO_BCEL", "OO_JBoss", "OO_JHotDraw", "OO_MyBatis", "OA_AJHotDraw", "OA_AJHsqldb", "OA_HealthWatcher"]
SYSTEMS = [f"DRL_CITO/{s}" for s in BRIAND] + [f"HITO/{s}" for s in VERGILIO]


def system(cito: Path, name: str) -> Path:
    source, folder = name.split("/")
    if source == "HITO":
        return cito / "GiovaniGuizzo_HITO" / "problemas" / f"{folder}.txt"
    return cito / "ZZwarn1998_DRL_CITO" / "infoAbtPg" / folder


@pytest.mark.parametrize("name", SYSTEMS)
def test_every_objective_is_proven_optimal(cito: Path, name: str) -> None:
    graph = load_graph(system(cito, name))
    for objective in OBJECTIVES:
        plan = make_plan(graph, objective=objective)
        order = [u for step in plan.steps for u in step.units]
        broken = broken_edges(graph, order)
        assert valid(graph, broken), objective
        assert math.isclose(sum(c.cost for c in plan.components), cost_of(graph, broken, objective), abs_tol=1e-9)
        assert all(c.optimal for c in plan.components), (name, objective)
        assert not plan.notes


@pytest.mark.slow  # 25 s for the 24 cases
@pytest.mark.parametrize("name", SYSTEMS)
@pytest.mark.parametrize("strategy", ["top-down", "sandwich"])
def test_every_strategy_stubs_in_each_cycle_what_its_record_says(cito: Path, name: str, strategy: str) -> None:
    """Top-down and sandwich too: a cycle's record is what the order stubs in it, and costs, and
    that is the proven optimum (a sandwich's target layer that cuts a cycle meets the cycle's
    upper units at the end, dependencies first)."""
    graph = load_graph(system(cito, name))
    for objective in OBJECTIVES:
        plan = make_plan(graph, strategy=strategy, objective=objective)
        check_plan(graph, plan)  # each component's broken edges and cost, recomputed from the order
        assert all(c.optimal for c in plan.components), (name, objective)
        assert not any("stubs more than the optimal" in note for note in plan.notes), (name, objective)


@pytest.mark.slow
@pytest.mark.parametrize("name", SYSTEMS)
def test_a_sandwich_around_any_layer_stubs_the_optimum_in_every_cycle(cito: Path, name: str) -> None:
    graph = load_graph(system(cito, name))
    layers = int(make_plan(graph, strategy="sandwich").notes[0].split(" of ")[1].split(" ")[0].rstrip(":"))
    for layer in range(1, layers + 1):
        plan = make_plan(graph, strategy="sandwich", target_layer=layer)
        check_plan(graph, plan)
        assert all(c.optimal for c in plan.components), (name, layer)


@pytest.mark.parametrize("name", ["OO_JBoss", "OO_JHotDraw", "OA_AJHotDraw", "OA_HealthWatcher"])
def test_published_search_fronts_never_beat_the_exact_front(cito: Path, name: str) -> None:
    # NSGA-II and SPEA2 respect the inheritance constraints (SOURCES.md): each of
    # their points must be weakly dominated by a point of the exact front.
    graph = load_graph(system(cito, f"HITO/{name}"))
    exact = [p.values for p in pareto(graph).points]
    for algorithm in ("nsgaii", "spea2"):
        stored = (
            cito / "GiovaniGuizzo_HITO" / "resultado" / algorithm / f"{name}_Comb_2obj" / f"All_FUN_{algorithm}-{name}"
        )
        points = [tuple(float(x) for x in line.split()) for line in stored.read_text().splitlines() if line.strip()]
        assert points
        for a, m in points:
            assert any(ea <= a and em <= m for ea, em in exact), (algorithm, a, m, exact)
