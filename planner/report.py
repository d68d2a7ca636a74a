"""Plans and comparisons for people: rich tables and Markdown.

Rich is imported inside the functions that draw tables, so that importing
this module (and starting the command line) does not pay for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from planner.base.wording import count, number
from planner.model import TECHNIQUES, Comparison, ParetoFront, Plan, Step, in_force_counts

if TYPE_CHECKING:
    import networkx as nx
    from rich.console import RenderableType

__all__ = [
    "check_markdown",
    "comparison_markdown",
    "comparison_table",
    "pareto_csv",
    "pareto_markdown",
    "pareto_table",
    "plan_markdown",
    "plan_table",
    "scan_text",
]


_NEW_SHOWN = 3


_Cell = tuple[int, tuple[str, ...], tuple[str, ...]]


def _in_force(plan: Plan) -> Iterator[tuple[Step, _Cell, _Cell]]:
    """Each step with its stubs and drivers in force, summed up (see :func:`_doubles_cell`).

    Worked out from the plan's doubles in one sweep, so a table of a 100,000-unit plan
    costs what the plan does.
    """
    n = len(plan.steps)
    stubs = in_force_counts(plan.stubs, n)
    drivers = in_force_counts(plan.drivers, n)
    yield from zip(plan.steps, stubs, drivers, strict=True)


def _doubles_cell(cell: _Cell, code: Callable[[str], str]) -> str:
    """Only the units, never who each double stands in for (that is in the plan file): all of
    them where at most four are in force, else how many, and those new at this step."""
    count, new, shown = cell
    if count <= 4:
        return ", ".join(code(unit) for unit in shown)
    if not new:
        return f"{count} in force"
    more = f" and {len(new) - _NEW_SHOWN} more" if len(new) > _NEW_SHOWN else ""
    return f"{count} in force; new: " + ", ".join(code(unit) for unit in new[:_NEW_SHOWN]) + more


def _summary(plan: Plan) -> str:
    m = plan.metrics
    return (
        f"{count(m.steps, 'step')} in {count(m.waves, 'wave')}; "
        f"{count(m.specific_stubs, 'specific stub')} ({m.generic_stubs} generic), "
        f"{count(m.drivers, 'driver')}, stub complexity {number(m.stub_complexity)}"
    )


def _title(plan: Plan) -> str:
    label = plan.strategy
    if plan.options.variant and plan.strategy == "top-down":
        label += f" ({plan.options.variant})"
    if plan.options.target_layer is not None:
        label += f" (target layer {plan.options.target_layer})"
    return (
        f"Integration plan: {label}, {plan.graph.source} "
        f"({count(plan.graph.units, 'unit')}, {count(plan.graph.edges, 'dependency', 'dependencies')})"
    )


BROKEN_SHOWN = 12
"""Broken dependencies listed by the table and Markdown; the plan file has them all."""


def _broken(plan: Plan, code: Callable[[str], str]) -> list[str]:
    shown = [
        f"{code(e.importer)} -> {code(e.imported)} ({e.kind}, cost {number(e.cost)})"
        for e in plan.broken_edges[:BROKEN_SHOWN]
    ]
    hidden = len(plan.broken_edges) - len(shown)
    if hidden > 0:
        shown.append(f"... and {hidden} more (all are in the plan file: --format json)")
    return shown


UNITS_SHOWN = 8
"""Units of a cycle a table or Markdown report names (the plan file lists them all)."""


def _components(plan: Plan, code: Callable[[str], str]) -> Iterable[str]:
    for c in plan.components:
        units = ", ".join(code(u) for u in c.units[:UNITS_SHOWN])
        if len(c.units) > UNITS_SHOWN:
            units += f" and {len(c.units) - UNITS_SHOWN} more units"
        if c.method == "cluster":
            yield f"{units}: integrated as one step"
            continue
        shown = [f"{code(u)} -> {code(v)}" for u, v in c.broken[:BROKEN_SHOWN]]
        if len(c.broken) > BROKEN_SHOWN:
            shown.append(f"... {len(c.broken) - BROKEN_SHOWN} more")
        proof = "proven optimal" if c.optimal else "not proven optimal"
        if not c.optimal and c.lower_bound is not None:
            proof += f", lower bound {number(c.lower_bound)}"
            if c.gap is not None:
                proof += f", gap at most {c.gap:.0%}"
        yield f"{units}: broke {', '.join(shown)} (cost {number(c.cost)}, {c.method}, {proof})"


# --- issue 6: the tests of each step and their techniques -----------------------------------------

_TECHNIQUE_SHORT = {"black-box": "black", "white-box": "white", "grey-box": "grey"}


_UNPLACED = "(no unit of the graph)"


def _tests_cells(plan: Plan) -> dict[int, str]:
    """``5 (3 black, 2 grey)`` for each step: its tests and their technique mix (one pass over the tests;
    those that exercise no unit of the graph are a group of their own, shown apart)."""
    mixes: dict[int, dict[str, int]] = {}
    if plan.selection is not None:
        for test in plan.selection.tests:
            if test.footprint:
                mix = mixes.setdefault(test.step, dict.fromkeys(TECHNIQUES, 0))
                mix[test.technique] += 1
    cells = {}
    for step in plan.steps:
        of_step = mixes.get(step.index)
        total = sum(of_step.values()) if of_step is not None else 0
        if of_step is None or not total:
            cells[step.index] = str(total)
        else:
            shown = ", ".join(f"{n} {_TECHNIQUE_SHORT[name]}" for name, n in of_step.items() if n)
            cells[step.index] = f"{total} ({shown})"
    return cells


def _tests_summary(plan: Plan) -> str | None:
    selection = plan.selection
    if selection is None:
        return None
    mix = dict.fromkeys(TECHNIQUES, 0)
    for test in selection.tests:
        mix[test.technique] += 1
    measured = sum(1 for t in selection.tests if t.method == "coverage")
    method = f"coverage ({measured} measured)" if selection.footprint == "coverage" else "static"
    placed = {t.step for t in selection.tests if t.footprint}
    empty = sum(1 for s in plan.steps if s.index not in placed)
    techniques = ", ".join(f"{n} {name}" for name, n in mix.items())
    return (
        f"{count(len(selection.tests), 'test')} from {selection.rootdir} ({', '.join(selection.args)}), "
        f"footprints: {method}{' (placed for a run with doubles)' if selection.doubles else ''}; {techniques}; "
        f"{count(empty, 'step')} with no tests{_unplaced_text(plan)}"
    )


def _unplaced_text(plan: Plan) -> str:
    unplaced = len(plan.selection.unplaced) if plan.selection is not None else 0
    if not unplaced:
        return ""
    verb = "exercises" if unplaced == 1 else "exercise"
    return f"; {count(unplaced, 'test')} {verb} no unit of the graph (run at the end, as a group of their own)"


def _change_lines(plan: Plan, code: Callable[[str], str]) -> list[str]:
    """What a change-aware plan was made from: the change, its files, what the plan steps through."""
    change = plan.change
    if change is None:
        return []
    if change.since is not None:
        base = f", compared with {change.base[:12]}" if change.base else ""
        head = f"Change since {code(change.since)}{base}: {count(len(change.files), 'changed file')}"
    else:
        head = f"Change: {count(len(change.files), 'changed file')} (listed)"
    lines = [head]
    for f in change.files:
        units = f" ({', '.join(code(u) for u in f.units)})" if f.units else ""
        lines.append(f"  {code(f.path)}: {f.effect}{units}: {f.reason}")
    total = plan.graph.units
    if change.everything:
        lines.append(f"Planned: every unit ({total}): a changed file can affect everything.")
    else:
        planned = len(change.units)
        by_why: dict[str, list[str]] = {}
        for unit, why in change.units:
            by_why.setdefault(why, []).append(code(unit))
        reasons = "; ".join(f"{code(why)}: {', '.join(units)}" for why, units in by_why.items())
        lines.append(
            f"Planned: {planned} of {count(total, 'unit')}{': ' if reasons else ''}{reasons}; the other "
            f"{total - planned} count as integrated from the start (real, neither stubbed nor stepped)."
        )
    if plan.selection is not None and change.unselected_tests:
        lines.append(f"Tests left out: {change.unselected_tests} (they exercise no unit of the plan).")
    return lines


_PLAIN_ABOVE = 500
"""Plans of more steps are printed as plain aligned text: a rich table of 10,000 rows takes minutes."""


def plan_table(plan: Plan) -> RenderableType | str:
    """The plan as a table, followed by its totals, broken edges and notes.

    A rich table up to :data:`_PLAIN_ABOVE` steps; plain aligned text, one line a step, beyond.
    """
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    tested = plan.selection is not None
    headers = ["Step", "Wave", "Integrates", "Stubs in force", "Drivers in force", *(["Tests"] if tested else [])]
    cells = _tests_cells(plan) if tested else {}
    rows = [
        [
            str(step.index),
            str(step.wave),
            "\n".join(step.units),
            _doubles_cell(stubs, str),
            _doubles_cell(drivers, str),
            *([cells[step.index]] if tested else []),
        ]
        for step, stubs, drivers in _in_force(plan)
    ]
    unplaced = len(plan.selection.unplaced) if plan.selection is not None else 0
    if unplaced:
        rows.append(["end", "", _UNPLACED, "", "", str(unplaced)])
    after = [_summary(plan)]
    tests = _tests_summary(plan)
    if tests is not None:
        after.append(f"Tests: {tests}")
    if plan.broken_edges:
        after.append("Broken dependencies (stubbed):\n" + "\n".join(f"  {line}" for line in _broken(plan, str)))
    cycles = list(_components(plan, str))
    if cycles:
        after.append("Cycles:\n" + "\n".join(f"  {line}" for line in cycles))
    after += [f"Note: {note}" for note in plan.notes]
    change = _change_lines(plan, str)
    if change:
        after.append("\n".join(change))
    if len(rows) > _PLAIN_ABOVE:
        return _plain_table(_title(plan), headers, rows) + "".join(f"{part}\n" for part in after)
    table = Table(title=_title(plan), title_justify="left", show_lines=False, expand=False)
    for k, header in enumerate(headers):
        table.add_column(header, justify="right" if k < 2 else "left", no_wrap=k < 2, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return Group(table, *(Text(part) for part in after))


def _plain_table(title: str, headers: list[str], rows: list[list[str]]) -> str:
    """Rows as aligned text columns, one line each (several units of a step joined by commas)."""
    rows = [[cell.replace("\n", ", ") for cell in row] for row in rows]
    widths = [max(len(header), *(len(row[k]) for row in rows)) for k, header in enumerate(headers)]
    widths = [min(width, 60) for width in widths]

    def line(cells: list[str]) -> str:
        parts = [cell.rjust(widths[k]) if k < 2 else cell.ljust(widths[k]) for k, cell in enumerate(cells)]
        return "  ".join(parts).rstrip() + "\n"

    return title + "\n" + line(headers) + line(["-" * w for w in widths]) + "".join(line(row) for row in rows)


def _md(text: str) -> str:
    """``text`` as a Markdown code span that is safe inside a table cell."""
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def check_markdown(path: str, differences: Iterable[str]) -> str:
    """What ``planner plan --check`` found, as Markdown for a CI job's summary page.

    >>> print(check_markdown("plan.json", []), end="")
    ### planner: `plan.json` is up to date
    """
    found = list(differences)
    if not found:
        return f"### planner: {_md(path)} is up to date\n"
    lines = [f"### planner: {_md(path)} is out of date", ""]
    lines += [f"- {_md(line)}" for line in found]
    lines += ["", "Make the plan again, with the options it was made with, and commit it."]
    return "\n".join(lines) + "\n"


def plan_markdown(plan: Plan) -> str:
    """The plan as a Markdown table (for a pull-request comment)."""
    tested = plan.selection is not None
    cells = _tests_cells(plan) if tested else {}
    lines = [
        f"### {_title(plan).replace(plan.graph.source, _md(plan.graph.source), 1)}",
        "",
        "| Step | Wave | Integrates | Stubs in force | Drivers in force |" + (" Tests |" if tested else ""),
        "|---:|---:|---|---|---|" + ("---|" if tested else ""),
    ]
    for step, stubs, drivers in _in_force(plan):
        lines.append(
            f"| {step.index} | {step.wave} | {'<br>'.join(_md(u) for u in step.units)} "
            f"| {_doubles_cell(stubs, _md)} | {_doubles_cell(drivers, _md)} |"
            + (f" {cells[step.index]} |" if tested else "")
        )
    unplaced = len(plan.selection.unplaced) if plan.selection is not None else 0
    if unplaced:
        lines.append(f"| end | | {_UNPLACED} | | | {unplaced} |")
    lines += ["", _summary(plan) + "."]
    tests = _tests_summary(plan)
    if tests is not None and plan.selection is not None:
        rootdir = plan.selection.rootdir
        lines += ["", f"Tests: {tests.replace(rootdir, _md(rootdir), 1)}."]
    if plan.broken_edges:
        lines += ["", "Broken dependencies (stubbed):", ""]
        lines += [f"- {line}" for line in _broken(plan, _md)]
    cycles = list(_components(plan, _md))
    if cycles:
        lines += ["", "Cycles:", ""] + [f"- {line}" for line in cycles]
    if plan.notes:
        lines += [""] + [f"> {note}" for note in plan.notes]
    change = _change_lines(plan, _md)
    if change:
        lines += ["", change[0], ""] + [f"- {line.strip()}" for line in change[1:]]
    return "\n".join(lines) + "\n"


_COMPARE_HEADERS = (
    "Strategy",
    "Steps",
    "Waves",
    "Specific stubs",
    "Generic stubs",
    "Drivers",
    "Stub complexity",
    "Broken edges",
)
# Short headers let the terminal table fit 80 columns; the caption spells them out.
_COMPARE_TABLE_HEADERS = ("Strategy", "Steps", "Waves", "Stubs", "Generic", "Drivers", "Cost", "Broken")
_COMPARE_CAPTION = (
    "Stubs: specific stubs (dependant, stubbed unit). Generic: distinct stubbed units. "
    "Drivers: units that needed a driver. Cost: stub complexity. Broken: dependencies stubbed."
)


def _comparison_rows(comparison: Comparison) -> list[tuple[str, ...]]:
    return [
        (
            r.label,
            str(r.metrics.steps),
            str(r.metrics.waves),
            str(r.metrics.specific_stubs),
            str(r.metrics.generic_stubs),
            str(r.metrics.drivers),
            number(r.metrics.stub_complexity),
            str(r.broken_edges),
        )
        for r in comparison.results
    ]


def _comparison_title(comparison: Comparison) -> str:
    g = comparison.graph
    return (
        f"Strategies compared: {g.source} ({count(g.units, 'unit')}, {count(g.edges, 'dependency', 'dependencies')}; "
        f"cycles: {comparison.cycles}, objective: {comparison.objective})"
    )


def comparison_table(comparison: Comparison) -> RenderableType:
    """Every strategy side by side, as a rich table."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=_comparison_title(comparison), title_justify="left", caption=_COMPARE_CAPTION, caption_justify="left"
    )
    for k, header in enumerate(_COMPARE_TABLE_HEADERS):
        table.add_column(header, justify="left" if k == 0 else "right", no_wrap=k > 0)
    for row in _comparison_rows(comparison):
        table.add_row(*row)
    notes = [f"Note ({r.label}): {note}" for r in comparison.results for note in r.notes]
    return Group(table, *(Text(n) for n in notes))


