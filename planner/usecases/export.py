"""The layers and proven cycle breaks of a graph as another tool's configuration."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import UsageError

if TYPE_CHECKING:
    import networkx as nx

    from planner.loaders.scan import ScanOptions

__all__ = ["export_contract"]


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
    from planner.usecases.graphs import as_graph

    for known in TOOLS:
        if tool == known:
            graph = as_graph(source, fmt, scan)
            return contract(graph, known, objective=objective, time_limit=time_limit, effort=effort, base=base)
    raise UsageError(f"unknown tool {tool!r} (choose from {', '.join(TOOLS)})")
