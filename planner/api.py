"""Use cases: load a graph, plan it, compare strategies, read and write plans.

These functions are the public Python API (re-exported by :mod:`planner`) and
what the command line calls. They return values and never print.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import InputError, UsageError
from planner.model import Comparison, ParetoFront, ParetoPoint, Plan, StrategyResult

if TYPE_CHECKING:
    import networkx as nx

    from planner.audit import AuditReport, AuditRequest
    from planner.audit import Listener as AuditListener
    from planner.audit.history import HistoryReport
    from planner.audit.interfaces import InterfaceReport
    from planner.change.plan import ChangeRequest
    from planner.ci import CiOptions
    from planner.cycles import CycleBreaking
    from planner.doubles.generate import Doubles
    from planner.render import Rendering
    from planner.render.audit_data import Audit
    from planner.scan import ScanListener, ScanOptions
    from planner.selection import TestAnalysis
    from planner.selection.blame import Blame
    from planner.selection.run_result import RunResult

__all__ = [
    "audit_history",
    "audit_interfaces",
    "audit_localisation",
    "ci_pipeline",
    "ci_plan",
    "compare",
    "draw",
    "export_contract",
    "graph_json",
    "scan_json",
    "load",
    "make_doubles",
    "make_plan",
    "pareto",
    "plan_in",
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


def scan_json(source: str | Path, *, options: ScanOptions | None = None, listener: ScanListener | None = None) -> str:
    """:func:`scan`, and :func:`graph_json` of its graph, without building the graph:
    what ``planner scan -o`` writes (networkx stays unimported)."""
    from planner.loaders.python import scan_json

    return scan_json(source, options=options, listener=listener)


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
            from planner.loaders.source import SourceTree, open_source

            # Scanner options apply to source trees; a graph file ignores them.
            if isinstance(open_source(source, fmt), SourceTree):
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
    time_limit: float | None = None,
    effort: int | None = None,
    fmt: str | None = None,
    scan: ScanOptions | None = None,
    listener: ScanListener | None = None,
    tests: Sequence[str] = (),
    footprint: str = "static",
    footprint_cache: str | None = None,
    doubles: bool = False,
    changed_since: str | None = None,
    changed_files: Sequence[str] | None = None,
    global_files: Sequence[str] = (),
) -> Plan:
    """Plan a graph (or the graph file or source tree at ``source``).

    Options that the strategy does not take are refused rather than ignored:
    ``variant`` applies to top-down and sandwich, ``target_layer`` to sandwich.
    ``objective`` is what cycle breaking minimises (see
    :data:`planner.cycles.OBJECTIVES`) and ``effort`` the work it may spend
    (default :data:`planner.cycles.DEFAULT_EFFORT`: the same graph gives the same plan
    on any machine), or ``time_limit`` the seconds of wall clock it may take instead;
    the plan's ``components`` say whether each cycle's breaking is proven optimal.
    ``scan`` and ``listener`` apply when ``source`` is a Python source tree.
    With ``tests`` (paths pytest collects), every collected test is assigned to
    a step (see :func:`planner.selection.select_tests` and ``docs/selection.md``),
    for a run that installs the plan's doubles if ``doubles``.
    ``changed_since`` (a git revision) or ``changed_files`` (paths) make a
    change-aware plan: only the units the change can affect are stepped through
    (``global_files`` adds globs of files that affect everything; see
    :mod:`planner.change` and ``docs/ci.md``).

    Examples
    --------
    >>> import networkx as nx
    >>> plan = make_plan(nx.DiGraph([("app", "db")]), strategy="top-down")
    >>> [(s.units, [stub.unit for stub in s.stubs]) for s in plan.steps]
    [(('app',), ['db']), (('db',), [])]
    """
    if tests:
        from planner.selection.collect import check_paths

        check_paths(tests)  # before the graph is loaded or scanned: fail fast
    if changed_since is not None and changed_files is not None:
        raise UsageError("give --changed-since or --changed-files, not both")
    if changed_since is not None:
        from planner.change.git import check_ref

        check_ref(changed_since)
    elif global_files and changed_files is None:
        raise UsageError("--global-file goes with --changed-since or --changed-files")
    graph = _as_graph(source, fmt, scan, listener)
    options: dict[str, Any] = {
        "strategy": strategy,
        "cycles": cycles,
        "objective": objective,
        "variant": variant,
        "target_layer": target_layer,
        "time_limit": time_limit,
        "effort": effort,
    }
    analysis = None
    if tests:
        from planner.selection import analyse_tests

        analysis = analyse_tests(graph, tests, footprint=footprint, cache_dir=footprint_cache)
    if changed_since is not None or changed_files is not None:
        from planner.change.plan import ChangeRequest

        request = ChangeRequest(changed_since, tuple(changed_files or ()), tuple(global_files), tuple(tests))
        return _change_plan(graph, analysis, request, scan, options, doubles=doubles)
    plan = _plan(graph, **options)
    if analysis is not None:
        from planner.selection import assign_tests

        plan = assign_tests(plan, graph, analysis, doubles=doubles)
    return plan


def _change_plan(
    graph: nx.DiGraph,
    analysis: TestAnalysis | None,
    request: ChangeRequest,
    scan: ScanOptions | None,
    options: dict[str, Any],
    *,
    doubles: bool = False,
) -> Plan:
    """A plan of the units the change in ``request`` can affect (see :mod:`planner.change`)."""
    import tempfile
    from dataclasses import replace

    from planner.change.plan import empty_plan, scope_change
    from planner.selection import assign_tests
    from planner.strategies import graph_info

    tests = None
    if analysis is not None:
        tests = tuple((t.node_id, t.path, analysis.analyses[t.node_id].footprint) for t in analysis.collection.tests)
    with tempfile.TemporaryDirectory(prefix="planner-change-") as tmp:
        scope = scope_change(graph, request, tests, old_tree=tmp, old_graph=lambda tree: _old_graph(tree, graph, scan))
    planned = graph if scope.everything else graph.subgraph(scope.planned).copy()
    plan = _plan(planned, **options) if scope.planned else empty_plan(options)
    plan = replace(plan, graph=graph_info(graph), notes=plan.notes + scope.notes)
    if analysis is not None:
        plan = assign_tests(plan, planned, analysis, keep=scope.keep, doubles=doubles)
    return replace(plan, change=scope.change)


def _old_graph(tree: Path, graph: nx.DiGraph, scan: ScanOptions | None) -> nx.DiGraph | None:
    """The graph of ``tree`` (the scanned tree as it was at the base revision), shown as ``graph``'s root."""
    from planner.errors import SourceError
    from planner.loaders import python

    try:
        return python.load(tree, display=str(graph.graph["root"]), options=scan)
    except SourceError:
        return None


