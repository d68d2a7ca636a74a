"""Parse one file's source into import records, without running it.

:func:`parse_source` is a pure function of the file's bytes (so its result can
be cached by content). It parses with :mod:`ast` and then walks only the
statements whose lines may hold what it looks for: a regular expression finds
the lines that mention ``import``/``import_module``/``__import__`` (and, in a
second pass, the lines that read an attribute of a name an import binds), and
the walk skips every statement whose line span holds none of them. Building
the AST is then most of the cost; walking all of it in Python would cost
several times more.
"""

from __future__ import annotations

import ast
from bisect import bisect_left
from collections.abc import Iterable, Iterator

from planner.loaders.scan.model import Binding, FileRecord, ImportRecord

__all__ = ["parse_source"]

_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
_STRING_IMPORTERS = frozenset({"import_module", "__import__"})
_MAX_CHAIN = 8
_MAX_STATEMENT = 200


def parse_source(data: bytes) -> FileRecord:
    """The imports of a Python source file given as bytes (encoding per PEP 263)."""
    try:
        text = _decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return FileRecord(error=_undecodable(data, exc))
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        return FileRecord(error=(exc.lineno, f"syntax error: {exc.msg}"))
    except ValueError as exc:  # null bytes (a SyntaxError since Python 3.12)
        return FileRecord(error=(None, f"syntax error: {exc}"))
    except (RecursionError, MemoryError):
        return FileRecord(error=(None, "cannot parse: nested too deeply"))
    # "import" also finds import_module and __import__; a few false hits only widen the walk.
    walker = _Walker(text, _lines_holding(text, ("import",)))
    walker.statements(tree.body, function=False, checking=False, guarded=False)
    bound = sorted({b.alias for record in walker.imports for b in record.bindings if b.alias != "*"})
    uses: dict[str, set[tuple[str, ...]]] = {}
    if bound:
        chains = _Chains(frozenset(bound), _lines_holding(text, [name + "." for name in bound]))
        chains.statements(tree.body)
        uses = chains.found
    return FileRecord(
        imports=tuple(walker.imports),
        defines=tuple(sorted(_top_level_names(tree.body))),
        uses=tuple((name, tuple(sorted(uses[name]))) for name in sorted(uses)),
    )


def _undecodable(data: bytes, exc: Exception) -> tuple[int | None, str]:
    """Where and why a file cannot be decoded (the first line that is not UTF-8, if any)."""
    if isinstance(exc, UnicodeDecodeError):
        return data[: exc.start].count(b"\n") + 1, f"cannot decode as {exc.encoding}: {exc.reason}"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = data[: bad.start].count(b"\n") + 1
        return line, "cannot decode: not UTF-8 and no encoding declaration (PEP 263)"
    return 1, f"cannot decode: {getattr(exc, 'msg', exc)}"


def _decode(data: bytes) -> str:
    import io
    import tokenize

    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:  # the AST counts lines the way universal newlines do
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _lines_holding(text: str, needles: Iterable[str]) -> list[int]:
    """The sorted line numbers, from 1, of the lines where a needle occurs.

    ``str.find`` and ``str.count`` run in C; a regular expression with word
    boundaries costs several times more on large files.
    """
    offsets: list[int] = []
    find = text.find
    for needle in needles:
        at = find(needle)
        while at >= 0:
            offsets.append(at)
            at = find(needle, at + 1)
    offsets.sort()
    result: list[int] = []
    line, pos = 1, 0
    count = text.count
    for at in offsets:
        line += count("\n", pos, at)
        pos = at
        if not result or result[-1] != line:
            result.append(line)
    return result


class _Lines:
    """Which statements to visit: those whose span holds a candidate line."""

    def __init__(self, candidates: list[int]) -> None:
        self.candidates = candidates

    def touches(self, node: ast.AST) -> bool:
        lo = getattr(node, "lineno", None)
        if lo is None:
            return True
        hi = getattr(node, "end_lineno", None) or lo
        i = bisect_left(self.candidates, lo)
        return i < len(self.candidates) and self.candidates[i] <= hi


