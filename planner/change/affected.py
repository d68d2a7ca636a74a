"""The units a change can affect: the changed ones and everything that depends on them.

With ``u -> v`` meaning *u depends on v*, the units a change to ``v`` can
affect are ``v`` and every unit that reaches ``v`` (its dependants,
transitively). A unit of the base revision that is gone (deleted, renamed)
affects its former direct dependants, read from the graph of the base revision,
and through them their dependants. Every other unit cannot see the change.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING

from planner.model import ChangedFile

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["affected_units"]


def affected_units(
    graph: nx.DiGraph, files: Sequence[ChangedFile], *, old_graph: nx.DiGraph | None = None
) -> tuple[tuple[str, str], ...]:
    """Each unit of ``graph`` a change can affect, with why, in the order found (breadth-first).

    >>> import networkx as nx
    >>> from planner.model import ChangedFile
    >>> g = nx.DiGraph([("app", "orders"), ("orders", "money"), ("app", "config")])
    >>> affected_units(g, [ChangedFile("money.py", "unit", "the file of a unit", ("money",))])
    (('money', 'changed'), ('orders', 'depends on money'), ('app', 'depends on money'))
    """
    why: dict[str, str] = {}
    origin: dict[str, str] = {}
    queue: deque[str] = deque()

    def reach(unit: str, reason: str, source: str) -> None:
        if unit in graph and unit not in why:
            why[unit] = reason
            origin[unit] = source
            queue.append(unit)

    for changed in sorted({u for f in files if f.effect == "unit" for u in f.units}):
        reach(changed, "changed", changed)
    for gone in sorted({u for f in files if f.effect == "gone" for u in f.units}):
        if old_graph is not None and gone in old_graph:
            for dependant in sorted(old_graph.predecessors(gone)):
                reach(dependant, f"imported {gone}, which is gone", f"{gone} (gone)")
    while queue:
        unit = queue.popleft()
        for dependant in sorted(graph.predecessors(unit)):
            reach(dependant, f"depends on {origin[unit]}", origin[unit])
    return tuple(why.items())
