"""The units of a graph as the scanner's resolver sees them: names, kinds, files, ``__init__`` records.

Package ``__init__`` files (and the modules they star-import) are parsed so
that a test's ``from toolz import curry`` can be followed to the module that
defines ``curry`` (see :mod:`planner.loaders.scan.resolve`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planner.loaders.scan.model import FileRecord, ModuleFile
from planner.loaders.scan.parse import parse_source

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Units", "absolute", "graph_units", "parse_file"]


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
        where = ""
        if top is not None and isinstance(path, str) and path:
            # paths are relative to the root, or the root itself when one file was scanned
            where = os.fspath(top if top.is_file() else top / path)
            by_path[os.path.normcase(where)] = name
        modules[name] = ModuleFile(name, path if isinstance(path, str) else "", kind, where)
        if kind == "package" and where:
            record = parse_file(where)
            if record is not None:
                records[name] = record
    # Seeing through ``from .recipes import *`` in an ``__init__`` needs the names recipes defines.
    for package, record in list(records.items()):
        for imp in record.imports:
            if not any(b.name == "*" for b in imp.bindings):
                continue
            target = absolute(package, imp.module, imp.level)
            found = modules.get(target) if target is not None else None
            if found is not None and found.absolute and found.name not in records:
                parsed = parse_file(found.absolute)
                if parsed is not None:
                    records[found.name] = parsed
    return Units(modules, by_path, external, records)


def parse_file(path: str) -> FileRecord | None:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    record = parse_source(data)
    return None if record.error is not None else record


def absolute(package: str, module: str, level: int) -> str | None:
    if not level:
        return module
    parts = package.split(".") if package else []
    if level - 1 >= len(parts):
        return None
    base = ".".join(parts[: len(parts) - (level - 1)])
    return f"{base}.{module}" if module else base