def _plan(
    graph: nx.DiGraph,
    *,
    strategy: str,
    cycles: str,
    objective: str,
    variant: str | None,
    target_layer: int | None,
    time_limit: float | None,
    effort: int | None = None,
    breaking: CycleBreaking | None = None,
) -> Plan:
    from planner.cycles.objectives import check_objective
    from planner.strategies import check_cycles, check_variant, get_strategy

    # The options are checked here, once; below, their types say that they were.
    module = get_strategy(strategy)
    checked_objective = check_objective(graph, objective)
    extra: dict[str, Any] = {}
    for name, value, flag in (("variant", variant, "--variant"), ("target_layer", target_layer, "--target-layer")):
        if value is None:
            continue
        if name not in module.OPTIONS:
            raise UsageError(f"{flag} does not apply to the {strategy} strategy")
        extra[name] = value
    if variant is not None:
        extra["variant"] = check_variant(variant)
    checked_cycles = check_cycles(cycles)
    from planner.gcpause import paused_gc

    with paused_gc():  # a pure computation: at 100,000 units the collector was half of it
        return module.plan(
            graph,
            cycles=checked_cycles,
            objective=checked_objective,
            time_limit=time_limit,
            effort=effort,
            breaking=breaking,
            **extra,
        )


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
    time_limit: float | None = None,
    effort: int | None = None,
    fmt: str | None = None,
    scan: ScanOptions | None = None,
    listener: ScanListener | None = None,
) -> Comparison:
    """Plan the graph with every strategy and sum each plan up.

    The cycles are broken once, and every strategy builds on that answer.
    """
    graph = _as_graph(source, fmt, scan, listener)
    breaking = None
    if cycles == "break":
        from planner.cycles.objectives import check_objective
        from planner.strategies import break_graph_cycles

        checked = check_objective(graph, objective)
        breaking = break_graph_cycles(graph, objective=checked, time_limit=time_limit, effort=effort)
    results = []
    info = None
    for strategy, extra in COMPARED:
        plan = _plan(
            graph,
            strategy=strategy,
            cycles=cycles,
            objective=objective,
            variant=extra.get("variant"),
            target_layer=None,
            time_limit=time_limit,
            effort=effort,
            breaking=breaking,
        )
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


