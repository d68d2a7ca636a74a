"""Sandwich integration: top-down above a target layer, bottom-up below it.

Layers come from the DAG of the graph once its cycles are broken (or of its
strongly connected components, with ``cycles="cluster"``): layer 1 holds the
units that depend on nothing, and every other unit sits one layer above its
highest dependency. For a target layer *t*:

1. the units below *t* are integrated bottom-up (they need drivers);
2. the units above *t* are integrated top-down (they need stubs);
3. the units of layer *t* come last, where the two halves meet, each replacing
   the stubs and drivers that stood in for it.

The two halves do not depend on each other, so their steps share waves and CI
runs them side by side. A unit of layer *t* that an upper unit may not stub
(an unbreakable dependency) is integrated with the lower half instead.

By default the target layer is the one whose plan needs the fewest doubles
(specific stubs plus drivers), among the inner layers when there are at least
three (with *t* at the top or the bottom, a sandwich is just bottom-up or
top-down); the plan's notes say which layer was chosen and why.

References
----------
P. C. Jorgensen, *Software Testing: A Craftsman's Approach*, "sandwich
integration"; R. S. Pressman, *Software Engineering*, "sandwich testing".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.errors import UsageError
from planner.model import Options, Plan
from planner.strategies._blocks import Blocks, precedence_order, prepare_blocks
from planner.strategies._build import build_plan
from planner.strategies.top_down import check_variant, given_up_note

if TYPE_CHECKING:
    import networkx as nx

    from planner.cycles import CycleBreaking

__all__ = ["OPTIONS", "plan"]

OPTIONS: frozenset[str] = frozenset({"variant", "target_layer"})


def plan(
    graph: nx.DiGraph,
    *,
    cycles: str = "break",
    objective: str = "specific-stubs",
    time_limit: float | None = None,
    breaking: CycleBreaking | None = None,
    variant: str = "breadth-first",
    target_layer: int | None = None,
) -> Plan:
    """Plan ``graph`` as a sandwich around ``target_layer`` (chosen if ``None``).

    Examples
    --------
    >>> import networkx as nx
    >>> from planner.graph import normalize_graph
    >>> g = normalize_graph(nx.DiGraph([("ui", "logic"), ("logic", "db")]))
    >>> [step.units[0] for step in plan(g, target_layer=2).steps]
    ['db', 'ui', 'logic']
    """
    check_variant(variant)
    blocks = prepare_blocks(graph, cycles=cycles, objective=objective, time_limit=time_limit, breaking=breaking)
    level = blocks.levels_from_bottom()
    layers = max(level, default=0)
    if target_layer is not None and not 1 <= target_layer <= layers:
        raise UsageError(f"--target-layer must be between 1 and {layers}: this graph has {layers} layers")

    def make(t: int, notes: tuple[str, ...] = ()) -> Plan:
        order, given_up = _order(blocks, level, t, variant)
        names = blocks.graph.names
        return build_plan(
            graph,
            [[names[i] for i in blocks.members[b]] for b in order],
            strategy="sandwich",
            options=Options(cycles=cycles, objective=objective, variant=variant, target_layer=t, time_limit=time_limit),
            components=blocks.components,
            notes=notes + blocks.notes + given_up_note(blocks, given_up),
        )

    if target_layer is not None:
        return make(target_layer, (f"target layer {target_layer} of {layers}, as asked",))

    candidates = range(2, layers) if layers >= 3 else range(1, layers + 1)
    plans = {t: make(t) for t in candidates}
    best = min(plans, key=lambda t: (plans[t].metrics.doubles, plans[t].metrics.specific_stubs, t))
    chosen = plans[best].metrics
    others = ", ".join(f"layer {t}: {p.metrics.doubles}" for t, p in plans.items() if t != best)
    why = (
        f"target layer {best} of {layers} chosen: it needs the fewest doubles "
        f"({chosen.specific_stubs} stubs + {chosen.drivers} drivers = {chosen.doubles})"
    )
    if others:
        why += f"; other layers: {others}"
    return make(best, (why,))


def _order(blocks: Blocks, level: list[int], t: int, variant: str) -> tuple[list[int], list[tuple[int, int]]]:
    below = {b for b, lvl in enumerate(level) if lvl < t}
    above = {b for b, lvl in enumerate(level) if lvl > t}
    target = {b for b, lvl in enumerate(level) if lvl == t}
    # A target unit that an upper unit may not stub joins the lower half.
    early = {c for b, c in blocks.hard if b in above and c in target}
    lower, _ = precedence_order(blocks, below | early, variant="breadth-first", top_down=False)
    upper, given_up = precedence_order(blocks, above, variant=variant, top_down=True)
    return lower + upper + sorted(target - early), given_up
