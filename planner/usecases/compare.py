"""Every strategy side by side: break the cycles once, plan with each, sum each plan up."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from planner.model import Comparison, Options, StrategyResult

if TYPE_CHECKING:
    import networkx as nx

    from planner.cycles import CycleBreaking
    from planner.loaders.scan import ScanListener, ScanOptions
    from planner.model import Plan
    from planner.vocabulary import Variant

__all__ = ["COMPARED", "compare", "compare_plans"]

COMPARED: tuple[tuple[str, Variant | None], ...] = (
    ("top-down", "breadth-first"),
    ("top-down", "depth-first"),
    ("bottom-up", None),
    ("sandwich", None),
    ("big-bang", None),
)
"""The strategies (and variants) ``compare`` plans, in the order it shows them."""


def compare(
    source: nx.DiGraph | str | Path,
    *,
    cycles: str = "break",
    objective: str = "specific-stubs",
    time_limit: float | None = None,
    effort: int | None = None,
    fmt: str | None = None,
    scan: ScanOptions | None = None,
    listener: ScanListener | None = None,
) -> Comparison:
    """Plan the graph with every strategy and sum each plan up.

    The cycles are broken once, and every strategy builds on that answer.
    """
    from planner.usecases.graphs import as_graph

    graph = as_graph(source, fmt, scan, listener)
    return compare_plans(graph, Options.of(cycles=cycles, objective=objective, time_limit=time_limit, effort=effort))


def compare_plans(graph: nx.DiGraph, options: Options) -> Comparison:
    """:func:`compare` of a loaded graph, with the cycle options in ``options``."""
    breaking = _break_once(graph, options)
    plans = [_plan(graph, strategy, variant, options, breaking) for strategy, variant in COMPARED]
    return Comparison(
        graph=plans[-1].graph,
        cycles=options.cycles,
        objective=options.objective,
        results=tuple(_result(plan) for plan in plans),
    )


def _break_once(graph: nx.DiGraph, options: Options) -> CycleBreaking | None:
    if options.cycles != "break":
        return None
    from planner.cycles.objectives import check_objective_data
    from planner.strategies import break_graph_cycles

    check_objective_data(graph, options.objective)
    return break_graph_cycles(graph, objective=options.objective, time_limit=options.time_limit, effort=options.effort)


def _plan(
    graph: nx.DiGraph, strategy: str, variant: Variant | None, options: Options, breaking: CycleBreaking | None
) -> Plan:
    from dataclasses import replace

    from planner.usecases.plan import plan_graph

    return plan_graph(graph, strategy, replace(options, variant=variant, target_layer=None), breaking=breaking)


def _result(plan: Plan) -> StrategyResult:
    return StrategyResult(
        strategy=plan.strategy,
        options=plan.options,
        metrics=plan.metrics,
        broken_edges=len(plan.broken_edges),
        notes=plan.notes,
    )
