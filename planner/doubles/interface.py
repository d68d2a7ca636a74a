"""What the generated drivers call: interface checks, and skeletons still to write.

:func:`check_interface` checks, against the real unit imported as it is at the
step, that every name a missing caller takes exists and that every call site
of the caller binds to the real signature. :func:`todo` marks a skeleton test
as a driver to complete (reported as skipped, at the test).
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
import inspect
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["DOUBLE_STAR", "STAR", "Call", "check_interface", "todo"]

_MISSING: Any = object()


def todo(name: str) -> None:
    """Mark a generated skeleton test as a driver still to write (reported as skipped)."""
    import pytest

    message = f"driver to complete: exercise {name} the way its missing callers do"
    try:  # reported at the test, not here (a keyword pytest has had since 7.0)
        outcome = pytest.skip.Exception(message, _use_item_location=True)
    except TypeError:  # pragma: no cover - an older pytest
        outcome = pytest.skip.Exception(message)
    raise outcome


Call = tuple[int, str, int, tuple[str, ...], int, str]
"""A call site: (line, target, positional arguments, keywords, flags, source text).

``target`` is ``name`` (a function or class of the unit), ``Class.name`` (an
attribute called on the class) or ``Class().name`` (a method called on an
instance). ``flags``: 1 if the call unpacks ``*args``, 2 if ``**kwargs``.
"""

STAR, DOUBLE_STAR = 1, 2


def check_interface(unit: str, *, path: str = "", names: Iterable[str] = (), calls: Iterable[Call] = ()) -> None:
    """Fail (an :class:`AssertionError` listing each problem) unless the module ``unit``
    has every one of ``names`` and every call site (of the file ``path``) binds to its
    real signature."""
    __tracebackhide__ = True  # pytest shows the driver's call and the problems, not this function
    try:
        module = importlib.import_module(unit)
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name == unit:
            raise
        import pytest

        # A module of another platform (rich._win32_console on Linux): nothing to check here.
        pytest.skip(f"{unit} cannot be imported here ({type(exc).__name__}: {exc}); its callers are not checked")
    problems = []
    for name in names:
        if not _has(module, unit, name):
            problems.append(f"{unit} has no attribute {name!r}")
    for call in calls:
        problem = _check_call(module, unit, call)
        if problem is not None:
            line, _, _, _, _, text = call
            problems.append(f"{path}:{line}: {text}: {problem}")
    if problems:
        raise AssertionError(f"{len(problems)} interface problem(s) with {unit}:\n" + "\n".join(problems))


def _check_call(module: Any, unit: str, call: Call) -> str | None:
    _, target, positional, keywords, flags, _ = call
    owner_name, _, attribute = target.partition(".")
    on_instance = owner_name.endswith("()")
    owner_name = owner_name.removesuffix("()")
    owner = getattr(module, owner_name, _MISSING)
    if owner is _MISSING:
        return None if _has(module, unit, owner_name) else f"{unit} has no attribute {owner_name!r}"
    skip_first = False
    callee = owner
    shown = f"{unit}.{owner_name}"
    if attribute:
        if not isinstance(owner, type):
            return None  # not a class here: nothing known about its attributes
        raw = inspect.getattr_static(owner, attribute, _MISSING)
        shown = f"{unit}.{owner_name}.{attribute}"
        if raw is _MISSING:
            if _is_field(owner, attribute) or attribute in _instance_attributes(owner):
                return None  # an instance attribute (a field, self.x = ...), perhaps holding a callable
            return f"{unit}.{owner_name} has no attribute {attribute!r}"
        if isinstance(raw, property) or not callable(getattr(owner, attribute, None)):
            return None  # calling what a property returns: its signature is not known here
        callee = getattr(owner, attribute)
        skip_first = on_instance and inspect.isfunction(raw)
    try:
        signature = inspect.signature(callee)
    except (TypeError, ValueError):
        return None  # a builtin without a signature: nothing to check against
    if skip_first:
        parameters = list(signature.parameters.values())[1:]
        signature = signature.replace(parameters=parameters)
    problem = _binds(signature, positional, keywords, flags)
    return None if problem is None else f"{problem} (calling {shown}{signature})"


def _has(module: Any, unit: str, name: str) -> bool:
    """Whether ``unit`` has ``name``: an attribute, a submodule (``rich.pretty`` read through
    ``rich``), or a name it binds only for type checkers (under ``if TYPE_CHECKING:``)."""
    if hasattr(module, name):
        return True
    if hasattr(module, "__path__"):
        try:
            if importlib.util.find_spec(f"{unit}.{name}") is not None:
                return True
        except (ImportError, ValueError):
            pass
    return name in _type_checking_names(module)


def _tree(obj: Any) -> ast.AST | None:
    try:
        return ast.parse(textwrap.dedent(inspect.getsource(obj)))
    except (OSError, TypeError, SyntaxError):
        return None


@functools.cache
def _type_checking_names(module: Any) -> frozenset[str]:
    tree = _tree(module)
    names: set[str] = set()
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for inner in node.body:
                for sub in ast.walk(inner):
                    if isinstance(sub, ast.alias):
                        names.add((sub.asname or sub.name).partition(".")[0])
                    elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                        names.add(sub.id)
                    elif isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                        names.add(sub.name)
    return frozenset(names)


@functools.cache
def _instance_attributes(cls: type) -> frozenset[str]:
    """The attributes the methods of ``cls`` and its bases set on ``self`` (``self.x = ...``)."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass.__module__ == "builtins":
            continue
        tree = _tree(klass)
        for node in ast.walk(tree) if tree is not None else ():
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign):
                targets = list(node.targets)
            elif isinstance(node, ast.AnnAssign | ast.AugAssign):
                targets = [node.target]
            for target in targets:
                value = target.value if isinstance(target, ast.Attribute) else None
                if isinstance(target, ast.Attribute) and isinstance(value, ast.Name) and value.id == "self":
                    names.add(target.attr)
    return frozenset(names)


