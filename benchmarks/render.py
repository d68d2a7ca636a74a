"""How long ``planner render`` takes on a large graph, with and without collapsing.

A generated module graph of N units (default 1,000) in packages three levels
deep (``p3.s2.m0412``), about four dependencies per unit, mostly down to lower
packages, with a few cycles, is written as a node-link JSON file; then each
case runs the real command line in a fresh process and is timed end to end
(start-up, loading, drawing, Graphviz):

* ``--depth 1`` and ``--depth 2``: packages collapsed (the target: under 10 s);
* ``--collapse-cycles``: each cycle one node, every module still drawn;
* no collapsing at all, for comparison;
* the HTML page of its bottom-up plan (every step, one layout).

    python3 benchmarks/render.py                   # 1,000 units, every case
    python3 benchmarks/render.py --units 200 --out /tmp/pics   # keep the pictures
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CASES: list[tuple[str, list[str]]] = [
    ("depth 1", ["--depth", "1"]),
    ("depth 2", ["--depth", "2"]),
    ("collapse cycles", ["--collapse-cycles", "--max-nodes", "0"]),
    ("no collapsing", ["--max-nodes", "0"]),
    ("default (--max-nodes 25)", []),
    ("plan page (.html)", ["-s", "bottom-up", "--max-nodes", "0"]),
]


def package_graph(units: int, *, seed: int = 7, packages: int = 8, subpackages: int = 5) -> dict[str, object]:
    """A layered module graph as node-link data.

    Subpackage ``pK.sJ`` is layer ``K * subpackages + J``; a module depends on
    modules of its own layer or of the few layers below (rarely further down),
    and a few dependencies inside a subpackage go back up, closing small cycles.
    """
    rng = random.Random(seed)
    layers = packages * subpackages
    layer_of = [i * layers // units for i in range(units)]
    names = [f"p{layer // subpackages}.s{layer % subpackages}.m{i:04d}" for i, layer in enumerate(layer_of)]
    by_layer: dict[int, list[str]] = {}
    for layer, name in zip(layer_of, names, strict=True):
        by_layer.setdefault(layer, []).append(name)
    edges: dict[tuple[str, str], None] = {}
    for i, name in enumerate(names):
        for _ in range(4):
            lower = layer_of[i] - int(rng.expovariate(0.5))
            if lower < 0:
                continue
            candidates = by_layer[lower] if lower < layer_of[i] else [n for n in by_layer[lower] if n < name]
            if candidates:
                edges[(name, rng.choice(candidates))] = None
    for u, v in list(edges)[:: max(1, len(edges) // 40)]:
        if u.rsplit(".", 1)[0] == v.rsplit(".", 1)[0]:
            edges.setdefault((v, u), None)  # a dependency back inside a subpackage: a small cycle
    return {
        "directed": True,
        "multigraph": False,
        "graph": {"name": f"packages-{units}"},
        "nodes": [{"id": name} for name in names],
        "edges": [{"source": u, "target": v, "kind": "import"} for u, v in edges],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--out", type=Path, help="Keep the graph and the pictures in this folder.")
    parser.add_argument("--skip-full", action="store_true", help="Leave out the case without collapsing.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.out or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        data = package_graph(args.units)
        source = folder / f"packages-{args.units}.json"
        source.write_text(json.dumps(data), encoding="utf-8")
        print(f"graph: {args.units} units, {len(data['edges'])} dependencies")  # type: ignore[arg-type]
        for label, options in CASES:
            if args.skip_full and not options:
                continue
            suffix = ".html" if "html" in label else ".svg"
            output = folder / f"packages-{args.units}-{label.split(' (')[0].replace(' ', '-')}{suffix}"
            command = [sys.executable, "-m", "planner", "render", str(source), "-o", str(output), "--force", *options]
            started = time.perf_counter()
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
            seconds = time.perf_counter() - started
            size = output.stat().st_size / 1024
            print(f"{label:18} {seconds:7.2f} s  {size:8.0f} KiB  planner render ... {' '.join(options)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
