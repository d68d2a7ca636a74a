"""Load dependency graphs from files, one module per format.

:func:`load_graph` detects the format from the path (extension, then the
first bytes, then what a directory holds) unless ``fmt`` names it. Every
loader goes through :class:`planner.graph.GraphBuilder`, so every format gets
the same validation and the same one-line :class:`~planner.errors.GraphLoadError`.

=============  =======================================================
format         what
=============  =======================================================
``dot``        Graphviz DOT (a reader of our own)
``json``       networkx node-link JSON
``graphml``    GraphML
``cito-ord``   the text ORD files of the class integration test order
               literature (``DIMENSION`` / ``DEPENDENCY`` / ... sections)
``cito-csv``   a per-system folder of CSV files (``deps_type.csv`` ...)
``python``     a Python source tree, scanned (never imported)
=============  =======================================================
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import GraphLoadError, UsageError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["FORMATS", "detect_format", "exists", "load_graph"]

_MODULES: dict[str, str] = {
    "dot": "planner.loaders.dot",
    "json": "planner.loaders.node_link",
    "graphml": "planner.loaders.graphml",
    "cito-ord": "planner.loaders.cito_ord",
    "cito-csv": "planner.loaders.cito_csv",
    "python": "planner.loaders.python",
}

FORMATS: tuple[str, ...] = tuple(_MODULES)
"""Input formats, by name."""

_EXTENSIONS = {
    ".dot": "dot",
    ".gv": "dot",
    ".json": "json",
    ".graphml": "graphml",
    ".ord": "cito-ord",
    ".py": "python",  # a module is Python whatever its first bytes look like (a dict literal, graph = ...)
}


def exists(path: Path, display: str | None = None) -> bool:
    """Whether ``path`` exists; a path that cannot even be looked at is a one-line error.

    ``Path.exists`` raises for a name too long, or a directory that may not be
    searched; that is the user's input being wrong, not an internal error.
    """
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        raise GraphLoadError(f"cannot read: {exc.strerror}", path=display or str(path)) from None
    return True


def detect_format(path: Path) -> str:
    """Guess the format of ``path`` from its extension, first bytes or contents."""
    try:
        return _detect_format(path)
    except OSError as exc:  # a directory that cannot be listed, say (not for root: chmod 000 does not stop it)
        where = str(exc.filename) if exc.filename is not None else str(path)
        raise GraphLoadError(f"cannot read: {exc.strerror}", path=where) from None


def _detect_format(path: Path) -> str:
    if path.is_dir():
        if (path / "deps_type.csv").is_file():
            return "cito-csv"
        return "python"
    suffix = path.suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    except OSError as exc:
        raise GraphLoadError(f"cannot read: {exc.strerror}", path=str(path)) from None
    lowered = head.lower()
    if head.startswith(("{", "[")):
        return "json"
    if lowered.startswith("<?xml") or lowered.startswith("<graphml"):
        return "graphml"
    if head.upper().startswith("DIMENSION"):
        return "cito-ord"
    for word in ("strict", "digraph", "graph"):
        if lowered.startswith(word):
            return "dot"
    raise GraphLoadError(f"cannot tell the graph format (use --format-in, one of {', '.join(FORMATS)})", path=str(path))


def load_graph(source: str | Path, *, fmt: str | None = None, **options: Any) -> nx.DiGraph:
    """Load the graph at ``source``; ``fmt`` forces a format (see :data:`FORMATS`).

    ``options`` go to the format's loader (the Python scanner takes several).
    """
    path = existing(source)
    if fmt is None:
        fmt = detect_format(path)
    elif fmt not in _MODULES:
        raise UsageError(f"unknown input format {fmt!r} (choose from {', '.join(FORMATS)})")
    module = importlib.import_module(_MODULES[fmt])
    try:
        graph: nx.DiGraph = module.load(path, display=str(source), **options)
    except OSError as exc:  # every loader reports its own read errors; this is the last net
        where = str(exc.filename) if exc.filename is not None else str(source)
        raise GraphLoadError(f"cannot read: {exc.strerror}", path=where) from None
    return graph


def existing(source: str | Path) -> Path:
    """``source`` as a path, or a usage error if there is nothing there (and a one-line
    error if it cannot even be looked at: see :func:`exists`)."""
    path = Path(source)
    if not exists(path, str(source)):
        raise UsageError(f"{source}: no such file or directory")
    return path


def read_text(path: Path, display: str) -> str:
    """The file's text as UTF-8 (a BOM is allowed), or a one-line error."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise GraphLoadError("is a directory, not a graph file", path=display) from None
    except OSError as exc:
        raise GraphLoadError(f"cannot read: {exc.strerror}", path=display) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GraphLoadError("not valid UTF-8 text", path=display, line=line) from None
