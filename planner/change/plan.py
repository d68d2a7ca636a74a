"""The scope of a change-aware plan: which units it steps through and which tests it runs.

:func:`scope_change` gathers the changed files (from git, or the user's
list), classifies them (:mod:`planner.change.classify`), reads the graph of
the base revision when a module may be gone, and adds the dependants
(:mod:`planner.change.affected`). The use case (:func:`planner.api.make_plan`)
then plans the subgraph of those units; every other unit counts as integrated
from the start: real, trusted, neither stubbed nor stepped. Nothing it cannot
see is affected: a unit that depends on no changed unit cannot see the change.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from planner.change.affected import affected_units
from planner.change.classify import DEFAULT_GLOBAL_FILES, Project, classify, within
from planner.change.git import GitChange, changed_since, extract_tree
from planner.change.scope import project_path, tests_to_run, tree_of, unit_files
from planner.errors import UsageError
from planner.model import Change, ChangedFile, Metrics, Options, Plan

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ChangeRequest", "ChangeScope", "empty_plan", "scope_change"]


@dataclass(frozen=True)
class ChangeRequest:
    """What the user asked: a revision (``since``) or a list of changed ``files``, extra
    ``global_files`` globs, and the ``test_paths`` given to ``--tests``."""

    since: str | None
    files: tuple[str, ...] = ()
    global_files: tuple[str, ...] = ()
    test_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeScope:
    """The answer: the :class:`~planner.model.Change` to record, the units to plan,
    the node ids to keep (``None`` without tests) and notes for the plan."""

    change: Change
    everything: bool
    planned: frozenset[str]
    keep: frozenset[str] | None
    notes: tuple[str, ...] = ()


def scope_change(
    graph: nx.DiGraph,
    request: ChangeRequest,
    tests: Sequence[tuple[str, str, Sequence[str]]] | None,
    *,
    old_tree: str | os.PathLike[str],
    old_graph: Callable[[Path], nx.DiGraph | None],
    cwd: str | os.PathLike[str] = ".",
) -> ChangeScope:
    """The scope of the change ``request`` describes, in ``graph`` (a scanned source tree).

    ``tests``: each collected test's node id, file and footprint (``None``
    without ``--tests``); ``old_tree``: an empty directory to extract the base
    revision's tree into, if a module may be gone; ``old_graph``: scans it.
    """
    tree = tree_of(graph, base=cwd)
    if tree is None:
        raise UsageError(
            "{changed_since} and {changed_files} need a Python source tree to plan (or a graph 'planner scan' "
            "wrote): a change is found through the files of the units",
            parameter=("changed_since", "changed_files"),
        )
    git: GitChange | None = None
    if request.since is not None:
        git = changed_since(request.since, cwd=cwd)
        paths, missing = git.paths, git.missing
    else:
        paths = tuple(project_path(p, base=cwd) for p in request.files)
        missing = frozenset(p for p in paths if within(p, tree) and not os.path.lexists(Path(cwd, p)))
    for glob in request.global_files:
        if not glob or any(ord(c) < 32 for c in glob):
            raise UsageError(f"{{global_files}} {glob!r}: not a glob", parameter="global_files")
    files = unit_files(graph, base=cwd)
    project = Project(
        tree=tree,
        unit_files=files,
        old_unit_files={} if git is not None else None,
        test_files=frozenset(project_path(path, base=cwd) for _, path, _ in tests or ()),
        test_paths=tuple(project_path(p, base=cwd) for p in request.test_paths),
        missing=missing,
        global_files=DEFAULT_GLOBAL_FILES + tuple((g, "named by --global-file") for g in request.global_files),
    )
    classified = classify(paths, project)
    old = None
    maybe_gone = [p for p in paths if p.endswith(".py") and within(p, tree) and p not in files]
    if git is not None and maybe_gone:
        where = extract_tree(git, Path(cwd, tree), old_tree)
        old = old_graph(where) if where is not None else None
        if old is not None:
            classified = classify(paths, replace(project, old_unit_files=unit_files(old, base=cwd)))
    return _scope(graph, request, git, classified, old, tests, cwd)


def _scope(
    graph: nx.DiGraph,
    request: ChangeRequest,
    git: GitChange | None,
    classified: tuple[ChangedFile, ...],
    old: nx.DiGraph | None,
    tests: Sequence[tuple[str, str, Sequence[str]]] | None,
    cwd: str | os.PathLike[str],
) -> ChangeScope:
    everything = any(f.effect == "everything" for f in classified)
    units: tuple[tuple[str, str], ...] = ()
    notes: list[str] = []
    planned = frozenset(str(u) for u in graph.nodes)
    if not everything:
        units = affected_units(graph, classified, old_graph=old)
        planned = frozenset(u for u, _ in units)
    keep = None
    unselected = 0
    if tests is not None:
        keep = frozenset(node_id for node_id, _, _ in tests)
        if not everything:
            changed_tests = frozenset(f.path for f in classified if f.effect == "tests")
            shown = [(node_id, project_path(path, base=cwd), footprint) for node_id, path, footprint in tests]
            keep, exercised = tests_to_run(shown, changed_tests, planned)
            if not planned and keep:
                # Tests changed and no unit did: step through the units they exercise, so they have a step.
                units = tuple((u, "exercised by a changed test") for u in exercised if u in graph)
                planned = frozenset(u for u, _ in units)
                if not planned:
                    everything = True
                    units = ()
                    planned = frozenset(str(u) for u in graph.nodes)
                    notes.append("the changed tests name no unit: every unit is planned, so that they have a step")
        unselected = len(tests) - len(keep)
    change = Change(
        since=request.since,
        base=git.base if git is not None else None,
        files=classified,
        everything=everything,
        units=units,
        unselected_tests=unselected,
    )
    if not planned:
        notes.append("the change affects no unit: there is nothing to integrate")
    return ChangeScope(change, everything, planned, keep, tuple(notes))


def empty_plan(options: dict[str, object]) -> Plan:
    """A plan with no step (the change affects no unit), made with ``options``."""
    from planner.model import GraphInfo

    variant = options.get("variant")
    layer = options.get("target_layer")
    return Plan(
        strategy=str(options["strategy"]),
        options=Options.of(
            cycles=str(options["cycles"]),
            objective=str(options["objective"]),
            variant=variant if isinstance(variant, str) else None,
            target_layer=layer if isinstance(layer, int) else None,
        ),
        graph=GraphInfo("", "", 0, 0),
        steps=(),
        broken_edges=(),
        metrics=Metrics(steps=0, waves=0, specific_stubs=0, generic_stubs=0, drivers=0, stub_complexity=0.0),
    )
