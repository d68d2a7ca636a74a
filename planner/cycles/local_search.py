"""Local search over integration orders: move one unit to its best place, repeat.

A set of broken edges whose removal leaves the component acyclic defines an
order (dependencies first), and every order defines the edges it goes
against. The search takes each unit in turn, lifts it out of the order, and
puts it back at the position where the edges it goes against cost least,
within the window its unbreakable edges allow (after every unit it may not
stub, before every unit that may not stub it). Passes repeat until no move
improves the cost or time runs out.

This is the insertion ("sifting") neighbourhood used for feedback arc set and
linear ordering problems; evaluating every position of one unit costs time
proportional to its degree once the positions of its neighbours are sorted.

References
----------
R. Martí, G. Reinelt, *The Linear Ordering Problem: Exact and Heuristic
Methods in Combinatorial Optimization*, Springer 2011, ch. 2 (insertion
neighbourhoods); P. Eades, X. Lin, W. F. Smyth, "A fast and effective
heuristic for the feedback arc set problem", IPL 47(6), 1993.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from planner.cycles.clock import Clock
from planner.cycles.heuristic import restore_unneeded
from planner.cycles.instance import Edge, Instance, broken_by, order_of

__all__ = ["improve", "improve_order", "quick_order"]


def improve(inst: Instance, removed: Sequence[Edge], *, clock: Clock | None = None) -> list[Edge]:
    """Return edges to break that cost no more than ``removed`` and leave ``inst`` acyclic."""
    return improve_order(inst, order_of(inst.size, inst.succ, removed), clock=clock)


def improve_order(inst: Instance, order: Sequence[int], *, clock: Clock | None = None) -> list[Edge]:
    """Improve an order that keeps every unbreakable edge; return the (minimal) edges it breaks."""
    search = _Search(inst, list(order))
    search.run(clock)
    broken = broken_by(inst.succ, search.order)
    gone = set(broken)
    succ = {i: [j for j in inst.succ[i] if (i, j) not in gone] for i in range(inst.size)}
    return restore_unneeded(inst, succ, broken, clock=clock)


def quick_order(inst: Instance) -> list[int]:
    """An order (dependencies first) that keeps every unbreakable edge, in time linear in the graph.

    Units follow a depth-first finishing order, which most edges agree with
    (a unit finishes after everything it reaches first), held back only
    where an unbreakable edge says so. A poor order alone, but a good start
    for the local search on components too large for Briand's heuristic,
    whose every step recomputes the components.
    """
    rank = [0] * inst.size
    for k, v in enumerate(_finishing(inst.size, inst.succ)):
        rank[v] = k
    waiting = [0] * inst.size
    dependants: list[list[int]] = [[] for _ in range(inst.size)]
    for i, j in inst.hard:
        waiting[i] += 1
        dependants[j].append(i)
    ready = [(rank[v], v) for v in range(inst.size) if waiting[v] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        _, j = heapq.heappop(ready)
        order.append(j)
        for i in dependants[j]:
            waiting[i] -= 1
            if waiting[i] == 0:
                heapq.heappush(ready, (rank[i], i))
    if len(order) != inst.size:  # pragma: no cover - unbreakable edges alone close no cycle
        raise AssertionError("unbreakable edges close a cycle")
    return order


def _finishing(size: int, succ: Sequence[Sequence[int]]) -> list[int]:
    """Units in depth-first finishing order (iterative; successors in order)."""
    seen = [False] * size
    out: list[int] = []
    for root in range(size):
        if seen[root]:
            continue
        seen[root] = True
        stack = [(root, 0)]
        while stack:
            node, k = stack[-1]
            if k < len(succ[node]):
                stack[-1] = (node, k + 1)
                nxt = succ[node][k]
                if not seen[nxt]:
                    seen[nxt] = True
                    stack.append((nxt, 0))
            else:
                stack.pop()
                out.append(node)
    return out


class _Search:
    """The order, each unit's position, and how many broken edges each element has."""

    def __init__(self, inst: Instance, order: list[int]) -> None:
        self.inst = inst
        self.order = order
        self.pos = [0] * inst.size
        for k, node in enumerate(order):
            self.pos[node] = k
        self.pred: list[list[int]] = [[] for _ in range(inst.size)]
        for i in range(inst.size):
            for j in inst.succ[i]:
                self.pred[j].append(i)
        self.count = [0] * len(inst.element_cost)
        for i in range(inst.size):
            for j in inst.succ[i]:
                if (i, j) not in inst.hard and self.pos[i] < self.pos[j]:
                    self.count[inst.element_of[(i, j)]] += 1
        self.cost = 0.0  # of x's broken edges, as the sweep places x

    def run(self, clock: Clock | None) -> None:
        improved = True
        while improved:
            improved = False
            for x in range(self.inst.size):
                if clock is not None and clock.expired(self.inst.size):
                    return
                if self._move(x):
                    improved = True

    def _add(self, edge: Edge) -> None:
        k = self.inst.element_of[edge]
        if self.count[k] == 0:
            self.cost += self.inst.element_cost[k]
        self.count[k] += 1

    def _sub(self, edge: Edge) -> None:
        k = self.inst.element_of[edge]
        self.count[k] -= 1
        if self.count[k] == 0:
            self.cost -= self.inst.element_cost[k]

    def _broken_at(self, x: int, soft: list[tuple[int, int, bool]], slot: int) -> list[Edge]:
        """The breakable edges of x that go against the order with x at ``slot``."""
        return [(x, w) if out else (w, x) for idx, w, out in soft if (idx >= slot) == out]

    def _move(self, x: int) -> bool:
        """Move ``x`` to its cheapest slot; return whether that strictly lowered the cost.

        Slot ``s`` puts x just before the unit at index ``s`` of the order
        without x; x's edge to a neighbour goes against the order when x
        comes first and depends on it, or comes second and is depended on.
        """
        inst, pos = self.inst, self.pos
        old = pos[x]
        lo, hi = 0, inst.size - 1
        soft: list[tuple[int, int, bool]] = []  # (index without x, neighbour, x depends on it)
        for w in inst.succ[x]:
            idx = pos[w] - (pos[w] > old)
            if (x, w) in inst.hard:
                lo = max(lo, idx + 1)
            else:
                soft.append((idx, w, True))
        for w in self.pred[x]:
            idx = pos[w] - (pos[w] > old)
            if (w, x) in inst.hard:
                hi = min(hi, idx)
            else:
                soft.append((idx, w, False))
        if not soft or lo >= hi:
            return False
        soft.sort()
        for edge in self._broken_at(x, soft, old):
            self._sub(edge)
        # Sweep x from slot lo to slot hi, passing one neighbour index at a time.
        self.cost = 0.0
        for edge in self._broken_at(x, soft, lo):
            self._add(edge)
        best_slot, best_cost = lo, self.cost
        current = self.cost if old == lo else None
        state = lo  # the slot the counts describe
        k = 0
        while k < len(soft) and soft[k][0] < lo:
            k += 1
        while k < len(soft) and soft[k][0] < hi:
            idx = soft[k][0]
            if current is None and idx >= old:
                current = self.cost
            while k < len(soft) and soft[k][0] == idx:
                _, w, out = soft[k]
                if out:
                    self._sub((x, w))
                else:
                    self._add((w, x))
                k += 1
            state = idx + 1
            if self.cost < best_cost - 1e-12:
                best_slot, best_cost = idx + 1, self.cost
        if current is None:
            current = self.cost
        for edge in self._broken_at(x, soft, state):
            self._sub(edge)
        moved = best_cost < current - 1e-12
        slot = best_slot if moved else old
        if moved:
            order = self.order
            order.pop(old)
            order.insert(slot, x)
            for p in range(min(slot, old), max(slot, old) + 1):
                pos[order[p]] = p
        for edge in self._broken_at(x, soft, slot):
            self._add(edge)
        return moved
