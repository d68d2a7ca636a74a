"""What a pipeline layout costs: jobs, critical path (wall time) and runner-minutes, and lane packing.

Pure functions over step durations. A job pays ``job_seconds`` before its
tests (checkout, set-up of Python, installs) and ``start_seconds`` for each
pytest process it starts; a step's tests take their recorded seconds (the
JUnit XML of an earlier ``planner run``) or ``test_seconds`` each when
nothing was recorded. Layouts:

- ``single``: one job running ``planner run`` (one pytest session);
- ``waves``: one job per step with tests, each wave waiting for the one below;
- ``lanes``: at most N jobs side by side, each running its steps in plan order
  (one pytest process per step), steps packed to minimise the longest lane.

Packing the steps into N lanes is multiprocessor scheduling (P||Cmax, NP-hard;
Graham 1969 for the longest-processing-time-first bound of 4/3 - 1/(3N)).
:func:`pack_lanes` solves it exactly by branch and bound up to
:data:`EXACT_STEPS` steps, and by longest-first otherwise; either way it
reports the lower bound ``max(total / N, longest step)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from planner.model import Plan

__all__ = [
    "EXACT_STEPS",
    "CostModel",
    "Estimate",
    "Layout",
    "Packing",
    "estimate",
    "pack_lanes",
    "step_seconds",
]

Layout = Literal["single", "waves", "lanes"]
EXACT_STEPS = 14
"""Up to this many steps, lanes are packed optimally (branch and bound)."""


@dataclass(frozen=True)
class CostModel:
    """Seconds a job pays before its tests, per pytest process, and per test when nothing was recorded."""

    job_seconds: float = 60.0
    start_seconds: float = 2.0
    test_seconds: float = 0.05


@dataclass(frozen=True)
class Estimate:
    """A layout's cost: ``jobs``, ``critical_path`` (seconds of wall time), ``runner_seconds``."""

    layout: str
    jobs: int
    critical_path: float
    runner_seconds: float
    lower_bound: float | None = None
    optimal: bool | None = None


@dataclass(frozen=True)
class Packing:
    """Steps in lanes (each in plan order), the longest lane's weight, the lower bound, whether optimal."""

    lanes: tuple[tuple[int, ...], ...]
    makespan: float
    lower_bound: float
    optimal: bool


def step_seconds(plan: Plan, recorded: Mapping[int, float], model: CostModel) -> dict[int, float]:
    """Each step with tests: its recorded seconds, else its number of tests times ``model.test_seconds``."""
    return {
        step.index: recorded.get(step.index, len(step.tests) * model.test_seconds) for step in plan.steps if step.tests
    }


def pack_lanes(weights: Mapping[int, float], lanes: int) -> Packing:
    """Steps (``step -> weight``) in at most ``lanes`` lanes, minimising the heaviest lane.

    >>> pack_lanes({1: 3.0, 2: 3.0, 3: 2.0, 4: 2.0, 5: 2.0}, 2).makespan
    6.0
    """
    if lanes < 1:
        raise ValueError(f"lanes must be at least 1, not {lanes}")
    order = sorted(weights, key=lambda k: (-weights[k], k))
    count = min(lanes, len(order))
    bound = max(sum(weights.values()) / max(count, 1), max(weights.values(), default=0.0))
    best = _longest_first(order, weights, count)
    optimal = len(order) <= EXACT_STEPS
    if optimal and count > 1:
        best = _branch_and_bound(order, weights, count, best, bound)
    groups = [tuple(sorted(k for k, lane in zip(order, best, strict=True) if lane == j)) for j in range(count)]
    packed = tuple(sorted((g for g in groups if g), key=lambda g: g[0]))
    makespan = max((sum(weights[k] for k in g) for g in packed), default=0.0)
    return Packing(packed, makespan, bound, optimal or makespan <= bound + 1e-9)


def _longest_first(order: Sequence[int], weights: Mapping[int, float], count: int) -> list[int]:
    loads = [0.0] * count
    lane_of = []
    for k in order:
        j = min(range(count), key=lambda i: (loads[i], i))
        loads[j] += weights[k]
        lane_of.append(j)
    return lane_of


def _branch_and_bound(
    order: Sequence[int], weights: Mapping[int, float], count: int, start: list[int], bound: float
) -> list[int]:
    best = list(start)
    best_span = _span(order, weights, best, count)
    loads = [0.0] * count
    lane_of = [0] * len(order)

    def search(i: int, span: float) -> None:
        nonlocal best, best_span
        if span >= best_span - 1e-12 or best_span <= bound + 1e-9:
            return
        if i == len(order):
            best, best_span = list(lane_of), span
            return
        tried: set[float] = set()
        for j in range(count):
            if loads[j] in tried:  # lanes of equal load are interchangeable (and so are empty ones)
                continue
            tried.add(loads[j])
            loads[j] += weights[order[i]]
            lane_of[i] = j
            search(i + 1, max(span, loads[j]))
            loads[j] -= weights[order[i]]

    search(0, 0.0)
    return best


def _span(order: Sequence[int], weights: Mapping[int, float], lane_of: Sequence[int], count: int) -> float:
    loads = [0.0] * count
    for k, j in zip(order, lane_of, strict=True):
        loads[j] += weights[k]
    return max(loads, default=0.0)


def estimate(
    plan: Plan, seconds: Mapping[int, float], model: CostModel, layout: Layout | Literal["pytest"], *, lanes: int = 1
) -> Estimate:
    """The cost of running ``plan``'s steps (``seconds``: each step with tests) in ``layout``.

    ``pytest`` is one job running plain pytest on the whole suite, the baseline.
    """
    total = sum(seconds.values())
    if layout in ("pytest", "single"):
        cost = model.job_seconds + model.start_seconds + total
        return Estimate(layout, 1, cost, cost)
    if layout == "waves":
        by_wave: dict[int, list[float]] = {}
        for step in plan.steps:
            if step.index in seconds:
                by_wave.setdefault(step.wave, []).append(model.job_seconds + model.start_seconds + seconds[step.index])
        path = sum(max(costs) for costs in by_wave.values())
        runner = sum(sum(costs) for costs in by_wave.values())
        return Estimate("waves", sum(len(c) for c in by_wave.values()), path, runner)
    packing = pack_lanes({k: model.start_seconds + s for k, s in seconds.items()}, lanes)
    runner = len(packing.lanes) * model.job_seconds + sum(model.start_seconds + s for s in seconds.values())
    return Estimate(
        "lanes",
        len(packing.lanes),
        model.job_seconds + packing.makespan,
        runner,
        lower_bound=model.job_seconds + packing.lower_bound,
        optimal=packing.optimal,
    )
