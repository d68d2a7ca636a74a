"""The tests of a step, for pytest: node ids, a ``-k`` expression, or every step as JSON."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from planner.errors import UsageError

__all__ = ["SelectFormat", "StepSelection", "select"]

SelectFormat = Literal["ids", "k", "json"]


@dataclass(frozen=True)
class StepSelection:
    """What ``planner select`` writes (``text``), and what it tells the user beside it (``notes``)."""

    text: str
    notes: tuple[str, ...] = ()


def select(
    plan_file: str | Path, *, step: int | None = None, technique: str | None = None, fmt: SelectFormat = "ids"
) -> StepSelection:
    """The tests of step ``step`` of the plan in ``plan_file`` (of every step for ``json``),
    of technique ``technique`` only if given."""
    from planner.selection.export import k_for_step, selection_json, step_tests
    from planner.usecases.plans import read_plan

    plan = read_plan(plan_file)
    if not plan.assigns_tests:
        raise UsageError(f"{plan_file}: the plan assigns no tests (make it with 'planner plan ... --tests DIR')")
    if fmt == "json":
        return StepSelection(selection_json(plan, step=step, technique=technique))
    if step is None:
        raise UsageError(
            f"{{fmt}} {fmt} needs {{step}} K (or use {{fmt}} json for every step)", parameter=("fmt", "step")
        )
    ids = step_tests(plan, step, technique=technique)
    text = "".join(f"{node_id}\n" for node_id in ids)
    if fmt == "k":
        expression = k_for_step(plan, step, technique=technique) + "\n"
        if ids and len(expression) >= len(text):
            return StepSelection(expression, ("note: the node ids are shorter than this -k expression",))
        return StepSelection(expression)
    if not ids:
        note = (
            f"step {step} has no tests: skip it ('pytest @FILE' with an empty FILE would run the whole "
            "suite; 'pytest --plan=PLAN --plan-step=K' runs none)"
        )
        return StepSelection(text, (note,))
    return StepSelection(text)
