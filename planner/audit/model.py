"""The values an audit returns: each mutant's fate, and the summaries drawn from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["FATES", "AuditReport", "Fate", "MutantResult", "UnitSummary"]

Fate = Literal["localised", "late", "early", "collection", "survived"]
FATES: tuple[Fate, ...] = ("localised", "late", "early", "collection", "survived")
"""What became of a mutant of unit v: the first failing step names v (``localised``); it fails
at a step after the one integrating v, or before it, that does not name v (``late``, ``early``);
it breaks the import of v, so that only test files fail to collect (``collection``: ``planner
run`` reports a collection error, naming the file, not an integration failure, so it is left
out of the localisation share); no test fails (``survived``)."""


@dataclass(frozen=True)
class MutantResult:
    """One mutant of ``unit`` (its ``index``-th, written in ``file`` at ``line``) and its fate.

    ``step``: the first step holding a test the mutant makes fail (the step ``planner run``
    stops at), with the ``units`` it integrates and the ``dependency`` it exercises for the
    first time that leads to ``unit`` (importer, imported), where there is one; ``killer``:
    a failing test of that step; ``tests``: how many tests ran; ``timed_out``: the suite
    ran past its time limit (the test it was running counts as failing).
    """

    unit: str
    index: int
    file: str
    line: int
    operator: str
    digest: str
    fate: Fate
    tests: int
    step: int | None = None
    units: tuple[str, ...] = ()
    dependency: tuple[str, str] | None = None
    killer: str | None = None
    timed_out: bool = False

    @property
    def killed(self) -> bool:
        return self.fate != "survived"


@dataclass(frozen=True)
class UnitSummary:
    """A unit's mutants: how many, killed, localised, and the step integrating the unit."""

    unit: str
    step: int
    mutants: int
    killed: int
    localised: int
    collection: int = 0
    """Killed mutants that only broke the import of the unit (left out of its share)."""

    @property
    def judged(self) -> int:
        """The killed mutants whose localisation counts: all but those that broke an import."""
        return self.killed - self.collection

    @property
    def blind_spot(self) -> bool:
        """Mutants were run and no test kills any: an integration blind spot."""
        return self.mutants > 0 and self.killed == 0


@dataclass(frozen=True)
class AuditReport:
    """A localisation audit of a plan: every mutant run, in (unit, index) order.

    ``planned``: the mutants the request asked for (``len(results) < planned`` when the
    budget ran out: ``--resume`` continues); ``resumed``: the results read back from the
    state file; ``baseline_failing``: tests failing before any mutant (left out);
    ``selection``: ``footprint`` (the tests whose footprint can reach the unit) or ``all``;
    ``command``: the command line that reproduces the figures.
    """

    plan: str
    seed: int
    per_unit: int
    selection: Literal["footprint", "all"]
    workers: int
    tests: int
    baseline_failing: tuple[str, ...]
    results: tuple[MutantResult, ...]
    units: tuple[UnitSummary, ...]
    planned: int
    resumed: int
    seconds: float
    command: str
    plan_sha256: str = ""
    """The digest of the plan audited (:func:`planner.api.plan_digest`), so that the audit is
    shown beside that plan only."""

    @property
    def killed(self) -> int:
        return sum(1 for r in self.results if r.killed)

    @property
    def localised(self) -> int:
        return sum(1 for r in self.results if r.fate == "localised")

    @property
    def collection(self) -> int:
        """Mutants that broke the import of their unit: only test files failed to collect."""
        return sum(1 for r in self.results if r.fate == "collection")

    @property
    def judged(self) -> int:
        """The killed mutants the localisation share counts (all but :attr:`collection`)."""
        return self.killed - self.collection

    @property
    def complete(self) -> bool:
        return len(self.results) >= self.planned

    @property
    def blind_spots(self) -> tuple[str, ...]:
        return tuple(u.unit for u in self.units if u.blind_spot)
