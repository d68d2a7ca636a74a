"""The audit's report: the lines under the table say what a team acts on."""

from __future__ import annotations

import json

from planner.audit.model import AuditReport, MutantResult, UnitSummary
from planner.audit.text import FIRM, audit_json, audit_lines, audit_markdown, blind_spot_lines

RESULTS = (
    MutantResult(
        "pkg.base", 1, "pkg/base.py", 1, "INT", "d1", "late", 2, 3, ("pkg.top",), ("pkg.top", "pkg.mid"), "t.py::a"
    ),
    MutantResult("pkg.blind", 1, "pkg/blind.py", 2, "RET", "d2", "survived", 0),
    MutantResult(
        "pkg.mid", 1, "pkg/mid.py", 5, "RET", "d3", "localised", 2, 2, ("pkg.mid",), ("pkg.mid", "pkg.base"), "t.py::b"
    ),
)
UNITS = (
    UnitSummary("pkg.base", 1, 1, 1, 0),
    UnitSummary("pkg.blind", 4, 1, 0, 0),
    UnitSummary("pkg.mid", 2, 1, 1, 1),
)


def report(planned: int = 3) -> AuditReport:
    return AuditReport(
        "plan.json",
        0,
        1,
        "footprint",
        2,
        2,
        (),
        RESULTS,
        UNITS,
        planned,
        0,
        1.5,
        "planner audit plan.json --mutants 1 --seed 0",
    )


def test_the_lines_name_the_late_mutant_the_blind_spot_and_the_command() -> None:
    assert audit_lines(report()) == [
        "Localised: 1 of 2 killed mutants (50 %); 1 of 3 survived.",
        "Caught at another step than the unit's:",
        "  pkg.base pkg/base.py:1 (INT): fails first at step 3 (pkg.top), first exercising pkg.top -> pkg.mid; t.py::a",
        "Integration blind spots (no test kills any of their mutants): pkg.blind (1 mutant)",
        "  On fewer than 3 mutants a blind spot is thin evidence: a surviving mutant may be equivalent (no test could "
        "notice it); --mutants 3 or more confirms it.",
        "Reproduce: planner audit plan.json --mutants 1 --seed 0",
    ]


def test_a_run_cut_by_its_budget_says_how_to_go_on() -> None:
    assert "Budget reached: 3 of 10 mutants run; add --resume to continue." in audit_lines(report(planned=10))


def test_json_and_markdown() -> None:
    data = json.loads(audit_json(report()))
    assert data["schema"] == "planner-audit/1"
    assert data["totals"] == {"killed": 2, "localised": 1, "mutants": 3}
    assert data["blind_spots"] == ["pkg.blind"]
    assert "seconds" not in json.dumps(data)
    assert "| all |  | 3 | 2 | 1 | 50 % |" in audit_markdown(report())


def test_mutants_that_break_an_import_are_left_out_of_the_share_and_named() -> None:
    broke = MutantResult("pkg.mid", 2, "pkg/mid.py", 1, "AOR", "d4", "collection", 0, 2, ("pkg.mid",), None, "t.py")
    units = (UNITS[0], UNITS[1], UnitSummary("pkg.mid", 2, 2, 2, 1, collection=1))
    data = report()
    data = AuditReport(**{**data.__dict__, "results": (*RESULTS, broke), "units": units, "planned": 4})
    lines = audit_lines(data)
    assert lines[0] == "Localised: 1 of 2 killed mutants (50 %); 1 of 4 survived."
    assert lines[1].startswith("Broke an import (1, left out of the share: planner run reports a collection error")
    assert lines[1].endswith("pkg.mid pkg/mid.py:1 (AOR)")
    assert "| pkg.mid | 2 | 2 | 2 | 1 | 100 % |" in audit_markdown(data)


def test_a_blind_spot_on_three_mutants_or_more_is_said_without_the_caveat() -> None:
    assert blind_spot_lines([("pkg.a", 3), ("pkg.b", 4)]) == [
        "Integration blind spots (no test kills any of their mutants): pkg.a (3 mutants), pkg.b (4 mutants)"
    ]


def test_the_page_and_the_report_agree_on_what_makes_a_blind_spot_firm() -> None:
    from planner.render import audit_html

    assert audit_html.FIRM == FIRM
