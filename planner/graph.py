"""Graph conventions, validation and helpers.

A dependency graph is a :class:`networkx.DiGraph` whose nodes are **units**
(module, class, package: anything integrated as a whole), named by strings.

**Edge direction**: ``u -> v`` means *u depends on v* (u imports, uses or
inherits from v). Callers are *higher*, callees *lower*; roots have no
dependants, leaves no dependencies. Every module of planner keeps this
direction.

Edge attributes (all optional in input files; :func:`normalize_graph` and the
loaders fill in the defaults):

``kind``       one of :data:`KINDS` (default ``use``)
``weight``     the cost of stubbing ``v`` for ``u`` (float >= 0, default 1)
``breakable``  whether a stub may stand in for ``v`` on this edge (default:
               by kind; inheritance, composition and inter-type declarations
               are unbreakable)
``names``      the symbols ``u`` takes from ``v`` (tuple of str)
``lines``      the lines of ``u`` where the dependency is stated (tuple of int)
``scope``      for Python imports: where the import runs (see the scanner)
``attributes``, ``methods``
               attribute and method coupling (the A and M of the class
               integration test order literature), where the data has them

Graph attributes ``source``, ``format`` and ``sha256`` say where a loaded graph
came from; they end up in the plan file.
"""

from __future__ import annotations

import hashlib
import json
import math
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planner.errors import GraphLoadError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "KINDS",
    "EdgeRecord",
    "GraphBuilder",
    "IndexedGraph",
    "canonical_digest",
    "check_name",
    "edge_breakable",
    "edge_kind",
    "edge_names",
    "edge_weight",
    "normalize_graph",
]

KINDS: Mapping[str, bool] = {
    "import": True,
    "use": True,
    "call": True,
    "associate": True,
    "aggregate": True,
    "dynamic": True,
    "advice": True,
    "pointcut": True,
    "compose": False,
    "inherit": False,
    "intertype": False,
}
"""Known edge kinds, each mapped to whether it is breakable by default."""

KIND_ALIASES: Mapping[str, str] = {
    "imports": "import",
    "uses": "use",
    "usage": "use",
    "calls": "call",
    "association": "associate",
    "aggregation": "aggregate",
    "composition": "compose",
    "inheritance": "inherit",
    "inherits": "inherit",
    "extends": "inherit",
    "implements": "inherit",
    "realization": "inherit",
}

DEFAULT_KIND = "use"

_NORMALIZED: weakref.WeakKeyDictionary[Any, tuple[int, int]] = weakref.WeakKeyDictionary()
"""The graphs :class:`GraphBuilder` built (validated and typed), with their size then.

Kept here rather than as a graph attribute, so that it never shows in a saved graph;
a graph whose size changed since is validated again.
"""


def edge_kind(data: Mapping[str, Any]) -> str:
    """The ``kind`` of an edge's attribute dict, with the default."""
    return str(data.get("kind", DEFAULT_KIND))


def edge_breakable(data: Mapping[str, Any]) -> bool:
    """Whether a stub may stand in on this edge (default: by kind)."""
    value = data.get("breakable")
    return KINDS.get(edge_kind(data), True) if value is None else bool(value)


def edge_weight(data: Mapping[str, Any]) -> float:
    """The stub cost of an edge (default 1)."""
    return float(data.get("weight", 1.0))


