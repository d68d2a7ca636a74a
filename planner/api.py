"""Use cases: load a graph, plan it, compare strategies, read and write plans.

These functions are the public Python API (re-exported by :mod:`planner`) and
what the command line calls. They return values and never print.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import UsageError
from planner.model import Comparison, Plan, StrategyResult

if TYPE_CHECKING:
    import networkx as nx

    from planner.scan import ScanListener, ScanOptions

__all__ = ["compare", "graph_json", "load", "make_plan", "plan_json", "read_plan", "scan", "write_plan"]


def load(source: str | Path, *, fmt: str | None = None, **options: Any) -> nx.DiGraph:
    """Load a graph file or scan a Python source tree (``fmt`` forces the format)."""
    from planner.loaders import load_graph

    return load_graph(source, fmt=fmt, **options)


def scan(source: str | Path, *, options: ScanOptions | None = None, listener: ScanListener | None = None) -> nx.DiGraph:
    """Scan a Python source tree into its module graph (see ``docs/scanning.md``).

    ``listener`` is told the progress, and (a :class:`planner.loaders.python.Listener`)
    the reports and the summary.
    """
    return load(source, fmt="python", options=options, listener=listener)


def graph_json(graph: nx.DiGraph) -> str:
    """The graph as node-link JSON, the text ``planner.loaders.node_link`` reads back."""
    from planner.loaders import node_link

    return node_link.dumps(graph)


def _as_graph(
    source: nx.DiGraph | str | Path,
    fmt: str | None = None,
    scan: ScanOptions | None = None,
    listener: ScanListener | None = None,
) -> nx.DiGraph:
    if isinstance(source, (str, Path)):
        extra: dict[str, Any] = {}
        if scan is not None or listener is not None:
            from planner.loaders import detect_format

            path = Path(source)
            # Scanner options apply to source trees; a graph file ignores them.
            if (fmt or (detect_format(path) if path.exists() else None)) == "python":
                extra = {"options": scan, "listener": listener}
        return load(source, fmt=fmt, **extra)
    from planner.graph import normalize_graph

    return normalize_graph(source)


def make_plan(
    source: nx.DiGraph | str | Path,
    *,
    strategy: str = "bottom-up",
    cycles: str = "break",
    objective: str = "specific-stubs",
    variant: str | None = None,
    target_layer: int | None = None,
    fmt: str | None = None,
    scan: ScanOptions | None = None,
    listener: ScanListener | None = None,
    tests: Sequence[str] = (),
    footprint: str = "static",
    footprint_cache: str | None = None,
) -> Plan:
    """Plan a graph (or the graph file or source tree at ``source``).

    Options that the strategy does not take are refused rather than ignored:
    ``variant`` applies to top-down and sandwich, ``target_layer`` to sandwich.
    ``scan`` and ``listener`` apply when ``source`` is a Python source tree.
    With ``tests`` (paths pytest collects), every collected test is assigned to
    a step (see :func:`planner.selection.select_tests` and ``docs/selection.md``).

    Examples
    --------
    >>> import networkx as nx
    >>> plan = make_plan(nx.DiGraph([("app", "db")]), strategy="top-down")
    >>> [(s.units, [stub.unit for stub in s.stubs]) for s in plan.steps]
    [(('app',), ['db']), (('db',), [])]
    """
    from planner.cycles import OBJECTIVES
    from planner.strategies import get_strategy

    module = get_strategy(strategy)
    if objective not in OBJECTIVES:
        raise UsageError(f"unknown objective {objective!r} (choose from {', '.join(OBJECTIVES)})")
    extra: dict[str, Any] = {}
    for name, value, flag in (("variant", variant, "--variant"), ("target_layer", target_layer, "--target-layer")):
        if value is None:
            continue
        if name not in module.OPTIONS:
            raise UsageError(f"{flag} does not apply to the {strategy} strategy")
        extra[name] = value
    if tests:
        from planner.selection.collect import check_paths

        check_paths(tests)  # before the graph is loaded or scanned: fail fast
    graph = _as_graph(source, fmt, scan, listener)
    plan: Plan = module.plan(graph, cycles=cycles, objective=objective, **extra)
    if tests:
        from planner.selection import select_tests

        plan = select_tests(plan, graph, tests, footprint=footprint, cache_dir=footprint_cache)
    return plan


COMPARED: tuple[tuple[str, dict[str, Any]], ...] = (
    ("top-down", {"variant": "breadth-first"}),
    ("top-down", {"variant": "depth-first"}),
    ("bottom-up", {}),
    ("sandwich", {}),
    ("big-bang", {}),
)
"""The strategies ``compare`` plans, in the order it shows them."""


def compare(
    source: nx.DiGraph | str | Path,
    *,
    cycles: str = "break",
    objective: str = "specific-stubs",
    fmt: str | None = None,
    scan: ScanOptions | None = None,
    listener: ScanListener | None = None,
) -> Comparison:
    """Plan the graph with every strategy and sum each plan up."""
    graph = _as_graph(source, fmt, scan, listener)
    results = []
    info = None
    for strategy, extra in COMPARED:
        plan = make_plan(graph, strategy=strategy, cycles=cycles, objective=objective, **extra)
        info = plan.graph
        results.append(
            StrategyResult(
                strategy=plan.strategy,
                options=plan.options,
                metrics=plan.metrics,
                broken_edges=len(plan.broken_edges),
                notes=plan.notes,
            )
        )
    assert info is not None
    return Comparison(graph=info, cycles=cycles, objective=objective, results=tuple(results))


def read_plan(path: str | Path) -> Plan:
    """Read a plan file (refusing a schema version this planner does not know)."""
    from planner import planfile

    return planfile.load(path)


def write_plan(plan: Plan, path: str | Path, *, force: bool = False) -> None:
    """Write ``plan`` as a plan file, atomically; an existing file needs ``force``."""
    from planner import planfile
    from planner.files import write_text_atomic

    write_text_atomic(path, planfile.dumps(plan), force=force)


def plan_json(plan: Plan) -> str:
    """The plan file's text."""
    from planner import planfile

    return planfile.dumps(plan)
