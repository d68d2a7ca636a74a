"""Where the units and tests of a plan live, as project paths, and which tests a change runs.

Project paths are POSIX, relative to the directory the plan is made in (the
*project*), normalized without resolving links: the same form
:func:`planner.change.classify.classify` judges changed files in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING

from planner.change.classify import normalize

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["project_path", "tests_to_run", "tree_of", "unit_files"]


def project_path(path: str | os.PathLike[str], *, base: str | os.PathLike[str] = ".") -> str:
    """``path`` (absolute, or relative to ``base``) as a project path."""
    text = os.fspath(path)
    if os.path.isabs(text):
        text = os.path.relpath(text, os.path.abspath(base))
    return normalize(Path(text).as_posix())


def tree_of(graph: nx.DiGraph, *, base: str | os.PathLike[str] = ".") -> str | None:
    """The scanned tree of ``graph`` (its ``root`` attribute) as a project path, or None (not scanned)."""
    root = graph.graph.get("root")
    return project_path(root, base=base) if isinstance(root, str) and root else None


def unit_files(graph: nx.DiGraph, *, base: str | os.PathLike[str] = ".") -> dict[str, str]:
    """Each unit's file (node attribute ``path`` under the graph's ``root``), as a project path."""
    tree = tree_of(graph, base=base)
    if tree is None:
        return {}
    single = tree.endswith(".py")
    files = {}
    for unit, data in graph.nodes(data=True):
        path = data.get("path")
        if isinstance(path, str) and path and data.get("kind") != "external":
            files[tree if single else normalize(f"{tree}/{path}")] = str(unit)
    return files


def tests_to_run(
    tests: Iterable[tuple[str, str, Sequence[str]]], changed_tests: AbstractSet[str], planned: AbstractSet[str]
) -> tuple[frozenset[str], tuple[str, ...]]:
    """The node ids a change runs, and the units its changed tests exercise.

    ``tests``: each test's node id, file (a project path) and footprint. A test
    runs if its footprint holds a planned unit, or its file changed; a test that
    names no unit runs only if its file changed (nothing says what it needs).
    """
    keep = set()
    exercised: set[str] = set()
    for node_id, path, footprint in tests:
        if path in changed_tests:
            keep.add(node_id)
            exercised.update(footprint)
        elif any(unit in planned for unit in footprint):
            keep.add(node_id)
    return frozenset(keep), tuple(sorted(exercised))
