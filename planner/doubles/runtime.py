"""What the generated stubs and drivers import: ``from planner.doubles import runtime as _planner``.

It uses the standard library only and imports nothing of planner but its own
parts (:mod:`~planner.doubles.standins`, :mod:`~planner.doubles.interface`), so
a stub imports fast and pulls in nothing of the code it stands in for.

Stubs (see ``docs/doubles.md``):

- :func:`function` turns a mirrored ``def`` into a :func:`unittest.mock.create_autospec`
  function: same signature, name and docstring; a call checks its arguments
  against the real signature and is recorded. A call that nobody configured
  (no ``return_value``, no ``side_effect``) raises :class:`NotConfigured`,
  naming the stub and the step, except for procedures (annotated ``-> None``),
  which return ``None`` (there is no value to fake; their calls are still
  recorded and checked).
- :func:`stub_class` routes the construction of a plain class through a mock
  with the class's real signature (configured like a function); exception
  classes, enums and other classes with a library base are built for real.
- :func:`reference`, :func:`module_reference`, :func:`source` (:func:`source_factory`) and
  :func:`missing` stand for what a stub cannot mirror: names of other modules,
  values it cannot compute without running the real code, names its
  dependants use that the real module does not define. Using one fails loudly.

Drivers: :func:`check_interface` checks the names and call sites of a missing
caller against the real unit; :func:`todo` marks a skeleton test to complete.

:func:`configure`, :func:`mock`, :func:`instance`, :func:`build` and
:func:`reset` configure stubs from tests (the ``planner_stubs`` fixture of the
pytest plugin wraps them); :func:`set_step` says which step is being run (the
plugin calls it), and every failure names it.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
import types
from collections.abc import Callable, Sequence
from typing import Any
from unittest import mock as _mock

from planner.doubles import derive as _derive
from planner.doubles._state import NotConfigured, StubError, state
from planner.doubles._state import where as _where
from planner.doubles.interface import check_interface, todo
from planner.doubles.standins import base, missing, module_reference, reference, source, source_factory

__all__ = [
    "NotConfigured",
    "StubError",
    "base",
    "build",
    "check_interface",
    "configure",
    "enum_member",
    "function",
    "init_exception",
    "instance",
    "missing",
    "mock",
    "module_reference",
    "reference",
    "reset",
    "source",
    "source_factory",
    "set_step",
    "step",
    "stub_class",
    "stub_module",
    "todo",
]

_UNSET: Any = _mock.sentinel.planner_unset
_STUB_MODULES: dict[str, str] = {}
_FUNCTIONS: list[Any] = []
_CONSTRUCTORS: dict[type, Any] = {}
_SIGNATURES: dict[type, inspect.Signature] = {}


class _OwnSignature:
    """``__signature__`` of the stub classes: each class's own, never one inherited from a base
    (a class attribute would be), and nothing for instances."""

    def __get__(self, instance: object, owner: type | None = None) -> inspect.Signature | None:
        return _SIGNATURES.get(owner) if instance is None and owner is not None else None


_OWN_SIGNATURE = _OwnSignature()


def set_step(step: int | None) -> None:
    """Say which step of the plan is being run (``None``: none), for the failure messages."""
    state.step = step


def step() -> int | None:
    """The step of the plan being run, or ``None``."""
    return state.step


def _stub_module_of(name: str) -> str:
    return _STUB_MODULES.get(name, name)


def stub_module(name: str, *, source: str) -> None:
    """Declare that module ``name`` is a stub read from ``source`` (called first by each stub)."""
    _STUB_MODULES[name] = name
    module = sys.modules.get(name)
    if module is not None:
        module.__planner_stub__ = source  # type: ignore[attr-defined]


def _is_procedure(func: Callable[..., Any]) -> bool:
    return getattr(func, "__annotations__", {}).get("return", _UNSET) in (None, "None")


def _describe_call(name: str, args: Sequence[Any], kwargs: dict[str, Any]) -> str:
    parts = [_short_repr(a) for a in args] + [f"{k}={_short_repr(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _short_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a repr that fails must not hide the real message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def function(func: Callable[..., Any] | None = None, *, module: str | None = None) -> Any:
    """A mock with ``func``'s signature, name and docstring, failing loudly when unconfigured.

    Set ``return_value`` or ``side_effect`` on it (or use :func:`configure`),
    assert with ``assert_called_once_with`` and friends; calls are matched
    through the signature, so ``f(1, key=2)`` and ``f(1, 2)`` are the same call.
    ``module`` names the module that defines the real function, where a stub
    mirrors a name its package re-exports (``@function(module="pkg.core")``).
    """
    if func is None:
        return lambda inner: function(inner, module=module)
    stub: Any = _mock.create_autospec(func)
    stub.__doc__ = func.__doc__
    stub.__module__ = module or func.__module__
    stub.__qualname__ = func.__qualname__
    stub.__planner_procedure__ = _is_procedure(func)
    _unconfigure(stub)
    _FUNCTIONS.append(stub)
    return stub


def _unconfigure(stub: Any) -> None:
    module = stub.__module__
    qualname = f"{module}.{stub.__qualname__}"
    procedure = stub.__planner_procedure__

    def unconfigured(*args: Any, **kwargs: Any) -> Any:
        if stub.return_value is not _UNSET:
            return _mock.DEFAULT
        if procedure:
            return None
        raise NotConfigured(
            f"{_describe_call(qualname, args, kwargs)} was called, but {_where(_stub_module_of(module))} "
            f"has no return_value or side_effect for {qualname}; configure it first, e.g. "
            f"planner_stubs.configure({qualname!r}, return_value=...)"
        )

    stub.return_value = _UNSET
    stub.side_effect = unconfigured


def _plain(cls: type) -> bool:
    """Whether ``cls`` is a plain class: built through a mock rather than for real."""
    if type(cls) not in (type, _abc_meta()):
        return False
    for ancestor in cls.__mro__[1:]:
        if ancestor is object or getattr(ancestor, "__planner_stub_class__", False):
            continue
        if ancestor.__module__ in ("abc", "typing", "typing_extensions", "collections.abc"):
            continue
        return False
    return True


def _abc_meta() -> type:
    import abc

    return abc.ABCMeta


def stub_class(cls: type | None = None, *, module: str | None = None) -> Any:
    """Make the mirrored class ``cls`` a stub class (the outermost decorator of each).

    A plain class is built through a mock with the class's real signature:
    ``Cls(...)`` returns what is configured for it, and fails loudly when
    nothing is; a class defined outside the stub that derives from it is built
    normally. Other classes (exceptions, enums, classes with a library base)
    are built for real. ``module`` names the module that defines the real class, where
    a stub mirrors a class its package re-exports (``@stub_class(module="pkg.core")``).
    """
    if cls is None:
        return lambda inner: stub_class(inner, module=module)
    if module is not None:
        cls.__module__ = module
    signature = _class_signature(cls)
    if signature is not None:
        _SIGNATURES[cls] = signature
        cls.__signature__ = _OWN_SIGNATURE  # type: ignore[attr-defined]
    cls.__planner_stub_class__ = True  # type: ignore[attr-defined]
    if not hasattr(cls, "__class_getitem__"):
        # A class mirrored without its generic base (``dict[K, V]``, ``Generic[T]``) is still
        # subscripted by others (``UpdateDictMixin[K, V]``): the class itself.
        cls.__class_getitem__ = classmethod(_subscripted)  # type: ignore[attr-defined]
    mirrored_new = "__new__" in cls.__dict__
    if mirrored_new:
        # A mirrored __new__ has the real signature and no body: it gave the signature, and
        # must not build anything.
        delattr(cls, "__new__")
    for value in list(vars(cls).values()):
        inner = value.__func__ if isinstance(value, staticmethod | classmethod) else value
        inner = inner.fget if isinstance(inner, property) else inner
        if hasattr(inner, "__planner_procedure__"):
            inner.__module__ = cls.__module__
    if not _plain(cls) or signature is None:
        return cls

    def construct(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("replaced by its mock")  # pragma: no cover

    construct.__signature__ = signature  # type: ignore[attr-defined]
    construct.__name__ = cls.__name__
    construct.__qualname__ = cls.__qualname__
    construct.__module__ = cls.__module__
    construct.__annotations__ = {}
    ctor: Any = _mock.create_autospec(construct)
    ctor.__module__ = cls.__module__
    ctor.__qualname__ = cls.__qualname__
    ctor.__planner_procedure__ = False
    _unconfigure(ctor)
    _FUNCTIONS.append(ctor)
    _CONSTRUCTORS[cls] = ctor

    def __new__(klass: type, *args: Any, **kwargs: Any) -> Any:
        if klass is cls:
            return ctor(*args, **kwargs)
        return super(cls, klass).__new__(klass)  # type: ignore[arg-type]  # klass derives from cls

    # What a class deriving from this one (and defining no __init__) shows as its signature.
    taken = set(signature.parameters)
    first = inspect.Parameter(
        next(n for n in ("cls", "klass", "_cls", "_planner_cls") if n not in taken), inspect.Parameter.POSITIONAL_ONLY
    )
    __new__.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[first, *signature.parameters.values()]
    )

    # Hidden when a derived class's signature is taken, unless it stands for a mirrored one.
    __new__.__planner_built_by_mock__ = not mirrored_new  # type: ignore[attr-defined]
    cls.__new__ = staticmethod(__new__)  # type: ignore[assignment]
    return cls


def _subscripted(cls: type, item: Any) -> type:
    return cls


def _class_signature(cls: type) -> inspect.Signature | None:
    """``cls``'s signature as the real class has it: the ``__new__`` this module puts on a plain
    stub class (to build it through its mock) is not the real one, so a class deriving from it
    and from a real class (``class Frozen(FrozenMixin, list)``) shows the real class's."""
    hidden = []
    for ancestor in cls.__mro__[1:]:
        new = ancestor.__dict__.get("__new__")
        if isinstance(new, staticmethod) and getattr(new.__func__, "__planner_built_by_mock__", False):
            hidden.append((ancestor, new))
            delattr(ancestor, "__new__")
    try:
        return inspect.signature(cls)
    except (TypeError, ValueError):
        return None
    finally:
        for ancestor, new in hidden:
            ancestor.__new__ = new  # type: ignore[method-assign]


