"""A module's top level, read from its source with :mod:`ast` (never imported).

:func:`read_module` gives a :class:`ModuleSource`: the statements that bind
top-level names (imports, definitions, assignments, and the ``if`` blocks
around them), and :attr:`ModuleSource.env`, where each name comes from
(:class:`Origin`). The stub writer (:mod:`planner.doubles.stubs`) mirrors
the definitions, and the call-site reader (:mod:`planner.doubles.calls`)
resolves what a caller takes from a unit, from the same bindings.

``if TYPE_CHECKING:`` bodies bind nothing at run time and are left out; the
bodies of ``try`` and other compound statements are read as if they ran.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from planner.errors import SourceError

__all__ = [
    "STDLIB",
    "Assignment",
    "Condition",
    "Definition",
    "Import",
    "Item",
    "ModuleSource",
    "Origin",
    "absolute_module",
    "read_module",
    "walk_items",
]

STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}


@dataclass(frozen=True)
class Origin:
    """Where a top-level name comes from.

    ``kind``: ``stdlib``, ``project`` or ``external`` for imports (``module`` is
    the absolute module; ``attr`` the name taken from it, ``None`` for the module
    itself), ``local`` for what the module defines (``module`` is the module).
    """

    kind: str
    module: str
    attr: str | None = None
    guarded: bool = False
    written: str = ""
    """For ``import a.b`` (no ``as``), which binds ``a``: ``a.b``, the module it imports."""


@dataclass(frozen=True)
class Import:
    """An import statement: the names it binds, each with its origin."""

    bindings: tuple[tuple[str, Origin], ...]
    node: ast.Import | ast.ImportFrom
    guarded: bool


@dataclass(frozen=True)
class Definition:
    """A ``def``, ``async def`` or ``class`` statement."""

    name: str
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


@dataclass(frozen=True)
class Assignment:
    """``name = value``, ``name: annotation = value`` or ``name: annotation``."""

    name: str
    annotation: ast.expr | None
    value: ast.expr | None
    node: ast.stmt


@dataclass(frozen=True)
class Condition:
    """An ``if`` at the top level, with the items of each branch."""

    test: ast.expr
    body: tuple[Item, ...]
    orelse: tuple[Item, ...]
    node: ast.If


Item = Import | Definition | Assignment | Condition


@dataclass(frozen=True)
class ModuleSource:
    """One module's top level, as read from ``path``."""

    name: str
    path: str
    package: bool
    tree: ast.Module
    text: str
    items: tuple[Item, ...]
    env: dict[str, Origin] = field(compare=False)
    future_annotations: bool = False
    docstring: str | None = None
    all_names: tuple[str, ...] | None = None
    import_guards: Mapping[int, ast.Try] = field(default_factory=dict, compare=False)
    """``try: import x ... except ImportError: ...`` blocks a stub keeps whole, as written, by the
    ``id`` of each statement in them (see :func:`_import_guard`): their imports and constants
    come out as the real module's do (``has_simplejson`` is ``False`` without simplejson)."""

    def definitions(self) -> Iterator[Definition]:
        """Every top-level definition, in source order (both branches of each ``if``)."""
        yield from (item for item in _walk(self.items) if isinstance(item, Definition))

    def definition(self, name: str) -> Definition | Assignment | None:
        """The last top-level definition or assignment of ``name``, if any."""
        found: Definition | Assignment | None = None
        for item in _walk(self.items):
            if isinstance(item, Definition | Assignment) and item.name == name:
                found = item
        return found


def walk_items(items: Iterable[Item]) -> Iterator[Item]:
    """Every item of ``items``, those under an ``if`` included, in source order."""
    return _walk(items)


def _walk(items: Iterable[Item]) -> Iterator[Item]:
    for item in items:
        yield item
        if isinstance(item, Condition):
            yield from _walk(item.body)
            yield from _walk(item.orelse)


