"""How long cycle breaking may search: a deterministic work budget, or a wall-clock deadline.

A plan must not depend on how busy the machine was, so by default the search is
bounded by *work* (:class:`WorkBudget`): each place that used to look at the clock
charges what it did since (edges walked, simplex iterations and branch-and-bound
nodes of the MILP solver) and stops when the budget is spent. The same input then
stops at the same point on any machine, under any load, and gives the same plan.
A wall-clock limit (:class:`Deadline`, ``--time-limit``) stays available for users
who prefer a bounded wait to a reproducible answer; plans made with it say so.
"""

from __future__ import annotations

import math
import time
from typing import Any, Protocol

from planner.cycles.options import DEFAULT_EFFORT

__all__ = ["Clock", "Deadline", "WorkBudget", "clock_for"]

ITERATION_WORK = 100
"""Work units charged per simplex iteration of the solver."""

NODE_WORK = 2_000
"""Work units charged per branch-and-bound node of the solver."""


class Clock(Protocol):
    """What the search asks of its limit."""

    def expired(self, work: int = 1) -> bool:
        """Charge ``work`` units done since the last call; whether the search must stop."""
        ...

    def share(self, fraction: float) -> Clock:
        """A limit of ``fraction`` of what is left (its work also counts against this one)."""
        ...

    def limit_solver(self, highs: Any, *, mip: bool) -> None:
        """Set the solver's limits for its next run to what is left."""
        ...

    def charge_solver(self, highs: Any) -> None:
        """Charge the work of the solver's last run."""
        ...


class WorkBudget:
    """A deterministic budget of work units (see the module's docstring)."""

    def __init__(self, units: float, parent: WorkBudget | None = None) -> None:
        self.left = float(units)
        self._parent = parent

    def _spend(self, work: float) -> None:
        self.left -= work
        if self._parent is not None:
            self._parent._spend(work)

    def expired(self, work: int = 1) -> bool:
        self._spend(work)
        return self.left <= 0 or (self._parent is not None and self._parent.left <= 0)

    def share(self, fraction: float) -> WorkBudget:
        return WorkBudget(max(0.0, self.left) * fraction, parent=self)

    def limit_solver(self, highs: Any, *, mip: bool) -> None:
        left = max(0.0, self.left)
        highs.setOptionValue("time_limit", math.inf)
        if mip:
            highs.setOptionValue("mip_max_nodes", max(1, int(left // NODE_WORK)))
        else:
            highs.setOptionValue("simplex_iteration_limit", max(1, int(left // ITERATION_WORK)))

    def charge_solver(self, highs: Any) -> None:
        info = highs.getInfo()
        iterations = max(0, int(info.simplex_iteration_count))
        nodes = max(0, int(info.mip_node_count))
        self._spend(iterations * ITERATION_WORK + nodes * NODE_WORK)


class Deadline:
    """A wall-clock deadline (``time.monotonic()`` seconds): the answer depends on the machine's speed."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline

    def expired(self, work: int = 1) -> bool:
        return time.monotonic() > self.deadline

    def share(self, fraction: float) -> Deadline:
        now = time.monotonic()
        return Deadline(now + max(0.0, self.deadline - now) * fraction)

    def limit_solver(self, highs: Any, *, mip: bool) -> None:
        highs.setOptionValue("time_limit", max(self.deadline - time.monotonic(), 0.001))
        highs.setOptionValue("mip_max_nodes", 2**31 - 1)
        highs.setOptionValue("simplex_iteration_limit", 2**31 - 1)

    def charge_solver(self, highs: Any) -> None:
        return None


def clock_for(*, time_limit: float | None, effort: int | None, default_effort: int = DEFAULT_EFFORT) -> Clock:
    """The limit of one call: ``time_limit`` seconds of wall clock where given, else ``effort`` work units."""
    if time_limit is not None:
        return Deadline(time.monotonic() + time_limit)
    return WorkBudget(default_effort if effort is None else effort)