def init_exception(self: BaseException, values: dict[str, Any]) -> None:
    """The body of a stubbed exception's ``__init__``: keep the arguments.

    Each parameter becomes an attribute of the same name, and the first one
    is the message, so ``str(error)`` reads as the real one usually does.
    """
    values = {k: v for k, v in values.items() if v is not self and k != "__class__"}
    for name, value in values.items():
        with contextlib.suppress(AttributeError):  # a read-only property of the class
            setattr(self, name, value)
    first = next(iter(values.values()), None)
    BaseException.__init__(self, *(() if first is None else (first,)))


def enum_member(cls: Any, values: dict[str, Any]) -> Any:
    """The body of a mirrored enum's ``__new__``: a member whose value is the first argument,
    built on the enum's data type (``int`` for an ``IntEnum``), the other arguments attributes
    (``codes.OK.phrase``), as the usual custom ``__new__`` of an enum does."""
    values = {k: v for k, v in values.items() if v is not cls and k != "__class__"}
    first = next(iter(values.values()), None)
    member_type: Any = getattr(cls, "_member_type_", object)
    obj = object.__new__(cls) if member_type is object else member_type.__new__(cls, first)
    obj._value_ = first
    for name, value in list(values.items())[1:]:
        with contextlib.suppress(AttributeError):
            setattr(obj, name, value)
    return obj


