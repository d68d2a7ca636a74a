"""What a test's own code uses: the names it reads, sets and patches, from its AST.

A test is its function plus the code written beside it in its module that it
runs: the module-level helpers, classes and constants it names (transitively),
the fixtures of its module that it requests (by parameter name,
``usefixtures`` or ``autouse``), the setup and teardown methods and every
fixture of its class, and its decorators. Fixtures of ``conftest.py`` files are shared harness, not
part of the test (see ``docs/selection.md``).

:func:`usage` returns, for one test, the global names that code reads with
the attribute chains read on them (``db.fetch`` -> ``("db", ("fetch",))``),
the attributes it assigns, deletes or patches (``db.fetch = fake``,
``monkeypatch.setattr(db, "fetch", fake)``, ``mock.patch("shop.db.fetch")``),
and whether it reads a private attribute of some object it holds
(``order._lines``). Nothing here knows about units: :mod:`planner.selection.static`
resolves the names through the graph. Pure: source text in, values out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

__all__ = ["CodeUsage", "ModuleCode", "is_private", "parse_module", "setup_usage", "usage"]

_MAX_CHAIN = 8
_SETUP = frozenset(
    {
        "setUp",
        "tearDown",
        "setUpClass",
        "tearDownClass",
        "setup_method",
        "teardown_method",
        "setup_class",
        "teardown_class",
        "setup",
        "teardown",
    }
)
# pytest's own fixtures: their private attributes belong to pytest, not to a unit under test.
_PYTEST_FIXTURES = frozenset(
    {
        "request",
        "monkeypatch",
        "capsys",
        "capsysbinary",
        "capfd",
        "capfdbinary",
        "caplog",
        "recwarn",
        "tmp_path",
        "tmp_path_factory",
        "tmpdir",
        "tmpdir_factory",
        "pytestconfig",
        "pytester",
        "testdir",
        "record_property",
        "mocker",
        "self",
        "cls",
    }
)
_INTERNAL_DUNDERS = frozenset({"__dict__", "__globals__", "__closure__", "__code__", "__defaults__", "__kwdefaults__"})

Chain = tuple[str, tuple[str, ...]]
_BINDERS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.ExceptHandler)


def is_private(name: str) -> bool:
    """``_x`` and ``__x`` are private; dunders are public except the internals of functions and objects."""
    if name.startswith("__") and name.endswith("__") and len(name) > 4:
        return name in _INTERNAL_DUNDERS
    return name.startswith("_")


@dataclass(frozen=True)
class CodeUsage:
    """What one test's code touches (see the module docstring).

    ``reads``: global names read, each with the attribute chain read on it (``()``
    for the bare name); ``writes``: attribute chains assigned, deleted or patched
    through a global name; ``patched``: dotted strings given to ``mock.patch`` or
    ``monkeypatch.setattr``; ``private_local``: a private attribute read on a
    local object; ``spans``: the line ranges of the code (an import inside them
    belongs to the test); ``found``: whether the test's function was found (if
    not, the usage is the whole module's).
    """

    reads: frozenset[Chain]
    writes: frozenset[Chain]
    patched: frozenset[str]
    private_local: bool
    spans: tuple[tuple[int, int], ...]
    found: bool = True

    def covers(self, line: int) -> bool:
        return any(lo <= line <= hi for lo, hi in self.spans)


@dataclass(frozen=True)
class ModuleCode:
    """A test module's AST, indexed by the names its top level defines."""

    tree: ast.Module
    defined: dict[str, list[ast.stmt]]
    fixtures: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
    autouse: tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]
    memo: dict[tuple[int, int], _Part] = field(default_factory=dict, compare=False, repr=False)
    """What each definition uses, per test class: a helper is read once, not once per test."""


@dataclass(frozen=True)
class _Part:
    reads: frozenset[Chain]
    writes: frozenset[Chain]
    patched: frozenset[str]
    private_local: bool
    spans: tuple[tuple[int, int], ...]
    more: tuple[ast.AST, ...]


