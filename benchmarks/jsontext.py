"""What refusing over-long integers costs: ``planner.base.jsontext.loads`` beside ``json.loads``.

Every JSON input (graphs, plan files) goes through ``planner.base.jsontext.loads``,
which looks for a run of more than 308 digits after parsing. This times both on
the plan file of a random graph of N units, as ASCII and with non-ASCII names,
in the same run, and prints the best of R repetitions and the ratio.

    python benchmarks/jsontext.py [--units 3000] [-r 15]

Target: at most 1.5 times ``json.loads`` on either text.
"""

from __future__ import annotations

import argparse
import json
import timeit

import networkx as nx

from planner import api, planfile
from planner.base import jsontext


def best_ms(function: object, repeat: int) -> float:
    return min(timeit.repeat(function, number=3, repeat=repeat)) / 3 * 1000  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("-r", "--repeat", type=int, default=15)
    args = parser.parse_args()
    graph = nx.gnp_random_graph(args.units, 4 / args.units, seed=1, directed=True)
    graph = nx.relabel_nodes(graph, {i: f"pkg.mod{i}" for i in graph})
    text = planfile.dumps(api.make_plan(graph, strategy="bottom-up"))
    print("| plan file text | bytes | json.loads ms | jsontext.loads ms | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, sample in (("ASCII names", text), ("non-ASCII names", text.replace("pkg.mod", "pkg.módulo"))):
        plain = best_ms(lambda: json.loads(sample), args.repeat)  # noqa: B023 (timed at once, in the loop)
        guarded = best_ms(lambda: jsontext.loads(sample), args.repeat)  # noqa: B023 (timed at once, in the loop)
        size = len(sample.encode("utf-8"))
        print(f"| {name} | {size:,} | {plain:.1f} | {guarded:.1f} | {guarded / plain:.2f} |")


if __name__ == "__main__":
    main()
