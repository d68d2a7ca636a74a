"""Resolve import records to dependencies between the modules of the tree.

A pure function of the modules found and of each file's parse record:

- ``import a.b.c`` depends on ``a.b.c``; its names are the attributes read
  through the binding (``a.b.c.fetch(...)`` gives ``fetch``);
- ``from pkg import name`` depends on ``pkg.name`` when that is a module (its
  names are then the attributes read on ``name``), and on ``pkg`` otherwise
  (its names include ``name``); ``from pkg import *`` takes the name ``*``;
- relative imports count their dots from the importer's package (a package's
  ``__init__`` is its own package), at any depth; going above the top-level
  package is reported;
- ``importlib.import_module("a.b")`` and ``__import__("a.b")`` with a literal
  depend on ``a.b``;
- with ``through_init``, a name taken from a package whose ``__init__``
  re-exports it (``from .models import User``, or a star import of a module
  defining it) is followed to the module that defines it, transitively;
- a module outside the tree is dropped, or with ``external`` kept as one node
  per top-level package (the standard library is always dropped).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planner.loaders.scan.model import EdgeInfo, FileRecord, ImportRecord, ModuleFile, ScanReport

__all__ = ["Resolution", "resolve"]

_STDLIB = frozenset(sys.stdlib_module_names) | {"__future__", "__main__"}


@dataclass(frozen=True)
class Resolution:
    edges: tuple[EdgeInfo, ...]
    externals: tuple[str, ...]
    reports: tuple[ScanReport, ...]


@dataclass
class _Edge:
    names: set[str]
    lines: set[int]
    scopes: set[str]
    statements: set[tuple[int, str]]


def resolve(
    modules: Mapping[str, ModuleFile],
    namespaces: Iterable[str],
    records: Mapping[str, FileRecord],
    *,
    scopes: Iterable[str],
    external: bool = False,
    through_init: bool = False,
    display: str = ".",
) -> Resolution:
    """Every dependency between ``modules`` that the records state, in the chosen scopes."""
    resolver = _Resolver(modules, frozenset(namespaces), records, frozenset(scopes), external, through_init, display)
    for name in sorted(records):
        resolver.module(name)
    edges = tuple(
        EdgeInfo(
            importer=u,
            imported=v,
            names=tuple(sorted(e.names)),
            lines=tuple(sorted(e.lines)),
            scopes=tuple(sorted(e.scopes)),
            statements=tuple(f"{line}: {text}" for line, text in sorted(e.statements)),
        )
        for (u, v), e in sorted(resolver.edges.items())
    )
    return Resolution(edges, tuple(sorted(resolver.externals)), tuple(sorted(resolver.reports)))


_REPORTED_SCOPES = frozenset({"import-time", "deferred"})
"""Where an import of a module the tree lacks is reported: it would fail when it runs.
A guarded import (``try: ... except ImportError``) expects to fail sometimes, a string
import may be computed, and ``TYPE_CHECKING`` imports never run."""


class _Resolver:
    def __init__(
        self,
        modules: Mapping[str, ModuleFile],
        namespaces: frozenset[str],
        records: Mapping[str, FileRecord],
        scopes: frozenset[str],
        external: bool,
        through_init: bool,
        display: str,
    ) -> None:
        self.modules = modules
        self.namespaces = namespaces
        self.records = records
        self.scopes = scopes
        self.external = external
        self.through_init = through_init
        self.display = display
        self.tops = {name.partition(".")[0] for name in (*modules, *namespaces)}
        self.edges: dict[tuple[str, str], _Edge] = {}
        self.externals: set[str] = set()
        self.reports: list[ScanReport] = []

    def package_of(self, name: str) -> str:
        return name if self.modules[name].kind == "package" else name.rpartition(".")[0]

    def absolute(self, importer: str, anchor: str, module: str, level: int, line: int) -> str | None:
        """``module`` with ``level`` leading dots, seen from the package ``anchor``."""
        if not level:
            return module
        parts = anchor.split(".") if anchor else []
        if level - 1 >= len(parts):
            path = os.path.join(self.display, self.modules[importer].path)
            dots = "." * level
            self.reports.append(
                ScanReport(path, line, f"relative import '{dots}{module}' goes above the top-level package")
            )
            return None
        base = ".".join(parts[: len(parts) - (level - 1)])
        return f"{base}.{module}" if module else base

    def module(self, importer: str) -> None:
        record = self.records[importer]
        if record.error is not None:
            return
        uses = dict(record.uses)
        for imp in record.imports:
            if imp.scope in self.scopes:
                self.statement(importer, imp, uses)

    def statement(self, importer: str, imp: ImportRecord, uses: Mapping[str, tuple[tuple[str, ...], ...]]) -> None:
        anchor = self.package_of(importer)
        if imp.kind == "string" and imp.level and imp.package is not None:
            anchor = {"__name__": importer, "__package__": anchor}.get(imp.package, imp.package)
        base = self.absolute(importer, anchor, imp.module, imp.level, imp.line)
        if base is None:
            return
        if imp.kind in ("import", "string"):
            (binding,) = imp.bindings
            parts = tuple(base.split("."))
            if binding.alias == parts[0]:
                skip = parts[1:]  # plain ``import a.b.c`` binds ``a``: read ``a.b.c.name``
                chains = uses.get(binding.alias, ())
                names = {c[len(skip)] for c in chains if len(c) > len(skip) and c[: len(skip)] == skip}
            else:
                names = {c[0] for c in uses.get(binding.alias, ())} if binding.alias else set()
            self.depend(importer, base, names, imp)
            return
        for binding in imp.bindings:
            if binding.name == "*":
                self.depend(importer, base, {"*"}, imp)
                continue
            submodule = f"{base}.{binding.name}"
            if submodule in self.modules:
                self.depend(importer, submodule, {c[0] for c in uses.get(binding.alias, ())}, imp)
            else:
                self.depend(importer, base, {binding.name}, imp)

    def _namespace(self, name: str) -> bool:
        """Whether ``name`` is a namespace package of the tree (a directory with no code)."""
        return name in self.namespaces

    def internal(self, name: str) -> bool:
        return name.partition(".")[0] in self.tops

    def depend(self, importer: str, target: str, names: set[str], imp: ImportRecord) -> None:
        if target in self.modules:
            if self.through_init and self.modules[target].kind == "package":
                for where, name in sorted(self.locate(target, n, frozenset()) for n in sorted(names) or [""]):
                    self.add(importer, where, {name} if name else set(), imp)
                return
            self.add(importer, target, names, imp)
            return
        if self.internal(target):
            if imp.scope in _REPORTED_SCOPES and not self._namespace(target):
                path = os.path.join(self.display, self.modules[importer].path)
                self.reports.append(
                    ScanReport(
                        path,
                        imp.line,
                        f"imports {target}, which is no module of the scanned tree "
                        "(missing, excluded, or not Python source): no dependency recorded",
                    )
                )
            return
        if not self.external:
            return  # an external one not kept
        top, _, rest = target.partition(".")
        if top in _STDLIB:
            return
        prefix = f"{rest}." if rest else ""
        self.externals.add(top)
        self.add(importer, top, {prefix + name for name in names} or ({rest} if rest else set()), imp)

    def locate(self, package: str, name: str, seen: frozenset[str]) -> tuple[str, str]:
        """Where ``package`` gets ``name`` from, through its ``__init__`` re-exports."""
        record = self.records.get(package)
        if not name or record is None or record.error is not None or package in seen:
            return package, name
        seen = seen | {package}
        stars = []
        for imp in record.imports:
            if imp.scope == "type-checking" or imp.kind == "string":
                continue
            for binding in imp.bindings:
                if binding.name == "*":
                    stars.append(imp)
                elif binding.alias == name:
                    return self.follow(package, imp, binding.name, seen)
        for imp in stars:
            base = self.quiet_absolute(package, imp)
            if base is not None and base in self.modules:
                defined = self.records.get(base)
                if defined is not None and name in defined.defines:
                    return self.deeper(base, name, seen)
        return package, name

    def follow(self, package: str, imp: ImportRecord, name: str, seen: frozenset[str]) -> tuple[str, str]:
        base = self.quiet_absolute(package, imp)
        if base is None:
            return package, name
        if imp.kind == "import":
            return (base, "") if base in self.modules else (package, name)
        if f"{base}.{name}" in self.modules:
            return f"{base}.{name}", ""
        if base in self.modules:
            return self.deeper(base, name, seen)
        return package, name

    def deeper(self, module: str, name: str, seen: frozenset[str]) -> tuple[str, str]:
        if self.modules[module].kind == "package":
            return self.locate(module, name, seen)
        return module, name

    def quiet_absolute(self, package: str, imp: ImportRecord) -> str | None:
        if not imp.level:
            return imp.module
        parts = package.split(".")
        if imp.level - 1 >= len(parts):
            return None
        base = ".".join(parts[: len(parts) - (imp.level - 1)])
        return f"{base}.{imp.module}" if imp.module else base

    def add(self, importer: str, target: str, names: set[str], imp: ImportRecord) -> None:
        if target == importer:
            return
        edge = self.edges.get((importer, target))
        if edge is None:
            edge = self.edges[importer, target] = _Edge(set(), set(), set(), set())
        edge.names |= names
        edge.lines.add(imp.line)
        edge.scopes.add(imp.scope)
        edge.statements.add((imp.line, imp.statement))
