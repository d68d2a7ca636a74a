"""The scopes of an import statement: where it runs (a module of its own, without
dataclasses, so that ``planner scan`` on an unchanged tree can check its options cheaply)."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_FILE_SIZE", "DEFAULT_SCOPES", "GRIMP_SCOPES", "SCOPES", "SCOPE_STRENGTH"]

DEFAULT_MAX_FILE_SIZE = 10_000_000
"""Bytes: a source file larger than this (10 MB) is reported and not parsed, like one that cannot be
(kept here with the scopes: an option ``planner scan`` checks cheaply on an unchanged tree)."""

SCOPES: tuple[str, ...] = ("import-time", "guarded", "deferred", "string", "type-checking")
"""Where an import statement runs, strongest first.

``import-time``   module level, class body, module-level ``if``/``for``/``with``:
                  runs when the module is imported
``guarded``       in the body of a ``try`` whose handlers catch ``ImportError``
                  (or a parent of it): runs at import time, may fail softly
``deferred``      inside a function or method: runs when it is called
``string``        ``importlib.import_module("literal")`` / ``__import__("literal")``
``type-checking`` under ``if TYPE_CHECKING:``: never runs

An edge stated by several statements takes the strongest scope among them
(the order above), and lists all of them in ``scopes``.
"""

SCOPE_STRENGTH: dict[str, int] = {scope: rank for rank, scope in enumerate(SCOPES)}

DEFAULT_SCOPES: frozenset[str] = frozenset(SCOPES) - {"type-checking"}
"""What becomes a dependency by default: everything that runs."""

GRIMP_SCOPES: frozenset[str] = frozenset(SCOPES) - {"string"}
"""grimp's semantics: every ``import`` statement, wherever it is, and no string imports."""
