"""The exact solver on its own, without the heuristic and the packing bound that usually spare it."""

from __future__ import annotations

import math
import time

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

from planner.cycles.clock import Deadline
from planner.cycles.exact import lazy_solve, seed_model, tighten
from planner.cycles.instance import Instance, make_instance
from planner.cycles.milp import CoverModel
from planner.cycles.objectives import problem_from_graph
from planner.graph import IndexedGraph
from tests.cycle_checks import OBJECTIVES, all_orders, cost_of, optimum, valid
from tests.strategies import coupled_graphs

pytest.importorskip("highspy", reason="the exact solver needs the exact extra (highspy)")

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def instance(graph: nx.DiGraph, objective: str) -> tuple[Instance, list[str]]:
    ig = IndexedGraph(graph)
    problem = problem_from_graph(graph, objective, ig)
    cost = {(i, j): problem.cost[(i, j)] for i, j in ig.edges if (i, j) not in problem.unbreakable}
    inst = make_instance(len(ig), ig.succ, problem.unbreakable, cost, generic=problem.generic)
    return inst, ig.names


@SETTINGS
@given(graph=coupled_graphs())
def test_the_lazy_milp_alone_finds_the_optimum(graph: nx.DiGraph) -> None:
    orders = all_orders(graph)
    for objective in OBJECTIVES:
        inst, names = instance(graph, objective)
        if not inst.element_cost:
            continue
        model = CoverModel(inst.element_cost)
        outcome = lazy_solve(inst, model, clock=Deadline(time.monotonic() + 60), objective=inst.value)
        assert outcome.proven and outcome.removed is not None
        broken = sorted((names[i], names[j]) for i, j in outcome.removed)
        assert valid(graph, broken)
        assert nx.is_directed_acyclic_graph(nx.restricted_view(graph, [], broken))
        assert math.isclose(cost_of(graph, broken, objective), optimum(graph, objective, orders), abs_tol=1e-9)


@SETTINGS
@given(graph=coupled_graphs())
def test_the_lp_phase_never_claims_too_much(graph: nx.DiGraph) -> None:
    orders = all_orders(graph)
    for objective in OBJECTIVES:
        inst, names = instance(graph, objective)
        if not inst.element_cost:
            continue
        model = CoverModel(inst.element_cost)
        seed_model(inst, model)
        everything = sorted(inst.element_of)  # breaking every breakable edge is always an answer
        best, bound, _ = tighten(
            inst, model, clock=Deadline(time.monotonic() + 60), incumbent=everything, bound=0.0, round_up=False
        )
        broken = sorted((names[i], names[j]) for i, j in best)
        assert nx.is_directed_acyclic_graph(nx.restricted_view(graph, [], broken))
        assert bound <= optimum(graph, objective, orders) + 1e-9 <= inst.value(best) + 2e-9
