"""How fast the command line starts: ``planner --version`` and ``planner --help``.

Runs each command N times in fresh processes (through the installed ``planner``
script when it is on PATH, else ``python -m planner``), next to a bare
``python -c pass`` in the same run, and prints the medians.

    python benchmarks/startup.py [-n 20]

Target: both under 0.3 s on the project's 2-core machine.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(argv: list[str], n: int) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=20)
    args = parser.parse_args()
    script = shutil.which("planner")
    planner = [script] if script else [sys.executable, "-m", "planner"]
    cases = {
        "python -c pass (baseline)": [sys.executable, "-c", "pass"],
        "planner --version": [*planner, "--version"],
        "planner --help": [*planner, "--help"],
        "planner plan --help": [*planner, "plan", "--help"],
        "python -c 'import networkx'": [sys.executable, "-c", "import networkx"],
    }
    print(f"{'command':<32} {'median s':>9}   ({args.n} runs each; planner = {' '.join(planner)})")
    for label, argv in cases.items():
        print(f"{label:<32} {median_seconds(argv, args.n):>9.3f}", flush=True)


if __name__ == "__main__":
    main()
