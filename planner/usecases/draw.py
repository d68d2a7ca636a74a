"""Draw a graph or a plan: recognise SOURCE, plan it if asked, draw the picture or the page.

Named ``draw`` because :mod:`planner.render` is the package of the formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import InputError, UsageError

if TYPE_CHECKING:
    import networkx as nx

    from planner.loaders.scan import ScanOptions
    from planner.model import Plan
    from planner.render import Rendering
    from planner.render.audit_data import Audit

__all__ = ["draw"]


@dataclass(frozen=True)
class _Planning:
    """The plan options given to ``draw`` (None: not given)."""

    strategy: str | None
    variant: str | None
    target_layer: int | None
    cycles: str | None
    objective: str | None

    def given(self) -> list[str]:
        """The parameters given, by name."""
        pairs = (
            ("strategy", self.strategy),
            ("variant", self.variant),
            ("target_layer", self.target_layer),
            ("cycles", self.cycles),
            ("objective", self.objective),
        )
        return [name for name, value in pairs if value is not None]


@dataclass(frozen=True)
class _Picture:
    """How a graph picture is cut: the options that draw graphs only."""

    depth: int | None
    collapse_cycles: bool
    around: str | None
    max_nodes: int | None

    def given(self) -> list[str]:
        """The parameters given, by name."""
        pairs = (("depth", self.depth), ("collapse_cycles", self.collapse_cycles or None), ("around", self.around))
        return [name for name, value in pairs if value is not None]


def draw(
    source: str | Path,
    *,
    fmt: str,
    strategy: str | None = None,
    variant: str | None = None,
    target_layer: int | None = None,
    cycles: str | None = None,
    objective: str | None = None,
    step: int | None = None,
    depth: int | None = None,
    collapse_cycles: bool = False,
    graph: str | Path | None = None,
    format_in: str | None = None,
    around: str | None = None,
    max_nodes: int | None = None,
    scan: ScanOptions | None = None,
    audits: Sequence[str | Path] = (),
) -> Rendering:
    """Draw a graph or a plan in ``fmt`` (see :data:`planner.render.FORMATS`): ``planner render``.

    ``source`` is a plan file (drawn as it is; ``graph`` may name the graph it
    was made from, to draw the dependencies inside its steps), or a graph file
    or source tree: drawn as a graph, or planned on the fly and drawn as a
    plan when ``strategy`` is given. An HTML page always shows a plan
    (bottom-up, the default of ``planner plan``, unless ``strategy`` says
    otherwise). ``around`` draws only the units at most ``depth`` (default 1)
    dependencies away from that unit, either way. Above ``max_nodes`` units (0: no
    limit; default :data:`planner.render.collapse.MAX_NODES`) a picture collapses to
    packages. ``scan`` applies when ``source`` is a Python source tree. ``audits`` are files
    of ``planner audit -f json`` that add an "Audit" section to an HTML page (checked to be
    audits of this plan).
    """
    from planner.usecases.plans import plan_in

    if audits and fmt != "html":
        raise UsageError(
            "{audits} adds a section to the HTML page: write a .html file (or {fmt} html)", parameter=("audits", "fmt")
        )
    planning = _Planning(strategy, variant, target_layer, cycles, objective)
    picture = _Picture(depth, collapse_cycles, around, max_nodes)
    plan = plan_in(Path(source))
    from_file = plan is not None
    if plan is not None:
        loaded = _graph_of_plan(plan, source, graph, format_in, fmt, planning)
    else:
        plan, loaded = _plan_source(source, graph, format_in, fmt, scan, planning)
    if plan is None:
        if step is not None:
            raise UsageError(
                "{step} shows a step of a plan: give a plan file, or {strategy} to plan SOURCE",
                parameter=("step", "strategy"),
            )
        assert loaded is not None
        return _draw_graph(loaded, fmt, picture)
    _check_plan_picture(plan, step, picture, from_file=from_file)
    if fmt == "html":
        return _page(
            plan, loaded, source, step, max_nodes, audits, planned_by_default=strategy is None and not from_file
        )
    from planner.render import draw_plan

    return draw_plan(plan, fmt, graph=loaded, step=step, display=str(source), max_nodes=max_nodes)


def _graph_of_plan(
    plan: Plan, source: str | Path, graph: str | Path | None, format_in: str | None, fmt: str, planning: _Planning
) -> nx.DiGraph | None:
    """The graph drawn inside a plan file's steps: ``graph`` (checked), else the recorded one for a page."""
    from planner.usecases.graphs import plan_graph, recorded_graph

    given = planning.given()
    if given:
        names = ", ".join("{" + name + "}" for name in given)
        raise UsageError(f"{source} is a plan file, already planned: {names} only plan a graph", parameter=given)
    if graph is not None:
        return plan_graph(plan, graph, format_in, display=str(source))
    return recorded_graph(plan) if fmt == "html" else None


