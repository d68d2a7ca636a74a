"""Integration strategies, by registered name.

Each strategy is a module with a pure function ``plan(graph, **options) ->
Plan`` and an ``OPTIONS`` set naming the options it accepts besides the
cycle options every strategy takes (``cycles``, ``objective``, ``time_limit``,
and ``breaking``: a :func:`break_graph_cycles` answer computed earlier). The command line and the plan file refer to
strategies only by these names. Modules are imported on first use, so that
listing the names costs nothing.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from planner.errors import UsageError

if TYPE_CHECKING:
    import networkx as nx

    from planner.cycles import CycleBreaking
    from planner.model import GraphInfo

__all__ = ["STRATEGIES", "VARIANTS", "break_graph_cycles", "get_strategy", "graph_info"]

_REGISTRY: dict[str, str] = {
    "top-down": "planner.strategies.top_down",
    "bottom-up": "planner.strategies.bottom_up",
    "sandwich": "planner.strategies.sandwich",
    "big-bang": "planner.strategies.big_bang",
}

STRATEGIES: tuple[str, ...] = tuple(_REGISTRY)
"""Registered strategy names."""

VARIANTS: tuple[str, ...] = ("breadth-first", "depth-first")
"""Variants of top-down (and of the upper part of a sandwich)."""


def get_strategy(name: str) -> ModuleType:
    """Return the module of strategy ``name``."""
    try:
        return importlib.import_module(_REGISTRY[name])
    except KeyError:
        raise UsageError(f"unknown strategy {name!r} (choose from {', '.join(STRATEGIES)})") from None


def break_graph_cycles(
    graph: nx.DiGraph,
    *,
    objective: str = "specific-stubs",
    time_limit: float | None = None,
    effort: int | None = None,
) -> CycleBreaking:
    """Break the cycles of ``graph`` once, for several strategies to share (``breaking=``)."""
    from planner.strategies._blocks import break_graph_cycles as solve

    return solve(graph, objective=objective, time_limit=time_limit, effort=effort)


def graph_info(graph: nx.DiGraph) -> GraphInfo:
    """Where ``graph`` came from and its size, as plans record it."""
    from planner.strategies._build import graph_info as info

    return info(graph)
