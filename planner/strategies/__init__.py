"""Integration strategies, by registered name.

Each strategy is a module with a pure function ``plan(graph, **options) ->
Plan`` and an ``OPTIONS`` set naming the options it accepts besides
``cycles`` and ``objective``. The command line and the plan file refer to
strategies only by these names. Modules are imported on first use, so that
listing the names costs nothing.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from planner.errors import UsageError

__all__ = ["STRATEGIES", "VARIANTS", "get_strategy"]

_REGISTRY: dict[str, str] = {
    "top-down": "planner.strategies.top_down",
    "bottom-up": "planner.strategies.bottom_up",
    "sandwich": "planner.strategies.sandwich",
    "big-bang": "planner.strategies.big_bang",
}

STRATEGIES: tuple[str, ...] = tuple(_REGISTRY)
"""Registered strategy names."""

VARIANTS: tuple[str, ...] = ("breadth-first", "depth-first")
"""Variants of top-down (and of the upper part of a sandwich)."""


def get_strategy(name: str) -> ModuleType:
    """Return the module of strategy ``name``."""
    try:
        return importlib.import_module(_REGISTRY[name])
    except KeyError:
        raise UsageError(f"unknown strategy {name!r} (choose from {', '.join(STRATEGIES)})") from None