def _headers(stmt: ast.stmt) -> Iterator[ast.AST]:
    """The expressions of a compound statement outside its bodies."""
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
        yield from stmt.decorator_list
        yield stmt.args
        if stmt.returns is not None:
            yield stmt.returns
    elif isinstance(stmt, ast.ClassDef):
        yield from stmt.decorator_list
        yield from stmt.bases
        yield from stmt.keywords
    elif isinstance(stmt, ast.If | ast.While):
        yield stmt.test
    elif isinstance(stmt, ast.For | ast.AsyncFor):
        yield stmt.target
        yield stmt.iter
    elif isinstance(stmt, ast.With | ast.AsyncWith):
        yield from stmt.items
    elif isinstance(stmt, ast.Match):
        yield stmt.subject
        for case in stmt.cases:
            yield case.pattern
            if case.guard is not None:
                yield case.guard
    elif isinstance(stmt, ast.Try | ast.TryStar):
        for handler in stmt.handlers:
            if handler.type is not None:
                yield handler.type


def _bodies(stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
    for key in ("body", "orelse", "finalbody"):
        body = getattr(stmt, key, None)
        if body:
            yield body
    if isinstance(stmt, ast.Try | ast.TryStar):
        for handler in stmt.handlers:
            yield handler.body
    elif isinstance(stmt, ast.Match):
        for case in stmt.cases:
            yield case.body


_COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.While,
    ast.For,
    ast.AsyncFor,
    ast.With,
    ast.AsyncWith,
    ast.Match,
    ast.Try,
    ast.TryStar,
)


class _Walker(_Lines):
    """Collects import records with their scope."""

    def __init__(self, text: str, candidates: list[int]) -> None:
        super().__init__(candidates)
        self.text = text
        self._lines: list[str] | None = None
        self.imports: list[ImportRecord] = []

    def statements(self, body: Iterable[ast.stmt], *, function: bool, checking: bool, guarded: bool) -> None:
        for stmt in body:
            if not self.touches(stmt):
                continue
            scope = _scope(function=function, checking=checking, guarded=guarded)
            if isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    binding = Binding(alias.name, alias.asname or alias.name.partition(".")[0])
                    self._add("import", alias.name, 0, (binding,), stmt, scope)
            elif isinstance(stmt, ast.ImportFrom):
                bindings = tuple(Binding(a.name, a.asname or a.name) for a in stmt.names)
                self._add("from", stmt.module or "", stmt.level or 0, bindings, stmt, scope)
            elif isinstance(stmt, _COMPOUND):
                for header in _headers(stmt):
                    self._strings(header, checking=checking)
                inner = function or isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef)
                if isinstance(stmt, ast.If):
                    test = _type_checking_test(stmt.test)
                    self.statements(stmt.body, function=inner, checking=checking or test > 0, guarded=guarded)
                    self.statements(stmt.orelse, function=inner, checking=checking or test < 0, guarded=guarded)
                elif isinstance(stmt, ast.Try | ast.TryStar):
                    catches = any(_catches_import_error(h.type) for h in stmt.handlers)
                    self.statements(stmt.body, function=inner, checking=checking, guarded=guarded or catches)
                    for handler in stmt.handlers:
                        self.statements(handler.body, function=inner, checking=checking, guarded=guarded)
                    self.statements(stmt.orelse, function=inner, checking=checking, guarded=guarded)
                    self.statements(stmt.finalbody, function=inner, checking=checking, guarded=guarded)
                else:
                    for inner_body in _bodies(stmt):
                        self.statements(inner_body, function=inner, checking=checking, guarded=guarded)
            else:
                self._strings(stmt, checking=checking)

    def _strings(self, node: ast.AST, *, checking: bool) -> None:
        """String imports: ``importlib.import_module("x")``, ``__import__("x")``."""
        if not self.touches(node):
            return
        for call in ast.walk(node):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if name not in _STRING_IMPORTERS:
                continue
            first = call.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            target = first.value
            package = _package_argument(call)
            level = len(target) - len(target.lstrip("."))
            if name == "__import__":
                level = _dunder_level(call)
                package = "__package__" if level else None  # relative to the importer's package
            elif level and package is None:
                continue  # a relative import_module without a package raises at run time
            module = target.lstrip(".")
            if not module and not level:
                continue
            binding = Binding(module, "")
            scope = "type-checking" if checking else "string"
            self._add("string", module, level, (binding,), call, scope, package=package)

    def _add(
        self,
        kind: str,
        module: str,
        level: int,
        bindings: tuple[Binding, ...],
        node: ast.AST,
        scope: str,
        *,
        package: str | None = None,
    ) -> None:
        line = getattr(node, "lineno", 1)
        end = getattr(node, "end_lineno", None) or line
        if self._lines is None:
            self._lines = self.text.split("\n")
        lines = self._lines[line - 1 : end]
        if kind != "string" and len(lines) > 1:
            # a parenthesised import over several lines: drop its comments (an import
            # statement holds no string in which '#' could hide) and the padding
            lines = [text.partition("#")[0] for text in lines]
            text = " ".join(" ".join(lines).split())
            text = text.replace("( ", "(").replace(" )", ")").replace(",)", ")")
        else:
            text = " ".join(" ".join(lines).split())
        if len(text) > _MAX_STATEMENT:
            text = text[: _MAX_STATEMENT - 3] + "..."
        self.imports.append(ImportRecord(kind, module, level, bindings, line, scope, text, package))


