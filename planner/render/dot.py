"""A :class:`~planner.render.scene.Scene` as Graphviz DOT text, through pydot.

Unit names come from untrusted files, and pydot quotes node identifiers
loosely (``x:y`` becomes node ``x`` with port ``y``, ``node`` or ``graph``
become keywords, backslashes pass through as Graphviz escapes). So nodes are
numbered (``n0``, ``n1``, ... in scene order) and every name appears only in
a label, quoted by :func:`quote`: backslashes and double quotes escaped, and
``&`` written as an entity because Graphviz reads entities in labels. The
legend is an HTML-like table whose text is escaped as HTML.
"""

from __future__ import annotations

import html
from typing import Any

from planner.render.scene import LARGE, Edge, LegendItem, Node, Scene

__all__ = ["FONT", "INLINE_LABELS", "quote", "to_dot"]

FONT = "Helvetica"
"""Graphviz maps it to a sans-serif font everywhere (DejaVu Sans on Debian)."""

INLINE_LABELS = 60
"""Up to this many nodes, edge labels take part in the layout; beyond, they are placed after it."""

_SHAPES = {"unit": "box", "group": "box3d", "stub": "parallelogram", "driver": "hexagon"}


def quote(text: str) -> str:
    """``text`` as a DOT double-quoted string that Graphviz shows verbatim.

    >>> print(quote('a "b" \\\\N & c'))
    "a \\"b\\" \\\\N &amp; c"
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return f'"{escaped}"'


def _node_attrs(node: Node) -> dict[str, Any]:
    style = ["filled"]
    if node.shape == "unit":
        style.insert(0, "rounded")
    if node.dashed:
        style.append("dashed")
    if node.hidden:
        style = ["invis"]
    attrs: dict[str, Any] = {
        "label": _lines(node.label),
        "shape": _SHAPES[node.shape],
        "style": quote(",".join(style)),
        "fillcolor": quote(node.fill),
        "color": quote(node.stroke),
        "fontcolor": quote(node.text),
    }
    if node.shape in ("stub", "driver"):
        # Slanted and pointed shapes grow far around their text by default.
        attrs["margin"] = quote("0.02,0.02")
    if node.width != 1.0:
        attrs["penwidth"] = _num(node.width)
    if node.classes:
        attrs["class"] = quote(" ".join(node.classes))
    return attrs


def _edge_attrs(edge: Edge, *, large: bool = False) -> dict[str, Any]:
    attrs: dict[str, Any] = {"color": quote(edge.colour)}
    if edge.hidden:
        attrs["style"] = "invis"
    elif edge.dashed:
        attrs["style"] = "dashed"
    if edge.width != 1.0:
        attrs["penwidth"] = _num(edge.width)
    if edge.label:
        # One edge label makes dot give every rank a label rank: beyond a small picture that
        # costs far more than the rest of the layout (14 labels took a 200-node graph from
        # 0.4 s to 10 s), so labels there are placed after it (xlabel).
        attrs["xlabel" if large else "label"] = quote(edge.label)
        attrs["fontcolor"] = quote(edge.label_colour or edge.colour)
    if not edge.constraint:
        attrs["constraint"] = "false"
    if edge.minlen != 1:
        attrs["minlen"] = str(edge.minlen)
    if edge.arrowhead == "empty":
        attrs["arrowhead"] = "onormal"
    if edge.diamond_tail:
        attrs["dir"] = "both"
        attrs["arrowtail"] = "diamond"
    return attrs


def _lines(lines: tuple[str, ...]) -> str:
    # Each line escaped on its own, joined by the DOT escape for a centred line break.
    return '"' + "\\n".join(quote(line)[1:-1] for line in lines) + '"'


def _num(value: float) -> str:
    return f"{value:g}"


def to_dot(scene: Scene, *, svg_ids: bool = False) -> str:
    """The DOT text of ``scene``: a ``digraph``, laid out top to bottom.

    ``svg_ids`` gives every node and edge an ``id`` (``n3``, ``e7``: its place
    in the scene), which Graphviz puts on its SVG group, for a page to restyle.
    """
    import pydot

    ids = {node.key: f"n{k}" for k, node in enumerate(scene.nodes)}
    graph = pydot.Dot(
        "planner",
        graph_type="digraph",
        rankdir="TB",
        label=quote(scene.title),
        labelloc="t",
        fontname=quote(FONT),
        fontsize="16",
        nodesep="0.3",
        ranksep="0.45",
    )
    if len(scene.nodes) > LARGE:
        # dot's network simplex and crossing minimisation grow much faster than the graph: on
        # 1,000 modules they take minutes. Capping them gives a rougher layout in seconds
        # (docs/benchmarks.md has the figures).
        graph.set("nslimit", "1")
        graph.set("nslimit1", "1")
        graph.set("mclimit", "0.1")
    graph.set_node_defaults(fontname=quote(FONT), fontsize="11", margin='"0.12,0.05"', height="0.3")
    graph.set_edge_defaults(fontname=quote(FONT), fontsize="10", arrowsize="0.7")
    in_cluster: dict[str, Any] = {}
    for k, cluster in enumerate(scene.clusters):
        sub = pydot.Cluster(
            f"c{k}",
            label=quote(cluster.label),
            style=quote("rounded,filled" + (",dashed" if cluster.dashed else "")),
            fillcolor=quote(cluster.fill),
            color=quote(cluster.stroke),
            fontname=quote(FONT),
            fontsize="11",
            labeljust="l",
        )
        graph.add_subgraph(sub)  # type: ignore[arg-type]  # pydot takes a Cluster too; its hint says Subgraph
        for key in cluster.members:
            in_cluster[key] = sub
    for node in scene.nodes:
        parent = in_cluster.get(node.key, graph)
        attrs = _node_attrs(node)
        if svg_ids:
            attrs["id"] = ids[node.key]
        parent.add_node(pydot.Node(ids[node.key], **attrs))
    for k, edge in enumerate(scene.edges):
        attrs = _edge_attrs(edge, large=len(scene.nodes) > INLINE_LABELS)
        if svg_ids:
            attrs["id"] = f"e{k}"
        graph.add_edge(pydot.Edge(ids[edge.tail], ids[edge.head], **attrs))
    if scene.legend:
        legend = pydot.Subgraph("legend", rank="sink")
        legend.add_node(pydot.Node("legend", shape="plaintext", margin="0", label=_legend_table(scene.legend)))
        graph.add_subgraph(legend)
    text: str = graph.to_string()
    return text


SWATCHES_PER_ROW = 10
"""Wave colours shown side by side in a legend row."""


def _legend_table(items: tuple[LegendItem, ...]) -> str:
    rows = ['<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>']
    for item in items:
        if item.swatches:
            # A row of colour chips would stretch the sample column: it gets its own row.
            rows.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT">{html.escape(item.text)}</TD></TR>')
            rows.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT">{_sample(item)}</TD></TR>')
            continue
        rows.append(f'<TR><TD ALIGN="CENTER">{_sample(item)}</TD><TD ALIGN="LEFT">{html.escape(item.text)}</TD></TR>')
    body = "".join(rows)
    frame = 'BORDER="1" COLOR="#999999" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" BGCOLOR="#FFFFFF"'
    return f"<<TABLE {frame}>{body}</TABLE>>"


def _chip(node: Node) -> str:
    if node.shape in ("stub", "driver"):
        glyph = "▱" if node.shape == "stub" else "⬡"
        return f'<FONT POINT-SIZE="20">{glyph}</FONT>'
    text = "<BR/>".join(html.escape(line) for line in node.label)
    style = ' STYLE="dashed"' if node.dashed else (' STYLE="rounded"' if node.shape == "unit" else "")
    border = max(1, round(node.width))
    return (
        f'<TABLE BORDER="{border}" CELLBORDER="0" CELLPADDING="2" COLOR="{node.stroke}" BGCOLOR="{node.fill}"{style}>'
        f'<TR><TD><FONT COLOR="{node.text}">{text}</FONT></TD></TR></TABLE>'
    )


def _sample(item: LegendItem) -> str:
    if item.swatches:
        chips = [f"<TD>{_chip(node)}</TD>" for node in item.swatches]
        # rows of SWATCHES_PER_ROW chips, so that a plan of many waves keeps a legend of readable width
        rows = "".join(
            f"<TR>{''.join(chips[k : k + SWATCHES_PER_ROW])}</TR>" for k in range(0, len(chips), SWATCHES_PER_ROW)
        )
        return f'<TABLE ALIGN="LEFT" BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0">{rows}</TABLE>'
    if item.node is not None:
        return _chip(item.node)
    assert item.edge is not None
    edge = item.edge
    line = "- - - ▶" if edge.dashed else "——▶"
    if edge.arrowhead == "empty":
        line = "——▷"
    if edge.diamond_tail:
        line = "◆——▶"
    label = f" {html.escape(edge.label)}" if edge.label else ""
    bold = edge.width >= 2
    body = f"A {line} B{label}"
    if bold:
        body = f"<B>{body}</B>"
    return f'<FONT COLOR="{edge.colour}">{body}</FONT>'
