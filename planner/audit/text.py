"""An audit for people (a rich table, Markdown) and for programs (JSON, ``planner-audit/1``).

Rich is imported inside :func:`audit_table`, so importing this module costs nothing.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from planner.audit.history import HistoryReport
from planner.audit.interfaces import OPERATORS, InterfaceReport
from planner.audit.model import AuditReport, MutantResult, UnitSummary
from planner.base.wording import count

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = [
    "AUDIT_SCHEMA",
    "audit_json",
    "audit_lines",
    "audit_markdown",
    "audit_table",
    "history_json",
    "history_lines",
    "history_markdown",
    "history_table",
    "interface_json",
    "interface_lines",
    "interface_markdown",
    "interface_table",
]

AUDIT_SCHEMA = "planner-audit/1"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "-"


def _title(report: AuditReport) -> str:
    tests = "the tests whose footprint reaches the unit" if report.selection == "footprint" else "the whole suite"
    units = sum(1 for u in report.units if u.mutants)
    return (
        f"Localisation audit: {report.plan} ({len(report.results)} mutants of {units} units, "
        f"{report.per_unit} a unit, seed {report.seed}; {tests} on each)"
    )


def _row(unit: UnitSummary) -> list[str]:
    return [
        unit.unit,
        str(unit.step),
        str(unit.mutants),
        str(unit.killed),
        str(unit.localised),
        _share(unit.localised, unit.judged),
    ]


_HEADERS = ["Unit", "Step", "Mutants", "Killed", "Localised", "Share"]


def _where(result: MutantResult) -> str:
    return f"{result.file}:{result.line} ({result.operator})"


def audit_lines(report: AuditReport) -> list[str]:
    """What follows the table: the overall share, the mutants caught elsewhere, the blind spots."""
    lines = [
        f"Localised: {report.localised} of {report.judged} killed mutants ({_share(report.localised, report.judged)}); "
        f"{len(report.results) - report.killed} of {len(report.results)} survived."
    ]
    broke = [r for r in report.results if r.fate == "collection"]
    if broke:
        lines.append(
            f"Broke an import ({len(broke)}, left out of the share: planner run reports a collection error naming "
            "the file, not an integration failure): " + ", ".join(f"{r.unit} {_where(r)}" for r in broke)
        )
    elsewhere = [r for r in report.results if r.fate in ("late", "early")]
    if elsewhere:
        lines.append("Caught at another step than the unit's:")
        for r in elsewhere:
            through = f", first exercising {r.dependency[0]} -> {r.dependency[1]}" if r.dependency else ""
            lines.append(
                f"  {r.unit} {_where(r)}: fails first at step {r.step} ({', '.join(r.units)}){through}; {r.killer}"
            )
    blind = [u for u in report.units if u.blind_spot]
    if blind:
        lines.extend(blind_spot_lines([(u.unit, u.mutants) for u in blind]))
    survived = [r for r in report.results if r.fate == "survived" and r.unit not in report.blind_spots]
    if survived:
        lines.append("Survived: " + ", ".join(f"{r.unit} {_where(r)}" for r in survived))
    if report.baseline_failing:
        lines.append(f"Left out: {len(report.baseline_failing)} tests failing before any mutant.")
    if not report.complete:
        lines.append(
            f"Budget reached: {len(report.results)} of {report.planned} mutants run; add --resume to continue."
        )
    lines.append(f"Reproduce: {report.command}")
    return lines


FIRM = 3
"""How many surviving mutants make a blind spot more than thin evidence: one or two may all be
equivalent mutants (a change no test could notice, such as a default never used)."""


def blind_spot_lines(units: list[tuple[str, int]]) -> list[str]:
    """The blind spots (unit, mutants run), each with the evidence it rests on, and a caveat
    when some rest on fewer than :data:`FIRM` mutants."""
    named = ", ".join(f"{unit} ({count(n, 'mutant')})" for unit, n in units)
    lines = [f"Integration blind spots (no test kills any of their mutants): {named}"]
    if any(n < FIRM for _, n in units):
        lines.append(
            f"  On fewer than {FIRM} mutants a blind spot is thin evidence: a surviving mutant may be equivalent "
            f"(no test could notice it); --mutants {FIRM} or more confirms it."
        )
    return lines


def audit_table(report: AuditReport) -> RenderableType:
    """The per-unit table, then :func:`audit_lines`."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=_title(report), title_justify="left", expand=False)
    for k, header in enumerate(_HEADERS):
        table.add_column(header, justify="left" if k == 0 else "right", overflow="fold")
    for unit in report.units:
        table.add_row(*(Text(cell) for cell in _row(unit)))
    table.add_row(*(Text(cell, style="bold") for cell in _total(report)))
    return Group(table, *(Text(line) for line in audit_lines(report)))


