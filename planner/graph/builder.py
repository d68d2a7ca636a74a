"""Validating and typing graphs: every loader builds its graph through :class:`GraphBuilder`."""

from __future__ import annotations

import hashlib
import json
import math
import weakref
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from planner.errors import GraphLoadError
from planner.graph.conventions import DEFAULT_KIND, KIND_ALIASES, KINDS

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["GraphBuilder", "canonical_digest", "check_name", "normalize_edge_attrs", "normalize_graph"]

_NORMALIZED: weakref.WeakKeyDictionary[Any, tuple[int, int]] = weakref.WeakKeyDictionary()
"""The graphs :class:`GraphBuilder` built (validated and typed), with their size then.

Kept here rather than as a graph attribute, so that it never shows in a saved graph;
a graph whose size changed since is validated again.
"""


def check_name(name: object, *, path: str | None = None, line: int | None = None) -> str:
    """Return ``name`` as a unit name, or raise if it cannot be one.

    Unit names end up in generated code, CI files and command lines, so
    control characters, line breaks and other non-printable characters
    (``str.isprintable``) are refused outright.
    """
    if not isinstance(name, str) or not name:
        raise GraphLoadError(f"unit name must be a non-empty string, got {name!r}", path=path, line=line)
    if not name.isprintable():
        raise GraphLoadError(
            f"unit name {name!r} contains a control character, line break or other non-printable character",
            path=path,
            line=line,
        )
    return name


def _kind(value: object, where: dict[str, Any]) -> str:
    if isinstance(value, str) and value in KINDS:
        return value
    text = value.strip().lower() if isinstance(value, str) else ""  # a list or a number is no kind
    text = KIND_ALIASES.get(text, text)
    if text not in KINDS:
        raise GraphLoadError(f"unknown edge kind {value!r} (known kinds: {', '.join(sorted(KINDS))})", **where)
    return text


def _bool(value: object, where: dict[str, Any], key: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "on"):
        return True
    if text in ("false", "no", "0", "off"):
        return False
    raise GraphLoadError(f"edge attribute {key}={value!r} is not a boolean", **where)


def _number(value: object, where: dict[str, Any], key: str, *, integer: bool = False) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):  # OverflowError: an int too large for a float
        raise GraphLoadError(f"edge attribute {key}={value!r} is not a number", **where) from None
    if isinstance(value, bool) or not math.isfinite(number) or number < 0:
        raise GraphLoadError(f"edge attribute {key}={value!r} must be a finite number >= 0", **where)
    if integer and number != int(number):
        raise GraphLoadError(f"edge attribute {key}={value!r} must be a whole number", **where)
    return number


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        items: Iterable[object] = value.replace(",", " ").split()
    elif isinstance(value, Iterable):
        items = value
    else:
        items = [value]
    return tuple(sorted({str(item).strip() for item in items if str(item).strip()}))


def _ints(value: object, where: dict[str, Any]) -> tuple[int, ...]:
    result = set()
    for item in _strings(value):
        try:
            result.add(int(item))
        except ValueError:
            raise GraphLoadError(f"edge attribute lines={value!r} must list line numbers", **where) from None
    return tuple(sorted(result))


_TYPED_ATTRS = frozenset(("kind", "weight", "breakable", "names", "lines", "attributes", "methods"))


def normalize_edge_attrs(attrs: Mapping[str, Any], where: dict[str, Any]) -> dict[str, Any]:
    """Validate and type an edge's attributes, filling in the defaults."""
    result: dict[str, Any] = {key: value for key, value in attrs.items() if key not in _TYPED_ATTRS}
    kind = _kind(attrs.get("kind", DEFAULT_KIND), where)
    result["kind"] = kind
    result["breakable"] = _bool(attrs["breakable"], where, "breakable") if "breakable" in attrs else KINDS[kind]
    names = attrs.get("names")
    result["names"] = _strings(names) if names else ()
    lines = attrs.get("lines")
    result["lines"] = _ints(lines, where) if lines else ()
    result["weight"] = _number(attrs["weight"], where, "weight") if "weight" in attrs else 1.0
    for key in ("attributes", "methods"):
        if key in attrs:
            result[key] = int(_number(attrs[key], where, key, integer=True))
    return result


