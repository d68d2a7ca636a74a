"""The plan file: round trips, the JSON Schema, and refusing bad or foreign files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings

from planner import planfile
from planner.api import make_plan
from planner.errors import OutputError, PlanFileError, UsageError
from planner.files import write_text_atomic
from tests.strategies import graphs

SCHEMA = json.loads((Path(__file__).parents[2] / "planner/schemas/plan-1.schema.json").read_text())
EXAMPLES = ["shop.dot", "textbook.dot", "classes.dot"]
STRATEGIES = ["top-down", "bottom-up", "sandwich", "big-bang"]


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("strategy", STRATEGIES)
def test_every_example_plan_validates_and_round_trips(graphs, example: str, strategy: str) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(graphs / example, strategy=strategy)
    text = planfile.dumps(plan)
    jsonschema.validate(json.loads(text), SCHEMA)
    again = planfile.loads(text)
    assert again == plan
    assert planfile.dumps(again) == text


@settings(max_examples=40, deadline=None)
@given(graph=graphs(cyclic=True))
def test_generated_plans_validate_against_the_schema(graph) -> None:  # type: ignore[no-untyped-def]
    for strategy in STRATEGIES:
        data = planfile.plan_to_dict(make_plan(graph, strategy=strategy))
        jsonschema.validate(data, SCHEMA)


def test_a_scanned_tree_plan_records_its_scanner_options_and_reads_them_back() -> None:
    from planner.scan import SCOPES, ScanOptions

    tree = Path(__file__).parents[2] / "examples" / "webshop"
    options = ScanOptions(scopes=frozenset(SCOPES), through_init=True, exclude=("app.py",))
    plan = make_plan(tree, scan=options)
    assert plan.graph.scan == (("exclude", ("app.py",)), ("scopes", SCOPES), ("through_init", True))
    data = planfile.plan_to_dict(plan)
    jsonschema.validate(data, SCHEMA)
    assert planfile.loads(planfile.dumps(plan)) == plan
    assert "scan" not in planfile.plan_to_dict(make_plan(tree))["graph"]  # the defaults: nothing to record
    data["graph"]["scan"]["scopes"] = ["runtime"]
    with pytest.raises(PlanFileError, match=r"plan\.graph\.scan\.scopes: unknown scope 'runtime'"):
        planfile.loads(json.dumps(data))


def test_the_text_is_stable_sorted_and_ends_with_a_newline(graphs) -> None:  # type: ignore[no-untyped-def]
    text = planfile.dumps(make_plan(graphs / "shop.dot"))
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert text.endswith("}\n")
    assert text == planfile.dumps(make_plan(graphs / "shop.dot"))


def first_driver(data: Any) -> dict[str, Any]:
    """The first driver of the plan (a bottom-up plan of textbook.dot has drivers)."""
    return next(d for s in data["steps"] for d in s["drivers"])


def valid(graphs: Path) -> dict[str, object]:
    return planfile.plan_to_dict(make_plan(graphs / "textbook.dot"))


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d.update(schema="planner-plan/2"), "plan schema 'planner-plan/2' is not supported"),
        (lambda d: d.pop("schema"), 'not a plan file (no "schema" key'),
        (lambda d: d.pop("steps"), "plan: missing key 'steps'"),
        (lambda d: d["steps"][0].update(units="M1"), "plan.steps[0].units: expected a list, got str"),
        (
            lambda d: d["steps"][0].update(units=["M\n1"]),
            "plan.steps[0].units[0]: unit name 'M\\n1' contains a control",
        ),
        (lambda d: d["steps"][1].update(index=7), "plan.steps[1].index: expected 2, got 7"),
        (lambda d: d["metrics"].update(waves=True), "plan.metrics.waves: expected an integer, got bool"),
        (lambda d: d["broken_edges"].append({"importer": "a"}), "plan.broken_edges[0]: missing key 'imported'"),
        (
            lambda d: d["steps"][1].update(units=d["steps"][0]["units"]),
            "plan.steps[1].units[0]: 'M3' is integrated by step 1 already",
        ),
        (lambda d: first_driver(d).update(unit="ghost"), "drivers[0]: 'ghost' is integrated by no step"),
        (lambda d: first_driver(d).update({"for": ["ghost"]}), "drivers[0]: 'ghost' is integrated by no step"),
        (lambda d: first_driver(d).update(unit="a\nb"), "drivers[0].unit: unit name 'a\\nb' contains a control"),
    ],
)
def test_bad_plan_files_are_refused_with_the_key_that_is_wrong(graphs, mutate, fragment: str) -> None:  # type: ignore[no-untyped-def]
    data = valid(graphs)
    mutate(data)
    with pytest.raises(PlanFileError) as info:
        planfile.loads(json.dumps(data), display="p.json")
    assert str(info.value).startswith("p.json: ")
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("{", "not JSON"), ("[]", "expected a JSON object"), ('{"a": 1}', 'no "schema" key')],
)
def test_not_a_plan_at_all(text: str, fragment: str) -> None:
    with pytest.raises(PlanFileError) as info:
        planfile.loads(text, display="p.json")
    assert fragment in str(info.value)


def test_missing_and_directory_plan_files(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"nope\.json: no such plan file"):  # exit 2, as any missing file
        planfile.load(tmp_path / "nope.json")
    with pytest.raises(PlanFileError, match="is a directory"):
        planfile.load(tmp_path)


def test_atomic_write_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out" / "plan.json"
    write_text_atomic(target, "one\n")
    assert target.read_text() == "one\n"
    with pytest.raises(OutputError, match="already exists; use --force"):
        write_text_atomic(target, "two\n")
    assert target.read_text() == "one\n"
    write_text_atomic(target, "two\n", force=True)
    assert target.read_text() == "two\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["plan.json"], "no temporary file left behind"


def test_atomic_write_to_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        write_text_atomic(tmp_path, "x", force=True)
