"""Plan a graph: load it, analyse its tests, scope a change, plan, place the tests.

:func:`plan_source` takes the values (:class:`~planner.model.Options`, :class:`TestRequest`,
:class:`~planner.change.plan.ChangeRequest`); :func:`make_plan` is its keyword form, the
public API that docs and scripts use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import UsageError
from planner.model import Options

if TYPE_CHECKING:
    import networkx as nx

    from planner.change.plan import ChangeRequest
    from planner.cycles import CycleBreaking
    from planner.loaders.scan import ScanListener, ScanOptions
    from planner.model import Plan
    from planner.selection import TestAnalysis

__all__ = ["TestRequest", "make_plan", "plan_graph", "plan_source"]


@dataclass(frozen=True)
class TestRequest:
    """Which tests to place at the steps, and how (see ``docs/selection.md``).

    ``paths`` are what pytest collects; ``footprint`` is ``static`` or ``coverage``;
    ``cache`` the directory of measured footprints; ``doubles``: place them for a run that
    installs the plan's doubles.
    """

    __test__ = False  # not a pytest test class

    paths: tuple[str, ...]
    footprint: str = "static"
    cache: str | None = None
    doubles: bool = False


def plan_source(
    source: nx.DiGraph | str | Path,
    strategy: str = "bottom-up",
    options: Options | None = None,
    *,
    fmt: str | None = None,
    scan: ScanOptions | None = None,
    listener: ScanListener | None = None,
    tests: TestRequest | None = None,
    change: ChangeRequest | None = None,
) -> Plan:
    """Plan ``source`` with ``strategy`` and ``options``; with ``tests``, place them at the
    steps; with ``change``, plan only what the change can affect (see :func:`make_plan`)."""
    _check_tests(tests)  # before the graph is loaded or scanned: fail fast
    _check_change(change)
    return _plan_checked(source, strategy, options or Options(), fmt, scan, listener, tests, change)


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
    request = TestRequest(tuple(tests), footprint, footprint_cache, doubles) if tests else None
    _check_tests(request)  # before the graph is loaded or scanned: fail fast
    change = _change_request(changed_since, changed_files, global_files, tests)
    _check_change(change)
    options = Options.of(
        cycles=cycles,
        objective=objective,
        variant=variant,
        target_layer=target_layer,
        time_limit=time_limit,
        effort=effort,
    )
    return _plan_checked(source, strategy, options, fmt, scan, listener, request, change)


def _plan_checked(
    source: nx.DiGraph | str | Path,
    strategy: str,
    options: Options,
    fmt: str | None,
    scan: ScanOptions | None,
    listener: ScanListener | None,
    tests: TestRequest | None,
    change: ChangeRequest | None,
) -> Plan:
    from planner.usecases.graphs import as_graph

    graph = as_graph(source, fmt, scan, listener)
    analysis = _analyse(graph, tests)
    if change is not None:
        return _change_plan(graph, strategy, options, analysis, change, scan, tests)
    return _place_tests(plan_graph(graph, strategy, options), graph, analysis, tests)


def plan_graph(graph: nx.DiGraph, strategy: str, options: Options, *, breaking: CycleBreaking | None = None) -> Plan:
    """The plan of ``graph`` by ``strategy`` with ``options`` (checked when they were made; here,
    what depends on the strategy and the graph); ``breaking`` reuses cycles broken before (see
    ``compare``)."""
    from typing import Any

    from planner.base.gcpause import paused_gc
    from planner.cycles.objectives import check_objective_data
    from planner.strategies import get_strategy

    module = get_strategy(strategy)
    check_objective_data(graph, options.objective)
    extra: dict[str, Any] = {}
    for name, value in (("variant", options.variant), ("target_layer", options.target_layer)):
        if value is None:
            continue
        if name not in module.OPTIONS:
            raise UsageError(f"{{{name}}} does not apply to the {strategy} strategy", parameter=name)
        extra[name] = value
    with paused_gc():  # a pure computation: at 100,000 units the collector was half of it
        return module.plan(
            graph,
            cycles=options.cycles,
            objective=options.objective,
            time_limit=options.time_limit,
            effort=options.effort,
            breaking=breaking,
            **extra,
        )


def _check_tests(tests: TestRequest | None) -> None:
    if tests is not None:
        from planner.selection.collect import check_paths

        check_paths(tests.paths)


def _change_request(
    since: str | None, files: Sequence[str] | None, global_files: Sequence[str], tests: Sequence[str]
) -> ChangeRequest | None:
    """The change ``make_plan``'s keywords describe, or None if they describe none."""
    if since is not None and files is not None:
        raise UsageError(
            "give {changed_since} or {changed_files}, not both", parameter=("changed_since", "changed_files")
        )
    if since is None and files is None:
        if global_files:
            raise UsageError(
                "{global_files} goes with {changed_since} or {changed_files}",
                parameter=("global_files", "changed_since", "changed_files"),
            )
        return None
    from planner.change.plan import ChangeRequest

    return ChangeRequest(since, tuple(files or ()), tuple(global_files), tuple(tests))


