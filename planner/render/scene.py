"""A picture described once, drawn by every format: nodes, edges, clusters, legend.

The graph and plan pictures are built as a :class:`Scene` (what to draw and
how it should look, in format-neutral terms); :mod:`planner.render.dot` and
:mod:`planner.render.mermaid` then write the same scene as DOT and Mermaid, so
the two formats cannot drift apart.

Node keys are the unit names (or ``stub:``/``driver:``/``group:`` keys);
writers never use them as identifiers in their output: they number the nodes
(``n0``, ``n1``, ...) and put names only in escaped labels, because names come
from untrusted files.

Edges keep planner's direction: ``tail -> head`` means *tail depends on head*,
and pictures are laid out top to bottom, so dependants sit above their
dependencies and edges point down.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

__all__ = ["LARGE", "Cluster", "Edge", "LegendItem", "Node", "Scene", "Shape", "stagger_fans"]

LARGE = 300
"""Above this many nodes a picture is large: Graphviz gets a faster, rougher layout
(see :func:`planner.render.dot.to_dot`) and the user a hint to collapse."""

Shape = Literal["unit", "group", "stub", "driver"]
"""How a node is drawn: a unit (rounded box), a collapsed group of units (3-D
box), a stub (parallelogram) or a driver (hexagon)."""


@dataclass(frozen=True)
class Node:
    """One box of the picture."""

    key: str
    label: tuple[str, ...]
    """The label's lines."""
    shape: Shape = "unit"
    fill: str = "#FFFFFF"
    stroke: str = "#333333"
    text: str = "#000000"
    dashed: bool = False
    width: float = 1.0
    """Border width (1 = normal)."""
    hidden: bool = False
    """Laid out but not drawn (keeps a layout stable across the steps of a page)."""
    classes: tuple[str, ...] = ()
    """Names for the SVG ``class`` attribute (``unit``, ``stub``, ...)."""


@dataclass(frozen=True)
class Edge:
    """A dependency ``tail -> head`` (tail depends on head)."""

    tail: str
    head: str
    colour: str = "#444444"
    dashed: bool = False
    width: float = 1.0
    label: str = ""
    label_colour: str | None = None
    """The label's colour, if not the edge's (``#RRGGBBAA``, so it may be transparent)."""
    constraint: bool = True
    """Whether the edge ranks ``tail`` above ``head`` (off for the edges that
    close a cycle, so the picture keeps its layers)."""
    hidden: bool = False
    minlen: int = 1
    """How many ranks at least ``tail`` sits above ``head`` (see :func:`stagger_fans`)."""
    arrowhead: Literal["normal", "empty"] = "normal"
    diamond_tail: bool = False
    """A filled diamond at the tail (composition, as in UML)."""


@dataclass(frozen=True)
class Cluster:
    """A box around several nodes: a cycle, or a step integrating several units."""

    key: str
    label: str
    members: tuple[str, ...]
    fill: str = "#FFFFFF"
    stroke: str = "#666666"
    dashed: bool = True


@dataclass(frozen=True)
class LegendItem:
    """One line of the legend: a sample node or edge and what it means."""

    text: str
    node: Node | None = None
    edge: Edge | None = None
    swatches: tuple[Node, ...] = ()
    """Several sample nodes side by side (the colours of the waves)."""


@dataclass(frozen=True)
class Scene:
    """Everything one picture shows."""

    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[Cluster, ...] = ()
    legend: tuple[LegendItem, ...] = ()
    notes: tuple[str, ...] = ()
    """Things the user should know about the picture (printed, not drawn)."""


FAN = 6
"""More single edges than this into (or out of) one node are staggered."""


def stagger_fans(edges: Sequence[Edge]) -> tuple[Edge, ...]:
    """Spread wide fans of single nodes over several ranks, as Graphviz's ``unflatten`` does.

    Twenty modules that nothing imports, each importing only one shared module,
    would otherwise sit in one rank twenty boxes wide. When more than
    :data:`FAN` such *lone* nodes hang on one node, their edges get a minimum
    length of 1, 2, 3, 1, ... so they stack in about the square root of their
    number of rows. Hidden edges count like the others, so a picture's steps
    all stagger alike.
    """
    into: Counter[str] = Counter(e.head for e in edges)
    out: Counter[str] = Counter(e.tail for e in edges)
    fans: dict[tuple[str, str], list[int]] = {}
    for k, e in enumerate(edges):
        if into[e.tail] == 0 and out[e.tail] == 1:
            fans.setdefault(("into", e.head), []).append(k)
        elif out[e.head] == 0 and into[e.head] == 1:
            fans.setdefault(("out of", e.tail), []).append(k)
    result = list(edges)
    for members in fans.values():
        if len(members) > FAN:
            levels = min(8, round(math.sqrt(len(members))))
            for position, k in enumerate(members):
                result[k] = replace(result[k], minlen=1 + position % levels)
    return tuple(result)
