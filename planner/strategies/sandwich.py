"""Sandwich integration: top-down above a target layer, bottom-up below it.

Layers come from the DAG of the graph once its cycles are broken (or of its
strongly connected components, with ``cycles="cluster"``): layer 1 holds the
units that depend on nothing, and every other unit sits one layer above its
highest dependency. For a target layer *t*:

1. the units below *t* are integrated bottom-up (they need drivers);
2. the units above *t* are integrated top-down (they need stubs);
3. the units of layer *t* come last, where the two halves meet, each replacing
   the stubs and drivers that stood in for it. Where *t* cuts a dependency cycle
   (some of its units at or below *t*, some above) and the top-down half would
   stub more in it than its optimal breaking costs, the cycle's upper units meet
   there too, dependencies first, so that the cycle costs exactly its optimum.

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

from dataclasses import replace
from typing import TYPE_CHECKING

from planner.base.wording import count, ranges
from planner.errors import UsageError
from planner.model import Options, Plan
from planner.strategies._blocks import Blocks, precedence_order, prepare_blocks
from planner.strategies._build import build_plan
from planner.strategies.top_down import given_up_note

if TYPE_CHECKING:
    import networkx as nx

    from planner.cycles import CycleBreaking
    from planner.cycles.options import Objective
    from planner.strategies import Cycles, Variant

__all__ = ["OPTIONS", "plan"]

OPTIONS: frozenset[str] = frozenset({"variant", "target_layer"})


def plan(
    graph: nx.DiGraph,
    *,
    cycles: Cycles = "break",
    objective: Objective = "specific-stubs",
    time_limit: float | None = None,
    effort: int | None = None,
    breaking: CycleBreaking | None = None,
    variant: Variant = "breadth-first",
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
    blocks = prepare_blocks(
        graph, cycles=cycles, objective=objective, time_limit=time_limit, effort=effort, breaking=breaking
    )
    level = blocks.levels_from_bottom()
    layers = max(level, default=0)
    if target_layer is not None and not 1 <= target_layer <= layers:
        raise UsageError(
            f"{{target_layer}} must be between 1 and {layers}: this graph has {layers} layers", parameter="target_layer"
        )

    def build(t: int, notes: tuple[str, ...], *, meet: bool) -> Plan:
        order, given_up = _order(blocks, level, t, variant, meet=meet)
        names = blocks.graph.names
        return build_plan(
            graph,
            [[names[i] for i in blocks.members[b]] for b in order],
            strategy="sandwich",
            options=Options(
                cycles=cycles,
                objective=objective,
                variant=variant,
                target_layer=t,
                time_limit=time_limit,
                effort=effort,
            ),
            components=blocks.components,
            notes=notes + blocks.notes + given_up_note(blocks, given_up),
        )

    def make(t: int, notes: tuple[str, ...] = ()) -> Plan:
        plain = build(t, notes, meet=False)
        if not cuts_a_cycle(blocks, level, t) or not _costs_more(plain, blocks):
            return plain
        return build(t, notes, meet=True)

    if target_layer is not None:
        return make(target_layer, (f"target layer {target_layer} of {layers}, as asked",))

    candidates = range(2, layers) if layers >= 3 else range(1, layers + 1)
    counts = {} if blocks.hard else doubles_by_layer(blocks, level, variant, candidates)
    # The exact count above holds where the halves are plain bottom-up and top-down; a layer with
    # unbreakable edges is planned in full to be counted, and so is a layer that cuts a cycle
    # (whose upper units may meet at the end) while that costs little: above the budget, a
    # layer that cuts a cycle keeps its plain count (10,000 units: 30 full plans took 16 CPU s;
    # the budget is about 3).
    cut = _cut_layers(blocks, level) & set(counts)
    in_full = len(cut) * (graph.number_of_edges() + len(blocks)) <= FULL_COUNT_BUDGET
    for t in candidates:
        if t not in counts or (in_full and t in cut):
            metrics = make(t).metrics
            counts[t] = (metrics.specific_stubs, metrics.drivers)
    best = min(counts, key=lambda t: (sum(counts[t]), counts[t][0], t))
    chosen = make(best)
    stubs, drivers = chosen.metrics.specific_stubs, chosen.metrics.drivers
    others = ", ".join(f"layer {t}: {sum(c)}" for t, c in counts.items() if t != best)
    why = (
        f"target layer {best} of {layers} chosen: it needs the fewest doubles "
        f"({count(stubs, 'stub')} + {count(drivers, 'driver')} = {stubs + drivers})"
    )
    if others:
        why += f"; other layers: {others}"
    if cut and not in_full:
        why += (
            f" (layers {ranges(sorted(cut))} cut a dependency cycle: counted with plain halves, without "
            "the cycle's upper units meeting at the end; plan one with --target-layer to count it exactly)"
        )
    return replace(chosen, notes=(why, *chosen.notes))


FULL_COUNT_BUDGET = 300_000
"""How much work (layers that cut a cycle × (edges + blocks)) the choice of the target layer
may spend planning such layers in full; the same graph always gives the same choice."""


def _cut_layers(blocks: Blocks, level: list[int]) -> set[int]:
    """The target layers that cut a dependency cycle: between its lowest and its highest layer."""
    if blocks.cycle_of is None:
        return set()
    low: dict[int, int] = {}
    high: dict[int, int] = {}
    for b, cycle in enumerate(blocks.cycle_of):
        if cycle >= 0:
            low[cycle] = min(low.get(cycle, level[b]), level[b])
            high[cycle] = max(high.get(cycle, level[b]), level[b])
    return {t for cycle, lo in low.items() for t in range(lo, high[cycle])}


def _costs_more(plan: Plan, blocks: Blocks) -> bool:
    """Whether the plan stubs, in some cycle, more than that cycle's breaking costs."""
    return any(
        ordered.cost > chosen.cost + 1e-9
        for ordered, chosen in zip(plan.components, blocks.components, strict=True)
        if chosen.method != "cluster"
    )