def read_module(name: str, text: str, *, path: str, package: bool, project: frozenset[str]) -> ModuleSource:
    """Read module ``name`` from its source ``text`` (``path`` names it in errors).

    ``project`` holds the top-level names of the source tree, which tell its
    own imports from the standard library's and third parties'.
    """
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        raise SourceError(f"syntax error: {exc.msg}", path=path, line=exc.lineno) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise SourceError(f"cannot parse: {exc}", path=path) from None
    reader = _Reader(name, package, project)
    items = tuple(reader.body(tree.body, guarded=False))
    return ModuleSource(
        name=name,
        path=path,
        package=package,
        tree=tree,
        text=text,
        items=items,
        env=reader.env,
        future_annotations=reader.future_annotations,
        docstring=ast.get_docstring(tree, clean=False),
        all_names=reader.all_names,
        import_guards=reader.import_guards,
    )


def absolute_module(module: str, level: int, *, importer: str, package: bool) -> str | None:
    """The absolute name of ``from <level dots><module> import ...`` in ``importer``."""
    if not level:
        return module
    parts = importer.split(".") if package else importer.split(".")[:-1]
    if level - 1 > len(parts) or (level - 1 == len(parts) and not module):
        return None
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, module] if module else base) or None


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})


def _import_guard(stmt: ast.Try, kind: Callable[[str], str]) -> bool:
    """Whether ``stmt`` only tries imports of modules outside the project and sets constants,
    catching nothing but ``ImportError``: such a block runs in a stub as in the real module
    (no project code, nothing else to fail), so it is kept whole rather than flattened."""
    if stmt.finalbody or not stmt.handlers:
        return False
    for handler in stmt.handlers:
        caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if handler.name or not all(isinstance(c, ast.Name) and c.id in _IMPORT_ERRORS for c in caught):
            return False
    body = [*stmt.body, *(s for h in stmt.handlers for s in h.body), *stmt.orelse]
    return all(_plain(s, kind) for s in body)


