"""Functions and classes of a stub: signatures, decorators, bodies.

A function becomes a mock with its real signature (``@_planner.function``
directly above the ``def``, under the decorators that shape how it is reached:
``staticmethod``, ``classmethod``, ``property`` and its setters). A class keeps
its docstring, bases, kept decorators (``dataclass`` and the like), class
attributes and annotated fields, and its methods; ``__init__`` and ``__new__``
keep their signatures (so the class's own signature is the real one) with an
empty body, and an exception's ``__init__`` keeps its arguments
(:func:`planner.doubles.runtime.init_exception`). Other special methods are
left out, but for the protocols a test may need on a stub instance
(``__call__``, ``__enter__``, ``__exit__``, ``__iter__``, ``__getitem__``, ...).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING

from planner.doubles.built import attrs_fields, factory_function, renamed
from planner.doubles.index import ProjectIndex, Resolved
from planner.doubles.namespace import HIDDEN, PROPERTY, REF, VALUE, Namespace, Scope
from planner.doubles.policy import CLASS_DECORATORS, FUNCTION_DECORATORS, PLATFORM_MODULES
from planner.doubles.source import STDLIB, Definition, ModuleSource
from planner.doubles.text import (
    Param,
    bracketed,
    comment,
    docstring_literal,
    layout,
    requote,
    signature_lines,
    string_literal,
)

if TYPE_CHECKING:
    from planner.doubles.stubs import _StubWriter

__all__ = ["ClassWriter"]

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

_MOCKED_DUNDERS = frozenset(
    {"__call__", "__enter__", "__exit__", "__aenter__", "__aexit__", "__iter__", "__aiter__", "__getitem__"}
)
_PLAIN = frozenset({"__init__", "__new__"})
_OVERLOAD = frozenset({"typing.overload", "typing_extensions.overload"})
_ACCESSORS = frozenset({"setter", "getter", "deleter"})
_FIELD = "dataclasses.field"


class ClassWriter:
    """Writes the functions and classes of one stub (see the module docstring)."""

    def __init__(self, ns: Namespace, index: ProjectIndex, stub: _StubWriter) -> None:
        self.ns = ns
        self.index = index
        self.stub = stub
        self.width = index.line_length
        self.runtime = ns.runtime

    # --- expressions --------------------------------------------------------------------

    def annotation(self, expr: ast.expr, env: ModuleSource, scope: Scope | None) -> str:
        """An annotation as the stub writes it: text where the real one is text, else code."""
        if self.ns.target.future_annotations:
            self._import_names(expr, env, scope)
            return requote(ast.unparse(expr))
        if env.future_annotations:
            return string_literal(self.ns.text(expr))
        code = self.ns.code(expr, env, scope)
        return code if code is not None else string_literal(self.ns.text(expr))

    def _import_names(self, expr: ast.expr, env: ModuleSource, scope: Scope | None) -> None:
        """Bind the standard-library names an annotation reads, for readers and ``get_type_hints``."""
        for node in ast.walk(expr):
            if isinstance(node, ast.Name):
                origin = env.env.get(node.id)
                if origin is not None and origin.kind == "stdlib":
                    self.ns.lookup(node.id, env, scope, commit=True)

    def value(self, expr: ast.expr, env: ModuleSource, scope: Scope | None, name: str = "") -> str:
        code = self.ns.code(expr, env, scope)
        return code if code is not None else self.placeholder_for(expr, name)

    def placeholder_for(self, expr: ast.expr, name: str = "") -> str:
        return self.placeholder(self.ns.text(expr), name)

    def placeholder(self, text: str, name: str = "") -> str:
        args = [string_literal(text), f"module={string_literal(self.ns.target.name)}"]
        if name:
            args.append(f"name={string_literal(name)}")
        return f"{self.runtime}.source({', '.join(args)})"

    # --- functions ----------------------------------------------------------------------

    def function(
        self,
        node: FunctionNode,
        env: ModuleSource,
        indent: str,
        scope: Scope | None,
        *,
        cls: ast.ClassDef | None,
        merged: str | None,
        exception: bool = False,
    ) -> list[str] | None:
        """The lines of a stub function or method; ``None`` to leave it out."""
        name = node.name
        plain = cls is not None and name in _PLAIN
        special = name.startswith("__") and name.endswith("__")
        if cls is not None and special and not plain and name not in _MOCKED_DUNDERS:
            return None
        kept, dropped, overload = self._decorators(node, env, scope)
        if overload:
            return None
        lines = []
        if dropped:
            lines.append(indent + comment("in the source also: " + " ".join("@" + d for d in dropped)))
        lines += [f"{indent}@{d}" for d in kept]
        if not plain:
            module = f"(module={string_literal(merged)})" if merged is not None and cls is None else ""
            lines.append(f"{indent}@{self.runtime}.function{module}")
        params = self.parameters(node.args, env, scope)
        returns = f" -> {self.annotation(node.returns, env, scope)}" if node.returns is not None else ""
        keyword = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
        body: list[str] = []
        doc = ast.get_docstring(node, clean=False)
        if doc is not None:
            body += _indented(docstring_literal(doc), indent + "    ")
        if exception and name == "__init__" and (node.args.posonlyargs or node.args.args):
            first = (node.args.posonlyargs + node.args.args)[0].arg
            body.append(f"{indent}    {self.runtime}.init_exception({first}, locals())")
        if name == "__new__" and cls is not None and _is_enum(cls) and (node.args.posonlyargs or node.args.args):
            # The enum's metaclass builds each member with it while the class is made: it must
            # build one (the first argument its value, the others attributes), not be empty.
            first = (node.args.posonlyargs + node.args.args)[0].arg
            body.append(f"{indent}    return {self.runtime}.enum_member({first}, locals())")
        head = f"{keyword} {name}("
        lines += signature_lines(head, params, f"){returns}:" + ("" if body else " ..."), indent, width=self.width)
        return lines + body

    def _decorators(
        self, node: FunctionNode, env: ModuleSource, scope: Scope | None
    ) -> tuple[list[str], list[str], bool]:
        kept: list[str] = []
        dropped: list[str] = []
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            path = self.ns.canonical(target, env, scope)
            if path in _OVERLOAD:
                return kept, dropped, True
            code = None
            if path in FUNCTION_DECORATORS and not isinstance(decorator, ast.Call):
                code = self.ns.code(decorator, env, scope)
            elif (
                isinstance(decorator, ast.Attribute)
                and decorator.attr in _ACCESSORS
                and isinstance(decorator.value, ast.Name)
                and scope is not None
                and scope.names.get(decorator.value.id) == PROPERTY
            ):
                code = f"{decorator.value.id}.{decorator.attr}"
            if code is None:
                dropped.append(self.ns.text(decorator))
            else:
                kept.append(code)
        return kept, dropped, False

    def parameters(self, args: ast.arguments, env: ModuleSource, scope: Scope | None) -> list[Param]:
        positional = args.posonlyargs + args.args
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        defaults += args.defaults
        out = []
        for i, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
            out.append(self._parameter("", arg, default, env, scope))
            if args.posonlyargs and i == len(args.posonlyargs) - 1:
                out.append(Param("/"))
        if args.vararg is not None:
            out.append(self._parameter("*", args.vararg, None, env, scope))
        elif args.kwonlyargs:
            out.append(Param("*"))
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            out.append(self._parameter("", arg, kw_default, env, scope))
        if args.kwarg is not None:
            out.append(self._parameter("**", args.kwarg, None, env, scope))
        return out

    def _parameter(
        self, star: str, arg: ast.arg, default: ast.expr | None, env: ModuleSource, scope: Scope | None
    ) -> Param:
        annotation = self.annotation(arg.annotation, env, scope) if arg.annotation is not None else None
        value = self.value(default, env, scope) if default is not None else None
        return Param(star + arg.arg, annotation, value)

    # --- classes ------------------------------------------------------------------------

    def lines(
        self, node: ast.ClassDef, env: ModuleSource, indent: str, outer: Scope | None, *, merged: str | None
    ) -> list[str]:
        """The lines of a stub class (nested classes included)."""
        kept, dropped = self._class_decorators(node, env, outer)
        items = [b for b in (self._base(base, env, outer) for base in node.bases) if b is not None]
        if len(items) < len(node.bases):
            dropped += ["(a base it cannot mirror)"]
        for keyword in node.keywords:
            code = self.ns.code(keyword.value, env, outer) if keyword.arg is not None else None
            if code is None:
                dropped.append(f"{keyword.arg or '**'}={self.ns.text(keyword.value)}")
            else:
                items.append(f"{keyword.arg}={code}")
        exception = self.index.is_exception(env, node)
        lines = []
        if dropped:
            lines.append(indent + comment("in the source also: " + " ".join(dropped)))
        module = f"(module={string_literal(merged)})" if merged is not None else ""
        lines.append(f"{indent}@{self.runtime}.stub_class{module}")
        lines += [f"{indent}@{d}" for d in kept]
        head = f"class {node.name}"
        if items:
            lines += bracketed(head + "(", items, "):", indent=indent, hug=True, width=self.width).split("\n")
        else:
            lines.append(f"{indent}{head}:")
        inner = indent + "    "
        blocks: list[tuple[bool, list[str]]] = []
        doc = ast.get_docstring(node, clean=False)
        if doc is not None:
            blocks.append((True, _indented(docstring_literal(doc), inner)))  # a blank line follows it
        init = self._attrs_init(node, env, outer, inner)
        if init is not None:
            blocks.append((True, init))
        scope = Scope()
        for member in _members(node.body):
            block = self._member(member, node, env, inner, scope, exception)
            if block is not None:
                blocks.append(block)
        if not blocks:
            lines[-1] += " ..."
            return lines
        previous: bool | None = None
        for compound, member_lines in blocks:
            if previous is not None and (compound or previous) and lines[-1]:
                lines.append("")
            lines += member_lines
            previous = compound
        while not lines[-1]:
            lines.pop()  # the blank line after an import that ends the class body
        return lines

    def _member(
        self, member: ast.stmt, cls: ast.ClassDef, env: ModuleSource, indent: str, scope: Scope, exception: bool
    ) -> tuple[bool, list[str]] | None:
        if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = self.function(member, env, indent, scope, cls=cls, merged=None, exception=exception)
            if lines is None:
                return None
            is_property = any(line.strip() in ("@property", "@functools.cached_property") for line in lines)
            scope.names[member.name] = PROPERTY if is_property else scope.names.get(member.name, VALUE)
            return True, lines
        if isinstance(member, ast.ClassDef):
            lines = self.lines(member, env, indent, scope, merged=None)
            scope.names[member.name] = VALUE
            return True, lines
        if isinstance(member, ast.Import | ast.ImportFrom):
            return self._import(member, indent, scope)
        if isinstance(member, ast.Delete):
            return self._delete(member, indent, scope)
        if isinstance(member, ast.Assign) and len(member.targets) == 1 and isinstance(member.targets[0], ast.Name):
            made = self._made(member.targets[0].id, member.value, cls, env, indent, scope)
            if made is not None:
                return made
        if isinstance(member, ast.AnnAssign) and isinstance(member.target, ast.Name):
            return self._attribute(member.target.id, member.annotation, member.value, env, indent, scope)
        if isinstance(member, ast.Assign):
            lines = []
            for target in member.targets:
                if isinstance(target, ast.Name):
                    found = self._attribute(target.id, None, member.value, env, indent, scope)
                    if found is not None:
                        lines += found[1]
            return (False, lines) if lines else None
        return None

    def _import(self, stmt: ast.Import | ast.ImportFrom, indent: str, scope: Scope) -> tuple[bool, list[str]] | None:
        """An import in a class body (werkzeug's ``import json`` before ``json_dumps =
        staticmethod(json.dumps)``): repeated where it imports the standard library, else the
        names it binds hide the module's own for the rest of the class body."""
        if isinstance(stmt, ast.ImportFrom):
            names = [alias.asname or alias.name for alias in stmt.names]
            stdlib = stmt.level == 0 and _stdlib(stmt.module or "") and "*" not in names
        else:
            names = [alias.asname or alias.name.partition(".")[0] for alias in stmt.names]
            stdlib = all(_stdlib(alias.name) for alias in stmt.names)
        for name in names:
            scope.names[name] = VALUE if stdlib else HIDDEN
        return (False, [indent + ast.unparse(stmt), ""]) if stdlib else None  # as ruff format, a blank line after

    def _delete(self, stmt: ast.Delete, indent: str, scope: Scope) -> tuple[bool, list[str]] | None:
        """``del json`` in a class body: repeated for the names the stub's class body bound."""
        names = [target.id for target in stmt.targets if isinstance(target, ast.Name)]
        written = [name for name in names if scope.names.get(name)]
        for name in names:
            scope.names.pop(name, None)
        return (False, [f"{indent}del {', '.join(written)}"]) if written else None

    def _made(
        self, name: str, value: ast.expr, cls: ast.ClassDef, env: ModuleSource, indent: str, scope: Scope
    ) -> tuple[bool, list[str]] | None:
        """A class attribute a factory function of the project makes while the class is built
        (``list_repr = _sequence_repr_maker("[", "]", list)``): the function it returns, mirrored
        under the attribute's name, or a double taking anything (see :mod:`planner.doubles.built`)."""
        if name.startswith("__") and name.endswith("__"):
            return None
        found = factory_function(self.index, value, env, set(scope.names))
        if found is None:
            return None
        assert isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
        scope.names[name] = VALUE
        made = f"made in the source by {value.func.id}(...)"
        if isinstance(found, str):
            return True, [
                indent + comment(made + ", a function whose signature the mirror cannot know"),
                f"{indent}@{self.runtime}.function",
                f"{indent}def {name}(*args, **kwargs): ...",
            ]
        function, where = found
        lines = self.function(renamed(function, name), where, indent, None, cls=cls, merged=None)
        return True, [indent + comment(made + ": the function it returns"), *(lines or [])]

    def _attrs_init(self, node: ast.ClassDef, env: ModuleSource, outer: Scope | None, indent: str) -> list[str] | None:
        """The ``__init__`` an attrs class decorator makes from the fields (``@attr.s``,
        ``@attrs.define``, ...), as attrs makes it: its signature, an empty body."""
        fields = attrs_fields(self.index, node, env, lambda expr: self.ns.canonical(expr, env, outer))
        if fields is None:
            return None
        params = [Param("self")]
        keyword_only = False
        for field in [f for f in fields if not f.kw_only] + [f for f in fields if f.kw_only]:
            if field.kw_only and not keyword_only:
                params.append(Param("*"))
                keyword_only = True
            where = field.module
            scope = outer if where is env else None
            shown = self.annotation(field.annotation, where, scope) if field.annotation is not None else None
            default = None
            if field.default is not None:
                # attrs shows a factory's default as NOTHING, the value it fills in later
                default = (
                    self.placeholder("NOTHING", field.name)
                    if field.factory
                    else self.value(field.default, where, scope, field.name)
                )
            params.append(Param(field.name, shown, default))
        lines = [indent + comment("made in the source by the attrs class decorator, from the fields")]
        return lines + signature_lines("def __init__(", params, ") -> None: ...", indent, width=self.width)

    def _attribute(
        self,
        name: str,
        annotation: ast.expr | None,
        value: ast.expr | None,
        env: ModuleSource,
        indent: str,
        scope: Scope,
    ) -> tuple[bool, list[str]] | None:
        if name.startswith("_") and name.endswith("_") and len(name) > 2:
            return None  # __slots__, __hash__, _fields_ (ctypes), _order_ (enum): how the real class is built
        shown = self.annotation(annotation, env, scope) if annotation is not None else None
        target = f"{name}: {shown}" if shown is not None else name
        if value is None:
            return (False, self._annotated(name, shown, "", indent)) if shown is not None else None
        code = self.ns.code(value, env, scope)
        if code is None:
            code = self._field(value, env, scope, name)
        scope.names[name] = VALUE if code is not None else REF
        if code is not None:
            value = ast.parse(code, mode="eval").body
        else:
            value = ast.parse(self.placeholder_for(value, name), mode="eval").body
        lines = layout(value, f"{target} = ", indent=indent, width=self.width)
        if shown is not None and len(lines) == 1 and len(lines[0]) > self.width:
            # the value cannot be split (``= []``): the annotation is, as ruff format does
            return False, self._annotated(name, shown, lines[0][len(f"{indent}{target}") :], indent)
        return False, lines

    def _annotated(self, name: str, annotation: str, tail: str, indent: str) -> list[str]:
        """``name: annotation`` + ``tail``, the annotation's brackets opened where the line is too long."""
        one = f"{indent}{name}: {annotation}{tail}"
        if len(one) <= self.width:
            return [one]
        try:
            expr = ast.parse(annotation, mode="eval").body
        except SyntaxError:
            return [one]
        lines = layout(expr, f"{name}: ", tail, indent=indent, width=self.width)
        if len(lines) == 1 and len(lines[0]) > self.width:  # no brackets of its own (``A | B``): parenthesized
            return [f"{indent}{name}: (", f"{indent}    {annotation}", f"{indent}){tail}"]
        return lines

    def _field(self, value: ast.expr, env: ModuleSource, scope: Scope, name: str) -> str | None:
        """``dataclasses.field(...)`` whose default the stub cannot compute (rich's ``field(default_factory=
        lambda: deque(maxlen=1000), init=False)``): the field kept, so the constructor is the real one
        (``init``, ``kw_only``), its default or factory a loud stand-in."""
        if not isinstance(value, ast.Call) or value.args or self.ns.canonical(value.func, env, scope) != _FIELD:
            return None
        func = self.ns.code(value.func, env, scope)
        if func is None:
            return None
        items = []
        for keyword in value.keywords:
            code = self.ns.code(keyword.value, env, scope) if keyword.arg is not None else None
            if code is None and keyword.arg == "default":
                code = self.placeholder_for(keyword.value, name)
            elif code is None and keyword.arg == "default_factory":
                text = string_literal(self.ns.text(keyword.value))
                module = string_literal(self.ns.target.name)
                code = f"{self.runtime}.source_factory({text}, module={module}, name={string_literal(name)})"
            if code is not None:  # what else it cannot compute (metadata=...) shapes no signature
                items.append(f"{keyword.arg}={code}")
        return f"{func}({', '.join(items)})"

    def _class_decorators(
        self, node: ast.ClassDef, env: ModuleSource, scope: Scope | None
    ) -> tuple[list[str], list[str]]:
        kept: list[str] = []
        dropped: list[str] = []
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            code = None
            if self.ns.canonical(target, env, scope) in CLASS_DECORATORS:
                code = self.ns.code(decorator, env, scope)
            if code is None:
                dropped.append("@" + self.ns.text(decorator))
            else:
                kept.append(code)
        return kept, dropped

    def _base(self, base: ast.expr, env: ModuleSource, scope: Scope | None) -> str | None:
        """A base class as the stub writes it: mirrored from the project, copied, or a stand-in."""
        mirrored = self._mirror_base(base, env)
        if mirrored is not None:
            return mirrored
        code = self.ns.code(base, env, scope)
        if code is not None and not self._is_stand_in(base, env):
            return code
        path = self.ns.canonical(base, env, scope)
        if path is None or "." not in path:
            return None
        module, _, name = path.rpartition(".")
        exception = name.endswith(("Error", "Exception", "Warning"))
        return (
            f"{self.runtime}.base({string_literal(module)}, {string_literal(name)}, "
            f"within={string_literal(self.ns.target.name)}, exception={exception})"
        )

    def _is_stand_in(self, base: ast.expr, env: ModuleSource) -> bool:
        root = base
        while isinstance(root, ast.Attribute | ast.Subscript):
            root = root.value
        if not isinstance(root, ast.Name):
            return False
        return self.ns.kinds.get(root.id) in ("ref", "module-ref") and env.env.get(root.id) is not None

    def _mirror_base(self, base: ast.expr, env: ModuleSource) -> str | None:
        """Mirror a base class that another module of the project defines (``Base``,
        ``module.Base``, ``Base[T]``), and say how the stub writes it."""
        if isinstance(base, ast.Subscript):
            mirrored = self._mirror_base(base.value, env)
            arguments = self.ns.code(base.slice, env, None) if mirrored is not None else None
            return f"{mirrored}[{arguments}]" if arguments is not None else None
        if isinstance(base, ast.Name):
            origin = env.env.get(base.id)
            if origin is None or origin.kind != "project" or origin.attr is None:
                return None
            resolved = self.index.resolve(origin.module, origin.attr)
            name, key = base.id, self.ns.key(base.id, origin, env)
        elif isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
            origin = env.env.get(base.value.id)
            if origin is None or origin.kind != "project":
                return None
            module = origin.module if origin.attr is None else f"{origin.module}.{origin.attr}"
            if module not in self.index:
                return None
            resolved = self.index.resolve(module, base.attr)
            name, key = base.attr, ("local", module, base.attr)
        else:
            return None
        if resolved is None or not isinstance(resolved.item, Definition):
            return None
        if not isinstance(resolved.item.node, ast.ClassDef):
            return None
        return name if self.stub.mirror(Resolved(resolved.module, resolved.item), name, key) else None


_ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum"})


def _is_enum(cls: ast.ClassDef) -> bool:
    """Whether ``cls`` derives, by name, from one of the standard library's enum classes."""
    return any(ast.unparse(base).rpartition(".")[2] in _ENUM_BASES for base in cls.bases)


def _stdlib(module: str) -> bool:
    """A module of the standard library that exists on every platform."""
    return (
        module.partition(".")[0] in STDLIB
        and module not in PLATFORM_MODULES
        and module.partition(".")[0] not in PLATFORM_MODULES
    )


def _members(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """A class body's statements, with those of its ``if`` and ``try`` blocks: where both
    branches define a name, the first one's definition is kept (as for the module level)."""
    defined: set[str] = set()
    for stmt in body:
        if isinstance(stmt, ast.If):
            first = list(_members(stmt.body))
            names = {n for s in first for n in _bound(s)}
            yield from first
            yield from (s for s in _members(stmt.orelse) if not set(_bound(s)) & names)
        elif isinstance(stmt, ast.Try | ast.TryStar):
            first = list(_members(stmt.body))
            names = {n for s in first for n in _bound(s)}
            yield from first
            for handler in stmt.handlers:
                yield from (s for s in _members(handler.body) if not set(_bound(s)) & names)
            yield from _members(stmt.orelse)
        else:
            defined.update(_bound(stmt))
            yield stmt


def _bound(stmt: ast.stmt) -> list[str]:
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [stmt.name]
    if isinstance(stmt, ast.Assign):
        return [t.id for t in stmt.targets if isinstance(t, ast.Name)]
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return [stmt.target.id]
    return []


def _indented(text: str, indent: str) -> list[str]:
    """A docstring literal at ``indent`` (its continuation lines are part of the string: kept)."""
    lines = text.split("\n")
    return [indent + lines[0], *lines[1:]]
