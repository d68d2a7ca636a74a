"""Stand-ins: what a stub names but cannot mirror.

- :func:`reference` / :func:`module_reference`: an object or module of another
  module (the stub never imports it); annotations and defaults that name it read
  as the real ones do (``click.core.Context``), and using it fails loudly;
- :func:`base`: a stand-in base class that classes can still derive from;
- :func:`source`: a value the stub cannot compute without running the real code,
  whose ``repr`` is its source text; :func:`missing`: a name dependants use
  that the source does not define. Using either fails loudly.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from typing import Any

from planner.doubles._state import StubError, where

__all__ = ["base", "missing", "module_reference", "reference", "source", "source_factory"]


class _ReferenceMeta(type):
    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        raise StubError(
            f"{cls.__module__}.{cls.__qualname__} was called, but {where(cls.__planner_in__)} only names it "
            "(in an annotation, a default or a base); it is not part of this stub"
        )

    def __getitem__(cls, item: Any) -> Any:
        # ``Literal["left", "right"]``, ``LookupDict[int]`` in an annotation or an alias: the
        # stand-in itself, which reads as the real name and stays loud when used.
        return cls

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise StubError(
            f"{cls.__module__}.{cls.__qualname__}.{name} was read, but {where(cls.__planner_in__)} only names "
            f"{cls.__qualname__}; it is not part of this stub"
        )


def reference(module: str, qualname: str, *, within: str = "", base: type = object) -> Any:
    """A stand-in class for ``module.qualname``, an object another module defines.

    Annotations and defaults that name it render as the real ones do
    (``click.core.Context``); using it fails loudly. ``base`` makes it an
    exception class where the real one is (for ``except`` clauses).
    """
    name = qualname.rpartition(".")[2]
    namespace = {"__module__": module, "__qualname__": qualname, "__planner_in__": within or module}
    if base is object:
        return _ReferenceMeta(name, (), namespace)
    return type(name, (base,), namespace)


class _ModuleReference(types.ModuleType):
    def __init__(self, name: str, within: str) -> None:
        super().__init__(name)
        self.__planner_in__ = within

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = reference(self.__name__, name, within=self.__planner_in__)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"<module {self.__name__!r} (named by {self.__planner_in__}, not imported)>"


def module_reference(module: str, *, within: str = "") -> Any:
    """A stand-in for the module ``module``, whose attributes are :func:`reference` classes."""
    return _ModuleReference(module, within or module)


class _Source:
    """A value the stub cannot compute without running real code: its repr is its source text."""

    __slots__ = ("_module", "_name", "_text")

    def __init__(self, text: str, module: str, name: str) -> None:
        self._text = text
        self._module = module
        self._name = name

    def __repr__(self) -> str:
        return self._text

    def _fail(self, what: str) -> StubError:
        subject = f"{self._name} = {self._text}" if self._name else self._text
        return StubError(
            f"{what} {subject!r}, which {where(self._module)} cannot compute without running the real code; "
            f"set it from the test (planner_stubs.configure('{self._module}.{self._name or '...'}', value=...))"
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise self._fail("called")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise self._fail(f"read .{name} of")

    def __bool__(self) -> bool:
        raise self._fail("asked the truth of")

    def __iter__(self) -> Any:
        raise self._fail("iterated over")


def _refuse(operation: str) -> Any:
    def method(self: _Source, *args: Any) -> Any:
        raise self._fail(f"used ({operation}) the value")

    method.__name__ = operation
    return method


_OPERATIONS = (
    "__add__ __radd__ __sub__ __rsub__ __mul__ __rmul__ __truediv__ __rtruediv__ __floordiv__ __mod__ "
    "__pow__ __neg__ __lt__ __le__ __gt__ __ge__ __len__ __getitem__ __setitem__ __contains__ "
    "__int__ __float__ __index__ __enter__ __exit__ __await__"
)
for _operation in _OPERATIONS.split():
    setattr(_Source, _operation, _refuse(_operation))


def source(text: str, *, module: str, name: str = "") -> Any:
    """A placeholder for the value of the expression ``text`` (its ``repr`` is ``text``)."""
    return _Source(text, module, name)


def source_factory(text: str, *, module: str, name: str = "") -> Callable[[], Any]:
    """A ``default_factory`` for a dataclass field whose factory (``text``) the stub cannot run:
    the field keeps its place in the constructor, and each instance gets a :func:`source` stand-in."""

    def make() -> Any:
        return _Source(text, module, name)

    return make


def missing(module: str, name: str, *, used_by: Sequence[str] = ()) -> Any:
    """A name that ``used_by`` take from ``module`` but that its source does not define."""
    users = ", ".join(used_by) or "its dependants"
    return _Source(f"<{name}: used by {users}, not defined in the source>", module, name)


def base(module: str, qualname: str, *, within: str = "", exception: bool = False) -> type:
    """A stand-in base class for ``module.qualname``, which the stub cannot mirror
    (a third-party class, say): classes derived from it can still be built."""
    name = qualname.rpartition(".")[2]
    namespace = {"__module__": module, "__qualname__": qualname, "__planner_in__": within or module}
    return type(name, (Exception,) if exception else (), namespace)
