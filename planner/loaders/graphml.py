"""GraphML, read with expat so that every error can name its line.

``<key>`` declarations map ``<data key=...>`` to attribute names and types
(``attr.name``, ``attr.type``, ``<default>``). The graph must be directed
(``edgedefault="directed"``, or ``directed="true"`` on each edge). Nested
graphs and hyperedges are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.parsers import expat

from planner.errors import GraphLoadError
from planner.graph import GraphBuilder

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["load", "loads"]

_TYPES = {"boolean": "boolean", "int": int, "long": int, "float": float, "double": float, "string": str}


@dataclass
class _Key:
    name: str
    type: Any
    scope: str
    default: Any = None


@dataclass
class _Element:
    tag: str
    line: int
    attrs: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)


def load(path: Path, *, display: str) -> nx.DiGraph:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GraphLoadError(f"cannot read: {exc.strerror}", path=display) from None
    return loads(data, display=display)


def loads(data: bytes | str, *, display: str = "<graphml>") -> nx.DiGraph:
    reader = _Reader(display)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    reader.parser = parser
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise GraphLoadError(
            f"XML syntax error at column {exc.offset + 1}: {expat.ErrorString(exc.code)}", path=display, line=exc.lineno
        ) from None
    except (LookupError, ValueError) as exc:
        # The XML declaration names an encoding Python does not know (LookupError) or expat
        # cannot decode (ValueError: multi-byte encodings other than UTF-8 and UTF-16).
        raise GraphLoadError(
            f"the XML declaration names an encoding that cannot be read ({exc}); write the file as UTF-8",
            path=display,
            line=parser.CurrentLineNumber,
        ) from None
    if not reader.seen_graph:
        raise GraphLoadError("no <graph> element: not a GraphML file", path=display)
    return reader.builder.build()


class _Reader:
    def __init__(self, display: str) -> None:
        self.display = display
        self.builder = GraphBuilder(display, "graphml")
        self.keys: dict[str, _Key] = {}
        self.stack: list[_Element] = []
        self.chars: list[str] = []
        self.directed = True
        self.seen_graph = False
        self.parser: Any = None

    def _error(self, message: str, line: int | None = None) -> GraphLoadError:
        return GraphLoadError(message, path=self.display, line=line or self.parser.CurrentLineNumber)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rsplit(" ", 1)[-1]
        line = self.parser.CurrentLineNumber
        self.chars = []
        if tag == "graph":
            if self.seen_graph:
                raise self._error("nested or repeated <graph>: give one flat graph")
            self.seen_graph = True
            self.directed = attrs.get("edgedefault", "directed") == "directed"
        elif tag == "key":
            kind = attrs.get("attr.type", "string")
            if kind not in _TYPES:
                raise self._error(f"unknown attr.type {kind!r}")
            self.keys[attrs.get("id", "")] = _Key(
                attrs.get("attr.name", attrs.get("id", "")), _TYPES[kind], attrs.get("for", "all")
            )
        elif tag in ("hyperedge", "port"):
            raise self._error(f"<{tag}> is not supported: give plain nodes and edges")
        self.stack.append(_Element(tag, line, dict(attrs)))

    def text(self, data: str) -> None:
        self.chars.append(data)

    def end(self, name: str) -> None:
        element = self.stack.pop()
        text = "".join(self.chars).strip()
        self.chars = []
        parent = self.stack[-1] if self.stack else None
        if element.tag == "default" and parent is not None and parent.tag == "key":
            key = self.keys[parent.attrs.get("id", "")]
            key.default = self._typed(key, text, element.line)
        elif element.tag == "data" and parent is not None:
            key_id = element.attrs.get("key", "")
            if key_id not in self.keys:
                raise self._error(f"<data key={key_id!r}> has no <key> declaration", element.line)
            key = self.keys[key_id]
            parent.data[key.name] = self._typed(key, text, element.line)
        elif element.tag == "node":
            self.builder.add_node(self._id(element, "id"), self._with_defaults("node", element.data), line=element.line)
        elif element.tag == "edge":
            directed = element.attrs.get("directed", "true" if self.directed else "false") == "true"
            if not directed:
                raise self._error(
                    'undirected edge: dependencies have a direction (edgedefault="directed")', element.line
                )
            self.builder.add_edge(
                self._id(element, "source"),
                self._id(element, "target"),
                self._with_defaults("edge", element.data),
                line=element.line,
            )

    def _id(self, element: _Element, attr: str) -> str:
        if attr not in element.attrs:
            raise self._error(f"<{element.tag}> without {attr}", element.line)
        return element.attrs[attr]

    def _with_defaults(self, scope: str, data: dict[str, Any]) -> dict[str, Any]:
        result = {k.name: k.default for k in self.keys.values() if k.scope in (scope, "all") and k.default is not None}
        result.update(data)
        return result

    def _typed(self, key: _Key, text: str, line: int) -> Any:
        if key.type == "boolean":
            if text.lower() in ("true", "1"):
                return True
            if text.lower() in ("false", "0"):
                return False
            raise self._error(f"{key.name}={text!r} is not a boolean", line)
        try:
            return key.type(text)
        except ValueError:
            raise self._error(f"{key.name}={text!r} is not a valid {key.type.__name__}", line) from None
