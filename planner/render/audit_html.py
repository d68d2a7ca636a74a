"""The "Audit" section of the plan page: what ``planner audit`` found, beside the plan.

One part per audit file, in the order given (see :mod:`.audit_data` for how a file is read
and checked): for a localisation audit the share localised and a table of its units (blind
spots marked), for an interface audit the table of dependencies with each mutant not caught
at ``file:line``, for a history replay the misses. :func:`step_notes` gives each step of the
viewer the localisation of the units it integrates. Every string from a file is escaped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

from planner.base.wording import count
from planner.render.audit_data import Audit, HistoryAudit, InterfaceAudit, MutantsAudit

FIRM = 3
"""As ``planner.audit.text.FIRM`` (a layer apart): fewer surviving mutants make a blind spot thin evidence."""

__all__ = ["audit_section", "step_notes"]


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "-"


def _elsewhere(steps: tuple[int, ...]) -> str:
    """How many mutants failed first at another step than their unit's, and at which."""
    if not steps:
        return '<td class="num">0</td>'
    at = ", ".join(str(s) for s in dict.fromkeys(steps))
    return f'<td class="num">{len(steps)} (step {at})</td>'


def _mutants(audit: MutantsAudit, k: int) -> str:
    rows = []
    for u in audit.units:
        blind = u.blind_spot
        rows.append(
            f'<tr{" class=blind" if blind else ""} data-step="{u.step}"><td><code>{escape(u.unit)}</code>'
            f'{" <strong>blind spot</strong>" if blind else ""}</td><td class="num">{u.step}</td>'
            f'<td class="num">{u.mutants}</td><td class="num">{u.localised}</td>{_elsewhere(u.late)}'
            f'{_elsewhere(u.early)}<td class="num">{u.survived}</td>'
            f'<td class="num">{_share(u.localised, u.judged)}</td></tr>'
        )
    late = sum(len(u.late) for u in audit.units)
    early = sum(len(u.early) for u in audit.units)
    survived = audit.mutants - audit.killed
    rows.append(
        f'<tr class="total"><td>all</td><td></td><td class="num">{audit.mutants}</td>'
        f'<td class="num">{audit.localised}</td><td class="num">{late}</td><td class="num">{early}</td>'
        f'<td class="num">{survived}</td><td class="num">{_share(audit.localised, audit.judged)}</td></tr>'
    )
    blind_spots = [u for u in audit.units if u.blind_spot]
    lines = [
        f"<p class=share><b>Localised: {audit.localised} of {count(audit.judged, 'killed mutant')} "
        f"({_share(audit.localised, audit.judged)})</b>; {survived} of {audit.mutants} survived.</p>"
    ]
    broke = sum(u.collection for u in audit.units)
    if broke:
        lines.append(
            f"<p>{count(broke, 'mutant')} broke an import (only test files failed to collect), left out of the "
            "share: <code>planner run</code> reports a collection error naming the file, not an integration.</p>"
        )
    if blind_spots:
        names = ", ".join(f"<code>{escape(u.unit)}</code> ({count(u.mutants, 'mutant')})" for u in blind_spots)
        lines.append(f"<p class=blind>Integration blind spots (no test kills any of their mutants): {names}.</p>")
        if any(u.mutants < FIRM for u in blind_spots):
            lines.append(
                f"<p>On fewer than {FIRM} mutants a blind spot is thin evidence: a surviving mutant may be "
                f"equivalent (no test could notice it); <code>--mutants {FIRM}</code> or more confirms it.</p>"
            )
    if not audit.complete:
        lines.append(f"<p>Incomplete: {audit.mutants} of {audit.planned} planned mutants ran.</p>")
    head = (
        "<tr><th>Unit</th><th>Step</th><th>Mutants</th><th>Killed at its step</th><th>Later (step)</th>"
        "<th>Early (step)</th><th>Survived</th><th>Localised</th></tr>"
    )
    table = f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    return _part(k, f"Localisation: {audit.source}", audit.command, "".join(lines) + table)


def _interfaces(audit: InterfaceAudit, k: int) -> str:
    rows = []
    for e in audit.edges:
        missed = "<br>".join(f"<code>{escape(m)}</code>" for m in e.missed)
        rows.append(
            f"<tr><td><code>{escape(e.caller)}</code> → <code>{escape(e.unit)}</code></td>"
            f'<td class="num">{e.mutants}</td><td class="num">{e.binding}</td><td class="num">{e.caught}</td>'
            f'<td class="num">{_share(e.caught, e.binding)}</td><td>{missed}</td></tr>'
        )
    binding, caught = audit.binding, audit.caught
    text = (
        f"<p class=share><b>Caught by the drivers: {caught} of {binding} ({_share(caught, binding)})</b> "
        f"interface mutants that change how a call site binds, of {audit.mutants} over "
        f"{count(len(audit.edges), 'dependency', 'dependencies')} that drivers play; the others change nothing "
        "a call site states (a default, a parameter no call passes).</p>"
    )
    head = (
        "<tr><th>Dependency</th><th>Mutants</th><th>Change a binding</th><th>Caught</th><th>Share</th>"
        "<th>Not caught (file:line)</th></tr>"
    )
    table = f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    return _part(k, f"Interfaces: {audit.source}", audit.command, text + table)


