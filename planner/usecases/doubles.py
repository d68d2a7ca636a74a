"""Stubs and drivers as code: read the plan, scan its source again (checked), generate, write."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import UsageError
from planner.model import Plan

if TYPE_CHECKING:
    import networkx as nx

    from planner.doubles.generate import Doubles
    from planner.loaders.scan import ScanListener, ScanOptions

__all__ = ["doubles_of_source", "make_doubles", "write_doubles"]


def make_doubles(
    plan: Plan | str | Path,
    *,
    source: str | Path | None = None,
    graph: nx.DiGraph | None = None,
    scan: ScanOptions | None = None,
    listener: ScanListener | None = None,
    command: str = "planner doubles",
) -> Doubles:
    """The stubs, drivers and manifest of ``plan`` (a plan or a plan file), as text.

    The real modules are read from the source tree the plan was made from:
    ``source``, else the plan's ``graph.source``, scanned again (with the
    ``scan`` options the plan was made with) and checked to give the graph the
    plan records (``graph.sha256``), so stubs never mirror other code than the
    plan planned. A plan of a graph that is not a Python tree (DOT, class
    data) gets documented skeletons. ``graph`` skips the scan (the caller
    just made the plan from it). See ``docs/doubles.md``.
    """
    from planner.base.gcpause import paused_gc
    from planner.doubles.generate import generate
    from planner.doubles.sources import read_tree
    from planner.usecases.plans import read_plan

    with paused_gc():  # scanning, reading every module's tree, writing text: no cycles to collect
        if not isinstance(plan, Plan):
            plan = read_plan(plan)
        if graph is None and (source is not None or plan.graph.format == "python"):
            graph = _scan_again(plan, source, scan, listener)
        index = read_tree(graph) if graph is not None and graph.graph.get("format") == "python" else None
        return generate(plan, graph if index is not None else None, index, command=command)


def _scan_again(
    plan: Plan, source: str | Path | None, scan: ScanOptions | None, listener: ScanListener | None
) -> nx.DiGraph:
    """The source tree the plan was made from, scanned with the options it recorded, checked to be its graph."""
    from planner.errors import PlanFileError
    from planner.loaders.scan.model import with_graph_options
    from planner.usecases.graphs import load

    tree = Path(source if source is not None else plan.graph.source)
    if not tree.exists():
        where = "{source}" if source is not None else "the plan's graph.source"
        raise UsageError(
            f"{tree}: no such source tree ({where}); give the tree the plan was made from with {{source}}",
            parameter="source",
        )
    options = with_graph_options(scan, plan.graph.scan)  # the options the plan recorded
    graph = load(tree, fmt="python", options=options, listener=listener)
    if graph.graph.get("sha256") != plan.graph.sha256:
        raise PlanFileError(
            f"scanning {tree} gives another graph (sha256 {str(graph.graph.get('sha256'))[:12]}) than the plan "
            f"was made from ({plan.graph.sha256[:12]}): the source changed since, or the plan used other "
            "scanner options; plan again, or pass the same {scope}/{exclude}/... options or the right {source}",
            parameter=("scope", "exclude", "source"),
        )
    return graph


def write_doubles(doubles: Doubles, directory: str | Path, *, force: bool = False) -> None:
    """Write ``doubles`` into ``directory``, whole or not at all; an existing one needs ``force``."""
    from planner.doubles.output import write_doubles as write

    write(doubles, directory, force=force)


def doubles_of_source(
    source: str | Path,
    *,
    tree: str | Path | None = None,
    strategy: str | None = None,
    variant: str | None = None,
    target_layer: int | None = None,
    cycles: str | None = None,
    objective: str | None = None,
    format_in: str | None = None,
    scan: ScanOptions | None = None,
    listener: ScanListener | None = None,
    command: str = "planner doubles",
) -> Doubles:
    """The doubles of a saved plan (``source`` is a plan file; ``tree`` its source tree, if not
    the one it records), or of the plan of the graph or source tree ``source``, planned with the
    options given (``planner doubles``)."""
    from planner.usecases.plans import plan_in

    saved = plan_in(source)
    if saved is not None:
        _refuse_plan_options(strategy, variant, target_layer, cycles, objective, format_in)
        return make_doubles(saved, source=tree, scan=scan, listener=listener, command=command)
    if tree is not None:
        raise UsageError("{tree} applies to a plan file; SOURCE itself is what gets planned", parameter="tree")
    graph = _graph(source, format_in, scan, listener)
    plan = _plan(graph, strategy, variant, target_layer, cycles, objective)
    return make_doubles(plan, graph=graph, command=command)


def _refuse_plan_options(
    strategy: str | None,
    variant: str | None,
    target_layer: int | None,
    cycles: str | None,
    objective: str | None,
    format_in: str | None,
) -> None:
    """A saved plan is planned already: refuse the options that would plan it."""
    options = (
        ("strategy", strategy),
        ("variant", variant),
        ("target_layer", target_layer),
        ("cycles", cycles),
        ("objective", objective),
        ("format_in", format_in),
    )
    given = [name for name, value in options if value is not None]
    if given:
        raise UsageError(
            f"{{{given[0]}}} applies when SOURCE is a graph or a source tree, not a plan file", parameter=given[0]
        )


def _graph(
    source: str | Path, format_in: str | None, scan: ScanOptions | None, listener: ScanListener | None
) -> nx.DiGraph:
    from planner.loaders.source import SourceTree, open_source
    from planner.usecases.graphs import load

    if isinstance(open_source(source, format_in), SourceTree):
        return load(source, fmt=format_in, options=scan, listener=listener)
    return load(source, fmt=format_in)


def _plan(
    graph: nx.DiGraph,
    strategy: str | None,
    variant: str | None,
    target_layer: int | None,
    cycles: str | None,
    objective: str | None,
) -> Plan:
    from planner.usecases.plan import make_plan

    return make_plan(
        graph,
        strategy=strategy or "bottom-up",
        cycles=cycles or "break",
        objective=objective or "specific-stubs",
        variant=variant,
        target_layer=target_layer,
    )
