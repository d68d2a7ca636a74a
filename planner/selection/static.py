"""Static footprints and techniques: what each test uses, resolved through the graph.

For each collected test, :mod:`planner.selection.testcode` finds the names its
own code reads, sets and patches; each name bound by an import of its module
is then resolved to a unit the way the scanner resolves imports
(:func:`planner.scan.resolve.resolve`, seeing through package ``__init__``
re-exports): ``from shop import db`` then ``db.fetch(...)`` is ``shop.db``;
``from toolz import curry`` is ``toolz.functoolz``. So a test's footprint is
the units it names, not every unit its module imports. Also in it:

- the units of the test-side helper modules it imports (transitively);
- the units its module imports but no test of the module names (an import for
  its side effects) and those of ``from x import *``: every test of the module;
- the test module itself, if it is a unit of the graph; for a doctest, the
  unit whose file it is.

Transitive dependencies are not: at a step, a unit the footprint depends on is
integrated or stubbed already, by the definition of the plan's steps.

The technique (black-box, white-box, grey-box) is judged on the same names,
relative to each unit: a public name of a unit, read, is black-box use; a
private name (``_x``) or internal, an attribute set, deleted or patched on a
unit, or a private attribute read on an object the test holds, is white-box.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planner.scan.discover import is_identifier
from planner.scan.model import DEFAULT_SCOPES, Binding, FileRecord, ImportRecord, ModuleFile
from planner.scan.parse import parse_source
from planner.scan.resolve import resolve
from planner.selection.collected import Analysis, Collected, Collection
from planner.selection.testcode import CodeUsage, is_private, parse_module, usage

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["analyse", "graph_units"]

_SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})
_ALIAS = "__planner_alias"

# (import index, binding index, chain after the name): one use of an imported name
_Key = tuple[int, int, tuple[str, ...]]


@dataclass(frozen=True)
class Units:
    """The graph's units as the resolver sees them, and which file is which unit."""

    modules: dict[str, ModuleFile]
    by_path: dict[str, str]
    external: bool
    records: dict[str, FileRecord] = field(default_factory=dict)


def graph_units(graph: nx.DiGraph, *, base: str | os.PathLike[str] = ".") -> Units:
    """The units of ``graph``; files are found through node ``path`` under graph ``root``
    (relative to ``base``), and package ``__init__`` files are parsed to see through them."""
    root = graph.graph.get("root")
    top = Path(base, root).resolve() if isinstance(root, str) and root else None
    parents = {str(n).rpartition(".")[0] for n in graph.nodes}
    modules: dict[str, ModuleFile] = {}
    by_path: dict[str, str] = {}
    records: dict[str, FileRecord] = {}
    external = False
    for name, data in graph.nodes(data=True):
        kind = data.get("kind")
        if kind == "external":
            external = True
            continue
        if kind not in ("module", "package"):
            kind = "package" if name in parents else "module"
        path = data.get("path")
        absolute = ""
        if top is not None and isinstance(path, str) and path:
            # paths are relative to the root, or the root itself when one file was scanned
            absolute = os.fspath(top if top.is_file() else top / path)
            by_path[os.path.normcase(absolute)] = name
        modules[name] = ModuleFile(name, path if isinstance(path, str) else "", kind, absolute)
        if kind == "package" and absolute:
            record = _parse_file(absolute)
            if record is not None:
                records[name] = record
    # Seeing through ``from .recipes import *`` in an ``__init__`` needs the names recipes defines.
    for package, record in list(records.items()):
        for imp in record.imports:
            if not any(b.name == "*" for b in imp.bindings):
                continue
            target = _absolute(package, imp.module, imp.level)
            found = modules.get(target) if target is not None else None
            if found is not None and found.absolute and found.name not in records:
                parsed = _parse_file(found.absolute)
                if parsed is not None:
                    records[found.name] = parsed
    return Units(modules, by_path, external, records)


def _parse_file(path: str) -> FileRecord | None:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    record = parse_source(data)
    return None if record.error is not None else record


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


class _Resolution:
    """Every use of every test file resolved in one call of the scanner's resolver."""

    def __init__(self, units: Units, collection: Collection) -> None:
        self.units = units
        self.modules: dict[str, ModuleFile] = dict(units.modules)
        self.records: dict[str, FileRecord] = dict(units.records)
        self.names: dict[str, str] = {}  # test-side file -> module name
        self.file_records: dict[str, FileRecord] = {}
        self.synthetic: dict[tuple[str, _Key], str] = {}
        self.judged: dict[tuple[str, _Key], tuple[str, ...]] = {}  # the unit's names that a use reads
        for n, path in enumerate(_test_side_files(collection)):
            self.add_file(path, n)

    def add_file(self, path: Path, n: int) -> None:
        key = os.path.normcase(os.fspath(path))
        record = _parse_file(os.fspath(path))
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

    def use(self, file: str, key: _Key) -> str | None:
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
        base = _absolute(package, record.module, record.level)
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
            record = _parse_file(self.modules[module].absolute)
            if record is not None:
                self.records[module] = record
        if record is None:
            return False
        if name in record.defines:
            return True
        for imp in record.imports:
            if any(b.name == "*" for b in imp.bindings) and imp.scope != "type-checking":
                target = _absolute(self.package(module), imp.module, imp.level)
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


def _absolute(package: str, module: str, level: int) -> str | None:
    if not level:
        return module
    parts = package.split(".") if package else []
    if level - 1 >= len(parts):
        return None
    base = ".".join(parts[: len(parts) - (level - 1)])
    return f"{base}.{module}" if module else base


