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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from planner.errors import SourceError
from planner.graph import GraphBuilder, strongly_connected_components
from planner.scan import ScanListener, ScanOptions, ScanResult, scan
from planner.scan.cache import paused_gc
from planner.scan.model import graph_options

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ScanSummary", "graph_data", "graph_from_scan", "load", "scan_json", "summarize"]


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
    graph = _finished(result, listener, graph_from_scan)
    recorded = graph_options(chosen)
    if recorded:
        graph.graph["scan"] = recorded  # plans record it: the same graph can be scanned again
    _told(result, listener, summarize(result, graph))
    _check_strict(result, chosen)
    return graph


def scan_json(
    path: Path,
    *,
    display: str,
    options: ScanOptions | None = None,
    listener: ScanListener | None = None,
) -> str:
    """Scan ``path`` and return its graph as node-link JSON, the text
    ``planner.loaders.node_link.dumps(load(...))`` gives, without building the graph
    (so without importing networkx): what ``planner scan -o`` writes."""
    from planner.loaders.node_link import dumps_data

    chosen = options if options is not None else ScanOptions()
    result = scan(path, options=chosen, display=display, listener=listener)
    data = _finished(result, listener, lambda r: graph_data(r, chosen))
    _told(result, listener, _summary(result, len(data["nodes"]), _edge_pairs(result)))
    _check_strict(result, chosen)
    return dumps_data(data)


_T = TypeVar("_T")


def _finished(result: ScanResult, listener: ScanListener | None, build: Callable[[ScanResult], _T]) -> _T:
    try:
        return build(result)
    except SourceError:
        if isinstance(listener, Listener):
            listener.finished(result, None)  # the reports say why there is nothing
        raise


def _told(result: ScanResult, listener: ScanListener | None, summary: ScanSummary) -> None:
    if isinstance(listener, Listener):
        listener.finished(result, summary)


def _check_strict(result: ScanResult, options: ScanOptions) -> None:
    if options.strict and result.reports:
        first = result.reports[0]
        more = f" (and {len(result.reports) - 1} more)" if len(result.reports) > 1 else ""
        raise SourceError(
            f"{first.message}{more}; --strict makes every report an error", path=first.path, line=first.line
        )


def graph_data(result: ScanResult, options: ScanOptions | None = None) -> dict[str, Any]:
    """The node-link data of the graph of a scan's result (see :func:`scan_json`)."""
    _check_modules(result)
    data = _builder(result).node_link()
    data["graph"]["root"] = result.root
    recorded = graph_options(options) if options is not None else ()
    if recorded:
        data["graph"]["scan"] = recorded
    return data


def graph_from_scan(result: ScanResult) -> nx.DiGraph:
    """The graph of a scan's result (an empty one is an error)."""
    _check_modules(result)
    with paused_gc():  # thousands of small dicts and no cycles
        graph = _builder(result).build()
    graph.graph["root"] = result.root
    return graph


def _check_modules(result: ScanResult) -> None:
    if not result.modules:
        why = f"; {len(result.reports)} file(s) reported" if result.reports else ""
        raise SourceError(f"no Python modules found{why}", path=result.root)


def _builder(result: ScanResult) -> GraphBuilder:
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
    return builder


def summarize(result: ScanResult, graph: nx.DiGraph) -> ScanSummary:
    return _summary(result, graph.number_of_nodes(), list(graph.edges))


def _edge_pairs(result: ScanResult) -> list[tuple[str, str]]:
    return [(edge.importer, edge.imported) for edge in result.edges]


def _summary(result: ScanResult, units: int, edges: list[tuple[str, str]]) -> ScanSummary:
    names = sorted({name for edge in edges for name in edge})
    index = {name: i for i, name in enumerate(names)}
    succ: list[list[int]] = [[] for _ in names]
    for u, v in edges:
        succ[index[u]].append(index[v])
    cycles = sum(1 for c in strongly_connected_components(range(len(names)), succ) if len(c) > 1)
    return ScanSummary(
        files=result.stats.files,
        units=units,
        edges=len(edges),
        cycles=cycles,
        reported=len({report.path for report in result.reports}),
        cached=result.stats.cached,
        seconds=result.stats.seconds,
    )
