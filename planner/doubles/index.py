"""The modules of a source tree, read on demand, and what their names resolve to.

A stub mirrors its own module, but re-exported names and base classes lead
to other modules of the tree: :class:`ProjectIndex` reads each module once
(:func:`~planner.doubles.source.read_module`) and follows imports to the
definition a name finally stands for.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

from planner.doubles.source import (
    Assignment,
    Definition,
    Import,
    ModuleSource,
    Origin,
    absolute_module,
    read_module,
    walk_items,
)
from planner.errors import SourceError

__all__ = ["ModuleText", "ProjectIndex", "Resolved"]

_MAX_DEPTH = 12


@dataclass(frozen=True)
class ModuleText:
    """A module's source text, where it was read from, and whether it is a package ``__init__``."""

    text: str
    path: str
    package: bool


@dataclass(frozen=True)
class Resolved:
    """What a name finally stands for: a definition or assignment of ``module``."""

    module: ModuleSource
    item: Definition | Assignment


class ProjectIndex:
    """The tree's modules by dotted name, each read the first time it is asked for."""

    def __init__(self, texts: Mapping[str, ModuleText], *, line_length: int = 88) -> None:
        self.texts = texts
        self.line_length = line_length  # the project's own (ruff's or black's line-length)
        self.tops = frozenset(name.partition(".")[0] for name in texts)
        self.names = frozenset(texts)  # made once: every stub's namespace asks for it
        self._read: dict[str, ModuleSource | None] = {}
        self.errors: dict[str, SourceError] = {}

    def __contains__(self, name: object) -> bool:
        return name in self.texts

    def module(self, name: str) -> ModuleSource | None:
        """Module ``name`` read from its source, or ``None`` if it is not in the tree or does not parse."""
        if name not in self._read:
            found = self.texts.get(name)
            source = None
            if found is not None:
                try:
                    source = read_module(name, found.text, path=found.path, package=found.package, project=self.tops)
                except SourceError as exc:
                    self.errors[name] = exc
            self._read[name] = source
            if source is not None:
                self._bind_stars(source)
        return self._read[name]

    def star_imports(self, source: ModuleSource) -> list[tuple[Import, str]]:
        """The star imports of ``source`` from modules of the tree, with the module each names."""
        found = []
        for item in walk_items(source.items):
            if not isinstance(item, Import):
                continue
            node = item.node
            if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
                base = absolute_module(node.module or "", node.level or 0, importer=source.name, package=source.package)
                if base is not None and base in self.texts:
                    found.append((item, base))
        return found

    def star_names(self, module: str) -> tuple[str, ...]:
        """The names ``from module import *`` binds: its ``__all__``, else its public names."""
        source = self.module(module)
        if source is None:
            return ()
        if source.all_names is not None:
            return source.all_names
        return tuple(sorted(name for name in source.env if not name.startswith("_")))

    def _bind_stars(self, source: ModuleSource) -> None:
        """Bind in ``source``'s namespace what its star imports of the tree's modules bring
        (a name the module defines itself keeps its own origin)."""
        for item, base in self.star_imports(source):
            for name in self.star_names(base):
                source.env.setdefault(name, Origin("project", base, name, item.guarded))

    def resolve(self, module: str, name: str, depth: int = 0) -> Resolved | None:
        """Follow ``module.name`` through imports to the definition it stands for."""
        source = self.module(module)
        if source is None or depth > _MAX_DEPTH:
            return None
        origin = source.env.get(name)
        if origin is None:
            return None
        if origin.kind == "local":
            item = source.definition(name)
            return Resolved(source, item) if item is not None else None
        if origin.kind != "project" or origin.attr is None:
            return None
        if f"{origin.module}.{origin.attr}" in self.texts:
            return None  # a module, not a definition
        return self.resolve(origin.module, origin.attr, depth + 1)

    def final(self, module: str, name: str, depth: int = 0) -> tuple[str, ...] | None:
        """What ``module.name`` finally is, followed through the project's imports:
        ``("local", module, name)`` for a definition, ``("module", name)`` for a module of the
        tree, ``(kind, module, attr, written)`` for an import of the standard library or a
        third party; ``None`` if the source does not tell."""
        source = self.module(module)
        origin = source.env.get(name) if source is not None else None
        if origin is None or depth > _MAX_DEPTH:
            return None
        if origin.kind == "local":
            return ("local", module, name)
        if origin.kind == "project":
            if origin.attr is None:
                return ("module", origin.module)
            if f"{origin.module}.{origin.attr}" in self.texts:
                return ("module", f"{origin.module}.{origin.attr}")
            return self.final(origin.module, origin.attr, depth + 1)
        return (origin.kind, origin.module, origin.attr or "", origin.written)

    def is_exception(self, source: ModuleSource, node: ast.ClassDef, depth: int = 0) -> bool:
        """Whether the class ``node`` of ``source`` derives from ``BaseException``, as far as the
        source tells (its bases followed through the tree; a name ending in Error or
        Exception or Warning counts where a base cannot be followed)."""
        if depth > _MAX_DEPTH:
            return False
        for base in node.bases:
            name = base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""
            if name in _EXCEPTIONS:
                return True
            if isinstance(base, ast.Name):
                origin = source.env.get(base.id)
                found = None
                if origin is not None and origin.kind == "local":
                    item = source.definition(base.id)
                    if isinstance(item, Definition) and isinstance(item.node, ast.ClassDef):
                        found = Resolved(source, item)
                elif origin is not None and origin.kind == "project" and origin.attr is not None:
                    found = self.resolve(origin.module, origin.attr)
                if found is not None and isinstance(found.item, Definition):
                    node_ = found.item.node
                    if isinstance(node_, ast.ClassDef) and self.is_exception(found.module, node_, depth + 1):
                        return True
                    continue
            if name.endswith(("Error", "Exception", "Warning")):
                return True
        return False


def _builtin_exceptions() -> frozenset[str]:
    import builtins

    return frozenset(
        name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)
    )


_EXCEPTIONS = _builtin_exceptions()
