"""The plan file's selection: round trip, JSON Schema, and refusing what must not reach pytest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pytest

from planner import planfile
from planner.api import make_plan
from planner.errors import PlanFileError
from planner.selection.assign import assign
from planner.selection.collected import Analysis, Collected, Collection

SCHEMA = json.loads((Path(__file__).parents[3] / "planner/schemas/plan-2.schema.json").read_text())


def plan_text(*, doubles: bool = False) -> str:
    graph = nx.DiGraph([("app", "db")])
    ids = ["tests/test_db.py::test_a[1]", "tests/test_app.py::TestApp::test_b", "tests/test_misc.py::test_c"]
    collection = Collection(
        "/p", ("/p/tests",), tuple(Collected(i, "/p/" + i.split("::")[0], keywords=("parametrize",)) for i in ids)
    )
    analyses = {
        ids[0]: Analysis(("db",), "static", "white-box"),
        ids[1]: Analysis(("app", "db"), "coverage", "grey-box", indirect=("db",)),
        ids[2]: Analysis((), "static", "black-box"),
    }
    plan = make_plan(graph, strategy="bottom-up")
    return planfile.dumps(
        assign(plan, graph, collection, analyses, rootdir=".", args=("tests",), footprint="coverage", doubles=doubles)
    )


def test_a_plan_with_tests_round_trips_and_validates() -> None:
    text = plan_text()
    data = json.loads(text)
    jsonschema.validate(data, SCHEMA)
    assert data["steps"][0]["tests"] == ["tests/test_db.py::test_a[1]"]
    assert data["steps"][1]["new_dependencies"] == [{"importer": "app", "imported": "db"}]
    first = data["selection"]["tests"][0]
    assert first == {
        "id": "tests/test_db.py::test_a[1]",
        "step": 1,
        "footprint": ["db"],
        "method": "static",
        "technique": "white-box",
        "keywords": ["parametrize"],
    }
    again = planfile.loads(text)
    assert planfile.dumps(again) == text
    assert again.selection is not None and again.selection.tests[1].indirect == ("db",)


def test_a_plan_placed_for_a_run_with_doubles_says_so() -> None:
    assert "doubles" not in json.loads(plan_text())["selection"]
    text = plan_text(doubles=True)
    data = json.loads(text)
    jsonschema.validate(data, SCHEMA)
    assert data["selection"]["doubles"] is True
    again = planfile.loads(text)
    assert again.selection is not None and again.selection.doubles and planfile.dumps(again) == text


def test_a_plan_without_tests_has_no_selection_keys() -> None:
    data = json.loads(planfile.dumps(make_plan(nx.DiGraph([("app", "db")]))))
    assert "selection" not in data and all("new_dependencies" not in step for step in data["steps"])


def edited(change: Any) -> str:
    data = json.loads(plan_text())
    change(data)
    return json.dumps(data)


def set_id(value: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["selection"]["tests"][0]["id"] = value
        data["steps"][0]["tests"][0] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (set_id("-p evil"), "plan.steps[0].tests[0] must be a pytest node id"),
        (set_id("@/etc/passwd"), "plan.steps[0].tests[0] must be a pytest node id"),
        (set_id("../outside.py::test_x"), "leaves pytest's rootdir"),
        (set_id("/etc/x.py::test_x"), "not a relative path"),
        (set_id("tests/test_x.py::test\nx"), "plan.steps[0].tests[0] must be a pytest node id"),
        (lambda d: d["selection"]["tests"][0].update(technique="purple-box"), "technique must be one of ['black-box'"),
        (lambda d: d["selection"]["tests"][0].update(step=7), "no step 7 (the plan has 2)"),
        (lambda d: d["selection"]["tests"][0].update(method="guess"), "method must be one of ['static', 'coverage']"),
        (lambda d: d["steps"][0]["tests"].clear(), "plan.steps[0].tests: do not match plan.selection.tests of step 1"),
        (lambda d: d["selection"]["tests"].append(dict(d["selection"]["tests"][0])), "is listed twice"),
        (lambda d: d["selection"].pop("rootdir"), "plan.selection must contain ['rootdir'"),
        (lambda d: d["steps"][1].update(tests=["-x"]), "plan.steps[1].tests[0] must be a pytest node id"),
    ],
)
def test_bad_selections_are_refused_with_one_line(change: Any, message: str) -> None:
    with pytest.raises(PlanFileError) as raised:
        planfile.loads(edited(change), display="plan.json")
    assert message in str(raised.value) and "\n" not in str(raised.value)
    assert str(raised.value).startswith("plan.json: ")


def test_the_schema_refuses_option_like_node_ids() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(json.loads(edited(set_id("-p evil"))), SCHEMA)
