"""Use cases: load a graph, plan it, compare strategies, read and write plans.

These functions are the public Python API (re-exported by :mod:`planner`) and
what the command line calls. They return values and never print.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import UsageError
from planner.model import Comparison, Plan, StrategyResult

if TYPE_CHECKING:
    import networkx as nx

    from planner.doubles.generate import Doubles
    from planner.scan import ScanListener, ScanOptions

__all__ = [
    "compare",
    "graph_json",
    "is_plan_file",
    "load",
    "make_doubles",
    "make_plan",
    "plan_json",
    "read_plan",
    "scan",
    "write_doubles",
    "write_plan",
]


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
) -> Plan:
    """Plan a graph (or the graph file or source tree at ``source``).

    Options that the strategy does not take are refused rather than ignored:
    ``variant`` applies to top-down and sandwich, ``target_layer`` to sandwich.
    ``scan`` and ``listener`` apply when ``source`` is a Python source tree.

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
    graph = _as_graph(source, fmt, scan, listener)
    plan: Plan = module.plan(graph, cycles=cycles, objective=objective, **extra)
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


# --- issue 5: test doubles (planner doubles) -----------------------------------------------------


def is_plan_file(path: str | Path) -> bool:
    """Whether ``path`` is a plan file (JSON with a ``planner-plan/...`` schema), not a graph."""
    import json

    candidate = Path(path)
    if not candidate.is_file() or candidate.suffix.lower() != ".json":
        return False
    try:
        data = json.loads(candidate.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and str(data.get("schema", "")).startswith("planner-plan/")


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
    from planner.doubles.generate import generate
    from planner.doubles.sources import read_tree
    from planner.errors import PlanFileError

    if not isinstance(plan, Plan):
        plan = read_plan(plan)
    if graph is None and (source is not None or plan.graph.format == "python"):
        tree = Path(source if source is not None else plan.graph.source)
        if not tree.exists():
            where = "--source" if source is not None else "the plan's graph.source"
            raise UsageError(
                f"{tree}: no such source tree ({where}); give the tree the plan was made from with --source"
            )
        graph = load(tree, fmt="python", options=scan, listener=listener)
        if graph.graph.get("sha256") != plan.graph.sha256:
            raise PlanFileError(
                f"scanning {tree} gives another graph (sha256 {str(graph.graph.get('sha256'))[:12]}) than the plan "
                f"was made from ({plan.graph.sha256[:12]}): the source changed since, or the plan used other "
                "scanner options; plan again, or pass the same --scope/--exclude/... options or the right --source"
            )
    index = read_tree(graph) if graph is not None and graph.graph.get("format") == "python" else None
    return generate(plan, graph if index is not None else None, index, command=command)


def write_doubles(doubles: Doubles, directory: str | Path, *, force: bool = False) -> None:
    """Write ``doubles`` into ``directory``, whole or not at all; an existing one needs ``force``."""
    from planner.doubles.output import write_doubles as write

    write(doubles, directory, force=force)