def _scope(*, function: bool, checking: bool, guarded: bool) -> str:
    if checking:
        return "type-checking"
    if function:
        return "deferred"
    if guarded:
        return "guarded"
    return "import-time"


def _type_checking_test(test: ast.expr) -> int:
    """1 for ``TYPE_CHECKING`` (any ``x.TYPE_CHECKING``), -1 for its negation, else 0."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return -_type_checking_test(test.operand)
    if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
        return 1
    if isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING":
        return 1
    return 0


def _catches_import_error(kind: ast.expr | None) -> bool:
    if kind is None:
        return True
    if isinstance(kind, ast.Tuple):
        return any(_catches_import_error(element) for element in kind.elts)
    name = kind.attr if isinstance(kind, ast.Attribute) else kind.id if isinstance(kind, ast.Name) else ""
    return name in _IMPORT_ERRORS


def _package_argument(call: ast.Call) -> str | None:
    value: ast.expr | None = call.args[1] if len(call.args) > 1 else None
    for keyword in call.keywords:
        if keyword.arg == "package":
            value = keyword.value
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    if isinstance(value, ast.Name) and value.id in ("__name__", "__package__"):
        return value.id
    return None


def _dunder_level(call: ast.Call) -> int:
    value: ast.expr | None = call.args[4] if len(call.args) > 4 else None
    for keyword in call.keywords:
        if keyword.arg == "level":
            value = keyword.value
    if isinstance(value, ast.Constant) and isinstance(value.value, int):
        return int(value.value)
    return 0


class _Chains(_Lines):
    """Attribute chains read on bound names: ``db.fetch`` -> ``db: (fetch,)``."""

    def __init__(self, names: frozenset[str], candidates: list[int]) -> None:
        super().__init__(candidates)
        self.names = names
        self.found: dict[str, set[tuple[str, ...]]] = {}

    def statements(self, body: Iterable[ast.stmt]) -> None:
        for stmt in body:
            if not self.touches(stmt):
                continue
            if isinstance(stmt, _COMPOUND):
                for header in _headers(stmt):
                    self.expression(header)
                for inner in _bodies(stmt):
                    self.statements(inner)
            else:
                self.expression(stmt)

    def expression(self, node: ast.AST) -> None:
        """Record the chains read on bound names in ``node``.

        A walk of its own rather than :func:`ast.walk`: it takes each attribute chain
        whole (``a.b.c`` once, not also ``a.b``) and skips the names in it, which makes
        it about twice as fast on code full of ``models.CharField(...)``.
        """
        if not self.touches(node):
            return
        names, found = self.names, self.found
        attribute, name_type, ast_type = ast.Attribute, ast.Name, ast.AST
        stack = [node]
        while stack:
            sub = stack.pop()
            if type(sub) is attribute:
                chain = [sub.attr]
                base = sub.value
                while type(base) is attribute:
                    chain.append(base.attr)
                    base = base.value
                if type(base) is name_type:
                    if base.id in names:
                        chain.reverse()
                        found.setdefault(base.id, set()).add(tuple(chain[:_MAX_CHAIN]))
                    continue
                stack.append(base)  # a call, a subscript, ... at the root of the chain
                continue
            for field in sub._fields:
                value = getattr(sub, field, None)
                if isinstance(value, ast_type):
                    stack.append(value)
                elif type(value) is list:
                    stack.extend(item for item in value if isinstance(item, ast_type))


def _top_level_names(body: Iterable[ast.stmt]) -> set[str]:
    """Names a module defines at its top level (for seeing through star re-exports)."""
    names: set[str] = set()
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(stmt.name)
        elif isinstance(stmt, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                for node in ast.walk(target):
                    if isinstance(node, ast.Name):
                        names.add(node.id)
        elif isinstance(stmt, ast.Import | ast.ImportFrom):
            for alias in stmt.names:
                if alias.name != "*":
                    names.add(alias.asname or alias.name.partition(".")[0])
        elif isinstance(stmt, ast.If | ast.Try | ast.TryStar | ast.With):
            for inner in _bodies(stmt):
                names |= _top_level_names(inner)
    return names
