"""The audit section of the plan page: audit files checked against the plan, every name escaped.

The files in ``tests/assets/audit`` were written by the real commands, once, in a copy of
``examples/webshop`` (``planner plan --tests tests -o plan.json``; ``planner audit plan.json
--mutants 1 -f json``: 33 s; ``planner audit plan.json --interfaces -f json``: 9 s; and
``--history 2`` in a git repository of two commits on top of it); the slow test in
``tests/functional/test_render_audit.py`` runs the mutants audit again and compares.
"""

from __future__ import annotations

import itertools
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from planner import api, planfile
from planner.audit.model import AuditReport, MutantResult, UnitSummary
from planner.audit.text import audit_json
from planner.errors import InputError
from planner.model import Plan
from planner.render.audit_data import InterfaceAudit, MutantsAudit, read_audit
from planner.render.audit_html import audit_section, step_notes

ASSETS = Path(__file__).parents[2] / "assets" / "audit"


def _plan() -> Plan:
    return planfile.loads((ASSETS / "webshop-plan.json").read_text(encoding="utf-8"), display="plan.json")


def _asset(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ASSETS / name).read_text(encoding="utf-8"))
    return data


def test_a_real_localisation_audit_reads_as_the_command_printed_it() -> None:
    audit = read_audit((ASSETS / "webshop-mutants.json").read_bytes(), path="audit.json", plan=_plan())
    assert isinstance(audit, MutantsAudit)
    assert (audit.mutants, audit.killed, audit.localised) == (11, 10, 9)
    rows = {u.unit: u for u in audit.units}
    assert [u.unit for u in audit.units if u.blind_spot] == ["shop.cache"]
    assert (rows["shop.db"].step, rows["shop.db"].early, rows["shop.db"].localised) == (7, (4,), 0)
    assert rows["shop"].mutants == 0


def test_a_real_interface_audit_counts_each_mutant_once_overall() -> None:
    audit = read_audit((ASSETS / "webshop-interfaces.json").read_bytes(), path="i.json", plan=_plan())
    assert isinstance(audit, InterfaceAudit)
    assert (audit.mutants, audit.binding, audit.caught, len(audit.edges)) == (45, 26, 26, 16)
    assert sum(e.mutants for e in audit.edges) >= audit.mutants


def _mutated(change: Any) -> bytes:
    data = _asset("webshop-mutants.json")
    change(data)
    return json.dumps(data).encode()


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: Any) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value

    return change


BAD_MUTANTS = [
    (_set(("schema",), "planner-plan/2"), 'audit.json: schema: "planner-plan/2": not an audit of planner audit'),
    (lambda d: d.pop("mutants"), "audit.json: mutants: missing"),
    (_set(("mutants",), {}), "audit.json: mutants: expected a list, found {}"),
    (_set(("mutants", 0), 7), "audit.json: mutants[0]: expected an object, found 7"),
    (_set(("mutants", 2, "step"), "8"), 'audit.json: mutants[2].step: expected a count or null, found "8"'),
    (_set(("mutants", 2, "step"), True), "audit.json: mutants[2].step: expected a count or null, found true"),
    (_set(("mutants", 2, "step"), 99), "audit.json: mutants[2].step: 99 does not fit a localised mutant"),
    (
        _set(("mutants", 4, "step"), 9),
        "audit.json: mutants[4].step: an early mutant of 'shop.db' (step 7 of the plan) cannot fail first at step 9",
    ),
    (_set(("mutants", 2, "fate"), "eaten"), "audit.json: mutants[2].fate: 'eaten' is not one of localised"),
    (
        _set(("mutants", 2, "unit"), "shop.basket"),
        "audit.json: mutants[2].unit: 'shop.basket' is not a unit of the plan: this is an audit of another plan",
    ),
    (
        _set(("units", 1, "step"), 2),
        "audit.json: units[1].step: 'shop.app' is integrated at step 12 of the plan, not 2: an audit of another plan",
    ),
    (_set(("units", 1, "killed"), 0), "audit.json: units[1].killed: does not agree with the mutants of 'shop.app' (1)"),
    (lambda d: d["units"].pop(1), "audit.json: units: 'shop.app' has mutants but no row"),
    (_set(("complete",), "yes"), 'audit.json: complete: expected true or false, found "yes"'),
]


