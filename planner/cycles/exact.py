"""Exact cycle breaking: the covering MILP with cycles added as they are violated.

The model starts with a few short cycles. First its LP relaxation is
tightened: the LP is solved, the edges it breaks by half or more are taken out,
the cycles that survive are added, and so on while new cycles turn up. Each
LP optimum is a lower bound (rounded up when costs are whole numbers), and
each rounded LP answer, repaired and improved by local search, an upper bound;
on the graphs we measured the two often meet here. Then HiGHS solves the MILP
to a zero gap; if
the edges it breaks leave no cycle, that answer is optimal for the whole
problem (it is optimal for a relaxation and feasible). Otherwise the cycles
that survive are added (a short cycle through every edge of every component
left) and the model is solved again. Every run's bound is a bound for the
whole problem, since a relaxation can only cost less; every run's answer,
repaired with the heuristic and improved by local search, is an upper bound.
When time runs out the best answer and the best bound are returned.

This is the lazy cycle-generation method of Baharev et al., with HiGHS as the
solver and our local search as the primal heuristic.

References
----------
A. Baharev, H. Schichl, A. Neumaier, T. Achterberg, "An exact method for the
minimum feedback arc set problem", ACM Journal of Experimental Algorithmics
26, 2021.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from planner.cycles.bounds import avoiding, short_cycles
from planner.cycles.clock import Clock
from planner.cycles.heuristic import BRIAND_MAX, briand, guided
from planner.cycles.instance import Edge, Instance
from planner.cycles.local_search import improve
from planner.cycles.milp import CoverModel
from planner.graph import strongly_connected_components

__all__ = ["Outcome", "closed", "integral", "lazy_solve", "seed_model", "tighten"]


@dataclass(frozen=True)
class Outcome:
    """The best answer of a solve, its value, and the proven lower bound.

    ``removed`` is ``None`` when no acceptable answer was found (an
    infeasible budget, or time ran out first); ``from_solver`` says whether
    the answer came out of the MILP (rather than the incumbent it was given).
    """

    removed: tuple[Edge, ...] | None
    value: float
    bound: float
    proven: bool
    from_solver: bool
    infeasible: bool = False


def seed_model(
    inst: Instance, model: CoverModel, extra: Sequence[frozenset[int]] = (), *, clock: Clock | None = None
) -> None:
    """Start the model with ``extra`` and a short cycle through every edge of ``inst``."""
    model.add_cycles(extra)
    model.add_cycles(short_cycles(inst, range(inst.size), clock=clock))


def _selected_edges(inst: Instance, selection: frozenset[int]) -> list[Edge]:
    return sorted(edge for edge, k in inst.element_of.items() if k in selection)


def _cyclic_nodes(inst: Instance, removed: set[Edge]) -> list[int]:
    succ = [[j for j in inst.succ[i] if (i, j) not in removed] for i in range(inst.size)]
    return [v for c in strongly_connected_components(range(inst.size), succ) if len(c) > 1 for v in c]


def tighten(
    inst: Instance,
    model: CoverModel,
    *,
    clock: Clock,
    incumbent: Sequence[Edge],
    bound: float,
    round_up: bool,
) -> tuple[tuple[Edge, ...], float, bool]:
    """Cut the LP relaxation with violated cycles; return the best answer, the bound, and whether it improved.

    The answer is the incumbent or a rounded LP answer, repaired, whichever costs less.
    """
    best = tuple(incumbent)
    best_value = inst.value(best)
    improved = False
    by_element: dict[int, list[Edge]] = {}
    for edge, k in inst.element_of.items():
        by_element.setdefault(k, []).append(edge)
    stalled = 0
    last = -math.inf
    while not closed(best_value, bound) and stalled < 3:
        if clock.expired(0):
            break
        relaxation = model.relax(clock)
        if relaxation is None:
            break
        # Rounds that move the LP by less than 0.1% are better spent in the MILP.
        stalled = stalled + 1 if relaxation.value <= last + 1e-3 * max(1.0, abs(last)) else 0
        last = relaxation.value
        value = math.ceil(relaxation.value - 1e-6) if round_up else relaxation.value
        bound = max(bound, value)
        x = relaxation.x
        rounded = {e for k, edges in by_element.items() if x[k] >= 0.5 - 1e-9 for e in edges}
        left = _cyclic_nodes(inst, rounded)
        # Two roundings of the LP answer: keep the edges it breaks least first, or break
        # what it breaks by half and repair the rest; with no cycle left, only put back
        # the needless edges.
        answers = _repairs(inst, x, sorted(rounded), clock) if left else [briand(inst, sorted(rounded), clock=clock)]
        for answer in answers:
            if inst.value(answer) < best_value - 1e-9:
                best, best_value, improved = tuple(answer), inst.value(answer), True
        new = 0
        if left:
            new += model.add_cycles(short_cycles(inst, left, avoiding(rounded), clock=clock))
        # Cycles among the edges the LP barely touches are the next ones it would violate.
        light = {e for k, edges in by_element.items() if x[k] > 0.1 for e in edges}
        lighter = _cyclic_nodes(inst, light)
        if lighter:
            new += model.add_cycles(short_cycles(inst, lighter, avoiding(light), clock=clock))
        if not new:
            break
    return best, bound, improved


def _repairs(inst: Instance, weight: Sequence[float], removed: Sequence[Edge], clock: Clock) -> list[list[Edge]]:
    """Answers near a fractional or partial one: rounded by ``weight``, or ``removed`` repaired by Briand's heuristic.

    Each is improved by local search; Briand's repair only on components it
    can handle quickly (:data:`~planner.cycles.heuristic.BRIAND_MAX`).
    """
    answers = []
    rounded = guided(inst, weight, clock=clock)
    if rounded is not None:
        answers.append(improve(inst, rounded, clock=clock))
    if inst.size <= BRIAND_MAX:
        answers.append(improve(inst, briand(inst, removed, clock=clock), clock=clock))
    return answers


def closed(value: float, bound: float) -> bool:
    """Whether the bound proves ``value`` optimal (an infinite value never is)."""
    return math.isfinite(value) and value <= bound + 1e-9 * max(1.0, abs(value))


def integral(inst: Instance) -> bool:
    """Whether every element costs a whole number, so bounds may be rounded up."""
    return all(float(c).is_integer() for c in inst.element_cost)


def lazy_solve(
    inst: Instance,
    model: CoverModel,
    *,
    clock: Clock,
    objective: Callable[[Sequence[Edge]], float],
    incumbent: Sequence[Edge] | None = None,
    accept: Callable[[Sequence[Edge]], bool] = lambda removed: True,
    round_up: bool = False,
) -> Outcome:
    """Minimise the model's objective over acyclic answers, adding cycles lazily.

    ``objective`` values an answer as the model's costs do; ``accept`` says
    whether an answer meets the model's budget rows (repaired answers may
    not). ``incumbent``, if given, must be an accepted answer.
    """
    best = tuple(incumbent) if incumbent is not None else None
    best_value = objective(best) if best is not None else math.inf
    from_solver = False
    bound = -math.inf
    tolerance = 1e-9
    while True:
        if clock.expired(0):
            break
        # Keep a tenth of what is left to repair and improve what the MILP returns.
        run = model.solve(clock.share(0.9), best_value if best is not None else None)
        if run.status == "infeasible":
            if best is not None:  # nothing beats the incumbent, which the model allows: it is optimal
                bound = best_value
                break
            return Outcome(None, math.inf, math.inf, True, False, infeasible=True)
        if run.bound > bound:
            bound = math.ceil(run.bound - 1e-6) if round_up else run.bound
        if run.selection is None:
            break
        removed = _selected_edges(inst, run.selection)
        left = _cyclic_nodes(inst, set(removed))
        if not left:
            answer = tuple(briand(inst, removed, clock=clock))  # only puts back needless edges
            value = objective(answer)
            if value < best_value - tolerance or (run.status == "optimal" and value <= best_value + tolerance):
                best, best_value, from_solver = answer, value, True
            if run.status == "optimal":
                bound = max(bound, best_value)
                break
        else:
            gone = set(removed)
            if not model.add_cycles(short_cycles(inst, left, avoiding(gone), clock=clock)):
                break  # pragma: no cover - a solution of the model breaks every cycle it holds
            chosen = [1.0 if k in run.selection else 0.0 for k in range(len(inst.element_cost))]
            for repaired in _repairs(inst, chosen, removed, clock):
                value = objective(repaired)
                if value < best_value - tolerance and accept(repaired):
                    best, best_value, from_solver = tuple(repaired), value, True
        if closed(best_value, bound):
            break
    proven = best is not None and closed(best_value, bound)
    return Outcome(best, best_value, bound if not proven else best_value, proven, from_solver)
