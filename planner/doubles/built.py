"""Members a real class gets while it is built, which its mirror must make from the source.

Both cases are read from the syntax tree, never run:

- a class attribute made by a factory function of the project, called in the class body
  (werkzeug's ``list_repr = _sequence_repr_maker("[", "]", list)``): where the factory
  returns a function it defines (``def proxy(self, obj, recursive): ...`` then
  ``return proxy``), the attribute is mirrored as that function under the attribute's
  name, so its signature is the real one (:func:`factory_function`); where that function
  cannot be mirrored (it is decorated, or its defaults read the factory's own names), the
  attribute is a double that takes anything and fails loudly until configured
  (:data:`UNKNOWN`);
- the constructor an attrs class decorator makes from the fields (``@attr.s``,
  ``@attrs.define``, ``@attr.frozen``, ...; attrs' own ``VersionInfo``):
  :func:`attrs_fields` lists ``__init__``'s parameters as attrs makes them: the fields in
  the order they are written (a base class's first), ``init=False`` ones left out,
  ``kw_only`` ones keyword-only, a private name without its leading underscore (or its
  ``alias``). ``@dataclass`` needs none of this: the stub keeps it, and it runs.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from planner.doubles.policy import canonical
from planner.doubles.source import Definition, ModuleSource

if TYPE_CHECKING:
    from planner.doubles.index import ProjectIndex

__all__ = ["UNKNOWN", "AttrsField", "attrs_fields", "factory_function", "renamed"]

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
Canonical = Callable[[ast.expr], "str | None"]
"""The dotted path an expression of a module stands for (``None`` if unknown)."""

UNKNOWN: Final = "unknown"
"""The factory returns a function it defines, whose signature the mirror cannot write."""

_ATTRS_MODULES = frozenset({"attr", "attrs", "attr._make", "attr._next_gen", "attrs._make", "attrs._next_gen"})
_ATTRS_CLASSES = frozenset({"s", "attrs", "define", "frozen", "mutable", "dataclass"})
_ATTRS_FIELDS = frozenset({"ib", "attrib", "attr", "field"})
_NEXT_GEN = frozenset({"define", "frozen", "mutable"})


def factory_function(
    index: ProjectIndex, value: ast.expr, env: ModuleSource, local: set[str]
) -> tuple[FunctionNode, ModuleSource] | str | None:
    """The function a class-body call ``value`` of a project function returns, renamed later by the
    caller; :data:`UNKNOWN` if it returns a function the mirror cannot write; ``None`` if
    ``value`` is no such call. ``local``: the names the class body bound so far (a call of one
    of them is not a call of the module's function)."""
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Name) or value.func.id in local:
        return None
    resolved = index.resolve(env.name, value.func.id)
    if resolved is None or not isinstance(resolved.item, Definition):
        return None
    factory = resolved.item.node
    if not isinstance(factory, ast.FunctionDef):
        return None
    returned = _returned_function(factory)
    if returned is None:
        return None
    if returned.decorator_list or _reads_closure(returned, factory, resolved.module):
        return UNKNOWN
    return returned, resolved.module


def _returned_function(factory: ast.FunctionDef) -> FunctionNode | None:
    """The nested ``def`` that ``factory`` ends by returning (``def proxy(...): ...; return proxy``)."""
    last = factory.body[-1]
    if not isinstance(last, ast.Return) or not isinstance(last.value, ast.Name):
        return None
    found = None
    for stmt in factory.body:
        if isinstance(stmt, FunctionNode) and stmt.name == last.value.id:
            found = stmt
    return found


