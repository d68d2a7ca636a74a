"""The exact Pareto front of cycle breaking under two objectives.

The multi-objective CITO papers (Assunção, Vergilio, Guizzo and others) search
for orders that trade attribute coupling against method coupling, with
evolutionary algorithms that approximate the front. Here it is computed: by
the lexicographic epsilon-constraint method, each point of the front is two
exact solves of the covering MILP (:mod:`planner.cycles.exact`):

1. minimise the first objective ``f`` subject to ``g <= eps``: ``f*``;
2. minimise ``g`` subject to ``f <= f*`` and ``g <= eps``: ``g*``;

then ``(f*, g*)`` is a Pareto-optimal point, and the next point has
``g <= g* - 1`` (both objectives are whole numbers). The first point has no
bound on ``g``; the last solve is infeasible. The cycles found along the way
stay in the model, so later solves start from them.

Components do not interact, so the front of the whole graph is the sum of
the fronts of its components (every pair, keeping the non-dominated sums).

References
----------
Y. Y. Haimes, L. S. Lasdon, D. A. Wismer, "On a bicriterion formulation of
the problems of integrated system identification and system optimization",
IEEE Trans. SMC 1(3), 1971 (the epsilon-constraint method); W. K. G. Assunção,
T. E. Colanzi, S. R. Vergilio, A. Pozo, "A multi-objective optimization
approach for the integration and test order problem", Information Sciences
267, 2014.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from planner.cycles.clock import Clock, clock_for
from planner.cycles.components import split_component
from planner.cycles.exact import lazy_solve, seed_model
from planner.cycles.instance import Edge, Instance
from planner.cycles.options import DEFAULT_PARETO_EFFORT
from planner.cycles.problem import CycleProblem, find_unbreakable_cycle
from planner.graph import strongly_connected_components

__all__ = ["Front", "FrontPoint", "pareto_front"]


@dataclass(frozen=True)
class FrontPoint:
    """One Pareto-optimal trade-off: the two objectives' values and the edges broken."""

    values: tuple[float, float]
    removed: frozenset[Edge]


@dataclass(frozen=True)
class Front:
    """The Pareto front, best first objective first; ``exact`` unless time ran out."""

    points: tuple[FrontPoint, ...]
    exact: bool


def pareto_front(
    problem: CycleProblem,
    first: Mapping[Edge, float],
    second: Mapping[Edge, float],
    *,
    time_limit: float | None = None,
    effort: int | None = None,
) -> Front:
    """Every Pareto-optimal pair (``first`` cost, ``second`` cost) of a cycle breaking of ``problem``.

    Both cost maps give whole numbers >= 0 per edge (missing edges cost 0);
    ``problem.cost`` is not used. Raises
    :class:`~planner.errors.UnbreakableCycleError` when unbreakable edges
    alone close a cycle. The search is bounded by ``effort`` work units (default
    :data:`DEFAULT_PARETO_EFFORT`), so the front is the same on any machine, or by
    ``time_limit`` seconds of wall clock where given.
    """
    find_unbreakable_cycle(problem)
    clock = clock_for(time_limit=time_limit, effort=effort, default_effort=DEFAULT_PARETO_EFFORT)
    n = len(problem.names)
    total = [FrontPoint((0.0, 0.0), frozenset())]
    exact = True
    for component in strongly_connected_components(range(n), problem.succ):
        if len(component) < 2:
            continue
        points, done = _component_front(problem, component, first, second, clock)
        exact = exact and done
        total = _sum_fronts(total, points)
    return Front(points=tuple(total), exact=exact)


def _component_front(
    problem: CycleProblem,
    component: list[int],
    first: Mapping[Edge, float],
    second: Mapping[Edge, float],
    clock: Clock,
) -> tuple[list[FrontPoint], bool]:
    split = split_component(
        problem,
        component,
        lambda u, v: (float(first.get((u, v), 0)), float(second.get((u, v), 0))),
        weight=lambda _: 1.0,
        free=lambda c: c == (0.0, 0.0),
        generic=False,
    )
    front = [FrontPoint((0.0, 0.0), split.free)]
    done = True
    for piece in split.pieces:
        inst = piece.instance
        edges = sorted(inst.element_of, key=inst.element_of.__getitem__)
        weights = [split.costs[edge] for edge in piece.lift(edges)]
        points, finished = _instance_front(inst, [w[0] for w in weights], [w[1] for w in weights], clock)
        done = done and finished
        front = _sum_fronts(front, [FrontPoint(p.values, frozenset(piece.lift(p.removed))) for p in points])
    result = [FrontPoint(point.values, frozenset(split.lift(split.restore(sorted(point.removed))))) for point in front]
    return result, done


def _instance_front(
    inst: Instance, first: Sequence[float], second: Sequence[float], clock: Clock
) -> tuple[list[FrontPoint], bool]:
    """The lexicographic epsilon-constraint loop on one piece (costs per element)."""
    from planner.cycles.milp import CoverModel

    def f(removed: Sequence[Edge]) -> float:
        return math.fsum(first[inst.element_of[e]] for e in removed)

    def g(removed: Sequence[Edge]) -> float:
        return math.fsum(second[inst.element_of[e]] for e in removed)

    model = CoverModel(first)
    first_row = model.add_budget(first)
    second_row = model.add_budget(second)
    seed_model(inst, model)
    points: list[FrontPoint] = []
    eps = math.inf
    while True:
        model.set_costs(first)
        model.set_budget(first_row, math.inf)
        model.set_budget(second_row, eps)
        best_f = lazy_solve(inst, model, clock=clock, objective=f, accept=_within(g, eps), round_up=True)
        if best_f.infeasible:
            return points, True
        if not best_f.proven or best_f.removed is None:
            return points, False
        f_star = best_f.value
        model.set_costs(second)
        model.set_budget(first_row, f_star)
        best_g = lazy_solve(
            inst,
            model,
            clock=clock,
            objective=g,
            incumbent=best_f.removed,
            accept=_both(_within(g, eps), _within(f, f_star)),
            round_up=True,
        )
        if not best_g.proven or best_g.removed is None:
            return points, False
        points.append(FrontPoint((f_star, best_g.value), frozenset(best_g.removed)))
        eps = best_g.value - 1
        if eps < 0:
            return points, True


def _within(value: Callable[[Sequence[Edge]], float], cap: float) -> Callable[[Sequence[Edge]], bool]:
    """Whether an answer's ``value`` stays within ``cap``."""
    return lambda removed: value(removed) <= cap + 1e-9


def _both(a: Callable[[Sequence[Edge]], bool], b: Callable[[Sequence[Edge]], bool]) -> Callable[[Sequence[Edge]], bool]:
    return lambda removed: a(removed) and b(removed)


def _sum_fronts(left: Sequence[FrontPoint], right: Sequence[FrontPoint]) -> list[FrontPoint]:
    """The non-dominated sums of a point of ``left`` and a point of ``right``, by first value."""
    sums: dict[tuple[float, float], frozenset[Edge]] = {}
    for a in left:
        for b in right:
            key = (a.values[0] + b.values[0], a.values[1] + b.values[1])
            if key not in sums:
                sums[key] = a.removed | b.removed
    front: list[FrontPoint] = []
    for key in sorted(sums):
        if not front or key[1] < front[-1].values[1]:
            front.append(FrontPoint(key, sums[key]))
    return front
