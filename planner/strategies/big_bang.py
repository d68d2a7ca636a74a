"""Big bang: every unit integrated at once, in a single step.

It needs no stubs and no drivers, and is the baseline the incremental
strategies are compared with: when its one step fails, nothing says which
integration broke.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.model import Options, Plan
from planner.strategies._build import build_plan

if TYPE_CHECKING:
    import networkx as nx

    from planner.cycles import CycleBreaking
    from planner.cycles.options import Objective
    from planner.strategies import Cycles

__all__ = ["OPTIONS", "plan"]

OPTIONS: frozenset[str] = frozenset()


def plan(
    graph: nx.DiGraph,
    *,
    cycles: Cycles = "break",
    objective: Objective = "specific-stubs",
    time_limit: float | None = None,
    effort: int | None = None,
    breaking: CycleBreaking | None = None,
) -> Plan:
    """Plan ``graph`` as one step (the cycle options have nothing to do).

    Examples
    --------
    >>> import networkx as nx
    >>> from planner.graph import normalize_graph
    >>> p = plan(normalize_graph(nx.DiGraph([("a", "b"), ("b", "a")])))
    >>> p.steps[0].units, p.metrics.doubles
    (('a', 'b'), 0)
    """
    return build_plan(
        graph,
        [sorted(graph.nodes)],
        strategy="big-bang",
        options=Options(cycles=cycles, objective=objective, time_limit=time_limit, effort=effort),
    )
