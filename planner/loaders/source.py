"""What a SOURCE is: a plan file, a graph file of some format, or a Python source tree.

Every command that takes a SOURCE asks :func:`open_source` once and acts on the tagged
value it returns, so the answer is decided in one place (issue 18):

>>> from pathlib import Path
>>> open_source(Path("graphs/shop.dot"))
GraphFile(path=PosixPath('graphs/shop.dot'), fmt='dot')
>>> open_source(Path("examples/webshop/src"))
SourceTree(path=PosixPath('examples/webshop/src'))

A plan file is recognised by its content (a JSON object whose ``schema`` is
``planner-plan/...``), whatever its name and whatever ``fmt`` says; its text is kept, so
that the plan file reader parses it without reading the file again. Reading the plan
(and refusing a bad one) is :mod:`planner.planfile`'s part, not this module's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from planner.errors import UsageError
from planner.loaders import FORMATS, detect_format, existing

__all__ = ["GraphFile", "PlanFile", "Source", "SourceTree", "open_source", "plan_file"]


@dataclass(frozen=True)
class PlanFile:
    """A plan file; ``text`` is its JSON text, as read."""

    path: Path
    text: str = field(repr=False)


@dataclass(frozen=True)
class GraphFile:
    """A graph file (or a CITO CSV folder) in ``fmt``, one of :data:`planner.loaders.FORMATS`."""

    path: Path
    fmt: str


@dataclass(frozen=True)
class SourceTree:
    """A Python source tree (or one ``.py`` file), scanned, never imported."""

    path: Path


Source = PlanFile | GraphFile | SourceTree
"""What :func:`open_source` answers: a tagged union, told apart by type (``match`` or ``isinstance``)."""


def open_source(path: str | Path, fmt: str | None = None) -> Source:
    """What the SOURCE at ``path`` is; ``fmt`` forces the format of a graph file or tree.

    A missing path is a :class:`~planner.errors.UsageError`, an unknown ``fmt`` too, and a
    file whose format cannot be told a :class:`~planner.errors.GraphLoadError`: the same
    one-line errors as :func:`planner.loaders.load_graph` gives.
    """
    where = existing(path)
    plan = plan_file(where)
    if plan is not None:
        return plan
    if fmt is None:
        fmt = detect_format(where)
    elif fmt not in FORMATS:
        raise UsageError(f"unknown input format {fmt!r} (choose from {', '.join(FORMATS)})")
    return SourceTree(where) if fmt == "python" else GraphFile(where, fmt)


def plan_file(path: str | Path) -> PlanFile | None:
    """``path`` as a :class:`PlanFile` if it is one (JSON with a ``planner-plan/...`` schema), else None.

    A graph file or a source tree gives None without being parsed as a plan; a path that
    is missing, cannot be read or decoded gives None too: the graph loaders say what is
    wrong with it. Never raises.
    """
    path = Path(path)
    try:
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            if handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"{":
                return None
        raw = path.read_bytes()
        if b'"planner-plan/' not in raw:  # a graph in JSON: not parsed twice
            return None
        text = raw.decode("utf-8-sig")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not (isinstance(data, dict) and str(data.get("schema", "")).startswith("planner-plan/")):
        return None
    return PlanFile(path, text)
