"""A :class:`~planner.render.scene.Scene` as a Mermaid flowchart.

Mermaid is read by GitHub, GitLab and most Markdown tools, so a plan can go
into a pull-request comment as text. Node identifiers are generated (``n0``,
``n1``, ...; ``l0``, ... for the legend; ``c0``, ... for clusters) and names
appear only inside quoted labels, where every character that Mermaid or HTML
could read as syntax is written as a numeric entity (``#34;`` for ``"``).
Hidden nodes and edges (which only keep Graphviz layouts stable) are left out.
"""

from __future__ import annotations

import json

from planner.render.scene import Edge, LegendItem, Node, Scene

__all__ = ["escape", "to_mermaid"]

_SAFE = frozenset(" .,_-:/()+=*'")
_SHAPES = {"unit": ('("', '")'), "group": ('[["', '"]]'), "stub": ('[/"', '"/]'), "driver": ('{{"', '"}}')}


def escape(text: str) -> str:
    """``text`` for a quoted Mermaid label: letters, digits and harmless punctuation
    as they are, everything else as a ``#NNN;`` entity.

    >>> escape('a"b <c> #1')
    'a#34;b #60;c#62; #35;1'
    """
    return "".join(ch if ch.isalnum() or ch in _SAFE else f"#{ord(ch)};" for ch in text)


def _label(lines: tuple[str, ...]) -> str:
    return "<br>".join(escape(line) for line in lines)


def _style(node: Node) -> str:
    style = f"fill:{node.fill},stroke:{node.stroke},color:{node.text}"
    if node.width != 1.0:
        style += f",stroke-width:{node.width:g}px"
    if node.dashed:
        style += ",stroke-dasharray:4 3"
    return style


def _link(edge: Edge) -> str:
    arrow = "-.->" if edge.dashed else ("==>" if edge.width >= 2 else "-->")
    if edge.label:
        return f'{arrow}|"{escape(edge.label)}"|'
    return arrow


def _link_style(edge: Edge) -> str:
    style = f"stroke:{edge.colour},stroke-width:{edge.width:g}px"
    if edge.dashed:
        style += ",stroke-dasharray:5 4"
    return style + f",color:{edge.colour}"


def to_mermaid(scene: Scene) -> str:
    """The Mermaid text of ``scene``: a top-to-bottom flowchart with a legend."""
    nodes = [node for node in scene.nodes if not node.hidden]
    ids = {node.key: f"n{k}" for k, node in enumerate(nodes)}
    lines = ["---", f"title: {json.dumps(scene.title, ensure_ascii=False)}", "---", "flowchart TB"]
    styles: dict[str, list[str]] = {}

    def declare(node: Node, ident: str, indent: str) -> None:
        start, end = _SHAPES[node.shape]
        lines.append(f"{indent}{ident}{start}{_label(node.label)}{end}")
        styles.setdefault(_style(node), []).append(ident)

    clustered: dict[str, int] = {}
    for k, cluster in enumerate(scene.clusters):
        for key in cluster.members:
            clustered[key] = k
    for node in nodes:
        if node.key not in clustered:
            declare(node, ids[node.key], "  ")
    for k, cluster in enumerate(scene.clusters):
        lines.append(f'  subgraph c{k} ["{escape(cluster.label)}"]')
        for node in nodes:
            if clustered.get(node.key) == k:
                declare(node, ids[node.key], "    ")
        lines.append("  end")
    links: list[str] = []
    for edge in scene.edges:
        if edge.hidden or edge.tail not in ids or edge.head not in ids:
            continue
        lines.append(f"  {ids[edge.tail]} {_link(edge)} {ids[edge.head]}")
        links.append(_link_style(edge))
    if scene.legend:
        _legend(scene.legend, lines, links, styles)
    for k, cluster in enumerate(scene.clusters):
        dash = ",stroke-dasharray:4 3" if cluster.dashed else ""
        lines.append(f"  style c{k} fill:{cluster.fill},stroke:{cluster.stroke}{dash}")
    for k, (style, members) in enumerate(sorted(styles.items(), key=lambda item: item[1][0])):
        lines.append(f"  classDef s{k} {style}")
        lines.append(f"  class {','.join(members)} s{k}")
    by_style: dict[str, list[str]] = {}
    for k, style in enumerate(links):
        by_style.setdefault(style, []).append(str(k))
    for style, indices in by_style.items():
        lines.append(f"  linkStyle {','.join(indices)} {style}")
    return "\n".join(lines) + "\n"


def _legend(items: tuple[LegendItem, ...], lines: list[str], links: list[str], styles: dict[str, list[str]]) -> None:
    lines.append('  subgraph legend ["Legend"]')
    count = 0
    for item in items:
        # No colour chips for the waves: Mermaid lays a legend out as one row, and every
        # node's label already says its wave. The colours are listed as comments instead.
        if item.swatches:
            lines.append(f"    %% {escape(item.text)}")
            lines.extend(f"    %% {escape(', '.join(chip.label))}: {chip.fill}" for chip in item.swatches)
        if item.node is not None:
            start, end = _SHAPES[item.node.shape]
            lines.append(f"    l{count}{start}{_label((*item.node.label, item.text))}{end}")
            styles.setdefault(_style(item.node), []).append(f"l{count}")
            count += 1
        if item.edge is not None:
            a, b = f"l{count}", f"l{count + 1}"
            count += 2
            sample = _link(Edge("A", "B", dashed=item.edge.dashed, width=item.edge.width))
            lines.append(f'    {a}["A"] {sample}|"{escape(item.text)}"| {b}["B"]')
            styles.setdefault(_LEGEND_TEXT, []).extend((a, b))
            links.append(_link_style(item.edge))
    lines.append("  end")
    lines.append("  style legend fill:#FFFFFF,stroke:#999999")


_LEGEND_TEXT = "fill:#FFFFFF,stroke:#999999,color:#000000"