def pareto(
    source: nx.DiGraph | str | Path,
    *,
    objectives: tuple[str, str] = ("attributes", "methods"),
    time_limit: float | None = None,
    effort: int | None = None,
    fmt: str | None = None,
    scan: ScanOptions | None = None,
) -> ParetoFront:
    """Every Pareto-optimal way to break the cycles of a graph under two objectives.

    ``objectives`` are two of :data:`planner.cycles.objectives.PARETO_OBJECTIVES`;
    ``effort`` (work units, default :data:`planner.cycles.DEFAULT_PARETO_EFFORT`: the same
    front on any machine) or ``time_limit`` (seconds of wall clock) bounds the whole
    enumeration. Needs the exact
    solver (the ``exact`` extra).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_edge("a", "b", attributes=3, methods=1)
    >>> g.add_edge("b", "a", attributes=1, methods=2)
    >>> [p.values for p in pareto(g).points]  # doctest: +SKIP
    [(1.0, 2.0), (3.0, 1.0)]
    """
    from planner.cycles.milp import available
    from planner.cycles.objectives import PARETO_OBJECTIVES, check_objective, edge_cost, problem_from_graph
    from planner.cycles.pareto import pareto_front
    from planner.errors import DependencyError
    from planner.graph import IndexedGraph
    from planner.strategies import graph_info

    if len(objectives) != 2 or objectives[0] == objectives[1] or not set(objectives) <= set(PARETO_OBJECTIVES):
        raise UsageError(
            f"a Pareto front needs two different objectives from {', '.join(PARETO_OBJECTIVES)}, got {objectives!r}"
        )
    if time_limit is not None and not time_limit > 0:
        raise UsageError(f"--time-limit must be a positive number of seconds, got {time_limit:g}")
    if effort is not None and not effort > 0:
        raise UsageError(f"--effort must be a positive number of work units, got {effort}")
    if time_limit is not None and effort is not None:
        raise UsageError("--time-limit and --effort are two ways to bound the search: give one")
    graph = _as_graph(source, fmt, scan)
    for objective in objectives:
        check_objective(graph, objective)
    if not available():
        raise DependencyError(
            "the exact Pareto front needs the exact solver, which is not installed: "
            "pip install 'integration-planner[exact]'"
        )
    ig = IndexedGraph(graph)
    problem = problem_from_graph(graph, objectives[0], ig)
    data = graph.edges
    names = ig.names
    costs = [{(i, j): edge_cost(data[names[i], names[j]], objective) for i, j in ig.edges} for objective in objectives]
    front = pareto_front(problem, costs[0], costs[1], time_limit=time_limit, effort=effort)
    points = tuple(
        ParetoPoint(point.values, tuple(sorted((names[i], names[j]) for i, j in point.removed)))
        for point in front.points
    )
    notes: tuple[str, ...] = ()
    if not front.exact:
        notes = (
            f"the time limit ran out after {len(points)} point(s): the front is incomplete and not proven "
            "(raise --time-limit)",
        )
    return ParetoFront(graph_info(graph), objectives, points, front.exact, notes)


def read_plan(path: str | Path) -> Plan:
    """Read a plan file (refusing a schema version this planner does not know)."""
    from planner.planfile import load  # by its full name: the module itself, never a stale package attribute

    return load(path)


def write_plan(plan: Plan, path: str | Path, *, force: bool = False, pretty: bool = False) -> None:
    """Write ``plan`` as a plan file, atomically; an existing file needs ``force``."""
    from planner import planfile
    from planner.files import write_text_atomic

    write_text_atomic(path, planfile.dumps(plan, pretty=pretty), force=force)


def plan_json(plan: Plan, *, pretty: bool = False) -> str:
    """The plan file's text (compact; ``pretty``: indented for people)."""
    from planner import planfile

    return planfile.dumps(plan, pretty=pretty)


# --- render (issue 7) -------------------------------------------------------