def _plan_source(
    source: str | Path,
    graph: str | Path | None,
    format_in: str | None,
    fmt: str,
    scan: ScanOptions | None,
    planning: _Planning,
) -> tuple[Plan | None, nx.DiGraph]:
    """The graph at ``source``, and its plan when one is asked for (a plan option, or a page)."""
    from planner.usecases.graphs import as_graph
    from planner.usecases.plan import make_plan

    if graph is not None:
        raise UsageError("{graph} goes with a plan file: SOURCE is a graph already", parameter="graph")
    loaded = as_graph(source, format_in, scan)
    if fmt != "html" and not planning.given():
        return None, loaded
    plan = make_plan(
        loaded,
        strategy=planning.strategy or "bottom-up",
        cycles=planning.cycles or "break",
        objective=planning.objective or "specific-stubs",
        variant=planning.variant,
        target_layer=planning.target_layer,
    )
    return plan, loaded


def _draw_graph(graph: nx.DiGraph, fmt: str, picture: _Picture) -> Rendering:
    from planner.render import draw_graph

    if picture.around is not None:  # --depth counts dependencies away from the unit, not package levels
        return draw_graph(
            graph,
            fmt,
            collapse_cycles=picture.collapse_cycles,
            around=picture.around,
            radius=picture.depth or 1,
            max_nodes=picture.max_nodes,
        )
    return draw_graph(
        graph, fmt, depth=picture.depth, collapse_cycles=picture.collapse_cycles, max_nodes=picture.max_nodes
    )


def _check_plan_picture(plan: Plan, step: int | None, picture: _Picture, *, from_file: bool) -> None:
    """Refuse the graph-picture options for a plan, and a step the plan does not have."""
    given = picture.given()
    if given:
        verb = "is" if len(given) == 1 else "are"
        how = "draw the graph file instead" if from_file else "leave out {strategy}"
        names = " and ".join("{" + name + "}" for name in given)
        raise UsageError(f"{names} {verb} for graph pictures, not plans ({how})", parameter=(*given, "strategy"))
    if step is not None and not 1 <= step <= len(plan.steps):
        raise UsageError(f"{{step}} {step} is out of range: the plan has {len(plan.steps)} steps", parameter="step")


def _page(
    plan: Plan,
    graph: nx.DiGraph | None,
    source: str | Path,
    step: int | None,
    max_nodes: int | None,
    audits: Sequence[str | Path],
    *,
    planned_by_default: bool,
) -> Rendering:
    """The HTML page of ``plan``: with every strategy compared when the graph is here, and audits."""
    from dataclasses import replace

    from planner.model import Options
    from planner.render import plan_page
    from planner.usecases.compare import compare_plans
    from planner.usecases.plans import plan_digest

    digest = plan_digest(plan) if audits else ""
    comparison = None
    if graph is not None:
        comparison = compare_plans(graph, Options(plan.options.cycles, plan.options.objective))
    page = plan_page(
        plan,
        graph=graph,
        comparison=comparison,
        start=step or 0,
        display=str(source),
        max_nodes=max_nodes,
        audits=[_read_audit(a, plan, digest) for a in audits],
    )
    if planned_by_default:
        note = "no --strategy given: the page shows the bottom-up plan (the default of 'planner plan')"
        page = replace(page, notes=(note, *page.notes))
    return page


def _read_audit(path: str | Path, plan: Plan, digest: str) -> Audit:
    """The audit file ``path`` (``planner audit -f json``), checked against ``plan``."""
    from planner.render.audit_data import read_audit

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the audit ({exc.strerror or exc})", path=str(path)) from None
    return read_audit(data, path=str(path), plan=plan, digest=digest)