def _order(
    blocks: Blocks, level: list[int], t: int, variant: Variant, *, meet: bool
) -> tuple[list[int], list[tuple[int, int]]]:
    below = {b for b, lvl in enumerate(level) if lvl < t}
    target = {b for b, lvl in enumerate(level) if lvl == t}
    last = target | (_cut(blocks, level, t) if meet else set())
    above = {b for b, lvl in enumerate(level) if lvl > t} - last
    # A target unit that an upper unit may not stub joins the lower half.
    early = {c for b, c in blocks.hard if b in above and c in target}
    lower, _ = precedence_order(blocks, below | early, variant="breadth-first", top_down=False)
    upper, given_up = precedence_order(blocks, above, variant=variant, top_down=True)
    together, _ = precedence_order(blocks, last - early, variant="breadth-first", top_down=False)
    return lower + upper + together, given_up


def _cut(blocks: Blocks, level: list[int], t: int) -> set[int]:
    """The upper units of the dependency cycles that the target layer cuts, and what must join them.

    Inside a cycle only an order that puts dependencies first stubs exactly the proven-optimal
    breaking; the upper half goes top-down, so the units of a cycle that also has units at or
    below the target layer meet it at the end, dependencies first, with the target layer. An
    upper unit that may not stub one of them (an unbreakable dependency) joins them too.
    """
    if blocks.cycle_of is None:
        return set()
    low: set[int] = set()
    high: dict[int, list[int]] = {}
    for b, cycle in enumerate(blocks.cycle_of):
        if cycle >= 0:
            if level[b] <= t:
                low.add(cycle)
            else:
                high.setdefault(cycle, []).append(b)
    moved = {b for cycle in sorted(low & high.keys()) for b in high[cycle]}
    if moved and blocks.hard:
        callers: dict[int, list[int]] = {}
        for b, c in blocks.hard:
            callers.setdefault(c, []).append(b)
        stack = sorted(moved)
        while stack:
            for b in callers.get(stack.pop(), ()):
                if level[b] <= t or b in moved:
                    continue
                # the caller, and the rest of its own cycle's upper units with it
                joining = high.get(blocks.cycle_of[b], [b]) if blocks.cycle_of[b] >= 0 else [b]
                for c in joining:
                    if c not in moved:
                        moved.add(c)
                        stack.append(c)
    return moved


