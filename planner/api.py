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

    from planner.render import Rendering

__all__ = ["compare", "load", "make_plan", "plan_json", "draw", "read_plan", "write_plan"]


def load(source: str | Path, *, fmt: str | None = None, **options: Any) -> nx.DiGraph:
    """Load a graph file or scan a Python source tree (``fmt`` forces the format)."""
    from planner.loaders import load_graph

    return load_graph(source, fmt=fmt, **options)


def _as_graph(source: nx.DiGraph | str | Path, fmt: str | None = None) -> nx.DiGraph:
    if isinstance(source, (str, Path)):
        return load(source, fmt=fmt)
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
) -> Plan:
    """Plan a graph (or the graph file or source tree at ``source``).

    Options that the strategy does not take are refused rather than ignored:
    ``variant`` applies to top-down and sandwich, ``target_layer`` to sandwich.

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
    graph = _as_graph(source, fmt)
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
) -> Comparison:
    """Plan the graph with every strategy and sum each plan up."""
    graph = _as_graph(source, fmt)
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


# --- render (issue 7) -------------------------------------------------------


def _plan_in(path: Path) -> Plan | None:
    """The plan in ``path`` if it is a plan file (JSON with a ``planner-plan/...`` schema)."""
    import json

    from planner import planfile

    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            if handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"{":
                return None
        raw = path.read_bytes()
        if b'"planner-plan/' not in raw:  # a graph in JSON: not parsed twice
            return None
        text = raw.decode("utf-8-sig")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None  # not a plan: the graph loaders say what is wrong with it
    if not (isinstance(data, dict) and str(data.get("schema", "")).startswith("planner-plan/")):
        return None
    return planfile.loads(text, display=str(path))


def draw(
    source: str | Path,
    *,
    fmt: str,
    strategy: str | None = None,
    variant: str | None = None,
    target_layer: int | None = None,
    cycles: str | None = None,
    objective: str | None = None,
    step: int | None = None,
    depth: int | None = None,
    collapse_cycles: bool = False,
    graph: str | Path | None = None,
    format_in: str | None = None,
) -> Rendering:
    """Draw a graph or a plan in ``fmt`` (see :data:`planner.render.FORMATS`): ``planner render``.

    (Named ``draw`` because ``planner.render`` is the package of the formats.)

    ``source`` is a plan file (drawn as it is; ``graph`` may name the graph it
    was made from, to draw the dependencies inside its steps), or a graph file
    or source tree: drawn as a graph, or planned on the fly and drawn as a
    plan when ``strategy`` is given. An HTML page always shows a plan
    (bottom-up, the default of ``planner plan``, unless ``strategy`` says
    otherwise).
    """
    from dataclasses import replace

    from planner.render import draw_graph, draw_plan, plan_page

    path = Path(source)
    plan = _plan_in(path)
    from_file = plan is not None
    plan_options = {"--strategy": strategy, "--variant": variant, "--target-layer": target_layer}
    plan_options.update({"--cycles": cycles, "--objective": objective})
    collapse = {"--depth": depth, "--collapse-cycles": collapse_cycles or None}
    loaded = None
    if plan is not None:
        given = [flag for flag, value in plan_options.items() if value is not None]
        if given:
            raise UsageError(f"{source} is a plan file, already planned: {', '.join(given)} only plan a graph")
        if graph is not None:
            loaded = _plan_graph(plan, graph, format_in, display=str(source))
    else:
        if graph is not None:
            raise UsageError("--graph goes with a plan file: SOURCE is a graph already")
        loaded = load(source, fmt=format_in)
        if strategy is not None or fmt == "html" or any(value is not None for value in plan_options.values()):
            plan = make_plan(
                loaded,
                strategy=strategy or "bottom-up",
                cycles=cycles or "break",
                objective=objective or "specific-stubs",
                variant=variant,
                target_layer=target_layer,
            )
    if plan is None:
        if step is not None:
            raise UsageError("--step shows a step of a plan: give a plan file, or --strategy to plan SOURCE")
        assert loaded is not None
        return draw_graph(loaded, fmt, depth=depth, collapse_cycles=collapse_cycles)
    given = [flag for flag, value in collapse.items() if value is not None]
    if given:
        verb = "is" if len(given) == 1 else "are"
        raise UsageError(f"{' and '.join(given)} {verb} for graph pictures, not plans (leave out --strategy)")
    if step is not None and not 1 <= step <= len(plan.steps):
        raise UsageError(f"--step {step} is out of range: the plan has {len(plan.steps)} steps")
    if fmt == "html":
        comparison = None
        if loaded is not None:
            comparison = compare(loaded, cycles=plan.options.cycles, objective=plan.options.objective)
        page = plan_page(plan, graph=loaded, comparison=comparison, start=step or 0, display=str(source))
        if strategy is None and not from_file:
            note = "no --strategy given: the page shows the bottom-up plan (the default of 'planner plan')"
            page = replace(page, notes=(note, *page.notes))
        return page
    return draw_plan(plan, fmt, graph=loaded, step=step, display=str(source))


def _plan_graph(plan: Plan, source: str | Path, format_in: str | None, *, display: str) -> nx.DiGraph:
    """The graph at ``source``, checked to be the one ``plan`` was made from."""
    from planner.errors import PlanFileError
    from planner.graph import canonical_digest

    graph = load(source, fmt=format_in)
    digest = canonical_digest(graph)
    if digest != plan.graph.sha256:
        raise PlanFileError(
            f"the plan was made from another graph than {source} (sha256 {plan.graph.sha256[:12]}... in the plan, "
            f"{digest[:12]}... for {source}): plan it again, or give the graph it was made from",
            path=display,
        )
    return graph
