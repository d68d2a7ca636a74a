"""Top-down integration: dependants first.

The roots (units nothing depends on) are integrated first, then the units
they depend on, downwards. Every dependency of an integrated unit that is not
integrated yet needs a **stub**; no drivers are needed, except where a cycle
or an unbreakable dependency forces a callee in before its caller.

Two variants: ``breadth-first`` integrates level by level (every unit one
level below the integrated ones, then the next level); ``depth-first`` follows
one path from a root down to a leaf before the next path.

A dependency that no stub may stand in for (``breakable=False``: inheritance,
composition) is integrated before its dependant even here: a subclass is
integrated after its base class, not with a stub of it.

References
----------
G. J. Myers, *The Art of Software Testing*, 1979, ch. 5; R. S. Pressman,
*Software Engineering: A Practitioner's Approach*, "top-down integration"
(the depth-first and breadth-first variants).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.model import Options, Plan
from planner.strategies._blocks import Blocks, precedence_order, prepare_blocks
from planner.strategies._build import build_plan

if TYPE_CHECKING:
    import networkx as nx

    from planner.cycles import CycleBreaking
    from planner.cycles.options import Objective
    from planner.strategies import Cycles, Variant

__all__ = ["OPTIONS", "plan"]

OPTIONS: frozenset[str] = frozenset({"variant"})


def plan(
    graph: nx.DiGraph,
    *,
    cycles: Cycles = "break",
    objective: Objective = "specific-stubs",
    time_limit: float | None = None,
    effort: int | None = None,
    breaking: CycleBreaking | None = None,
    variant: Variant = "breadth-first",
) -> Plan:
    """Plan ``graph`` top-down.

    Examples
    --------
    >>> import networkx as nx
    >>> from planner.graph import normalize_graph
    >>> g = normalize_graph(nx.DiGraph([("M1", "M2"), ("M1", "M3"), ("M2", "M4")]))
    >>> [step.units[0] for step in plan(g).steps]
    ['M1', 'M2', 'M3', 'M4']
    >>> [step.units[0] for step in plan(g, variant="depth-first").steps]
    ['M1', 'M2', 'M4', 'M3']
    """
    blocks = prepare_blocks(
        graph, cycles=cycles, objective=objective, time_limit=time_limit, effort=effort, breaking=breaking
    )
    order, given_up = precedence_order(blocks, range(len(blocks)), variant=variant, top_down=True)
    names = blocks.graph.names
    return build_plan(
        graph,
        [[names[i] for i in blocks.members[b]] for b in order],
        strategy="top-down",
        options=Options(cycles=cycles, objective=objective, variant=variant, time_limit=time_limit, effort=effort),
        components=blocks.components,
        notes=blocks.notes + given_up_note(blocks, given_up),
    )


def given_up_note(blocks: Blocks, given_up: list[tuple[int, int]]) -> tuple[str, ...]:
    """Explain the callees that unbreakable dependencies forced in before a caller."""
    if not given_up:
        return ()
    names = blocks.graph.names
    pairs = ", ".join(f"{names[blocks.members[c][0]]} before {names[blocks.members[b][0]]}" for b, c in given_up)
    return (
        f"unbreakable dependencies forced {len(given_up)} callee(s) in before a caller, "
        f"each needing a driver instead of a stub: {pairs}",
    )
