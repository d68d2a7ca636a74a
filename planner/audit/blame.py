"""Which step a failing test stops the run at, and whether that step names the mutated unit.

:func:`names_unit` is the one place that decides "localised"; it reads the plan's steps and
their ``new_dependencies`` (issue 12's measure: the step integrates the unit, or a dependency
it exercises for the first time ends at it). Keep it small: what a failing step blames may
change (see ``planner.selection.summary``), and this is the function to switch then.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from planner.audit.model import Fate
from planner.model import Plan

__all__ = ["Blame", "blame", "names_unit"]


def _new_dependencies(plan: Plan, step: int) -> tuple[tuple[str, str], ...]:
    found = plan.selection.new_dependencies if plan.selection is not None else ()
    return found[step - 1] if 0 < step <= len(found) else ()


def names_unit(plan: Plan, step: int, unit: str) -> bool:
    """Whether step ``step`` of ``plan`` integrates ``unit`` or first exercises a dependency ending at it."""
    if unit in plan.steps[step - 1].units:
        return True
    return any(imported == unit for _, imported in _new_dependencies(plan, step))


Blame = tuple[Fate, int | None, tuple[str, ...], tuple[str, str] | None, str | None]
"""(fate, failing step, its units, the dependency it first exercises towards the unit, a failing test)."""


def blame(
    plan: Plan, unit: str, killers: Iterable[str], *, reaching: AbstractSet[str], step_of: dict[str, int]
) -> Blame:
    """The fate of a mutant of ``unit`` whose run made ``killers`` fail.

    ``step_of`` maps node ids to their steps; ``reaching``: the units that depend on
    ``unit``, directly or not, and ``unit`` itself (a dependency ``u -> w`` with ``w`` in
    it leads to the mutant). A failing test the plan does not know counts at the last step.
    """
    ordered = sorted(killers, key=lambda node: (step_of.get(node, len(plan.steps)), node))
    if not ordered:
        return ("survived", None, (), None, None)
    step = step_of.get(ordered[0], len(plan.steps))
    units = tuple(plan.steps[step - 1].units)
    if all("::" not in node for node in ordered):
        # only files failed, none of their tests ran: the mutant broke an import (planner run says
        # "a collection error ..., not an integration failure", naming the file)
        return ("collection", step, units, None, ordered[0])
    towards = sorted(edge for edge in _new_dependencies(plan, step) if edge[1] in reaching)
    dependency = towards[0] if towards else None
    if names_unit(plan, step, unit):
        return ("localised", step, units, dependency, ordered[0])
    own = next((s.index for s in plan.steps if unit in s.units), None)
    fate: Fate = "early" if own is not None and step < own else "late"
    return (fate, step, units, dependency, ordered[0])
