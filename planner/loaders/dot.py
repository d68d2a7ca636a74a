"""Graphviz DOT, through a DOT reader of our own (:mod:`planner.loaders._dot_syntax`).

Every ``u -> v`` of a ``digraph`` (subgraphs and clusters included) is a
dependency. Edge attributes ``kind``, ``weight``, ``breakable``, ``names`` and
``lines`` are read when present, also from ``edge [...]`` defaults, which
apply to the edges after them in their scope as in Graphviz. Ports
(``a:p -> b``) are dropped; a subgraph endpoint (``a -> {b c}``) means an
edge to each of the nodes it states. Repeated node statements merge, as in DOT.
Every error names the line of the statement at fault.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import GraphLoadError
from planner.graph import GraphBuilder
from planner.loaders import read_text
from planner.loaders._dot_syntax import Default, DotSyntaxError, Edge, Node, Subgraph, parse

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["load", "loads"]

_DEFAULT_STATEMENTS = ("node", "edge", "graph")


def load(path: Path, *, display: str) -> nx.DiGraph:
    text = read_text(path, display)
    return loads(text, display=display)


def loads(text: str, *, display: str = "<dot>") -> nx.DiGraph:
    try:
        graphs = parse(text)
    except DotSyntaxError as exc:
        raise GraphLoadError(
            f"DOT syntax error at column {exc.column}: {exc.message}", path=display, line=exc.line
        ) from None
    except RecursionError:
        raise GraphLoadError("DOT nesting too deep to parse", path=display) from None
    if len(graphs) > 1:
        raise GraphLoadError(f"{len(graphs)} graphs in one file; give one digraph", path=display)
    (graph,) = graphs
    if graph.kind != "digraph":
        raise GraphLoadError("undirected graph: dependencies have a direction, write 'digraph' and '->'", path=display)
    builder = GraphBuilder(display, "dot", allow_repeated_nodes=True)
    try:
        _walk(graph.body, builder, {})
    except RecursionError:
        raise GraphLoadError("DOT nesting too deep to parse", path=display) from None
    return builder.build()


def _walk(graph: Subgraph, builder: GraphBuilder, edge_defaults: dict[str, Any]) -> None:
    defaults = dict(edge_defaults)
    for statement in graph.statements:
        if isinstance(statement, Subgraph):
            _walk(statement, builder, defaults)
        elif isinstance(statement, Default):
            if statement.kind == "edge":
                defaults.update({k: _unquote(v) for k, v in statement.attrs.items()})
        elif isinstance(statement, Node):
            attrs = {k: _unquote(v) for k, v in statement.attrs.items()}
            name = _unquote(statement.name)
            if name == "edge":  # as pydot read it: a quoted "edge" [...] sets edge defaults
                defaults.update(attrs)
            elif name not in _DEFAULT_STATEMENTS:
                builder.add_node(name, attrs, line=statement.line)
        else:
            _edges(statement, builder, defaults)


def _edges(edge: Edge, builder: GraphBuilder, defaults: dict[str, Any]) -> None:
    attrs = {**defaults, **{k: _unquote(v) for k, v in edge.attrs.items()}}
    ends = [[_unquote(p)] if isinstance(p, str) else [_unquote(n) for n in p] for p in edge.points]
    for sources, targets in itertools.pairwise(ends):
        for u in sources:
            for v in targets:
                builder.add_edge(u, v, attrs, line=edge.line)


def _unquote(value: Any) -> Any:
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace("\\\r\n", "").replace("\\\n", "").replace('\\"', '"')
    return value
