"""Benchmark: the DOT loader against the node-link JSON loader on the same graph.

Run from the repository root::

    python3 benchmarks/loaders.py                  # 1,000 and 10,000 units, best of 5
    python3 benchmarks/loaders.py --units 1000 --repeat 3

The graph is ``benchmarks/plan.py``'s layered module graph (about five dependencies per
unit, each with its names and weight), written once as node-link JSON
(:func:`planner.api.graph_json`) and once as DOT (one ``"u" -> "v" [names="..."
weight=...]`` statement per edge, one node statement per unit). Each figure is the best
of ``--repeat`` calls of the loader's ``loads`` on the text in memory (parsing,
validating through ``GraphBuilder``, building the networkx graph), in CPU seconds. The
target: DOT within 3x of JSON.
"""

from __future__ import annotations

import argparse
import runpy
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner import api  # noqa: E402  (after the path is set)
from planner.loaders import dot, node_link  # noqa: E402


def dot_text(graph) -> str:  # type: ignore[no-untyped-def]
    lines = ["digraph modules {"]
    lines += [f'  "{node}" [kind=module];' for node in sorted(graph.nodes)]
    for u, v, data in sorted(graph.edges(data=True)):
        names = ",".join(data["names"])
        lines.append(f'  "{u}" -> "{v}" [kind={data["kind"]}, names="{names}", weight={data["weight"]:g}];')
    return "\n".join(lines) + "\n}\n"


def best(repeat: int, run) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--units", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    layered = runpy.run_path(str(ROOT / "benchmarks" / "plan.py"), run_name="bench")["layered_graph"]
    print("| units | edges | DOT KiB | JSON KiB | DOT s | JSON s | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for units in args.units:
        graph = layered(units)
        as_dot, as_json = dot_text(graph), api.graph_json(graph)
        from_dot = dot.loads(as_dot)
        from_json = node_link.loads(as_json)
        assert from_dot.graph["sha256"] == from_json.graph["sha256"], "the two files hold different graphs"
        dot_s = best(args.repeat, lambda text=as_dot: dot.loads(text))
        json_s = best(args.repeat, lambda text=as_json: node_link.loads(text))
        print(
            f"| {units:,} | {graph.number_of_edges():,} | {len(as_dot) // 1024:,} | {len(as_json) // 1024:,} "
            f"| {dot_s:.3f} | {json_s:.3f} | {dot_s / json_s:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
