"""Benchmark: writing the doubles of real packages (``planner doubles PLAN``), against package size.

Run from the repository root::

    python3 benchmarks/doubles.py                    # the seven packages of the doubles tests, best of 3
    python3 benchmarks/doubles.py --repeat 5 rich
    python3 benchmarks/doubles.py --synthetic 100,200,400,800   # a chain of N modules, top-down
    python3 benchmarks/doubles.py --signatures                  # the signature oracle, per package

For each package (pinned sdists, downloaded once into ``.cache/sdists``), the bottom-up and
the top-down plan are made once; the figure is the best of ``--repeat`` runs of
:func:`planner.api.make_doubles` on the saved plan (the scan from its cache, reading the
source, every stub, every driver with its callers' call sites, the manifest), in this
process. ``per kline`` is the time per thousand lines of the package's source: the target
is that it does not grow with the package (generation linear in its size).

``--synthetic N,...`` writes instead a chain of N modules (``chain.m0000`` imports
``chain.m0001``, which imports ``chain.m0002``, ...; each with the same functions, a
class, and calls into the next), plans it top-down (and bottom-up) and prints the time
and, against the first size, the ratio of time to the ratio of lines: about 1 when the
generation is linear.

``--signatures`` is the signature oracle: for each package, the share of public functions,
classes and methods whose ``inspect.signature`` is the real one, as text (names, kinds, default
values, annotations) and by parameters (names, kinds, which ones have a default: the issue's
measure), for its **mirrored** stubs (every module stubbed from source and
imported without site-packages, :func:`tests.functional.doubles_oracle.compare`) and for its
**derived** stubs (every step of its top-down plan with the step's doubles installed, each double
against the function it replaced, :mod:`tests.functional.doubles_steps`; the package's own
dependencies must be installed). Targets: 100 % derived, at least 99 % mirrored.
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


MODULE = '''"""Module {i} of the chain."""

from __future__ import annotations

from chain import {next} as lower
from chain.{next} import Thing as LowerThing
from chain.{next} import helper as lower_helper


def helper(value: int, *, scale: int = 2) -> int:
    """Scale ``value``."""
    return value * scale


def compute(items: list[int], limit: int | None = None) -> int:
    total = sum(lower.helper(item, scale=3) for item in items) + lower_helper(1)
    return min(total, limit) if limit is not None else total


class Thing:
    """A thing that counts."""

    def __init__(self, start: int = 0) -> None:
        self.count = start

    def add(self, step: int = 1) -> int:
        other = LowerThing(self.count)
        other.add(step)
        self.count += helper(step)
        return self.count
'''


def write_chain(root: Path, size: int) -> Path:
    """A package ``chain`` of ``size`` modules, each importing the next one."""
    package = root / f"chain{size}" / "chain"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""A synthetic chain of modules."""\n', encoding="utf-8")
    for i in range(size):
        text = MODULE.format(i=i, next=f"m{i + 1:04d}")
        if i == size - 1:  # the last one calls nothing
            for old, new in [
                (f"from chain import m{size:04d} as lower\n", ""),
                (f"from chain.m{size:04d} import Thing as LowerThing\n", ""),
                (f"from chain.m{size:04d} import helper as lower_helper\n", ""),
                ("lower.helper(item, scale=3)", "item"),
                (" + lower_helper(1)", ""),
                ("LowerThing(self.count)", "Thing(self.count)"),
            ]:
                text = text.replace(old, new)
        (package / f"m{i:04d}.py").write_text(text, encoding="utf-8")
    return package


def synthetic(sizes: list[int], repeat: int, scratch: Path) -> None:
    print("| modules | lines | strategy | stubs | drivers | seconds | lines ratio | time ratio |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    first: dict[str, tuple[int, float]] = {}
    warm = write_chain(scratch / "warm-up", 20)  # imports and first-use caches, outside the figures
    api.make_doubles(api.make_plan(warm, strategy="bottom-up"))
    for size in sizes:
        source = write_chain(scratch, size)
        lines = sum(len(f.read_text(encoding="utf-8").splitlines()) for f in source.rglob("*.py"))
        for strategy in ("top-down", "bottom-up"):
            plan_file = scratch / f"chain{size}-{strategy}.json"
            api.write_plan(api.make_plan(source, strategy=strategy), plan_file, force=True)
            best, doubles = float("inf"), None
            for _ in range(repeat):
                start = time.process_time()
                doubles = api.make_doubles(plan_file)
                best = min(best, time.process_time() - start)
            assert doubles is not None
            base_lines, base_time = first.setdefault(strategy, (lines, best))
            print(
                f"| {size} | {lines:,} | {strategy} | {len(doubles.stubs)} | {len(doubles.drivers)} | {best:.2f} | "
                f"{lines / base_lines:.1f} | {best / base_time:.1f} |",
                flush=True,
            )


def signatures(packages: list[str], scratch: Path) -> None:
    import json
    import os
    import shutil
    import subprocess

    from tests.functional.doubles_oracle import compare

    print(
        "| package | mirrored: compared | same text | share | same parameters | share "
        "| derived: compared | matched | share | steps |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for package in packages:
        mirrored = compare(package, scratch / package / "mirrored")
        _, _, inner, tops = ALL[package]
        src = scratch / package / "src"  # the packages alone: httpx's and rich's sdists have a tests/ of their own
        for top in tops:
            shutil.copytree(unpacked(package) / inner / top, src / top, ignore=shutil.ignore_patterns("__pycache__"))
        compared = matched = steps = 0
        errors = []
        for top in tops:
            plan_file, out = scratch / package / f"{top}.json", scratch / package / f"{top}-doubles"
            api.write_plan(api.make_plan(src / top, strategy="top-down"), plan_file, force=True)
            api.write_doubles(api.make_doubles(plan_file), out, force=True)
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(src)])}
            probe = [sys.executable, "-m", "tests.functional.doubles_steps", str(plan_file), str(out), top]
            done = subprocess.run(probe, cwd=scratch, env=env, capture_output=True, text=True, check=True)
            for step in json.loads(done.stdout).values():
                compared, matched, steps = compared + step["compared"], matched + step["matched"], steps + 1
                errors += [step["error"]] if step["error"] else []
        name, version, _, _ = ALL[package]
        print(
            f"| {name} {version} | {mirrored.compared} | {mirrored.matched} | {100 * mirrored.rate:.1f} % | "
            f"{mirrored.shape_matched} | {100 * mirrored.shape_rate:.1f} % | "
            f"{compared} | {matched} | {100 * matched / compared if compared else 100:.1f} % | {steps} |",
            flush=True,
        )
        for error in errors:
            print(f"  import failed at a step: {error}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", default=sorted(ALL, key=list(ALL).index))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--synthetic", help="sizes of a synthetic chain of modules, comma-separated (100,200,400,800)")
    parser.add_argument("--signatures", action="store_true", help="the signature oracle: mirrored and derived stubs")
    args = parser.parse_args()
    if args.signatures:
        with tempfile.TemporaryDirectory() as tmp:
            signatures(args.packages, Path(tmp))
        return
    if args.synthetic:
        with tempfile.TemporaryDirectory() as tmp:
            synthetic([int(n) for n in args.synthetic.split(",")], args.repeat, Path(tmp))
        return
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
