"""Cycle breaking, recomputed independently: the cost of an order, and optima by enumeration.

Nothing here uses planner's cycle code: costs follow DESIGN.md's definitions
(a dependency ``u -> v`` is broken when ``u`` is integrated before ``v``), and
optima come from trying every order, so a test that compares the two checks
the solver against the definition.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import networkx as nx

OBJECTIVES = ("specific-stubs", "generic-stubs", "complexity", "attributes", "methods")


def broken_edges(graph: nx.DiGraph, order: Sequence[str]) -> list[tuple[str, str]]:
    """The dependencies an order goes against."""
    position = {unit: k for k, unit in enumerate(order)}
    return sorted((u, v) for u, v in graph.edges if position[u] < position[v])


def cost_of(graph: nx.DiGraph, broken: Sequence[tuple[str, str]], objective: str) -> float:
    """What breaking ``broken`` costs under ``objective``."""
    if objective == "specific-stubs":
        return float(len(broken))
    if objective == "generic-stubs":
        return float(len({v for _, v in broken}))
    if objective == "complexity":
        return math.fsum(graph.edges[e]["weight"] for e in broken)
    return float(sum(graph.edges[e].get(objective, 0) for e in broken))


def valid(graph: nx.DiGraph, broken: Sequence[tuple[str, str]]) -> bool:
    """No unbreakable dependency is broken."""
    return all(graph.edges[e]["breakable"] for e in broken)


def all_orders(graph: nx.DiGraph) -> list[list[tuple[str, str]]]:
    """The broken edges of every order that keeps the unbreakable dependencies."""
    result = []
    for order in itertools.permutations(sorted(graph.nodes)):
        broken = broken_edges(graph, order)
        if valid(graph, broken):
            result.append(broken)
    return result


def optimum(graph: nx.DiGraph, objective: str, orders: list[list[tuple[str, str]]] | None = None) -> float:
    """The least cost of any valid order, by enumeration."""
    return min(cost_of(graph, broken, objective) for broken in (orders or all_orders(graph)))


def front(graph: nx.DiGraph, first: str, second: str) -> list[tuple[float, float]]:
    """The Pareto front of two objectives over every valid order, by enumeration."""
    values = sorted({(cost_of(graph, b, first), cost_of(graph, b, second)) for b in all_orders(graph)})
    result: list[tuple[float, float]] = []
    for a, b in values:
        if not result or b < result[-1][1]:
            result.append((a, b))
    return result
