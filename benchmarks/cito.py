"""Benchmark: optimal cycle breaking on every system of the CITO literature.

Runs every system of ``../shared/cito`` (both sources; the CSV folders with
their static dependencies: association, composition, inheritance) through
every objective and reports, per system: units, dependencies, cycles, the
optimum and whether it is proven, the wall time, and what the heuristics of
Tai and Daniels, Le Traon et al. and Briand et al. (``baselines.py``) reach on
the same data. Then the exact attributes/methods Pareto front of the eight
systems of the Vergilio line, compared with the fronts the multi-objective
searches of the HITO repository stored.

Usage (from the repository root)::

    python3 benchmarks/cito.py                       # everything, Markdown on stdout
    python3 benchmarks/cito.py -o docs/cito-benchmark.md
    python3 benchmarks/cito.py --only ATM,OO_BCEL    # some systems

Exits 0 with a message when the data is absent. Times are wall-clock seconds
in this process, after one warm-up solve (importing the solver costs ~0.2 s
once per process; the command line pays it on the first cyclic graph).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import BASELINES  # noqa: E402

from planner.api import make_plan, pareto  # noqa: E402
from planner.cycles import OBJECTIVES  # noqa: E402
from planner.errors import PlannerError, UnbreakableCycleError  # noqa: E402
from planner.loaders import load_graph  # noqa: E402
from planner.strategies import break_graph_cycles  # noqa: E402

DATA = Path(os.environ.get("PLANNER_CITO") or ROOT.parent / "shared" / "cito")
BRIAND = ("ATM", "ant", "SPM", "DNS", "BCEL")
VERGILIO = (
    "OO_BCEL",
    "OO_JBoss",
    "OO_JHotDraw",
    "OO_MyBatis",
    "OA_AJHotDraw",
    "OA_AJHsqldb",
    "OA_HealthWatcher",
    "OA_TollSystems",
)
SEARCHES = ("nsgaii", "spea2", "moeadd")


@dataclass
class System:
    name: str
    source: str
    path: Path
    graph: nx.DiGraph | None = None
    skipped: str = ""
    same_as: str = ""
    note: str = ""
    results: dict[str, dict[str, object]] = field(default_factory=dict)


def discover(data: Path) -> list[System]:
    """Every system file or folder, in a stable order."""
    hito = data / "GiovaniGuizzo_HITO"
    systems = []
    for sub in ("problemas", "problemas/antigos", "problemas/temp", "problemas_cluster"):
        for path in sorted((hito / sub).glob("*.txt")):
            label = path.stem if sub == "problemas" else f"{sub.split('/')[-1]}/{path.stem}"
            systems.append(System(label, "HITO", path))
    for path in sorted((data / "ZZwarn1998_DRL_CITO" / "infoAbtPg").iterdir()):
        if path.is_dir():
            systems.append(System(path.name, "DRL_CITO", path))
    return systems


def count_cycles(graph: nx.DiGraph, cap: int, seconds: float) -> str:
    """The number of simple cycles, or a lower bound when the cap or the time runs out."""
    start = time.monotonic()
    count = 0
    for _ in nx.simple_cycles(graph):
        count += 1
        if count >= cap or (count % 1000 == 0 and time.monotonic() - start > seconds):
            return f"> {count:,}"
    return f"{count:,}"


def cost(graph: nx.DiGraph, order: list[str], objective: str) -> float:
    """What an order costs: the dependencies it goes against, under ``objective`` (independent of planner)."""
    position = {u: k for k, u in enumerate(order)}
    broken = [(u, v) for u, v in graph.edges if position[u] < position[v]]
    assert all(graph.edges[e]["breakable"] for e in broken), "an order broke an unbreakable dependency"
    if objective == "specific-stubs":
        return len(broken)
    if objective == "generic-stubs":
        return len({v for _, v in broken})
    if objective == "complexity":
        return sum(graph.edges[e]["weight"] for e in broken)
    return sum(graph.edges[e].get(objective, 0) for e in broken)


def solve(system: System, objective: str) -> dict[str, object]:
    graph = system.graph
    assert graph is not None
    start = time.perf_counter()
    breaking = break_graph_cycles(graph, objective=objective)
    seconds = time.perf_counter() - start
    plan = make_plan(graph, objective=objective)  # bottom-up: its order breaks exactly the chosen edges
    order = [u for step in plan.steps for u in step.units]
    value = cost(graph, order, objective)
    reported = sum(c.cost for c in breaking.components)
    assert abs(value - reported) < 1e-6, (system.name, objective, value, reported)
    bound = sum(c.lower_bound or 0.0 for c in breaking.components)
    return {
        "optimum": value,
        "proven": all(c.optimal for c in breaking.components),
        "bound": bound,
        "seconds": seconds,
        "methods": sorted({c.method for c in breaking.components}),
    }


def fmt(value: object) -> str:
    if isinstance(value, float):
        text = f"{value:.3f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


def run(systems: list[System], cycle_cap: int, cycle_seconds: float, log: object) -> None:
    digests: dict[str, str] = {}
    for system in systems:
        try:
            system.graph = load_graph(system.path, fmt="cito-ord" if system.source == "HITO" else "cito-csv")
        except PlannerError as exc:
            system.skipped = str(exc).split(": ", 1)[-1]
            continue
        digest = system.graph.graph["sha256"]
        if digest in digests:
            system.same_as = digests[digest]
            continue
        digests[digest] = system.name
        try:
            break_graph_cycles(system.graph, time_limit=1.0)
        except UnbreakableCycleError as exc:
            # Some CUMT folders have composition cycles: no order exists if
            # composition is never stubbed. Solve them with composition
            # stubbable instead, and say so.
            cycle = " -> ".join(u for u, _, _ in exc.cycle)
            system.note = f"composition cycle {cycle}: solved with composition stubbable"
            for _, _, data in system.graph.edges(data=True):
                if data["kind"] == "compose":
                    data["breakable"] = True
        graph = system.graph
        print(f"{system.source}/{system.name}: {graph.number_of_nodes()} units", file=log, flush=True)
        system.results["size"] = {
            "units": graph.number_of_nodes(),
            "deps": graph.number_of_edges(),
            "cycles": count_cycles(graph, cycle_cap, cycle_seconds),
            "sccs": sorted((len(c) for c in nx.strongly_connected_components(graph) if len(c) > 1), reverse=True),
        }
        orders = {name: baseline(graph) for name, baseline in BASELINES.items()}
        for objective in OBJECTIVES:
            result = solve(system, objective)
            for name, order in orders.items():
                result[name] = cost(graph, order, objective)
            system.results[objective] = result


def fronts(systems: list[System], log: object) -> list[dict[str, object]]:
    rows = []
    by_name = {s.name: s for s in systems if s.source == "HITO" and s.graph is not None}
    for name in VERGILIO:
        system = by_name.get(name)
        if system is None:
            continue
        print(f"front of {name}", file=log, flush=True)
        start = time.perf_counter()
        front = pareto(system.graph, objectives=("attributes", "methods"))
        seconds = time.perf_counter() - start
        exact = [p.values for p in front.points]
        for point in front.points:  # each point is an order: check it independently
            order = nx.lexicographical_topological_sort(nx.restricted_view(system.graph, [], point.broken))
            values = list(reversed(list(order)))
            assert (cost(system.graph, values, "attributes"), cost(system.graph, values, "methods")) == point.values
        row: dict[str, object] = {"system": name, "points": len(exact), "seconds": seconds, "exact": front.exact}
        row["front"] = exact
        for search in SEARCHES:
            stored = (
                DATA / "GiovaniGuizzo_HITO" / "resultado" / search / f"{name}_Comb_2obj" / f"All_FUN_{search}-{name}"
            )
            if not stored.is_file():
                continue
            points = {tuple(float(x) for x in line.split()[:2]) for line in stored.read_text().splitlines() if line}
            on = sum(1 for p in points if p in exact)
            beaten = sum(1 for a, m in points if not any(ea <= a and em <= m for ea, em in exact))
            row[search] = (len(points), on, beaten)
        rows.append(row)
    return rows


def summary(systems: list[System]) -> list[str]:
    """The thirteen systems of the targets: every optimum, next to Tai-Daniels / Le Traon / Briand."""
    wanted = [("DRL_CITO", name) for name in BRIAND] + [("HITO", name) for name in VERGILIO]
    found = {(s.source, s.name): s for s in systems if s.results}
    lines = [
        "",
        "## Summary: Briand et al.'s five (DRL_CITO) and the Vergilio line's eight (HITO)",
        "",
        "Each cell: the proven optimum (Tai-Daniels / Le Traon / Briand on the same data). "
        "Time: the slowest of the five objectives.",
        "",
        "| system | units | deps | cycles | " + " | ".join(OBJECTIVES) + " | all proven | time (s) |",
        "|---|---:|---:|---:|" + "---|" * len(OBJECTIVES) + "---|---:|",
    ]
    for key in wanted:
        s = found.get(key)
        if s is None:
            continue
        size = s.results["size"]
        cells = []
        for objective in OBJECTIVES:
            r = s.results[objective]
            cells.append(f"{fmt(r['optimum'])} ({' / '.join(fmt(r[name]) for name in BASELINES)})")
        proven = all(s.results[o]["proven"] for o in OBJECTIVES)
        slowest = max(float(s.results[o]["seconds"]) for o in OBJECTIVES)  # type: ignore[arg-type]
        lines.append(
            f"| {s.name} | {size['units']} | {size['deps']} | {size['cycles']} | "
            + " | ".join(cells)
            + f" | {'yes' if proven else 'no'} | {slowest:.3f} |"
        )
    return lines


def markdown(systems: list[System], front_rows: list[dict[str, object]], total: float) -> str:
    import highspy

    lines = [
        "# CITO benchmark results",
        "",
        f"Generated by `python3 benchmarks/cito.py` in {total:.0f} s on {os.cpu_count()} cores "
        f"({platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"highspy {highspy.HIGHS_VERSION_MAJOR}.{highspy.HIGHS_VERSION_MINOR}.{highspy.HIGHS_VERSION_PATCH}, "
        f"networkx {nx.__version__}). Data: `{DATA.name}/` (see its SOURCES.md).",
        "",
        "## Systems",
        "",
        "| system | source | units | dependencies | simple cycles | non-trivial SCCs (sizes) |",
        "|---|---|---:|---:|---:|---|",
    ]
    for s in systems:
        if s.skipped or s.same_as:
            continue
        size = s.results["size"]
        sccs = size["sccs"]
        shown = ", ".join(map(str, sccs[:6])) + (f", ... ({len(sccs)})" if len(sccs) > 6 else "")  # type: ignore[index,arg-type]
        lines.append(
            f"| {s.name} | {s.source} | {size['units']} | {size['deps']} | {size['cycles']} | {shown or '-'} |"
        )
    notes = [f"{s.source}/{s.name}: {s.note}" for s in systems if s.note]
    if notes:
        lines += ["", "Notes: " + "; ".join(notes) + "."]
    lines += summary(systems)
    same = [f"{s.source}/{s.name} = {s.same_as}" for s in systems if s.same_as]
    skipped = [f"{s.source}/{s.name} ({s.skipped})" for s in systems if s.skipped]
    if same:
        lines += ["", "Identical graphs, solved once: " + "; ".join(same) + "."]
    if skipped:
        lines += ["", "Not loaded: " + "; ".join(skipped) + "."]
    for objective in OBJECTIVES:
        lines += [
            "",
            f"## Objective `{objective}`",
            "",
            "| system | optimum | proven | time (s) | method | " + " | ".join(BASELINES) + " |",
            "|---|---:|---|---:|---|" + "---:|" * len(BASELINES),
        ]
        for s in systems:
            if s.skipped or s.same_as:
                continue
            r = s.results[objective]
            proven = "yes" if r["proven"] else f"no (bound {fmt(r['bound'])})"
            methods = ", ".join(r["methods"]) or "(acyclic)"  # type: ignore[arg-type]
            base = " | ".join(fmt(r[name]) for name in BASELINES)
            name = s.name + (" (Ag stubbable)" if s.note else "")
            lines.append(f"| {name} | {fmt(r['optimum'])} | {proven} | {r['seconds']:.3f} | {methods} | {base} |")
    if front_rows:
        lines += [
            "",
            "## Exact attributes/methods Pareto fronts (Vergilio line)",
            "",
            "Stored fronts of the HITO repository: points / points on the exact front / points that no valid "
            "order reaches (they beat the exact front, so they break a constraint).",
            "",
            "| system | points | time (s) | " + " | ".join(SEARCHES) + " |",
            "|---|---:|---:|" + "---|" * len(SEARCHES),
        ]
        for row in front_rows:
            cells = [
                "{} / {} / {}".format(*row[search]) if search in row else "-"  # type: ignore[misc]
                for search in SEARCHES
            ]
            lines.append(f"| {row['system']} | {row['points']} | {row['seconds']:.2f} | " + " | ".join(cells) + " |")
        total_front = sum(float(row["seconds"]) for row in front_rows)  # type: ignore[arg-type]
        lines += ["", f"All {len(front_rows)} fronts: {total_front:.1f} s.", ""]
        for row in front_rows:
            points = ", ".join(f"({fmt(a)}, {fmt(m)})" for a, m in row["front"])  # type: ignore[attr-defined]
            lines.append(f"- {row['system']}: {points}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, help="write the Markdown results here (default: stdout)")
    parser.add_argument("--only", help="comma-separated system names (default: all)")
    parser.add_argument("--cycle-cap", type=int, default=2_000_000, help="stop counting cycles past this many")
    parser.add_argument("--cycle-seconds", type=float, default=30.0, help="stop counting cycles after this long")
    parser.add_argument("--no-fronts", action="store_true", help="skip the Pareto fronts")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: the CITO data is not at {DATA} (../shared/cito beside the repository)", file=sys.stderr)
        return 0
    try:
        import highspy  # noqa: F401
    except ImportError:
        print("skipped: the exact solver is not installed (pip install -e '.[exact]')", file=sys.stderr)
        return 0
    systems = discover(DATA)
    if args.only:
        wanted = set(args.only.split(","))
        systems = [s for s in systems if s.name in wanted]
    start = time.perf_counter()
    # Warm-up: import the solver once, so that no system's time includes it.
    make_plan(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("a", "c"), ("c", "b"), ("b", "a")]))
    run(systems, args.cycle_cap, args.cycle_seconds, sys.stderr)
    rows = [] if args.no_fronts else fronts(systems, sys.stderr)
    text = markdown(systems, rows, time.perf_counter() - start)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
