"""Benchmark: planner's scanner against grimp's ``build_graph``, cold and warm, in one run.

Run from the repository root::

    python3 benchmarks/scan.py                       # django and sympy, best of 3
    python3 benchmarks/scan.py --repeat 5 django

Both run in this process on the same unpacked source distributions (downloaded once
into ``.cache/sdists``, or ``$PLANNER_SDIST_CACHE``), with the same semantics: every
import statement wherever it is (planner's ``GRIMP_SCOPES``), tests included.

- *cold*: an empty cache directory (planner parses every file, in worker processes;
  grimp parses every file and writes its cache);
- *warm*: the same cache directory again, nothing changed. grimp trusts modification
  times; planner reads and hashes every file (its cache is keyed by content).

``scan`` is :func:`planner.scan.scan` (the scan result, as ``build_graph`` returns
grimp's graph); ``+graph`` adds building the validated networkx graph, what
``planner scan`` and ``planner plan SRC`` do. Each figure is the best of ``--repeat``
runs. The ratios are planner's time over grimp's: the targets are cold <= 1 and
warm <= 0.5.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.loaders.python import graph_from_scan  # noqa: E402  (after the path is set)
from planner.scan import GRIMP_SCOPES, ScanOptions, scan  # noqa: E402
from tests import sdists  # noqa: E402

PACKAGES = {"django": ("Django", "5.1.4"), "sympy": ("sympy", "1.13.3")}


def unpacked(package: str) -> Path:
    """The unpacked sdist (downloaded with pip the first time)."""
    name, version = PACKAGES[package]
    return sdists.unpacked(name, version)


def best(repeat: int, run: Callable[[str], object]) -> tuple[float, float]:
    """Best cold and best warm seconds of ``run(cache_dir)`` over ``repeat`` fresh cache directories."""
    cold, warm = [], []
    for _ in range(repeat):
        directory = tempfile.mkdtemp(prefix="scan-bench-")
        try:
            start = time.perf_counter()
            run(directory)
            cold.append(time.perf_counter() - start)
            start = time.perf_counter()
            run(directory)
            warm.append(time.perf_counter() - start)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
    return min(cold), min(warm)


def floors(tree: Path) -> tuple[float, float]:
    """What no Python scanner keyed by content avoids: walking, reading and hashing
    every file (the warm floor), and ``ast.parse`` of every file in one process."""
    import ast

    from planner.scan.cache import content_key
    from planner.scan.discover import discover

    start = time.perf_counter()
    found = discover(tree, display=str(tree), include_tests=True)
    sources = []
    for module in found.modules:
        with open(module.absolute, "rb") as handle:
            sources.append(handle.read())
        content_key(sources[-1])
    read = time.perf_counter() - start
    start = time.perf_counter()
    for data in sources:
        with contextlib.suppress(SyntaxError, ValueError):
            ast.parse(data)
    return read, time.perf_counter() - start


def measure(package: str, tree: Path, repeat: int) -> str:
    import grimp

    def ours(directory: str) -> object:
        return scan(tree, options=ScanOptions(scopes=GRIMP_SCOPES, include_tests=True, cache_dir=directory))

    def ours_graph(directory: str) -> object:
        return graph_from_scan(
            scan(tree, options=ScanOptions(scopes=GRIMP_SCOPES, include_tests=True, cache_dir=directory))
        )

    def theirs(directory: str) -> object:
        return grimp.build_graph(package, cache_dir=directory)

    grimp_cold, grimp_warm = best(repeat, theirs)
    scan_cold, scan_warm = best(repeat, ours)
    graph_cold, graph_warm = best(repeat, ours_graph)
    read, parse = min(floors(tree) for _ in range(repeat))
    result = scan(tree, options=ScanOptions(scopes=GRIMP_SCOPES, include_tests=True))
    return (
        f"| {package} | {result.stats.files} | {len(result.edges)} | {grimp_cold:.3f} | {scan_cold:.3f} "
        f"| {graph_cold:.3f} | {parse:.3f} | {scan_cold / grimp_cold:.1f} | {grimp_warm:.3f} | {scan_warm:.3f} "
        f"| {graph_warm:.3f} | {read:.3f} | {scan_warm / grimp_warm:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("packages", nargs="*", help=f"some of: {', '.join(PACKAGES)} (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    unknown = sorted(set(args.packages) - set(PACKAGES))
    if unknown:
        parser.error(f"unknown package {unknown[0]!r} (choose from {', '.join(PACKAGES)})")
    args.packages = args.packages or list(PACKAGES)
    from importlib.metadata import version

    print(f"python {sys.version.split()[0]}, grimp {version('grimp')}, {os.cpu_count()} CPUs, best of {args.repeat}")
    print("seconds; ratio = planner scan / grimp build_graph")
    print()
    print(
        "| package | files | edges | grimp cold | scan cold | +graph | ast.parse, 1 process | cold ratio "
        "| grimp warm | scan warm | +graph | walk+read+hash | warm ratio |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for package in args.packages:
        root = unpacked(package)
        sys.path.insert(0, str(root))
        try:
            print(measure(package, root / package, args.repeat), flush=True)
        finally:
            sys.path.remove(str(root))


if __name__ == "__main__":
    main()
