"""Frozen values that flow out of planning: :class:`Plan` and its parts.

A plan integrates the units of a dependency graph in steps. For step *k* with
integrated set ``I_k`` (the units of steps 1..k):

* a **stub** for *v* is in force when some integrated *u* depends on *v*
  (``u -> v``) and *v* is not integrated yet; ``for_`` lists those *u*;
* a **driver** for *v* is in force when *v* is integrated and some dependant
  *u* of *v* is not; ``for_`` lists those *u*.

The JSON form of these values is the plan file (see :mod:`planner.planfile`
and ``docs/plan-file.md``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, cast, get_args

from planner.model.steps import Double, SpanSteps, Step, doubles_of
from planner.vocabulary import (
    Cycles,
    Objective,
    Variant,
    check_bounds,
    check_cycles,
    check_objective_name,
    check_variant,
)

__all__ = [
    "CHANGE_EFFECTS",
    "ChangeEffect",
    "SCHEMA",
    "SCHEMAS_READ",
    "TECHNIQUES",
    "Assignment",
    "BrokenEdge",
    "Change",
    "ChangedFile",
    "Comparison",
    "Component",
    "GraphInfo",
    "Metrics",
    "Options",
    "ParetoFront",
    "ParetoPoint",
    "Plan",
    "Selection",
    "StrategyResult",
]

SCHEMA = "planner-plan/2"
"""The plan-file schema this version writes."""

SCHEMAS_READ: tuple[str, ...] = ("planner-plan/1", "planner-plan/2")
"""The plan-file schemas this version reads."""


@dataclass(frozen=True)
class BrokenEdge:
    """A dependency ``importer -> imported`` the order goes against: it needs a stub."""

    importer: str
    imported: str
    kind: str
    cost: float


@dataclass(frozen=True)
class Component:
    """How one strongly connected component of the graph was made orderable."""

    units: tuple[str, ...]
    method: str
    """``cluster`` (integrated as one step) or the cycle-breaking method used."""
    broken: tuple[tuple[str, str], ...] = ()
    """The dependencies chosen to be stubbed so the component can be ordered."""
    cost: float = 0.0
    """The objective's value for ``broken``."""
    optimal: bool = False
    """Whether ``cost`` is proven to be the least possible."""
    lower_bound: float | None = None
    """A proven lower bound on the least cost, where one is known."""

    @property
    def gap(self) -> float | None:
        """How far ``cost`` may be above the optimum, relative to ``cost`` (0 when proven)."""
        if self.optimal:
            return 0.0
        if self.lower_bound is None or self.cost <= 0:
            return None
        return max(0.0, (self.cost - self.lower_bound) / self.cost)


@dataclass(frozen=True)
class Metrics:
    """Totals over a whole plan, as defined in ``docs/plan-file.md``."""

    steps: int
    waves: int
    specific_stubs: int
    generic_stubs: int
    drivers: int
    stub_complexity: float

    @property
    def doubles(self) -> int:
        """Specific stubs plus drivers: the test doubles someone has to write."""
        return self.specific_stubs + self.drivers


@dataclass(frozen=True)
class GraphInfo:
    """Where the planned graph came from, and its size."""

    source: str
    sha256: str
    units: int
    edges: int
    format: str = ""
    scan: tuple[tuple[str, bool | tuple[str, ...]], ...] = ()
    """For a scanned source tree: the scanner options that shaped the graph, where they
    are not the defaults (sorted pairs; see ``planner.loaders.scan.graph_options``)."""


@dataclass(frozen=True)
class Options:
    """The options of a plan (recorded in the plan file), checked when the value is made: an
    ``Options`` holds words of the closed vocabularies (:mod:`planner.vocabulary`) and bounds
    that make sense, or it is not made (a :class:`~planner.errors.UsageError`). What depends
    on the strategy or the graph (whether the strategy takes a variant, whether the graph
    carries the coupling an objective sums, the sandwich's layer range) is checked where the
    plan is made.
    """

    cycles: Cycles = "break"
    objective: Objective = "specific-stubs"
    variant: Variant | None = None
    target_layer: int | None = None
    time_limit: float | None = None
    """The seconds of wall-clock time cycle breaking was limited to (the plan may then differ
    from run to run), when given."""
    effort: int | None = None
    """The deterministic work budget of the exact solver, when not the default."""

    @classmethod
    def of(
        cls,
        *,
        cycles: str = "break",
        objective: str = "specific-stubs",
        variant: str | None = None,
        target_layer: int | None = None,
        time_limit: float | None = None,
        effort: int | None = None,
    ) -> Options:
        """The options given as strings (a flag, a keyword, JSON), checked (see the class)."""
        return cls(
            cast("Cycles", cycles),
            cast("Objective", objective),
            cast("Variant | None", variant),
            target_layer,
            time_limit,
            effort,
        )

    def __post_init__(self) -> None:
        # The one check of the vocabularies: values typed as words may still arrive as any
        # string at run time (``of``, or a caller without a type checker).
        check_objective_name(self.objective)
        if self.variant is not None:
            check_variant(self.variant)
        check_cycles(self.cycles)
        check_bounds(self.time_limit, self.effort)