def _total(report: AuditReport) -> list[str]:
    killed, localised = report.killed, report.localised
    return ["all", "", str(len(report.results)), str(killed), str(localised), _share(localised, report.judged)]


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def audit_markdown(report: AuditReport) -> str:
    """The table and its lines as Markdown (for a pull request or a CI job's summary)."""
    out = [f"### {_md(_title(report))}", "", "| " + " | ".join(_HEADERS) + " |", "| --- |" + " ---: |" * 5]
    for cells in [*(_row(u) for u in report.units), _total(report)]:
        out.append("| " + " | ".join(_md(c) for c in cells) + " |")
    out.append("")
    out += [f"- {_md(line.strip())}" if line.startswith("  ") else _md(line) for line in audit_lines(report)]
    return "\n".join(out) + "\n"


def _mutant(result: MutantResult) -> dict[str, Any]:
    return {
        "unit": result.unit,
        "index": result.index,
        "file": result.file,
        "line": result.line,
        "operator": result.operator,
        "fate": result.fate,
        "step": result.step,
        "step_units": list(result.units),
        "dependency": list(result.dependency) if result.dependency else None,
        "killer": result.killer,
        "tests_run": result.tests,
        "timed_out": result.timed_out,
    }


def audit_json(report: AuditReport) -> str:
    """The audit as JSON (keys sorted; no timings, so the same audit gives the same text)."""
    data = {
        "schema": AUDIT_SCHEMA,
        "plan": report.plan,
        **({"plan_sha256": report.plan_sha256} if report.plan_sha256 else {}),
        "seed": report.seed,
        "mutants_per_unit": report.per_unit,
        "selection": report.selection,
        "tests": report.tests,
        "baseline_failing": list(report.baseline_failing),
        "planned": report.planned,
        "complete": report.complete,
        "mutants": [_mutant(r) for r in report.results],
        "units": [
            {
                "unit": u.unit,
                "step": u.step,
                "mutants": u.mutants,
                "killed": u.killed,
                "localised": u.localised,
                "blind_spot": u.blind_spot,
            }
            for u in report.units
        ],
        "totals": {"mutants": len(report.results), "killed": report.killed, "localised": report.localised},
        "blind_spots": list(report.blind_spots),
        "command": report.command,
    }
    return json.dumps(data, sort_keys=True, indent=2) + "\n"


# --- --history: change-aware plans replayed ----------------------------------------------------------

_HISTORY_HEADERS = ["Commit", "Subject", "Changed", "Selected", "Failing", "Missed", "Full s", "Selected s"]


def _history_rows(report: HistoryReport) -> list[list[str]]:
    return [
        [
            c.commit,
            c.subject[:50],
            str(len(c.changed)),
            f"{c.selected} of {c.tests}" if not c.note else "-",
            str(len(c.failing)),
            str(len(c.misses)) if not c.note else "-",
            f"{c.full_seconds:.1f}",
            f"{c.selected_seconds:.1f}" if not c.note else "-",
        ]
        for c in report.commits
    ]


def history_lines(report: HistoryReport) -> list[str]:
    """The totals under the table: misses, the share selected, the time saved; each miss named."""
    done = [c for c in report.commits if not c.note]
    tests = sum(c.tests for c in done)
    selected = sum(c.selected for c in done)
    full = sum(c.full_seconds for c in done)
    chosen = sum(c.selected_seconds for c in done)
    lines = [
        f"Misses: {report.misses} over {len(done)} commits replayed; selected {selected} of {tests} test runs "
        f"({_share(selected, tests)}); the selections took {chosen:.1f} s against {full:.1f} s for the whole suite "
        f"(saved {_share(round(full - chosen), round(full))})."
    ]
    for c in report.commits:
        for miss in c.misses:
            lines.append(
                f"  missed at {c.commit}: {miss} failed, and the change ({', '.join(c.changed)}) reaches no unit of "
                "its footprint in the graph (a dependency the graph does not see)"
            )
        if c.note:
            lines.append(f"  not replayed {c.commit}: {c.note}")
    lines.append(f"Reproduce: {report.command}")
    return lines


def history_table(report: HistoryReport) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Change-aware plans replayed: {report.plan}", title_justify="left", expand=False)
    for k, header in enumerate(_HISTORY_HEADERS):
        table.add_column(header, justify="left" if k < 2 else "right", overflow="fold")
    for row in _history_rows(report):
        table.add_row(*(Text(cell) for cell in row))
    return Group(table, *(Text(line) for line in history_lines(report)))


def history_markdown(report: HistoryReport) -> str:
    out = [f"### {_md('Change-aware plans replayed: ' + report.plan)}", ""]
    out += ["| " + " | ".join(_HISTORY_HEADERS) + " |", "| --- | --- |" + " ---: |" * 6]
    out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in _history_rows(report)]
    out.append("")
    out += [f"- {_md(line.strip())}" if line.startswith("  ") else _md(line) for line in history_lines(report)]
    return "\n".join(out) + "\n"


