"""A plan as one self-contained HTML page: its steps, a picture of each, the metrics.

The page needs nothing but itself: styles and script are inline, the
pictures are inline SVG drawn by Graphviz (all in one run of ``dot``), there
are no fonts, images or scripts to fetch, and a Content-Security-Policy tells
the browser to fetch nothing. It works from a file on disk.

It shows the whole plan and then each step (laid out alike, so stepping shows
what changes), stepped with buttons, the arrow keys or a click on a row of
the steps table; the metrics of this plan beside those of every strategy
(when the graph is known); the broken dependencies, cycles and notes. Every
name is escaped; the script reads no data from the plan, it only shows and
hides the pictures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from planner._version import __version__
from planner.render import Rendering
from planner.render.dot import to_dot
from planner.render.graphviz import svgs
from planner.render.plan_picture import PlanPicture, plan_label

if TYPE_CHECKING:
    import networkx as nx

    from planner.model import Comparison, Driver, Metrics, Plan, Step, Stub

__all__ = ["page"]

POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
"""The page's Content-Security-Policy: it may fetch nothing at all."""

PURPOSE = "an HTML page (its pictures are SVG drawn by Graphviz)"


def page(
    plan: Plan,
    *,
    graph: nx.DiGraph | None = None,
    comparison: Comparison | None = None,
    start: int = 0,
    display: str = "<plan>",
) -> Rendering:
    """The page of ``plan``, opening at step ``start`` (0: the whole plan)."""
    picture = PlanPicture(plan, graph, display=display)
    scenes = [picture.scene(None, stable=True)] + [
        picture.scene(k, stable=True) for k in range(1, len(picture.steps) + 1)
    ]
    pictures = svgs([to_dot(scene) for scene in scenes], purpose=PURPOSE)
    notes = scenes[0].notes
    body = [
        _header(plan),
        _viewer(picture.steps, pictures),
        _steps_table(picture.steps),
        _metrics(plan, comparison),
        _details(plan, notes),
        f"<footer>Made by planner {escape(__version__)}. "
        "Dependencies point from a unit to what it depends on.</footer>",
    ]
    text = _TEMPLATE.format(
        title=escape(f"Integration plan: {plan_label(plan)}, {plan.graph.source}"),
        policy=POLICY,
        style=_asset("page.css"),
        start=start,
        body="\n".join(body),
        script=_asset("page.js"),
    )
    return Rendering(text.encode("utf-8"), notes)


def _asset(name: str) -> str:
    """A file shipped beside this module (the page's style and script)."""
    from importlib.resources import files

    return files("planner.render").joinpath(name).read_text(encoding="utf-8")


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _header(plan: Plan) -> str:
    g = plan.graph
    return (
        f"<header><h1>Integration plan: {escape(plan_label(plan))}</h1>"
        f"<p><code>{escape(g.source)}</code>: {_count(g.units, 'unit')}, "
        f"{_count(g.edges, 'dependency', 'dependencies')}; cycles: {escape(plan.options.cycles)}, "
        f"objective: {escape(plan.options.objective)}.</p></header>"
    )


def _svg(text: str, k: int) -> str:
    """Graphviz's SVG document, inlined: no XML prologue, ids made unique per picture."""
    text = text[text.index("<svg") :]
    text = re.sub(r"<!--.*?-->\n?", "", text, flags=re.DOTALL)
    return re.sub(r'\bid="', f'id="p{k}-', text)


def _doubles(items: Sequence[Stub | Driver]) -> str:
    return "; ".join(f"{d.unit} (for {', '.join(d.for_)})" for d in items)


def _caption(step: Step | None, n: int) -> str:
    if step is None:
        return (
            f"<figcaption><b>The whole plan</b>: {_count(n, 'step')}. "
            "Step through it with the buttons or the ← → keys.</figcaption>"
        )
    parts = [f"<b>Step {step.index} of {n}</b> (wave {step.wave}) integrates {escape(', '.join(step.units))}."]
    if step.stubs:
        parts.append(f"Stubs in force: {escape(_doubles(step.stubs))}.")
    if step.drivers:
        parts.append(f"Drivers in force: {escape(_doubles(step.drivers))}.")
    if not step.stubs and not step.drivers:
        parts.append("No stub or driver in force.")
    if step.tests:
        parts.append(f"{_count(len(step.tests), 'test')} run at this step.")
    return "<figcaption>" + " ".join(parts) + "</figcaption>"


