"""Keeping a big picture readable: packages collapsed to fit a node budget, flat packages stacked.

Above ``max_nodes`` units a picture is collapsed to packages: :func:`package_groups`
starts from the top-level packages and keeps opening the largest package into
its subpackages (and modules) while the picture stays within the budget, so
each package is drawn at the depth the budget allows (``shop`` may stay whole
while ``django.db`` opens into ``django.db.models`` and ``django.db.backends``).

A *flat* package, one holding most of the units directly (rich's 78 modules
all sit in ``rich``), cannot be opened a level at a time: one node would show
nothing, and its modules side by side make a picture thousands of points wide
(rich: 5,702 points). :func:`banded` groups such a package's units by band
instead (a layer of the graph, a wave of the plan): ``rich, layer 3`` is one
node standing for the modules of that layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["BANDS", "MAX_NODES", "banded", "flat_package", "layers", "package_groups"]

MAX_NODES = 25
"""The default node budget (``--max-nodes``): above it a picture collapses. The
60-module graph of the tests is 2,389 points wide whole, 2,050 in 27 boxes (a
budget of 30), 1,387 in 25 or fewer, 1,057 in 15 (docs/rendering.md)."""


def _parts(name: str) -> int:
    return name.count(".") + 1


def package_groups(units: Iterable[str], max_nodes: int) -> dict[str, str]:
    """Each unit's package, opened as deep as ``max_nodes`` drawn nodes allow.

    The largest package that has units below its own name is opened first (ties:
    by name); a package whose opening would pass the budget stays whole (opening
    ``b`` into its only child ``b.z`` costs nothing, so it is always done).

    >>> units = ["a.x.1", "a.x.2", "a.y", "b.z"]
    >>> sorted(set(package_groups(units, 3).values()))
    ['a.x', 'a.y', 'b.z']
    >>> sorted(set(package_groups(units, 2).values()))
    ['a', 'b.z']
    """
    members: dict[str, list[str]] = {}
    for unit in sorted(units):
        members.setdefault(unit.split(".")[0], []).append(unit)
    closed: set[str] = set()
    while True:
        opened = False
        for group in sorted(members, key=lambda g: (-len(members[g]), g)):
            if group in closed:
                continue
            depth = _parts(group) + 1
            if all(_parts(u) < depth for u in members[group]):
                closed.add(group)
                continue
            children: dict[str, list[str]] = {}
            for unit in members[group]:
                children.setdefault(".".join(unit.split(".")[:depth]), []).append(unit)
            if len(members) - 1 + len(children) > max_nodes:
                closed.add(group)
                continue
            del members[group]
            members.update(children)
            opened = True
            break
        if not opened:
            break
    return {unit: group for group, units_of in members.items() for unit in units_of}


def flat_package(member: Mapping[str, str]) -> str | None:
    """The package holding more than half the units, most of them directly, if collapsing left one such.

    Collapsed, it would be one box standing for most of the picture: the picture
    should rather group its units by band (:func:`banded`).

    >>> flat_package({"p": "p", "p.a": "p", "p.b": "p", "q": "q"})
    'p'
    >>> flat_package({"p.x.a": "p", "p.y.b": "p", "q": "q"}) is None  # p can open: not flat
    True
    """
    sizes: dict[str, int] = {}
    direct: dict[str, int] = {}
    for unit, group in member.items():
        sizes[group] = sizes.get(group, 0) + 1
        direct[group] = direct.get(group, 0) + (_parts(unit) <= _parts(group) + 1)
    biggest = min(sizes, key=lambda g: (-sizes[g], g), default=None)
    if biggest is None or sizes[biggest] < 2 or sizes[biggest] <= len(member) / 2:
        return None
    return biggest if direct[biggest] > sizes[biggest] / 2 else None


def layers(edges: Iterable[tuple[str, str]], nodes: Iterable[str]) -> dict[str, int]:
    """Each node's layer: 1 for what depends on nothing, else one above its highest dependency.

    The members of a cycle share a layer (layers of the condensation DAG).

    >>> layers([("app", "db"), ("db", "disk"), ("cli", "disk")], ["app", "db", "disk", "cli"])
    {'app': 3, 'cli': 2, 'db': 2, 'disk': 1}
    """
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    condensed = nx.condensation(graph)
    layer: dict[int, int] = {}
    for c in reversed(list(nx.topological_sort(condensed))):
        layer[c] = 1 + max((layer[d] for d in condensed.successors(c)), default=0)
    mapping = condensed.graph["mapping"]
    return {node: layer[mapping[node]] for node in sorted(graph.nodes)}


BANDS = 8
"""At most this many bands of a flat package are drawn: beyond, consecutive bands share a node
(``rich, waves 4-6``), since every pair of bands may have dependencies between them."""


def banded(member: Mapping[str, str], band: Mapping[str, int], word: str) -> dict[str, str]:
    """``member`` with the units of its flat package (if any) grouped by ``band`` instead.

    >>> banded({"p": "p", "p.a": "p", "p.b": "p"}, {"p": 2, "p.a": 1, "p.b": 1}, "layer")
    {'p': 'p, layer 2', 'p.a': 'p, layer 1', 'p.b': 'p, layer 1'}
    """
    flat = flat_package(member)
    if flat is None:
        return dict(member)
    bands = sorted({band[unit] for unit, group in member.items() if group == flat})
    size = -(-len(bands) // BANDS)
    names: dict[int, str] = {}
    for k in range(0, len(bands), size):
        chunk = bands[k : k + size]
        name = f"{flat}, {word} {chunk[0]}" if len(chunk) == 1 else f"{flat}, {word}s {chunk[0]}-{chunk[-1]}"
        names.update(dict.fromkeys(chunk, name))
    return {unit: names[band[unit]] if group == flat else group for unit, group in member.items()}
