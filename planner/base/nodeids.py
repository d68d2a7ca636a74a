"""pytest node ids as planner takes them from a plan file: checked before they reach pytest.

Plan files may come from anyone, and node ids end up as pytest's arguments
(``planner run``) and in argument files (``pytest @FILE``). A node id that
starts with ``-`` would be read as an option (``-p module`` imports code) and
one that starts with ``@`` as an argument file, so both are refused, and so
are control characters and line breaks. The file part must be a relative path
that stays under pytest's rootdir (no ``..``, not absolute).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from pathlib import PurePosixPath, PureWindowsPath

__all__ = ["check_node_id", "node_file", "parametrized_function", "renamed_parameters"]


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
    return _file_problem(node_file(node_id))


@functools.lru_cache(maxsize=1024)
def _file_problem(path: str) -> str | None:
    """What is wrong with a node id's file part (checked once per file: a plan names each many times)."""
    if not path or PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute() or "\\" in path:
        return "its file part is not a relative path"
    if ".." in PurePosixPath(path).parts:
        return "its file part leaves pytest's rootdir"
    return None


def parametrized_function(node_id: str) -> str | None:
    """``tests/t.py::test_f`` of ``tests/t.py::test_f[a-1]``; ``None`` for a test that is not parametrized.

    >>> parametrized_function("tests/t.py::TestX::test_f[07:36:22 2026-12-03]")
    'tests/t.py::TestX::test_f'
    >>> parametrized_function("tests/t.py::test_g") is None
    True
    """
    head, bracket, _ = node_id.partition("[")
    return head if bracket and node_id.endswith("]") else None


def renamed_parameters(planned: Iterable[str], collected: Iterable[str]) -> dict[str, str]:
    """Collected node ids that stand for planned ones whose parametrize ids changed: new -> planned.

    Some suites' parametrize ids change from one collection to the next (ids made from the time,
    or from a set, whose order changes with each process): the plan cannot name those tests. A
    parametrized function whose planned ids were not collected, and which has exactly as many
    collected ids that the plan does not name, keeps its tests: they are paired in order (the
    plan's and pytest's). Anything else (a function with more or fewer parameters than planned)
    is left alone: the tests changed, and the plan is out of date.

    >>> renamed_parameters(["t.py::f[09:00]", "t.py::f[x]", "t.py::g"], ["t.py::f[09:05]", "t.py::f[x]", "t.py::g"])
    {'t.py::f[09:05]': 't.py::f[09:00]'}
    >>> renamed_parameters(["t.py::f[09:00]"], ["t.py::f[09:05]", "t.py::f[y]"])  # one more parameter: changed
    {}
    """
    planned = list(planned)
    collected = list(collected)
    known, seen = set(planned), set(collected)
    missing: dict[str, list[str]] = {}
    for node_id in planned:
        function = parametrized_function(node_id)
        if function is not None and node_id not in seen:
            missing.setdefault(function, []).append(node_id)
    new: dict[str, list[str]] = {}
    for node_id in collected:
        function = parametrized_function(node_id)
        if function is not None and node_id not in known and function in missing:
            new.setdefault(function, []).append(node_id)
    renamed: dict[str, str] = {}
    for function, gone in missing.items():
        came = new.get(function, [])
        if len(came) == len(gone):
            renamed.update(zip(came, gone, strict=True))
    return renamed
