"""Resolve each use a test makes of an imported name, with the scanner's own resolver.

Every distinct use (an import statement of a test module, the name it binds,
the attribute chain read on it) becomes a one-import synthetic module in the
test module's package, and all of them are resolved in one call of
:func:`planner.loaders.scan.resolve.resolve` (seeing through package ``__init__``
re-exports), next to the test-side modules themselves (helpers beside the
tests), so that ``helpers.make()`` leads to the units ``helpers`` imports.
"""

from __future__ import annotations

import os
from pathlib import Path

from planner.loaders.scan.discover import is_identifier
from planner.loaders.scan.model import DEFAULT_SCOPES, Binding, FileRecord, ImportRecord, ModuleFile
from planner.loaders.scan.resolve import resolve
from planner.selection.collected import Collection
from planner.selection.units import Units, absolute, parse_file

__all__ = ["Key", "UseResolver"]

_SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})
_ALIAS = "__planner_alias"

Key = tuple[int, int, tuple[str, ...]]
"""One use of an imported name: (import index, binding index, chain after the name)."""


def _module_name(path: Path) -> str | None:
    """The dotted name a file has under its package ``__init__`` files (``None`` if not an identifier)."""
    parts = [path.stem] if path.name != "__init__.py" else []
    parent = path.parent
    while (parent / "__init__.py").is_file() and parent != parent.parent:
        parts.append(parent.name)
        parent = parent.parent
    if path.name == "__init__.py" and not parts:
        return None
    return ".".join(reversed(parts)) if all(is_identifier(p) for p in parts) else None


def _test_side_files(collection: Collection) -> list[Path]:
    """The test files and the Python files beside them under the collected paths (helpers)."""
    files = {Path(test.path) for test in collection.tests if test.path.endswith(".py")}
    for arg in collection.args:
        top = Path(arg)
        if not top.is_dir():
            continue
        for directory, dirs, names in os.walk(top):
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".")
                and d not in _SKIPPED_DIRS
                and not d.endswith(".egg-info")
                and not (Path(directory, d, "pyvenv.cfg")).exists()
            )
            files.update(Path(directory, n) for n in names if n.endswith(".py"))
    return sorted(files)


