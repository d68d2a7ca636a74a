"""A Python source tree, scanned into a module graph (see :mod:`planner.scan`).

Units are dotted module names, with node attributes ``path`` (relative to the
root, POSIX style) and ``kind`` (``module``, ``package``, or ``external`` for
third-party packages kept with ``external``). Every edge is an ``import``,
breakable, with ``names``, ``lines``, ``scope`` (the strongest of its
statements' scopes), ``scopes`` (all of them), ``statements`` (``"line:
source"`` strings, to explain it) and ``weight`` = the number of names (at
least 1). The graph attribute ``root`` is the tree as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import SourceError
from planner.graph import GraphBuilder, IndexedGraph, strongly_connected_components
from planner.scan import ScanListener, ScanOptions, ScanResult, scan
from planner.scan.cache import paused_gc
from planner.scan.model import graph_options

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ScanSummary", "graph_from_scan", "load", "summarize"]


@dataclass(frozen=True)
class ScanSummary:
    """The one-line account of a scan."""

    files: int
    units: int
    edges: int
    cycles: int
    reported: int
    cached: int
    seconds: float

    def __str__(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}" if count == 1 else f"{count} {word}s"

        return (
            f"{n(self.files, 'file')}, {n(self.units, 'unit')}, {n(self.edges, 'edge')}, {n(self.cycles, 'cycle')}, "
            f"{n(self.reported, 'file')} reported ({self.cached} from cache, {self.seconds:.2f} s)"
        )


class Listener(ScanListener):
    """A scan listener that is also told the result (the command line prints it)."""

    def finished(self, result: ScanResult, summary: ScanSummary | None) -> None:
        """The scan is done: ``result.reports`` are what it could not read; ``summary``
        is ``None`` when it found no module (an error follows)."""


def load(
    path: Path,
    *,
    display: str,
    options: ScanOptions | None = None,
    listener: ScanListener | None = None,
    **extra: Any,
) -> nx.DiGraph:
    """Scan ``path`` and return its graph; ``extra`` are :class:`ScanOptions` fields."""
    chosen = options if options is not None else ScanOptions(**extra)
    result = scan(path, options=chosen, display=display, listener=listener)
    try:
        graph = graph_from_scan(result)
    except SourceError:
        if isinstance(listener, Listener):
            listener.finished(result, None)  # the reports say why there is nothing
        raise
    recorded = graph_options(chosen)
    if recorded:
        graph.graph["scan"] = recorded  # plans record it: the same graph can be scanned again
    summary = summarize(result, graph)
    if isinstance(listener, Listener):
        listener.finished(result, summary)
    if chosen.strict and result.reports:
        first = result.reports[0]
        more = f" (and {len(result.reports) - 1} more)" if len(result.reports) > 1 else ""
        raise SourceError(
            f"{first.message}{more}; --strict makes every report an error", path=first.path, line=first.line
        )
    return graph


def graph_from_scan(result: ScanResult) -> nx.DiGraph:
    """The graph of a scan's result (an empty one is an error)."""
    if not result.modules:
        why = f"; {len(result.reports)} file(s) reported" if result.reports else ""
        raise SourceError(f"no Python modules found{why}", path=result.root)
    with paused_gc():  # thousands of small dicts and no cycles
        return _graph(result)


def _graph(result: ScanResult) -> nx.DiGraph:
    builder = GraphBuilder(result.root, "python")
    for module in result.modules:
        builder.add_node(module.name, {"path": module.path, "kind": module.kind})
    for name in result.externals:
        builder.add_node(name, {"kind": "external"})
    for edge in result.edges:
        builder.add_edge(
            edge.importer,
            edge.imported,
            {
                "kind": "import",
                "names": edge.names,
                "lines": edge.lines,
                "scope": edge.scope,
                "scopes": edge.scopes,
                "statements": edge.statements,
                "weight": float(edge.weight),
                "breakable": True,
            },
        )
    graph = builder.build()
    graph.graph["root"] = result.root
    return graph


def summarize(result: ScanResult, graph: nx.DiGraph) -> ScanSummary:
    indexed = IndexedGraph(graph)
    cycles = sum(1 for c in strongly_connected_components(range(len(indexed)), indexed.succ) if len(c) > 1)
    return ScanSummary(
        files=result.stats.files,
        units=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        cycles=cycles,
        reported=len({report.path for report in result.reports}),
        cached=result.stats.cached,
        seconds=result.stats.seconds,
    )