def _bindings(record: FileRecord) -> dict[str, list[tuple[int, int, ImportRecord]]]:
    found: dict[str, list[tuple[int, int, ImportRecord]]] = {}
    for index, imp in enumerate(record.imports):
        if imp.scope not in DEFAULT_SCOPES or imp.kind == "string":
            continue
        for which, binding in enumerate(imp.bindings):
            found.setdefault(binding.alias, []).append((index, which, imp))
    return found


@dataclass
class _Uses:
    keys: set[_Key] = field(default_factory=set)
    reads: set[_Key] = field(default_factory=set)
    writes: set[_Key] = field(default_factory=set)


def _uses(
    code_usage: CodeUsage,
    record: FileRecord,
    bindings: Mapping[str, list[tuple[int, int, ImportRecord]]],
    defined: Set[str],
) -> _Uses:
    uses = _Uses()
    stars = bindings.get("*", [])
    for chains, write in ((code_usage.reads, False), (code_usage.writes, True)):
        for root, chain in chains:
            found = [(i, w, imp, chain) for i, w, imp in bindings.get(root, ())]
            if not found and root not in defined:
                found = [(i, w, imp, (root, *chain)) for i, w, imp in stars]  # a name ``import *`` may bind
            for index, which, imp, used in found:
                if imp.scope == "deferred" and not code_usage.covers(imp.line):
                    continue
                key = (index, which, used)
                uses.keys.add(key)
                (uses.writes if write else uses.reads).add(key)
    for index, imp in enumerate(record.imports):
        if imp.kind == "string" and imp.scope in DEFAULT_SCOPES and code_usage.covers(imp.line):
            uses.keys.add((index, 0, ()))
    return uses


def analyse(graph: nx.DiGraph, collection: Collection, *, base: str | os.PathLike[str] = ".") -> dict[str, Analysis]:
    """The static footprint and the technique of every collected test, by node id."""
    units = graph_units(graph, base=base)
    resolution = _Resolution(units, collection)
    by_file: dict[str, list[Collected]] = {}
    for test in collection.tests:
        by_file.setdefault(os.path.normcase(test.path), []).append(test)
    plans: dict[str, tuple[str, _Uses, CodeUsage]] = {}
    shared: dict[str, set[_Key]] = {}
    for file, tests in by_file.items():
        record = resolution.file_records.get(file)
        if record is None or file not in resolution.names:
            continue
        code = parse_module(_read(file))
        bindings = _bindings(record)
        named: set[str] = set()
        for test in tests:
            if code is None or test.function is None:
                continue
            code_usage = usage(code, test.function, test.cls)
            uses = _uses(code_usage, record, bindings, code.defined.keys())
            plans[test.node_id] = (file, uses, code_usage)
            named |= {root for root, _ in code_usage.reads | code_usage.writes}
        shared[file] = {
            (index, which, ())
            for alias, found in bindings.items()
            for index, which, imp in found
            if imp.scope != "deferred" and alias not in named and alias != "*"
        }
        for key in shared[file]:
            resolution.use(file, key)
    for file, uses, _ in plans.values():
        for key in uses.keys:
            resolution.use(file, key)
    targets = resolution.resolved()
    helpers = _HelperUnits(targets, set(units.modules), resolution.modules)
    result: dict[str, Analysis] = {}
    for file, tests in by_file.items():
        own = units.by_path.get(file)
        for test in tests:
            found: set[str] = set()
            technique = "black-box"
            if test.node_id in plans:
                _, uses, code_usage = plans[test.node_id]
                for key in uses.keys | shared.get(file, set()):
                    found |= helpers.of(resolution.synthetic.get((file, key)))
                found.update(u for u in map(resolution.patch_target, code_usage.patched) if u is not None)
                technique = _technique(uses, code_usage, resolution, file, helpers)
            elif own is not None:
                found = {own}  # a doctest or another item of the unit's own file
            elif file in resolution.names:
                found = helpers.of(resolution.names[file])  # no function to look at: the whole module
            if own is not None:
                found.add(own)
            result[test.node_id] = Analysis(tuple(sorted(found)), "static", technique)
    return result


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        return b""


class _HelperUnits:
    """The units a module reaches: its own targets that are units, and through test-side helpers."""

    def __init__(self, targets: Mapping[str, set[str]], units: set[str], modules: Mapping[str, ModuleFile]) -> None:
        self.targets = targets
        self.units = units
        self.modules = modules
        self.memo: dict[str, frozenset[str]] = {}

    def of(self, module: str | None) -> set[str]:
        if module is None:
            return set()
        if module in self.memo:
            return set(self.memo[module])
        found: set[str] = set()
        seen = {module}
        todo = [module]
        while todo:
            current = todo.pop()
            for target in self.targets.get(current, ()):
                if target in self.units or target not in self.modules:
                    found.add(target)  # a unit (or an external package kept as a unit)
                elif target not in seen:
                    seen.add(target)
                    todo.append(target)
        self.memo[module] = frozenset(found)
        return found

    def direct_units(self, module: str | None) -> set[str]:
        if module is None:
            return set()
        return {t for t in self.targets.get(module, ()) if t in self.units or t not in self.modules}


def _technique(uses: _Uses, code_usage: CodeUsage, resolution: _Resolution, file: str, helpers: _HelperUnits) -> str:
    public = private = False
    for key in uses.reads:
        if not helpers.direct_units(resolution.synthetic.get((file, key))):
            continue  # not a unit's name (the standard library, a test helper)
        names = resolution.judged.get((file, key), ())
        if not names:
            continue  # the module itself, passed around
        if any(is_private(name) for name in names):
            private = True
        else:
            public = True
    for key in uses.writes:
        if helpers.direct_units(resolution.synthetic.get((file, key))):
            private = True
    if code_usage.private_local or any(resolution.patch_target(target) for target in code_usage.patched):
        private = True
    if public and private:
        return "grey-box"
    return "white-box" if private else "black-box"
