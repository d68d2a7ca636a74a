"""Turn an order of units into a :class:`~planner.model.Plan`.

Given the steps (which units each integrates), everything else follows from
the definitions in :mod:`planner.model`: for every dependency ``u -> v``
integrated at steps ``s(u)`` and ``s(v)``,

* ``s(u) < s(v)``: a stub for ``v`` serves ``u`` during steps ``s(u)..s(v)-1``,
  and the edge is a broken edge (the order goes against it);
* ``s(v) < s(u)``: a driver for ``v`` plays ``u`` during steps ``s(v)..s(u)-1``;
* ``s(u) == s(v)``: both are integrated together; no double.

The doubles in force at each step are kept as these intervals and expanded
only when a step is looked at: on large graphs the per-step lists add up to
far more than the plan itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, overload

from planner.graph import canonical_digest, edge_kind, edge_names, edge_weight
from planner.model import BrokenEdge, Component, Driver, GraphInfo, Metrics, Options, Plan, Step, Stub

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["build_plan", "graph_info"]

# (first step, last step, dependant, unit, names) of one specific stub or driver
_Span = tuple[int, int, str, str, tuple[str, ...]]


def graph_info(graph: nx.DiGraph) -> GraphInfo:
    meta = graph.graph
    return GraphInfo(
        source=str(meta.get("source", "<graph>")),
        sha256=str(meta.get("sha256") or canonical_digest(graph)),
        units=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        format=str(meta.get("format", "")),
        scan=tuple(meta.get("scan", ())),
    )


def build_plan(
    graph: nx.DiGraph,
    steps: Sequence[Sequence[str]],
    *,
    strategy: str,
    options: Options,
    components: Sequence[Component] = (),
    notes: Sequence[str] = (),
) -> Plan:
    """Return the plan that integrates ``steps[k]`` at step ``k + 1``."""
    units = [tuple(sorted(step)) for step in steps]
    position: dict[str, int] = {}
    for k, members in enumerate(units, start=1):
        for unit in members:
            position[unit] = k
    missing = set(graph.nodes) - position.keys()
    if missing or len(position) != graph.number_of_nodes():  # pragma: no cover - strategy bug
        raise AssertionError(f"steps do not integrate every unit once: {sorted(missing)[:5]}")

    n = len(units)
    stubs: list[_Span] = []
    drivers: list[_Span] = []
    broken: list[BrokenEdge] = []
    for u, nbrs in graph.adjacency():
        su = position[u]
        for v, data in nbrs.items():
            sv = position[v]
            if su < sv:
                stubs.append((su, sv - 1, u, v, edge_names(data)))
                broken.append(BrokenEdge(u, v, edge_kind(data), edge_weight(data)))
            elif sv < su:
                drivers.append((sv, su - 1, u, v, edge_names(data)))

    # A step's wave is one more than the highest wave of the earlier steps it
    # shares a dependency with: the first step of each stub's or driver's span.
    lower: list[list[int]] = [[] for _ in range(n + 1)]
    for first, last, *_ in stubs:
        lower[last + 1].append(first)
    for first, last, *_ in drivers:
        lower[last + 1].append(first)
    wave = [0] * (n + 1)
    for k in range(1, n + 1):
        wave[k] = 1 + max((wave[j] for j in lower[k]), default=0)

    broken.sort(key=lambda e: (e.importer, e.imported))
    metrics = Metrics(
        steps=n,
        waves=max(wave, default=0),
        specific_stubs=len(broken),
        generic_stubs=len({e.imported for e in broken}),
        drivers=len({span[3] for span in drivers}),
        stub_complexity=math.fsum(e.cost for e in broken),
    )
    ordered, extra = _as_ordered(graph, components, position, options.objective)
    if extra:
        notes = (
            *notes,
            f"{strategy}: the order stubs more than the optimal breaking of {extra} cycle(s) (their records give "
            "what the order stubs, with the optimum as the lower bound)",
        )
    return Plan(
        strategy=strategy,
        options=options,
        graph=graph_info(graph),
        steps=LazySteps(tuple(units), tuple(wave[1:]), tuple(stubs), tuple(drivers)),
        broken_edges=tuple(broken),
        metrics=metrics,
        components=ordered,
        notes=tuple(notes),
    )


def _as_ordered(
    graph: nx.DiGraph, components: Sequence[Component], position: dict[str, int], objective: str
) -> tuple[tuple[Component, ...], int]:
    """The components as the order integrates them: where the order stubs other dependencies
    of a cycle than its breaking chose (a sandwich's target layer, integrated after the units
    above it that depend on it), the record says what the order stubs and what that costs, and
    the breaking's optimum becomes its lower bound. Returns them and how many changed."""
    from planner.cycles.objectives import edge_cost

    result: list[Component] = []
    changed = 0
    for component in components:
        if component.method == "cluster":
            result.append(component)
            continue
        members = set(component.units)
        stubbed = sorted(
            (u, v) for u in component.units for v in graph.successors(u) if v in members and position[u] < position[v]
        )
        if stubbed == sorted(component.broken):
            result.append(component)
            continue
        changed += 1
        if objective == "generic-stubs":
            cost = float(len({v for _, v in stubbed}))
        else:
            cost = math.fsum(edge_cost(graph.edges[u, v], objective) for u, v in stubbed)
        bound = component.cost if component.optimal else component.lower_bound
        result.append(
            Component(
                units=component.units,
                method=f"{component.method}, then this strategy's order",
                broken=tuple(stubbed),
                cost=cost,
                optimal=bound is not None and cost <= bound + 1e-9,
                lower_bound=bound,
            )
        )
    return tuple(result), changed


