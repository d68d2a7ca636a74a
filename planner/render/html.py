"""A plan as one self-contained HTML page: its steps, a picture of each, the metrics.

The page needs nothing but itself: style and script are inline, the picture
is inline SVG drawn by Graphviz, there are no fonts, images or scripts to
fetch, and a Content-Security-Policy tells the browser to fetch nothing. It
works from a file on disk.

Every step of a plan has the same boxes in the same places (see
``stable=True`` in :mod:`.plan_picture`); only their look changes. So the plan
is laid out **once**, and each step is a list of style numbers, one per node
and edge: the script switches the CSS classes of the SVG's groups. A plan of
a hundred modules makes a page of a few hundred kilobytes instead of a hundred
SVG pictures. The start step's classes are written into the SVG itself, so the
page shows it even with scripts off.

The picture is stepped with buttons, the arrow keys or a click on a row of the
steps table; the metrics of the plan sit beside those of every strategy (when
the graph is known). Every name is escaped; the script reads nothing but style
numbers.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING, Any

from planner._version import __version__
from planner.base.wording import count, number
from planner.render import Rendering
from planner.render.audit_html import audit_section, step_notes
from planner.render.collapse import MAX_NODES
from planner.render.dot import to_dot
from planner.render.graphviz import run_dot, without_ids
from planner.render.plan_picture import PlanPicture, plan_label
from planner.render.scene import Edge, Node, Scene

if TYPE_CHECKING:
    import networkx as nx

    from planner.model import Comparison, Driver, Metrics, Plan, Step, Stub
    from planner.render.audit_data import Audit

__all__ = ["POLICY", "page"]

POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
"""The page's Content-Security-Policy: it may fetch nothing at all."""

PURPOSE = "an HTML page (its picture is SVG drawn by Graphviz)"

SHOWN_DOUBLES = 8
"""A step's caption names its stubs and drivers up to this many; the table has them all."""


def page(
    plan: Plan,
    *,
    graph: nx.DiGraph | None = None,
    comparison: Comparison | None = None,
    start: int = 0,
    display: str = "<plan>",
    max_nodes: int = MAX_NODES,
    audits: Sequence[Audit] = (),
) -> Rendering:
    """The page of ``plan``, opening at step ``start`` (0: the whole plan); above
    ``max_nodes`` units its picture shows packages, each listed with its units. Each of
    ``audits`` (read by :func:`.audit_data.read_audit`) adds a part to an "Audit" section,
    and the localisation of each step's units to its caption."""
    picture = PlanPicture(plan, graph, display=display, max_nodes=max_nodes)
    scenes = [picture.scene(k or None, stable=True) for k in range(len(picture.steps) + 1)]
    styles = _Styles(scenes)
    everything = replace(
        scenes[0],
        nodes=tuple(replace(n, hidden=False) for n in scenes[0].nodes),
        edges=tuple(replace(e, hidden=False) for e in scenes[0].edges),
    )
    svg = without_ids(run_dot(to_dot(everything, svg_ids=True), "svg", purpose=PURPOSE)).decode("utf-8")
    body = [
        _header(plan),
        _viewer(picture.steps, styles.restyle(_inline(svg), start), start, step_notes(audits)),
        _packages(picture),
        _steps_table(picture.steps),
        audit_section(audits),
        _metrics(plan, comparison),
        _details(plan, scenes[0].notes),
        f"<footer>Made by planner {escape(__version__)}. "
        "Dependencies point from a unit to what it depends on.</footer>",
    ]
    text = _TEMPLATE.format(
        title=escape(f"Integration plan: {plan_label(plan)}, {plan.graph.source}"),
        policy=POLICY,
        style=_asset("page.css") + styles.css(),
        start=start,
        body="\n".join(body),
        data=styles.data(),
        script=_asset("page.js"),
    )
    return Rendering(text.encode("utf-8"), scenes[0].notes)


