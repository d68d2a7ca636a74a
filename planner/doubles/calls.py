"""How a caller uses a unit: the names it takes from it and its call sites, read from its source.

:func:`uses_of` reads a caller's syntax tree (never runs it) and finds, in
every scope, what is bound to the unit (``import pkg.unit``, ``from pkg
import unit``, ``from pkg.unit import name``, ``import pkg.unit as u``, at
module level or inside a function) and each call through those bindings:

- ``unit.f(a, b, key=c)`` and ``f(...)`` (a function or a class of the unit);
- ``Cls.method(...)``, an attribute called on a class of the unit;
- ``obj.method(...)`` where ``obj`` is known to be an instance of a class of
  the unit: assigned from ``Cls(...)`` (or from a function of the unit whose
  return annotation names the class), or annotated ``Cls``, throughout its
  scope (a name assigned anything else in the same scope is not followed).

A driver then checks, against the real unit, that each name exists and each
call binds to the real signature (:func:`planner.doubles.runtime.check_interface`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from planner.doubles.source import ModuleSource, absolute_module

__all__ = ["CallSite", "CallerUse", "uses_of"]

_MAX_TEXT = 100


@dataclass(frozen=True, order=True)
class CallSite:
    """One call of the unit by a caller (see :data:`planner.doubles.runtime.Call`)."""

    line: int
    target: str
    positional: int
    keywords: tuple[str, ...]
    flags: int
    text: str


@dataclass(frozen=True)
class CallerUse:
    """What ``caller`` (read from ``path``) takes from the unit and how it calls it."""

    caller: str
    path: str
    names: tuple[str, ...]
    calls: tuple[CallSite, ...]


def uses_of(caller: ModuleSource, unit: ModuleSource) -> CallerUse:
    """The names ``caller`` takes from ``unit``, and its call sites into it.

    The shape of the caller's scopes is read once per caller (and cached): a caller
    of many units is not walked again for each, and its scopes where nothing binds
    the unit are skipped.
    """
    walker = _Walker(caller, unit)
    walker.scope(_shape_of(caller.tree), parent={})
    return CallerUse(caller.name, caller.path, tuple(sorted(walker.names)), tuple(sorted(set(walker.calls))))


# What a local name is bound to: the unit module seen through an attribute path
# (``("module", ("db",))`` for ``shop`` after ``import shop.db``), or an object of the unit.
Binding = tuple[str, tuple[str, ...]]


@dataclass
class _Scope:
    bindings: dict[str, Binding] = field(default_factory=dict)
    instances: dict[str, str] = field(default_factory=dict)


class _Walker:
    def __init__(self, caller: ModuleSource, unit: ModuleSource) -> None:
        self.caller = caller
        self.unit = unit
        self.classes = {d.name for d in unit.definitions() if isinstance(d.node, ast.ClassDef)}
        self.returns = {
            d.name: _class_name(d.node.returns)
            for d in unit.definitions()
            if isinstance(d.node, ast.FunctionDef | ast.AsyncFunctionDef) and d.node.returns is not None
        }
        self.names: set[str] = set()
        self.calls: list[CallSite] = []
        self.lines = caller.text.split("\n")

    def _segment(self, node: ast.expr) -> str | None:
        """The source text of ``node`` (what :func:`ast.get_source_segment` gives, without
        splitting the whole file again for every node)."""
        end_line, end_col = node.end_lineno, node.end_col_offset
        if end_line is None or end_col is None or end_line > len(self.lines):
            return None
        first = self.lines[node.lineno - 1].encode()
        if node.lineno == end_line:
            return first[node.col_offset : end_col].decode(errors="replace")
        middle = self.lines[node.lineno : end_line - 1]
        last = self.lines[end_line - 1].encode()[:end_col].decode(errors="replace")
        return "\n".join([first[node.col_offset :].decode(errors="replace"), *middle, last])

    # --- scopes -------------------------------------------------------------------------

    def scope(self, shape: _Shape, *, parent: dict[str, Binding]) -> None:
        """Walk one function (or the module): its bindings, its instances, then its calls."""
        scope = _Scope(dict(parent))
        imported: set[str] = set()
        for statement in shape.imports:
            self._import(statement, scope)
            imported.update(a.asname or a.name.partition(".")[0] for a in statement.names)
        if scope.bindings:  # else nothing here can name the unit: no instance, no call, no use
            for name, values in shape.assigned.items():
                if name in scope.bindings and name not in imported:
                    del scope.bindings[name]  # shadowed by a local variable
                kinds = {self._instance_of(how, value, scope) for how, value in values}
                found = kinds.pop() if len(kinds) == 1 else None
                if found is not None:
                    scope.instances[name] = found
            for node in shape.uses:
                if isinstance(node, ast.Call):
                    self._call(node, scope)
                self._name_use(node, scope)
        for inner in shape.nested:
            self.scope(inner, parent=scope.bindings)

    def _import(self, node: ast.Import | ast.ImportFrom, scope: _Scope) -> None:
        unit = self.unit.name
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name == unit:
                    scope.bindings[alias.asname] = ("module", ())
                elif not alias.asname and (alias.name == unit or alias.name.startswith(unit + ".")):
                    parts = unit.split(".")
                    scope.bindings[parts[0]] = ("module", tuple(parts[1:]))
                elif not alias.asname and unit.startswith(alias.name + "."):
                    # ``import pkg`` alone does not bind pkg.unit (unless something else imports it)
                    continue
            return
        base = absolute_module(
            node.module or "", node.level or 0, importer=self.caller.name, package=self.caller.package
        )
        for alias in node.names:
            local = alias.asname or alias.name
            if base == unit:
                if alias.name == "*":
                    for name in self.unit.env:
                        if not name.startswith("_"):
                            scope.bindings.setdefault(name, ("object", (name,)))
                else:
                    scope.bindings[local] = ("object", (alias.name,))
                    self.names.add(alias.name)  # the import itself needs it
            elif base is not None and f"{base}.{alias.name}" == unit:
                scope.bindings[local] = ("module", ())

    # --- what an expression stands for ----------------------------------------------------

    def denotes(self, expr: ast.expr, scope: _Scope) -> tuple[str, ...] | None:
        """The unit object an expression names: ``()`` for the unit itself, ``("f",)``,
        ``("Cls", "method")``, ...; ``None`` if it names nothing of the unit."""
        chain: list[str] = []
        base = expr
        while isinstance(base, ast.Attribute):
            chain.append(base.attr)
            base = base.value
        if not isinstance(base, ast.Name):
            return None
        binding = scope.bindings.get(base.id)
        if binding is None:
            return None
        chain.reverse()
        kind, path = binding
        if kind == "object":
            return path + tuple(chain)
        if tuple(chain[: len(path)]) != path:
            return None  # ``import shop.db`` binds ``shop``: only ``shop.db...`` is the unit
        return tuple(chain[len(path) :])

    def _instance_of(self, how: str, value: ast.expr | None, scope: _Scope) -> str | None:
        """The unit class a value is an instance of (``Cls(...)``, a function returning one),
        or an annotation names (``x: Cls``)."""
        if value is None:
            return None
        if how == "annotation":
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value.isidentifier():
                value = ast.Name(value.value, ast.Load())
            named = self.denotes(value, scope)
            return named[0] if named is not None and len(named) == 1 and named[0] in self.classes else None
        if isinstance(value, ast.Call):
            named = self.denotes(value.func, scope)
            if named is not None and len(named) == 1:
                if named[0] in self.classes:
                    return named[0]
                returned = self.returns.get(named[0])
                if returned in self.classes:
                    return returned
        return None

    # --- uses -----------------------------------------------------------------------------

    def _name_use(self, node: ast.AST, scope: _Scope) -> None:
        if isinstance(node, ast.Name | ast.Attribute) and isinstance(node.ctx, ast.Load):
            named = self.denotes(node, scope)
            if named:
                self.names.add(named[0])

    def _call(self, call: ast.Call, scope: _Scope) -> None:
        func = call.func
        named = self.denotes(func, scope)
        target = None
        if named is not None and len(named) == 1:
            target = named[0]
        elif named is not None and len(named) == 2 and named[0] in self.classes:
            target = f"{named[0]}.{named[1]}"
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            cls = scope.instances.get(func.value.id)
            if cls is not None and func.value.id not in scope.bindings:
                target = f"{cls}().{func.attr}"
        if target is None:
            return
        flags = (1 if any(isinstance(a, ast.Starred) for a in call.args) else 0) | (
            2 if any(k.arg is None for k in call.keywords) else 0
        )
        positional = sum(1 for a in call.args if not isinstance(a, ast.Starred))
        keywords = tuple(k.arg for k in call.keywords if k.arg is not None)
        text = " ".join((self._segment(call) or ast.unparse(call)).split())
        if len(text) > _MAX_TEXT:
            text = text[: _MAX_TEXT - 3] + "..."
        self.calls.append(CallSite(call.lineno, target, positional, keywords, flags, text))


@dataclass
class _Shape:
    """What the walk of one scope needs, read once: its imports, what it assigns (and how),
    the nodes that may use the unit (calls, names, attributes), and its nested scopes."""

    imports: list[ast.Import | ast.ImportFrom]
    assigned: dict[str, list[Assigned]]
    uses: list[ast.AST]
    nested: list[_Shape]


_SHAPES: dict[int, tuple[ast.Module, _Shape]] = {}


def _shape_of(tree: ast.Module) -> _Shape:
    cached = _SHAPES.get(id(tree))
    if cached is None or cached[0] is not tree:
        if len(_SHAPES) > 4096:
            _SHAPES.clear()
        cached = _SHAPES[id(tree)] = (tree, _shape(tree.body, ()))
    return cached[1]


def _shape(body: list[ast.stmt], params: tuple[ast.arg, ...]) -> _Shape:
    assigned: dict[str, list[Assigned]] = {}
    for arg in params:
        assigned.setdefault(arg.arg, []).append(_annotated(arg.annotation))
    shape = _Shape([], assigned, [], [])
    for node in _local_nodes(body):
        if isinstance(node, ast.Call | ast.Name | ast.Attribute):
            shape.uses.append(node)
        if isinstance(node, ast.Import | ast.ImportFrom):
            shape.imports.append(node)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            args = node.args
            inner_params = (*args.posonlyargs, *args.args, *args.kwonlyargs)
            inner_params += tuple(a for a in (args.vararg, args.kwarg) if a is not None)
            inner: list[ast.stmt] = [ast.Expr(node.body)] if isinstance(node, ast.Lambda) else list(node.body)
            shape.nested.append(_shape(inner, inner_params))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                for name in _target_names(target):
                    value = ("value", node.value) if isinstance(target, ast.Name) else _OTHER
                    assigned.setdefault(name, []).append(value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            assigned.setdefault(node.target.id, []).append(_annotated(node.annotation))
        elif isinstance(node, ast.For | ast.AsyncFor | ast.With | ast.AsyncWith | ast.NamedExpr | ast.AugAssign):
            for name in _bound_by(node):
                assigned.setdefault(name, []).append(_OTHER)
    return shape


Assigned = tuple[str, ast.expr | None]
"""How a scope binds a name: ``("value", expr)``, ``("annotation", expr)`` or ``("other", None)``."""

_OTHER: Assigned = ("other", None)


def _annotated(annotation: ast.expr | None) -> Assigned:
    """``x: Cls``, ``x: Cls | None``, ``x: Optional[Cls]``: the class named, as an annotation."""
    inner = annotation
    if _or_none(inner):
        assert isinstance(inner, ast.BinOp)
        inner = inner.left
    if isinstance(inner, ast.Subscript) and isinstance(inner.value, ast.Name | ast.Attribute):
        name = inner.value.attr if isinstance(inner.value, ast.Attribute) else inner.value.id
        if name == "Optional":
            inner = inner.slice
    return ("annotation", inner) if inner is not None else _OTHER


def _or_none(annotation: ast.expr | None) -> bool:
    """``X | None``."""
    if not isinstance(annotation, ast.BinOp) or not isinstance(annotation.op, ast.BitOr):
        return False
    return isinstance(annotation.right, ast.Constant) and annotation.right.value is None


def _class_name(annotation: ast.expr | None) -> str | None:
    if isinstance(annotation, ast.Name):
        return annotation.id
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value if annotation.value.isidentifier() else None
    return None


def _local_nodes(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """The nodes of a scope, not descending into nested functions and lambdas (which are
    yielded themselves) nor into class bodies' methods."""
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for default in (*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)):
                stack.append(default)
            for decorator in getattr(node, "decorator_list", ()):
                stack.append(decorator)
            arguments = node.args
            for arg in (
                *arguments.posonlyargs,
                *arguments.args,
                *arguments.kwonlyargs,
                arguments.vararg,
                arguments.kwarg,
            ):
                if arg is not None and arg.annotation is not None:
                    stack.append(arg.annotation)
            if not isinstance(node, ast.Lambda) and node.returns is not None:
                stack.append(node.returns)
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _target_names(target: ast.expr) -> Iterator[str]:
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            yield node.id


def _bound_by(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.For | ast.AsyncFor):
        yield from _target_names(node.target)
    elif isinstance(node, ast.With | ast.AsyncWith):
        for item in node.items:
            if item.optional_vars is not None:
                yield from _target_names(item.optional_vars)
    elif isinstance(node, ast.NamedExpr | ast.AugAssign):
        yield from _target_names(node.target)