def plan_in(path: str | Path) -> Plan | None:
    """The plan in ``path`` if it is a plan file (JSON with a ``planner-plan/...`` schema), else None.

    A graph file or a source tree gives None without being parsed as a plan;
    a plan file with a bad key raises :class:`~planner.errors.PlanFileError`.
    """
    from planner import planfile
    from planner.loaders.source import plan_file

    found = plan_file(path)
    return None if found is None else planfile.loads(found.text, display=str(found.path))


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
    around: str | None = None,
    max_nodes: int | None = None,
    scan: ScanOptions | None = None,
    audits: Sequence[str | Path] = (),
) -> Rendering:
    """Draw a graph or a plan in ``fmt`` (see :data:`planner.render.FORMATS`): ``planner render``.

    (Named ``draw`` because ``planner.render`` is the package of the formats.)

    ``source`` is a plan file (drawn as it is; ``graph`` may name the graph it
    was made from, to draw the dependencies inside its steps), or a graph file
    or source tree: drawn as a graph, or planned on the fly and drawn as a
    plan when ``strategy`` is given. An HTML page always shows a plan
    (bottom-up, the default of ``planner plan``, unless ``strategy`` says
    otherwise). ``around`` draws only the units at most ``depth`` (default 1)
    dependencies away from that unit, either way. Above ``max_nodes`` units (0: no
    limit; default :data:`planner.render.collapse.MAX_NODES`) a picture collapses to
    packages. ``scan`` applies when ``source`` is a Python source tree. ``audits`` are files
    of ``planner audit -f json`` that add an "Audit" section to an HTML page (checked to be
    audits of this plan).
    """
    from dataclasses import replace

    from planner.render import draw_graph, draw_plan, plan_page

    if audits and fmt != "html":
        raise UsageError("--audit adds a section to the HTML page: write a .html file (or --format html)")
    path = Path(source)
    plan = plan_in(path)
    from_file = plan is not None
    plan_options = {"--strategy": strategy, "--variant": variant, "--target-layer": target_layer}
    plan_options.update({"--cycles": cycles, "--objective": objective})
    collapse = {"--depth": depth, "--collapse-cycles": collapse_cycles or None, "--around": around}
    loaded = None
    if plan is not None:
        given = [flag for flag, value in plan_options.items() if value is not None]
        if given:
            raise UsageError(f"{source} is a plan file, already planned: {', '.join(given)} only plan a graph")
        if graph is not None:
            loaded = _plan_graph(plan, graph, format_in, display=str(source))
        elif fmt == "html":
            loaded = _recorded_graph(plan)
    else:
        if graph is not None:
            raise UsageError("--graph goes with a plan file: SOURCE is a graph already")
        loaded = _as_graph(source, format_in, scan)
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
        if around is not None:  # --depth counts dependencies away from the unit, not package levels
            return draw_graph(
                loaded, fmt, collapse_cycles=collapse_cycles, around=around, radius=depth or 1, max_nodes=max_nodes
            )
        return draw_graph(loaded, fmt, depth=depth, collapse_cycles=collapse_cycles, max_nodes=max_nodes)
    given = [flag for flag, value in collapse.items() if value is not None]
    if given:
        verb = "is" if len(given) == 1 else "are"
        how = "draw the graph file instead" if from_file else "leave out --strategy"
        raise UsageError(f"{' and '.join(given)} {verb} for graph pictures, not plans ({how})")
    if step is not None and not 1 <= step <= len(plan.steps):
        raise UsageError(f"--step {step} is out of range: the plan has {len(plan.steps)} steps")
    if fmt == "html":
        comparison = None
        if loaded is not None:
            comparison = compare(loaded, cycles=plan.options.cycles, objective=plan.options.objective)
        page = plan_page(
            plan,
            graph=loaded,
            comparison=comparison,
            start=step or 0,
            display=str(source),
            max_nodes=max_nodes,
            audits=[_read_audit(a, plan) for a in audits],
        )
        if strategy is None and not from_file:
            note = "no --strategy given: the page shows the bottom-up plan (the default of 'planner plan')"
            page = replace(page, notes=(note, *page.notes))
        return page
    return draw_plan(plan, fmt, graph=loaded, step=step, display=str(source), max_nodes=max_nodes)


