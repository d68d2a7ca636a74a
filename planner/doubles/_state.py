"""What every part of the doubles runtime shares: the step being run, and the errors.

The pytest plugin sets the step (:func:`planner.doubles.runtime.set_step`); every
loud failure of a stub names it.
"""

from __future__ import annotations

__all__ = ["NotConfigured", "StubError", "state", "where"]


class _State:
    __slots__ = ("step",)

    def __init__(self) -> None:
        self.step: int | None = None


state = _State()
"""The step of the plan being run (``None`` outside ``pytest --doubles``)."""


class StubError(Exception):
    """A stub was used in a way it cannot answer.

    An :class:`Exception`, so that pytest treats it as any failure of a test
    or of a fixture (a :class:`BaseException` raised in a fixture leaves
    pytest's fixture state broken for the tests after it). Code under test
    that catches ``Exception`` can swallow it: the call is still recorded, so
    ``mock(...).assert_called...`` shows it.
    """


class NotConfigured(StubError):
    """A stub callable was called with no ``return_value`` or ``side_effect`` set."""


# Shown where users meet them: the runtime that stubs and tests import.
StubError.__module__ = NotConfigured.__module__ = "planner.doubles.runtime"


def where(module: str) -> str:
    """``the stub of shop.db (in force at step 4)``."""
    step = f"in force at step {state.step}" if state.step is not None else "outside a planner step"
    return f"the stub of {module} ({step})"