def parse_module(source: str | bytes) -> ModuleCode | None:
    """Index a test module's source (bytes: decoded as Python does); ``None`` if it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    defined: dict[str, list[ast.stmt]] = {}
    for stmt in _flatten(tree.body):
        for name in _binds(stmt):
            defined.setdefault(name, []).append(stmt)
    functions = [s for s in _flatten(tree.body) if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)]
    fixtures, autouse = _fixtures(functions)
    return ModuleCode(tree, defined, fixtures, autouse)


def usage(code: ModuleCode, function: str | None, cls: str | None, *, autouse: bool = True) -> CodeUsage:
    """The usage of test ``function`` (a method of class ``cls``, a dotted qualname, if given).

    ``autouse``: with the module's autouse fixtures (false for a fixture's own code).
    """
    owner = _find_class(code.tree.body, cls) if cls else None
    body = owner.body if owner is not None else code.tree.body
    target = next(
        (s for s in body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == function), None
    )
    if function is None or target is None or (cls and owner is None):
        return _Collector(code, None).whole_module()
    collector = _Collector(code, owner)
    start: list[ast.AST] = [target, *(code.autouse if autouse else ())]
    if owner is not None:
        start += [*owner.decorator_list, *owner.bases]  # a base class named here is the test's
        fixtures = set(map(id, collector.class_fixtures.values()))
        for stmt in owner.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                # setup methods, and every fixture of the class: a fixture of a base class defined
                # elsewhere may request them (``signer`` -> ``signer_factory``)
                if stmt.name in _SETUP or id(stmt) in fixtures:
                    start.append(stmt)
            else:
                start.append(stmt)  # class attributes, pytestmark
    return collector.run(start)


def setup_usage(code: ModuleCode, cls: str) -> CodeUsage | None:
    """The usage of class ``cls``'s own setup: its setup methods, fixtures and attributes (for a base
    class defined outside the test's module); ``None`` if the module has no such class."""
    owner = _find_class(code.tree.body, cls)
    if owner is None:
        return None
    methods = [s for s in owner.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)]
    fixtures = {id(f) for f in _fixtures(methods)[0].values()}
    start: list[ast.AST] = [*owner.decorator_list]
    for stmt in owner.body:
        if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) or stmt.name in _SETUP or id(stmt) in fixtures:
            start.append(stmt)
    return _Collector(code, owner).run(start)


