"""The picture of a plan: each unit numbered with its step, coloured by wave.

A plan file is enough to draw it: every dependency between units of different
steps appears in the file as a stub or a driver (a stub for ``v`` serving
``u`` is the dependency ``u -> v`` with ``u`` integrated first; a driver the
other way round), so the edges are rebuilt from the doubles. Dependencies
*inside* one step (a cluster, or big bang's single step) leave no trace in the
file; given the graph the plan was made from, they are drawn too.

The overview shows the whole plan: broken dependencies (the order goes against
them, so a stub is needed) are dashed red and labelled with their cost. The
view of step *k* shows the units integrated so far solid (the ones of step *k*
with a thick border), the stubs and drivers in force as their own nodes
(parallelograms and hexagons) and everything not yet integrated faded.

``stable=True`` gives every step the same nodes and edges (doubles not in
force are laid out but hidden) and the same labels, so Graphviz puts each unit
at the same place in every step: a page that steps through them shows change,
not a new layout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from planner.base.wording import number, ranges
from planner.errors import PlanFileError
from planner.render import palette
from planner.render.collapse import MAX_NODES, banded, package_groups
from planner.render.plan_packages import Package, packages, packages_scene
from planner.render.scene import Cluster, Edge, LegendItem, Node, Scene, stagger_fans

if TYPE_CHECKING:
    import networkx as nx

    from planner.model import Plan, Step

__all__ = ["PlanPicture", "plan_label"]


def plan_label(plan: Plan) -> str:
    """``bottom-up``, ``top-down (depth-first)``, ``sandwich (target layer 3)``."""
    label = plan.strategy
    if plan.options.variant and plan.strategy == "top-down":
        label += f" ({plan.options.variant})"
    if plan.options.target_layer is not None:
        label += f" (target layer {plan.options.target_layer})"
    return label


class PlanPicture:
    """What every picture of one plan shares, worked out once.

    ``graph`` (the graph the plan was made from, already checked to be the
    same) adds the dependencies inside steps; ``display`` names the plan in
    errors about an inconsistent plan file.
    """

    def __init__(
        self, plan: Plan, graph: nx.DiGraph | None = None, *, display: str = "<plan>", max_nodes: int = MAX_NODES
    ) -> None:
        self.plan = plan
        self.steps: list[Step] = list(plan.steps)
        self.step_of: dict[str, int] = {}
        self.wave_of: dict[str, int] = {}
        for step in self.steps:
            for unit in step.units:
                if unit in self.step_of:
                    raise PlanFileError(
                        f"unit {unit!r} is integrated twice (steps {self.step_of[unit]} and {step.index})", path=display
                    )
                self.step_of[unit] = step.index
                self.wave_of[unit] = step.wave
        edges: set[tuple[str, str]] = set()
        self.stub_users: dict[str, set[str]] = {}
        self.driven: set[str] = set()
        # From each double once, with its span (not from every step's doubles in force: those add
        # up to steps times doubles).
        for stub in plan.stubs:
            self._known(display, stub.first, stub.unit, *stub.for_)
            edges.update((u, stub.unit) for u in stub.for_)
            self.stub_users.setdefault(stub.unit, set()).update(stub.for_)
        for driver in plan.drivers:
            self._known(display, driver.first, driver.unit, *driver.for_)
            edges.update((u, driver.unit) for u in driver.for_)
            self.driven.add(driver.unit)
        if graph is not None:
            edges = set(graph.edges)
        self.edges = sorted(edges, key=lambda e: (self.step_of[e[0]], e[0], self.step_of[e[1]], e[1]))
        self.broken = {(e.importer, e.imported): e.cost for e in plan.broken_edges}
        self.cycle_breaks = {pair for c in plan.components for pair in c.broken}
        self.inside_missing = graph is None and any(len(s.units) > 1 for s in self.steps)
        # A page draws every step of a plan, and most boxes look the same from one step to the
        # next: each distinct node and edge is made once (values are frozen, so sharing is safe).
        self._made: dict[tuple[object, ...], Node | Edge] = {}
        self.max_nodes = max_nodes
        self.packages: list[Package] = []
        """Above ``max_nodes`` units, the packages (or waves of a flat package) drawn instead."""
        if max_nodes and len(self.step_of) > max_nodes:
            member = banded(package_groups(self.step_of, max_nodes), self.wave_of, "wave")
            if any(unit != group for unit, group in member.items()):
                self.packages = packages(member, self.step_of, self.wave_of)

    def _once(self, key: tuple[object, ...], make: Callable[..., Node | Edge], *args: Any) -> Any:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = make(*args)
        return made

    def _known(self, display: str, step: int, *units: str) -> None:
        for unit in units:
            if unit not in self.step_of:
                raise PlanFileError(
                    f"step {step} has a double for or of {unit!r}, which no step integrates", path=display
                )

    def title(self, step: int | None = None) -> str:
        plan = self.plan
        steps, waves = len(self.steps), plan.metrics.waves
        title = (
            f"{plan_label(plan)} plan of {plan.graph.source}: "
            f"{steps} step{'s' if steps != 1 else ''} in {waves} wave{'s' if waves != 1 else ''}"
        )
        if step is not None:
            title += f"; step {step}"
        return title

    def scene(self, step: int | None = None, *, stable: bool = False) -> Scene:
        """The overview (``step=None``) or the view of one step."""
        if step is not None and not 1 <= step <= len(self.steps):
            raise ValueError(f"step {step} out of range 1..{len(self.steps)}")
        if self.packages:
            return self._collapsed(step, stable)
        current = self.steps[step - 1] if step is not None else None
        nodes: list[Node] = [self._once(("unit", u, self._state(u, step)), self._unit, u, step) for u in self.order]
        edges: list[Edge] = [
            self._once(("edge", u, v, self._faded(u, v, step), stable), self._edge, u, v, step, stable)
            for u, v in self.edges
        ]
        stubs = {s.unit: set(s.for_) for s in current.stubs} if current else {}
        drivers = {d.unit for d in current.drivers} if current else set()
        stub_units = sorted(self.stub_users) if stable else sorted(stubs)
        for v in stub_units:
            hidden = v not in stubs
            nodes.append(self._once(("stub node", v, hidden), _double, "stub", v, hidden))
            for u in sorted(self.stub_users[v] if stable else stubs[v]):
                off = u not in stubs.get(v, ())
                edges.append(self._once(("stub edge", u, v, off), _double_edge, u, f"stub:{v}", off))
        for v in sorted(self.driven) if stable else sorted(drivers):
            hidden = v not in drivers
            nodes.append(self._once(("driver node", v, hidden), _double, "driver", v, hidden))
            edges.append(self._once(("driver edge", v, hidden), _double_edge, f"driver:{v}", v, hidden))
        clusters = tuple(
            Cluster(f"step {s.index}", f"step {s.index}: {len(s.units)} units together", s.units, stroke="#555555")
            for s in self.steps
            if len(s.units) > 1
        )
        notes = []
        if self.inside_missing:
            notes.append(
                "the plan file does not say how units integrated in the same step depend on each other: "
                "give --graph SOURCE (the graph the plan was made from) to draw those dependencies"
            )
        return Scene(
            title=self.title(None if stable else step),
            nodes=tuple(nodes),
            edges=stagger_fans(edges),
            clusters=clusters,
            legend=self._legend(step, stable, bool(stubs), bool(drivers), bool(clusters)),
            notes=tuple(notes),
        )

    def _collapsed(self, step: int | None, stable: bool) -> Scene:
        n = len(self.packages)
        what = "packages and waves" if any(", wave" in p.name for p in self.packages) else "packages"
        title = self.title(None if stable else step) + (
            f"; collapsed to {n} {what} to fit --max-nodes {self.max_nodes} (0 draws every unit)"
        )
        scene = packages_scene(title, self.packages, self.edges, set(self.broken), step)
        note = (
            f"{len(self.step_of)} units collapsed to {n} {what} to stay within --max-nodes {self.max_nodes}: "
            "--max-nodes 0 (or a larger number) draws every unit, with its stubs and drivers"
        )
        return replace(scene, notes=(note,))

    @property
    def order(self) -> list[str]:
        """The units in the order of their steps."""
        return sorted(self.step_of, key=lambda u: (self.step_of[u], u))

    def _state(self, unit: str, step: int | None) -> str:
        k = self.step_of[unit]
        return "done" if step is None or k < step else ("current" if k == step else "pending")

    def _faded(self, u: str, v: str, step: int | None) -> bool:
        return step is not None and max(self.step_of[u], self.step_of[v]) > step

    def _unit(self, unit: str, step: int | None) -> Node:
        k, wave = self.step_of[unit], self.wave_of[unit]
        label = (f"{k}. {unit}", f"wave {wave}")
        if step is not None and k > step:
            return Node(
                unit,
                label,
                fill="#FFFFFF",
                stroke=palette.FADED_STROKE,
                text=palette.FADED_TEXT,
                dashed=True,
                classes=("unit", "pending"),
            )
        if step is not None and k == step:
            return Node(
                unit, label, fill=palette.wave_colour(wave), stroke="#000000", width=3.0, classes=("unit", "current")
            )
        return Node(unit, label, fill=palette.wave_colour(wave), stroke=palette.STROKE, classes=("unit", "integrated"))

    def _edge(self, u: str, v: str, step: int | None, stable: bool) -> Edge:
        faded = self._faded(u, v, step)
        constraint = (u, v) not in self.cycle_breaks
        if (u, v) in self.broken:
            # The costs of dependencies not integrated yet would only clutter a step's picture;
            # a stable picture keeps the label (it takes room in the layout) but draws it clear.
            label = "" if faded and not stable else f"cost {number(self.broken[(u, v)])}"
            return Edge(
                u,
                v,
                colour=palette.BROKEN_FADED if faded else palette.BROKEN,
                dashed=True,
                width=1.5,
                label=label,
                label_colour="#FFFFFF00" if faded else None,
                constraint=constraint,
            )
        return Edge(u, v, colour=palette.FADED_EDGE if faded else palette.EDGE, constraint=constraint)

    def _legend(
        self, step: int | None, stable: bool, stubs: bool, drivers: bool, clusters: bool
    ) -> tuple[LegendItem, ...]:
        waves: dict[int, list[int]] = {}
        for s in self.steps:
            waves.setdefault(s.wave, []).append(s.index)
        items = [LegendItem("A depends on B", edge=Edge("A", "B"))]
        if self.broken:
            items.append(
                LegendItem(
                    "broken: A comes first, so B is stubbed; label: the stub's cost",
                    edge=Edge("A", "B", colour=palette.BROKEN, dashed=True, width=1.5, label="cost"),
                )
            )
        swatches = []
        for wave, indices in sorted(waves.items()):  # colours never repeat: one swatch per wave
            lines = (f"wave {wave}", f"step{'s' if len(indices) > 1 else ''} {ranges(indices)}")
            swatches.append(Node(f"legend:wave{wave}", lines, fill=palette.wave_colour(wave)))
        if len(waves) > 1:  # one wave (big bang) has nothing to explain
            items.append(
                LegendItem(
                    "waves: the steps of one wave do not depend on each other, so they can run in parallel",
                    swatches=tuple(swatches),
                )
            )
        items.insert(
            0,
            LegendItem(
                "unit integrated at step N, in wave W",
                node=Node("legend:unit", ("N. unit", "wave W"), fill=palette.wave_colour(1)),
            ),
        )
        if clusters:
            items.append(
                LegendItem(
                    "units integrated together in one step",
                    node=Node("legend:cluster", ("step",), stroke="#555555", dashed=True),
                )
            )
        if step is not None or stable:
            items.append(
                LegendItem(
                    "integrated at this step",
                    node=Node("legend:current", ("unit",), fill=palette.wave_colour(1), stroke="#000000", width=3.0),
                )
            )
            items.append(
                LegendItem(
                    "not integrated yet",
                    node=Node(
                        "legend:pending", ("unit",), stroke=palette.FADED_STROKE, text=palette.FADED_TEXT, dashed=True
                    ),
                )
            )
            if stubs or (stable and self.stub_users):
                items.append(
                    LegendItem(
                        "stub: stands in for a unit not integrated yet",
                        node=_double("stub", "B", False, key="legend:stub"),
                    )
                )
            if drivers or (stable and self.driven):
                items.append(
                    LegendItem(
                        "driver: calls an integrated unit as its missing callers would",
                        node=_double("driver", "B", False, key="legend:driver"),
                    )
                )
        return tuple(items)


def _double_edge(tail: str, head: str, hidden: bool) -> Edge:
    return Edge(tail, head, colour="#000000", width=1.5, hidden=hidden)


def _double(kind: str, unit: str, hidden: bool, *, key: str | None = None) -> Node:
    return Node(
        key or f"{kind}:{unit}",
        (f"{kind} for", unit),
        shape="stub" if kind == "stub" else "driver",
        stroke="#000000",
        width=1.5,
        hidden=hidden,
        classes=(kind,),
    )