def _is_field(cls: type, name: str) -> bool:
    for klass in cls.__mro__:
        if name in getattr(klass, "__annotations__", {}) or name in getattr(klass, "__slots__", ()):
            return True
    return False


def _binds(signature: inspect.Signature, positional: int, keywords: Sequence[str], flags: int) -> str | None:
    marker = object()
    if not flags:
        try:
            signature.bind(*([marker] * positional), **dict.fromkeys(keywords, marker))
        except TypeError as exc:
            return str(exc)
        return None
    # With *args or **kwargs the count is unknown: check what the call states for sure.
    kinds = inspect.Parameter
    params = list(signature.parameters.values())
    takes_var = any(p.kind is kinds.VAR_POSITIONAL for p in params)
    takes_kw = any(p.kind is kinds.VAR_KEYWORD for p in params)
    slots = [p for p in params if p.kind in (kinds.POSITIONAL_ONLY, kinds.POSITIONAL_OR_KEYWORD)]
    if positional > len(slots) and not takes_var:
        return f"takes {len(slots)} positional argument(s) but at least {positional} were given"
    filled = {p.name for p in slots[:positional]}
    by_name = {p.name: p for p in params}
    for key in keywords:
        param = by_name.get(key)
        if param is None or param.kind in (kinds.POSITIONAL_ONLY, kinds.VAR_POSITIONAL, kinds.VAR_KEYWORD):
            if not takes_kw:
                return f"got an unexpected keyword argument {key!r}"
        elif key in filled:
            return f"got multiple values for argument {key!r}"
    if not flags & DOUBLE_STAR:
        for param in params:
            if param.kind is kinds.KEYWORD_ONLY and param.default is param.empty and param.name not in keywords:
                return f"missing a required keyword-only argument: {param.name!r}"
    return None
