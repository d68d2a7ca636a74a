"""Turn an order of units into a :class:`~planner.model.Plan`.

Given the steps (which units each integrates), everything else follows from
the definitions in :mod:`planner.model`: for every dependency ``u -> v``
integrated at steps ``s(u)`` and ``s(v)``,

* ``s(u) < s(v)``: a stub for ``v`` serves ``u`` during steps ``s(u)..s(v)-1``,
  and the edge is a broken edge (the order goes against it);
* ``s(v) < s(u)``: a driver for ``v`` plays ``u`` during steps ``s(v)..s(u)-1``;
* ``s(u) == s(v)``: both are integrated together; no double.

The doubles in force at each step are kept as these intervals
(:class:`~planner.model.SpanSteps`) and expanded only when a step's are looked
at: on large graphs the per-step lists add up to far more than the plan itself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from planner.graph import canonical_digest, edge_kind, edge_names, edge_weight
from planner.model import BrokenEdge, Component, GraphInfo, Metrics, Options, Plan, SpanSteps

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
        steps=SpanSteps(tuple(units), tuple(wave[1:]), tuple(stubs), tuple(drivers)),
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
