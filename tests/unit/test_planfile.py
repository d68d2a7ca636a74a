"""The plan file: round trips, the JSON Schema, and refusing bad or foreign files."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pytest
from hypothesis import given, settings

from planner import planfile
from planner.api import make_plan
from planner.base.files import write_text_atomic
from planner.errors import OutputError, PlanFileError, UsageError
from tests.strategies import graphs

SCHEMA = json.loads((Path(__file__).parents[2] / "planner/schemas/plan-2.schema.json").read_text())
EXAMPLES = ["shop.dot", "textbook.dot", "classes.dot"]
STRATEGIES = ["top-down", "bottom-up", "sandwich", "big-bang"]


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("strategy", STRATEGIES)
def test_every_example_plan_validates_and_round_trips(graphs: Path, example: str, strategy: str) -> None:
    plan = make_plan(graphs / example, strategy=strategy)
    text = planfile.dumps(plan)
    jsonschema.validate(json.loads(text), SCHEMA)
    again = planfile.loads(text)
    assert again == plan
    assert planfile.dumps(again) == text


@settings(max_examples=40, deadline=None)
@given(graph=graphs(cyclic=True))
def test_generated_plans_validate_against_the_schema(graph: nx.DiGraph) -> None:
    for strategy in STRATEGIES:
        data = planfile.plan_to_dict(make_plan(graph, strategy=strategy))
        jsonschema.validate(data, SCHEMA)


def test_a_scanned_tree_plan_records_its_scanner_options_and_reads_them_back() -> None:
    from planner.loaders.scan import SCOPES, ScanOptions

    tree = Path(__file__).parents[2] / "examples" / "webshop"
    options = ScanOptions(scopes=frozenset(SCOPES), through_init=True, exclude=("app.py",))
    plan = make_plan(tree, scan=options)
    assert plan.graph.scan == (("exclude", ("app.py",)), ("scopes", SCOPES), ("through_init", True))
    data = planfile.plan_to_dict(plan)
    jsonschema.validate(data, SCHEMA)
    assert planfile.loads(planfile.dumps(plan)) == plan
    assert "scan" not in planfile.plan_to_dict(make_plan(tree))["graph"]  # the defaults: nothing to record
    data["graph"]["scan"]["scopes"] = ["runtime"]
    with pytest.raises(PlanFileError, match=r"plan\.graph\.scan\.scopes\[0\] must be one of"):
        planfile.loads(json.dumps(data))


def test_the_text_is_stable_sorted_and_ends_with_a_newline(graphs: Path) -> None:
    text = planfile.dumps(make_plan(graphs / "shop.dot"))
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert text.endswith("}\n")
    assert text == planfile.dumps(make_plan(graphs / "shop.dot"))


def first_driver(data: Any) -> dict[str, Any]:
    """The first driver of the plan (a bottom-up plan of textbook.dot has drivers)."""
    return data["drivers"][0]  # type: ignore[no-any-return]


def valid(graphs: Path) -> dict[str, Any]:
    return planfile.plan_to_dict(make_plan(graphs / "textbook.dot"))


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d.update(schema="planner-plan/3"), "plan schema 'planner-plan/3' is not supported"),
        (lambda d: d.pop("schema"), 'not a plan file (no "schema" key'),
        (lambda d: d.pop("steps"), "plan must contain ["),
        (lambda d: d.pop("stubs"), "plan must contain ["),
        (lambda d: d["steps"][0].update(units="M1"), "plan.steps[0].units must be array"),
        (lambda d: d["steps"][0].update(units=["M\n1"]), "plan.steps[0].units[0] must be a unit name"),
        (lambda d: d["steps"][0].update(units=["M\u20281"]), "plan.steps[0].units[0]: unit name 'M\\u20281'"),
        (lambda d: d["steps"][1].update(index=7), "plan.steps[1].index: expected 2, got 7"),
        (lambda d: d["metrics"].update(waves=True), "plan.metrics.waves must be integer"),
        (lambda d: d["metrics"].update(steps=99), "plan.metrics.steps: 99, but the plan has"),
        (lambda d: d["broken_edges"].append({"importer": "a"}), "plan.broken_edges[0] must contain ["),
        (
            lambda d: d["steps"][1].update(units=d["steps"][0]["units"]),
            "plan.steps[1].units[0]: 'M3' is integrated by step 1 already",
        ),
        (lambda d: first_driver(d).update(unit="ghost"), "plan.drivers[0].unit: 'ghost' is integrated by no step"),
        (
            lambda d: first_driver(d).update({"for": ["ghost"]}),
            "plan.drivers[0].for[0]: 'ghost' is integrated by no step",
        ),
        (lambda d: first_driver(d).update(first=first_driver(d)["first"] + 1), "plan.drivers[0]: 'M"),
        (lambda d: first_driver(d).update(last=first_driver(d)["last"] + 1), "is integrated at step"),
        (lambda d: first_driver(d).update(unit="a\nb"), "plan.drivers[0].unit must be a unit name"),
        (lambda d: d.update(notes=["\x1b[2Jcleared"]), "plan.notes[0] must be text without control characters"),
        (lambda d: d["graph"].update(scan={"evil\n": True}), "plan.graph.scan must not contain {'evil\\n'}"),
    ],
)
def test_bad_plan_files_are_refused_with_the_key_that_is_wrong(
    graphs: Path, mutate: Callable[[dict[str, Any]], object], fragment: str
) -> None:
    data = valid(graphs)
    mutate(data)
    with pytest.raises(PlanFileError) as info:
        planfile.loads(json.dumps(data), display="p.json")
    message = str(info.value)
    assert message.startswith("p.json: ")
    assert fragment in message
    assert message.isprintable()


V1 = Path(__file__).parents[1] / "assets" / "planfiles"


@pytest.mark.parametrize(
    ("name", "source", "strategy"),
    [("textbook-bottom-up.v1.json", "textbook.dot", "bottom-up"), ("shop-top-down.v1.json", "shop.dot", "top-down")],
)
def test_a_planner_plan_1_file_reads_as_the_same_plan_and_writes_as_version_2(
    graphs: Path, name: str, source: str, strategy: str
) -> None:
    """Files written by earlier versions (listing every double in force at every step) still read,
    give the same steps and doubles as planning again, and convert to v2 without loss."""
    old = planfile.load(V1 / name)
    fresh = make_plan(graphs / source, strategy=strategy)
    assert [(s.units, tuple(s.stubs), tuple(s.drivers)) for s in old.steps] == [
        (s.units, tuple(s.stubs), tuple(s.drivers)) for s in fresh.steps
    ]
    # v1 kept, per step, the names of all the dependants served: which dependant takes which
    # name is lost, so a double's names are those listed at every step of its span.
    spans = [[(d.unit, d.for_, d.first, d.last) for d in doubles] for doubles in (old.stubs, old.drivers)]
    assert spans == [[(d.unit, d.for_, d.first, d.last) for d in doubles] for doubles in (fresh.stubs, fresh.drivers)]
    converted = planfile.dumps(old)
    jsonschema.validate(json.loads(converted), SCHEMA)
    again = planfile.loads(converted)
    assert again == old  # the same steps, with the same doubles in force at each
    assert planfile.dumps(again) == converted


def test_version_2_is_linear_where_version_1_was_quadratic(graphs: Path) -> None:
    """A chain of n units bottom-up has n - 1 drivers; v1 listed each at every later step of its span."""
    chain = nx.DiGraph([(f"m{k:03d}", f"m{k + 1:03d}") for k in range(199)])
    chain.add_edges_from((f"m{k:03d}", "m199") for k in range(199))  # every unit uses the last: long spans
    plan = make_plan(chain)
    data = planfile.plan_to_dict(plan)
    assert len(data["drivers"]) == 199 + 199 - 1  # each (unit, span) once
    assert len(planfile.dumps(plan)) < 60_000


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
    with pytest.raises(OutputError, match="already exists; use force"):
        write_text_atomic(target, "two\n")
    assert target.read_text() == "one\n"
    write_text_atomic(target, "two\n", force=True)
    assert target.read_text() == "two\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["plan.json"], "no temporary file left behind"


def test_atomic_write_to_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        write_text_atomic(tmp_path, "x", force=True)


def test_a_bad_plan_is_refused_after_its_validator_library_was_imported_again(graphs: Path) -> None:
    """pytest's in-process runs drop the modules they imported: the check compiled before must still be caught."""
    import sys

    import fastjsonschema as first

    data = valid(graphs)
    planfile.loads(json.dumps(data))  # compiles and keeps the schema check (or kept it already)
    dropped = {name: sys.modules.pop(name) for name in list(sys.modules) if name.partition(".")[0] == "fastjsonschema"}
    try:
        import fastjsonschema  # a second copy, with exception classes of its own

        assert fastjsonschema is not first
        data["metrics"]["waves"] = True
        with pytest.raises(PlanFileError, match=r"plan\.metrics\.waves must be integer"):
            planfile.loads(json.dumps(data), display="p.json")
    finally:
        sys.modules.update(dropped)


def test_the_generated_schema_check_is_current() -> None:
    """planner/planfile/_schema_v2.py is the code fastjsonschema generates from the schema
    (run ``python scripts/schema_code.py`` after changing the schema)."""
    import fastjsonschema

    from planner.planfile import _schema_v2, read_v2

    spec = importlib.util.spec_from_file_location("schema_code", Path(__file__).parents[2] / "scripts/schema_code.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert hashlib.sha256(script.SCHEMA.read_bytes()).hexdigest() == _schema_v2.SCHEMA_SHA256
    assert read_v2._validator()[0] is _schema_v2.validate  # the reader uses it
    if fastjsonschema.VERSION == _schema_v2.VERSION:  # another version generates other (equivalent) code
        assert script.TARGET.read_text(encoding="utf-8") == script.generated()