class UseResolver:
    """Every use of every test file resolved in one call of the scanner's resolver."""

    def __init__(self, units: Units, collection: Collection) -> None:
        self.units = units
        self.modules: dict[str, ModuleFile] = dict(units.modules)
        self.records: dict[str, FileRecord] = dict(units.records)
        self.names: dict[str, str] = {}  # test-side file -> module name
        self.file_records: dict[str, FileRecord] = {}
        self.synthetic: dict[tuple[str, Key], str] = {}
        self.judged: dict[tuple[str, Key], tuple[str, ...]] = {}  # the unit's names that a use reads
        for n, path in enumerate(_test_side_files(collection)):
            self.add_file(path, n)

    def add_file(self, path: Path, n: int) -> None:
        key = os.path.normcase(os.fspath(path))
        record = parse_file(os.fspath(path))
        if record is None:
            return
        name = _module_name(path)
        unit = self.units.by_path.get(key)
        if unit is not None:
            name = unit
        elif name is None or name in self.modules:
            name = f"__planner_tests__.m{n}"  # not importable by that name, or clashes with a unit
        self.names[key] = name
        self.file_records[key] = record
        self.records[name] = record
        if unit is None:
            self.modules[name] = ModuleFile(name, path.name, "module", os.fspath(path))

    def package_of(self, file: str) -> str:
        name = self.names[file]
        return name if file.endswith("__init__.py") else name.rpartition(".")[0]

    def use(self, file: str, key: Key) -> str | None:
        """The synthetic module that makes exactly this one use; ``None`` if it resolves to nothing."""
        if (file, key) in self.synthetic:
            return self.synthetic[file, key]
        index, which, chain = key
        record = self.file_records[file].imports[index]
        binding = record.bindings[which]
        package = self.package_of(file)
        made = self.make(record, binding, chain, package)
        if made is None:
            return None
        synthetic, judged = made
        self.judged[file, key] = judged
        name = f"{package}.__planner_use{len(self.synthetic)}" if package else f"__planner_use{len(self.synthetic)}"
        self.modules[name] = ModuleFile(name, self.names[file], "module", file)
        self.records[name] = synthetic
        self.synthetic[file, key] = name
        return name

    def make(
        self, record: ImportRecord, binding: Binding, chain: tuple[str, ...], package: str
    ) -> tuple[FileRecord, tuple[str, ...]] | None:
        """The one-import record making this use, and the names of the unit it reads."""
        if record.kind == "string":
            return FileRecord(imports=(record,)), ()
        if record.kind == "import":
            parts = record.module.split(".")
            module, rest = record.module, chain
            if binding.alias == parts[0] and chain:  # ``import a.b.c`` binds ``a``: a.b.c.x reads x of a.b.c
                k = 0
                while k < len(parts) - 1 and k < len(chain) and chain[k] == parts[k + 1]:
                    k += 1
                module, rest = ".".join(parts[: k + 1]), chain[k:]
            return self.module_use(module, rest, record)
        base = absolute(package, record.module, record.level)
        if base is None:
            return None
        name = binding.name
        if name == "*":
            # A name the test's code uses without binding it: from ``from base import *``, if base has it.
            if not chain or not self.exports(base, chain[0], frozenset()):
                return None
            name, chain = chain[0], chain[1:]
        submodule = f"{base}.{name}"
        if submodule in self.modules:
            return self.module_use(submodule, chain, record)
        imp = _replace(record, base, (Binding(name, name),))
        return FileRecord(imports=(imp,)), (name, *chain)

    def exports(self, module: str, name: str, seen: frozenset[str]) -> bool:
        """Whether ``from module import *`` binds ``name`` (ignoring ``__all__``)."""
        if module in seen or module not in self.modules:
            return False
        if f"{module}.{name}" in self.modules:
            return True
        record = self.records.get(module)
        if record is None and self.modules[module].absolute:
            record = parse_file(self.modules[module].absolute)
            if record is not None:
                self.records[module] = record
        if record is None:
            return False
        if name in record.defines:
            return True
        for imp in record.imports:
            if any(b.name == "*" for b in imp.bindings) and imp.scope != "type-checking":
                target = absolute(self.package(module), imp.module, imp.level)
                if target is not None and self.exports(target, name, seen | {module}):
                    return True
        return False

    def package(self, module: str) -> str:
        return module if self.modules[module].kind == "package" else module.rpartition(".")[0]

    def module_use(
        self, module: str, rest: tuple[str, ...], record: ImportRecord
    ) -> tuple[FileRecord, tuple[str, ...]]:
        while rest and f"{module}.{rest[0]}" in self.modules:
            module, rest = f"{module}.{rest[0]}", rest[1:]
        imp = _replace(record, module, (Binding(module, _ALIAS),), kind="import")
        return FileRecord(imports=(imp,), uses=((_ALIAS, (rest,)),) if rest else ()), rest

    def patch_target(self, target: str) -> str | None:
        """The unit a dotted patch target (``"shop.db.fetch"``) reaches into, if any."""
        parts = target.split(".")
        for k in range(len(parts) - 1, 0, -1):
            name = ".".join(parts[:k])
            if name in self.units.modules:
                return name
        return None

    def resolved(self) -> dict[str, set[str]]:
        result = resolve(
            self.modules,
            (),
            self.records,
            scopes=DEFAULT_SCOPES,
            external=self.units.external,
            through_init=True,
        )
        targets: dict[str, set[str]] = {}
        for edge in result.edges:
            targets.setdefault(edge.importer, set()).add(edge.imported)
        return targets


def _replace(
    record: ImportRecord, module: str, bindings: tuple[Binding, ...], *, kind: str | None = None
) -> ImportRecord:
    return ImportRecord(
        kind or record.kind, module, 0, bindings, record.line, record.scope, record.statement, record.package
    )
