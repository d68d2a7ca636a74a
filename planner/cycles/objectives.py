"""What breaking a dependency costs under each objective, read from a graph's edges.

==================  ==========================================================
objective           cost of a cycle breaking
==================  ==========================================================
``specific-stubs``  the number of broken dependencies (one stub per pair)
``generic-stubs``   the number of distinct stubbed units (one stub per unit,
                    serving every dependant): not a sum over edges
``complexity``      the sum of the broken edges' ``weight``: the stubbing
                    complexity of CITO data, the number of names used for
                    Python imports
``attributes``      the sum of the broken edges' attribute coupling A
``methods``         the sum of the broken edges' method coupling M
==================  ==========================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from planner.cycles.options import PARETO_OBJECTIVES, Objective
from planner.cycles.problem import CycleProblem
from planner.errors import UsageError
from planner.graph import IndexedGraph, edge_breakable, edge_kind, edge_weight
from planner.vocabulary import check_objective_name

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "COUPLING",
    "PARETO_OBJECTIVES",
    "check_objective",
    "check_objective_data",
    "edge_cost",
    "parse_pareto",
    "problem_from_graph",
]

COUPLING: Mapping[str, str] = {"attributes": "attribute coupling", "methods": "method coupling"}
"""Objectives that read an edge attribute of CITO data, and what it measures."""


def edge_cost(data: Mapping[str, Any], objective: str) -> float:
    """What breaking an edge costs under an edge-additive ``objective``.

    ``specific-stubs`` and ``generic-stubs`` count 1 per edge (the generic
    count is made per unit by :class:`CycleProblem`), ``complexity`` is the
    edge's ``weight``, ``attributes`` and ``methods`` its A and M coupling
    (0 where an edge does not carry it).
    """
    if objective == "complexity":
        return edge_weight(data)
    if objective in COUPLING:
        return float(data.get(objective, 0))
    return 1.0


def check_objective(graph: nx.DiGraph, objective: str) -> Objective:
    """``objective``, checked: refuse an unknown objective, or a coupling objective on a graph
    without coupling data."""
    checked = check_objective_name(objective)
    check_objective_data(graph, checked)
    return checked


def check_objective_data(graph: nx.DiGraph, objective: Objective) -> None:
    """Refuse a coupling objective on a graph whose dependencies carry no coupling data (the
    name itself was checked when the :class:`~planner.model.Options` were made)."""
    edges = graph.edges(data=True)
    if objective in COUPLING and graph.number_of_edges() and not any(objective in data for _, _, data in edges):
        source = graph.graph.get("source", "<graph>")
        raise UsageError(
            f"objective {objective!r} needs the {COUPLING[objective]} of each dependency (edge attribute "
            f"{objective!r}, as in CITO class data), and {source} has none"
        )


def parse_pareto(text: str) -> tuple[str, str]:
    """``"attributes,methods"`` -> ``("attributes", "methods")``, or a usage error."""
    names = tuple(part.strip() for part in text.split(","))
    if len(names) != 2 or names[0] == names[1] or not all(n in PARETO_OBJECTIVES for n in names):
        raise UsageError(
            f"{{objectives}} takes two different objectives separated by a comma, from "
            f"{', '.join(PARETO_OBJECTIVES)} (for example attributes,methods), got {text!r}",
            parameter="objectives",
        )
    return names[0], names[1]


def problem_from_graph(graph: nx.DiGraph, objective: str, ig: IndexedGraph | None = None) -> CycleProblem:
    """The cycle-breaking problem of ``graph`` under ``objective`` (units numbered as in ``ig``)."""
    ig = IndexedGraph(graph) if ig is None else ig
    pairs = list(zip(ig.edges, ig.data, strict=True))
    hard = frozenset(edge for edge, data in pairs if not edge_breakable(data))
    return CycleProblem(
        names=ig.names,
        succ=ig.succ,
        cost={edge: edge_cost(data, objective) for edge, data in pairs},
        unbreakable=hard,
        kinds={edge: edge_kind(data) for edge, data in pairs if edge in hard},
        generic=objective == "generic-stubs",
    )
