"""A reader of Graphviz DOT text: a tokenizer (one regular expression) and a recursive
descent parser of the DOT grammar, about a hundred times faster than pydot's pyparsing
grammar, which it replaces for loading (see ``docs/benchmarks.md``).

It gives, per graph, the statements in order, each with the line it starts on, so every
error names its line. What it accepts is DOT as pydot reads it: ``strict``, ``graph`` /
``digraph`` (keywords in any case), IDs (identifiers of letters, digits, ``_`` and ``.``;
double-quoted strings, also concatenated with ``+``; HTML strings ``<...>``), ``->`` and
``--`` chains with subgraph endpoints, ``node`` / ``edge`` / ``graph`` defaults,
attribute lists (``[a=b, c=d]``, several in a row), ``ID = ID`` assignments, ports
(``a:p:n``), and ``//``, ``#`` and ``/* */`` comments. A syntax error is a
:class:`DotSyntaxError` with the line and column of the token at fault.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["Default", "DotGraph", "DotSyntaxError", "Edge", "Endpoint", "Node", "Subgraph", "node_names", "parse"]

_TOKEN = re.compile(
    r"""
     (?P<skip>[ \t\r\n\f\v]+|//[^\n]*|\#[^\n]*|/\*.*?\*/)
    |(?P<quoted>"(?:[^"\\]|\\.)*")
    |(?P<op>->|--)
    |(?P<number>-[0-9.]+)
    |(?P<ident>[\w.]+)
    |(?P<punct>[{}\[\]=,;:+<])
    |(?P<bad>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class DotSyntaxError(Exception):
    """Not DOT: ``message`` at ``line`` (from 1) and ``column`` (from 1)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Node:
    """A node statement: the node's ID as written (quotes kept, ports dropped)."""

    name: str
    attrs: dict[str, str | None]
    line: int


Endpoint = str | list[str]
"""A node's ID as written, or the IDs of the node statements of a subgraph endpoint."""


@dataclass
class Edge:
    """An edge statement: a chain of endpoints (``a -> b -> {c d}``)."""

    points: list[Endpoint]
    attrs: dict[str, str | None]
    line: int


@dataclass
class Default:
    """``node [...]``, ``edge [...]`` or ``graph [...]``."""

    kind: str
    attrs: dict[str, str | None]
    line: int


@dataclass
class Subgraph:
    statements: list[Node | Edge | Default | Subgraph] = field(default_factory=list)


@dataclass
class DotGraph:
    kind: str  # "graph" or "digraph"
    strict: bool
    body: Subgraph


def parse(text: str) -> list[DotGraph]:
    """The graphs of ``text`` (raises :class:`DotSyntaxError`, or ``RecursionError`` when
    subgraphs nest too deep)."""
    return _Parser(text).graphs()


_EOF = "end of file"


class _Parser:
    """Tokens as three parallel lists (kind, text, offset), with an end-of-file sentinel:
    the hot loops index lists instead of building token objects."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.kinds: list[str] = []
        self.texts: list[str] = []
        self.offsets: list[int] = []
        self._tokenize()
        self.i = 0

    def where(self, pos: int) -> tuple[int, int]:
        line = bisect_right(self.newlines, pos - 1)
        start = self.newlines[line - 1] + 1 if line else 0
        return line + 1, pos - start + 1

    def fail(self, message: str, pos: int | None = None) -> DotSyntaxError:
        line, column = self.where(self.offsets[self.i] if pos is None else pos)
        return DotSyntaxError(message, line, column)

    def _tokenize(self) -> None:
        text, kinds, texts, offsets = self.text, self.kinds, self.texts, self.offsets
        pos, end = 0, len(text)
        while pos < end:
            for m in _TOKEN.finditer(text, pos):
                kind = m.lastgroup
                if kind == "skip":
                    continue
                start = m.start()
                if kind == "bad":
                    what = "unterminated string" if text[start] == '"' else f"unexpected character {text[start]!r}"
                    raise self.fail(what, start)
                value = m.group()
                if kind == "punct":
                    if value == "<":  # an HTML string: nested <...>, then tokens again after it
                        pos = self._html(start)
                        kinds.append("html")
                        texts.append(text[start:pos])
                        offsets.append(start)
                        break
                    kind = value
                kinds.append(str(kind))
                texts.append(value)
                offsets.append(start)
            else:
                pos = end
        kinds.append(_EOF)
        texts.append("")
        offsets.append(end)

    def _html(self, start: int) -> int:
        depth, pos, text = 0, start, self.text
        while pos < len(text):
            char = text[pos]
            depth += (char == "<") - (char == ">")
            pos += 1
            if depth == 0:
                return pos
        raise self.fail("HTML string: no '>' to match this '<'", start)

    # --- the grammar -------------------------------------------------------------------

    def keyword(self, word: str, offset: int = 0) -> bool:
        k = self.i + offset
        return k < len(self.kinds) and self.kinds[k] == "ident" and self.texts[k].lower() == word

    def take(self, kind: str) -> bool:
        if self.kinds[self.i] == kind:
            self.i += 1
            return True
        return False

    def expect(self, kind: str, what: str) -> str:
        if self.kinds[self.i] != kind:
            raise self.fail(f"expected {what}")
        self.i += 1
        return self.texts[self.i - 1]

    def graphs(self) -> list[DotGraph]:
        found = []
        while True:
            strict = self.keyword("strict")
            if strict:
                self.i += 1
            if self.keyword("digraph") or self.keyword("graph"):
                kind = self.texts[self.i].lower()
                self.i += 1
            else:
                raise self.fail("expected 'digraph' or 'graph'")
            if self.kinds[self.i] != "{":
                self.identifier()
            found.append(DotGraph(kind, strict, self.body()))
            if self.kinds[self.i] == _EOF:
                return found

    def body(self) -> Subgraph:
        """``{ stmt_list }`` (and a ``;`` after it)."""
        self.expect("{", "'{'")
        graph = Subgraph()
        kinds = self.kinds
        while kinds[self.i] != "}":
            if kinds[self.i] == _EOF:
                raise self.fail("expected '}'")
            self.statement(graph.statements)
            if kinds[self.i] == ";":
                self.i += 1
        self.i += 1
        if kinds[self.i] == ";":
            self.i += 1
        return graph

    def statement(self, into: list[Node | Edge | Default | Subgraph]) -> None:
        kinds, i = self.kinds, self.i
        line = self.where(self.offsets[i])[0]
        kind = kinds[i]
        if kind in _IDS and kinds[i + 1] == "=":  # ID = ID: a graph attribute
            self.i += 2
            self.righthand()
            return
        if kind == "ident" and kinds[i + 1] == "[" and self.texts[i].lower() in _DEFAULTS:
            self.i += 1
            into.append(Default(self.texts[i].lower(), self.attributes(), line))
            return
        first, name = self.point()
        if kinds[self.i] == "op":
            points: list[Endpoint] = [node_names(first.statements) if isinstance(first, Subgraph) else name]
            while kinds[self.i] == "op":
                arrow = self.i
                self.i += 1
                if kinds[self.i] not in _IDS and kinds[self.i] != "{":
                    raise self.fail(f"expected a node or a subgraph after '{self.texts[arrow]}'", self.offsets[arrow])
                point, name = self.point()
                points.append(node_names(point.statements) if isinstance(point, Subgraph) else name)
            into.append(Edge(points, self.attributes(), line))
        elif isinstance(first, Subgraph):
            into.append(first)
        else:
            into.append(Node(name, self.attributes(), line))

    def point(self) -> tuple[Subgraph | None, str]:
        """A node ID (ports dropped), or a subgraph (with its node statements' IDs as an endpoint)."""
        kinds = self.kinds
        if kinds[self.i] == "{" or (self.keyword("subgraph") and self.subgraph_follows()):
            if kinds[self.i] != "{":
                self.i += 1
                if kinds[self.i] != "{":
                    self.identifier()
            return self.body(), ""
        name = self.identifier()
        for _ in range(2):  # a:port:compass
            if kinds[self.i] != ":":
                break
            self.i += 1
            self.identifier()
        return None, name

    def subgraph_follows(self) -> bool:
        kinds, i = self.kinds, self.i
        return kinds[i + 1] == "{" or (kinds[i + 1] in _IDS and kinds[i + 2] == "{")

    def identifier(self) -> str:
        i = self.i
        kind = self.kinds[i]
        if kind not in _IDS:
            raise self.fail("expected an ID")
        self.i += 1
        text = self.texts[i]
        if kind != "quoted" or self.kinds[self.i] != "+":
            return text
        parts = [text[1:-1]]
        while self.take("+"):
            parts.append(self.expect("quoted", "a quoted string after '+'")[1:-1])
        return '"' + "".join(parts) + '"'

    def righthand(self) -> str:
        if self.kinds[self.i] == "number":
            self.i += 1
            return self.texts[self.i - 1]
        return self.identifier()

    def attributes(self) -> dict[str, str | None]:
        attrs: dict[str, str | None] = {}
        kinds = self.kinds
        while kinds[self.i] == "[":
            self.i += 1
            while kinds[self.i] != "]":
                name = self.identifier()
                if kinds[self.i] == "=":
                    self.i += 1
                    attrs[name] = self.righthand()
                else:
                    attrs[name] = None
                if kinds[self.i] in (",", ";"):
                    self.i += 1
            self.i += 1
        return attrs


_IDS = frozenset({"ident", "quoted", "html"})
_DEFAULTS = frozenset({"node", "edge", "graph"})


def node_names(statements: list[Node | Edge | Default | Subgraph]) -> list[str]:
    """The IDs of the node statements directly in ``statements``, first mention first."""
    return list(dict.fromkeys(s.name for s in statements if isinstance(s, Node)))