# --- Configuring stubs from tests ----------------------------------------------------------------


def _resolve(target: str | Any) -> tuple[Any, str]:
    """The object named ``target`` (a dotted path through a stub module) and its display name."""
    if not isinstance(target, str):
        return target, getattr(target, "__qualname__", repr(target))
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        module = sys.modules.get(".".join(parts[:cut]))
        if module is not None and hasattr(module, "__planner_stub__"):
            break
    else:
        stubs = ", ".join(sorted(n for n, m in sys.modules.items() if hasattr(m, "__planner_stub__")))
        raise LookupError(f"{target}: not in a stub module that is imported (stub modules: {stubs or 'none'})")
    value: Any = module
    for index, part in enumerate(parts[cut:], start=cut):
        owner = value
        value = inspect.getattr_static(owner, part, _UNSET)
        if value is _UNSET:
            raise LookupError(f"{target}: {'.'.join(parts[:index])} has no attribute {part!r}")
        if isinstance(value, staticmethod | classmethod):
            value = value.__func__
    return value, target


def mock(target: str | Any) -> Any:
    """The mock behind a stub callable, class or property (for assertions)."""
    value, name = _resolve(target)
    if isinstance(value, type):
        if value not in _CONSTRUCTORS and _derive.derived(value.__module__):
            return _derive.constructor(value)  # constructors of derived stubs: where asked
        if value not in _CONSTRUCTORS:
            raise LookupError(f"{name}: a class built for real, not through a mock")
        return _CONSTRUCTORS[value]
    if isinstance(value, property):
        value = value.fget
    if not hasattr(value, "__planner_procedure__"):
        raise LookupError(f"{name}: not a stub callable")
    return value