def comparison_markdown(comparison: Comparison) -> str:
    """Every strategy side by side, as a Markdown table."""
    lines = [
        f"### {_comparison_title(comparison)}",
        "",
        "| " + " | ".join(_COMPARE_HEADERS) + " |",
        "|---|" + "---:|" * (len(_COMPARE_HEADERS) - 1),
    ]
    lines += ["| " + " | ".join(row) + " |" for row in _comparison_rows(comparison)]
    notes = [f"> {r.label}: {note}" for r in comparison.results for note in r.notes]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def scan_text(graph: nx.DiGraph) -> str:
    """A scanned graph explained: each unit's dependencies, each with its scope, its
    names and the statements that state it (plain text, readable at any width)."""
    root = graph.graph.get("root", graph.graph.get("source", ""))
    lines = [
        f"Dependencies scanned from {root}: {count(graph.number_of_nodes(), 'unit')}, "
        f"{count(graph.number_of_edges(), 'dependency', 'dependencies')}",
        "",
    ]
    for u in sorted(graph.nodes):
        targets = sorted(graph.successors(u))
        if not targets:
            continue
        lines.append(u)
        for v in targets:
            data = graph.edges[u, v]
            names = ", ".join(data.get("names", ())) or "-"
            scopes = list(data.get("scopes", ())) or [data.get("scope", "")]
            scope = ", ".join(str(s) for s in scopes if s)
            lines.append(f"  -> {v}  ({scope}; names: {names})")
            lines.extend(f"       {statement}" for statement in data.get("statements", ()))
    isolated = sorted(n for n in graph.nodes if graph.degree(n) == 0)
    if isolated:
        lines += ["", f"No dependencies either way: {', '.join(isolated)}"]
    return "\n".join(lines) + "\n"


