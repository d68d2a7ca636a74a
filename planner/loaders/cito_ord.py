"""The text ORD files of the class integration test order literature.

The format of the UFPR group's benchmark (Guizzo et al., GECCO 2015, and the
MECBA papers before it): whitespace-separated sections, one per line header::

    DIMENSION 3
    DEPENDENCY
    1   2 I   3 Us          unit 1 inherits from 2 and uses 3
    2   3 As
    3
    ATTRIBUTE
    1   3 2                 A(1, 3) = 2: a stub of 3 fakes 2 attributes for 1
    METHOD
    1   3 1                 M(1, 3) = 1
    METHODRETURNTYPE        R, distinct return types (same row shape)
    METHODPARAMTYPE         P, distinct parameter types
    ASPECTS                 one row: the ids that are aspects
    CLUSTERS                optional, one row per cluster of ids
    END
    MAPPING                 optional: "id  qualified.Name" per unit
    1   a.Figure
    ...

Units are numbered 1..n. ``i  j T`` is the dependency ``i -> j`` of type T
(see :data:`planner.loaders._cito.ORD_KINDS`); coupling rows give a measure
for pairs of DEPENDENCY and are ignored for any other pair (the AJHotDraw and
AJHSQLDB files have one such stray entry); a pair given twice in a row keeps
its last value. Without MAPPING a unit is named by
its id. Aspects are the ids of ASPECTS or, where ASPECTS lists none, the
units whose MAPPING name ends in ``" - aspecto"``; the suffix is dropped from
every name. Each edge is weighed by its stubbing
complexity (:func:`planner.loaders._cito.stub_complexity`), with the maxima of
A and M taken over every dependency of the file.

The member-level variant of the same repository (``Guava.txt``, ``test.txt``:
comma-separated, no DIMENSION) is refused with a message that says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import GraphLoadError
from planner.graph import GraphBuilder
from planner.loaders import read_text
from planner.loaders._cito import ORD_KINDS, Coupling, CouplingScale, edge_attrs

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["load", "loads"]

_SECTIONS = (
    "DEPENDENCY",
    "ATTRIBUTE",
    "METHOD",
    "METHODRETURNTYPE",
    "METHODPARAMTYPE",
    "ASPECTS",
    "CLUSTERS",
    "END",
    "MAPPING",
)

_MEASURES = {
    "ATTRIBUTE": "attributes",
    "METHOD": "methods",
    "METHODRETURNTYPE": "return_types",
    "METHODPARAMTYPE": "param_types",
}
"""Coupling sections, by the :class:`Coupling` field each one fills."""

_ASPECT_SUFFIX = " - aspecto"

_MAX_UNITS = 1_000_000
"""Every id 1..n becomes a node, so a mistyped DIMENSION must not exhaust memory."""


@dataclass(frozen=True)
class _Line:
    number: int
    text: str

    @property
    def tokens(self) -> list[str]:
        return self.text.split()


@dataclass
class _File:
    """The file cut into sections, before any row is interpreted."""

    display: str
    dimension: int
    headers: dict[str, int] = field(default_factory=dict)
    bodies: dict[str, list[_Line]] = field(default_factory=dict)

    def error(self, message: str, line: int | None) -> GraphLoadError:
        return GraphLoadError(message, path=self.display, line=line)

    def rows(self, section: str) -> Iterator[_Line]:
        return iter(self.bodies.get(section, []))

    def unit(self, token: str, line: int) -> int:
        """``token`` as a unit id in 1..n."""
        value = _whole(token)
        if value is None:
            raise self.error(f"expected a unit id, got {token!r}", line)
        if not 1 <= value <= self.dimension:
            raise self.error(f"unit id {value} is out of range 1..{self.dimension} (DIMENSION)", line)
        return value


@dataclass(frozen=True)
class _Dependency:
    client: int
    server: int
    code: str
    line: int


def load(path: Path, *, display: str) -> nx.DiGraph:
    return loads(read_text(path, display), display=display)


def loads(text: str, *, display: str = "<ord>") -> nx.DiGraph:
    """Build the graph of the ORD ``text`` (``display`` names it in errors)."""
    ord_file = _split(text, display)
    if "DEPENDENCY" not in ord_file.headers:
        raise ord_file.error("no DEPENDENCY section", None)
    dependencies = _dependencies(ord_file)
    couplings = _couplings(ord_file, dependencies)
    scale = CouplingScale.of(couplings.values())
    names, name_lines, named_aspects = _mapping(ord_file)
    # ASPECTS is what the HITO code reads; the " - aspecto" suffix of MAPPING is
    # a naming habit that went stale in places (15 classes of AJHSQLDB keep it
    # after ASPECTS dropped them), so it only speaks where ASPECTS lists nobody.
    aspects = _ids_of(ord_file, "ASPECTS") or named_aspects
    clusters = _clusters(ord_file)

    builder = GraphBuilder(display, "cito-ord")
    for unit in range(1, ord_file.dimension + 1):
        node: dict[str, object] = {"id": unit, "aspect": unit in aspects}
        if unit in clusters:
            node["cluster"] = clusters[unit]
        builder.add_node(names[unit], node, line=name_lines.get(unit))
    for pair, dep in dependencies.items():
        edge = edge_attrs(ORD_KINDS[dep.code], couplings[pair], scale)
        builder.add_edge(names[dep.client], names[dep.server], edge, line=dep.line)
    return builder.build()


def _split(text: str, display: str) -> _File:
    """Cut ``text`` into its DIMENSION and its sections, checking the headers."""
    lines = [_Line(k, raw) for k, raw in enumerate(text.splitlines(), start=1)]
    content = [line for line in lines if line.text.strip()]
    if not content:
        raise GraphLoadError("empty file: an ORD starts with DIMENSION n", path=display)
    first = content[0]
    ord_file = _File(display, _dimension(first, display))
    section: str | None = None
    for line in content[1:]:
        word = line.text.strip()
        if word in _SECTIONS:
            if word in ord_file.headers:
                first_at = ord_file.headers[word]
                raise ord_file.error(f"section {word} given twice (first at line {first_at})", line.number)
            section = word
            ord_file.headers[word] = line.number
            ord_file.bodies[word] = []
        elif word.isalpha() and word.isupper():
            raise ord_file.error(f"unknown section {word!r} (known: {', '.join(_SECTIONS)})", line.number)
        elif line.tokens[0] == "DIMENSION":
            raise ord_file.error(f"DIMENSION given twice (first at line {first.number})", line.number)
        elif section is None:
            raise ord_file.error("expected a section header such as DEPENDENCY after DIMENSION", line.number)
        elif section == "END":
            raise ord_file.error("unexpected line after END (only MAPPING may follow it)", line.number)
        else:
            ord_file.bodies[section].append(line)
    return ord_file


def _dimension(first: _Line, display: str) -> int:
    tokens = first.tokens
    if tokens[0] != "DIMENSION":
        if "," in first.text:
            raise GraphLoadError(
                "this is the member-level format of HITO's Guava.txt/test.txt (comma-separated, no DIMENSION), "
                "which is not supported: give a class-level ORD (DIMENSION / DEPENDENCY / ...)",
                path=display,
                line=first.number,
            )
        raise GraphLoadError(
            f"DIMENSION missing: an ORD starts with 'DIMENSION n', got {first.text.strip()!r}",
            path=display,
            line=first.number,
        )
    dimension = _whole(tokens[1]) if len(tokens) == 2 else None
    if dimension is not None and dimension > _MAX_UNITS:
        raise GraphLoadError(
            f"DIMENSION {dimension} is past the {_MAX_UNITS:,} units this loader accepts",
            path=display,
            line=first.number,
        )
    if dimension is None or dimension < 1:
        raise GraphLoadError(
            f"DIMENSION must be one positive whole number (the number of units), got {first.text.strip()!r}",
            path=display,
            line=first.number,
        )
    return dimension


def _whole(token: str) -> int | None:
    """``token`` as a whole number written in ASCII digits, else None.

    Stricter than :func:`int`, which also takes signs, underscores and other
    scripts' digits: none of these belong in an ORD. Past 18 digits a count
    means nothing (and :func:`int` refuses 4,300 digits with its own error).
    """
    return int(token) if token.isascii() and token.isdigit() and len(token) <= 18 else None


def _pairs(ord_file: _File, section: str, line: _Line) -> tuple[int, list[tuple[int, str]]]:
    """A row ``i  j1 x1  j2 x2 ...`` as (i, [(j1, x1), ...]), ids checked."""
    tokens = line.tokens
    if len(tokens) % 2 == 0:
        shape = "i  j1 T1  j2 T2 ..." if section == "DEPENDENCY" else "i  j1 count1  j2 count2 ..."
        raise ord_file.error(
            f"{section} row does not parse: expected {shape!r}, got {line.text.strip()!r}", line.number
        )
    client = ord_file.unit(tokens[0], line.number)
    pairs = [(ord_file.unit(tokens[k], line.number), tokens[k + 1]) for k in range(1, len(tokens), 2)]
    return client, pairs


def _rows(ord_file: _File, section: str) -> Iterator[tuple[_Line, int, list[tuple[int, str]]]]:
    """The rows of ``section``, each client id at most once."""
    seen: dict[int, int] = {}
    for line in ord_file.rows(section):
        client, pairs = _pairs(ord_file, section, line)
        if client in seen:
            raise ord_file.error(
                f"{section} has two rows for unit {client} (first at line {seen[client]})", line.number
            )
        seen[client] = line.number
        yield line, client, pairs


def _dependencies(ord_file: _File) -> dict[tuple[int, int], _Dependency]:
    """The DEPENDENCY pairs, in file order."""
    result: dict[tuple[int, int], _Dependency] = {}
    for line, client, pairs in _rows(ord_file, "DEPENDENCY"):
        for server, code in pairs:
            if code not in ORD_KINDS:
                known = ", ".join(sorted(ORD_KINDS))
                raise ord_file.error(f"unknown dependency type {code!r} (known: {known})", line.number)
            if (client, server) in result:
                raise ord_file.error(f"dependency {client} -> {server} is listed twice in its row", line.number)
            result[client, server] = _Dependency(client, server, code, line.number)
    return result


def _couplings(ord_file: _File, dependencies: dict[tuple[int, int], _Dependency]) -> dict[tuple[int, int], Coupling]:
    """A, M, R and P of every dependency (0 where a section does not give it)."""
    measures: dict[tuple[int, int], dict[str, int]] = {pair: {} for pair in dependencies}
    for section, measure in _MEASURES.items():
        for line, client, pairs in _rows(ord_file, section):
            for server, token in pairs:
                count = _whole(token)
                if count is None:
                    raise ord_file.error(
                        f"{section} count for {client} -> {server} must be a whole number >= 0, got {token!r}",
                        line.number,
                    )
                if (client, server) not in measures:
                    # A measure for a pair that is no dependency describes nothing to
                    # stub; the published files have one such entry (AJHotDraw, AJHSQLDB).
                    continue
                # A pair given twice in one row keeps its last value, as the HITO
                # reader (which fills a matrix) does; the published AJHotDraw ORD has
                # one such entry (METHOD 214 -> 213, 3 then 1).
                measures[client, server][measure] = count
    return {
        pair: Coupling(
            attributes=values.get("attributes", 0),
            methods=values.get("methods", 0),
            return_types=values.get("return_types", 0),
            param_types=values.get("param_types", 0),
        )
        for pair, values in measures.items()
    }


def _ids_of(ord_file: _File, section: str) -> set[int]:
    return {ord_file.unit(token, line.number) for line in ord_file.rows(section) for token in line.tokens}


def _clusters(ord_file: _File) -> dict[int, int]:
    """Unit id -> 1-based index of its CLUSTERS row (a unit in one cluster at most)."""
    result: dict[int, int] = {}
    for index, line in enumerate(ord_file.rows("CLUSTERS"), start=1):
        for token in line.tokens:
            unit = ord_file.unit(token, line.number)
            if result.get(unit, index) != index:
                raise ord_file.error(f"unit {unit} is in two clusters ({result[unit]} and {index})", line.number)
            result[unit] = index
    return result


def _mapping(ord_file: _File) -> tuple[dict[int, str], dict[int, int], set[int]]:
    """Unit names, the MAPPING line of each, and the ids MAPPING marks as aspects.

    Without a MAPPING section (or with an empty one) every unit is named by its id.
    """
    rows = list(ord_file.rows("MAPPING"))
    if not rows:
        return {unit: str(unit) for unit in range(1, ord_file.dimension + 1)}, {}, set()
    names: dict[int, str] = {}
    lines: dict[int, int] = {}
    owners: dict[str, int] = {}
    aspects: set[int] = set()
    for line in rows:
        parts = line.text.split(None, 1)
        unit = ord_file.unit(parts[0], line.number)
        if unit in names:
            raise ord_file.error(f"MAPPING names unit {unit} twice (first at line {lines[unit]})", line.number)
        name = parts[1].strip() if len(parts) == 2 else ""
        if not name:
            raise ord_file.error(f"MAPPING gives unit {unit} no name", line.number)
        if name.endswith(_ASPECT_SUFFIX):
            name = name.removesuffix(_ASPECT_SUFFIX).strip()
            aspects.add(unit)
        if name in owners:
            other = owners[name]
            raise ord_file.error(
                f"MAPPING gives units {other} (line {lines[other]}) and {unit} the same name {name!r}", line.number
            )
        names[unit], lines[unit], owners[name] = name, line.number, unit
    missing = [unit for unit in range(1, ord_file.dimension + 1) if unit not in names]
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (", ..." if len(missing) > 10 else "")
        raise ord_file.error(
            f"MAPPING names {len(names)} of {ord_file.dimension} units; no name for {shown}",
            ord_file.headers["MAPPING"],
        )
    return names, lines, aspects