def _read_audit(path: str | Path, plan: Plan) -> Audit:
    """The audit file ``path`` (``planner audit -f json``), checked against ``plan``."""
    from planner.render.audit_data import read_audit

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the audit ({exc.strerror or exc})", path=str(path)) from None
    return read_audit(data, path=str(path), plan=plan)


def _recorded_graph(plan: Plan, *, same: bool = True) -> nx.DiGraph | None:
    """The graph the plan names as its source, when it is here (inside this directory) and is
    still the graph the plan was made from (``same``: else any graph there); else None (the page
    then says how to give it)."""
    from planner.errors import PlannerError
    from planner.graph import canonical_digest

    recorded = Path(plan.graph.source)
    here = Path.cwd().resolve()
    if recorded.is_absolute():
        return None
    target = (here / recorded).resolve()
    if target != here and here not in target.parents:
        return None  # never follow a plan file's path out of the tree
    if not target.exists():
        return None
    extra: dict[str, Any] = {}
    if plan.graph.format == "python":
        from planner.scan.model import with_graph_options

        extra["options"] = with_graph_options(None, plan.graph.scan)
    try:
        graph = load(target, fmt=plan.graph.format or None, **extra)
    except PlannerError:
        return None
    return graph if not same or canonical_digest(graph) == plan.graph.sha256 else None


def blame_run(
    plan: Plan,
    plan_file: str | Path,
    result: RunResult,
    *,
    measure: bool = True,
    pytest_args: Sequence[str] = (),
) -> dict[int, Blame]:
    """The suspects of each step of ``result`` that failed on its tests (``planner run``'s blame).

    Runs a failing step's tests again under coverage.py when ``measure`` and the plan's source
    tree is here (its files may have changed since: a defect's fix, or the defect itself).
    """
    from planner.selection.blame import blame_failures
    from planner.selection.units import graph_units

    if not any(step.cause == "tests" for step in result.failed):
        return {}
    graph = _recorded_graph(plan, same=False) if measure and plan.graph.format == "python" else None
    units = source = None
    if graph is not None and isinstance(graph.graph.get("root"), str):
        units = graph_units(graph)
        top = Path(str(graph.graph["root"])).resolve()
        source = top if top.is_dir() else top.parent
    return blame_failures(plan, plan_file, result, units=units, source=source, measure=measure, pytest_args=pytest_args)


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


# --- issue 5: test doubles (planner doubles) -----------------------------------------------------


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
    from planner.gcpause import paused_gc

    with paused_gc():  # scanning, reading every module's tree, writing text: no cycles to collect
        return _make_doubles(plan, source=source, graph=graph, scan=scan, listener=listener, command=command)


def _make_doubles(
    plan: Plan | str | Path,
    *,
    source: str | Path | None,
    graph: nx.DiGraph | None,
    scan: ScanOptions | None,
    listener: ScanListener | None,
    command: str,
) -> Doubles:
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
        from planner.scan.model import with_graph_options

        options = with_graph_options(scan, plan.graph.scan)  # the options the plan recorded
        graph = load(tree, fmt="python", options=options, listener=listener)
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


# --- issue 8: CI pipeline files (planner ci) ------------------------------------------------------


def ci_plan(plan: Plan | str | Path) -> Plan:
    """The plan a pipeline runs: ``plan`` itself, or read from a plan file."""
    if isinstance(plan, Plan):
        return plan
    found = plan_in(plan)
    if found is None and Path(plan).is_file():
        raise UsageError(f"{plan} is not a plan file: make one with 'planner plan SOURCE --tests DIR -o plan.json'")
    return found if found is not None else read_plan(plan)


def ci_pipeline(
    plan: Plan | str | Path,
    system: str,
    options: CiOptions,
    *,
    command: str = "",
    matrix: bool = False,
    wave: int | None = None,
) -> str:
    """The pipeline file of ``plan`` (a plan or a plan file) for ``system`` (``github`` or
    ``gitlab``), or with ``matrix`` the GitHub job matrix (of wave ``wave`` only, if given).
    ``command`` is named in the file's header. See ``docs/ci.md``."""
    from dataclasses import replace

    from planner.ci import github_matrix, github_workflow, gitlab_pipeline

    plan = ci_plan(plan)
    options = replace(options, command=command or options.command)
    if matrix:
        if system != "github":
            raise UsageError("--matrix is a GitHub Actions matrix")
        return github_matrix(plan, options, wave=wave)
    if system == "github":
        return github_workflow(plan, options)
    if system == "gitlab":
        return gitlab_pipeline(plan, options)
    raise UsageError(f"unknown CI system {system!r} (choose from github, gitlab)")