def _pareto_title(front: ParetoFront) -> str:
    g = front.graph
    first, second = front.objectives
    kind = "exact Pareto front" if front.exact else "Pareto front (incomplete: time limit)"
    return (
        f"Cycle breaking, {kind} of {first} and {second}: {g.source} "
        f"({count(g.units, 'unit')}, {count(g.edges, 'dependency', 'dependencies')}; "
        f"{count(len(front.points), 'point')})"
    )


def _pareto_rows(front: ParetoFront) -> list[tuple[str, ...]]:
    return [
        (str(k), number(p.values[0]), number(p.values[1]), str(p.specific_stubs))
        for k, p in enumerate(front.points, start=1)
    ]


def pareto_table(front: ParetoFront) -> RenderableType:
    """A Pareto front as a rich table, one row per trade-off."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table()
    for header in ("#", *front.objectives, "stubs"):
        table.add_column(header, justify="right", no_wrap=True)
    for row in _pareto_rows(front):
        table.add_row(*row)
    notes = [
        Text(
            "Each row is an order nobody can improve in one objective without worsening the other; "
            "--format json lists the dependencies each one stubs."
        )
    ]
    notes += [Text(f"Note: {note}") for note in front.notes]
    return Group(Text(_pareto_title(front)), table, *notes)


def pareto_markdown(front: ParetoFront) -> str:
    """A Pareto front as a Markdown table."""
    headers = ("#", *front.objectives, "stubs")
    lines = [f"### {_pareto_title(front).replace(front.graph.source, _md(front.graph.source), 1)}", ""]
    lines += ["| " + " | ".join(headers) + " |", "|" + "---:|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in _pareto_rows(front)]
    if front.notes:
        lines += ["", *(f"> {note}" for note in front.notes)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (unit names come from anyone)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def pareto_csv(front: ParetoFront) -> str:
    """A Pareto front as CSV: one row per point, the stubbed dependencies as ``u->v`` joined by ``;``."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*front.objectives, "specific_stubs", "broken"])
    for point in front.points:
        writer.writerow(
            [
                number(point.values[0]),
                number(point.values[1]),
                point.specific_stubs,
                _cell(";".join(f"{u}->{v}" for u, v in point.broken)),
            ]
        )
    return buffer.getvalue()
