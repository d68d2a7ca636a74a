"""The plans of benchmarks/plan.py's layered graphs, as digests: do two checkouts plan the same?

For a refactoring that must not change any plan (issue 18), run it in both checkouts and
compare the output: every strategy, with cycles broken and clustered, on the layered
graph of each size; a line per plan with the sha256 of its plan file text.

    python benchmarks/plan_digest.py                      # 1,000 and 20,000 units
    python benchmarks/plan_digest.py --sizes 1000 100000
    diff <(python benchmarks/plan_digest.py) <(cd ../other && python benchmarks/plan_digest.py)
"""

from __future__ import annotations

import argparse
import hashlib
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLANS = [
    ("bottom-up", None),
    ("top-down", None),
    ("top-down", "depth-first"),
    ("sandwich", None),
    ("big-bang", None),
]


def main() -> None:
    from planner import api

    layered_graph = runpy.run_path(str(ROOT / "benchmarks" / "plan.py"), run_name="bench")["layered_graph"]

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    args = parser.parse_args()
    for size in args.sizes:
        graph = layered_graph(size)
        for strategy, variant in PLANS:
            for cycles in ("break", "cluster"):
                plan = api.make_plan(graph, strategy=strategy, variant=variant, cycles=cycles)
                digest = hashlib.sha256(api.plan_json(plan).encode()).hexdigest()[:16]
                print(size, strategy, variant or "-", cycles, digest, flush=True)


if __name__ == "__main__":
    main()
