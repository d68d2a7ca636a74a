"""Stub modules: a module's definitions mirrored from its source, as mocks.

:func:`write_stub` writes the stub of one module of a source tree: its
docstring, its functions (each a :func:`planner.doubles.runtime.function`
mock with the real signature), its classes (:func:`~planner.doubles.runtime.stub_class`,
with their methods, properties and class attributes), its constants, and the
names its package re-exports or its dependants take from it. The ``if``
blocks around definitions are kept where their test can be evaluated
(``if sys.platform == "win32":``). What cannot be mirrored is kept as text or
a stand-in (:mod:`planner.doubles.namespace`), and said in the reports.

The stub imports the standard library and :mod:`planner.doubles.runtime`,
never the project: it can be imported where the real module cannot.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planner.doubles.classes import ClassWriter
from planner.doubles.index import ProjectIndex, Resolved
from planner.doubles.namespace import REF, VALUE, Key, Namespace
from planner.doubles.source import Assignment, Condition, Definition, Import, Item, ModuleSource, Origin
from planner.doubles.text import (
    bracketed,
    comment,
    docstring_literal,
    is_identifier,
    layout,
    requote,
    string_literal,
)

__all__ = ["StubModule", "write_stub"]

Chunk = tuple[bool, list[str]]
"""Lines of one top-level statement, and whether it is a compound one (def, class, if)."""


@dataclass(frozen=True)
class StubModule:
    """The text of a stub module, and what could not be mirrored."""

    unit: str
    text: str
    reports: tuple[str, ...]


def write_stub(
    index: ProjectIndex, unit: str, *, used: Mapping[str, Sequence[str]], header: Sequence[str]
) -> StubModule:
    """The stub of module ``unit`` of ``index``.

    ``used`` maps each name that dependants take from the unit to those
    dependants (the stub provides each, or a loud stand-in where the source
    does not define it); ``header`` are the comment lines it starts with.
    """
    source = index.module(unit)
    if source is None:
        raise index.errors.get(unit) or KeyError(unit)
    return _StubWriter(index, source, used).write(header)


class _StubWriter:
    def __init__(self, index: ProjectIndex, source: ModuleSource, used: Mapping[str, Sequence[str]]) -> None:
        self.index = index
        self.width = index.line_length
        self.guards_written: set[int] = set()
        self.probing: set[tuple[str, str]] = set()
        self.source = source
        self.used = used
        self.runtime = "_planner" if "_planner" not in source.env else "_planner_runtime"
        self.ns = Namespace(
            source,
            self.runtime,
            self._mirror_local,
            modules=index.names,
            resolve=self._resolve,
            alias=self._mirror_alias,
        )
        self.classes = ClassWriter(self.ns, index, self)
        self.chunks: list[Chunk] = []
        self.reports: list[str] = []
        self.mirrored: set[tuple[str, str]] = set()
        self.writing: set[tuple[str, str]] = set()
        self.exports = self._exports()

    # --- what the stub must provide -----------------------------------------------------

    def _exports(self) -> frozenset[str]:
        names = set(self.used)
        if self.source.all_names is not None:
            names.update(self.source.all_names)
        for _, base in self.index.star_imports(self.source):
            names.update(self.index.star_names(base))  # a star import re-exports what it brings
        for item in _all_items(self.source.items):
            if not isinstance(item, Import) or not isinstance(item.node, ast.ImportFrom):
                continue
            for alias in item.node.names:
                local = alias.asname or alias.name
                if alias.asname == alias.name or (self.source.package and not local.startswith("_")):
                    names.add(local)
        return frozenset(names)

    # --- writing ------------------------------------------------------------------------

    def write(self, header: Sequence[str]) -> StubModule:
        for item in self.source.items:
            self.chunks.extend(self.item(item, ""))
        self._missing()
        return StubModule(self.source.name, self._assemble(header), tuple(self.reports))

    def report(self, message: str) -> None:
        self.reports.append(f"{self.source.name}: {message}")

    def item(self, item: Item, indent: str) -> list[Chunk]:
        guard = self.source.import_guards.get(id(item.node))
        if guard is not None:
            return self._import_guard(item, guard, indent)
        if isinstance(item, Import):
            self._import(item)
            return []
        if isinstance(item, Definition):
            lines = self.definition(item, self.source, indent)
            if lines is None:
                return []
            self.ns.own(item.name, VALUE)
            return [(True, lines)]
        if isinstance(item, Assignment):
            if item.value is not None and self._rebinds_definition(item):
                shown = self.ns.text(item.value)
                self.report(f"{item.name} = {shown}: the stub keeps the {item.name} defined above")
                return []
            written = self.assignment(item, self.source, indent)
            if written is None:
                return []
            lines, kind = written
            if item.value is not None or item.annotation is None:
                self.ns.own(item.name, kind)
            return [(False, lines)]
        return self._condition(item, indent)

    def _import_guard(self, item: Item, guard: ast.Try, indent: str) -> list[Chunk]:
        """The ``try: import ... except ImportError: ...`` block ``item`` is in, written whole at
        its first item, as the source has it (:func:`planner.doubles.source._import_guard`)."""
        if isinstance(item, Import):
            self._import(item)  # what it re-exports is bound as ever, the block then rebinds it as the real module does
        if id(guard) in self.guards_written:
            return []
        self.guards_written.add(id(guard))
        for node in ast.walk(guard):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self.ns.own(target.id, VALUE)  # type: ignore[attr-defined]  # _plain: names only
        lines = _blank_after_imports(requote(ast.unparse(guard)).split("\n"))
        return [(True, [indent + line if line else line for line in lines])]

    def _rebinds_definition(self, item: Assignment) -> bool:
        """``Cls = decorate(Cls)`` after ``class Cls``: a value the stub cannot compute, which would
        replace the mirrored definition with a stand-in."""
        if item.value is None or self.ns.bound.get(item.name) != ("local", self.source.name, item.name):
            return False
        defined = any(isinstance(i, Definition) and i.name == item.name for i in _all_items(self.source.items))
        return defined and self.ns.code(item.value, self.source, None, commit=False) is None

    def _condition(self, item: Condition, indent: str) -> list[Chunk]:
        test = self.ns.code(item.test, self.source, None)
        if test is None:  # cannot tell which branch runs: the first one that defines a name wins
            chunks = [chunk for inner in item.body for chunk in self.item(inner, indent)]
            defined = {i.name for i in _all_items(item.body) if isinstance(i, Definition | Assignment)}
            for inner in item.orelse:
                if isinstance(inner, Definition | Assignment) and inner.name in defined:
                    continue
                chunks.extend(self.item(inner, indent))
            return chunks
        inner_indent = indent + "    "
        lines = [f"{indent}if {test}:"]
        lines += _join([c for i in item.body for c in self.item(i, inner_indent)], nested=True) or [
            f"{inner_indent}pass"
        ]
        orelse = _join([c for i in item.orelse for c in self.item(i, inner_indent)], nested=True)
        if orelse:
            lines += [f"{indent}else:", *orelse]
        return [(True, lines)]

    def _import(self, item: Import) -> None:
        bindings = list(item.bindings)
        for star, base in self.index.star_imports(self.source):
            if star is item:
                env = self.source.env
                bindings += [(n, env[n]) for n in self.index.star_names(base) if n in env and env[n].module == base]
        for name, origin in bindings:
            if name not in self.exports:
                continue  # imported lazily, where an expression needs it
            # a name re-exported or taken by dependants, from the standard library too
            # (``from collections.abc import Mapping`` in requests.compat): bound here
            resolved = None
            if origin.kind == "project" and origin.attr is not None:
                resolved = self.index.resolve(origin.module, origin.attr)
            key = self.ns.key(name, origin, self.source)
            if resolved is not None and self.mirror(resolved, name, key):
                continue
            if self.ns.lookup(name, self.source, None, commit=True) is None:
                self.report(f"re-exported name {name} cannot be bound; left out")

    def definition(self, item: Definition, env: ModuleSource, indent: str) -> list[str] | None:
        node = item.node
        merged = None if env is self.source else env.name
        if isinstance(node, ast.ClassDef):
            return self.classes.lines(node, env, indent, None, merged=merged)
        return self.classes.function(node, env, indent, None, cls=None, merged=merged)

    def assignment(
        self, item: Assignment, env: ModuleSource, indent: str, *, scope_names: Mapping[str, str] | None = None
    ) -> tuple[list[str], str] | None:
        name = item.name
        if name == "__all__":
            if env is not self.source or self.source.all_names is None:
                return None
            names = [string_literal(n) for n in self.source.all_names]
            return bracketed("__all__ = [", names, "]", indent=indent, width=self.width).split("\n"), VALUE
        if name.startswith("__") and name.endswith("__"):
            code = self.ns.code(item.value, env, None) if item.value is not None else None
            return ([f"{indent}{name} = {code}"], VALUE) if code is not None else None
        annotation = self.classes.annotation(item.annotation, env, None) if item.annotation is not None else None
        if item.value is None:
            if annotation is not None and isinstance(item.node, ast.AnnAssign):
                return [f"{indent}{name}: {annotation}"], VALUE
            value, kind = self.classes.placeholder("<unpacked at run time>", name), REF
        else:
            code = self.ns.code(item.value, env, None)
            target = f"{name}: {annotation}" if annotation is not None else name
            if code is not None:
                return layout(item.value, f"{target} = ", indent=indent, width=self.width), VALUE
            value, kind = self.classes.placeholder_for(item.value, name), REF
        target = f"{name}: {annotation}" if annotation is not None else name
        return layout(ast.parse(value, mode="eval").body, f"{target} = ", indent=indent, width=self.width), kind

    # --- definitions of other modules -------------------------------------------------------

    def _resolve(self, module: str, name: str) -> tuple[str, ...] | None:
        return self.index.final(module, name)

    def _mirror_local(self, env: ModuleSource, name: str) -> bool:
        item = env.definition(name)
        if item is None:
            return False
        return self.mirror(Resolved(env, item), name, ("local", env.name, name))

    def _mirror_alias(self, name: str, key: Key, commit: bool) -> bool:
        """Mirror ``name``, imported from another module of the project, if it is a type alias
        there (``StyleType = Union[str, "Style"]``) the stub can compute: an annotation naming
        it then evaluates to what the real one does, instead of to a stand-in's repr."""
        module, attr = key[1], key[2]
        source = self.index.module(module) if attr == name else None
        item = source.definition(attr) if source is not None else None
        if source is None or not isinstance(item, Assignment) or not _type_alias(item):
            return False
        mark = (module, attr)
        if mark in self.probing or mark in self.writing:
            return False
        self.probing.add(mark)
        try:
            assert item.value is not None
            if self.ns.code(item.value, source, None, commit=False) is None:
                return False
        finally:
            self.probing.discard(mark)
        return self.mirror(Resolved(source, item), name, key) if commit else True

    def mirror(self, resolved: Resolved, name: str, key: Key) -> bool:
        """Write ``resolved`` (a definition of another module) into the stub, bound to ``name``."""
        env, item = resolved.module, resolved.item
        mark = (env.name, item.name)
        if item.name != name or mark in self.writing:
            return False
        if mark in self.mirrored:
            if self.ns.bound.get(name) is None:
                self.ns.bind(name, key, VALUE)
            return self.ns.bound.get(name) is not None
        self.writing.add(mark)
        try:
            if isinstance(item, Definition):
                lines = self.definition(item, env, "")
                chunk: Chunk | None = (True, lines) if lines is not None else None
                kind = VALUE
            else:
                written = self.assignment(item, env, "")
                chunk, kind = ((False, written[0]), written[1]) if written is not None else (None, VALUE)
        finally:
            self.writing.discard(mark)
        if chunk is None:
            return False
        self.chunks.append(chunk)
        self.ns.bind(name, key, kind)
        self.mirrored.add(mark)
        return True

    def _missing(self) -> None:
        lines = []
        for name in sorted(self.used):
            if name in self.ns.bound or name == "*":
                continue
            if not is_identifier(name):
                self.report(f"dependants use {name!r}, which is not a Python name; left out")
                continue
            users = self.used[name]
            self.report(f"{', '.join(users)} use {name}, which the source does not define; a loud stand-in")
            call = f"{self.runtime}.missing({self.source.name!r}, {name!r}, used_by={tuple(users)!r})"
            lines += layout(ast.parse(call, mode="eval").body, f"{name} = ", width=self.width)
        if lines:
            self.chunks.append((False, lines))

    # --- the file ---------------------------------------------------------------------------

    def _assemble(self, header: Sequence[str]) -> str:
        parts: list[list[str]] = [[comment(line) for line in header]]
        if self.source.docstring is not None:
            parts[0].append(docstring_literal(self.source.docstring))
        if self.source.future_annotations:
            parts.append(["from __future__ import annotations"])
        plain, guarded = _stdlib_imports(self.ns.stdlib, self.runtime, self.source.name, self.width)
        if plain:
            parts.append(plain)
        parts.append([f"from planner.doubles import runtime as {self.runtime}"])
        parts += guarded
        setup = f"{self.runtime}.stub_module(__name__, source={string_literal(self.source.path)})"
        lines = layout(ast.parse(setup, mode="eval").body, "", width=self.width)
        for name, code in self.ns.refs.items():
            lines += layout(ast.parse(code, mode="eval").body, f"{name} = ", width=self.width)
        parts.append(lines)
        head = "\n\n".join("\n".join(p) for p in parts if p)
        body = "\n".join(_join(self.chunks, nested=False))
        return head + ("\n\n\n" + body if body else "") + "\n"


