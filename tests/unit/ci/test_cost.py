"""Lane packing against a brute-force optimum, and the cost of each layout on a small plan."""

from __future__ import annotations

import itertools
import json
import random

import pytest

from planner import planfile
from planner.ci.cost import EXACT_STEPS, CostModel, estimate, pack_lanes, step_seconds
from planner.model import Plan


def brute_force(weights: dict[int, float], lanes: int) -> float:
    """The least heaviest lane over every assignment of the steps to the lanes."""
    steps = sorted(weights)
    best = float("inf")
    for assignment in itertools.product(range(lanes), repeat=len(steps)):
        loads = [0.0] * lanes
        for k, lane in zip(steps, assignment, strict=True):
            loads[lane] += weights[k]
        best = min(best, max(loads))
    return best


CASES = [(random.Random(seed).randint(1, 8), random.Random(seed + 1000).randint(1, 4), seed) for seed in range(60)]


@pytest.mark.parametrize(("n", "lanes", "seed"), CASES)
def test_the_packing_is_the_brute_force_optimum_on_small_cases(n: int, lanes: int, seed: int) -> None:
    rng = random.Random(seed)
    weights = {k: float(rng.choice([1, 2, 3, 5, 8, 13]) + rng.random()) for k in range(1, n + 1)}
    packing = pack_lanes(weights, lanes)
    assert packing.optimal
    assert packing.makespan == pytest.approx(brute_force(weights, lanes))
    # every step in exactly one lane, each lane in plan order, no more lanes than asked
    assert sorted(k for lane in packing.lanes for k in lane) == sorted(weights)
    assert all(list(lane) == sorted(lane) for lane in packing.lanes) and len(packing.lanes) <= lanes
    assert packing.lower_bound <= packing.makespan + 1e-9


def test_longest_first_beyond_the_exact_limit_stays_within_grahams_bound() -> None:
    rng = random.Random(7)
    weights = {k: float(rng.randint(1, 100)) for k in range(1, EXACT_STEPS + 30)}
    for lanes in (2, 3, 5):
        packing = pack_lanes(weights, lanes)
        assert packing.makespan <= (4 / 3 - 1 / (3 * lanes)) * brute_force_bound(weights, lanes) + 1e-9
        assert pack_lanes(weights, lanes) == packing  # deterministic


def brute_force_bound(weights: dict[int, float], lanes: int) -> float:
    return max(sum(weights.values()) / lanes, max(weights.values()))


def small_plan() -> Plan:
    """Five steps in three waves; step 1 has no tests."""
    waves = [1, 1, 2, 2, 3]
    data = {
        "schema": "planner-plan/1",
        "strategy": "bottom-up",
        "options": {"cycles": "break", "objective": "specific-stubs"},
        "graph": {"source": "g.dot", "sha256": "0" * 64, "units": 5, "edges": 0},
        "steps": [
            {"index": k, "wave": w, "units": [f"u{k}"], "stubs": [], "drivers": [],
             "tests": [f"tests/test_u{k}.py::test_{n}" for n in range(k - 1)]}
            for k, w in enumerate(waves, start=1)
        ],
        "broken_edges": [],
        "metrics": {"steps": 5, "waves": 3, "specific_stubs": 0, "generic_stubs": 0, "drivers": 0,
                    "stub_complexity": 0},
    }  # fmt: skip
    return planfile.loads(json.dumps(data))


def test_layout_costs_of_a_small_plan() -> None:
    plan = small_plan()
    model = CostModel(job_seconds=60, start_seconds=2, test_seconds=0.05)
    seconds = step_seconds(plan, {2: 10.0, 3: 10.0, 4: 10.0}, model)
    assert seconds == {2: 10.0, 3: 10.0, 4: 10.0, 5: pytest.approx(0.2)}  # step 5: 4 tests, estimated
    plain = estimate(plan, seconds, model, "pytest")
    single = estimate(plan, seconds, model, "single")
    assert single == estimate(plan, seconds, model, "single") and single.critical_path == plain.critical_path
    waves = estimate(plan, seconds, model, "waves")
    assert waves.jobs == 4 and waves.critical_path == pytest.approx(72 + 72 + 62.2)  # wave by wave
    assert waves.runner_seconds == pytest.approx(3 * 72 + 62.2)
    lanes = estimate(plan, seconds, model, "lanes", lanes=2)
    assert lanes.jobs == 2 and lanes.optimal  # 12 + 12 | 12 + 2.2
    assert lanes.critical_path == pytest.approx(60 + 24) and lanes.lower_bound == pytest.approx(60 + 19.1)
    assert lanes.runner_seconds == pytest.approx(2 * 60 + 38.2)