def _reads_closure(function: FunctionNode, factory: ast.FunctionDef, module: ModuleSource) -> bool:
    """Whether ``function``'s signature reads a name the factory binds (its defaults, and its
    annotations where they are evaluated): the mirror, at module level, cannot bind it."""
    args = factory.args
    bound = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg) if a}
    for stmt in factory.body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound.add(node.id)
            elif isinstance(node, FunctionNode | ast.ClassDef) and node is not function:
                bound.add(node.name)
    signature = function.args
    read: list[ast.expr] = [*signature.defaults, *(d for d in signature.kw_defaults if d is not None)]
    if not module.future_annotations:
        params = (*signature.posonlyargs, *signature.args, *signature.kwonlyargs, signature.vararg, signature.kwarg)
        read += [p.annotation for p in params if p is not None and p.annotation is not None]
        read += [function.returns] if function.returns is not None else []
    return any(isinstance(n, ast.Name) and n.id in bound for expr in read for n in ast.walk(expr))


def renamed(function: FunctionNode, name: str) -> FunctionNode:
    """A copy of ``function`` named ``name`` (the class attribute it is bound to)."""
    twin = copy.copy(function)
    twin.name = name
    return twin


@dataclass(frozen=True)
class AttrsField:
    """One parameter of an attrs-made ``__init__``: its name, annotation and default (as syntax)."""

    name: str
    annotation: ast.expr | None
    default: ast.expr | None
    factory: bool
    kw_only: bool
    module: ModuleSource
    """The module whose code ``annotation`` and ``default`` are (a base class's may be another)."""


def attrs_fields(
    index: ProjectIndex, node: ast.ClassDef, env: ModuleSource, canonical: Canonical, depth: int = 0
) -> list[AttrsField] | None:
    """The ``__init__`` parameters an attrs class decorator makes for ``node``, in order; ``None``
    if no attrs decorator makes one (none, ``init=False``, the class writes its own ``__init__``,
    or a base class whose fields cannot be read).

    ``canonical(expr)`` gives the dotted path an expression of ``env`` stands for.
    """
    decorator = _attrs_decorator(node, canonical)
    if decorator is None or depth > 8:
        return None
    options = (
        {k.arg: k.value for k in decorator.keywords if k.arg is not None} if isinstance(decorator, ast.Call) else {}
    )
    if _false(options.get("init")) or any(isinstance(s, FunctionNode) and s.name == "__init__" for s in node.body):
        return None
    if "these" in options:
        return None
    inherited: list[AttrsField] = []
    for base in node.bases:
        fields = _base_fields(index, base, env, canonical, depth)
        if fields is None:
            return None
        inherited += [f for f in fields if f.name not in {i.name for i in inherited}]
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    path = str(canonical(target))
    auto = options.get("auto_attribs")
    own = _own_fields(node, env, canonical, auto, next_gen=path.rpartition(".")[2] in _NEXT_GEN)
    class_kw_only = _true(options.get("kw_only"))
    names = {f.name for f in own}
    fields = [f for f in inherited if f.name not in names] + own
    if class_kw_only:
        fields = [AttrsField(f.name, f.annotation, f.default, f.factory, True, f.module) for f in fields]
    return fields


def _attrs_decorator(node: ast.ClassDef, canonical: Canonical) -> ast.expr | None:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        path = canonical(target)
        if isinstance(path, str):
            module, _, name = path.rpartition(".")
            if module in _ATTRS_MODULES and name in _ATTRS_CLASSES:
                return decorator
    return None


def _base_fields(
    index: ProjectIndex, base: ast.expr, env: ModuleSource, canonical: Canonical, depth: int
) -> list[AttrsField] | None:
    """The fields an attrs class ``base`` of the project passes on; none for ``object`` or a
    class that is no attrs class of the project (attrs reads fields from attrs classes only)."""
    if not isinstance(base, ast.Name):
        path = canonical(base)
        return [] if isinstance(path, str) and path.startswith(("builtins.", "typing.", "abc.")) else None
    if base.id == "object":
        return []
    resolved = index.resolve(env.name, base.id)
    if resolved is None:
        origin = env.env.get(base.id)
        return [] if origin is None or origin.kind == "stdlib" else None
    if not isinstance(resolved.item, Definition) or not isinstance(resolved.item.node, ast.ClassDef):
        return None
    module = resolved.module
    fields = attrs_fields(index, resolved.item.node, module, _canonical_in(index, module), depth + 1)
    if fields is None and _attrs_decorator(resolved.item.node, _canonical_in(index, module)) is not None:
        return None  # an attrs class whose fields this cannot read
    return fields or []


