"""The closed vocabularies of a plan's options, as types, and their checks: one answer each.

A string from a user (a flag, ``[tool.planner]``, a keyword) becomes a :data:`Cycles`,
:data:`Variant` or :data:`Objective` here and nowhere else; :class:`planner.model.Options`
checks its values with these functions when it is made, so an ``Options`` value is a
checked one, and below it the types say so. Importable at no cost (the command line's
``--help`` lists the names).

>>> check_cycles("cluster")
'cluster'
>>> check_variant("sideways")
Traceback (most recent call last):
...
planner.errors.UsageError: unknown variant 'sideways' (choose from breadth-first, depth-first)
"""

from __future__ import annotations

from typing import Literal, TypeGuard, get_args

from planner.errors import UsageError

__all__ = [
    "CYCLE_MODES",
    "OBJECTIVES",
    "VARIANTS",
    "Cycles",
    "Objective",
    "Variant",
    "check_bounds",
    "check_cycles",
    "check_objective_name",
    "check_variant",
]

Cycles = Literal["break", "cluster"]
"""How a strategy handles cycles: break them (stub the cheapest dependencies) or cluster each into one step."""

CYCLE_MODES: tuple[Cycles, ...] = get_args(Cycles)

Variant = Literal["breadth-first", "depth-first"]
"""Variants of top-down (and of the upper part of a sandwich)."""

VARIANTS: tuple[Variant, ...] = get_args(Variant)

Objective = Literal["specific-stubs", "generic-stubs", "complexity", "attributes", "methods"]
"""An objective of cycle breaking, as a type: a value of it has been checked (the coupling
objectives also need the graph's data: :func:`planner.cycles.objectives.check_objective`)."""

OBJECTIVES: tuple[Objective, ...] = get_args(Objective)
"""What cycle breaking minimises: the number of broken dependencies, the number of
distinct stubbed units, or the sum over broken dependencies of their stub
complexity (``weight``), attribute coupling or method coupling."""


def check_cycles(cycles: str) -> Cycles:
    """``cycles``, checked against :data:`CYCLE_MODES`."""
    if not _is_cycles(cycles):
        raise UsageError(f"unknown cycle handling {cycles!r} (choose from {', '.join(CYCLE_MODES)})")
    return cycles


def check_variant(variant: str) -> Variant:
    """``variant``, checked against :data:`VARIANTS`."""
    if not _is_variant(variant):
        raise UsageError(f"unknown variant {variant!r} (choose from {', '.join(VARIANTS)})")
    return variant


def check_objective_name(objective: str) -> Objective:
    """``objective``, checked against :data:`OBJECTIVES`."""
    if not _is_objective(objective):
        raise UsageError(f"unknown objective {objective!r} (choose from {', '.join(OBJECTIVES)})")
    return objective


def check_bounds(time_limit: float | None, effort: int | None, *, what: str = "cycle breaking") -> None:
    """The bounds of a search (``what``): a positive ``time_limit`` (seconds) or ``effort`` (work units), not both."""
    if time_limit is not None and not time_limit > 0:
        raise UsageError(
            f"{{time_limit}} must be a positive number of seconds, got {time_limit:g}", parameter="time_limit"
        )
    if effort is not None and not effort > 0:
        raise UsageError(f"{{effort}} must be a positive number of work units, got {effort}", parameter="effort")
    if time_limit is not None and effort is not None:
        raise UsageError(
            f"{{time_limit}} and {{effort}} are two ways to bound {what}: give one", parameter=("time_limit", "effort")
        )


def _is_cycles(value: str) -> TypeGuard[Cycles]:
    return value in CYCLE_MODES


def _is_variant(value: str) -> TypeGuard[Variant]:
    return value in VARIANTS


def _is_objective(value: str) -> TypeGuard[Objective]:
    return value in OBJECTIVES
