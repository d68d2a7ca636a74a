"""A plan file is accepted exactly when it is valid against its JSON Schema and its parts agree.

Plan files are mutated at random (a key dropped, a value replaced by one of another
type, a number moved by one, a list item dropped, doubled or swapped); the reader must
accept the result if and only if ``jsonschema`` (the reference validator, not the one
the reader uses) says it is schema-valid and the independent consistency check below
says its parts agree. Rejections must be one printable line naming the file.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import planfile
from planner.api import make_plan
from planner.base.nodeids import check_node_id
from planner.errors import PlanFileError

SCHEMA = json.loads((Path(__file__).parents[2] / "planner/schemas/plan-2.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


def base_plans() -> list[dict[str, Any]]:
    graph = nx.DiGraph(
        [("app", "web"), ("web", "db"), ("db", "cache"), ("cache", "db"), ("app", "db"), ("web", "config")]
    )
    nx.set_edge_attributes(graph, {("app", "web"): ["serve"], ("web", "db"): ["get", "put"]}, "names")
    plans = []
    for strategy in ("bottom-up", "top-down", "sandwich"):
        plan = make_plan(graph, strategy=strategy)
        tests = [[f"tests/test_{u}.py::test_{u}" for u in step.units] for step in plan.steps]
        plans.append(planfile.plan_to_dict(plan.with_tests(tests)))
    return plans


BASES = base_plans()


def consistent(data: dict[str, Any]) -> bool:
    """The rules of docs/plan-file.md that a schema cannot state, written out again."""
    steps = data["steps"]
    if any(step["index"] != k + 1 for k, step in enumerate(steps)) or data["metrics"]["steps"] != len(steps):
        return False
    step_of: dict[str, int] = {}
    for step in steps:
        for unit in step["units"]:
            if unit in step_of or not unit.isprintable():
                return False
            step_of[unit] = step["index"]
    for kind in ("stubs", "drivers"):
        for double in data[kind]:
            first, last = double["first"], double["last"]
            own, others = (last + 1, first) if kind == "stubs" else (first, last + 1)
            if step_of.get(double["unit"]) != own or any(step_of.get(u) != others for u in double["for"]):
                return False
    if any(edge[end] not in step_of for edge in data["broken_edges"] for end in ("importer", "imported")):
        return False
    if any(check_node_id(t) is not None for step in steps for t in step.get("tests", [])):
        return False
    if "selection" in data:
        tests = data["selection"]["tests"]
        ids = [t["id"] for t in tests]
        if len(set(ids)) != len(ids) or any(check_node_id(i) is not None for i in ids):
            return False
        if any(not 1 <= t["step"] <= len(steps) for t in tests):
            return False
        for step in steps:
            if step.get("tests", []) != [t["id"] for t in tests if t["step"] == step["index"]]:
                return False
    return True


def containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths to every object and list in ``value``."""
    found = []
    if isinstance(value, dict):
        found.append(path)
        for key, item in value.items():
            found += containers(item, (*path, key))
    elif isinstance(value, list):
        found.append(path)
        for k, item in enumerate(value):
            found += containers(item, (*path, k))
    return found


def at(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


OTHER = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["", "app", "db", "web", "ghost", "a\nb", "-p x", "tests/t.py::x", "planner-plan/1"]),
    st.just([]),
    st.just({}),
    st.just(["app"]),
)


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 2))):
        paths = containers(data)
        path = draw(st.sampled_from(paths))
        parent = at(data, path)
        if not parent:
            continue
        key = draw(st.sampled_from(sorted(parent) if isinstance(parent, dict) else list(range(len(parent)))))
        operation = draw(st.sampled_from(["drop", "replace", "nudge", "double", "swap"]))
        if operation == "drop":
            del parent[key]
        elif operation == "replace":
            # a copy: st.just gives the same list each time, which a later mutation could change
            parent[key] = copy.deepcopy(draw(OTHER))
        elif operation == "nudge" and isinstance(parent[key], int) and not isinstance(parent[key], bool):
            parent[key] += draw(st.sampled_from([-1, 1]))
        elif operation == "double" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif operation == "swap" and isinstance(parent, list) and len(parent) > 1:
            other = draw(st.integers(0, len(parent) - 1))
            parent[key], parent[other] = parent[other], parent[key]
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated())
def test_a_mutated_plan_file_is_accepted_exactly_when_schema_valid_and_consistent(data: dict[str, Any]) -> None:
    expected = VALIDATOR.is_valid(data) and consistent(data)
    refusal = None
    try:
        planfile.loads(json.dumps(data), display="p.json")
    except PlanFileError as exc:
        refusal = str(exc)
    if expected:
        assert refusal is None, f"refused a valid, consistent file: {refusal}"
    else:
        assert refusal is not None, "accepted a file that is not schema-valid and consistent"
        assert refusal.startswith("p.json: ") and refusal.isprintable()


@pytest.mark.parametrize("base", range(len(BASES)))
def test_every_base_plan_is_valid_and_consistent(base: int) -> None:
    """The property above starts from files the reader must accept."""
    assert VALIDATOR.is_valid(BASES[base]) and consistent(BASES[base])
    planfile.loads(json.dumps(BASES[base]))
