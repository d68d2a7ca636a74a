"""pytest node ids as planner takes them from a plan file: checked before they reach pytest.

Plan files may come from anyone, and node ids end up as pytest's arguments
(``planner run``) and in argument files (``pytest @FILE``). A node id that
starts with ``-`` would be read as an option (``-p module`` imports code) and
one that starts with ``@`` as an argument file, so both are refused, and so
are control characters and line breaks. The file part must be a relative path
that stays under pytest's rootdir (no ``..``, not absolute).
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

__all__ = ["check_node_id", "node_file"]


def node_file(node_id: str) -> str:
    """The file part of a node id: ``tests/test_a.py`` of ``tests/test_a.py::test_x[1]``."""
    return node_id.split("::", 1)[0]


def check_node_id(node_id: object) -> str | None:
    """Why ``node_id`` cannot be a test's node id from a plan file, or ``None`` if it can.

    >>> check_node_id("tests/test_a.py::test_x[1]") is None
    True
    >>> check_node_id("../etc/x.py::t")
    "its file part leaves pytest's rootdir"
    """
    if not isinstance(node_id, str) or not node_id:
        return "expected a non-empty string"
    if not node_id.isprintable() and any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in node_id):
        return "contains a control character or line break"
    if node_id[0] in "-@":
        return f"starts with {node_id[0]!r} (pytest would read it as an option or an argument file)"
    path = node_file(node_id)
    if not path or PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute() or "\\" in path:
        return "its file part is not a relative path"
    if ".." in PurePosixPath(path).parts:
        return "its file part leaves pytest's rootdir"
    return None