def configure(target: str | Any, **settings: Any) -> Any:
    """Configure a stub: ``return_value=``, ``side_effect=`` for callables, classes and
    properties, or ``value=`` to replace a value (a constant, a class attribute)."""
    if "value" in settings:
        if len(settings) > 1:
            raise TypeError("value= replaces the attribute; it cannot be combined with other settings")
        if not isinstance(target, str) or "." not in target:
            raise TypeError("value= needs a dotted name: 'package.module.NAME'")
        owner, _, name = target.rpartition(".")
        holder, _ = _resolve(owner)
        setattr(holder, name, settings["value"])
        return settings["value"]
    unknown = sorted(set(settings) - {"return_value", "side_effect"})
    if unknown:
        raise TypeError(f"configure() takes return_value=, side_effect= or value=, not {', '.join(unknown)}")
    stub = mock(target)
    if "side_effect" not in settings and getattr(stub, "__planner_real_build__", None) is not None:
        settings["side_effect"] = None  # a derived constructor answers with return_value now
    for key, item in settings.items():
        setattr(stub, key, item)
    return stub


def instance(target: str | type, **attributes: Any) -> Any:
    """A mock instance of the stub class ``target`` (``isinstance`` holds), with ``attributes`` set.

    Its methods and properties not given in ``attributes`` are the class's own stubs,
    bound to it: configured with :func:`configure` (``"pkg.mod.Cls.method"``), recorded
    there, and failing loudly when unconfigured, as on an instance made by :func:`build`.
    """
    cls, name = _resolve(target)
    if not isinstance(cls, type):
        raise TypeError(f"{name}: not a class")
    obj = _mock.NonCallableMagicMock(spec=cls, name=f"{cls.__qualname__}()")
    for attr in dir(cls):
        if attr in attributes or (attr.startswith("__") and attr not in ("__call__", "__enter__", "__exit__")):
            continue
        raw = inspect.getattr_static(cls, attr)
        if isinstance(raw, property) and _is_stub(raw.fget):
            setattr(type(obj), attr, raw)  # the mock's own class: this instance only
        elif isinstance(raw, staticmethod) and _is_stub(raw.__func__):
            setattr(obj, attr, raw.__func__)
        elif isinstance(raw, classmethod) and _is_stub(raw.__func__):
            setattr(obj, attr, types.MethodType(raw.__func__, cls))
        elif _is_stub(raw):
            setattr(obj, attr, types.MethodType(raw, obj))
    obj.configure_mock(**attributes)
    return obj


def _is_stub(value: object) -> bool:
    """Whether ``value`` is a function made by :func:`function`."""
    return hasattr(value, "__planner_procedure__")


def build(target: str | type, *args: Any, **kwargs: Any) -> Any:
    """An instance of the stub class ``target`` built for real, bypassing its constructor mock
    (a mirrored dataclass gets its fields; its methods are still stubs)."""
    cls, name = _resolve(target)
    if not isinstance(cls, type):
        raise TypeError(f"{name}: not a class")
    obj: Any = object.__new__(cls)
    type(obj).__init__(obj, *args, **kwargs)
    return obj


def reset() -> None:
    """Forget every configuration and recorded call of every stub (the plugin does it after each test)."""
    for stub in _FUNCTIONS:
        # Unconfigured first: a configured return value (an ``instance(...)`` whose methods were
        # called) is dropped rather than reset, which Python 3.11's autospec methods cannot do.
        _unconfigure(stub)
        stub.reset_mock()
    _derive.reset()


def forget() -> None:
    """Forget every stub made so far (the plugin does it when its session ends).

    The stubs of one session are not the next session's: a pytest run in the same
    process (pytester, an IDE) imports its stubs again.
    """
    _FUNCTIONS.clear()
    _CONSTRUCTORS.clear()
    _SIGNATURES.clear()
    _STUB_MODULES.clear()