def _viewer(steps: Sequence[Step], pictures: Sequence[str]) -> str:
    n = len(steps)
    figures = []
    for k, svg in enumerate(pictures):
        step = steps[k - 1] if k else None
        figures.append(
            f'<figure class="step" id="step-{k}" data-step="{k}"{" hidden" if k else ""}>'
            f'{_caption(step, n)}<div class="picture">{_svg(svg, k)}</div></figure>'
        )
    controls = (
        '<nav class="controls" aria-label="Step through the plan">'
        '<button type="button" id="first" title="The whole plan (Home)">« Whole plan</button>'
        '<button type="button" id="prev" title="Previous step (←)">◀ Previous</button>'
        '<span id="position" aria-live="polite">The whole plan</span>'
        '<button type="button" id="next" title="Next step (→)">Next ▶</button>'
        '<button type="button" id="last" title="Last step (End)">Last »</button>'
        "</nav>"
    )
    return (
        f'<section id="viewer"><h2>Steps, one picture each</h2>{controls}'
        "<noscript><p>Scripts are off: only the whole plan is shown.</p></noscript>" + "".join(figures) + "</section>"
    )


def _cell(items: Iterable[str]) -> str:
    return "<br>".join(escape(item) for item in items)


def _steps_table(steps: Sequence[Step]) -> str:
    rows = []
    for step in steps:
        stubs = [f"{s.unit} (for {', '.join(s.for_)})" for s in step.stubs]
        drivers = [f"{d.unit} (for {', '.join(d.for_)})" for d in step.drivers]
        rows.append(
            f'<tr data-step="{step.index}"><td class="num">{step.index}</td><td class="num">{step.wave}</td>'
            f"<td>{_cell(step.units)}</td><td>{_cell(stubs)}</td><td>{_cell(drivers)}</td>"
            f'<td class="num">{len(step.tests)}</td></tr>'
        )
    return (
        '<section id="steps"><h2>The plan, step by step</h2>'
        "<p>Click a row to see its picture.</p>"
        "<table><thead><tr><th>Step</th><th>Wave</th><th>Integrates</th><th>Stubs in force (for dependants)</th>"
        "<th>Drivers in force (for missing callers)</th><th>Tests</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></section>"
    )


def _metric_cells(m: Metrics, broken: int) -> str:
    values = (m.steps, m.waves, m.specific_stubs, m.generic_stubs, m.drivers, _number(m.stub_complexity), broken)
    return "".join(f'<td class="num">{value}</td>' for value in values)


def _metrics(plan: Plan, comparison: Comparison | None) -> str:
    head = (
        "<tr><th>Strategy</th><th>Steps</th><th>Waves</th><th>Specific stubs</th><th>Generic stubs</th>"
        "<th>Drivers</th><th>Stub complexity</th><th>Broken dependencies</th></tr>"
    )
    rows = []
    matched = False
    for result in comparison.results if comparison else ():
        this = result.strategy == plan.strategy and result.options == plan.options
        matched = matched or this
        label = result.label + (" (this plan)" if this else "")
        rows.append(
            f"<tr{' class=this' if this else ''}><td>{escape(label)}</td>"
            f"{_metric_cells(result.metrics, result.broken_edges)}</tr>"
        )
    if not matched:
        rows.insert(
            0,
            f"<tr class=this><td>{escape(plan_label(plan))} (this plan)</td>"
            f"{_metric_cells(plan.metrics, len(plan.broken_edges))}</tr>",
        )
    note = (
        "<p>Every strategy planned on the same graph with the same cycle handling. Fewer doubles (specific stubs plus "
        "drivers) is less test code to write; fewer waves is a shorter pipeline.</p>"
        if comparison
        else "<p>The other strategies are not shown: render the graph itself, or give the plan's graph with "
        "<code>--graph SOURCE</code>, to compare them.</p>"
    )
    table = f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    return f'<section id="metrics"><h2>Metrics, strategy by strategy</h2>{note}{table}</section>'


def _details(plan: Plan, notes: Sequence[str]) -> str:
    parts = []
    if plan.broken_edges:
        items = "".join(
            f"<li><code>{escape(e.importer)}</code> → <code>{escape(e.imported)}</code> "
            f"({escape(e.kind)}, cost {_number(e.cost)})</li>"
            for e in plan.broken_edges
        )
        parts.append(f"<h3>Broken dependencies (stubbed)</h3><ul>{items}</ul>")
    cycles = []
    for c in plan.components:
        units = ", ".join(c.units)
        if c.method == "cluster":
            cycles.append(f"{units}: integrated as one step")
        else:
            broke = ", ".join(f"{u} → {v}" for u, v in c.broken)
            cycles.append(
                f"{units}: broke {broke} (cost {_number(c.cost)}, {c.method}{', optimal' if c.optimal else ''})"
            )
    if cycles:
        parts.append("<h3>Cycles</h3><ul>" + "".join(f"<li>{escape(c)}</li>" for c in cycles) + "</ul>")
    all_notes = [*plan.notes, *notes]
    if all_notes:
        parts.append("<h3>Notes</h3><ul>" + "".join(f"<li>{escape(n)}</li>" for n in all_notes) + "</ul>")
    return f'<section id="details">{"".join(parts)}</section>' if parts else ""


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="planner">
<title>{title}</title>
<style>{style}</style>
</head>
<body data-start="{start}">
{body}
<script>{script}</script>
</body>
</html>
"""
