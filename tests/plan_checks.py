"""An independent check of a plan against its graph and DESIGN.md's definitions.

Used by the property tests of every strategy: it recomputes the stubs, drivers,
broken edges, waves and metrics from the graph and the order alone.
"""

from __future__ import annotations

import math

import networkx as nx

from planner.model import Plan


def check_plan(graph: nx.DiGraph, plan: Plan) -> None:
    steps = list(plan.steps)
    assert [s.index for s in steps] == list(range(1, len(steps) + 1))
    position: dict[str, int] = {}
    for step in steps:
        assert step.units, "a step integrates something"
        for unit in step.units:
            assert unit not in position, f"{unit} integrated twice"
            position[unit] = step.index
    assert set(position) == set(graph.nodes), "every unit integrated exactly once"

    # Stubs and drivers in force, from the definitions.
    for step in steps:
        integrated = {u for u, k in position.items() if k <= step.index}
        want_stubs: dict[str, set[str]] = {}
        want_drivers: dict[str, set[str]] = {}
        for u, v in graph.edges:
            if u in integrated and v not in integrated:
                want_stubs.setdefault(v, set()).add(u)
            if v in integrated and u not in integrated:
                want_drivers.setdefault(v, set()).add(u)
        got_stubs = {s.unit: set(s.for_) for s in step.stubs}
        got_drivers = {d.unit: set(d.for_) for d in step.drivers}
        assert got_stubs == want_stubs, f"stubs of step {step.index}"
        assert got_drivers == want_drivers, f"drivers of step {step.index}"
        for stub in step.stubs:
            names = set().union(*(graph.edges[u, stub.unit]["names"] for u in stub.for_))
            assert set(stub.names) == names
        assert [s.unit for s in step.stubs] == sorted(s.unit for s in step.stubs)

    # Broken edges: exactly the dependencies the order goes against.
    against = {(u, v) for u, v in graph.edges if position[u] < position[v]}
    assert {(e.importer, e.imported) for e in plan.broken_edges} == against
    for e in plan.broken_edges:
        assert e.cost == graph.edges[e.importer, e.imported]["weight"]
        assert e.kind == graph.edges[e.importer, e.imported]["kind"]

    # Waves: one more than the latest earlier step it shares a dependency with.
    wave: dict[int, int] = {}
    for step in steps:
        earlier = [
            wave[position[other]]
            for unit in step.units
            for other in (*graph.successors(unit), *graph.predecessors(unit))
            if position[other] < step.index
        ]
        wave[step.index] = 1 + max(earlier, default=0)
        assert step.wave == wave[step.index], f"wave of step {step.index}"
    for u, v in graph.edges:
        if position[u] != position[v]:
            assert wave[position[u]] != wave[position[v]], "a dependency inside one wave"

    m = plan.metrics
    assert m.steps == len(steps)
    assert m.waves == max(wave.values())
    assert m.specific_stubs == len(against)
    assert m.generic_stubs == len({v for _, v in against})
    assert m.drivers == len({v for u, v in graph.edges if position[v] < position[u]})
    assert math.isclose(m.stub_complexity, sum(graph.edges[e]["weight"] for e in against), abs_tol=1e-9)

    assert plan.graph.units == graph.number_of_nodes()
    assert plan.graph.edges == graph.number_of_edges()

    # Each cycle's record: the dependencies of the cycle the order stubs, and what they cost.
    for component in plan.components:
        if component.method == "cluster":
            continue
        members = set(component.units)
        inside = {(u, v) for u, v in against if u in members and v in members}
        assert set(component.broken) == inside, f"the record of the cycle of {component.units[0]}"
        objective = plan.options.objective
        if objective == "generic-stubs":
            cost = float(len({v for _, v in inside}))
        else:
            key = {"complexity": "weight", "attributes": "attributes", "methods": "methods"}.get(objective)
            cost = math.fsum(1.0 if key is None else float(graph.edges[e].get(key, 0)) for e in inside)
        assert math.isclose(component.cost, cost, abs_tol=1e-9), f"the cost of the cycle of {component.units[0]}"
        if component.lower_bound is not None:
            assert component.cost >= component.lower_bound - 1e-9


def graph_snapshot(graph: nx.DiGraph) -> tuple[object, ...]:
    """Everything about a graph, to check that planning did not change it."""
    return (
        sorted(graph.nodes(data=True), key=lambda item: item[0]),
        sorted(((u, v, sorted(d.items())) for u, v, d in graph.edges(data=True)), key=lambda item: item[:2]),
        sorted(graph.graph.items()),
    )
