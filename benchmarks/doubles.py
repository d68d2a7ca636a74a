"""Benchmark: writing the doubles of real packages (``planner doubles PLAN``), against package size.

Run from the repository root::

    python3 benchmarks/doubles.py                    # the seven packages of the doubles tests, best of 3
    python3 benchmarks/doubles.py --repeat 5 rich

For each package (pinned sdists, downloaded once into ``.cache/sdists``), the bottom-up and
the top-down plan are made once; the figure is the best of ``--repeat`` runs of
:func:`planner.api.make_doubles` on the saved plan (the scan from its cache, reading the
source, every stub, every driver with its callers' call sites, the manifest), in this
process. ``per kline`` is the time per thousand lines of the package's source: the target
is that it does not grow with the package (generation linear in its size).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner import api  # noqa: E402  (after the path is set)
from tests.functional.doubles_oracle import ALL, unpacked  # noqa: E402


def measure(package: str, strategy: str, repeat: int, scratch: Path) -> tuple[int, int, int, int, float]:
    """(modules, lines, stubs, drivers, best seconds) of writing the doubles of one plan."""
    _, _, inner, tops = ALL[package]
    source = unpacked(package) / inner / tops[0]
    files = sorted(source.rglob("*.py"))
    lines = sum(len(f.read_text(encoding="utf-8", errors="replace").splitlines()) for f in files)
    plan_file = scratch / f"{package}-{strategy}.json"
    api.write_plan(api.make_plan(source, strategy=strategy), plan_file, force=True)
    best = float("inf")
    doubles = None
    for _ in range(repeat):
        start = time.perf_counter()
        doubles = api.make_doubles(plan_file)
        best = min(best, time.perf_counter() - start)
    assert doubles is not None
    return len(files), lines, len(doubles.stubs), len(doubles.drivers), best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", default=sorted(ALL, key=list(ALL).index))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| package | strategy | modules | lines | stubs | drivers | seconds | per kline |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for package in args.packages:
            for strategy in ("bottom-up", "top-down"):
                modules, lines, stubs, drivers, best = measure(package, strategy, args.repeat, Path(tmp))
                name, version, _, _ = ALL[package]
                print(
                    f"| {name} {version} | {strategy} | {modules} | {lines:,} | {stubs} | {drivers} | "
                    f"{best:.2f} | {1000 * best / lines:.3f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
