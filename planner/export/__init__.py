"""Export what planner proved to the tools that enforce architecture.

``contract(graph, tool)`` writes the layers of the graph once its cycles are
broken at least cost (:mod:`planner.export.layers`), and the broken
dependencies, as an import-linter ``layers`` contract
(:mod:`planner.export.import_linter`) or as tach's module configuration
(:mod:`planner.export.tach`). See ``docs/export.md``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from planner.export.import_linter import import_linter_toml
from planner.export.layers import Layering, layering
from planner.export.tach import tach_toml

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["TOOLS", "Layering", "Tool", "contract", "layering"]

Tool = Literal["import-linter", "tach"]
TOOLS: tuple[Tool, ...] = ("import-linter", "tach")


def contract(
    graph: nx.DiGraph,
    tool: Tool,
    *,
    objective: str = "specific-stubs",
    time_limit: float | None = None,
    effort: int | None = None,
    base: str | Path = ".",
) -> str:
    """The contract of ``graph`` for ``tool``, as TOML text.

    ``base`` is the directory the file will live in: tach's ``source_roots`` is
    written relative to it.
    """
    found = layering(graph, objective=objective, time_limit=time_limit, effort=effort)
    type_checking = any(
        "type-checking" in data.get("scopes", (data.get("scope"),)) for _, _, data in graph.edges(data=True)
    )
    if tool == "import-linter":
        return import_linter_toml(found, type_checking=type_checking)
    return tach_toml(found, source_root=_source_root(graph, found, Path(base)), type_checking=type_checking)


def _source_root(graph: nx.DiGraph, found: Layering, base: Path) -> str:
    """The directory holding the graph's top packages, relative to ``base`` (``.`` if unknown)."""
    root = graph.graph.get("root")
    if not root:
        return "."
    where = Path(str(root))
    tops = {unit.split(".")[0] for layer in found.layers for unit in layer}
    if tops == {where.name}:  # SOURCE is the package itself (src/pkg)
        where = where.parent
    relative = os.path.relpath(where.resolve(), base.resolve())
    return Path(relative).as_posix()
