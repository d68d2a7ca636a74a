"""The JSON that ``planner audit -f json`` writes, read back for the plan page: checked, as values.

An audit file is untrusted input: it may come from another plan, another machine, or a hand.
Each of its three schemas (``planner-audit/1``, ``planner-audit-interfaces/1``,
``planner-audit-history/1``) is read into frozen values here, and every key is checked on the
way: a wrong one raises :class:`~planner.errors.InputError` naming the file and the key
(``audit.json: mutants[3].step: expected an integer or null, found 'x'``).

An audit of another plan is refused. An audit records the digest of its plan
(``plan_sha256``, the SHA-256 of the plan's canonical JSON); where it does, it must be the
plan's. Audits written before that key existed are checked by their units: every unit a
localisation or interface audit names must be a unit of the plan, a localisation audit's step of
each unit must be the plan's, and each dependency of an interface audit must be one a driver of
the plan plays (checked with the digest too). A history audit names no unit (it replays commits
with plans made at each); without a digest only its form is checked.

The figures shown are computed here from the mutants themselves, not taken from the file's
summaries; the summaries must agree with them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from planner.errors import InputError
from planner.render.untrusted import Reader, join

if TYPE_CHECKING:
    from planner.model import Plan

__all__ = [
    "SCHEMAS",
    "Audit",
    "EdgeRow",
    "HistoryAudit",
    "HistoryCommit",
    "InterfaceAudit",
    "MutantsAudit",
    "UnitRow",
    "read_audit",
]

Fate = Literal["localised", "late", "early", "collection", "survived"]
_FATES: tuple[Fate, ...] = ("localised", "late", "early", "collection", "survived")
SCHEMAS = ("planner-audit/1", "planner-audit-interfaces/1", "planner-audit-history/1")


@dataclass(frozen=True)
class UnitRow:
    """A unit's mutants by fate: ``late`` and ``early`` hold the step each such mutant failed at first."""

    unit: str
    step: int
    mutants: int
    localised: int
    late: tuple[int, ...]
    early: tuple[int, ...]
    survived: int
    collection: int = 0
    """Mutants that broke the unit's import (only test files failed): left out of the share."""

    @property
    def killed(self) -> int:
        return self.mutants - self.survived

    @property
    def judged(self) -> int:
        """The killed mutants the share counts."""
        return self.killed - self.collection

    @property
    def blind_spot(self) -> bool:
        return self.mutants > 0 and self.survived == self.mutants


@dataclass(frozen=True)
class MutantsAudit:
    """A localisation audit (``planner-audit/1``): a row per unit, in the file's order."""

    source: str
    plan: str
    units: tuple[UnitRow, ...]
    planned: int
    complete: bool
    command: str

    @property
    def mutants(self) -> int:
        return sum(u.mutants for u in self.units)

    @property
    def killed(self) -> int:
        return sum(u.killed for u in self.units)

    @property
    def localised(self) -> int:
        return sum(u.localised for u in self.units)

    @property
    def judged(self) -> int:
        return sum(u.judged for u in self.units)


@dataclass(frozen=True)
class EdgeRow:
    """The interface mutants of a dependency ``caller -> unit``; ``missed``: those that change a
    binding and the caller's driver check did not catch, as ``target (operator) file:line``."""

    caller: str
    unit: str
    mutants: int
    binding: int
    caught: int
    missed: tuple[str, ...]


@dataclass(frozen=True)
class InterfaceAudit:
    """An interface audit (``planner-audit-interfaces/1``): a row per dependency, sorted, and
    the totals over the mutants (a mutant with two callers is in two rows, counted once here)."""

    source: str
    plan: str
    edges: tuple[EdgeRow, ...]
    mutants: int
    binding: int
    caught: int
    command: str


@dataclass(frozen=True)
class HistoryCommit:
    commit: str
    subject: str
    changed: tuple[str, ...]
    tests: int
    selected: int
    failing: tuple[str, ...]
    misses: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class HistoryAudit:
    """A history replay (``planner-audit-history/1``): each commit, and the tests it missed."""

    source: str
    plan: str
    commits: tuple[HistoryCommit, ...]
    command: str

    @property
    def misses(self) -> int:
        return sum(len(c.misses) for c in self.commits)


Audit = MutantsAudit | InterfaceAudit | HistoryAudit


