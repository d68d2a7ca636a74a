"""Benchmark: cycle breaking on generated graphs with a 300-unit strongly connected component.

Until the scanner gives real import graphs, two generators stand in:

``python-like``
    a package tree (12 packages of 25 modules and an ``__init__`` each) whose
    modules import mostly from lower layers, often from siblings, and now and
    then upwards (the function-level import that closes a cycle through half
    the code base); every ``__init__`` re-exports some of its modules, which
    import back from it. The weight of an import is the number of names it
    takes (1 to 8), as the scanner will record it.
``random``
    the adversarial case: 300 units with 4 dependencies each, a fifth of them
    pointing up a hidden order, so that cycles cross everywhere.

Each graph is planned bottom-up with the default time limit (and with the limit
given by ``--time-limit``) under three objectives; the table gives the wall
time of ``make_plan``, the cost, the proven lower bound and the gap.

Usage (from the repository root)::

    python3 benchmarks/generated.py [--seeds 3] [--time-limit SECONDS]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.api import make_plan
from planner.cycles import DEFAULT_EFFORT
from planner.graph import normalize_graph

OBJECTIVES = ("specific-stubs", "generic-stubs", "complexity")


def python_like(seed: int, packages: int = 12, modules: int = 25) -> nx.DiGraph:
    """A package tree whose imports mostly go down, with some sibling and upward imports."""
    rnd = random.Random(seed)
    graph = nx.DiGraph()
    layer = {}
    names = []
    for p in range(packages):
        init = f"app.pkg{p:02d}"
        graph.add_node(init)
        layer[init] = p * modules + modules  # an __init__ sits at the top of its package
        for m in range(modules):
            name = f"{init}.mod{m:02d}"
            names.append(name)
            layer[name] = p * modules + m
            graph.add_node(name)

    def add(u: str, v: str) -> None:
        if u != v and not graph.has_edge(u, v):
            graph.add_edge(u, v, kind="import", weight=min(8, 1 + int(rnd.expovariate(0.6))))

    for name in names:
        package = name.rsplit(".", 1)[0]
        here = layer[name]
        for _ in range(rnd.randint(2, 6)):
            roll = rnd.random()
            lower = [n for n in names if here - 60 <= layer[n] < here]
            siblings = [n for n in names if n.startswith(package + ".") and n != name]
            if roll < 0.6 and lower:
                add(name, rnd.choice(lower))  # a lower layer
            elif roll < 0.85:
                add(name, rnd.choice(siblings))  # a sibling, either way
            elif roll < 0.93:
                add(name, package)  # from the package's __init__
            else:
                add(name, rnd.choice(names))  # anywhere, often upwards: a late import
        if rnd.random() < 0.4:
            add(package, name)  # the __init__ re-exports it
    return normalize_graph(graph, source=f"python-like seed {seed}")


def random_graph(seed: int, units: int = 300, back: float = 0.2) -> nx.DiGraph:
    """Four dependencies per unit, a fraction ``back`` of them up a hidden order."""
    rnd = random.Random(seed)
    graph = nx.DiGraph()
    for i in range(units):
        for _ in range(4):
            if i and (rnd.random() < back or i == units - 1):
                j = rnd.randrange(0, i)
            else:
                j = rnd.randrange(i + 1, min(units, i + 41))
            if j != i:
                graph.add_edge(f"m{i:03d}", f"m{j:03d}", kind="import", weight=min(10, 1 + int(rnd.expovariate(0.4))))
    return normalize_graph(graph, source=f"random seed {seed}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--effort", type=int, default=None, help=f"work units (default {DEFAULT_EFFORT:,})")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds of wall clock instead of --effort")
    args = parser.parse_args(argv)
    make_plan(nx.DiGraph([("a", "b"), ("b", "a")]))  # warm-up: imports
    print("| graph | units | deps | largest SCC | objective | time (s) | cost | lower bound | gap | proven | method |")
    print("|---|---:|---:|---:|---|---:|---:|---:|---:|---|---|")
    cases = [("python-like", seed, python_like(seed)) for seed in range(args.seeds)]
    cases += [("random", seed, random_graph(seed)) for seed in range(args.seeds)]
    # Beyond the target: how the plan degrades on a component of a thousand units.
    cases += [("python-like, 40 packages", 0, python_like(0, packages=40))]
    for kind, seed, graph in cases:
        largest = max(len(c) for c in nx.strongly_connected_components(graph))
        for objective in OBJECTIVES:
            start = time.perf_counter()
            plan = make_plan(graph, objective=objective, time_limit=args.time_limit, effort=args.effort)
            seconds = time.perf_counter() - start
            big = max(plan.components, key=lambda c: len(c.units))
            gap = "0%" if big.optimal else f"{big.gap:.1%}"
            print(
                f"| {kind} {seed} | {graph.number_of_nodes()} | {graph.number_of_edges()} | {largest} "
                f"| {objective} | {seconds:.2f} | {big.cost:g} | {big.lower_bound:g} | {gap} "
                f"| {'yes' if big.optimal else 'no'} | {big.method} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
