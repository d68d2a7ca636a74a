"""Every Pareto-optimal way to break the cycles of a graph under two objectives."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import UsageError
from planner.model import ParetoFront, ParetoPoint

if TYPE_CHECKING:
    import networkx as nx

    from planner.cycles.pareto import Front
    from planner.graph import IndexedGraph
    from planner.loaders.scan import ScanOptions

__all__ = ["pareto"]


def pareto(
    source: nx.DiGraph | str | Path,
    *,
    objectives: tuple[str, str] = ("attributes", "methods"),
    time_limit: float | None = None,
    effort: int | None = None,
    fmt: str | None = None,
    scan: ScanOptions | None = None,
) -> ParetoFront:
    """Every Pareto-optimal way to break the cycles of a graph under two objectives.

    ``objectives`` are two of :data:`planner.cycles.objectives.PARETO_OBJECTIVES`;
    ``effort`` (work units, default :data:`planner.cycles.DEFAULT_PARETO_EFFORT`: the same
    front on any machine) or ``time_limit`` (seconds of wall clock) bounds the whole
    enumeration. Needs the exact
    solver (the ``exact`` extra).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_edge("a", "b", attributes=3, methods=1)
    >>> g.add_edge("b", "a", attributes=1, methods=2)
    >>> [p.values for p in pareto(g).points]  # doctest: +SKIP
    [(1.0, 2.0), (3.0, 1.0)]
    """
    from planner.strategies import graph_info
    from planner.usecases.graphs import as_graph

    _check_request(objectives, time_limit, effort)
    graph = as_graph(source, fmt, scan)
    _check_graph(graph, objectives)
    ig, front = _solve(graph, objectives, time_limit, effort)
    points = _points(ig, front)
    return ParetoFront(graph_info(graph), objectives, points, front.exact, _notes(front, points))


def _check_request(objectives: tuple[str, str], time_limit: float | None, effort: int | None) -> None:
    from planner.cycles.objectives import PARETO_OBJECTIVES
    from planner.vocabulary import check_bounds

    if len(objectives) != 2 or objectives[0] == objectives[1] or not set(objectives) <= set(PARETO_OBJECTIVES):
        raise UsageError(
            f"a Pareto front needs two different objectives from {', '.join(PARETO_OBJECTIVES)}, got {objectives!r}"
        )
    check_bounds(time_limit, effort, what="the search")


def _check_graph(graph: nx.DiGraph, objectives: tuple[str, str]) -> None:
    """Each objective must be one the graph's edges carry; the exact solver must be installed."""
    from planner.cycles.milp import available
    from planner.cycles.objectives import check_objective
    from planner.errors import DependencyError

    for objective in objectives:
        check_objective(graph, objective)
    if not available():
        raise DependencyError(
            "the exact Pareto front needs the exact solver, which is not installed: "
            "pip install 'integration-planner[exact]'"
        )


def _solve(
    graph: nx.DiGraph, objectives: tuple[str, str], time_limit: float | None, effort: int | None
) -> tuple[IndexedGraph, Front]:
    from planner.cycles.objectives import edge_cost, problem_from_graph
    from planner.cycles.pareto import pareto_front
    from planner.graph import IndexedGraph

    ig = IndexedGraph(graph)
    problem = problem_from_graph(graph, objectives[0], ig)
    data = graph.edges
    names = ig.names
    costs = [{(i, j): edge_cost(data[names[i], names[j]], objective) for i, j in ig.edges} for objective in objectives]
    return ig, pareto_front(problem, costs[0], costs[1], time_limit=time_limit, effort=effort)


def _points(ig: IndexedGraph, front: Front) -> tuple[ParetoPoint, ...]:
    names = ig.names
    return tuple(
        ParetoPoint(point.values, tuple(sorted((names[i], names[j]) for i, j in point.removed)))
        for point in front.points
    )


def _notes(front: Front, points: tuple[ParetoPoint, ...]) -> tuple[str, ...]:
    if front.exact:
        return ()
    return (
        f"the time limit ran out after {len(points)} point(s): the front is incomplete and not proven "
        "(raise --time-limit)",
    )