def read_audit(text: str | bytes, *, path: str, plan: Plan, digest: str | None = None) -> Audit:
    """The audit in ``text`` (from file ``path``), checked against ``plan`` (whose digest is
    ``digest``, when known: an audit that records another one is refused)."""
    reader = Reader(path)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(f"not JSON ({getattr(exc, 'msg', exc)})", path=path, line=line) from None
    top = reader.obj(data, "")
    schema = top.get("schema")
    if schema not in SCHEMAS:
        raise reader.fail(
            "schema",
            f"{reader.found(schema) if 'schema' in top else 'missing'}: not an audit of planner audit -f json "
            f"(known: {', '.join(SCHEMAS)})",
        )
    if "plan_sha256" in top:
        recorded = reader.text(top, "", "plan_sha256")
        if digest is not None and recorded != digest:
            raise reader.fail(
                "plan_sha256",
                f"{recorded[:12]!r}... is not this plan's digest ({digest[:12]}...): "
                "this is an audit of another plan (refused; audit this plan again)",
            )
    if schema == SCHEMAS[0]:
        return _mutants(reader, top, plan)
    if schema == SCHEMAS[1]:
        return _interfaces(reader, top, plan)
    return _history(reader, top)


def _a(fate: str) -> str:
    return f"an {fate}" if fate == "early" else f"a {fate}"


def _plan_units(plan: Plan) -> dict[str, int]:
    return {unit: step.index for step in plan.steps for unit in step.units}


def _unit(reader: Reader, data: Mapping[str, object], key: str, name: str, units: Mapping[str, int]) -> str:
    unit = reader.text(data, key, name)
    if unit not in units:
        raise reader.fail(
            join(key, name), f"{unit!r} is not a unit of the plan: this is an audit of another plan (refused)"
        )
    return unit


def _mutants(reader: Reader, top: Mapping[str, object], plan: Plan) -> MutantsAudit:
    units = _plan_units(plan)
    last = len(plan.steps)
    fates: dict[str, list[tuple[str, int | None]]] = {}
    for k, item in enumerate(reader.items(top, "", "mutants")):
        key = f"mutants[{k}]"
        mutant = reader.obj(item, key)
        unit = _unit(reader, mutant, key, "unit", units)
        fate = reader.text(mutant, key, "fate")
        if fate not in _FATES:
            raise reader.fail(f"{key}.fate", f"{fate!r} is not one of {', '.join(_FATES)}")
        step = reader.integer(mutant, key, "step", null=True)
        if (step is None) != (fate == "survived") or (step is not None and not 1 <= step <= last):
            raise reader.fail(
                f"{key}.step", f"{step} does not fit {_a(fate)} mutant of a plan of {last} steps (another plan?)"
            )
        if (fate == "late" and step is not None and step <= units[unit]) or (
            fate == "early" and step is not None and step >= units[unit]
        ):
            raise reader.fail(
                f"{key}.step",
                f"{_a(fate)} mutant of {unit!r} (step {units[unit]} of the plan) cannot fail first at step {step} "
                "(another plan?)",
            )
        fates.setdefault(unit, []).append((fate, step))
    rows = []
    seen: set[str] = set()
    for k, item in enumerate(reader.items(top, "", "units")):
        key = f"units[{k}]"
        row = reader.obj(item, key)
        unit = _unit(reader, row, key, "unit", units)
        if unit in seen:
            raise reader.fail(f"{key}.unit", f"{unit!r} is listed twice")
        seen.add(unit)
        step = reader.count(row, key, "step")
        if step != units[unit]:
            raise reader.fail(
                f"{key}.step",
                f"{unit!r} is integrated at step {units[unit]} of the plan, not {step}: "
                "an audit of another plan (refused)",
            )
        mine = fates.get(unit, [])
        for name, expected in (
            ("mutants", len(mine)),
            ("killed", sum(1 for f, _ in mine if f != "survived")),
            ("localised", sum(1 for f, _ in mine if f == "localised")),
        ):
            if reader.count(row, key, name) != expected:
                raise reader.fail(f"{key}.{name}", f"does not agree with the mutants of {unit!r} ({expected})")
        rows.append(
            UnitRow(
                unit=unit,
                step=step,
                mutants=len(mine),
                localised=sum(1 for f, _ in mine if f == "localised"),
                late=tuple(sorted(s for f, s in mine if f == "late" and s is not None)),
                early=tuple(sorted(s for f, s in mine if f == "early" and s is not None)),
                survived=sum(1 for f, _ in mine if f == "survived"),
                collection=sum(1 for f, _ in mine if f == "collection"),
            )
        )
    unlisted = sorted(set(fates) - seen)
    if unlisted:
        raise reader.fail("units", f"{unlisted[0]!r} has mutants but no row")
    return MutantsAudit(
        source=reader.path,
        plan=reader.text(top, "", "plan"),
        units=tuple(rows),
        planned=reader.count(top, "", "planned"),
        complete=reader.flag(top, "", "complete"),
        command=reader.text(top, "", "command"),
    )