def _plain(stmt: ast.stmt, kind: Callable[[str], str]) -> bool:
    if isinstance(stmt, ast.Pass):
        return True
    if isinstance(stmt, ast.Import):
        return all(kind(alias.name) != "project" for alias in stmt.names)
    if isinstance(stmt, ast.ImportFrom):
        return not stmt.level and kind(stmt.module or "") != "project" and all(a.name != "*" for a in stmt.names)
    if isinstance(stmt, ast.Assign) and all(isinstance(t, ast.Name) for t in stmt.targets):
        try:
            ast.literal_eval(stmt.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return False
        return True
    return isinstance(stmt, ast.Try) and _import_guard(stmt, kind)


class _Reader:
    def __init__(self, name: str, package: bool, project: frozenset[str]) -> None:
        self.name = name
        self.package = package
        self.project = project
        self.env: dict[str, Origin] = {}
        self.future_annotations = False
        self.all_names: tuple[str, ...] | None = None
        self.import_guards: dict[int, ast.Try] = {}

    def kind(self, module: str) -> str:
        top = module.partition(".")[0]
        if top in self.project:
            return "project"
        return "stdlib" if top in STDLIB else "external"

    def body(self, body: list[ast.stmt], *, guarded: bool) -> Iterator[Item]:
        for stmt in body:
            yield from self.statement(stmt, guarded=guarded)

    def statement(self, stmt: ast.stmt, *, guarded: bool) -> Iterator[Item]:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            item = self.imports(stmt, guarded)
            if item is not None:
                yield item
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            self.env[stmt.name] = Origin("local", self.name)
            yield Definition(stmt.name, stmt)
        elif isinstance(stmt, ast.Assign | ast.AnnAssign):
            yield from self.assignment(stmt)
        elif isinstance(stmt, ast.AugAssign):
            if isinstance(stmt.target, ast.Name) and stmt.target.id == "__all__":
                self.all_names = None  # extended at run time: no longer known from the source
        elif isinstance(stmt, ast.If):
            checking = _type_checking(stmt.test)
            if checking > 0:
                yield from self.body(stmt.orelse, guarded=guarded)
            elif checking < 0:
                yield from self.body(stmt.body, guarded=guarded)
            else:
                before = dict(self.env)
                body = tuple(self.body(stmt.body, guarded=guarded))
                taken = {k: v for k, v in self.env.items() if before.get(k) is not v}
                orelse = tuple(self.body(stmt.orelse, guarded=guarded))
                if _version_test(stmt.test):
                    # ``if sys.version_info >= (3, 8): from typing import Literal`` / ``else: from
                    # typing_extensions ...``: a name both branches bind is the one this Python takes
                    self.env.update(taken)
                yield Condition(stmt.test, body, orelse, stmt)
        elif isinstance(stmt, ast.Try | ast.TryStar):
            if not guarded and isinstance(stmt, ast.Try) and _import_guard(stmt, self.kind):
                for inner in ast.walk(stmt):
                    self.import_guards[id(inner)] = stmt
            yield from self.body(stmt.body, guarded=True)
            for handler in stmt.handlers:
                yield from self.body(handler.body, guarded=True)
            yield from self.body(stmt.orelse, guarded=guarded)
            yield from self.body(stmt.finalbody, guarded=guarded)
        elif isinstance(stmt, ast.With | ast.AsyncWith):
            yield from self.body(stmt.body, guarded=guarded)

    def imports(self, stmt: ast.Import | ast.ImportFrom, guarded: bool) -> Import | None:
        bindings: list[tuple[str, Origin]] = []
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    module, local = alias.name, alias.asname
                else:
                    module = local = alias.name.partition(".")[0]
                bindings.append((local, Origin(self.kind(alias.name), module, None, guarded, alias.name)))
        else:
            if stmt.module == "__future__":
                if any(alias.name == "annotations" for alias in stmt.names):
                    self.future_annotations = True
                return Import((), stmt, guarded)
            base = absolute_module(stmt.module or "", stmt.level or 0, importer=self.name, package=self.package)
            if base is None:
                return None
            kind = "project" if stmt.level else self.kind(base)
            for alias in stmt.names:
                if alias.name == "*":
                    continue  # the names a star import binds are not known from this file
                bindings.append((alias.asname or alias.name, Origin(kind, base, alias.name, guarded)))
        for local, origin in bindings:
            self.env[local] = origin
        return Import(tuple(bindings), stmt, guarded)

    def assignment(self, stmt: ast.Assign | ast.AnnAssign) -> Iterator[Assignment]:
        if isinstance(stmt, ast.AnnAssign):
            if isinstance(stmt.target, ast.Name):
                self.bind(stmt.target.id, stmt.value, stmt)
                yield Assignment(stmt.target.id, stmt.annotation, stmt.value, stmt)
            return
        for target in stmt.targets:
            if isinstance(target, ast.Name):
                self.bind(target.id, stmt.value, stmt)
                yield Assignment(target.id, None, stmt.value, stmt)
            elif isinstance(target, ast.Tuple | ast.List):
                values: list[ast.expr | None] = [None] * len(target.elts)
                if isinstance(stmt.value, ast.Tuple | ast.List) and len(stmt.value.elts) == len(target.elts):
                    values = list(stmt.value.elts)
                for element, value in zip(target.elts, values, strict=True):
                    if isinstance(element, ast.Name):
                        self.bind(element.id, value, stmt)
                        yield Assignment(element.id, None, value, stmt)

    def bind(self, name: str, value: ast.expr | None, stmt: ast.stmt) -> None:
        self.env[name] = Origin("local", self.name)
        if name == "__all__":
            self.all_names = _string_list(value)


def _string_list(value: ast.expr | None) -> tuple[str, ...] | None:
    if not isinstance(value, ast.List | ast.Tuple):
        return None
    names = [e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return tuple(names) if len(names) == len(value.elts) else None


def _version_test(test: ast.expr) -> bool:
    """Whether ``test`` is ``sys.version_info <op> (3, 8)`` and true for this interpreter (the
    one that writes the stubs, and runs them)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.comparators[0], ast.Tuple)):
        return False
    left, right = test.left, test.comparators[0]
    if not (isinstance(left, ast.Attribute) and left.attr == "version_info" and isinstance(left.value, ast.Name)):
        return False
    if left.value.id != "sys" or not all(isinstance(e, ast.Constant) and type(e.value) is int for e in right.elts):
        return False
    version = tuple(e.value for e in right.elts)  # type: ignore[attr-defined]
    compare = {ast.GtE: "__ge__", ast.Gt: "__gt__", ast.Lt: "__lt__", ast.LtE: "__le__"}.get(type(test.ops[0]))
    return compare is not None and bool(getattr(sys.version_info, compare)(version))


def _type_checking(test: ast.expr) -> int:
    """1 for ``TYPE_CHECKING`` (any ``x.TYPE_CHECKING``), -1 for its negation, else 0."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return -_type_checking(test.operand)
    if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
        return 1
    if isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING":
        return 1
    return 0