def _check_change(change: ChangeRequest | None) -> None:
    if change is not None and change.since is not None:
        from planner.change.git import check_ref

        check_ref(change.since)


def _analyse(graph: nx.DiGraph, tests: TestRequest | None) -> TestAnalysis | None:
    if tests is None:
        return None
    from planner.selection import analyse_tests

    return analyse_tests(graph, tests.paths, footprint=tests.footprint, cache_dir=tests.cache)


def _place_tests(plan: Plan, graph: nx.DiGraph, analysis: TestAnalysis | None, tests: TestRequest | None) -> Plan:
    if analysis is None or tests is None:
        return plan
    from planner.selection import assign_tests

    return assign_tests(plan, graph, analysis, doubles=tests.doubles)


def _change_plan(
    graph: nx.DiGraph,
    strategy: str,
    options: Options,
    analysis: TestAnalysis | None,
    request: ChangeRequest,
    scan: ScanOptions | None,
    tests: TestRequest | None,
) -> Plan:
    """A plan of the units the change in ``request`` can affect (see :mod:`planner.change`)."""
    import tempfile
    from dataclasses import replace

    from planner.change.plan import empty_plan, scope_change
    from planner.selection import assign_tests
    from planner.strategies import graph_info

    footprints = None
    if analysis is not None:
        footprints = tuple(
            (t.node_id, t.path, analysis.analyses[t.node_id].footprint) for t in analysis.collection.tests
        )
    with tempfile.TemporaryDirectory(prefix="planner-change-") as tmp:
        scope = scope_change(
            graph, request, footprints, old_tree=tmp, old_graph=lambda tree: _old_graph(tree, graph, scan)
        )
    planned = graph if scope.everything else graph.subgraph(scope.planned).copy()
    plan = plan_graph(planned, strategy, options) if scope.planned else empty_plan(_recorded(strategy, options))
    plan = replace(plan, graph=graph_info(graph), notes=plan.notes + scope.notes)
    if analysis is not None and tests is not None:
        plan = assign_tests(plan, planned, analysis, keep=scope.keep, doubles=tests.doubles)
    return replace(plan, change=scope.change)


def _recorded(strategy: str, options: Options) -> dict[str, object]:
    """The options as ``empty_plan`` records them."""
    from dataclasses import asdict

    return {"strategy": strategy, **asdict(options)}


def _old_graph(tree: Path, graph: nx.DiGraph, scan: ScanOptions | None) -> nx.DiGraph | None:
    """The graph of ``tree`` (the scanned tree as it was at the base revision), shown as ``graph``'s root."""
    from planner.errors import SourceError
    from planner.loaders import python

    try:
        return python.load(tree, display=str(graph.graph["root"]), options=scan)
    except SourceError:
        return None