class _Styles:
    """The looks of nodes and edges over all steps, numbered, and each step as a list of numbers.

    Steps are stored as changes from the step before (a step changes a few
    boxes, not all), which keeps the page small for long plans.
    """

    def __init__(self, scenes: Sequence[Scene]) -> None:
        self.node_styles: dict[tuple[object, ...], int] = {}
        self.edge_styles: dict[tuple[object, ...], int] = {}
        # Scenes share their unchanged nodes and edges, so each object's style is looked up once.
        seen: dict[int, int] = {}
        self.nodes = [[self._number(seen, self.node_styles, n, _node_key) for n in s.nodes] for s in scenes]
        seen = {}
        self.edges = [[self._number(seen, self.edge_styles, e, _edge_key) for e in s.edges] for s in scenes]

    @staticmethod
    def _number(seen: dict[int, int], table: dict[tuple[object, ...], int], item: Any, key: Any) -> int:
        number = seen.get(id(item))
        if number is None:
            number = seen[id(item)] = table.setdefault(key(item), len(table))
        return number

    def node_class(self, index: int) -> str:
        key = next(k for k, v in self.node_styles.items() if v == index)
        return " ".join(("node", *key[0], f"ns{index}"))  # type: ignore[misc]

    def edge_class(self, index: int) -> str:
        return f"edge es{index}"

    def css(self) -> str:
        rules = [
            "\n/* Looks of the picture's nodes and edges, switched step by step. */",
            ".hide { visibility: hidden; }",
        ]
        for key, k in self.node_styles.items():
            _, fill, stroke, text, dashed, width, _hidden = key
            dash = "4,2" if dashed else "none"
            rules.append(
                f".ns{k} > path, .ns{k} > polygon {{ fill: {fill}; stroke: {stroke}; "
                f"stroke-width: {width}; stroke-dasharray: {dash}; }} .ns{k} > text {{ fill: {text}; }}"
            )
        for key, k in self.edge_styles.items():
            colour, dashed, width, label, _hidden = key
            dash = "5,2" if dashed else "none"
            rules.append(
                f".es{k} > path {{ stroke: {colour}; stroke-width: {width}; stroke-dasharray: {dash}; }} "
                f".es{k} > polygon {{ fill: {colour}; stroke: {colour}; stroke-width: {width}; }} "
                f".es{k} > text {{ fill: {label}; }}"
            )
        return "\n".join(rules) + "\n"

    def data(self) -> str:
        """The steps as JSON (numbers only): step 0 whole, then each step's changes."""

        def changes(rows: list[list[int]]) -> list[list[int]]:
            result = [rows[0]]
            for before, after in itertools.pairwise(rows):
                result.append([x for k, (a, b) in enumerate(zip(before, after, strict=True)) if a != b for x in (k, b)])
            return result

        payload = {
            "nodeClasses": [self.node_class(k) for k in range(len(self.node_styles))],
            "nodeHidden": [bool(key[-1]) for key in self.node_styles],
            "edgeHidden": [bool(key[-1]) for key in self.edge_styles],
            "nodes": changes(self.nodes),
            "edges": changes(self.edges),
        }
        # Only numbers, booleans and fixed class names: nothing here comes from the plan.
        return json.dumps(payload, separators=(",", ":")).replace("<", "\\u003c")

    def restyle(self, svg: str, step: int) -> str:
        """``svg`` with the classes of ``step`` written in, for a page without scripts."""
        nodes, edges = self.nodes[step], self.edges[step]
        hidden_nodes = [bool(key[-1]) for key in self.node_styles]
        hidden_edges = [bool(key[-1]) for key in self.edge_styles]

        def group(match: re.Match[str]) -> str:
            kind, k = match.group(1), int(match.group(2))
            if kind == "n":
                style = nodes[k]
                classes = self.node_class(style) + (" hide" if hidden_nodes[style] else "")
            else:
                style = edges[k]
                classes = self.edge_class(style) + (" hide" if hidden_edges[style] else "")
            return f'<g id="{kind}{k}" class="{classes}"'

        return re.sub(r'<g id="([ne])(\d+)" class="[^"]*"', group, svg)


def _node_key(node: Node) -> tuple[object, ...]:
    return (node.classes, node.fill, node.stroke, node.text, node.dashed, f"{node.width:g}", node.hidden)


def _edge_key(edge: Edge) -> tuple[object, ...]:
    return (edge.colour, edge.dashed, f"{edge.width:g}", edge.label_colour or edge.colour, edge.hidden)


def _asset(name: str) -> str:
    """A file shipped beside this module (the page's style and script)."""
    from importlib.resources import files

    return files("planner.render").joinpath(name).read_text(encoding="utf-8")


def _header(plan: Plan) -> str:
    g = plan.graph
    return (
        f"<header><h1>Integration plan: {escape(plan_label(plan))}</h1>"
        f"<p><code>{escape(g.source)}</code>: {count(g.units, 'unit')}, "
        f"{count(g.edges, 'dependency', 'dependencies')}; cycles: {escape(plan.options.cycles)}, "
        f"objective: {escape(plan.options.objective)}.</p></header>"
    )


def _inline(svg: str) -> str:
    """Graphviz's SVG document, inlined: no XML prologue or comments (they hold names)."""
    svg = svg[svg.index("<svg") :]
    return re.sub(r"<!--.*?-->\n?", "", svg, flags=re.DOTALL)


def _doubles(kind: str, items: Sequence[Stub | Driver]) -> str:
    if not items:
        return ""
    if len(items) > SHOWN_DOUBLES:
        return f"{count(len(items), kind)} in force (see the table)."
    return f"{kind.capitalize()}s in force: " + "; ".join(f"{d.unit} (for {', '.join(d.for_)})" for d in items) + "."


