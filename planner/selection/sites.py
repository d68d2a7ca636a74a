"""What a test reaches through the code pytest runs with it, and through the strings it writes.

pytest's collection tells where each fixture of a test's closure is defined
(conftest files, fixture modules, plugins of the project; autouse and
``usefixtures`` fixtures included, and the fixtures those request, since the
closure is transitive), the base classes of its class and where its function
is defined (:class:`planner.selection.collected.CodeSite`). Each such site is
read like a test's own code (:func:`planner.selection.testcode.usage`): the
names it uses are resolved through the imports of its file. A site in a file
that is a unit of the graph (a fixture module or base class inside the
package) is that unit. Sites outside pytest's rootdir, or in installed
packages, are pytest's and the plugins' own: not the project's.

String literals in the test's and its sites' code that name a module of the
graph count as references too: ``"pkg.plugins.cache"``,
``"pkg.plugins.cache:Cache"``, ``"pkg.plugins.cache.Cache"`` (the longest
dotted prefix that is a unit, of at least two parts), the way plugin lists,
``importlib.import_module`` and entry points name modules; and a bare name
given to a keyword argument that names plugins or extensions
(``render(text, extensions=["tables"])``), when exactly one unit of the graph
has that last name.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

from planner.selection.collected import CodeSite
from planner.selection.testcode import CodeUsage, ModuleCode, setup_usage, usage

__all__ = ["StringUnits", "site_usage", "under_project"]

_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_][\w.]*)?|[A-Za-z_]\w*:[A-Za-z_][\w.]*")
_BARE = re.compile(r"[A-Za-z_]\w*")
_LOADER_WORDS = ("plugin", "extension", "backend", "loader", "handler", "module")
_MAX_STRING = 200


def under_project(path: str, rootdir: str) -> bool:
    """Whether ``path`` is the project's code: under pytest's rootdir, not in an installed package."""
    try:
        relative = Path(path).resolve().relative_to(Path(rootdir).resolve())
    except (ValueError, OSError):
        return False
    return not any(part in ("site-packages", "dist-packages") or part.startswith(".") for part in relative.parts)


def site_usage(code: ModuleCode, site: CodeSite) -> CodeUsage | None:
    """The usage of the code at ``site`` in its module; ``None`` if it is not found there."""
    if site.kind == "base":
        return setup_usage(code, site.name)
    cls, _, function = site.name.rpartition(".")
    found = usage(code, function, cls or None, autouse=False)
    return found if found.found else None


class StringUnits:
    """The unit a string names, if any (see the module docstring)."""

    def __init__(self, units: Iterable[str], packages: Iterable[str]) -> None:
        self.units = set(units)
        by_last: dict[str, list[str]] = {}
        for unit in self.units - set(packages):
            by_last.setdefault(unit.rpartition(".")[2], []).append(unit)
        self.by_last = {last: found[0] for last, found in by_last.items() if len(found) == 1}
        self.memo: dict[int, tuple[ModuleCode, list[tuple[int, str, bool]]]] = {}

    def in_code(self, code: ModuleCode, spans: Iterable[tuple[int, int]]) -> set[str]:
        """The units named by the strings written in the lines of ``spans`` of ``code``."""
        ranges = sorted(spans)
        found = set()
        for line, text, loader in self._strings(code):
            if any(lo <= line <= hi for lo, hi in ranges):
                unit = self.of(text, loader=loader)
                if unit is not None:
                    found.add(unit)
        return found

    def _strings(self, code: ModuleCode) -> list[tuple[int, str, bool]]:
        """Every module-like string of ``code``: (line, text, whether a bare name given to a loader)."""
        cached = self.memo.get(id(code))
        if cached is not None and cached[0] is code:
            return cached[1]
        loader_nodes: set[int] = set()
        for node in ast.walk(code.tree):
            if isinstance(node, ast.keyword) and node.arg and any(w in node.arg.lower() for w in _LOADER_WORDS):
                loader_nodes.update(id(sub) for sub in ast.walk(node.value))
        found: list[tuple[int, str, bool]] = []
        for node in ast.walk(code.tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or len(node.value) > _MAX_STRING:
                continue
            if _DOTTED.fullmatch(node.value):
                found.append((node.lineno, node.value, False))
            elif id(node) in loader_nodes and _BARE.fullmatch(node.value):
                found.append((node.lineno, node.value, True))
        self.memo[id(code)] = (code, found)
        return found

    def of(self, text: str, *, loader: bool = False) -> str | None:
        if loader:
            return self.by_last.get(text)
        module, colon, _ = text.partition(":")
        if colon:
            return module if module in self.units else None
        if text in self.units:
            return text
        parts = text.split(".")
        for k in range(len(parts) - 1, 1, -1):
            prefix = ".".join(parts[:k])
            if prefix in self.units:
                return prefix
        return None