def _history(audit: HistoryAudit, k: int) -> str:
    replayed = [c for c in audit.commits if not c.note]
    items = []
    for c in audit.commits:
        for miss in c.misses:
            items.append(
                f"<li><code>{escape(miss)}</code> failed at <code>{escape(c.commit)}</code> "
                f"({escape(c.subject)}), and the plan left it out; the change: "
                + ", ".join(f"<code>{escape(f)}</code>" for f in c.changed)
                + "</li>"
            )
        if c.note:
            items.append(f"<li>Not replayed: <code>{escape(c.commit)}</code>: {escape(c.note)}</li>")
    tests = sum(c.tests for c in replayed)
    selected = sum(c.selected for c in replayed)
    text = (
        f"<p class=share><b>Misses: {audit.misses}</b> over {count(len(replayed), 'commit')} replayed; "
        f"the plans selected {selected} of {tests} test runs ({_share(selected, tests)}).</p>"
    )
    listing = f"<ul class=misses>{''.join(items)}</ul>" if items else ""
    rows = "".join(
        f"<tr{' class=blind' if c.misses else ''}><td><code>{escape(c.commit)}</code></td><td>{escape(c.subject)}</td>"
        f'<td class="num">{len(c.changed)}</td>'
        f'<td class="num">{"-" if c.note else f"{c.selected} of {c.tests}"}</td>'
        f'<td class="num">{len(c.failing)}</td><td class="num">{"-" if c.note else len(c.misses)}</td></tr>'
        for c in audit.commits
    )
    head = "<tr><th>Commit</th><th>Subject</th><th>Changed</th><th>Selected</th><th>Failing</th><th>Missed</th></tr>"
    table = f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>"
    return _part(k, f"Change safety: {audit.source}", audit.command, text + table + listing)


def _part(k: int, title: str, command: str, body: str) -> str:
    return (
        f'<div class="audit" id="audit-{k}"><h3>{escape(title)}</h3>{body}'
        f"<p>Reproduce: <code>{escape(command)}</code></p></div>"
    )


def audit_section(audits: Sequence[Audit]) -> str:
    """The section for ``audits`` (empty without any)."""
    if not audits:
        return ""
    parts = []
    for k, audit in enumerate(audits, start=1):
        if isinstance(audit, MutantsAudit):
            parts.append(_mutants(audit, k))
        elif isinstance(audit, InterfaceAudit):
            parts.append(_interfaces(audit, k))
        else:
            parts.append(_history(audit, k))
    return '<section id="audit"><h2>Audit</h2>' + "".join(parts) + "</section>"


def step_notes(audits: Sequence[Audit]) -> dict[int, str]:
    """For each step integrating an audited unit, the HTML of its units' localisation; for
    each step where a mutant of another unit failed first (late or early), that too."""
    notes: dict[int, list[str]] = {}
    caught: dict[int, list[str]] = {}
    mutants = [a for a in audits if isinstance(a, MutantsAudit)]
    for audit in mutants:
        label = f" ({escape(audit.source)})" if len(mutants) > 1 else ""
        for u in audit.units:
            if not u.mutants:
                continue
            elsewhere = []
            if u.late:
                elsewhere.append(f"{len(u.late)} later")
            if u.early:
                elsewhere.append(f"{len(u.early)} earlier")
            text = f"<code>{escape(u.unit)}</code>: {u.localised} of {count(u.mutants, 'mutant')} localised here"
            if elsewhere:
                text += f", {' and '.join(elsewhere)}"
            text += f", {u.survived} survived"
            if u.blind_spot:
                text = f'<span class="blind">{text}: a blind spot</span>'
            notes.setdefault(u.step, []).append(text + label)
            for when, steps in (("late", u.late), ("early", u.early)):
                for step, n in Counter(steps).items():
                    caught.setdefault(step, []).append(
                        f"catches {count(n, 'mutant')} of <code>{escape(u.unit)}</code> (step {u.step}) {when}{label}"
                    )
    for step, texts in caught.items():
        notes.setdefault(step, []).extend(texts)
    return {step: "Audit: " + "; ".join(texts) + "." for step, texts in sorted(notes.items())}
