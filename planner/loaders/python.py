"""A Python source tree, scanned into a module graph (see :mod:`planner.loaders.scan`).

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
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from planner.errors import SourceError
from planner.graph import GraphBuilder, strongly_connected_components
from planner.loaders.scan import PreparedScan, ScanListener, ScanOptions, ScanReport, ScanResult, prepare, scan
from planner.loaders.scan.cache import paused_gc
from planner.loaders.scan.model import graph_options
from planner.loaders.scan.proof import sound_text

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Listener", "ScanOutcome", "ScanSummary", "graph_data", "graph_from_scan", "load", "scan_json", "summarize"]


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


@dataclass(frozen=True)
class ScanOutcome:
    """What a listener is told when a scan is done: the tree as shown, the reports
    (what could not be read as modules) and the notes (what was left out by design)."""

    root: str
    reports: tuple[ScanReport, ...]
    notes: tuple[str, ...]


class Listener(ScanListener):
    """A scan listener that is also told the outcome (the command line prints it)."""

    def finished(self, outcome: ScanOutcome, summary: ScanSummary | None) -> None:
        """The scan is done; ``summary`` is ``None`` when it found no module (an error follows)."""


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
    _told(_outcome(result), listener, summarize(result, graph))
    _check_strict(result.reports, chosen)
    return graph


def scan_json(
    source: str | Path,
    *,
    display: str | None = None,
    options: ScanOptions | None = None,
    listener: ScanListener | None = None,
) -> str:
    """Scan ``path`` and return its graph as node-link JSON, the text
    ``planner.loaders.node_link.dumps(load(...))`` gives, without building the graph
    (so without importing networkx): what ``planner scan -o`` writes.

    The text is kept in the scan's cache beside the result it comes from: on a tree
    that has not changed it is read back, checked, and returned as it is.
    """
    from planner.loaders import existing
    from planner.loaders.node_link import dumps_data

    path = existing(source)
    chosen = options if options is not None else ScanOptions()
    with paused_gc():
        prepared = prepare(path, options=chosen, display=str(source) if display is None else display)
        name = f"graph-json {graph_options(chosen)!r}"
        kept = _kept(prepared.companion(name))
        if kept is not None:
            text, units, edges, cycles, resolved = kept
            outcome = ScanOutcome(prepared.shown, prepared.merged(resolved), prepared.found.notes)
            stats = prepared.stats(parsed=0)
            summary = ScanSummary(
                stats.files, units, edges, cycles, len({r.path for r in outcome.reports}), stats.cached, stats.seconds
            )
        else:
            result = prepared.finish(listener)
            data = _finished(result, listener, lambda r: graph_data(r, chosen))
            text = dumps_data(data)
            summary = _summary(result, len(data["nodes"]), _edge_pairs(result))
            outcome = _outcome(result)
            walked = set(prepared.reports)
            resolved = tuple(r for r in result.reports if r not in walked)
            rows = [[r.path, r.line, r.message] for r in resolved]
            prepared.keep(name, [text, summary.units, summary.edges, summary.cycles, rows])
        _record_proof(prepared, chosen, text, outcome, summary)
    _told(outcome, listener, summary)
    _check_strict(outcome.reports, chosen)
    return text


def _record_proof(
    prepared: PreparedScan, options: ScanOptions, text: str, outcome: ScanOutcome, summary: ScanSummary
) -> None:
    """What the next ``planner scan -o`` of this unchanged tree says, with the proof that it
    is unchanged (see :mod:`planner.loaders.scan.proof`)."""
    if options.cache_dir is None:
        return
    paths = prepared.proof_paths()
    if paths is None:
        return
    from planner.loaders.scan import proof

    replayed = replace(summary, cached=len(prepared.contents), seconds=0.0)  # all from the cache, then
    value = [text, [str(r) for r in outcome.reports], list(outcome.notes), str(replayed)]
    shaping = {f.name: getattr(options, f.name) for f in fields(options) if f.name not in proof.UNSHAPING}
    parts = proof.option_parts("graph-json", shaping)
    proof.record(options.cache_dir, prepared.root, prepared.shown, parts, paths, value)


def _kept(value: Any) -> tuple[str, int, int, int, tuple[ScanReport, ...]] | None:
    """A graph text kept in the cache, if it is sound: a tampered or damaged one is
    ignored, and none can carry a control character into the output."""
    if type(value) is not list or len(value) != 5:
        return None
    text, units, edges, cycles, rows = value
    if not sound_text(text):
        return None
    if not all(type(n) is int and n >= 0 for n in (units, edges, cycles)) or type(rows) is not list:
        return None
    reports = []
    for row in rows:
        if type(row) is not list or len(row) != 3:
            return None
        where, line, message = row
        if type(where) is not str or type(message) is not str or not (where + message).isprintable():
            return None
        if line is not None and type(line) is not int:
            return None
        reports.append(ScanReport(where, line, message))
    return text, units, edges, cycles, tuple(reports)


_T = TypeVar("_T")


def _outcome(result: ScanResult) -> ScanOutcome:
    return ScanOutcome(result.root, result.reports, result.notes)


def _finished(result: ScanResult, listener: ScanListener | None, build: Callable[[ScanResult], _T]) -> _T:
    try:
        return build(result)
    except SourceError:
        if isinstance(listener, Listener):
            listener.finished(_outcome(result), None)  # the reports say why there is nothing
        raise


def _told(outcome: ScanOutcome, listener: ScanListener | None, summary: ScanSummary) -> None:
    if isinstance(listener, Listener):
        listener.finished(outcome, summary)


def _check_strict(reports: tuple[ScanReport, ...], options: ScanOptions) -> None:
    if options.strict and reports:
        first = reports[0]
        more = f" (and {len(reports) - 1} more)" if len(reports) > 1 else ""
        raise SourceError(
            f"{first.message}{more}; {{strict}} makes every report an error",
            path=first.path,
            line=first.line,
            parameter="strict",
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
