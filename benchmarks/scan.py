"""Benchmark: ``planner scan -o`` against grimp's ``build_graph``, cold and warm, whole processes.

Run from the repository root::

    python3 benchmarks/scan.py                       # django and sympy, best of 3
    python3 benchmarks/scan.py --repeat 5 django

Each figure is a fresh process, as a user or CI runs it: start-up, imports, the scan and
(for planner) writing the graph file. Both run in the same run, one after the other, on the
same unpacked source distributions (downloaded once into ``.cache/sdists``, or
``$PLANNER_SDIST_CACHE``), with the same semantics: every import statement wherever it is
(planner's ``GRIMP_SCOPES``), tests included.

- *cold*: an empty cache directory (both parse every file and fill their cache);
- *warm*: the same cache directory again, nothing changed (both trust what the file
  system says of a file: grimp its modification time, planner its size, times, inode
  and device, with git's racy-timestamp rule).

Times are CPU seconds (user + system, of the process and of every worker process it
waited for) and wall-clock seconds; each is the best of ``--repeat`` runs. The ratios are
planner's CPU time over grimp's: the targets are cold <= 1 and warm <= 0.5.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import sdists  # noqa: E402  (after the path is set)

PACKAGES = {"django": ("Django", "5.1.4"), "sympy": ("sympy", "1.13.3")}
SCOPES = "import-time,guarded,deferred,type-checking"  # GRIMP_SCOPES: no string imports


def unpacked(package: str) -> Path:
    """The unpacked sdist (downloaded with pip the first time)."""
    name, version = PACKAGES[package]
    return sdists.unpacked(name, version)


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """CPU seconds (the process and its waited-for children) and wall seconds of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def commands(package: str, root: Path, cache: str, out: str) -> dict[str, list[str]]:
    grimp = f"import grimp; grimp.build_graph({package!r}, cache_dir={cache!r})"
    planner = [sys.executable, "-m", "planner", "scan", str(root / package), "--cache-dir", cache]
    return {
        "grimp": [sys.executable, "-c", grimp],
        "planner": [*planner, "--include-tests", "--scope", SCOPES, "-o", out, "--force"],
    }


def measure(package: str, repeat: int) -> str:
    root = unpacked(package)
    best: dict[tuple[str, str], tuple[float, float]] = {}
    for _ in range(repeat):
        for tool in ("grimp", "planner"):
            directory = tempfile.mkdtemp(prefix="scan-bench-")
            try:
                command = commands(package, root, directory, os.path.join(directory, "g.json"))[tool]
                for phase in ("cold", "warm"):
                    cpu, wall = timed(command, root)
                    old = best.get((tool, phase), (float("inf"), float("inf")))
                    best[tool, phase] = (min(old[0], cpu), min(old[1], wall))
            finally:
                shutil.rmtree(directory, ignore_errors=True)
    cells = []
    for phase in ("cold", "warm"):
        (g_cpu, g_wall), (p_cpu, p_wall) = best["grimp", phase], best["planner", phase]
        cells += [f"{g_cpu:.2f} / {g_wall:.2f}", f"{p_cpu:.2f} / {p_wall:.2f}", f"{p_cpu / g_cpu:.2f}"]
    return f"| {package} | " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("packages", nargs="*", help=f"some of: {', '.join(PACKAGES)} (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    unknown = sorted(set(args.packages) - set(PACKAGES))
    if unknown:
        parser.error(f"unknown package {unknown[0]!r} (choose from {', '.join(PACKAGES)})")
    from importlib.metadata import version

    print(f"python {sys.version.split()[0]}, grimp {version('grimp')}, {os.cpu_count()} CPUs, best of {args.repeat}")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print("CPU s / wall s, whole process; ratio = planner CPU / grimp CPU")
    print()
    print("| package | grimp cold | planner cold | cold ratio | grimp warm | planner warm | warm ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for package in args.packages or list(PACKAGES):
        print(measure(package, args.repeat), flush=True)
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
