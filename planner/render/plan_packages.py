"""The picture of a plan too big to draw unit by unit: one box per package.

Each package (or, for a flat package, each of its waves: see
:mod:`.collapse`) is one node saying how many units it holds and over which
steps they are integrated, filled with the colour of the wave that completes
it. The dependencies between two packages are one edge labelled with their
number (and how many of them are broken). In the view of step *k* a package
is *integrated* (all its units are), *current* (one of its units is
integrated at step *k*), *partial* (some are) or *pending* (none is). Stubs
and drivers are not drawn: the page's steps table and captions list them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planner.render import palette
from planner.render.scene import Edge, LegendItem, Node, Scene

__all__ = ["Package", "packages_scene"]


@dataclass(frozen=True)
class Package:
    """The units one node of a collapsed plan stands for, in the order of their steps."""

    name: str
    units: tuple[str, ...]
    steps: tuple[int, ...]
    waves: tuple[int, ...]

    @property
    def label(self) -> tuple[str, ...]:
        span = f"step {self.steps[0]}" if self.steps[0] == self.steps[-1] else f"steps {self.steps[0]}-{self.steps[-1]}"
        count = "1 unit" if len(self.units) == 1 else f"{len(self.units)} units"
        return (self.name, f"{count}, {span}")


def packages(member: Mapping[str, str], step_of: Mapping[str, int], wave_of: Mapping[str, int]) -> list[Package]:
    """The packages of ``member`` (unit to package), by name."""
    units: dict[str, list[str]] = {}
    for unit in sorted(member, key=lambda u: (step_of[u], u)):
        units.setdefault(member[unit], []).append(unit)
    return [
        Package(name, tuple(us), tuple(step_of[u] for u in us), tuple(wave_of[u] for u in us))
        for name, us in sorted(units.items())
    ]


def _state(package: Package, step: int | None) -> str:
    if step is None or package.steps[-1] < step:
        return "integrated"
    if step in package.steps:
        return "current"
    return "partial" if package.steps[0] < step else "pending"


def _node(package: Package, state: str) -> Node:
    fill = palette.wave_colour(package.waves[-1])
    if state == "pending":
        return Node(
            package.name,
            package.label,
            shape="group",
            fill="#FFFFFF",
            stroke=palette.FADED_STROKE,
            text=palette.FADED_TEXT,
            dashed=True,
            classes=("group", "pending"),
        )
    if state == "current":
        return Node(
            package.name,
            package.label,
            shape="group",
            fill=fill,
            stroke="#000000",
            width=3.0,
            classes=("group", "current"),
        )
    if state == "partial":
        return Node(package.name, package.label, shape="group", fill=fill, dashed=True, classes=("group", "partial"))
    return Node(package.name, package.label, shape="group", fill=fill, classes=("group", "integrated"))


def packages_scene(
    title: str,
    members: Sequence[Package],
    edges: Sequence[tuple[str, str]],
    broken: set[tuple[str, str]],
    step: int | None,
) -> Scene:
    """The collapsed picture of a plan's ``step`` (None: the whole plan); ``edges`` are unit dependencies."""
    of = {unit: p.name for p in members for unit in p.units}
    first = {p.name: p.steps[0] for p in members}
    count: dict[tuple[str, str], list[int]] = {}
    for u, v in edges:
        a, b = of[u], of[v]
        if a != b:
            pair = count.setdefault((a, b), [0, 0])
            pair[0] += 1
            pair[1] += (u, v) in broken
    drawn = []
    for (a, b), (n, n_broken) in sorted(count.items()):
        faded = step is not None and max(first[a], first[b]) > step
        colour = palette.FADED_EDGE if faded else (palette.BROKEN if n_broken else palette.EDGE)
        label = str(n) if not n_broken else f"{n} ({n_broken} broken)"
        # Dependencies on a package integrated later point up, against the order: they do not rank.
        drawn.append(
            Edge(
                a,
                b,
                colour=colour,
                dashed=bool(n_broken),
                width=min(1.0 + math.log2(n), 6.0),
                label=label,
                constraint=first[b] <= first[a],
            )
        )
    nodes = tuple(_node(p, _state(p, step)) for p in members)
    return Scene(title=title, nodes=nodes, edges=tuple(drawn), legend=_legend(step, any(b for _, b in count.values())))


def _legend(step: int | None, broken: bool) -> tuple[LegendItem, ...]:
    sample = Package("package", ("a", "b"), (3, 9), (1, 2))
    items = [
        LegendItem(
            "a package: N units integrated over steps a-b, in the colour of the wave that completes it",
            node=Node("legend:group", ("package", "N units, steps a-b"), shape="group", fill=palette.wave_colour(1)),
        ),
        LegendItem("N dependencies between two packages", edge=Edge("A", "B", width=3.0, label="N")),
    ]
    if broken:
        items.append(
            LegendItem(
                "some are broken: stubs stand in for B",
                edge=Edge("A", "B", colour=palette.BROKEN, dashed=True, width=1.5, label="N (k broken)"),
            )
        )
    if step is not None:
        for state, text in (
            ("current", "a unit of it is integrated at this step"),
            ("partial", "some of its units are integrated"),
            ("pending", "none of its units is integrated yet"),
        ):
            node = _node(sample, state)
            items.append(
                LegendItem(
                    text,
                    node=Node(
                        f"legend:{state}",
                        ("package",),
                        shape="group",
                        fill=node.fill,
                        stroke=node.stroke,
                        text=node.text,
                        dashed=node.dashed,
                        width=node.width,
                    ),
                )
            )
    return tuple(items)
