"""The scanner against grimp (the import-graph library behind import-linter) on real packages.

Each package is a source distribution from PyPI at a pinned version, downloaded once into
``.cache/sdists`` (gitignored; ``PLANNER_SDIST_CACHE`` moves it) and unpacked beside it.
Our scan runs with grimp's semantics (every import statement wherever it is, no string
imports, tests included); grimp runs in a subprocess, so that it finds the unpacked package
and not one this process has imported (pytest itself imports pluggy).

Every difference must have one of the documented reasons below (docs/scanning.md), and the
number of differences of each reason is pinned: a new difference of any kind fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.loaders.scan import GRIMP_SCOPES, ScanOptions, scan
from planner.loaders.scan.discover import is_identifier
from tests import sdists

pytestmark = pytest.mark.slow


# package: (PyPI name, version, directory of the package inside the sdist, top-level names)
PACKAGES = {
    "attrs": ("attrs", "24.2.0", "src", ("attr", "attrs")),
    "click": ("click", "8.1.7", "src", ("click",)),
    "itsdangerous": ("itsdangerous", "2.2.0", "src", ("itsdangerous",)),
    "pluggy": ("pluggy", "1.5.0", "src", ("pluggy",)),
    "toolz": ("toolz", "1.0.0", "", ("toolz", "tlz")),
    "django": ("django", "5.1.4", "", ("django",)),
}

Edge = tuple[str, str]

# Why the two may differ; each is a predicate on one edge, given our scan's module names.
REASONS: dict[str, Callable[[Edge, frozenset[str]], bool]] = {
    # grimp names files like migrations/0001_initial.py and conf/locale/is/ (a keyword) as
    # modules; no import statement can name them, so we report them instead.
    "not an identifier": lambda e, _: not all(is_identifier(p) for n in e for p in n.split(".")),
    # grimp skips directories without __init__.py inside a package (PEP 420 portions); we scan them.
    "namespace directory": lambda e, ours: any(n.rpartition(".")[0] not in ours for n in e if "." in n),
    # a module importing itself: grimp records the import; a unit does not depend on itself.
    "self-import": lambda e, _: e[0] == e[1],
}

# (package) -> {reason: number of edges only grimp has, number only we have}
EXPECTED = {
    "attrs": {},
    "click": {},
    "itsdangerous": {},
    "pluggy": {},
    "toolz": {"namespace directory": (0, 25)},
    "django": {"not an identifier": (61, 0)},
}


def unpacked(package: str) -> Path:
    name, version, _, _ = PACKAGES[package]
    try:
        return sdists.unpacked(name, version)
    except sdists.DownloadError as exc:
        pytest.skip(str(exc))


GRIMP = """
import json, sys
import grimp
sys.path.insert(0, sys.argv[1])
graph = grimp.build_graph(sys.argv[2], cache_dir=None)
print(json.dumps([sorted(graph.modules),
                  sorted([m, i] for m in graph.modules for i in graph.find_modules_directly_imported_by(m))]))
"""


def grimp_graph(path: Path, top: str) -> tuple[set[str], set[Edge]]:
    result = subprocess.run(
        [sys.executable, "-c", GRIMP, str(path), top], capture_output=True, text=True, timeout=600, cwd=path
    )
    assert result.returncode == 0, result.stderr
    modules, edges = json.loads(result.stdout)
    return set(modules), {(u, v) for u, v in edges}


def classify(edges: set[Edge], ours: frozenset[str]) -> tuple[Counter[str], list[Edge]]:
    counts: Counter[str] = Counter()
    unexplained = []
    for edge in sorted(edges):
        reason = next((name for name, applies in REASONS.items() if applies(edge, ours)), None)
        if reason is None:
            unexplained.append(edge)
        else:
            counts[reason] += 1
    return counts, unexplained


@pytest.mark.parametrize("package", PACKAGES)
def test_the_scan_agrees_with_grimp(package: str) -> None:
    root = unpacked(package)
    _, _, inner, tops = PACKAGES[package]
    only_grimp: Counter[str] = Counter()
    only_ours: Counter[str] = Counter()
    total = 0
    for top in tops:
        tree = root / inner / top
        result = scan(tree, options=ScanOptions(scopes=GRIMP_SCOPES, include_tests=True))
        ours = frozenset(m.name for m in result.modules)
        our_edges = {(e.importer, e.imported) for e in result.edges}
        their_modules, their_edges = grimp_graph(root / inner, top)
        total += len(their_edges)
        counts, unexplained = classify(their_edges - our_edges, ours)
        assert not unexplained, f"{top}: edges grimp finds and we do not, for no known reason: {unexplained}"
        only_grimp += counts
        counts, unexplained = classify(our_edges - their_edges, ours)
        assert not unexplained, f"{top}: edges we find and grimp does not, for no known reason: {unexplained}"
        only_ours += counts
        # modules: the same, but for the files that cannot be imported by name and the namespace directories
        for module in their_modules ^ ours:
            assert not all(is_identifier(p) for p in module.split(".")) or module.rpartition(".")[0] not in ours
    assert total > 0
    got = {reason: (only_grimp[reason], only_ours[reason]) for reason in sorted(set(only_grimp) | set(only_ours))}
    assert got == EXPECTED[package]
