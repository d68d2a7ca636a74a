"""Break the cycles of a :class:`CycleProblem`, component by component, optimally where time allows.

For each non-trivial strongly connected component:

1. breakable edges that cost nothing are set aside (breaking them is free),
   which often splits the component into smaller ones;
2. the heuristic of Briand et al. (on components of up to 300 units) and a
   depth-first order answer, and local search improves both;
3. a packing of short cycles proves a lower bound; if it meets the answer,
   the answer is optimal and nothing more is done;
4. otherwise the LP relaxation is tightened with violated cycles and its
   answers rounded, then the MILP with lazily added cycles
   (:mod:`planner.cycles.exact`) runs until it proves optimality or the time
   budget runs out, in which case the best answer and the best bound are kept;
5. the free edges are put back wherever they close no cycle.

Each component is reported as a :class:`~planner.model.Component`: what it
broke, at what cost, by which method, whether that cost is proven least, and
the lower bound. Without ``highspy`` (the ``exact`` extra) step 4 is skipped
and the plan says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.base.wording import number
from planner.cycles.bounds import packing_bound
from planner.cycles.clock import Clock, clock_for
from planner.cycles.components import split_component
from planner.cycles.exact import closed, integral, lazy_solve, seed_model, tighten
from planner.cycles.heuristic import BRIAND_MAX, briand
from planner.cycles.instance import Edge, Instance
from planner.cycles.local_search import improve, improve_order, quick_order
from planner.cycles.options import DEFAULT_EFFORT, OBJECTIVES
from planner.cycles.problem import CycleBreaking, CycleProblem, find_unbreakable_cycle
from planner.graph import strongly_connected_components
from planner.model import Component

__all__ = ["DEFAULT_EFFORT", "HEURISTIC", "MILP", "OBJECTIVES", "break_cycles"]

HEURISTIC = "briand-heuristic+local-search"
MILP = "milp"


@dataclass
class _Budget:
    """What the solvers may still use: work (or time), and whether the MILP is wanted and installed."""

    clock: Clock
    exact: bool
    missing: bool = False


@dataclass(frozen=True)
class _Answer:
    removed: tuple[Edge, ...]
    bound: float
    proven: bool
    method: str


def break_cycles(
    problem: CycleProblem, *, time_limit: float | None = None, effort: int | None = None, exact: bool = True
) -> CycleBreaking:
    """Choose breakable edges to remove so that ``problem`` becomes acyclic, at least cost.

    ``effort`` (work units, default :data:`DEFAULT_EFFORT`) bounds the whole call,
    deterministically: the same problem gets the same answer on any machine. Where
    ``time_limit`` (seconds) is given it bounds the call by the wall clock instead,
    and the answer may then depend on the machine's speed and load.
    ``exact=False`` skips the MILP. Raises
    :class:`~planner.errors.UnbreakableCycleError` when unbreakable edges alone
    close a cycle.
    """
    find_unbreakable_cycle(problem)
    n = len(problem.names)
    components = [c for c in strongly_connected_components(range(n), problem.succ) if len(c) > 1]
    if not components:
        return CycleBreaking(removed=frozenset(), components=())
    budget = _Budget(clock=clock_for(time_limit=time_limit, effort=effort), exact=exact)
    results: dict[int, Component] = {}
    removed: set[Edge] = set()
    # Small components first, so that one large component cannot starve them.
    for k in sorted(range(len(components)), key=lambda k: (len(components[k]), components[k][0])):
        component = components[k]
        record, broken = _solve_component(problem, component, budget)
        results[k] = record
        removed.update(broken)
    records = tuple(results[k] for k in range(len(components)))
    reason = "missing" if budget.missing else "time" if exact else "heuristic"
    limit = (
        f"{number(time_limit)} s, --time-limit" if time_limit is not None else f"effort {effort or DEFAULT_EFFORT:,}"
    )
    return CycleBreaking(removed=frozenset(removed), components=records, notes=_notes(records, limit, reason))


def _solve_component(problem: CycleProblem, component: list[int], budget: _Budget) -> tuple[Component, list[Edge]]:
    split = split_component(
        problem,
        component,
        lambda u, v: problem.cost.get((u, v), 1.0),
        weight=lambda c: c,
        free=lambda c: not problem.generic and c == 0,
        generic=problem.generic,
    )
    taken: list[Edge] = sorted(split.free)
    bound = 0.0
    proven = True
    methods: set[str] = set()
    for piece in split.pieces:
        answer = _solve_instance(piece.instance, budget)
        taken.extend(piece.lift(answer.removed))
        bound += answer.bound
        proven = proven and answer.proven
        methods.add(answer.method)
    final = split.restore(taken)
    value = split.whole.value(final)
    if proven:
        bound = value
    method = MILP if MILP in methods else HEURISTIC
    record = Component(
        units=tuple(problem.names[v] for v in component),
        method=method,
        broken=tuple((problem.names[u], problem.names[v]) for u, v in split.lift(final)),
        cost=value,
        optimal=proven,
        lower_bound=bound,
    )
    return record, split.lift(final)


def _solve_instance(inst: Instance, budget: _Budget) -> _Answer:
    """Heuristic, local search, bound; then the MILP if the bound does not already prove the answer."""
    clock = budget.clock
    # Briand's heuristic where it is quick, a depth-first order where it is
    # not; local search improves either.
    candidates = []
    if inst.size <= BRIAND_MAX:
        candidates.append(improve(inst, briand(inst, clock=clock), clock=clock))
    candidates.append(improve_order(inst, quick_order(inst), clock=clock))
    answer = min(candidates, key=inst.value)
    value = inst.value(answer)
    round_up = integral(inst)
    # The packing is quick on small components; on large ones the LP gives a
    # far better bound, so it gets only a quarter of what is left.
    bound, packed = packing_bound(inst, clock=clock.share(0.25))
    if round_up:
        bound = math.ceil(bound - 1e-6)
    if closed(value, bound):
        return _Answer(tuple(answer), value, True, HEURISTIC)
    if not budget.exact or clock.expired(0):
        return _Answer(tuple(answer), bound, False, HEURISTIC)
    from planner.cycles.milp import CoverModel

    try:
        model = CoverModel(inst.element_cost)
    except ImportError:  # highspy (the exact extra) is not installed
        budget.exact, budget.missing = False, True
        return _Answer(tuple(answer), bound, False, HEURISTIC)
    seed_model(inst, model, packed, clock=clock)
    best, bound, improved = tighten(inst, model, clock=clock, incumbent=answer, bound=bound, round_up=round_up)
    value = inst.value(best)
    method = MILP if improved else HEURISTIC
    if closed(value, bound):
        return _Answer(best, value, True, method)
    outcome = lazy_solve(inst, model, clock=clock, objective=inst.value, incumbent=best, round_up=round_up)
    assert outcome.removed is not None  # the incumbent is always acceptable
    if outcome.from_solver:
        method = MILP
    return _Answer(outcome.removed, max(bound, outcome.bound), outcome.proven, method)


def _notes(records: tuple[Component, ...], limit: str, reason: str) -> tuple[str, ...]:
    unproven = [c for c in records if not c.optimal]
    if not unproven:
        return ()
    gaps = ", ".join(
        f"{c.units[0]} (+{len(c.units) - 1} units): cost {number(c.cost)}, lower bound {number(c.lower_bound or 0.0)}"
        for c in unproven[:3]
    )
    if len(unproven) > 3:
        gaps += f", and {len(unproven) - 3} more"
    if reason == "missing":
        return (
            f"the exact solver is not installed (pip install 'integration-planner[exact]'): {len(unproven)} cycle "
            f"component(s) broken by the heuristic and local search, not proven optimal: {gaps}",
        )
    if reason == "heuristic":
        return (f"{len(unproven)} cycle component(s) broken by the heuristic and local search alone: {gaps}",)
    return (
        f"cycle breaking reached its limit ({limit}): {len(unproven)} component(s) not proven optimal "
        f"(raise the limit for a proven answer): {gaps}",
    )
