"""The covering MILP of cycle breaking, solved by HiGHS (through ``highspy``).

One binary variable per element (see :mod:`planner.cycles.instance`), the
objective's cost on each, and one row per known cycle: at least one of its
elements is broken. Rows are added as cycles are found; optional *budget*
rows (``sum w_k x_k <= b``) serve the Pareto front.

``highspy`` (and numpy, which it needs) are imported when a model is made, so
that planning an acyclic graph never pays for them; :func:`available` says
whether they are installed (the ``exact`` extra).

References
----------
Q. Huangfu, J. A. J. Hall, "Parallelizing the dual revised simplex method",
Math. Prog. Comp. 10, 2018 (HiGHS); the HiGHS MIP solver by L. Gottwald.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from planner.cycles.clock import Clock

__all__ = ["CoverModel", "Relaxation", "Run", "RunStatus", "available"]


def available() -> bool:
    """Whether the exact solver's dependency (``highspy``) can be imported."""
    try:
        import highspy  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class Relaxation:
    """The LP relaxation's optimum: its value and each element's fractional value."""

    value: float
    x: tuple[float, ...]


RunStatus = Literal["optimal", "infeasible", "stopped"]
"""How a HiGHS run ended: proven optimal, no solution at all, or stopped by its budget."""


@dataclass(frozen=True)
class Run:
    """What one HiGHS run returned.

    ``status`` is ``optimal``, ``infeasible`` or ``stopped`` (time limit);
    ``selection`` the elements set to 1 in the best solution found, if any;
    ``bound`` the proven lower bound on the model's optimum.
    """

    status: RunStatus
    selection: frozenset[int] | None
    value: float
    bound: float


class CoverModel:
    """min sum c_k x_k  s.t.  sum_{k in C} x_k >= 1 for each cycle C,  budgets,  x binary."""

    def __init__(self, costs: Sequence[float]) -> None:
        import highspy
        import numpy as np

        self._np = np
        self._inf = highspy.kHighsInf
        # highspy.Highs() logs a banner to standard output as it is made; the
        # bare _Highs (exported by highspy for this use) takes the option first.
        h: Any = highspy._Highs()  # type: ignore[attr-defined]  # exported in highspy.__all__, not in its stub
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.0)
        # Feasibility jump does not watch the time limit (it overran 0.3 s
        # budgets by 0.4 s in our measurements), and local search supplies
        # the solutions it would find.
        h.setOptionValue("mip_heuristic_run_feasibility_jump", False)
        n = len(costs)
        self._n = n
        h.addVars(n, np.zeros(n), np.ones(n))
        index = np.arange(n, dtype=np.int32)
        h.changeColsIntegrality(n, index, np.ones(n, dtype=np.uint8))
        self._h = h
        self.set_costs(costs)
        self._rows: set[frozenset[int]] = set()

    @property
    def rows(self) -> int:
        """How many cycle rows the model holds."""
        return len(self._rows)

    def set_costs(self, costs: Sequence[float]) -> None:
        np = self._np
        self._h.changeColsCost(self._n, np.arange(self._n, dtype=np.int32), np.asarray(costs, dtype=np.float64))

    def add_cycles(self, cycles: Iterable[frozenset[int]]) -> int:
        """Add a row for each cycle not already in the model; return how many were new."""
        np = self._np
        new = [c for c in dict.fromkeys(cycles) if c not in self._rows]
        if not new:
            return 0
        self._rows.update(new)
        starts: list[int] = []
        index: list[int] = []
        for cycle in new:
            starts.append(len(index))
            index.extend(sorted(cycle))
        m = len(new)
        self._h.addRows(
            m,
            np.ones(m),
            np.full(m, self._inf),
            len(index),
            np.asarray(starts, dtype=np.int32),
            np.asarray(index, dtype=np.int32),
            np.ones(len(index)),
        )
        return m

    def add_budget(self, weights: Sequence[float]) -> int:
        """Add the row ``sum weights_k x_k <= +inf`` (tighten it with :meth:`set_budget`); return its index."""
        np = self._np
        row = int(self._h.getNumRow())
        index = [k for k, w in enumerate(weights) if w]
        self._h.addRows(
            1,
            np.asarray([-self._inf]),
            np.asarray([self._inf]),
            len(index),
            np.zeros(1, dtype=np.int32),
            np.asarray(index, dtype=np.int32),
            np.asarray([weights[k] for k in index], dtype=np.float64),
        )
        return row

    def set_budget(self, row: int, upper: float) -> None:
        np = self._np
        self._h.changeRowsBounds(
            1, np.asarray([row], dtype=np.int32), np.asarray([-self._inf]), np.asarray([upper], dtype=np.float64)
        )

    def relax(self, clock: Clock) -> Relaxation | None:
        """Solve the LP relaxation (every ``x_k`` in [0, 1]); ``None`` if ``clock`` ran out first."""
        import highspy

        h = self._h
        clock.limit_solver(h, mip=False)
        h.setOptionValue("objective_bound", self._inf)
        h.setOptionValue("solve_relaxation", True)
        try:
            h.run()
            clock.charge_solver(h)
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return None
            return Relaxation(float(h.getInfo().objective_function_value), tuple(h.getSolution().col_value))
        finally:
            h.setOptionValue("solve_relaxation", False)

    def solve(self, clock: Clock, cutoff: float | None = None) -> Run:
        """Solve to a zero gap or until ``clock`` runs out.

        ``cutoff`` is the value of a known solution of the model: HiGHS may
        then prune every node that cannot reach it. (The cutoff is given as
        an objective bound rather than as a start solution: after
        ``setSolution`` this version of highspy hands back the start solution
        instead of the optimum it found.)
        """
        import highspy

        h = self._h
        # A solution left from an earlier run (an LP answer, or a MIP answer
        # that breaks a cycle row added since) would be taken as a MIP start,
        # and HiGHS spends up to the whole time limit again, outside its own
        # clock, trying to repair it.
        h.clearSolver()
        clock.limit_solver(h, mip=True)
        h.setOptionValue(
            "objective_bound", self._inf if cutoff is None else float(cutoff) + 1e-7 * max(1.0, abs(cutoff))
        )
        h.run()
        clock.charge_solver(h)
        status = h.getModelStatus()
        info = h.getInfo()
        if status == highspy.HighsModelStatus.kInfeasible:
            return Run("infeasible", None, float("inf"), float("inf"))
        selection = None
        value = float("inf")
        if info.primal_solution_status == 2:  # a feasible solution exists
            column = h.getSolution().col_value
            selection = frozenset(k for k in range(self._n) if column[k] > 0.5)
            value = float(info.objective_function_value)
        if status == highspy.HighsModelStatus.kOptimal:
            return Run("optimal", selection, value, value)
        bound = float(info.mip_dual_bound)
        return Run("stopped", selection, value, bound if math.isfinite(bound) else -math.inf)
