"""The picture of a dependency graph: layers, cycles in clusters, packages collapsed.

Dependants are drawn above their dependencies (edges point down), each
strongly connected component of more than one node sits in a cluster, and two
kinds of collapsing keep a large graph readable:

* ``depth=N`` merges units by the first N parts of their dotted names
  (``shop.db.engine`` at depth 1 joins ``shop``); the dependencies between two
  groups become one edge labelled with their number and drawn thicker the more
  there are;
* ``collapse_cycles`` draws each strongly connected component as one node.

Both can be combined (packages first, then their cycles). A third way draws
only part of the graph: ``around=UNIT`` keeps the units at most ``radius``
dependencies away from UNIT, in either direction (what it uses, what uses it,
and so on), with UNIT in a thick border.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planner.base.wording import count
from planner.graph import edge_breakable, edge_kind
from planner.render import palette
from planner.render.collapse import MAX_NODES, banded, layers, package_groups
from planner.render.scene import LARGE, Cluster, Edge, LegendItem, Node, Scene, stagger_fans

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["graph_scene", "group_name", "neighbourhood"]

SHOWN_MEMBERS = 3
"""Names listed on a collapsed cycle's node."""


def group_name(unit: str, depth: int) -> str:
    """The first ``depth`` parts of a dotted name.

    >>> group_name("shop.db.engine", 1), group_name("shop", 2)
    ('shop', 'shop')
    """
    return ".".join(unit.split(".")[:depth])


@dataclass
class _Bundle:
    """The unit-level dependencies merged into one drawn edge."""

    count: int = 0
    unbreakable: int = 0
    kinds: set[str] = field(default_factory=set)


@dataclass
class _Group:
    """A drawn node standing for one or more units."""

    name: str
    units: list[str] = field(default_factory=list)
    inner: int = 0
    """Dependencies hidden inside the node."""
    cycle: list[str] = field(default_factory=list)
    """For a collapsed cycle: the names of the nodes it merged."""


def _merge(
    groups: Mapping[str, _Group], member: Mapping[str, str], edges: Mapping[tuple[str, str], _Bundle]
) -> dict[tuple[str, str], _Bundle]:
    """Re-map edges onto merged nodes, counting the ones that fall inside a node."""
    merged: dict[tuple[str, str], _Bundle] = {}
    for (u, v), bundle in edges.items():
        a, b = member[u], member[v]
        if a == b:
            groups[a].inner += bundle.count
            continue
        into = merged.setdefault((a, b), _Bundle())
        into.count += bundle.count
        into.unbreakable += bundle.unbreakable
        into.kinds |= bundle.kinds
    return merged


