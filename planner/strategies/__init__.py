"""Integration strategies, by registered name.

Each strategy is a module that is a :class:`Strategy`: a pure function ``plan(graph,
**options) -> Plan`` and an ``OPTIONS`` set naming the options it accepts besides the
cycle options every strategy takes (``cycles``, ``objective``, ``time_limit``,
``effort``, and ``breaking``: a :func:`break_graph_cycles` answer computed earlier).
The command line and the plan file refer to strategies only by these names. Modules are
imported on first use, so that listing the names costs nothing.

The closed vocabularies of the options are types (:data:`Cycles`, :data:`Variant`,
:data:`planner.cycles.Objective`, from :mod:`planner.vocabulary`): a
:class:`planner.model.Options` value checks its strings once, when it is made, and below it
the types say that it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from planner.errors import UsageError
from planner.vocabulary import CYCLE_MODES, VARIANTS, Cycles, Variant, check_cycles, check_variant

if TYPE_CHECKING:
    import networkx as nx

    from planner.cycles import CycleBreaking
    from planner.cycles.options import Objective
    from planner.model import GraphInfo, Plan

__all__ = [
    "CYCLE_MODES",
    "STRATEGIES",
    "VARIANTS",
    "Cycles",
    "Strategy",
    "Variant",
    "break_graph_cycles",
    "check_cycles",
    "check_variant",
    "get_strategy",
    "graph_info",
]

STRATEGIES: tuple[str, ...] = ("top-down", "bottom-up", "sandwich", "big-bang")
"""Registered strategy names."""


class Strategy(Protocol):
    """What a strategy module is: its options beyond the cycle options, and its pure ``plan``.

    A strategy's ``plan`` may take more keyword options (named in ``OPTIONS``), each with
    a default.
    """

    OPTIONS: frozenset[str]

    def plan(
        self,
        graph: nx.DiGraph,
        *,
        cycles: Cycles = ...,
        objective: Objective = ...,
        time_limit: float | None = ...,
        effort: int | None = ...,
        breaking: CycleBreaking | None = ...,
    ) -> Plan: ...


def get_strategy(name: str) -> Strategy:
    """Return the module of strategy ``name`` (imported on first use; typed as a :class:`Strategy`)."""
    if name == "top-down":
        from planner.strategies import top_down

        return top_down
    if name == "bottom-up":
        from planner.strategies import bottom_up

        return bottom_up
    if name == "sandwich":
        from planner.strategies import sandwich

        return sandwich
    if name == "big-bang":
        from planner.strategies import big_bang

        return big_bang
    raise UsageError(f"unknown strategy {name!r} (choose from {', '.join(STRATEGIES)})")


def break_graph_cycles(
    graph: nx.DiGraph,
    *,
    objective: Objective = "specific-stubs",
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