class LazySteps(Sequence[Step]):
    """The steps of a plan, with the doubles in force expanded on access."""

    __slots__ = ("_drivers", "_stubs", "_units", "_waves")

    def __init__(
        self,
        units: tuple[tuple[str, ...], ...],
        waves: tuple[int, ...],
        stubs: tuple[_Span, ...],
        drivers: tuple[_Span, ...],
    ) -> None:
        self._units = units
        self._waves = waves
        self._stubs = stubs
        self._drivers = drivers

    def __len__(self) -> int:
        return len(self._units)

    @overload
    def __getitem__(self, index: int) -> Step: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Step]: ...
    def __getitem__(self, index: int | slice) -> Step | Sequence[Step]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        k = range(len(self))[index] + 1
        stubs: dict[str, dict[str, tuple[str, ...]]] = {}
        drivers: dict[str, dict[str, tuple[str, ...]]] = {}
        for first, last, u, v, names in self._stubs:
            if first <= k <= last:
                stubs.setdefault(v, {})[u] = names
        for first, last, u, v, names in self._drivers:
            if first <= k <= last:
                drivers.setdefault(v, {})[u] = names
        return self._step(k, stubs, drivers)

    def __iter__(self) -> Iterator[Step]:
        n = len(self)
        starts: list[list[tuple[bool, _Span]]] = [[] for _ in range(n + 2)]
        for span in self._stubs:
            starts[span[0]].append((True, span))
        for span in self._drivers:
            starts[span[0]].append((False, span))
        ends: list[list[tuple[bool, _Span]]] = [[] for _ in range(n + 2)]
        stubs: dict[str, dict[str, tuple[str, ...]]] = {}
        drivers: dict[str, dict[str, tuple[str, ...]]] = {}
        for k in range(1, n + 1):
            for is_stub, span in starts[k]:
                _, last, u, v, names = span
                (stubs if is_stub else drivers).setdefault(v, {})[u] = names
                ends[last].append((is_stub, span))
            yield self._step(k, stubs, drivers)
            for is_stub, span in ends[k]:
                _, _, u, v, _ = span
                active = stubs if is_stub else drivers
                del active[v][u]
                if not active[v]:
                    del active[v]

    def _step(
        self,
        k: int,
        stubs: dict[str, dict[str, tuple[str, ...]]],
        drivers: dict[str, dict[str, tuple[str, ...]]],
    ) -> Step:
        return Step(
            index=k,
            wave=self._waves[k - 1],
            units=self._units[k - 1],
            stubs=tuple(Stub(v, tuple(sorted(us)), _union(us.values())) for v, us in sorted(stubs.items())),
            drivers=tuple(Driver(v, tuple(sorted(us)), _union(us.values())) for v, us in sorted(drivers.items())),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} steps>"


def _union(groups: object) -> tuple[str, ...]:
    result: set[str] = set()
    for names in groups:  # type: ignore[attr-defined]
        result.update(names)
    return tuple(sorted(result))
