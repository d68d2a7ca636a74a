"""How planning scales: layered random graphs of 1k, 10k and 100k units.

Each graph has about five dependencies per unit, most of them down to the next
few layers, and for 2% of the units one upward import of an importer, which
closes a small cycle.
Every (size, strategy) case runs in a fresh process, so its peak memory (max
RSS) is its own; the time is the CPU time of ``planner.api.make_plan`` on a
graph already in memory, and of building that graph through the same
validating ``GraphBuilder`` a loader uses.

    python benchmarks/plan.py                 # all sizes, all strategies
    python benchmarks/plan.py --sizes 1000    # one size
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STRATEGIES = ["bottom-up", "top-down", "top-down/depth-first", "sandwich", "big-bang"]


def layered_graph(units: int, *, seed: int = 1, per_unit: int = 5, layers: int = 12, cycle_rate: float = 0.02):  # type: ignore[no-untyped-def]
    """A layered module graph: ``pkgNN.modNNNNN`` units in ``layers`` layers."""
    from planner.graph import GraphBuilder

    rng = random.Random(seed)
    per_layer = max(1, units // layers)
    layer_of = [min(layers - 1, i // per_layer) for i in range(units)]
    by_layer: list[list[int]] = [[] for _ in range(layers)]
    for i, layer in enumerate(layer_of):
        by_layer[layer].append(i)
    names = [f"pkg{i % 97:02d}.mod{i:06d}" for i in range(units)]
    edges: dict[tuple[int, int], str] = {}
    importers: list[list[int]] = [[] for _ in range(units)]
    for i in range(units):
        layer = layer_of[i]
        if layer == 0:
            continue
        for _ in range(per_unit):
            # Mostly the layer just below, sometimes further down.
            target_layer = max(0, layer - 1 - int(rng.expovariate(1.0)))
            j = rng.choice(by_layer[target_layer])
            if (i, j) not in edges:
                edges[i, j] = f"f{rng.randrange(4)}"
                importers[j].append(i)
    for i in range(units):
        if importers[i] and rng.random() < cycle_rate:
            # Import back one of the importers: a cycle of two. Where such cycles
            # share units they join into bigger components (up to a few dozen
            # units at 100k). Back edges to more distant importers would make one
            # giant component, as random layered graphs are very connected
            # downwards; real code has local cycles.
            edges.setdefault((i, rng.choice(importers[i])), "g")
    builder = GraphBuilder(f"<layered {units}>", "generated")
    for name in names:
        builder.add_node(name)
    for (i, j), name in edges.items():
        builder.add_edge(names[i], names[j], {"kind": "import", "names": [name]})
    return builder.build()


def run_case(units: int, strategy: str) -> dict[str, object]:
    from planner.api import make_plan

    started = time.process_time()  # CPU seconds: the machines are shared, wall time moves with the load
    graph = layered_graph(units)
    built = time.process_time() - started
    name, _, variant = strategy.partition("/")
    options = {"variant": variant} if variant else {}
    started = time.process_time()
    plan = make_plan(graph, strategy=name, **options)
    planned = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    cycles = sum(1 for c in plan.components)
    return {
        "units": units,
        "edges": graph.number_of_edges(),
        "strategy": strategy,
        "build_s": round(built, 2),
        "plan_s": round(planned, 2),
        "peak_mib": round(peak),
        "steps": plan.metrics.steps,
        "waves": plan.metrics.waves,
        "cycles": cycles,
        "specific_stubs": plan.metrics.specific_stubs,
        "drivers": plan.metrics.drivers,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--strategies", nargs="+", default=STRATEGIES)
    parser.add_argument("--case", nargs=2, metavar=("UNITS", "STRATEGY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(int(args.case[0]), args.case[1])))
        return
    header = (
        f"{'units':>7} {'edges':>7} {'strategy':<21} {'build CPU s':>11} {'plan CPU s':>10} "
        f"{'peak MiB':>9} {'steps':>7} {'waves':>6} {'cycles':>7}"
    )
    print(header)
    for units in args.sizes:
        for strategy in args.strategies:
            out = subprocess.run(
                [sys.executable, __file__, "--case", str(units), strategy], capture_output=True, text=True, check=True
            ).stdout
            r = json.loads(out)
            print(
                f"{r['units']:>7} {r['edges']:>7} {r['strategy']:<21} {r['build_s']:>11} {r['plan_s']:>10} "
                f"{r['peak_mib']:>9} {r['steps']:>7} {r['waves']:>6} {r['cycles']:>7}",
                flush=True,
            )


if __name__ == "__main__":
    main()
