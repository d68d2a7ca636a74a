"""Which tests run at which step of a plan, and running the steps (see ``docs/selection.md``).

The flow: :func:`~planner.selection.collect.collect` asks pytest (in a
subprocess, with the project's configuration) for the tests;
:func:`~planner.selection.static.analyse` gives each test its footprint and
technique from its code, and :func:`~planner.selection.measured.measure`
measures footprints under coverage.py when asked;
:func:`~planner.selection.assign.assign` puts each test in the first step that
covers its footprint. :func:`select_tests` does all of it.

The pytest side lives in :mod:`planner.plugin.pytest_step` (one step of a
plan, for the plugin) and :mod:`planner.plugin.harness` (what planner's
own pytest subprocesses report back).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import UsageError

if TYPE_CHECKING:
    # annotations only: the pytest side (the session, through step_table) imports this package first,
    # and the model's dataclasses cost every pytest process planner starts about 0.02 s
    import networkx as nx

    from planner.model import Plan
    from planner.selection.collected import Analysis, Collection

__all__ = ["FOOTPRINTS", "TestAnalysis", "analyse_tests", "assign_tests", "select_tests"]

FOOTPRINTS = ("static", "coverage")
"""How footprints are made: from the tests' code, or measured under coverage.py."""


@dataclass(frozen=True)
class TestAnalysis:
    """The tests pytest collected, with each one's footprint: what :func:`assign_tests` places.

    ``rootdir``: pytest's rootdir relative to the directory the plan is made
    in; ``args``: the collected paths relative to it; ``footprint``: the method.
    """

    collection: Collection
    analyses: dict[str, Analysis]
    rootdir: str
    args: tuple[str, ...]
    footprint: str

    __test__ = False  # a class named Test*: not a test class for pytest


def select_tests(
    plan: Plan,
    graph: nx.DiGraph,
    paths: Sequence[str],
    *,
    footprint: str = "static",
    cache_dir: str | None = None,
    cwd: str | os.PathLike[str] = ".",
    doubles: bool = False,
) -> Plan:
    """``plan`` with the tests pytest collects from ``paths`` assigned to its steps.

    ``footprint``: ``static`` (the default) or ``coverage`` (a measured run,
    cached in ``cache_dir`` by the content of the code). Paths are relative to
    ``cwd``, and so is the rootdir recorded in the plan.
    """
    tests = analyse_tests(graph, paths, footprint=footprint, cache_dir=cache_dir, cwd=cwd)
    return assign_tests(plan, graph, tests, doubles=doubles)


def analyse_tests(
    graph: nx.DiGraph,
    paths: Sequence[str],
    *,
    footprint: str = "static",
    cache_dir: str | None = None,
    cwd: str | os.PathLike[str] = ".",
) -> TestAnalysis:
    """Collect the tests of ``paths`` and give each its footprint in ``graph`` (see :func:`select_tests`)."""
    from planner.selection.collect import collect
    from planner.selection.static import analyse

    if footprint not in FOOTPRINTS:
        raise UsageError(f"unknown footprint method {footprint!r} (choose from {', '.join(FOOTPRINTS)})")
    if footprint == "coverage":
        from planner.selection.measured import _require_coverage

        _require_coverage()  # before the collection: fail fast
        root = graph.graph.get("root")
        if not isinstance(root, str) or not root:
            raise UsageError(
                "{footprint} coverage needs a graph scanned from a source tree (its files are measured)",
                parameter="footprint",
            )
    collection = collect(paths, cwd=cwd)
    rootdir = Path(collection.rootdir)
    args = []
    for path, shown in zip(collection.args, paths, strict=True):
        try:
            args.append(Path(path).relative_to(rootdir).as_posix() or ".")
        except ValueError:
            raise UsageError(f"tests path {shown} is outside pytest's rootdir {rootdir}") from None
    analyses = analyse(graph, collection, base=cwd)
    if footprint == "coverage":
        analyses = _measured(graph, collection, analyses, cwd=cwd, cache_dir=cache_dir)
    shown_root = Path(os.path.relpath(rootdir, Path(cwd).resolve())).as_posix()
    return TestAnalysis(collection, dict(analyses), shown_root, tuple(args), footprint)


def assign_tests(
    plan: Plan,
    graph: nx.DiGraph,
    tests: TestAnalysis,
    *,
    keep: AbstractSet[str] | None = None,
    doubles: bool = False,
) -> Plan:
    """``plan`` with the analysed ``tests`` (only those in ``keep``, if given) assigned to its steps.

    ``doubles``: place them for a run that installs the plan's doubles.

    ``graph`` holds the units the plan steps through; footprint units outside
    it count as integrated from the start (a change-aware plan).
    """
    from planner.selection.assign import assign

    collection = tests.collection
    if keep is not None:
        collection = replace(collection, tests=tuple(t for t in collection.tests if t.node_id in keep))
    return assign(
        plan,
        graph,
        collection,
        tests.analyses,
        rootdir=tests.rootdir,
        args=tests.args,
        footprint=tests.footprint,
        doubles=doubles,
    )


def _measured(
    graph: nx.DiGraph,
    collection: Collection,
    analyses: dict[str, Analysis],
    *,
    cwd: str | os.PathLike[str],
    cache_dir: str | None,
) -> dict[str, Analysis]:
    """Measured footprints, plus the units the test names (reading a module's constant executes
    none of its lines); a test whose call did not run keeps its static footprint."""
    from planner.selection.measured import files_to_units, measure
    from planner.selection.units import graph_units

    root = str(graph.graph["root"])
    measured = measure(collection, root, cwd=cwd, cache_dir=cache_dir)
    top = Path(cwd, root).resolve()
    source = top if top.is_dir() else top.parent
    by_path = graph_units(graph, base=cwd).by_path
    result = {}
    for node_id, analysis in analyses.items():
        files = measured.get(node_id)
        if files is None:
            result[node_id] = analysis
            continue
        executed = set(files_to_units(files, source, by_path))
        units = executed | set(analysis.footprint)
        indirect = tuple(sorted(executed - set(analysis.footprint)))
        result[node_id] = replace(analysis, footprint=tuple(sorted(units)), indirect=indirect, method="coverage")
    return result