def history_json(report: HistoryReport) -> str:
    """The replay as JSON (``planner-audit-history/1``; the seconds are measured, so they vary)."""
    data = {
        "schema": "planner-audit-history/1",
        "plan": report.plan,
        **({"plan_sha256": report.plan_sha256} if report.plan_sha256 else {}),
        "misses": report.misses,
        "commits": [
            {
                "commit": c.commit,
                "subject": c.subject,
                "changed": list(c.changed),
                "tests": c.tests,
                "selected": c.selected,
                "failing": list(c.failing),
                "misses": list(c.misses),
                "full_seconds": round(c.full_seconds, 2),
                "selected_seconds": round(c.selected_seconds, 2),
                "note": c.note,
            }
            for c in report.commits
        ],
        "command": report.command,
    }
    return json.dumps(data, sort_keys=True, indent=2) + "\n"


# --- --interfaces: signature mutants and the drivers ---------------------------------------------


def _edges(report: InterfaceReport) -> list[list[str]]:
    edges = sorted({(caller, m.unit) for m in report.mutants for caller in m.callers})
    rows = []
    for caller, unit in edges:
        mine = [m for m in report.mutants if m.unit == unit and caller in m.callers]
        visible = [m for m in mine if m.visible]
        caught = sum(1 for m in visible if any(c == caller for c, _ in m.caught))
        rows.append(
            [f"{caller} -> {unit}", str(len(mine)), str(len(visible)), str(caught), _share(caught, len(visible))]
        )
    return rows


_INTERFACE_HEADERS = ["Dependency", "Mutants", "Binding", "Caught", "Share"]


def interface_lines(report: InterfaceReport) -> list[str]:
    """The share the drivers catch of the mutants that change how a call site binds, per operator, and
    every mutant not caught, with ``file:line``."""
    visible = [m for m in report.mutants if m.visible]
    caught = sum(1 for m in visible if m.caught)
    per = []
    for operator in OPERATORS:
        mine = [m for m in visible if m.operator == operator]
        if mine:
            per.append(f"{operator} {sum(1 for m in mine if m.caught)} of {len(mine)}")
    unseen = len(report.mutants) - len(visible)
    lines = [
        f"Caught by the drivers: {caught} of {len(visible)} interface mutants that change how a call site binds "
        f"({_share(caught, len(visible))}){': ' if per else ''}{', '.join(per)}.",
        f"{unseen} more change nothing a call site states (a default, a parameter no call passes): "
        "the suite's to check.",
    ]
    missed = [m for m in visible if not m.caught]
    if missed:
        lines.append("Not caught:")
        lines += [
            f"  {m.unit}.{m.target} ({m.operator}) {m.file}:{m.line}, called by {', '.join(m.callers)}" for m in missed
        ]
    lines.append(f"Reproduce: {report.command}")
    return lines


def interface_table(report: InterfaceReport) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Interface mutants: {report.plan}", title_justify="left", expand=False)
    for k, header in enumerate(_INTERFACE_HEADERS):
        table.add_column(header, justify="left" if k == 0 else "right", overflow="fold")
    for row in _edges(report):
        table.add_row(*(Text(cell) for cell in row))
    return Group(table, *(Text(line) for line in interface_lines(report)))


def interface_markdown(report: InterfaceReport) -> str:
    out = [f"### {_md('Interface mutants: ' + report.plan)}", ""]
    out += ["| " + " | ".join(_INTERFACE_HEADERS) + " |", "| --- |" + " ---: |" * 4]
    out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in _edges(report)]
    out.append("")
    out += [f"- {_md(line.strip())}" if line.startswith("  ") else _md(line) for line in interface_lines(report)]
    return "\n".join(out) + "\n"


def interface_json(report: InterfaceReport) -> str:
    """The interface mutants as JSON (``planner-audit-interfaces/1``)."""
    data = {
        "schema": "planner-audit-interfaces/1",
        "plan": report.plan,
        **({"plan_sha256": report.plan_sha256} if report.plan_sha256 else {}),
        "mutants": [
            {
                "unit": m.unit,
                "target": m.target,
                "operator": m.operator,
                "file": m.file,
                "line": m.line,
                "callers": list(m.callers),
                "caught": dict(m.caught),
                "binding": m.visible,
            }
            for m in report.mutants
        ],
        "totals": {
            "mutants": len(report.mutants),
            "binding": sum(1 for m in report.mutants if m.visible),
            "caught": sum(1 for m in report.mutants if m.caught),
        },
        "command": report.command,
    }
    return json.dumps(data, sort_keys=True, indent=2) + "\n"
