"""Bottom-up integration: dependencies first.

Units that depend on nothing are integrated first, then the units whose
dependencies are all integrated, level by level up to the roots. Every
integrated unit whose callers are still missing needs a **driver** playing
their part; **stubs** are needed only where a dependency cycle forces a
dependant in before one of its dependencies (see :mod:`planner.cycles`).

Ties within a level are broken by unit name, so the order is deterministic.

References
----------
G. J. Myers, *The Art of Software Testing*, 1979, ch. 5 ("incremental
testing"); K.-C. Tai, F. J. Daniels, "Test order for inter-class integration
testing of object-oriented software", COMPSAC 1997.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.model import Options, Plan
from planner.strategies._blocks import precedence_order, prepare_blocks
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
    """Plan ``graph`` bottom-up.

    Examples
    --------
    >>> import networkx as nx
    >>> from planner.graph import normalize_graph
    >>> g = normalize_graph(nx.DiGraph([("app", "db"), ("app", "log"), ("db", "log")]))
    >>> [step.units for step in plan(g).steps]
    [('log',), ('db',), ('app',)]
    """
    blocks = prepare_blocks(
        graph, cycles=cycles, objective=objective, time_limit=time_limit, effort=effort, breaking=breaking
    )
    order, _ = precedence_order(blocks, range(len(blocks)), variant="breadth-first", top_down=False)
    names = blocks.graph.names
    return build_plan(
        graph,
        [[names[i] for i in blocks.members[b]] for b in order],
        strategy="bottom-up",
        options=Options(cycles=cycles, objective=objective, time_limit=time_limit, effort=effort),
        components=blocks.components,
        notes=blocks.notes,
    )