def _type_alias(item: Assignment) -> bool:
    """``X = Union[...]``, ``X = Optional[...]``, ``X = A | B``, ``X: TypeAlias = ...``: a value
    made of types (whether the stub can compute it is asked of the namespace)."""
    value = item.value
    if item.annotation is not None and not ast.unparse(item.annotation).endswith("TypeAlias"):
        return False
    return isinstance(value, ast.Subscript) or (isinstance(value, ast.BinOp) and isinstance(value.op, ast.BitOr))


def _all_items(items: Sequence[Item]) -> list[Item]:
    found: list[Item] = []
    for item in items:
        found.append(item)
        if isinstance(item, Condition):
            found += _all_items(item.body) + _all_items(item.orelse)
    return found


def _join(chunks: Sequence[Chunk], *, nested: bool) -> list[str]:
    """Chunks as lines, with ruff's blank lines (two around top-level compound statements,
    one around those in a block, and one before a definition that opens a block)."""
    gap = 1 if nested else 2
    lines: list[str] = []
    if nested and chunks and chunks[0][1][0].lstrip().startswith(("@", "def ", "async def ", "class ")):
        lines.append("")
    previous: bool | None = None
    for compound, chunk in chunks:
        if previous is not None and (compound or previous):
            lines += [""] * gap
        lines += chunk
        previous = compound
    return lines


