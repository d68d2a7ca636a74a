"""Load a graph: a graph file, a scanned source tree, or the graph a plan was made from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from planner.loaders.scan import ScanListener, ScanOptions
    from planner.model import Plan

__all__ = ["as_graph", "graph_json", "load", "plan_graph", "recorded_graph", "scan", "scan_json"]


def load(source: str | Path, *, fmt: str | None = None, **options: Any) -> nx.DiGraph:
    """Load a graph file or scan a Python source tree (``fmt`` forces the format)."""
    from planner.loaders import load_graph

    return load_graph(source, fmt=fmt, **options)


def scan(source: str | Path, *, options: ScanOptions | None = None, listener: ScanListener | None = None) -> nx.DiGraph:
    """Scan a Python source tree into its module graph (see ``docs/scanning.md``).

    ``listener`` is told the progress, and (a :class:`planner.loaders.python.Listener`)
    the reports and the summary.
    """
    return load(source, fmt="python", options=options, listener=listener)


def scan_json(source: str | Path, *, options: ScanOptions | None = None, listener: ScanListener | None = None) -> str:
    """:func:`scan`, and :func:`graph_json` of its graph, without building the graph:
    what ``planner scan -o`` writes (networkx stays unimported)."""
    from planner.loaders.python import scan_json

    return scan_json(source, options=options, listener=listener)


def graph_json(graph: nx.DiGraph) -> str:
    """The graph as node-link JSON, the text ``planner.loaders.node_link`` reads back."""
    from planner.loaders import node_link

    return node_link.dumps(graph)


def as_graph(
    source: nx.DiGraph | str | Path,
    fmt: str | None = None,
    scan: ScanOptions | None = None,
    listener: ScanListener | None = None,
) -> nx.DiGraph:
    """``source`` as a graph: loaded or scanned when it is a path (``scan`` and ``listener``
    apply to a source tree; a graph file ignores them), else checked to follow the conventions."""
    if isinstance(source, (str, Path)):
        extra: dict[str, Any] = {}
        if scan is not None or listener is not None:
            from planner.loaders.source import SourceTree, open_source

            if isinstance(open_source(source, fmt), SourceTree):
                extra = {"options": scan, "listener": listener}
        return load(source, fmt=fmt, **extra)
    from planner.graph import normalize_graph

    return normalize_graph(source)


def recorded_graph(plan: Plan, *, same: bool = True) -> nx.DiGraph | None:
    """The graph the plan names as its source, when it is here (inside this directory) and is
    still the graph the plan was made from (``same``: else any graph there); else None (the page
    then says how to give it)."""
    from planner.errors import PlannerError
    from planner.graph import canonical_digest

    recorded = Path(plan.graph.source)
    here = Path.cwd().resolve()
    if recorded.is_absolute():
        return None
    target = (here / recorded).resolve()
    if target != here and here not in target.parents:
        return None  # never follow a plan file's path out of the tree
    if not target.exists():
        return None
    extra: dict[str, Any] = {}
    if plan.graph.format == "python":
        from planner.loaders.scan.model import with_graph_options

        extra["options"] = with_graph_options(None, plan.graph.scan)
    try:
        graph = load(target, fmt=plan.graph.format or None, **extra)
    except PlannerError:
        return None
    return graph if not same or canonical_digest(graph) == plan.graph.sha256 else None


def plan_graph(plan: Plan, source: str | Path, format_in: str | None, *, display: str) -> nx.DiGraph:
    """The graph at ``source``, checked to be the one ``plan`` was made from."""
    from planner.errors import PlanFileError
    from planner.graph import canonical_digest

    graph = load(source, fmt=format_in)
    digest = canonical_digest(graph)
    if digest != plan.graph.sha256:
        raise PlanFileError(
            f"the plan was made from another graph than {source} (sha256 {plan.graph.sha256[:12]}... in the plan, "
            f"{digest[:12]}... for {source}): plan it again, or give the graph it was made from",
            path=display,
        )
    return graph
