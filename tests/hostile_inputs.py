"""Hypothesis strategies for hostile input files, one per format the planner reads.

Kept apart from ``tests/strategies.py`` (well-formed graphs for the algorithms'
properties): these write *files*, mostly wrong, to check that every loader
answers with a graph or a one-line error naming the file, never an internal
error. Each strategy mixes documents built from the format's own pieces (with
hostile names and values: lone surrogates, control characters, quotes, numbers
of thousands of digits, lists where text is expected) with byte-level
mutations of a valid file.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# Text a name or a value may hold: printable, but also what a hostile file puts there.
HOSTILE_CHARS = st.characters(codec=None, exclude_categories=())  # every code point, lone surrogates included
NAMES = st.one_of(
    st.sampled_from(["a", "b", "c", "pkg.mod", "x y", "", " ", "-", "->", '"', "\\", "é", "\ud800", "a\nb", "\x00"]),
    st.text(HOSTILE_CHARS, max_size=6),
)
# Integer literals around the range of a double (308 digits) and Python's int() limit (4,300 digits).
LONG_INTEGERS = st.sampled_from([300, 308, 309, 400, 4300, 4301, 5000]).map(lambda n: "9" * n)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    NAMES,
)
JSON_VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=3), max_leaves=8
)


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with a few bytes replaced, inserted, deleted, or cut off."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["replace", "insert", "delete", "truncate"]))
        chunk = draw(
            st.one_of(
                st.binary(min_size=1, max_size=4),
                st.sampled_from([b'"', b"{", b"}", b"[", b"<", b">", b";", b"->", b"\n", b"\xff", b"\xed\xa0\x80"]),
                LONG_INTEGERS.map(str.encode),
            )
        )
        if operation == "replace":
            data[position : position + len(chunk)] = chunk
        elif operation == "insert":
            data[position:position] = chunk
        elif operation == "delete":
            del data[position : position + draw(st.integers(1, 8))]
        else:
            del data[position:]
    return bytes(data)


def _raw_json(value: Any, raws: dict[str, str]) -> str:
    """``value`` as JSON text, with the placeholders of ``raws`` replaced by their raw text."""
    text = json.dumps(value, ensure_ascii=True, allow_nan=True)
    for placeholder, raw in raws.items():
        text = text.replace(json.dumps(placeholder), raw)
    return text


@st.composite
def _json_value(draw: st.DrawFn, raws: dict[str, str]) -> Any:
    if draw(st.integers(0, 9)) == 0:
        placeholder = f"\x01raw{len(raws)}\x01"
        raws[placeholder] = draw(LONG_INTEGERS)
        return placeholder
    return draw(JSON_VALUES)


@st.composite
def node_link_json(draw: st.DrawFn, seed: bytes) -> bytes:
    """A networkx node-link document with hostile ids and edge attributes, or a mutated ``seed``."""
    if draw(st.booleans()):
        return draw(mutated(seed))
    raws: dict[str, str] = {}
    ids = draw(st.lists(st.one_of(NAMES, _json_value(raws)), min_size=0, max_size=5))
    nodes = [{"id": node} for node in ids]
    edges = []
    for _ in range(draw(st.integers(0, 5))):
        edge: dict[str, Any] = {
            "source": draw(st.sampled_from(ids) if ids else NAMES),
            "target": draw(st.sampled_from(ids) if ids else NAMES),
        }
        for key in draw(st.lists(st.sampled_from(["kind", "weight", "names", "lines", "breakable", "label"]))):
            edge[key] = draw(
                st.one_of(_json_value(raws), st.sampled_from(["import", "inherit", "use", "true", "1", "2.5"]))
            )
        edges.append(edge)
    document: Any = {"directed": True, "nodes": nodes, draw(st.sampled_from(["edges", "links"])): edges}
    if draw(st.integers(0, 5)) == 0:
        document[draw(NAMES)] = draw(_json_value(raws))
    return _raw_json(document, raws).encode("utf-8")


def _xml_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


@st.composite
def graphml(draw: st.DrawFn, seed: bytes) -> bytes:
    """A GraphML document (declared encoding, key types and values all hostile), or a mutated ``seed``."""
    if draw(st.booleans()):
        return draw(mutated(seed))
    encoding = draw(st.sampled_from(["UTF-8", "utf-16", "latin-1", "ascii", "bogus-enc", "", "x" * 40]))
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>\n' if draw(st.booleans()) else ""
    lines = [declaration + '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    keys = ["kind", "weight", "names", "lines", "breakable"]
    for key in keys:
        kind = draw(st.sampled_from(["string", "int", "long", "double", "float", "boolean", "bogus"]))
        lines.append(f'<key id="{key}" for="edge" attr.name="{key}" attr.type="{kind}"/>')
    directed = draw(st.sampled_from(["directed", "undirected", "bogus"]))
    lines.append(f'<graph id="g" edgedefault="{directed}">')
    ids = draw(st.lists(NAMES, max_size=4))
    lines += [f'<node id="{_xml_attr(node)}"/>' for node in ids]
    for _ in range(draw(st.integers(0, 4))):
        u, v = (draw(st.sampled_from(ids) if ids else NAMES) for _ in range(2))
        data = "".join(
            f'<data key="{key}">{_xml_attr(str(draw(st.one_of(SCALARS, LONG_INTEGERS))))}</data>'
            for key in draw(st.lists(st.sampled_from(keys), max_size=3))
        )
        lines.append(f'<edge source="{_xml_attr(u)}" target="{_xml_attr(v)}">{data}</edge>')
    lines.append("</graph></graphml>")
    text = "\n".join(lines)
    return text.encode("utf-8", "surrogatepass")


def _dot_id(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def dot(draw: st.DrawFn, seed: bytes) -> bytes:
    """A DOT digraph with hostile ids and attributes, or a mutated ``seed``."""
    if draw(st.booleans()):
        return draw(mutated(seed))
    header = draw(st.sampled_from(["digraph", "strict digraph", "graph", "digraph g", "DiGraph"]))
    statements = []
    for _ in range(draw(st.integers(0, 6))):
        u, v = draw(NAMES), draw(NAMES)
        quote = draw(st.booleans())
        ends = (_dot_id(u), _dot_id(v)) if quote else (u or "a", v or "b")
        attrs = ", ".join(
            f"{key}={_dot_id(str(draw(st.one_of(SCALARS, LONG_INTEGERS))))}"
            for key in draw(st.lists(st.sampled_from(["kind", "weight", "names", "lines", "breakable"]), max_size=3))
        )
        statement = draw(st.sampled_from(["{} -> {}", "{} -> {{{} c}}", "{}; {}", "edge [kind=use]; {} -> {}"]))
        statements.append(statement.format(*ends) + (f" [{attrs}]" if attrs else "") + ";")
    text = header + " {\n" + "\n".join(statements) + "\n}\n"
    return text.encode("utf-8", "surrogatepass")


_ORD_TYPES = ["I", "Us", "As", "Ag", "Co", "Dy", "X", "", "1"]


@st.composite
def cito_ord(draw: st.DrawFn, seed: bytes) -> bytes:
    """An ORD file of the CITO literature with hostile rows, or a mutated ``seed``."""
    if draw(st.booleans()):
        return draw(mutated(seed))
    n = draw(st.integers(0, 5))
    number = st.one_of(st.integers(-1, n + 1).map(str), LONG_INTEGERS, NAMES)
    lines = [f"DIMENSION {draw(number)}", "DEPENDENCY"]
    for _ in range(draw(st.integers(0, n + 1))):
        row = [draw(number)] + [
            f"{draw(number)} {draw(st.sampled_from(_ORD_TYPES))}" for _ in range(draw(st.integers(0, 3)))
        ]
        lines.append("   ".join(row))
    for section in draw(st.lists(st.sampled_from(["ATTRIBUTE", "METHOD", "METHODRETURNTYPE", "ASPECTS", "CLUSTERS"]))):
        lines.append(section)
        lines += [" ".join(draw(number) for _ in range(3)) for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        lines.append("END")
        lines.append("MAPPING")
        lines += [f"{draw(number)}  {draw(NAMES)}" for _ in range(draw(st.integers(0, n + 1)))]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def cito_csv(draw: st.DrawFn, seeds: dict[str, bytes]) -> dict[str, bytes]:
    """The files of a CITO CSV folder (``CId_Name.csv``, ``deps_type.csv``, ``Attr_Method_deps.csv``)."""
    if draw(st.booleans()):
        name = draw(st.sampled_from(sorted(seeds)))
        return {**seeds, name: draw(mutated(seeds[name]))}
    n = draw(st.integers(0, 4))
    cell = st.one_of(st.integers(-1, n).map(str), LONG_INTEGERS, NAMES)
    names = ["Id,Name"] + [f"{i},{draw(NAMES)}" for i in range(n)]
    deps = ["From,To,Type,Stype"] + [
        f"{draw(cell)},{draw(cell)},{draw(st.one_of(st.integers(-1, 5).map(str), cell))},{draw(cell)}"
        for _ in range(draw(st.integers(0, 5)))
    ]
    coupling = ["Id,Name,Set_of_Attrdeps,Set_of_Methoddeps"]
    for _ in range(draw(st.integers(0, 3))):
        server, value = draw(NAMES), draw(st.one_of(cell, st.just("null")))
        attr = draw(st.sampled_from([f'"{{attrDeps:{{{server}:{value}}}}}"', "null", '"{attrDeps:{"', f'"{value}"']))
        method = draw(st.sampled_from([f'"{{methodDeps:{{{server}:{value}}}}}"', "null", '"{methodDeps:}"']))
        coupling.append(f"{draw(cell)},{draw(NAMES)},{attr},{method}")
    return {
        name: "\n".join(rows).encode("utf-8", "surrogatepass")
        for name, rows in (("CId_Name.csv", names), ("deps_type.csv", deps), ("Attr_Method_deps.csv", coupling))
    }


@st.composite
def plan_file(draw: st.DrawFn, seed: bytes) -> bytes:
    """A plan file with one of its values replaced by a hostile one (or a key dropped), or a mutated ``seed``."""
    if draw(st.booleans()):
        return draw(mutated(seed))
    document = json.loads(seed)
    raws: dict[str, str] = {}
    for _ in range(draw(st.integers(1, 3))):
        container: Any = document
        while True:
            keys = list(container) if isinstance(container, dict) else list(range(len(container)))
            if not keys:
                break
            key = draw(st.sampled_from(keys))
            child = container[key]
            if isinstance(child, (dict, list)) and child and draw(st.integers(0, 3)) > 0:
                container = child
                continue
            if isinstance(container, dict) and draw(st.integers(0, 4)) == 0:
                del container[key]
            else:
                container[key] = draw(_json_value(raws))
            break
    return _raw_json(document, raws).encode("utf-8")
