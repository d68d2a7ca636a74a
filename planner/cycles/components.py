"""One strongly connected component, split into the instances that get solved.

Single-objective solving (:mod:`planner.cycles.solve`) and Pareto fronts
(:mod:`planner.cycles.pareto`) treat a component the same way: number its units
from 0, set aside its unbreakable edges, break for free every edge that costs
nothing, split what is left into its strongly connected pieces (each solved on its
own: pieces do not interact), and at the end put back every broken edge that is
not needed after all (:func:`planner.cycles.heuristic.restore_unneeded`). This
module is that shared part; the two callers differ only in what an edge costs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from planner.cycles.heuristic import restore_unneeded
from planner.cycles.instance import Edge, Instance, make_instance
from planner.cycles.problem import CycleProblem
from planner.graph import strongly_connected_components

__all__ = ["Piece", "Split", "split_component"]

C = TypeVar("C")


@dataclass(frozen=True)
class Piece:
    """A strongly connected piece of a component: its ``nodes`` (numbered in the
    component) and the instance over them (numbered in the piece)."""

    nodes: list[int]
    instance: Instance

    def lift(self, edges: Iterable[Edge]) -> list[Edge]:
        """``edges`` of the piece's instance, numbered in the component."""
        nodes = self.nodes
        return [(nodes[a], nodes[b]) for a, b in edges]


@dataclass(frozen=True)
class Split(Generic[C]):
    """A component numbered from 0: ``succ`` its edges, ``costs`` the cost of each
    breakable one, ``free`` the edges broken at no cost, ``pieces`` what is left to solve."""

    component: Sequence[int]
    succ: list[list[int]]
    costs: dict[Edge, C]
    whole: Instance
    free: frozenset[Edge]
    pieces: tuple[Piece, ...]

    def restore(self, removed: list[Edge]) -> list[Edge]:
        """``removed`` (in the order given) without the edges that need not be broken after all."""
        gone = set(removed)
        succ = self.succ
        remaining = {i: [j for j in succ[i] if (i, j) not in gone] for i in range(len(succ))}
        return restore_unneeded(self.whole, remaining, removed)

    def lift(self, edges: Iterable[Edge]) -> list[Edge]:
        """``edges`` of the component, numbered in the problem."""
        component = self.component
        return [(component[i], component[j]) for i, j in edges]


def split_component(
    problem: CycleProblem,
    component: Sequence[int],
    cost: Callable[[int, int], C],
    *,
    weight: Callable[[C], float],
    free: Callable[[C], bool],
    generic: bool,
) -> Split[C]:
    """Split ``component`` (units of ``problem``) into the pieces to solve.

    ``cost(u, v)`` is what breaking the edge ``u -> v`` of the problem costs, ``weight``
    the single number the instances are built with, ``free`` whether a cost is no cost
    at all (such edges are broken up front, and the pieces are what stays strongly
    connected without them). ``generic``: the instances count stubbed units, not edges.
    """
    local = {v: i for i, v in enumerate(component)}
    size = len(component)
    succ = [[local[w] for w in problem.succ[v] if w in local] for v in component]
    hard = {(local[v], local[w]) for v, w in problem.unbreakable if v in local and w in local}
    costs = {(i, j): cost(component[i], component[j]) for i in range(size) for j in succ[i] if (i, j) not in hard}
    weights = {edge: weight(c) for edge, c in costs.items()}
    whole = make_instance(size, succ, hard, weights, generic=generic)
    broken = frozenset(edge for edge, c in costs.items() if free(c))
    rest = [[j for j in succ[i] if (i, j) not in broken] for i in range(size)]
    pieces = []
    for nodes in strongly_connected_components(range(size), rest):
        if len(nodes) < 2:
            continue
        at = {v: i for i, v in enumerate(nodes)}
        instance = make_instance(
            len(nodes),
            [[at[w] for w in rest[v] if w in at] for v in nodes],
            {(at[a], at[b]) for a, b in hard if a in at and b in at},
            {(at[a], at[b]): c for (a, b), c in weights.items() if a in at and b in at},
            generic=generic,
        )
        pieces.append(Piece(nodes, instance))
    return Split(component, succ, costs, whole, broken, tuple(pieces))
