"""A per-system folder of CSV files, as the CUMT group publishes its CITO benchmark.

The folder (``DRL_CITO/infoAbtPg/<system>/`` of Zhang, Jiang et al.) holds:

``CId_Name.csv``          ``Id,Name``: class id (0-based) -> class name
``deps_type.csv``         ``From,To,Type,Stype``: the dependency From -> To; Type
                          1 ``As`` association, 2 ``Ag`` composition, 3 ``I``
                          inheritance, 4 ``Dy`` dynamic (a polymorphic call), 0
                          ``None`` (no dependency: skipped)
``Attr_Method_deps.csv``  ``Id,Name,Set_of_Attrdeps,Set_of_Methoddeps``: per client,
                          ``{attrDeps:{Server:A,...}}`` and ``{methodDeps:{...}}``
                          keyed by server *name*, or ``null``

(``Couple_List.csv`` and ``CId_importance.csv`` are derived data, not read.)

A pair listed with several types becomes one edge whose ``kind`` is the most
constraining of them and whose ``kinds`` lists them all. Dynamic dependencies
are left out unless ``include_dynamic=True``: the literature's ORD is static.
Each edge is weighed by its stubbing complexity
(:func:`planner.loaders._cito.stub_complexity`), with the maxima of A and M
taken over every dependency the folder lists, dynamic ones included, so the
weight of an edge does not change with ``include_dynamic`` (and equals the
folder's own ``Couple_List.csv``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import GraphLoadError
from planner.graph import GraphBuilder, check_name
from planner.loaders import read_text
from planner.loaders._cito import CSV_TYPES, Coupling, CouplingScale, edge_attrs, strongest_kind

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["load"]

_NAMES = "CId_Name.csv"
_DEPS = "deps_type.csv"
_COUPLING = "Attr_Method_deps.csv"

_HEADERS: Mapping[str, tuple[str, ...]] = {
    _NAMES: ("Id", "Name"),
    _DEPS: ("From", "To", "Type", "Stype"),
    _COUPLING: ("Id", "Name", "Set_of_Attrdeps", "Set_of_Methoddeps"),
}

_SET = re.compile(r"\{(?P<label>\w+):\{(?P<body>.*)\}\}")


@dataclass(frozen=True)
class _Table:
    """One CSV file of the folder: its display path and its rows with their line numbers."""

    display: str
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    def error(self, message: str, line: int | None = None) -> GraphLoadError:
        return GraphLoadError(message, path=self.display, line=line)

    def whole(self, value: str, column: str, line: int) -> int:
        text = value.strip()
        # Past 18 digits no id or count is meant (and int() refuses 4,300 digits).
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise self.error(f"{column} must be a whole number >= 0, got {value!r}", line)
        return int(text)


def load(path: Path, *, display: str, include_dynamic: bool = False) -> nx.DiGraph:
    """Build the graph of the system folder ``path``; ``include_dynamic`` adds the Dy rows."""
    if not path.is_dir():
        raise GraphLoadError(
            f"not a folder: a CITO CSV system is a folder holding {_NAMES}, {_DEPS} and {_COUPLING}", path=display
        )
    names_table, deps_table, coupling_table = (_read(path, display, name) for name in (_NAMES, _DEPS, _COUPLING))
    names = _names(names_table)
    pairs = _dependencies(deps_table, names)
    couplings = _couplings(coupling_table, names)
    # Maxima over every listed dependency, whichever of them become edges.
    scale = CouplingScale.of(couplings.get(pair, Coupling()) for pair in pairs)

    builder = GraphBuilder(display, "cito-csv")
    for unit in sorted(names):
        builder.add_node(names[unit], {"id": unit})
    for (client, server), listed in pairs.items():
        kinds = listed if include_dynamic else listed - {"dynamic"}
        if not kinds:
            continue
        edge = edge_attrs(strongest_kind(kinds), couplings.get((client, server), Coupling()), scale)
        edge["kinds"] = tuple(sorted(kinds))
        builder.add_edge(names[client], names[server], edge)
    return builder.build()


def _read(folder: Path, display: str, name: str) -> _Table:
    """Read ``name`` of ``folder``, check its header, and keep its non-blank rows."""
    shown = str(Path(display) / name)
    file = folder / name
    if not file.is_file():
        raise GraphLoadError(
            f"missing {name}: a CITO CSV system folder holds {_NAMES}, {_DEPS} and {_COUPLING}", path=shown
        )
    # strict: an unclosed quote is an error, not a field that swallows the rest of the file.
    reader = csv.reader(io.StringIO(read_text(file, shown), newline=""), strict=True)
    rows: list[tuple[int, tuple[str, ...]]] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, tuple(row)))
            start = reader.line_num + 1  # a quoted field may span lines: keep where the row began
    except csv.Error as exc:
        raise GraphLoadError(f"CSV syntax error: {exc}", path=shown, line=start) from None
    header = _HEADERS[name]
    if not rows or tuple(cell.strip() for cell in rows[0][1]) != header:
        found = repr(",".join(rows[0][1])) if rows else "an empty file"
        raise GraphLoadError(
            f"expected the header {','.join(header)}, got {found}", path=shown, line=rows[0][0] if rows else None
        )
    for line, cells in rows[1:]:
        if len(cells) != len(header):
            raise GraphLoadError(
                f"expected {len(header)} columns ({','.join(header)}), got {len(cells)}", path=shown, line=line
            )
    return _Table(shown, tuple(rows[1:]))


def _names(table: _Table) -> dict[int, str]:
    """Class id -> name, both unique."""
    names: dict[int, str] = {}
    lines: dict[int, int] = {}
    owners: dict[str, int] = {}
    for line, (id_text, raw_name) in table.rows:
        unit = table.whole(id_text, "Id", line)
        name = check_name(raw_name.strip(), path=table.display, line=line)
        if unit in names:
            raise table.error(f"class id {unit} is named twice (first at line {lines[unit]})", line)
        if name in owners:
            # Attr_Method_deps.csv refers to servers by name, so a name must be unique.
            raise table.error(
                f"classes {owners[name]} (line {lines[owners[name]]}) and {unit} have the same name {name!r}", line
            )
        names[unit], lines[unit], owners[name] = name, line, unit
    if not names:
        raise table.error("no classes")
    return names


def _dependencies(table: _Table, names: Mapping[int, str]) -> dict[tuple[int, int], set[str]]:
    """The kinds each pair is listed with, pairs in the order of their first row."""
    pairs: dict[tuple[int, int], set[str]] = {}
    for line, (from_text, to_text, type_text, stype) in table.rows:
        client = _class(table, from_text, "From", names, line)
        server = _class(table, to_text, "To", names, line)
        code = table.whole(type_text, "Type", line)
        if code not in CSV_TYPES:
            known = ", ".join(f"{k} {label}" for k, (label, _) in CSV_TYPES.items())
            raise table.error(f"unknown dependency Type {code} (known: {known})", line)
        label, kind = CSV_TYPES[code]
        if stype.strip() != label:
            raise table.error(f"Type {code} is {label}, but Stype says {stype.strip()!r}", line)
        if kind is None:
            continue
        if client == server:
            raise table.error(f"self-loop: class {client} ({names[client]}) depends on itself", line)
        pairs.setdefault((client, server), set()).add(kind)
    return pairs


def _class(table: _Table, text: str, column: str, names: Mapping[int, str], line: int) -> int:
    unit = table.whole(text, column, line)
    if unit not in names:
        raise table.error(f"{column} class id {unit} is not in {_NAMES}", line)
    return unit


def _couplings(table: _Table, names: Mapping[int, str]) -> dict[tuple[int, int], Coupling]:
    """(client, server) -> A and M, from the per-client coupling sets."""
    ids = {name: unit for unit, name in names.items()}
    attributes: dict[tuple[int, int], int] = {}
    methods: dict[tuple[int, int], int] = {}
    seen: dict[int, int] = {}
    for line, (id_text, name, attr_set, method_set) in table.rows:
        client = _class(table, id_text, "Id", names, line)
        if name.strip() != names[client]:
            raise table.error(f"class {client} is {names[client]!r} in {_NAMES}, but {name.strip()!r} here", line)
        if client in seen:
            raise table.error(f"class {client} has two rows (first at line {seen[client]})", line)
        seen[client] = line
        for server, count in _coupling_set(table, attr_set, "attrDeps", ids, line):
            attributes[client, server] = count
        for server, count in _coupling_set(table, method_set, "methodDeps", ids, line):
            methods[client, server] = count
    return {
        pair: Coupling(attributes=attributes.get(pair, 0), methods=methods.get(pair, 0))
        for pair in attributes.keys() | methods.keys()
    }


def _coupling_set(table: _Table, cell: str, label: str, ids: Mapping[str, int], line: int) -> Iterator[tuple[int, int]]:
    """The (server id, count) entries of ``{label:{Server:count,...}}``, or none for ``null``."""
    text = cell.strip()
    if text == "null":
        return
    match = _SET.fullmatch(text)
    if match is None or match["label"] != label:
        raise table.error(
            f"coupling set does not parse: expected null or {{{label}:{{Name:count,...}}}}, got {text!r}", line
        )
    body = match["body"].strip()
    if not body:
        return
    servers: set[int] = set()
    for item in body.split(","):
        # Class names hold no ':' but rpartition keeps any that might.
        name, colon, count_text = item.rpartition(":")
        name = name.strip()
        if not colon or not name:
            raise table.error(f"coupling set does not parse: expected Name:count, got {item!r} in {label}", line)
        if name not in ids:
            raise table.error(f"{label} names class {name!r}, which is not in {_NAMES}", line)
        server = ids[name]
        if server in servers:
            raise table.error(f"{label} gives class {name!r} twice", line)
        servers.add(server)
        yield server, table.whole(count_text, f"the {label} count of {name!r}", line)