TECHNIQUES: tuple[str, ...] = ("black-box", "white-box", "grey-box")
"""How a test exercises its units: through their public names only, through their
private names or internals only, or both (see ``docs/selection.md``)."""


@dataclass(frozen=True)
class Assignment:
    """One collected test: the step it runs at, the units it exercises and how.

    ``footprint``: the units the test exercises (sorted); ``indirect``: those of
    them it reaches only through other units (measured, not named by its code),
    which a stub may stand in for; ``method``: what made the footprint,
    ``static`` (the names the test's code uses) or ``coverage`` (measured);
    ``technique``: one of :data:`TECHNIQUES`;
    ``keywords``: the names pytest's ``-k`` matches on this test beyond those
    its node id spells (markers, parametrize ids, function attributes).
    """

    node_id: str
    step: int
    footprint: tuple[str, ...]
    method: str
    technique: str
    keywords: tuple[str, ...] = ()
    indirect: tuple[str, ...] = ()


@dataclass(frozen=True)
class Selection:
    """Every test pytest collected, assigned to the steps of a plan.

    ``rootdir``: pytest's rootdir (node ids are relative to it), as a POSIX
    path relative to the directory the plan was made in; ``args``: what was
    collected, relative to ``rootdir``; ``footprint``: the method asked for
    (``static`` or ``coverage``); ``tests``: every collected test once, in
    plan order (by step, then in pytest's collection order);
    ``new_dependencies[k]``: the dependencies step ``k + 1`` exercises for the
    first time (both ends integrated at step ``k + 1``, not before);
    ``doubles``: whether the tests were placed for a run that installs the
    plan's doubles (``planner run --doubles``), so that a stub in force counts
    for the units a test reaches through others.
    """

    rootdir: str
    args: tuple[str, ...]
    footprint: str
    tests: tuple[Assignment, ...]
    new_dependencies: tuple[tuple[tuple[str, str], ...], ...] = ()
    doubles: bool = False

    @property
    def unplaced(self) -> tuple[Assignment, ...]:
        """The tests that exercise no unit of the graph: a group of their own, run at the end."""
        return tuple(test for test in self.tests if not test.footprint)

    def of_step(self, index: int) -> tuple[Assignment, ...]:
        """The tests of step ``index``, in plan order."""
        return tuple(test for test in self.tests if test.step == index)


# --- issue 8: change-aware plans ---------------------------------------------------------------

ChangeEffect = Literal["unit", "gone", "tests", "everything", "ignored"]

CHANGE_EFFECTS: tuple[ChangeEffect, ...] = get_args(ChangeEffect)
"""What a changed file does to a change-aware plan (see ``docs/ci.md``): it is the file of a
unit (``unit``), the file of a unit of the base revision that is no longer one (``gone``: its
former dependants are affected), a test module (``tests``: its tests run), a file that can
affect everything (``everything``), or none of these (``ignored``)."""


@dataclass(frozen=True)
class ChangedFile:
    """One changed file, what it does to the plan (one of :data:`CHANGE_EFFECTS`) and why.

    ``path`` is POSIX, relative to the directory the plan was made in; ``units``
    the units it is the file of (for ``unit`` and ``gone``).
    """

    path: str
    effect: ChangeEffect
    reason: str
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """What a change-aware plan (``planner plan --changed-since REF``) was made from.

    ``since``: the revision given (``None`` for ``--changed-files``); ``base``: the
    commit compared with (the merge base of ``since`` and ``HEAD``); ``files``: every
    changed file and its effect; ``everything``: whether some file made the plan
    take every unit; ``units``: the units the plan steps through (unless
    ``everything``), each with why (``changed``, ``depends on X``, ...), in the order
    the reasons were found; the other units of the graph count as integrated from the start: real, trusted,
    neither stubbed nor stepped. ``unselected_tests``: collected tests left out
    because they exercise no unit of the plan (with ``--tests``).
    """

    since: str | None
    base: str | None
    files: tuple[ChangedFile, ...]
    everything: bool
    units: tuple[tuple[str, str], ...]
    unselected_tests: int = 0