class GraphBuilder:
    """Collects the nodes and edges a loader reads, validates them, builds the graph.

    Every loader goes through it, so every format gets the same checks and the
    same one-line errors: unknown edge kinds, self-loops, duplicate node
    declarations (where the format declares nodes once), bad attribute values,
    names with control characters, and empty graphs.
    """

    def __init__(
        self, path: str, fmt: str, *, allow_repeated_nodes: bool = False, values_writable: bool = False
    ) -> None:
        """``values_writable``: the loader knows that every value it adds is writable (no lone
        surrogate, no integer beyond a double's range), so :meth:`build` need not walk them."""
        self.path = path
        self.format = fmt
        self.allow_repeated_nodes = allow_repeated_nodes
        self.values_writable = values_writable
        self._nodes: dict[str, dict[str, Any]] = {}
        self._node_lines: dict[str, int | None] = {}
        self._edges: dict[tuple[str, str], dict[str, Any]] = {}
        self._edge_lines: dict[tuple[str, str], int | None] = {}

    def add_node(self, name: object, attrs: Mapping[str, Any] | None = None, *, line: int | None = None) -> str:
        node = check_name(name, path=self.path, line=line)
        if node in self._nodes and node in self._node_lines and not self.allow_repeated_nodes:
            first = self._node_lines[node]
            also = f" (first declared at line {first})" if first is not None else ""
            raise GraphLoadError(f"node {node!r} is declared twice{also}", path=self.path, line=line, node=node)
        self._nodes.setdefault(node, {}).update(attrs or {})
        self._node_lines.setdefault(node, line)
        return node

    def _ensure_node(self, name: object, line: int | None) -> str:
        if name in self._nodes:
            return name  # keys are checked strings
        node = check_name(name, path=self.path, line=line)
        self._nodes[node] = {}
        return node

    def add_edge(
        self,
        importer: object,
        imported: object,
        attrs: Mapping[str, Any] | None = None,
        *,
        line: int | None = None,
    ) -> None:
        """Record ``importer -> imported``; a repeated edge merges into the first."""
        u = self._ensure_node(importer, line)
        v = self._ensure_node(imported, line)
        where: dict[str, Any] = {"path": self.path, "line": line, "node": u}
        if u == v:
            raise GraphLoadError(f"self-loop: {u!r} depends on itself", **where)
        data = normalize_edge_attrs(attrs or {}, where)
        key = (u, v)
        if key not in self._edges:
            self._edges[key] = data
            self._edge_lines[key] = line
            return
        old = self._edges[key]
        for attr in ("kind", "weight", "breakable"):
            if attrs and attr in attrs and old[attr] != data[attr]:
                first = self._edge_lines[key]
                also = f" (line {first})" if first is not None else ""
                raise GraphLoadError(
                    f"dependency {u} -> {v} is stated twice with different {attr}: "
                    f"{old[attr]!r}{also} and {data[attr]!r}",
                    **where,
                )
        old["names"] = tuple(sorted(set(old["names"]) | set(data["names"])))
        old["lines"] = tuple(sorted(set(old["lines"]) | set(data["lines"])))

    def build(self) -> nx.DiGraph:
        """Return the validated graph, with ``source``, ``format`` and ``sha256`` set."""
        import networkx as nx

        if not self._nodes:
            raise GraphLoadError("the graph is empty (no units)", path=self.path)
        graph = nx.DiGraph()
        graph.add_nodes_from(self._nodes.items())
        graph.add_edges_from((u, v, d) for (u, v), d in self._edges.items())
        graph.graph.update(source=self.path, format=self.format)
        self._check_values()
        # canonical_digest(graph), from the builder's own records (no edge view, no key function)
        graph.graph["sha256"] = _digest(self._nodes, [(u, v, d) for (u, v), d in self._edges.items()])
        _NORMALIZED[graph] = (graph.number_of_nodes(), graph.number_of_edges())
        return graph

    def node_link(self) -> dict[str, Any]:
        """The graph :meth:`build` would return, as networkx's node-link data
        (``node_link_data(graph, edges="edges")``, nodes and edges sorted by name), without
        building it: writing a scanned tree's graph file need not import networkx."""
        if not self._nodes:
            raise GraphLoadError("the graph is empty (no units)", path=self.path)
        self._check_values()
        edges = sorted(self._edges.items())
        digest = _digest(self._nodes, ((u, v, d) for (u, v), d in edges))
        return {
            "directed": True,
            "multigraph": False,
            "graph": {"source": self.path, "format": self.format, "sha256": digest},
            "nodes": [{**attrs, "id": node} for node, attrs in sorted(self._nodes.items())],
            "edges": [{**d, "source": u, "target": v} for (u, v), d in edges],
        }

    def _check_values(self) -> None:
        """Refuse values no output could hold, so that every graph loaded can be written
        and read back: text that is not Unicode (a lone surrogate, as JSON's ``"\\ud800"``
        gives) and integers beyond a double's range (GraphML ``long``, DOT ``lines``)."""
        if self.values_writable:
            return
        for node, attrs in self._nodes.items():
            why = _unwritable(attrs)
            if why is not None:
                raise GraphLoadError(
                    f"node {node!r}: an attribute holds {why}",
                    path=self.path,
                    line=self._node_lines.get(node),
                    node=node,
                )
        for (u, v), attrs in self._edges.items():
            why = _unwritable(attrs)
            if why is not None:
                line = self._edge_lines.get((u, v))
                raise GraphLoadError(
                    f"dependency {u} -> {v}: an attribute holds {why}", path=self.path, line=line, node=u
                )


