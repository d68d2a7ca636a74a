"""Reading the source of a scanned tree (the only place the doubles read files).

The scanner gives each unit of a Python source tree a node attribute ``path``,
relative to the graph attribute ``root`` (the tree as given). :func:`read_tree`
reads each module's text into a :class:`~planner.doubles.index.ProjectIndex`;
it never reads a path that leads out of the tree.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from planner.doubles.index import ModuleText, ProjectIndex
from planner.errors import SourceError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["DEFAULT_LINE_LENGTH", "project_line_length", "read_tree"]

DEFAULT_LINE_LENGTH = 88
"""ruff's and black's default."""
_CONFIGS = ("ruff.toml", ".ruff.toml", "pyproject.toml")


def read_tree(graph: nx.DiGraph) -> ProjectIndex:
    """The modules of the scanned ``graph``, read from the tree at its ``root``."""
    root = str(graph.graph.get("root", graph.graph.get("source", ".")))
    base = Path(root)
    tree = base if base.is_dir() else base.parent
    real_root = os.path.realpath(tree)
    texts: dict[str, ModuleText] = {}
    for unit, data in sorted(graph.nodes(data=True)):
        relative = data.get("path")
        if not isinstance(relative, str) or data.get("kind") not in ("module", "package"):
            continue
        path = tree / relative if base.is_dir() else base
        display = path.as_posix()
        real = os.path.realpath(path)
        if os.path.commonpath([real_root, real]) != real_root:
            raise SourceError(f"module {unit} lies outside the source tree {root}; not read", path=display)
        try:
            data_bytes = Path(real).read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror}", path=display) from None
        texts[unit] = ModuleText(_decode(data_bytes, display), display, data.get("kind") == "package")
    return ProjectIndex(texts, line_length=project_line_length(tree))


def project_line_length(tree: Path) -> int:
    """The line length the project at ``tree`` formats its code to: ``line-length`` of the
    nearest ruff configuration (``ruff.toml``, ``.ruff.toml``, ``[tool.ruff]`` of
    ``pyproject.toml``) or of ``[tool.black]``, looking up from ``tree`` to the first
    directory that has a ``pyproject.toml``; else 88, their default. A file that cannot be
    read or parsed says nothing (the doubles are still written, at the default)."""
    import tomllib

    for directory in [tree.resolve(), *tree.resolve().parents]:
        for name in _CONFIGS:
            path = directory / name
            if not path.is_file():
                continue
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                data = {}
            tables = (
                [data] if name != "pyproject.toml" else [data.get("tool", {}).get(t, {}) for t in ("ruff", "black")]
            )
            for table in tables:
                value = table.get("line-length") if isinstance(table, dict) else None
                if isinstance(value, int) and not isinstance(value, bool) and 40 <= value <= 320:
                    return value
            if name == "pyproject.toml":
                return DEFAULT_LINE_LENGTH  # the project's root: look no higher
    return DEFAULT_LINE_LENGTH


def _decode(data: bytes, display: str) -> str:
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        raise SourceError(f"cannot decode: {exc}", path=display) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")