@dataclass(frozen=True)
class Plan:
    """An integration order, with the doubles each step needs and its totals.

    ``steps`` is a sequence of :class:`Step`; for plans computed in this
    process it is lazy (the stubs and drivers in force at each step are derived
    on access, since on large graphs they add up to far more than the order
    itself), for plans read from a file it is a tuple. Both compare equal when
    their steps are equal.
    """

    strategy: str
    options: Options
    graph: GraphInfo
    steps: Sequence[Step]
    broken_edges: tuple[BrokenEdge, ...]
    metrics: Metrics
    components: tuple[Component, ...] = ()
    notes: tuple[str, ...] = ()
    selection: Selection | None = None
    """The tests of each step, with their footprints (``planner plan --tests``)."""
    change: Change | None = None
    """What a change-aware plan was made from (``planner plan --changed-since``)."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plan):
            return NotImplemented
        return (
            self.strategy == other.strategy
            and self.options == other.options
            and self.graph == other.graph
            and self.broken_edges == other.broken_edges
            and self.metrics == other.metrics
            and self.components == other.components
            and self.notes == other.notes
            and self.selection == other.selection
            and self.change == other.change
            and len(self.steps) == len(other.steps)
            and all(a == b for a, b in zip(self.steps, other.steps, strict=True))
        )

    __hash__ = None  # type: ignore[assignment]  # steps may be a lazy, unhashable sequence

    @property
    def assigns_tests(self) -> bool:
        """Whether the plan was made with tests (``planner plan --tests``) and so selects them."""
        return self.selection is not None or any(step.tests for step in self.steps)

    def step_of(self) -> dict[str, int]:
        """Map each unit to the index of the step that integrates it."""
        return {unit: step.index for step in self.steps for unit in step.units}

    @property
    def stubs(self) -> tuple[Double, ...]:
        """Each stub of the plan once, with the first and last step it is in force."""
        return doubles_of(self.steps, stubs=True)

    @property
    def drivers(self) -> tuple[Double, ...]:
        """Each driver of the plan once, with the first and last step it is in force."""
        return doubles_of(self.steps, stubs=False)

    def with_tests(self, tests: Sequence[Sequence[str]]) -> Plan:
        """Return this plan with ``tests[k]`` assigned to step ``k + 1``."""
        if len(tests) != len(self.steps):
            raise ValueError(f"{len(tests)} test lists for {len(self.steps)} steps")
        per_step = tuple(tuple(t) for t in tests)
        if isinstance(self.steps, SpanSteps):
            return replace(self, steps=self.steps.with_tests(per_step))
        return replace(self, steps=_StepsWithTests(self.steps, per_step))


@dataclass(frozen=True, eq=False)
class _StepsWithTests(Sequence[Step]):
    base: Sequence[Step]
    tests: tuple[tuple[str, ...], ...] = field(default=())

    def __len__(self) -> int:
        return len(self.base)

    def __iter__(self) -> Iterator[Step]:
        for step, tests in zip(self.base, self.tests, strict=True):
            yield replace(step, tests=tests)

    def __getitem__(self, index: int) -> Step:  # type: ignore[override]
        step = self.base[index]
        return replace(step, tests=self.tests[step.index - 1])


@dataclass(frozen=True)
class StrategyResult:
    """One row of a comparison: a strategy's plan, summed up."""

    strategy: str
    options: Options
    metrics: Metrics
    broken_edges: int
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``top-down (depth-first)``, ``sandwich (layer 3)``, ``bottom-up``, ..."""
        if self.options.target_layer is not None:
            return f"{self.strategy} (layer {self.options.target_layer})"
        if self.options.variant is not None:
            return f"{self.strategy} ({self.options.variant})"
        return self.strategy


@dataclass(frozen=True)
class Comparison:
    """Every strategy planned on the same graph with the same cycle handling."""

    graph: GraphInfo
    cycles: str
    objective: str
    results: tuple[StrategyResult, ...]


@dataclass(frozen=True)
class ParetoPoint:
    """One best trade-off between two cycle-breaking objectives.

    ``values`` holds the two objectives' values; ``broken`` the dependencies
    stubbed to reach them (``specific_stubs`` of them).
    """

    values: tuple[float, float]
    broken: tuple[tuple[str, str], ...]

    @property
    def specific_stubs(self) -> int:
        return len(self.broken)


@dataclass(frozen=True)
class ParetoFront:
    """Every Pareto-optimal way to break the cycles of a graph under two objectives.

    ``points`` go from the best first objective to the best second one.
    ``exact`` is false when the time limit cut the enumeration short (the
    points found are then not known to be all, nor all optimal).
    """

    graph: GraphInfo
    objectives: tuple[str, str]
    points: tuple[ParetoPoint, ...]
    exact: bool
    notes: tuple[str, ...] = ()
