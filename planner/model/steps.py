"""Steps, and the stubs and drivers in force at each, kept as spans of steps.

For every dependency ``u -> v`` integrated at steps ``s(u)`` and ``s(v)``:

* ``s(u) < s(v)``: a stub for ``v`` serves ``u`` from step ``s(u)`` to ``s(v) - 1``;
* ``s(v) < s(u)``: a driver for ``v`` plays ``u`` from step ``s(v)`` to ``s(u) - 1``.

A plan holds these spans once each (a :class:`Double` groups the dependants of one
unit whose span is the same), so it grows with the graph; the doubles in force at a
step (``Step.stubs``, ``Step.drivers``) are derived from them when a step's are looked
at. Listing them for every step instead grows with steps times doubles in force
(Django: 49 MB of plan file; 100,000 units: billions of entries).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import overload

__all__ = [
    "Double",
    "Driver",
    "InForce",
    "SpanSteps",
    "Step",
    "Stub",
    "doubles_of",
    "in_force_counts",
]

# (first step, last step, dependant, unit, names) of one specific stub or driver
Span = tuple[int, int, str, str, tuple[str, ...]]


@dataclass(frozen=True)
class Stub:
    """A not-yet-integrated ``unit`` faked for the integrated units in ``for_``."""

    unit: str
    for_: tuple[str, ...]
    names: tuple[str, ...] = ()
    """The names the dependants take from ``unit`` (what the stub must provide)."""


@dataclass(frozen=True)
class Driver:
    """An integrated ``unit`` exercised in place of its missing callers ``for_``."""

    unit: str
    for_: tuple[str, ...]
    names: tuple[str, ...] = ()
    """The names the missing callers take from ``unit`` (what the driver must call)."""


@dataclass(frozen=True)
class Step:
    """One increment of integration: ``units`` join the integrated set.

    ``stubs`` and ``drivers`` are the doubles in force during the step; in a plan
    they are derived from the plan's spans when first looked at.
    """

    index: int
    wave: int
    units: tuple[str, ...]
    stubs: Sequence[Stub] = ()
    drivers: Sequence[Driver] = ()
    tests: tuple[str, ...] = ()


@dataclass(frozen=True)
class Double:
    """A stub or driver of ``unit``, for the units ``for_``, in force from step ``first`` to ``last``.

    ``names``: the names those units take from ``unit``. A stub's ``for_`` are the
    dependants integrated at ``first`` (``unit`` is integrated at ``last + 1``); a
    driver's are the dependants integrated at ``last + 1`` (``unit`` at ``first``).
    """

    unit: str
    for_: tuple[str, ...]
    names: tuple[str, ...]
    first: int
    last: int


class InForce(Sequence[Stub | Driver]):
    """The stubs (or drivers) in force at one step, worked out from the spans on first access."""

    __slots__ = ("_items", "_kind", "_source", "_step")

    def __init__(self, source: SpanSteps, step: int, kind: type[Stub] | type[Driver]) -> None:
        self._source = source
        self._step = step
        self._kind = kind
        self._items: tuple[Stub | Driver, ...] | None = None

    def _get(self) -> tuple[Stub | Driver, ...]:
        if self._items is None:
            spans = self._source.spans(stubs=self._kind is Stub)
            active: dict[str, dict[str, tuple[str, ...]]] = {}
            for first, last, u, v, names in spans:
                if first <= self._step <= last:
                    active.setdefault(v, {})[u] = names
            self._items = tuple(
                self._kind(v, tuple(sorted(us)), _union(us.values())) for v, us in sorted(active.items())
            )
        return self._items

    def __len__(self) -> int:
        return len(self._get())

    @overload
    def __getitem__(self, index: int) -> Stub | Driver: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Stub | Driver]: ...
    def __getitem__(self, index: int | slice) -> Stub | Driver | Sequence[Stub | Driver]:
        return self._get()[index]

    def __iter__(self) -> Iterator[Stub | Driver]:
        return iter(self._get())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(self._get())

    def __repr__(self) -> str:
        return repr(self._get())


class SpanSteps(Sequence[Step]):
    """The steps of a plan, with the doubles in force kept as spans (see the module's docstring)."""

    __slots__ = ("_drivers", "_stubs", "_tests", "_units", "_waves")

    def __init__(
        self,
        units: tuple[tuple[str, ...], ...],
        waves: tuple[int, ...],
        stubs: tuple[Span, ...],
        drivers: tuple[Span, ...],
        tests: tuple[tuple[str, ...], ...] | None = None,
    ) -> None:
        self._units = units
        self._waves = waves
        self._stubs = stubs
        self._drivers = drivers
        self._tests = tests

    def spans(self, *, stubs: bool) -> tuple[Span, ...]:
        """The specific stubs' (or drivers') spans: ``(first, last, dependant, unit, names)``."""
        return self._stubs if stubs else self._drivers

    def with_tests(self, tests: tuple[tuple[str, ...], ...]) -> SpanSteps:
        """These steps with ``tests[k]`` run at step ``k + 1``."""
        return SpanSteps(self._units, self._waves, self._stubs, self._drivers, tests)

    def __len__(self) -> int:
        return len(self._units)

    @overload
    def __getitem__(self, index: int) -> Step: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Step]: ...
    def __getitem__(self, index: int | slice) -> Step | Sequence[Step]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        k = range(len(self))[index] + 1
        return Step(
            index=k,
            wave=self._waves[k - 1],
            units=self._units[k - 1],
            stubs=InForce(self, k, Stub),  # type: ignore[arg-type]  # an InForce of Stub holds Stubs only
            drivers=InForce(self, k, Driver),  # type: ignore[arg-type]
            tests=self._tests[k - 1] if self._tests is not None else (),
        )

    def __iter__(self) -> Iterator[Step]:
        for k in range(len(self)):
            yield self[k]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} steps>"