@pytest.mark.parametrize(("change", "message"), BAD_MUTANTS)
def test_a_bad_localisation_audit_is_one_line_naming_the_file_and_key(change: Any, message: str) -> None:
    with pytest.raises(InputError) as raised:
        read_audit(_mutated(change), path="audit.json", plan=_plan())
    text = str(raised.value)
    assert text.startswith(message), text
    assert "\n" not in text


def test_not_json_names_the_file_and_line() -> None:
    with pytest.raises(InputError, match=r"^a.json:2: not JSON \(Expecting property name enclosed in double quotes\)$"):
        read_audit(b"{\n,", path="a.json", plan=_plan())


def test_an_interface_audit_of_another_plan_is_refused() -> None:
    """The top-down plan of the same webshop has the same units, but its drivers play other dependencies."""
    data = _asset("webshop-interfaces.json")
    top_down = api.make_plan(_graph(_plan()), strategy="top-down")
    with pytest.raises(InputError, match=r"^i.json: mutants\[\d+\]\.callers: no driver of the plan plays "):
        read_audit(json.dumps(data), path="i.json", plan=top_down)
    data["totals"]["caught"] = 25
    with pytest.raises(InputError, match=r"^i.json: totals.caught: does not agree with the mutants \(26\)$"):
        read_audit(json.dumps(data), path="i.json", plan=_plan())


def _graph(plan: Plan) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(u for step in plan.steps for u in step.units)
    for step in plan.steps:
        for driver in step.drivers:
            graph.add_edges_from((caller, driver.unit) for caller in driver.for_)
        for stub in step.stubs:
            graph.add_edges_from((user, stub.unit) for user in stub.for_)
    return graph


def test_a_history_replay_lists_its_misses() -> None:
    data = {
        "schema": "planner-audit-history/1",
        "plan": "plan.json",
        "misses": 1,
        "command": "planner audit plan.json --history 1",
        "commits": [
            {
                "commit": "abc1234",
                "subject": "hi <b>there</b>",
                "changed": ["pkg/blind.py"],
                "tests": 3,
                "selected": 0,
                "failing": ["tests/test_greet.py::test_greet"],
                "misses": ["tests/test_greet.py::test_greet"],
                "full_seconds": 1.5,
                "selected_seconds": 0.0,
                "note": "",
            }
        ],
    }
    html = audit_section([read_audit(json.dumps(data), path="h.json", plan=_plan())])
    text = _text(html)
    assert "Misses: 1 over 1 commit replayed; the plans selected 0 of 3 test runs (0 %)." in text
    assert "tests/test_greet.py::test_greet failed at abc1234 (hi <b>there</b>), and the plan left it out" in text
    data["misses"] = 0
    with pytest.raises(InputError, match=r"^h.json: misses: does not agree with the commits' misses \(1\)$"):
        read_audit(json.dumps(data), path="h.json", plan=_plan())


# --- escaping: a plan and an audit whose names are markup -------------------------------------------

HOSTILE = ['<script>alert("x")</script>', "<img src=x onerror=alert(1)>", "a&amp;b", "\"'><b>"]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def _text(html: str) -> str:
    return "".join(_parse(html).text)


def _hostile_audit() -> tuple[Plan, bytes]:
    graph = nx.DiGraph()
    graph.add_edges_from(itertools.pairwise(HOSTILE))
    plan = api.make_plan(graph, strategy="bottom-up")
    step = {u: s.index for s in plan.steps for u in s.units}
    results = tuple(
        MutantResult(
            unit=u,
            index=1,
            file=f"{u}.py",
            line=3,
            operator="ROR",
            digest="0",
            fate="localised" if k else "survived",
            tests=1,
            step=step[u] if k else None,
            units=(u,) if k else (),
            killer=f"tests/test_x.py::test[{u}]" if k else None,
        )
        for k, u in enumerate(HOSTILE)
    )
    units = tuple(
        UnitSummary(unit=u, step=step[u], mutants=1, killed=int(k > 0), localised=int(k > 0))
        for k, u in enumerate(HOSTILE)
    )
    report = AuditReport(
        plan="<plan>.json",
        seed=0,
        per_unit=1,
        selection="footprint",
        workers=1,
        tests=1,
        baseline_failing=(),
        results=results,
        units=units,
        planned=len(HOSTILE),
        resumed=0,
        seconds=0.0,
        command="planner audit '<plan>.json' --mutants 1 --seed 0",
    )
    return plan, audit_json(report).encode()