def export_contract(
    source: nx.DiGraph | str | Path,
    tool: str,
    *,
    objective: str = "specific-stubs",
    time_limit: float | None = None,
    effort: int | None = None,
    fmt: str | None = None,
    scan: ScanOptions | None = None,
    base: str | Path = ".",
) -> str:
    """The layers and proven cycle breaks of ``source`` as ``tool``'s configuration (TOML text).

    ``tool`` is ``import-linter`` (a ``layers`` contract) or ``tach`` (its module
    configuration); ``base`` is the directory the file goes to (see ``docs/export.md``).
    """
    from planner.export import TOOLS, contract

    for known in TOOLS:
        if tool == known:
            return contract(
                _as_graph(source, fmt, scan),
                known,
                objective=objective,
                time_limit=time_limit,
                effort=effort,
                base=base,
            )
    raise UsageError(f"unknown tool {tool!r} (choose from {', '.join(TOOLS)})")


# --- issue 19: planner audit ----------------------------------------------------------------------


def audit_localisation(
    plan_file: str | Path, request: AuditRequest, *, listener: AuditListener | None = None
) -> AuditReport:
    """Mutants of each unit of the plan in ``plan_file``, the suite on each, and where it fails.

    Runs in the directory the plan was made in (its source tree and pytest rootdir are there);
    the project is copied to scratch directories, never changed (see ``docs/audit.md``).
    """
    from planner.audit import audit

    plan, graph, files = _audited(plan_file)
    return audit(plan, graph, files, plan_path=str(plan_file), project=Path.cwd(), request=request, listener=listener)


def audit_history(plan_file: str | Path, count: int) -> HistoryReport:
    """Replay the last ``count`` commits with change-aware plans made like the plan in ``plan_file``:
    the tests each plan left out that failed (misses), the share selected, the time saved."""
    from planner.audit.history import replay
    from planner.audit.scratch import import_base

    plan, _, files = _audited(plan_file)
    bases = sorted({b for unit, file in files.items() if (b := import_base(unit, file)) is not None})
    return replay(plan, plan_path=str(plan_file), project=Path.cwd(), bases=bases, count=count)


def audit_interfaces(plan_file: str | Path) -> InterfaceReport:
    """Signature mutants of each unit a driver of the plan drives, and whether the drivers catch each."""
    from planner.audit.interfaces import CallerCalls
    from planner.audit.interfaces import audit_interfaces as run_audit
    from planner.audit.scratch import import_base
    from planner.change.scope import project_path
    from planner.doubles.calls import uses_of
    from planner.doubles.sources import read_tree

    plan, graph, files = _audited(plan_file)
    index = read_tree(graph)
    uses = []
    for driver in plan.drivers:
        unit = index.module(driver.unit)
        for caller in driver.for_:
            source = index.module(caller)
            if unit is None or source is None:
                continue
            use = uses_of(source, unit)
            calls = tuple((c.line, c.target, c.positional, c.keywords, c.flags, c.text) for c in use.calls)
            uses.append(CallerCalls(caller, driver.unit, project_path(use.path), use.names, calls))
    bases = sorted({b for unit, file in files.items() if (b := import_base(unit, file)) is not None})
    return run_audit(uses, files, plan_path=str(plan_file), project=Path.cwd(), bases=bases)


def _audited(plan_file: str | Path) -> tuple[Plan, nx.DiGraph, dict[str, str]]:
    """The plan, its graph (checked to be the one it was made from) and each unit's file."""
    from planner.change.scope import unit_files
    from planner.errors import PlanFileError

    plan = read_plan(plan_file)
    graph = _recorded_graph(plan)
    if graph is None:
        raise PlanFileError(
            f"the plan's source {plan.graph.source} is not in this directory, or is no longer the graph the plan was "
            "made from: run 'planner audit' where the plan was made, after planning again if the code changed",
            path=str(plan_file),
        )
    files = {unit: path for path, unit in unit_files(graph).items()}
    if not files:
        raise UsageError(
            f"{plan_file}: the plan's graph ({plan.graph.source}) was not scanned from a Python source tree: "
            "there is no module to mutate"
        )
    return plan, graph, files