def _stdlib_imports(
    names: Mapping[str, Origin], runtime: str, unit: str, width: int
) -> tuple[list[str], list[list[str]]]:
    """Import statements for the standard-library names a stub binds (platform ones guarded)."""
    from planner.doubles.namespace import MODULE_REF, _platform

    modules: set[str] = set()
    froms: dict[str, list[str]] = {}
    guarded: list[list[str]] = []
    for name in sorted(names):
        origin = names[name]
        if origin.attr is None:
            written = origin.written or origin.module
            statement = f"import {written}" if name == written.partition(".")[0] else f"import {written} as {name}"
        else:
            alias = "" if name == origin.attr else f" as {name}"
            statement = f"from {origin.module} import {origin.attr}{alias}"
        if origin.guarded or _platform(origin):
            within = string_literal(unit)
            if origin.attr is None:
                stand_in = f"{runtime}.module_reference({string_literal(origin.module)}, within={within})"
            else:
                stand_in = (
                    f"{runtime}.reference({string_literal(origin.module)}, {string_literal(origin.attr)}, "
                    f"within={within})"
                )
            kind = MODULE_REF if origin.attr is None else "name"
            guarded.append(
                [
                    "try:",
                    f"    {statement}",
                    f"except ImportError:  # not on every platform: a stand-in ({kind})",
                    f"    {name} = {stand_in}",
                ]
            )
        elif origin.attr is None:
            modules.add(statement)
        else:
            froms.setdefault(origin.module, []).append(origin.attr + ("" if name == origin.attr else f" as {name}"))
    lines = sorted(modules)
    for module in sorted(froms):
        imported = sorted(froms[module])
        one = f"from {module} import {', '.join(imported)}"
        lines += (
            [one] if len(one) <= width else bracketed(f"from {module} import (", imported, ")", width=width).split("\n")
        )
    return lines, guarded


def _blank_after_imports(lines: list[str]) -> list[str]:
    """A blank line after an import that another kind of statement follows in the same block,
    as ruff format writes it (``import simplejson as json``, then ``has_simplejson = True``)."""
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        after = lines[i + 1] if i + 1 < len(lines) else ""
        stripped, following = line.lstrip(), after.lstrip()
        level = len(line) - len(stripped)
        imports = stripped.startswith(("import ", "from ")) and not following.startswith(("import ", "from "))
        if imports and following and len(after) - len(following) == level:
            out.append("")
    return out
