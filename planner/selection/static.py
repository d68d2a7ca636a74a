"""Static footprints and techniques: what each test uses, resolved through the graph.

For each collected test, :mod:`planner.selection.testcode` finds the names its
own code reads, sets and patches; each name bound by an import of its module
is then resolved to a unit the way the scanner resolves imports
(:func:`planner.loaders.scan.resolve.resolve`, seeing through package ``__init__``
re-exports): ``from shop import db`` then ``db.fetch(...)`` is ``shop.db``;
``from toolz import curry`` is ``toolz.functoolz``. So a test's footprint is
the units it names, not every unit its module imports. Also in it:

- the units of the test-side helper modules it imports (transitively);
- the units its module imports but no test of the module names (an import for
  its side effects) and those of ``from x import *``: every test of the module;
- the test module itself, if it is a unit of the graph; for a doctest, the
  unit whose file it is;
- what the code pytest runs with the test reaches (:mod:`planner.selection.sites`):
  the fixtures of its closure that it asks for (wherever defined), its base
  classes, its function when a base class elsewhere defines it; the autouse
  fixtures of conftest files (everyone's harness) only for a test that names
  nothing else;
- the units named by the module-like strings of its code and of those sites.

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

from planner.loaders.scan.model import DEFAULT_SCOPES, FileRecord, ImportRecord, ModuleFile
from planner.selection.collected import Analysis, CodeSite, Collected, Collection
from planner.selection.sites import StringUnits, site_usage, under_project
from planner.selection.testcode import CodeUsage, ModuleCode, is_private, parse_module, setup_usage, usage
from planner.selection.units import graph_units
from planner.selection.uses import Key, UseResolver

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["analyse"]


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
    keys: set[Key] = field(default_factory=set)
    reads: set[Key] = field(default_factory=set)
    writes: set[Key] = field(default_factory=set)


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
    resolution = UseResolver(units, collection)
    strings = StringUnits(units.modules, (m.name for m in units.modules.values() if m.kind == "package"))
    by_file: dict[str, list[Collected]] = {}
    for test in collection.tests:
        by_file.setdefault(os.path.normcase(test.path), []).append(test)
    plans: dict[str, tuple[str, _Uses, CodeUsage]] = {}
    shared: dict[str, set[Key]] = {}
    said: dict[str, set[str]] = {}  # node id -> units its own code names in strings
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
            code_usage: CodeUsage | None = usage(code, test.function, test.cls)
            if code_usage is not None and not code_usage.found and any(s.kind == "function" for s in test.code):
                # the function is a base class's, read at its site: here, only the class's own setup
                code_usage = setup_usage(code, test.cls) if test.cls else None
            if code_usage is None:
                continue
            uses = _uses(code_usage, record, bindings, code.defined.keys())
            plans[test.node_id] = (file, uses, code_usage)
            said[test.node_id] = strings.in_code(code, code_usage.spans)
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
    sites = _Sites(resolution, strings, collection.rootdir)
    for test in collection.tests:
        for site in test.code:
            sites.read(site)
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
                found |= said.get(test.node_id, set())
                technique = _technique(uses, code_usage, resolution, file, helpers)
            elif own is not None:
                found = {own}  # a doctest or another item of the unit's own file
            elif file in resolution.names:
                found = helpers.of(resolution.names[file])  # no function to look at: the whole module
            for site in test.code:
                if not _shared_harness(site):
                    found |= sites.units(site, helpers)
            if not found:  # a conftest's autouse fixtures are everyone's: they place a test that names nothing
                for site in test.code:
                    found |= sites.units(site, helpers)
            if own is not None:
                found.add(own)
            result[test.node_id] = Analysis(tuple(sorted(found)), "static", technique)
    return result


def _shared_harness(site: CodeSite) -> bool:
    """An autouse fixture of a conftest file: it runs for every test below it, whatever the test is about."""
    return site.kind == "autouse" and Path(site.path).name == "conftest.py"


class _Sites:
    """The units each code site reaches: its own unit, or what its code names (see :mod:`.sites`)."""

    def __init__(self, resolution: UseResolver, strings: StringUnits, rootdir: str) -> None:
        self.resolution = resolution
        self.strings = strings
        self.rootdir = rootdir
        self.codes: dict[str, ModuleCode | None] = {}
        self.found: dict[CodeSite, tuple[str, set[Key], set[str]] | None] = {}
        self.memo: dict[CodeSite, frozenset[str]] = {}

    def read(self, site: CodeSite) -> None:
        """Read the site's code and register its uses (before the resolver runs)."""
        if site in self.found:
            return
        self.found[site] = None
        file = os.path.normcase(os.path.abspath(site.path))
        resolution = self.resolution
        if file in resolution.units.by_path or not under_project(file, self.rootdir):
            return
        if file not in resolution.names:
            resolution.add_file(Path(file), 100_000 + len(resolution.names))
        record = resolution.file_records.get(file)
        if file not in self.codes:
            self.codes[file] = parse_module(_read(file))
        code = self.codes[file]
        if record is None or code is None:
            return
        code_usage = site_usage(code, site)
        if code_usage is None:
            return
        keys = _uses(code_usage, record, _bindings(record), code.defined.keys()).keys
        for key in keys:
            resolution.use(file, key)
        patched = {u for u in map(resolution.patch_target, code_usage.patched) if u is not None}
        self.found[site] = (file, keys, patched | self.strings.in_code(code, code_usage.spans))

    def units(self, site: CodeSite, helpers: _HelperUnits) -> set[str]:
        if site in self.memo:
            return set(self.memo[site])
        own = self.resolution.units.by_path.get(os.path.normcase(os.path.abspath(site.path)))
        found: set[str] = {own} if own is not None else set()
        read = self.found.get(site)
        if read is not None:
            file, keys, direct = read
            found |= direct
            for key in keys:
                found |= helpers.of(self.resolution.synthetic.get((file, key)))
        self.memo[site] = frozenset(found)
        return found


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


def _technique(uses: _Uses, code_usage: CodeUsage, resolution: UseResolver, file: str, helpers: _HelperUnits) -> str:
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
