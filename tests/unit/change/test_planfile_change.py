"""The ``change`` section of a plan file: written, read back, validated, refused when wrong."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pytest

from planner import make_plan, planfile
from planner.errors import PlanFileError
from planner.model import Change, ChangedFile, Plan

SCHEMA = json.loads((Path(__file__).parents[3] / "planner/schemas/plan-2.schema.json").read_text())

CHANGE = Change(
    since="origin/main",
    base="0" * 40,
    files=(
        ChangedFile("src/shop/money.py", "unit", "the file of a unit", ("shop.money",)),
        ChangedFile("docs/x.md", "ignored", "outside the scanned tree and the tests"),
    ),
    everything=False,
    units=(("shop.money", "changed"), ("shop.orders", "depends on shop.money")),
    unselected_tests=3,
)


def plan_with_change() -> Plan:
    plan = make_plan(nx.DiGraph([("shop.orders", "shop.money")]))
    return replace(plan, change=CHANGE)


def test_the_change_section_round_trips_and_validates() -> None:
    plan = plan_with_change()
    text = planfile.dumps(plan)
    jsonschema.validate(json.loads(text), SCHEMA)
    assert planfile.loads(text) == plan
    assert planfile.loads(text).change == CHANGE


def test_plans_without_a_change_are_unchanged() -> None:
    assert "change" not in json.loads(planfile.dumps(make_plan(nx.DiGraph([("a", "b")]))))


def test_only_a_change_aware_plan_may_have_no_step() -> None:
    data = json.loads(planfile.dumps(plan_with_change()))
    data["steps"] = []
    data["metrics"].update(steps=0, waves=0)
    jsonschema.validate(data, SCHEMA)
    del data["change"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda c: c["files"][0].update(effect="explode"), "plan.change.files[0].effect must be one of"),
        (lambda c: c["files"][0].update(path="a\nb"), "plan.change.files[0].path"),
        (lambda c: c["units"][0].update(unit=7), "plan.change.units[0].unit must be string"),
        (lambda c: c.pop("everything"), "plan.change must contain ['everything'] properties"),
    ],
)
def test_a_bad_change_section_is_refused(edit: Callable[[dict[str, Any]], object], message: str) -> None:
    data = json.loads(planfile.dumps(plan_with_change()))
    edit(data["change"])
    with pytest.raises(PlanFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        planfile.loads(json.dumps(data))
