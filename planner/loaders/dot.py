"""Graphviz DOT, through pydot's parser.

Every ``u -> v`` of a ``digraph`` (subgraphs and clusters included) is a
dependency. Edge attributes ``kind``, ``weight``, ``breakable``, ``names`` and
``lines`` are read when present, also from ``edge [...]`` defaults, which
apply to the edges after them in their scope as in Graphviz. Ports
(``a:p -> b``) are dropped; a subgraph endpoint (``a -> {b c}``) means an
edge to each of its nodes. Repeated node statements merge, as in DOT.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import GraphLoadError
from planner.graph import GraphBuilder
from planner.loaders import read_text

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["load"]

_DEFAULT_STATEMENTS = ("node", "edge", "graph")


def load(path: Path, *, display: str) -> nx.DiGraph:
    text = read_text(path, display)
    return loads(text, display=display)


def loads(text: str, *, display: str = "<dot>") -> nx.DiGraph:
    from pydot import dot_parser
    from pyparsing import ParseBaseException

    try:
        graphs = list(dot_parser.GraphParser.parser.parse_string(text, parse_all=True))
    except ParseBaseException as exc:
        raise GraphLoadError(
            f"DOT syntax error at column {exc.col}: {exc.msg}", path=display, line=exc.lineno
        ) from None
    except RecursionError:
        raise GraphLoadError("DOT nesting too deep to parse", path=display) from None
    if not graphs:
        raise GraphLoadError("no graph in the file", path=display)
    if len(graphs) > 1:
        raise GraphLoadError(f"{len(graphs)} graphs in one file; give one digraph", path=display)
    (graph,) = graphs
    if graph.get_type() != "digraph":
        raise GraphLoadError("undirected graph: dependencies have a direction, write 'digraph' and '->'", path=display)
    builder = GraphBuilder(display, "dot", allow_repeated_nodes=True)
    _walk(graph, builder, {}, _Locator(text), {})
    return builder.build()


def _walk(
    graph: Any, builder: GraphBuilder, edge_defaults: dict[str, str], locate: _Locator, seen: dict[tuple[str, str], int]
) -> None:
    defaults = dict(edge_defaults)
    statements: list[tuple[int, str, Any]] = []
    statements += [(n.obj_dict.get("sequence", 0), "node", n) for n in graph.get_nodes()]
    statements += [(e.obj_dict.get("sequence", 0), "edge", e) for e in graph.get_edges()]
    statements += [(s.obj_dict.get("sequence", 0), "subgraph", s) for s in graph.get_subgraphs()]
    statements.sort(key=lambda item: item[0])
    for _, kind, obj in statements:
        if kind == "subgraph":
            _walk(obj, builder, defaults, locate, seen)
        elif kind == "node":
            name = _unquote(obj.get_name())
            attrs = {k: _unquote(v) for k, v in obj.get_attributes().items()}
            if name == "edge":
                defaults.update(attrs)
            elif name not in _DEFAULT_STATEMENTS:
                try:
                    builder.add_node(_node_id(obj.get_name()), attrs)
                except GraphLoadError as exc:
                    exc.line = locate.node(name)
                    raise
        else:
            attrs = {**defaults, **{k: _unquote(v) for k, v in obj.get_attributes().items()}}
            for u in _endpoints(obj.get_source()):
                for v in _endpoints(obj.get_destination()):
                    seen[u, v] = seen.get((u, v), 0) + 1
                    try:
                        builder.add_edge(u, v, attrs)
                    except GraphLoadError as exc:
                        # Lines are looked up only for errors: pydot does not keep them.
                        exc.line = locate.edge(u, v, seen[u, v])
                        raise


def _endpoints(end: Any) -> list[str]:
    if isinstance(end, str):
        return [_node_id(end)]
    # A subgraph used as an endpoint: pydot gives its obj_dict.
    return [_node_id(str(name)) for name in end.get("nodes", {})]


def _node_id(raw: str) -> str:
    if raw.startswith('"'):
        return str(_unquote(raw))
    return raw.split(":", 1)[0]  # drop a port


def _unquote(value: Any) -> Any:
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace("\\\r\n", "").replace("\\\n", "").replace('\\"', '"')
    return value


class _Locator:
    """Finds the line of a node or edge statement, for error messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    @staticmethod
    def _token(name: str) -> str:
        quoted = re.escape('"' + name.replace('"', '\\"') + '"')
        return rf'(?:{quoted}|(?<![\w."]){re.escape(name)}(?![\w."]))'

    def node(self, name: str) -> int | None:
        pattern = re.compile(self._token(name))
        for number, line in enumerate(self.lines, start=1):
            if pattern.search(line):
                return number
        return None

    def edge(self, u: str, v: str, occurrence: int = 1) -> int | None:
        """The line of the ``occurrence``-th statement of ``u -> v``."""
        pattern = re.compile(self._token(u) + r"[^;]*->[^;]*?" + self._token(v))
        found = None
        for number, line in enumerate(self.lines, start=1):
            if "->" in line and pattern.search(line):
                found = number
                occurrence -= 1
                if occurrence == 0:
                    break
        return found
