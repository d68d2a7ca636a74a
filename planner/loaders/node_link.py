"""networkx node-link JSON (``networkx.node_link_data``).

An object with ``"nodes"`` (each ``{"id": ..., ...}``) and ``"edges"`` (or
``"links"``, the older key), each ``{"source": ..., "target": ..., ...}``
with the edge attributes beside them. ``"directed": false`` is refused.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.base import jsontext
from planner.errors import GraphLoadError
from planner.graph import GraphBuilder
from planner.loaders import read_text

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["dumps", "dumps_data", "load", "loads"]


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""A JSON escape of a UTF-16 surrogate (paired or not; a match only means "check the values")."""


def load(path: Path, *, display: str) -> nx.DiGraph:
    return loads(read_text(path, display), display=display)


def loads(text: str, *, display: str = "<json>") -> nx.DiGraph:
    try:
        data = jsontext.loads(text)  # an integer too long for int() is a JSONDecodeError too
    except json.JSONDecodeError as exc:
        raise GraphLoadError(
            f"JSON syntax error at column {exc.colno}: {exc.msg}", path=display, line=exc.lineno
        ) from None
    except RecursionError:
        raise GraphLoadError("JSON nesting too deep", path=display) from None
    if not isinstance(data, dict) or "nodes" not in data:
        raise GraphLoadError(
            'not a node-link graph: expected an object with "nodes" and "edges" (networkx.node_link_data)',
            path=display,
        )
    if data.get("directed") is False:
        raise GraphLoadError('undirected graph ("directed": false): dependencies have a direction', path=display)
    if "edges" in data and "links" in data:
        raise GraphLoadError('both "edges" and "links": give the dependencies in one of them', path=display)
    if "graph" in data and not isinstance(data["graph"], dict):
        raise GraphLoadError(f'"graph" must be an object, got {type(data["graph"]).__name__}', path=display)
    edges_key = "edges" if "edges" in data else "links"
    nodes, edges = data["nodes"], data.get(edges_key, [])
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise GraphLoadError(f'"nodes" and "{edges_key}" must be lists', path=display)

    # The checks GraphBuilder makes of every value at the end (3 of 23 CPU s at 100,000 units) are
    # answered for the whole text at once: jsontext refuses integers beyond a double's range, and
    # text that encodes as UTF-8 holds no lone surrogate, so only a \uD800-\uDFFF escape can make one.
    builder = GraphBuilder(display, "json", values_writable=_surrogate_free(text))
    declared: dict[str, int] = {}
    for k, node in enumerate(nodes):
        if not isinstance(node, dict) or "id" not in node:
            raise GraphLoadError(f'nodes[{k}] is not an object with an "id"', path=display)
        attrs = {key: value for key, value in node.items() if key != "id"}
        name = _check_id(node["id"], f"nodes[{k}].id", display)  # networkx writes integer ids as numbers
        if name in declared:
            raise GraphLoadError(
                f"node {name!r} is declared twice (nodes[{declared[name]}] and nodes[{k}])", path=display, node=name
            )
        builder.add_node(name, attrs)
        declared[name] = k
    for k, edge in enumerate(edges):
        if not isinstance(edge, dict) or "source" not in edge or "target" not in edge:
            raise GraphLoadError(f'{edges_key}[{k}] is not an object with "source" and "target"', path=display)
        u = _check_id(edge["source"], f"{edges_key}[{k}].source", display)
        v = _check_id(edge["target"], f"{edges_key}[{k}].target", display)
        for end in (u, v):
            if end not in declared:
                raise GraphLoadError(f"{edges_key}[{k}] refers to undeclared node {end!r}", path=display, node=end)
        attrs = {key: value for key, value in edge.items() if key not in ("source", "target", "key")}
        try:
            builder.add_edge(u, v, attrs)
        except GraphLoadError as exc:
            exc.message = f"{edges_key}[{k}]: {exc.message}"
            raise
    return builder.build()


def dumps(graph: nx.DiGraph) -> str:
    """``graph`` as node-link JSON (sorted keys, tuples as lists), which :func:`loads`
    reads back into the same graph: the same canonical digest."""
    import networkx as nx

    data = nx.node_link_data(graph, edges="edges")
    data["nodes"].sort(key=lambda node: str(node["id"]))
    data["edges"].sort(key=lambda edge: (str(edge["source"]), str(edge["target"])))
    return dumps_data(data)


def dumps_data(data: dict[str, Any]) -> str:
    """Node-link data as the text :func:`dumps` writes: compact (without ``indent``,
    :mod:`json` uses its C encoder, five times faster), keys sorted, one line."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, set, frozenset)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _surrogate_free(text: str) -> bool:
    """Whether no string decoded from the JSON ``text`` can hold a lone surrogate."""
    if _SURROGATE_ESCAPE.search(text) is not None:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a raw lone surrogate (text that did not come from a file)
        return False
    return True


def _check_id(value: Any, where: str, display: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise GraphLoadError(f"{where} must be a string, got {value!r}", path=display)
    return str(value)
