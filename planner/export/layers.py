"""The layers of a graph and its proven cycle breaks, as an architecture contract states them.

The layers are the sandwich strategy's (:mod:`planner.strategies.sandwich`): the
graph's cycles are broken at least cost, and in the DAG that remains layer 1
holds the units that depend on nothing and every other unit sits one layer
above its highest dependency. Two units of one layer never depend on each
other, so a contract may declare them independent; every dependency points to
a lower layer except the broken ones, which the contract must tolerate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.cycles.objectives import check_objective
from planner.errors import UsageError
from planner.model import Component
from planner.strategies import break_graph_cycles

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Layering", "layering"]


@dataclass(frozen=True)
class Layering:
    """What an exported contract states: layers (top first), broken and kept dependencies."""

    layers: tuple[tuple[str, ...], ...]
    """The units of each layer, sorted, from the top layer (dependants) down to layer 1."""
    dependencies: tuple[tuple[str, str], ...]
    """Every dependency ``(importer, imported)`` of the graph, sorted."""
    broken: tuple[tuple[str, str], ...]
    """The dependencies cycle breaking stubs, sorted: each points upwards or within a layer."""
    imports: frozenset[tuple[str, str]]
    """The dependencies that are import statements a checker sees (not names in strings)."""
    components: tuple[Component, ...]
    """How each cycle was broken, and whether its breaking is proven optimal."""
    source: str

    @property
    def proven(self) -> bool:
        """Whether every cycle's breaking is proven optimal."""
        return all(component.optimal for component in self.components)

    def layer_of(self) -> dict[str, int]:
        """Each unit's layer number (1 = depends on nothing)."""
        top = len(self.layers)
        return {unit: top - k for k, units in enumerate(self.layers) for unit in units}


def layering(
    graph: nx.DiGraph,
    *,
    objective: str = "specific-stubs",
    time_limit: float | None = None,
    effort: int | None = None,
) -> Layering:
    """Break the cycles of ``graph`` (a Python module graph) and return its layers.

    Units must be dotted Python module names: a contract names modules.

    Examples
    --------
    >>> import networkx as nx
    >>> from planner.graph import normalize_graph
    >>> g = normalize_graph(nx.DiGraph([("app.ui", "app.db"), ("app.db", "app.ui"), ("app.ui", "app.log")]))
    >>> result = layering(g)
    >>> result.layers, result.broken
    ((('app.ui',), ('app.db', 'app.log')), (('app.db', 'app.ui'),))
    """
    for unit in sorted(graph.nodes):
        if not all(part.isidentifier() for part in str(unit).split(".")):
            raise UsageError(f"unit {unit!r} is not a dotted Python module name: only module graphs can be exported")
    from planner.strategies._blocks import prepare_blocks

    checked = check_objective(graph, objective)
    breaking = break_graph_cycles(graph, objective=checked, time_limit=time_limit, effort=effort)
    blocks = prepare_blocks(graph, objective=checked, breaking=breaking)
    names = blocks.graph.names
    level = blocks.levels_from_bottom()
    top = max(level, default=0)
    layers = tuple(tuple(names[b] for b in range(len(names)) if level[b] == k) for k in range(top, 0, -1))
    broken = tuple(sorted((names[i], names[j]) for i, j in breaking.removed))
    dependencies = tuple(sorted((str(u), str(v)) for u, v in graph.edges))
    imports = frozenset(
        (str(u), str(v))
        for u, v, data in graph.edges(data=True)
        if any(scope != "string" for scope in data.get("scopes", (data.get("scope", "import-time"),)))
    )
    return Layering(layers, dependencies, broken, imports, breaking.components, str(graph.graph.get("source", "")))