def _caption(step: Step | None, n: int, audited: str = "") -> str:
    if step is None:
        return (
            f"<b>The whole plan</b>: {count(n, 'step')}, each unit numbered with its step. "
            "Step through it with the buttons or the ← → keys."
        )
    parts = [f"<b>Step {step.index} of {n}</b> (wave {step.wave}) integrates {escape(', '.join(step.units))}."]
    parts += [escape(text) for text in (_doubles("stub", step.stubs), _doubles("driver", step.drivers)) if text]
    if not step.stubs and not step.drivers:
        parts.append("No stub or driver in force.")
    if step.tests:
        parts.append(f"{count(len(step.tests), 'test')} run at this step.")
    if audited:  # HTML already, every name in it escaped
        parts.append(audited)
    return " ".join(parts)


def _viewer(steps: Sequence[Step], svg: str, start: int, notes: Mapping[int, str]) -> str:
    n = len(steps)
    captions = "".join(
        f'<p class="caption" data-step="{k}"{"" if k == start else " hidden"}>'
        f"{_caption(steps[k - 1] if k else None, n, notes.get(k, ''))}</p>"
        for k in range(n + 1)
    )
    controls = (
        '<nav class="controls" aria-label="Step through the plan">'
        '<button type="button" id="first" title="The whole plan (Home)">« Whole plan</button>'
        '<button type="button" id="prev" title="Previous step (←)">◀ Previous</button>'
        '<span id="position" aria-live="polite">The whole plan</span>'
        '<button type="button" id="next" title="Next step (→)">Next ▶</button>'
        '<button type="button" id="last" title="Last step (End)">Last »</button>'
        '<button type="button" id="zoom" title="Fit the picture to the window, or show it at its size">'
        "Actual size</button>"
        "</nav>"
        '<p class="search"><label for="search">Find a unit</label> '
        '<input type="search" id="search" autocomplete="off" spellcheck="false" '
        'placeholder="part of a name; Enter: go to its step"> <span id="found" aria-live="polite"></span></p>'
    )
    return (
        f'<section id="viewer"><h2>Steps, one picture each</h2>{controls}'
        "<noscript><p>Scripts are off: the picture shows one step only.</p></noscript>"
        f'<figure id="picture">{captions}<div class="picture">{svg}</div></figure></section>'
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
            f"<td>{_tests(step.tests)}</td></tr>"
        )
    return (
        '<section id="steps"><h2>The plan, step by step</h2>'
        "<p>Click a row to see its picture.</p>"
        "<table><thead><tr><th>Step</th><th>Wave</th><th>Integrates</th><th>Stubs in force (for dependants)</th>"
        "<th>Drivers in force (for missing callers)</th><th>Tests</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></section>"
    )


def _tests(tests: Sequence[str]) -> str:
    """A step's tests: their number, opening to the list of node ids."""
    if not tests:
        return '<span class="num">0</span>'
    items = "".join(f"<li><code>{escape(t)}</code></li>" for t in tests)
    return f'<details class="tests"><summary>{len(tests)}</summary><ul>{items}</ul></details>'


def _packages(picture: PlanPicture) -> str:
    """When the picture shows packages: each one's units with their steps (a click on a box opens it)."""
    if not picture.packages:
        return ""
    items = []
    for k, package in enumerate(picture.packages):
        units = "".join(
            f'<li data-step="{step}"><span class="num">{step}.</span> <code>{escape(unit)}</code></li>'
            for unit, step in zip(package.units, package.steps, strict=True)
        )
        items.append(
            f'<details data-node="n{k}"><summary><code>{escape(package.name)}</code>: '
            f"{escape(package.label[1])}</summary><ul>{units}</ul></details>"
        )
    return (
        '<section id="packages"><h2>Packages in the picture</h2>'
        f"<p>{count(len(picture.step_of), 'unit')} are too many to draw one by one: each box of the picture "
        "stands for a package (or some waves of one). Click a box, or open it here, to see its units and "
        "their steps; <code>--max-nodes 0</code> draws every unit.</p>" + "".join(items) + "</section>"
    )


def _metric_cells(m: Metrics, broken: int) -> str:
    values = (m.steps, m.waves, m.specific_stubs, m.generic_stubs, m.drivers, number(m.stub_complexity), broken)
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
            f"({escape(e.kind)}, cost {number(e.cost)})</li>"
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
                f"{units}: broke {broke} (cost {number(c.cost)}, {c.method}{', optimal' if c.optimal else ''})"
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
<script type="application/json" id="plan-steps">{data}</script>
<script>{script}</script>
</body>
</html>
"""