def edge_names(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The names the importer takes from the imported unit."""
    return tuple(data.get("names", ()))


@dataclass
class EdgeRecord:
    """One dependency as a loader read it, before validation."""

    importer: str
    imported: str
    attrs: dict[str, Any] = field(default_factory=dict)
    line: int | None = None


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
    if value in KINDS:
        return value  # type: ignore[return-value]
    text = str(value).strip().lower()
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
    except (TypeError, ValueError):
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

    def __init__(self, path: str, fmt: str, *, allow_repeated_nodes: bool = False) -> None:
        self.path = path
        self.format = fmt
        self.allow_repeated_nodes = allow_repeated_nodes
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
        graph.graph["sha256"] = canonical_digest(graph)
        _NORMALIZED[graph] = (graph.number_of_nodes(), graph.number_of_edges())
        return graph


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
    # json writes tuples as lists, so edge attributes go in as they are.
    edges = sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))
    payload = {"units": sorted(graph.nodes), "edges": edges}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class IndexedGraph:
    """A graph's structure as integer adjacency lists, for the hot loops.

    Units are numbered in sorted-name order, so every tie broken by index is
    broken by name: results never depend on insertion order or hash seeds.
    ``edges[k]`` is ``(i, j)`` and ``data[k]`` its attribute dict.
    """

    __slots__ = ("data", "edges", "index", "names", "succ")

    def __init__(self, graph: nx.DiGraph) -> None:
        self.names: list[str] = sorted(graph.nodes)
        self.index: dict[str, int] = {name: i for i, name in enumerate(self.names)}
        index = self.index
        n = len(self.names)
        succ: list[list[int]] = [[] for _ in range(n)]
        data: list[list[dict[str, Any]]] = [[] for _ in range(n)]
        for u, nbrs in graph.adjacency():
            i = index[u]
            # Indices follow sorted names, so sorting the names sorts the indices.
            targets = sorted(nbrs)
            succ[i] = [index[v] for v in targets]
            data[i] = [nbrs[v] for v in targets]
        self.succ: list[list[int]] = succ
        self.edges: list[tuple[int, int]] = [(i, j) for i, row in enumerate(succ) for j in row]
        self.data: list[dict[str, Any]] = [d for row in data for d in row]

    def __len__(self) -> int:
        return len(self.names)


def strongly_connected_components(
    nodes: Iterable[int], succ: Sequence[Sequence[int]] | Mapping[int, Sequence[int]]
) -> list[list[int]]:
    """Tarjan's algorithm, iterative, over integer adjacency lists.

    Returns the components (each sorted) in sorted order of their first member,
    restricted to ``nodes`` (edges leaving ``nodes`` are ignored).
    """
    if isinstance(nodes, range) and nodes == range(len(succ)) and isinstance(succ, Sequence):
        return _tarjan_all(succ)
    members = set(nodes)
    index_of: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    result: list[list[int]] = []
    counter = 0
    for root in sorted(members):
        if root in index_of:
            continue
        work = [(root, 0)]
        index_of[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, pos = work[-1]
            nbrs = succ[node]
            advanced = False
            while pos < len(nbrs):
                nxt = nbrs[pos]
                pos += 1
                if nxt not in members:
                    continue
                if nxt not in index_of:
                    work[-1] = (node, pos)
                    index_of[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, 0))
                    advanced = True
                    break
                if nxt in on_stack and index_of[nxt] < low[node]:
                    low[node] = index_of[nxt]
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[node] < low[parent]:
                    low[parent] = low[node]
            if low[node] == index_of[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                component.sort()
                result.append(component)
    result.sort()
    return result


def _tarjan_all(succ: Sequence[Sequence[int]]) -> list[list[int]]:
    """Tarjan's algorithm over every node ``0..n-1``, with lists for speed."""
    n = len(succ)
    index_of = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    result: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index_of[root] >= 0:
            continue
        if not succ[root]:  # a unit with no dependency is its own component
            index_of[root] = counter
            counter += 1
            result.append([root])
            continue
        work = [(root, 0)]
        index_of[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, pos = work[-1]
            nbrs = succ[node]
            end = len(nbrs)
            while pos < end:
                nxt = nbrs[pos]
                pos += 1
                if index_of[nxt] < 0:
                    work[-1] = (node, pos)
                    index_of[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack[nxt] = True
                    work.append((nxt, 0))
                    break
                if on_stack[nxt] and index_of[nxt] < low[node]:
                    low[node] = index_of[nxt]
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    if low[node] < low[parent]:
                        low[parent] = low[node]
                if low[node] == index_of[node]:
                    member = stack.pop()
                    on_stack[member] = False
                    if member == node:
                        result.append([member])
                        continue
                    component = [member]
                    while member != node:
                        member = stack.pop()
                        on_stack[member] = False
                        component.append(member)
                    component.sort()
                    result.append(component)
    result.sort()
    return result
