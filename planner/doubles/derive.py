"""Stubs derived from the real module at run time: its behaviour replaced, its data kept.

Where the real module of a stubbed unit can be imported, the pytest plugin
imports it (so whatever it computes at import time, constants, enums, named
tuples, class factories, decorators, platform branches, is exactly what it
is), and :func:`register` takes note of it. Once every import of the
collection is done, :func:`install` replaces the *behaviour* of each such
module:

- every public function it defines becomes a :func:`planner.doubles.runtime.function`
  double of the real one (``create_autospec``: the real signature by
  construction, calls checked and recorded, loud when unconfigured, a
  procedure annotated ``-> None`` returns ``None``);
- every public method, static method, class method and property of the
  classes it defines likewise (special methods, ``__init__`` among them, stay
  real, so its classes build real instances and its data stays real);
- the names its importers took with ``from module import f`` are rebound to
  the doubles, in every module imported so far.

Until then the real functions answer, so that code run while importing (a
decorator, ``CACHE = LRUCache(50)``) gets real values. A module first
imported after :func:`install` is doubled at once. Construction is replaced
only where asked: :func:`constructor` (what ``configure("pkg.mod.Cls",
return_value=...)`` uses) routes ``Cls(...)`` through a mock that builds the
real instance unless it is configured. :func:`uninstall` puts everything back.
"""

from __future__ import annotations

import inspect
import sys
import types
from collections.abc import Callable, Iterable
from typing import Any
from unittest import mock as _mock

__all__ = ["constructor", "derived", "install", "register", "reset", "uninstall"]

_MODULES: dict[str, types.ModuleType] = {}
_UNDO: list[tuple[Any, str, Any, bool]] = []
_INSTALLED: list[bool] = [False]
_CONSTRUCTORS: dict[type, Any] = {}
_SKIP_MODULES = ("planner.doubles", "unittest.mock", "_pytest", "pytest", "pluggy")


class _BuildForReal(Exception):
    """Raised by an unconfigured constructor double: the class builds the real instance."""


def derived(name: str) -> bool:
    """Whether module ``name`` is a stub derived from the real module."""
    return name in _MODULES


def register(module: types.ModuleType, *, origin: str) -> None:
    """Note that ``module`` (the real module, just imported) stands as its own stub."""
    module.__planner_stub__ = origin  # type: ignore[attr-defined]
    module.__planner_derived__ = True  # type: ignore[attr-defined]
    _MODULES[module.__name__] = module
    if _INSTALLED[0]:
        _install((module,))


def install() -> None:
    """Replace the behaviour of every registered module, and rebind its importers' names."""
    _INSTALLED[0] = True
    _install(tuple(_MODULES.values()))


def uninstall() -> None:
    """Put every real function, method, constructor and importer's name back."""
    while _UNDO:
        owner, name, value, existed = _UNDO.pop()
        if existed:
            setattr(owner, name, value)
        else:
            delattr(owner, name)
    _MODULES.clear()
    _CONSTRUCTORS.clear()
    _INSTALLED[0] = False


def _install(modules: Iterable[types.ModuleType]) -> None:
    from planner.doubles.runtime import function

    doubles: dict[int, tuple[Any, Any]] = {}
    for module in modules:
        name = module.__name__
        for attr, value in list(vars(module).items()):
            if attr.startswith("_") or getattr(value, "__module__", None) != name:
                continue
            if inspect.isfunction(value):
                double = function(value)
                doubles[id(value)] = (value, double)
                _set(module, attr, double)
            elif isinstance(value, type) and value.__qualname__ == attr:
                _double_methods(value, function)
    if doubles:
        _rebind(doubles)


def _double_methods(cls: type, function: Callable[..., Any]) -> None:
    for key, raw in list(vars(cls).items()):
        if key.startswith("_"):
            continue
        replacement: Any = None
        if isinstance(raw, staticmethod | classmethod) and inspect.isfunction(raw.__func__):
            replacement = type(raw)(function(raw.__func__))
        elif inspect.isfunction(raw):
            replacement = function(raw)
        elif type(raw) is property and inspect.isfunction(raw.fget):
            replacement = property(function(raw.fget), raw.fset, raw.fdel, raw.__doc__)
        if replacement is not None:
            try:
                _set(cls, key, replacement)
            except (AttributeError, TypeError):  # a class that refuses new attributes keeps its own
                continue


def _set(owner: Any, name: str, value: Any) -> None:
    existed = name in vars(owner)
    old = vars(owner).get(name)
    setattr(owner, name, value)
    _UNDO.append((owner, name, old, existed))


def _rebind(doubles: dict[int, tuple[Any, Any]]) -> None:
    """Every module-level name bound to a real function now doubled is bound to its double."""
    for modname, module in list(sys.modules.items()):
        if modname.startswith(_SKIP_MODULES) or modname in _MODULES:
            continue
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict):
            continue
        for attr, value in list(namespace.items()):
            found = doubles.get(id(value))
            if found is not None and found[0] is value:
                _set(module, attr, found[1])


def constructor(cls: type) -> Any:
    """The mock through which ``cls(...)`` goes from now on (made at the first call).

    Unconfigured, the mock records the call and the class builds the real
    instance; with a ``return_value`` or ``side_effect`` it answers instead.
    """
    if cls in _CONSTRUCTORS:
        return _CONSTRUCTORS[cls]
    try:
        signature = inspect.signature(cls)
    except (TypeError, ValueError):
        signature = inspect.Signature(
            [
                inspect.Parameter("args", inspect.Parameter.VAR_POSITIONAL),
                inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD),
            ]
        )

    def construct(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("replaced by its mock")  # pragma: no cover

    construct.__signature__ = signature  # type: ignore[attr-defined]
    construct.__name__ = cls.__name__
    construct.__qualname__ = cls.__qualname__
    construct.__module__ = cls.__module__
    construct.__annotations__ = {}
    ctor: Any = _mock.create_autospec(construct)
    ctor.__planner_procedure__ = False
    ctor.__planner_real_build__ = _real_build
    unconfigure(ctor)
    real_new: Any = cls.__new__

    def __new__(klass: type, *args: Any, **kwargs: Any) -> Any:
        if klass is cls:
            try:
                return ctor(*args, **kwargs)
            except _BuildForReal:
                pass
        if real_new is object.__new__:  # it takes no arguments but the class
            return object.__new__(klass)
        return real_new(klass, *args, **kwargs)

    _set(cls, "__new__", staticmethod(__new__))
    _CONSTRUCTORS[cls] = ctor
    return ctor


def _real_build(*args: Any, **kwargs: Any) -> Any:
    raise _BuildForReal


def unconfigure(ctor: Any) -> None:
    """A constructor double forgets its configuration: the class builds real instances again."""
    ctor.return_value = _mock.DEFAULT
    ctor.side_effect = _real_build


def reset() -> None:
    """Every constructor double forgets its configuration and calls (after each test)."""
    for ctor in _CONSTRUCTORS.values():
        ctor.reset_mock()
        unconfigure(ctor)
