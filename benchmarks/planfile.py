"""Plan files at scale: ``plan -o``, ``show``, ``select``, ``ci`` and ``render -o x.mmd`` on large graphs.

For each size, the layered graph of ``benchmarks/plan.py`` is written as a JSON graph
file, then every command runs as a whole process (``python -m planner ...``), timed
with its peak memory (max RSS of the child). ``plan -o`` plans the graph file
bottom-up; the other commands read a plan of the same graph that also assigns one
(synthetic) test node id to every step, as a plan made with ``--tests`` does, so that
``select`` and ``ci`` have something to select.

    python benchmarks/planfile.py                       # 1,000, 10,000 and 100,000 units
    python benchmarks/planfile.py --sizes 10000
    python benchmarks/planfile.py --django PATH         # also: planner plan PATH -o (a source tree)
"""

from __future__ import annotations

import argparse
import os
import runpy
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime)\n"
    "sys.exit(code)\n"
)


def timed(argv: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MiB of one command, as a fresh process (measured by a wrapper of its own)."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "planner", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"},
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"planner {' '.join(argv)} failed:\n{result.stderr}")
    peak, cpu = result.stdout.split()[-2:]
    return wall, float(cpu), int(peak) / 1024


CI = ["ci", "github", "tested.json", "--layout", "waves", "--install", "pip install pytest"]
"""A job per step (the layout with the most output), installing pytest (the benchmark's project declares nothing)."""


def prepare(units: int, work: Path) -> None:
    from planner import api

    layered_graph = runpy.run_path(str(ROOT / "benchmarks" / "plan.py"), run_name="bench")["layered_graph"]
    graph = layered_graph(units)
    (work / "graph.json").write_text(api.graph_json(graph), encoding="utf-8")
    plan = api.make_plan(graph)
    tests = [[f"tests/test_{unit.replace('.', '_')}.py::test_it" for unit in step.units] for step in plan.steps]
    api.write_plan(plan.with_tests(tests), work / "tested.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--django", type=Path, help="a Django package directory to plan as a source tree")
    args = parser.parse_args()
    print(f"{'units':>8} {'command':<34} {'wall s':>7} {'CPU s':>7} {'peak MiB':>9} {'file MB':>8}")
    for units in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            prepare(units, work)
            (work / "tests").mkdir()
            middle = units // 2
            commands = [
                ("plan graph.json -o plan.json", ["plan", "graph.json", "-o", "plan.json"], "plan.json"),
                ("show plan.json", ["show", "tested.json"], None),
                (f"select --step {middle}", ["select", "tested.json", "--step", str(middle)], None),
                (
                    "ci github --layout waves -o ci.yml",
                    [*CI, "-o", "ci.yml"],
                    None,
                ),
                ("render -o plan.mmd", ["render", "tested.json", "--max-nodes", "0", "-o", "plan.mmd"], None),
            ]
            for label, argv, output in commands:
                wall, cpu, peak = timed(argv, work)
                size = f"{(work / output).stat().st_size / 1e6:8.1f}" if output else f"{'':>8}"
                print(f"{units:>8} {label:<34} {wall:7.2f} {cpu:7.2f} {peak:9.0f} {size}", flush=True)
    if args.django:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "plan.json"
            wall, cpu, peak = timed(["plan", str(args.django.resolve()), "-o", str(out)], Path(tmp))
            size = out.stat().st_size / 1e6
            print(f"{'django':>8} {'plan DJANGO -o plan.json':<34} {wall:7.2f} {cpu:7.2f} {peak:9.0f} {size:8.1f}")


if __name__ == "__main__":
    main()
