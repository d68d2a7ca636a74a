"""A plan's selections for pytest: node ids per step, ``-k`` expressions, JSON.

Pure functions of a :class:`~planner.model.Plan`; ``planner select`` prints them.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from planner.errors import UsageError
from planner.model import TECHNIQUES, Plan
from planner.selection.collected import node_id_names
from planner.selection.kexpr import k_expression

__all__ = ["SELECT_SCHEMA", "k_for_step", "selection_json", "step_tests", "techniques"]

SELECT_SCHEMA = "planner-selection/1"


def _check(plan: Plan, step: int | None, technique: str | None) -> None:
    if step is not None and not 1 <= step <= len(plan.steps):
        raise UsageError(f"no step {step}: the plan has steps 1 to {len(plan.steps)}")
    if technique is not None:
        if technique not in TECHNIQUES:
            raise UsageError(f"unknown technique {technique!r} (choose from {', '.join(TECHNIQUES)})")
        if plan.selection is None:
            raise UsageError(
                "{technique} needs a plan made with --tests (it records each test's technique)", parameter="technique"
            )


def step_tests(plan: Plan, step: int, *, technique: str | None = None) -> tuple[str, ...]:
    """The node ids of step ``step``, in plan order (only those of ``technique``, if given)."""
    _check(plan, step, technique)
    if technique is None or plan.selection is None:
        return plan.steps[step - 1].tests
    return tuple(t.node_id for t in plan.selection.of_step(step) if t.technique == technique)


def techniques(plan: Plan, step: int) -> dict[str, int]:
    """How many tests of step ``step`` use each technique (all three keys, zeros included)."""
    counts = Counter(t.technique for t in plan.selection.of_step(step)) if plan.selection else Counter()
    return {name: counts.get(name, 0) for name in TECHNIQUES}


def k_for_step(plan: Plan, step: int, *, technique: str | None = None) -> str:
    """A ``-k`` expression selecting exactly the tests of ``step`` among all the plan's tests."""
    chosen = step_tests(plan, step, technique=technique)
    if plan.selection is None:
        # -k also matches markers and parametrize ids, which only a collection records
        raise UsageError(
            "{fmt} k needs a plan made with --tests (it records the names -k matches on each test)", parameter="fmt"
        )
    names = {t.node_id: node_id_names(t.node_id) | set(t.keywords) for t in plan.selection.tests}
    expression = k_expression(chosen, names)
    if expression is None:
        raise UsageError(
            f"no -k expression selects exactly the tests of step {step} (their names cannot be told apart "
            "or spelt in -k); use the node ids: planner select PLAN --step K -o FILE, then pytest @FILE"
        )
    return expression


def selection_json(plan: Plan, *, step: int | None = None, technique: str | None = None) -> str:
    """Every step's tests (or step ``step``'s) as JSON, with the technique mix of each."""
    _check(plan, step, technique)
    steps: list[dict[str, Any]] = []
    for current in plan.steps:
        if step is not None and current.index != step:
            continue
        steps.append(
            {
                "index": current.index,
                "units": list(current.units),
                "tests": list(step_tests(plan, current.index, technique=technique)),
                "techniques": techniques(plan, current.index),
            }
        )
    selection = plan.selection
    data = {
        "schema": SELECT_SCHEMA,
        "rootdir": selection.rootdir if selection is not None else None,
        "args": list(selection.args) if selection is not None else [],
        "footprint": selection.footprint if selection is not None else None,
        "technique": technique,
        "steps": steps,
    }
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