def neighbourhood(graph: nx.DiGraph, unit: str, radius: int) -> nx.DiGraph:
    """The subgraph of the units at most ``radius`` dependencies from ``unit``, either way.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("ui", "app"), ("app", "db"), ("db", "disk"), ("cli", "app")])
    >>> sorted(neighbourhood(g, "app", 1))
    ['app', 'cli', 'db', 'ui']
    """
    from planner.errors import UsageError

    if unit not in graph:
        import difflib

        close = difflib.get_close_matches(unit, sorted(map(str, graph.nodes)), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UsageError(f"{{around}}: no unit {unit!r} in the graph{hint}", parameter="around")
    seen = {unit}
    frontier = [unit]
    for _ in range(radius):
        reached = {n for u in frontier for n in (*graph.successors(u), *graph.predecessors(u))} - seen
        seen |= reached
        frontier = sorted(reached)
    sub: nx.DiGraph = graph.subgraph(seen).copy()
    return sub


def graph_scene(
    graph: nx.DiGraph,
    *,
    depth: int | None = None,
    collapse_cycles: bool = False,
    around: str | None = None,
    radius: int = 1,
    max_nodes: int = MAX_NODES,
) -> Scene:
    """Describe the picture of ``graph`` (see the module docstring).

    Above ``max_nodes`` units (0: no limit), and unless ``depth`` chooses the
    packages, the picture collapses to packages as deep as the budget allows, or
    stacks a flat package's units by layer (see :mod:`.collapse`).
    """
    import networkx as nx

    whole = graph
    if around is not None:
        graph = neighbourhood(graph, around, radius)

    edges: dict[tuple[str, str], _Bundle] = {}
    for u, v, data in graph.edges(data=True):
        edges[(u, v)] = _Bundle(1, 0 if edge_breakable(data) else 1, {edge_kind(data)})

    packages: dict[str, str] = {}
    if depth is None and max_nodes and graph.number_of_nodes() > max_nodes:
        packages = banded(package_groups(graph.nodes, max_nodes), layers(graph.edges, graph.nodes), "layer")
        if all(unit == group for unit, group in packages.items()):
            packages = {}  # nothing to collapse into: top-level modules only
    groups: dict[str, _Group] = {}
    member: dict[str, str] = {}
    for unit in sorted(graph.nodes):
        key = packages.get(unit, unit) if depth is None else group_name(unit, depth)
        groups.setdefault(key, _Group(key)).units.append(unit)
        member[unit] = key
    edges = _merge(groups, member, edges)

    condensed = nx.DiGraph()
    condensed.add_nodes_from(groups)
    condensed.add_edges_from(edges)
    sccs = sorted(sorted(c) for c in nx.strongly_connected_components(condensed) if len(c) > 1)
    clusters: list[Cluster] = []
    if collapse_cycles and sccs:
        member = {key: key for key in groups}
        for k, scc in enumerate(sccs, start=1):
            cycle = _Group(f"cycle {k}", cycle=scc)
            for key in scc:
                cycle.units += groups[key].units
                cycle.inner += groups.pop(key).inner
                member[key] = cycle.name
            groups[cycle.name] = cycle
        edges = _merge(groups, member, edges)
    else:
        for k, scc in enumerate(sccs, start=1):
            units = sum(len(groups[key].units) for key in scc)
            label = f"cycle {k}: {units} units" if depth is not None else f"cycle {k}"
            clusters.append(Cluster(f"cycle {k}", label, tuple(scc), fill=palette.CYCLE_FILL, stroke="#BB8844"))

    nodes = tuple(_node(groups[key], centre=key == around) for key in sorted(groups))
    merged = depth is not None or collapse_cycles or bool(packages)
    drawn = stagger_fans([_edge(u, v, bundle, merged=merged) for (u, v), bundle in sorted(edges.items())])
    notes = []
    title = _title(whole, depth, collapse_cycles)
    if around is not None:
        title += f"; {count(len(graph), 'unit')} within {radius} of {around}"
    if packages:
        what = "packages and layers" if any(", layer" in g for g in groups) else "packages"
        title += f"; collapsed to {len(groups)} {what} to fit --max-nodes {max_nodes} (0 draws every unit)"
        notes.append(
            f"{count(graph.number_of_nodes(), 'unit')} collapsed to {len(groups)} {what} to stay within "
            f"--max-nodes {max_nodes}: --max-nodes 0 (or a larger number) draws every unit, --around UNIT one part"
        )
    if len(nodes) > LARGE:
        notes.append(
            f"{len(nodes)} nodes in one picture: --depth N (packages) or --collapse-cycles make it easier to read"
        )
    return Scene(
        title=title,
        nodes=nodes,
        edges=drawn,
        clusters=tuple(clusters),
        legend=_legend(nodes, drawn, clusters),
        notes=tuple(notes),
    )


def _node(group: _Group, *, centre: bool = False) -> Node:
    if group.cycle:
        shown = group.cycle[:SHOWN_MEMBERS]
        more = len(group.cycle) - len(shown)
        lines = [f"{group.name}: {len(group.units)} units", *shown]
        if more:
            lines.append(f"+{more} more")
        return Node(group.name, tuple(lines), shape="group", fill=palette.CYCLE_FILL, classes=("cycle",))
    if group.units == [group.name]:
        return Node(group.name, (group.name,), width=3.0 if centre else 1.0, classes=("unit",))
    lines = [group.name, count(len(group.units), "unit")]
    if group.inner:
        lines[-1] += f", {count(group.inner, 'dependency', 'dependencies')} inside"
    return Node(group.name, tuple(lines), shape="group", classes=("group",))


def _edge(u: str, v: str, bundle: _Bundle, *, merged: bool) -> Edge:
    if merged and bundle.count > 1:
        return Edge(u, v, width=min(1.0 + math.log2(bundle.count), 6.0), label=str(bundle.count))
    kind = next(iter(bundle.kinds)) if len(bundle.kinds) == 1 else ""
    return Edge(
        u,
        v,
        width=2.0 if bundle.unbreakable else 1.0,
        arrowhead="empty" if kind == "inherit" else "normal",
        diamond_tail=kind == "compose",
    )


def _title(graph: nx.DiGraph, depth: int | None, collapse_cycles: bool) -> str:
    source = str(graph.graph.get("source", "graph"))
    title = (
        f"{source}: {count(graph.number_of_nodes(), 'unit')}, "
        f"{count(graph.number_of_edges(), 'dependency', 'dependencies')}"
    )
    if depth is not None:
        title += f"; packages to depth {depth}"
    if collapse_cycles:
        title += "; cycles collapsed"
    return title


def _legend(nodes: tuple[Node, ...], edges: tuple[Edge, ...], clusters: list[Cluster]) -> tuple[LegendItem, ...]:
    items = [LegendItem("A depends on B (A imports, uses or calls B)", edge=Edge("A", "B"))]
    if any(e.arrowhead == "empty" for e in edges):
        items.append(
            LegendItem("A inherits from B (no stub may replace B)", edge=Edge("A", "B", arrowhead="empty", width=2.0))
        )
    if any(e.diamond_tail for e in edges):
        items.append(
            LegendItem("A is composed of B (no stub may replace B)", edge=Edge("A", "B", diamond_tail=True, width=2.0))
        )
    if any(e.width == 2.0 and not e.label and e.arrowhead == "normal" and not e.diamond_tail for e in edges):
        items.append(LegendItem("thick: a dependency no stub may replace", edge=Edge("A", "B", width=2.0)))
    if any(e.label for e in edges):
        items.append(LegendItem("N dependencies between two groups", edge=Edge("A", "B", width=3.0, label="N")))
    if any(n.shape == "group" and "group" in n.classes for n in nodes):
        items.append(
            LegendItem("a package: its units drawn as one", node=Node("legend:group", ("package",), shape="group"))
        )
    if any("cycle" in n.classes for n in nodes):
        items.append(
            LegendItem(
                "a cycle drawn as one node",
                node=Node("legend:cycle", ("cycle",), shape="group", fill=palette.CYCLE_FILL),
            )
        )
    if clusters:
        items.append(
            LegendItem(
                "a cycle: units that depend on each other",
                node=Node("legend:cluster", ("cycle",), fill=palette.CYCLE_FILL, stroke="#BB8844", dashed=True),
            )
        )
    return tuple(items)