def _canonical_in(index: ProjectIndex, module: ModuleSource) -> Canonical:
    def resolve(name: str) -> str | None:
        origin = module.env.get(name)
        if origin is None:
            return f"builtins.{name}"
        if origin.kind == "local":
            return f"{module.name}.{name}"
        return origin.module if origin.attr is None else f"{origin.module}.{origin.attr}"

    return lambda expr: canonical(expr, resolve)


def _own_fields(
    node: ast.ClassDef, env: ModuleSource, canonical: Canonical, auto: ast.expr | None, *, next_gen: bool
) -> list[AttrsField]:
    """The fields ``node``'s body declares (``x = attr.ib()``, or annotated ones with
    ``auto_attribs``; ``define`` and friends guess it as attrs does)."""
    calls: list[tuple[ast.stmt, str, ast.expr | None, ast.Call | None]] = []
    for stmt in node.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            call = _field_call(stmt.value, canonical)
            if call is not None:
                calls.append((stmt, stmt.targets[0].id, None, call))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and not _class_var(stmt):
            call = _field_call(stmt.value, canonical) if stmt.value is not None else None
            calls.append((stmt, stmt.target.id, stmt.annotation, call))
    unannotated = any(annotation is None for _, _, annotation, _ in calls)
    if auto is not None:
        auto_attribs = _true(auto)
    else:
        annotated = any(annotation is not None for _, _, annotation, _ in calls)
        auto_attribs = next_gen and annotated and not unannotated
    fields = []
    for stmt, name, annotation, call in calls:
        if annotation is not None and not auto_attribs and call is None:
            continue  # an annotated class attribute, no field
        if annotation is None and auto_attribs:
            continue  # auto_attribs takes annotated names only
        fields.append(_field(name, annotation, call, stmt, env))
    return [f for f in fields if f is not None]


def _field(
    name: str, annotation: ast.expr | None, call: ast.Call | None, stmt: ast.stmt, env: ModuleSource
) -> AttrsField | None:
    options = {k.arg: k.value for k in call.keywords if k.arg is not None} if call is not None else {}
    if _false(options.get("init")):
        return None
    alias = options.get("alias")
    shown = alias.value if isinstance(alias, ast.Constant) and isinstance(alias.value, str) else name.lstrip("_")
    default: ast.expr | None = None
    factory = False
    if call is None:
        default = stmt.value if isinstance(stmt, ast.AnnAssign) else None
    elif "default" in options:
        default = options["default"]
        factory = _is_factory(default)
    elif "factory" in options:
        default, factory = options["factory"], True
    elif call.args and _positional_default(call):
        default = call.args[0]
        factory = _is_factory(default)
    if annotation is None and "type" in options:
        annotation = options["type"]
    return AttrsField(shown, annotation, default, factory, _true(options.get("kw_only")), env)


def _positional_default(call: ast.Call) -> bool:
    """``attr.ib(5)``: the first positional argument is the default (``field`` takes none)."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in ("ib", "attrib", "attr")


def _is_factory(default: ast.expr) -> bool:
    func = default.func if isinstance(default, ast.Call) else None
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name == "Factory"


def _field_call(value: ast.expr | None, canonical: Canonical) -> ast.Call | None:
    if not isinstance(value, ast.Call):
        return None
    path = canonical(value.func)
    if not isinstance(path, str):
        return None
    module, _, name = path.rpartition(".")
    return value if module in _ATTRS_MODULES and name in _ATTRS_FIELDS else None


def _class_var(stmt: ast.AnnAssign) -> bool:
    annotation = stmt.annotation
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))
    head = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    text = ast.unparse(head)
    return text.rpartition(".")[2] == "ClassVar"


def _true(expr: ast.expr | None) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is True


def _false(expr: ast.expr | None) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is False