def doubles_of(steps: Sequence[Step], *, stubs: bool) -> tuple[Double, ...]:
    """Each stub (or driver) of the plan once, with the steps it is in force, sorted.

    The dependants of one unit that share a span are one :class:`Double`. For steps
    kept as spans this is linear in the graph; for steps that list their doubles
    (a ``planner-plan/1`` file), each maximal run of steps in which a dependant is
    served makes its span, and a double's names are those listed at every step of
    its span.
    """
    if isinstance(steps, SpanSteps):
        spans = sorted(steps.spans(stubs=stubs), key=itemgetter(3, 0, 1, 2))
        result = []
        k, n = 0, len(spans)
        while k < n:
            first, last, u, v, names = spans[k]
            k += 1
            if k == n or spans[k][3] != v or spans[k][0] != first or spans[k][1] != last:
                # most doubles serve one dependant: its names as they are, if already in order
                ordered = names if list(names) == sorted(set(names)) else tuple(sorted(set(names)))
                result.append(Double(v, (u,), ordered, first, last))
                continue
            users, taken = [u], set(names)
            while k < n and spans[k][3] == v and spans[k][0] == first and spans[k][1] == last:
                users.append(spans[k][2])
                taken.update(spans[k][4])
                k += 1
            result.append(Double(v, tuple(users), tuple(sorted(taken)), first, last))
        return tuple(result)
    open_runs: dict[tuple[str, str], tuple[int, set[str]]] = {}
    runs: dict[tuple[str, int, int], tuple[set[str], set[str]]] = {}

    def close(key: tuple[str, str], last: int) -> None:
        first, names = open_runs.pop(key)
        users, taken = runs.setdefault((key[1], first, last), (set(), set()))
        users.add(key[0])
        taken.update(names)

    previous = 0
    for step in steps:
        current: dict[tuple[str, str], tuple[str, ...]] = {}
        for double in step.stubs if stubs else step.drivers:
            for u in double.for_:
                current[u, double.unit] = double.names
        for key in [key for key in open_runs if key not in current]:
            close(key, previous)
        for key, names in current.items():
            if key in open_runs:
                open_runs[key][1].intersection_update(names)
            else:
                open_runs[key] = (step.index, set(names))
        previous = step.index
    for key in list(open_runs):
        close(key, previous)
    return tuple(
        Double(v, tuple(sorted(users)), tuple(sorted(taken)), first, last)
        for (v, first, last), (users, taken) in sorted(runs.items())
    )


def spans_of(doubles: Iterable[Double]) -> tuple[Span, ...]:
    """The specific spans of ``doubles``: one per dependant, with the double's names."""
    return tuple((d.first, d.last, u, d.unit, d.names) for d in doubles for u in d.for_)


def in_force_counts(doubles: Sequence[Double], steps: int) -> list[tuple[int, tuple[str, ...], tuple[str, ...]]]:
    """Per step: how many units are stubbed (or driven), those newly so, and all of them when few.

    Linear in steps plus doubles: the summary a table shows instead of every double in
    force at every step. The third item lists the units in force when they are at most
    four, else it is empty.
    """
    starts: list[list[Double]] = [[] for _ in range(steps + 2)]
    for double in doubles:
        if 1 <= double.first <= steps:
            starts[double.first].append(double)
    ends: list[list[str]] = [[] for _ in range(steps + 2)]
    active: dict[str, int] = {}
    result = []
    for k in range(1, steps + 1):
        new = set()
        for double in starts[k]:
            if double.unit not in active:
                new.add(double.unit)
            active[double.unit] = active.get(double.unit, 0) + 1
            ends[min(double.last, steps)].append(double.unit)
        shown = tuple(sorted(active)) if len(active) <= 4 else ()
        result.append((len(active), tuple(sorted(new)), shown))
        for unit in ends[k]:
            active[unit] -= 1
            if not active[unit]:
                del active[unit]
    return result


def _union(groups: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    result: set[str] = set()
    for names in groups:
        result.update(names)
    return tuple(sorted(result))
