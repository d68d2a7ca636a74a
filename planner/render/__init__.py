"""Pictures of graphs and plans: DOT, SVG, PNG, PDF, Mermaid and an HTML page.

A picture is first described as a :class:`~planner.render.scene.Scene`
(:mod:`.graph_picture`, :mod:`.plan_picture`), then written by one module per
format: :mod:`.dot` (DOT text, which Graphviz turns into SVG, PNG or PDF
through :mod:`.graphviz`), :mod:`.mermaid`, and :mod:`.html` (a page stepping
through a plan). pydot and networkx are imported only when a picture is drawn.

========  ==========  ===========================================
suffix    format      needs
========  ==========  ===========================================
.dot .gv  ``dot``     nothing
.mmd      ``mermaid`` nothing
.svg      ``svg``     Graphviz
.png      ``png``     Graphviz
.pdf      ``pdf``     Graphviz
.html     ``html``    Graphviz (the page embeds SVG pictures)
========  ==========  ===========================================
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import networkx as nx

    from planner.model import Comparison, Plan
    from planner.render.audit_data import Audit
    from planner.render.scene import Scene

__all__ = ["FORMATS", "Rendering", "draw", "format_of", "draw_graph", "draw_plan", "plan_page"]

FORMATS: dict[str, str] = {
    ".dot": "dot",
    ".gv": "dot",
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".html": "html",
    ".htm": "html",
}
"""Output formats, by file suffix."""

GRAPHVIZ_FORMATS = ("svg", "png", "pdf")


def format_of(path: str | Path) -> str:
    """The format an output file's suffix asks for."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        shown = f"{suffix!r}" if suffix else "no suffix"
        raise UsageError(
            f"{path}: cannot tell the picture format from {shown} (use one of {', '.join(sorted(set(FORMATS)))})"
        )
    return FORMATS[suffix]


@dataclass(frozen=True)
class Rendering:
    """A picture's bytes, and what the user should know about it."""

    content: bytes
    notes: tuple[str, ...] = ()


def draw(scene: Scene, fmt: str) -> bytes:
    """Write ``scene`` in ``fmt`` (any format of :data:`FORMATS` but ``html``)."""
    if fmt == "mermaid":
        from planner.render.mermaid import to_mermaid

        return to_mermaid(scene).encode("utf-8")
    from planner.render.dot import to_dot

    text = to_dot(scene)
    if fmt == "dot":
        return text.encode("utf-8")
    if fmt not in GRAPHVIZ_FORMATS:
        raise UsageError(f"unknown picture format {fmt!r}")
    from planner.render.graphviz import run_dot, without_ids

    data = run_dot(text, fmt, purpose=f"{fmt.upper()} output")
    return without_ids(data) if fmt == "svg" else data


def draw_graph(
    graph: nx.DiGraph,
    fmt: str,
    *,
    depth: int | None = None,
    collapse_cycles: bool = False,
    around: str | None = None,
    radius: int = 1,
    max_nodes: int | None = None,
) -> Rendering:
    """The picture of a dependency graph, or of the neighbourhood of ``around`` (see :mod:`.graph_picture`).

    Above ``max_nodes`` units (default :data:`~planner.render.collapse.MAX_NODES`; 0: no
    limit) it collapses to packages (see :mod:`.collapse`).
    """
    from planner.render.collapse import MAX_NODES
    from planner.render.graph_picture import graph_scene

    scene = graph_scene(
        graph,
        depth=depth,
        collapse_cycles=collapse_cycles,
        around=around,
        radius=radius,
        max_nodes=MAX_NODES if max_nodes is None else max_nodes,
    )
    return Rendering(draw(scene, fmt), scene.notes)


def draw_plan(
    plan: Plan,
    fmt: str,
    *,
    graph: nx.DiGraph | None = None,
    step: int | None = None,
    display: str = "<plan>",
    max_nodes: int | None = None,
) -> Rendering:
    """The picture of a plan, or of one of its steps (see :mod:`.plan_picture`); above
    ``max_nodes`` units, of its packages."""
    from planner.render.collapse import MAX_NODES
    from planner.render.plan_picture import PlanPicture

    limit = MAX_NODES if max_nodes is None else max_nodes
    scene = PlanPicture(plan, graph, display=display, max_nodes=limit).scene(step)
    return Rendering(draw(scene, fmt), scene.notes)


def plan_page(
    plan: Plan,
    *,
    graph: nx.DiGraph | None = None,
    comparison: Comparison | None = None,
    start: int = 0,
    display: str = "<plan>",
    max_nodes: int | None = None,
    audits: Sequence[Audit] = (),
) -> Rendering:
    """The HTML page of a plan (see :mod:`.html`), with a section for each of ``audits``."""
    from planner.render.collapse import MAX_NODES
    from planner.render.html import page

    limit = MAX_NODES if max_nodes is None else max_nodes
    return page(plan, graph=graph, comparison=comparison, start=start, display=display, max_nodes=limit, audits=audits)