def cuts_a_cycle(blocks: Blocks, level: list[int], t: int) -> bool:
    """Whether the target layer ``t`` cuts a dependency cycle (see :func:`_cut`)."""
    return bool(_cut(blocks, level, t))


def doubles_by_layer(
    blocks: Blocks, level: list[int], variant: Variant, candidates: range
) -> dict[int, tuple[int, int]]:
    """(specific stubs, drivers) of the sandwich around each candidate layer, exactly,
    for block graphs without unbreakable edges, in O(edges + layers).

    Without unbreakable edges the lower half is ordered as the whole graph is
    bottom-up, and the upper half as the whole graph is top-down (the callers of
    an upper unit are all upper), so whether a dependency needs a stub or a
    driver changes only where the target layer crosses the layers of its two
    ends: at most five intervals of target layers per dependency.
    """
    everything = range(len(blocks))
    bottom_up, _ = precedence_order(blocks, everything, variant="breadth-first", top_down=False)
    top_down, _ = precedence_order(blocks, everything, variant=variant, top_down=True)
    rank_bu = [0] * len(blocks)
    rank_td = [0] * len(blocks)
    for k, b in enumerate(bottom_up):
        rank_bu[b] = k
    for k, b in enumerate(top_down):
        rank_td[b] = k
    n = len(blocks)

    def position(b: int, t: int) -> int:
        # lower half, then upper half, then the target layer
        if level[b] < t:
            return rank_bu[b]
        if level[b] > t:
            return n + rank_td[b]
        return 2 * n + b

    first, last = candidates.start, candidates.stop - 1
    stubs = [0] * (last + 2)
    driven: list[list[tuple[int, int]]] = [[] for _ in range(len(blocks.graph))]  # per unit
    members = blocks.members
    block_of = {i: b for b, units in enumerate(members) for i in units}
    graph = blocks.graph
    for i, j in graph.edges:
        bu, bv = block_of[i], block_of[j]
        if bu == bv:
            continue
        a, c = sorted((level[bu], level[bv]))
        # Target layers where the ends' halves stay the same.
        spans = (
            [(first, a - 1), (a, a), (a + 1, c - 1), (c, c), (c + 1, last)]
            if a != c
            else [
                (first, a - 1),
                (a, a),
                (a + 1, last),
            ]
        )
        for lo, hi in spans:
            lo, hi = max(lo, first), min(hi, last)
            if lo > hi:
                continue
            if position(bu, lo) < position(bv, lo):
                stubs[lo] += 1
                stubs[hi + 1] -= 1
            else:
                driven[j].append((lo, hi))
    drivers = [0] * (last + 2)
    for spans in driven:
        if not spans:
            continue
        spans.sort()
        lo, hi = spans[0]
        for next_lo, next_hi in spans[1:]:
            if next_lo <= hi + 1:
                hi = max(hi, next_hi)
            else:
                drivers[lo] += 1
                drivers[hi + 1] -= 1
                lo, hi = next_lo, next_hi
        drivers[lo] += 1
        drivers[hi + 1] -= 1
    result = {}
    running_stubs = running_drivers = 0
    for t in range(first, last + 1):
        running_stubs += stubs[t]
        running_drivers += drivers[t]
        result[t] = (running_stubs, running_drivers)
    return result
