"""The step table ``planner run`` hands its pytest session: each step's node ids, nothing else.

``planner run`` has read the plan file and checked it against its schema before the session
starts; the session needs of it only the node ids of each step's tests. Written as a small
JSON file in the run's report folder (``--plan-steps``), it spares the session reading,
checking and building the whole plan a second time. No pytest here: the runner imports it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from planner.errors import UsageError

if TYPE_CHECKING:
    from planner.model import Plan

__all__ = ["TABLE_SCHEMA", "StepTable", "read_table", "table_of", "write_table"]

TABLE_SCHEMA = "planner-run-steps/1"
"""The ``schema`` of the step table ``planner run`` hands its session (``--plan-steps``)."""

StepTable = Sequence[tuple[int, Sequence[str]]]
"""Each step's index and the node ids of its tests, in plan order."""


def table_of(plan: Plan, *, path: str) -> StepTable:
    """The step table of ``plan`` (refused when the plan assigns no tests)."""
    if not plan.assigns_tests:
        raise UsageError(f"{path}: the plan assigns no tests (make it with 'planner plan ... --tests DIR')")
    return [(step.index, step.tests) for step in plan.steps]


def write_table(path: str, table: StepTable) -> None:
    """Write the step table of a plan that has been read and checked (``planner run``)."""
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"schema": TABLE_SCHEMA, "steps": [[index, list(tests)] for index, tests in table]}, handle)


def read_table(path: str) -> StepTable:
    """The step table :func:`write_table` wrote (its shape checked, its node ids taken as written)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: cannot read the step table: {exc}") from None
    steps = data.get("steps") if isinstance(data, dict) and data.get("schema") == TABLE_SCHEMA else None
    if not isinstance(steps, list) or not all(
        isinstance(s, list) and len(s) == 2 and isinstance(s[0], int) and isinstance(s[1], list) for s in steps
    ):
        raise UsageError(f"{path}: not a step table of planner run ({TABLE_SCHEMA})")
    return [(index, tuple(tests)) for index, tests in steps]