_MAX_INTEGER = 10**308  # planner.base.jsontext.MAX_INTEGER_DIGITS: a JSON graph holds no larger integer


def _unwritable(attrs: Mapping[str, Any]) -> str | None:
    """What in ``attrs`` (keys and values, nested ones too) no output can hold, if anything."""
    stack: list[object] = [attrs]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "a lone surrogate (not Unicode text)"
        elif isinstance(item, int) and abs(item) >= _MAX_INTEGER:
            return "an integer of more than 308 digits"
        elif isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
    return None


def normalize_graph(graph: nx.DiGraph, *, source: str = "<graph>") -> nx.DiGraph:
    """Return a validated copy of ``graph`` with every edge attribute typed.

    Use it for graphs built in Python rather than loaded from a file; the input
    is not modified. A graph a loader built (through :class:`GraphBuilder`) is
    already validated and is returned as it is.
    """
    if _NORMALIZED.get(graph) == (graph.number_of_nodes(), graph.number_of_edges()):
        return graph
    if graph.is_multigraph() or not graph.is_directed():
        raise GraphLoadError("a dependency graph must be a networkx.DiGraph", path=source)
    path = str(graph.graph.get("source", source))
    builder = GraphBuilder(path, str(graph.graph.get("format", "networkx")))
    for node, attrs in graph.nodes(data=True):
        builder.add_node(node, attrs)
    for u, v, attrs in graph.edges(data=True):
        builder.add_edge(u, v, attrs)
    result: nx.DiGraph = builder.build()
    return result


def canonical_digest(graph: nx.DiGraph) -> str:
    """SHA-256 of the graph's units, edges and edge attributes, independent of
    file format and declaration order: the same graph in DOT, JSON or GraphML
    has the same digest."""
    return _digest(graph.nodes, graph.edges(data=True))


def _digest(units: Iterable[str], edges: Iterable[tuple[str, str, Mapping[str, Any]]]) -> str:
    # json writes tuples as lists, so edge attributes go in as they are.
    ordered = sorted(edges, key=itemgetter(0, 1))
    payload = {"units": sorted(units), "edges": ordered}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
