"""Draw one broken component for docs/cycles.md: the ATM system's cycle, broken optimally.

Writes ``broken_component.dot`` beside this script and renders it to SVG and
PNG with Graphviz ``dot`` (``apt-get install graphviz``). Needs the CITO data
(``../shared/cito`` beside the repository, or ``PLANNER_CITO``). Run from the
repository root::

    python3 docs/images/broken_component.py

Dependencies that the order keeps point from a class to what it uses (down
the picture, so the integration order reads bottom to top); the dependencies
it breaks are red and dashed: each needs a stub. Bold black edges are
inheritance or composition, which no stub may stand in for.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from planner.api import make_plan  # noqa: E402
from planner.loaders import load_graph  # noqa: E402

DATA = Path(os.environ.get("PLANNER_CITO") or ROOT.parent / "shared" / "cito")


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    source = DATA / "ZZwarn1998_DRL_CITO" / "infoAbtPg" / "ATM"
    if not source.is_dir():
        print(f"skipped: no CITO data at {DATA}", file=sys.stderr)
        return 0
    graph = load_graph(source)
    plan = make_plan(graph, objective="specific-stubs")
    (component,) = [c for c in plan.components if len(c.units) > 2]
    members = set(component.units)
    step = plan.step_of()
    broken = set(component.broken)
    lines = [
        "digraph broken {",
        '  graph [rankdir=TB, fontname="Helvetica", fontsize=12, labelloc=t, nodesep=0.35, ranksep=0.45,',
        f"         label={quote(f'ATM: the {len(members)}-class cycle, broken at {len(broken)} dependencies (proven least)')}];",  # noqa: E501
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="Helvetica", fontsize=11];',
        '  edge [color="#8a8a8a", arrowsize=0.7, fontname="Helvetica", fontsize=10];',
    ]
    for unit in sorted(members, key=lambda u: step[u]):
        lines.append(f"  {quote(unit)} [label={quote(f'{step[unit]}. {unit}')}];")
    for u, v, data in sorted(graph.subgraph(members).edges(data=True)):
        if (u, v) in broken:
            style = 'color="#c62828", style=dashed, penwidth=1.6, constraint=false, fontcolor="#c62828", label="stub"'
        elif not data["breakable"]:
            style = f'color="black", penwidth=2.2, label={quote(data["kind"])}, fontsize=9'
        else:
            style = ""
        lines.append(f"  {quote(u)} -> {quote(v)}" + (f" [{style}];" if style else ";"))
    lines.append("}")
    dot = HERE / "broken_component.dot"
    dot.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for fmt in ("svg", "png"):
        subprocess.run(["dot", f"-T{fmt}", "-Gdpi=110", str(dot), "-o", str(dot.with_suffix(f".{fmt}"))], check=True)
    print(f"wrote {dot.with_suffix('.svg')} and .png", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