def _flatten(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Top-level statements, looking into ``if``/``try``/``with`` blocks (conditional definitions)."""
    for stmt in body:
        if isinstance(stmt, ast.If | ast.Try | ast.TryStar | ast.With):
            for key in ("body", "orelse", "finalbody"):
                yield from _flatten(getattr(stmt, key, ()) or ())
            for handler in getattr(stmt, "handlers", ()):
                yield from _flatten(handler.body)
        else:
            yield stmt


def _binds(stmt: ast.stmt) -> Iterator[str]:
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        yield stmt.name
    elif isinstance(stmt, ast.Assign | ast.AnnAssign | ast.AugAssign):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    yield node.id


def _fixture_decorator(decorator: ast.expr) -> tuple[bool, str | None, bool] | None:
    """``(is fixture, name=, autouse=)`` of ``@pytest.fixture``/``@fixture`` (with or without arguments)."""
    call = decorator if isinstance(decorator, ast.Call) else None
    func = call.func if call is not None else decorator
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name not in ("fixture", "yield_fixture"):
        return None
    alias: str | None = None
    autouse = False
    for keyword in call.keywords if call is not None else ():
        value = keyword.value
        if keyword.arg == "name" and isinstance(value, ast.Constant) and isinstance(value.value, str):
            alias = value.value
        if keyword.arg == "autouse" and isinstance(value, ast.Constant):
            autouse = bool(value.value)
    return True, alias, autouse


def _fixtures(
    functions: Iterable[ast.FunctionDef | ast.AsyncFunctionDef],
) -> tuple[dict[str, ast.FunctionDef | ast.AsyncFunctionDef], tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]]:
    fixtures: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    autouse = []
    for stmt in functions:
        for decorator in stmt.decorator_list:
            found = _fixture_decorator(decorator)
            if found is None:
                continue
            _, alias, auto = found
            fixtures[alias or stmt.name] = stmt
            if auto:
                autouse.append(stmt)
    return fixtures, tuple(autouse)


def _find_class(body: Iterable[ast.stmt], qualname: str) -> ast.ClassDef | None:
    first, _, rest = qualname.partition(".")
    for stmt in _flatten(body):
        if isinstance(stmt, ast.ClassDef) and stmt.name == first:
            return _find_class(stmt.body, rest) if rest else stmt
    return None


def _chain(node: ast.expr) -> tuple[ast.expr, tuple[str, ...]]:
    """``a.b.c`` -> (``a``, ("b", "c")): the innermost expression and the attributes read on it."""
    attrs: list[str] = []
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    attrs.reverse()
    return node, tuple(attrs[:_MAX_CHAIN])


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _locals(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """Names a function binds itself (parameters, assignments), except by ``import``."""
    args = function.args
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    names.update(a.arg for a in (args.vararg, args.kwarg) if a is not None)
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, _BINDERS) and node is not function and node.name:
            names.add(node.name)
    return names


class _Collector:
    def __init__(self, code: ModuleCode, owner: ast.ClassDef | None) -> None:
        self.code = code
        self.owner = owner
        self.members: dict[str, ast.stmt] = {}
        self.class_fixtures: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self.class_autouse: tuple[ast.stmt, ...] = ()
        if owner is not None:
            for klass in self._class_and_bases(owner):
                for stmt in klass.body:
                    for name in _binds(stmt):
                        self.members.setdefault(name, stmt)
            methods = [s for s in owner.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)]
            self.class_fixtures, self.class_autouse = _fixtures(methods)
        self.reads: set[Chain] = set()
        self.writes: set[Chain] = set()
        self.patched: set[str] = set()
        self.private_local = False
        self.spans: list[tuple[int, int]] = []

    def _class_and_bases(self, klass: ast.ClassDef) -> Iterator[ast.ClassDef]:
        seen: set[str] = set()
        todo = [klass]
        while todo:
            current = todo.pop()
            if current.name in seen:
                continue
            seen.add(current.name)
            yield current
            for base in current.bases:
                if isinstance(base, ast.Name):
                    todo += [s for s in self.code.defined.get(base.id, ()) if isinstance(s, ast.ClassDef)]

    def whole_module(self) -> CodeUsage:
        self.visit(self.code.tree, set())
        return self.result(found=False)

    def result(self, *, found: bool = True) -> CodeUsage:
        return CodeUsage(
            reads=frozenset(self.reads),
            writes=frozenset(self.writes),
            patched=frozenset(self.patched),
            private_local=self.private_local,
            spans=tuple(sorted(set(self.spans))),
            found=found,
        )

    def run(self, start: list[ast.AST]) -> CodeUsage:
        todo = list(start)
        seen: set[int] = set()
        while todo:
            node = todo.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            part = self.part(node)
            self.reads |= part.reads
            self.writes |= part.writes
            self.patched |= part.patched
            self.private_local = self.private_local or part.private_local
            self.spans += part.spans
            todo += part.more
        return self.result()

    def part(self, node: ast.AST) -> _Part:
        """What ``node`` uses on its own (memoised on the module, per test class)."""
        key = (id(node), id(self.owner))
        found = self.code.memo.get(key)
        if found is not None:
            return found
        saved = (self.reads, self.writes, self.patched, self.private_local, self.spans)
        self.reads, self.writes, self.patched, self.private_local, self.spans = set(), set(), set(), False, []
        local: set[str] = set()
        more: list[ast.AST] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            local = _locals(node)
            for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
                fixture = self.class_fixtures.get(arg.arg) or self.code.fixtures.get(arg.arg)
                if fixture is not None:
                    more.append(fixture)
        more += self.visit(node, local)
        found = _Part(
            frozenset(self.reads),
            frozenset(self.writes),
            frozenset(self.patched),
            self.private_local,
            tuple(self.spans),
            tuple(more),
        )
        self.code.memo[key] = found
        self.reads, self.writes, self.patched, self.private_local, self.spans = saved
        return found

    def visit(self, node: ast.AST, local: set[str]) -> list[ast.AST]:
        """Record what ``node`` uses; return the definitions of its module and class it names."""
        more: list[ast.AST] = []
        lo = getattr(node, "lineno", None)
        if lo is not None:
            self.spans.append((lo, getattr(node, "end_lineno", None) or lo))
        # ``db.fetch`` reads ``fetch`` of ``db``, not ``db`` itself (nor ``a.b`` of ``a.b.c``).
        rooted = {id(sub.value) for sub in ast.walk(node) if isinstance(sub, ast.Attribute)}
        for sub in ast.walk(node):
            if isinstance(sub, ast.Lambda | ast.FunctionDef | ast.AsyncFunctionDef) and sub is not node:
                local = local | _locals(sub)
            if isinstance(sub, ast.Call):
                more += self.call(sub, local)
            elif isinstance(sub, ast.Attribute) and id(sub) not in rooted:  # whole chains only: a.b.c, not a.b
                root, attrs = _chain(sub)
                more += self.attribute(sub, root, attrs, local)
            elif isinstance(sub, ast.Name) and sub.id not in local and isinstance(sub.ctx, ast.Load):
                if id(sub) not in rooted:
                    self.reads.add((sub.id, ()))
                more += self.code.defined.get(sub.id, [])
                fixture = self.code.fixtures.get(sub.id)
                if fixture is not None:
                    more.append(fixture)
            elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                # @pytest.mark.usefixtures("name") and request.getfixturevalue("name")
                fixture = self.class_fixtures.get(sub.value) or self.code.fixtures.get(sub.value)
                if fixture is not None:
                    more.append(fixture)
        return more

    def attribute(self, node: ast.Attribute, root: ast.expr, attrs: tuple[str, ...], local: set[str]) -> list[ast.AST]:
        if isinstance(root, ast.Name) and root.id not in local:
            (self.writes if isinstance(node.ctx, ast.Store | ast.Del) else self.reads).add((root.id, attrs))
            return []
        if isinstance(root, ast.Name) and root.id in ("self", "cls"):
            # self.helper(), self.runner: members of the test's class (its own state is not a unit's)
            member = self.members.get(attrs[0]) if attrs else None
            return [member] if member is not None else []
        if isinstance(root, ast.Name) and root.id in _PYTEST_FIXTURES:
            return []
        if any(is_private(a) for a in attrs):
            self.private_local = True
        return []

    def call(self, call: ast.Call, local: set[str]) -> list[ast.AST]:
        func = call.func
        more: list[ast.AST] = []
        root, attrs = _chain(func)
        name = attrs[-1] if attrs else root.id if isinstance(root, ast.Name) else ""
        args = call.args
        if name in ("getattr", "hasattr", "setattr", "delattr") and len(args) >= 2 and not attrs:
            attr = _literal(args[1])
            if attr is not None:
                self.reach(args[0], (attr,), local, write=name in ("setattr", "delattr"))
        elif name in ("setattr", "delattr") and attrs and args:  # monkeypatch.setattr(...)
            target = _literal(args[0])
            if target is not None and (name == "delattr" or len(args) == 2) and "." in target:
                self.patched.add(target)
            elif len(args) >= 2 and _literal(args[1]) is not None:
                self.reach(args[0], (_literal(args[1]) or "",), local, write=True)
        elif name in ("setitem", "delitem") and attrs and args:  # monkeypatch.setitem(module.TABLE, ...)
            self.reach(args[0], (), local, write=True)
        elif name == "patch" or (name in ("object", "dict", "multiple") and "patch" in attrs[:-1]):
            target = _literal(args[0]) if args else None
            if target is not None:
                self.patched.add(target)
            elif args:
                attr = _literal(args[1]) if len(args) > 1 else None
                self.reach(args[0], (attr,) if attr is not None else (), local, write=True)
        return more

    def reach(self, node: ast.expr, extra: tuple[str, ...], local: set[str], *, write: bool) -> None:
        root, attrs = _chain(node)
        chain = (attrs + extra)[:_MAX_CHAIN]
        if isinstance(root, ast.Name) and root.id not in local:
            (self.writes if write else self.reads).add((root.id, chain))
        elif write or any(is_private(a) for a in chain):
            self.private_local = True