def _interfaces(reader: Reader, top: Mapping[str, object], plan: Plan) -> InterfaceAudit:
    units = _plan_units(plan)
    driven = {(caller, d.unit) for step in plan.steps for d in step.drivers for caller in d.for_}
    edges: dict[tuple[str, str], list[tuple[bool, bool, str]]] = {}
    totals = {"mutants": 0, "binding": 0, "caught": 0}
    for k, item in enumerate(reader.items(top, "", "mutants")):
        key = f"mutants[{k}]"
        mutant = reader.obj(item, key)
        unit = _unit(reader, mutant, key, "unit", units)
        callers = reader.texts(mutant, key, "callers")
        for j, caller in enumerate(callers):
            if caller not in units:
                raise reader.fail(
                    f"{key}.callers[{j}]",
                    f"{caller!r} is not a unit of the plan: this is an audit of another plan (refused)",
                )
        caught = reader.obj(reader.get(mutant, key, "caught"), f"{key}.caught")
        for caller, site in caught.items():
            if caller not in callers or not isinstance(site, str):
                raise reader.fail(f"{key}.caught", f"{caller!r} is not one of the mutant's callers with a call site")
        binding = reader.flag(mutant, key, "binding")
        line = reader.count(mutant, key, "line")
        where = (
            f"{reader.text(mutant, key, 'target')} ({reader.text(mutant, key, 'operator')}) "
            f"{reader.text(mutant, key, 'file')}:{line}"
        )
        totals["mutants"] += 1
        totals["binding"] += binding
        totals["caught"] += bool(caught)
        for caller in callers:
            if (caller, unit) not in driven:
                raise reader.fail(
                    f"{key}.callers",
                    f"no driver of the plan plays {caller} -> {unit}: this is an audit of another plan (refused)",
                )
            edges.setdefault((caller, unit), []).append((binding, caller in caught, where))
    rows = []
    for (caller, unit), mutants in sorted(edges.items()):
        rows.append(
            EdgeRow(
                caller=caller,
                unit=unit,
                mutants=len(mutants),
                binding=sum(1 for b, _, _ in mutants if b),
                caught=sum(1 for b, c, _ in mutants if b and c),
                missed=tuple(w for b, c, w in mutants if b and not c),
            )
        )
    recorded = reader.obj(reader.get(top, "", "totals"), "totals")
    for name, value in totals.items():
        if reader.count(recorded, "totals", name) != value:
            raise reader.fail(f"totals.{name}", f"does not agree with the mutants ({value})")
    return InterfaceAudit(
        source=reader.path,
        plan=reader.text(top, "", "plan"),
        edges=tuple(rows),
        command=reader.text(top, "", "command"),
        **totals,
    )


def _history(reader: Reader, top: Mapping[str, object]) -> HistoryAudit:
    commits = []
    for k, item in enumerate(reader.items(top, "", "commits")):
        key = f"commits[{k}]"
        commit = reader.obj(item, key)
        commits.append(
            HistoryCommit(
                commit=reader.text(commit, key, "commit"),
                subject=reader.text(commit, key, "subject"),
                changed=reader.texts(commit, key, "changed"),
                tests=reader.count(commit, key, "tests"),
                selected=reader.count(commit, key, "selected"),
                failing=reader.texts(commit, key, "failing"),
                misses=reader.texts(commit, key, "misses"),
                note=reader.text(commit, key, "note"),
            )
        )
    audit = HistoryAudit(
        source=reader.path,
        plan=reader.text(top, "", "plan"),
        commits=tuple(commits),
        command=reader.text(top, "", "command"),
    )
    if reader.count(top, "", "misses") != audit.misses:
        raise reader.fail("misses", f"does not agree with the commits' misses ({audit.misses})")
    return audit