def test_hostile_unit_names_stay_text_in_the_section_and_the_step_captions() -> None:
    plan, data = _hostile_audit()
    audit = read_audit(data, path="<audit>.json", plan=plan)
    section = audit_section([audit])
    notes = step_notes([audit])
    for html in (section, *notes.values()):
        parsed = _parse(html)
        assert parsed.tags <= {
            "section",
            "h2",
            "h3",
            "div",
            "p",
            "b",
            "code",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "strong",
            "span",
        }
        assert parsed.attributes <= {"id", "class", "data-step"}
    text = _text(section)
    for name in HOSTILE:
        assert name in text
    assert f"Integration blind spots (no test kills any of their mutants): {HOSTILE[0]} (" in text
    assert "Localisation: <audit>.json" in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed (apt-get install graphviz)")
def test_the_whole_page_with_a_hostile_audit_has_one_script_of_its_own_and_is_deterministic() -> None:
    from planner.render.html import page

    plan, data = _hostile_audit()
    audit = read_audit(data, path="<audit>.json", plan=plan)
    first = page(plan, audits=[audit]).content.decode()
    assert first == page(plan, audits=[audit]).content.decode()
    parsed = _parse(first)
    assert first.count("<script") == 2  # the step data and the page's script, nothing from a name
    assert "img" not in parsed.tags
    assert "onerror" not in parsed.attributes
    assert '<section id="audit">' in first
    assert HOSTILE[1] in "".join(parsed.text)


def test_no_audit_no_section() -> None:
    assert audit_section([]) == ""
    assert step_notes([]) == {}


def test_a_mutant_that_broke_an_import_is_left_out_of_the_share_and_said() -> None:
    def broke_money(data: Any) -> None:
        mutant = next(m for m in data["mutants"] if m["unit"] == "shop.money")
        mutant.update(fate="collection", killer="tests/test_money.py")
        row = next(u for u in data["units"] if u["unit"] == "shop.money")
        row["localised"] -= 1  # the file's own summary agrees with its mutants

    audit = read_audit(_mutated(broke_money), path="audit.json", plan=_plan())
    assert isinstance(audit, MutantsAudit)
    assert (audit.killed, audit.localised, audit.judged) == (10, 8, 9)
    text = _text(audit_section([audit]))
    assert "Localised: 8 of 9 killed mutants (89 %)" in text
    assert "1 mutant broke an import (only test files failed to collect), left out of the share" in text


def test_an_audit_recording_another_plans_digest_is_refused_and_its_own_is_read() -> None:
    """Even a history replay, which names no unit, is matched to its plan by the digest it records."""
    plan = _plan()
    digest = api.plan_digest(plan)
    data = _asset("webshop-history.json")
    data["plan_sha256"] = digest
    assert read_audit(json.dumps(data), path="h.json", plan=plan, digest=digest).plan == data["plan"]
    other = api.plan_digest(api.make_plan(_graph(plan), strategy="top-down"))
    assert other != digest
    data["plan_sha256"] = other
    with pytest.raises(
        InputError,
        match=(
            r"^h.json: plan_sha256: '[0-9a-f]{12}'\.\.\. is not this plan's digest \([0-9a-f]{12}\.\.\.\): "
            r"this is an audit of another plan \(refused; audit this plan again\)$"
        ),
    ):
        read_audit(json.dumps(data), path="h.json", plan=plan, digest=digest)


def test_the_digest_does_not_depend_on_the_plan_files_indentation() -> None:
    plan = _plan()
    again = planfile.loads(api.plan_json(plan, pretty=True), display="pretty.json")
    assert api.plan_digest(again) == api.plan_digest(plan)
