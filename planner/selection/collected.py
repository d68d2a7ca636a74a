"""The values a pytest collection gives planner: each test, where it is, its ``-k`` names."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Analysis", "CodeSite", "Collected", "Collection", "node_id_names"]


@dataclass(frozen=True)
class CodeSite:
    """Code pytest runs with a test that is not the test's own function in its own file.

    ``kind``: ``fixture`` (a fixture of its closure that it asks for, by an argument,
    ``usefixtures`` or through another fixture, wherever defined: a conftest file, a
    fixture module, a plugin of the project), ``autouse`` (one it gets only because
    it is autouse), ``base`` (a base class of its
    class) or ``function`` (its own function, defined by a base class elsewhere);
    ``path``: the file (absolute); ``name``: the function's or class's qualified name.
    """

    kind: str
    path: str
    name: str


@dataclass(frozen=True)
class Collected:
    """One collected test item.

    ``path``: its file (absolute); ``function`` and ``cls``: the test function's
    name and its class's qualified name, for Python test functions (``None`` for
    doctests and other items); ``keywords``: every name ``pytest -k`` matches on it;
    ``code``: the code pytest runs with it elsewhere, as pytest resolved it.
    """

    node_id: str
    path: str
    function: str | None = None
    cls: str | None = None
    keywords: tuple[str, ...] = ()
    code: tuple[CodeSite, ...] = ()


@dataclass(frozen=True)
class Collection:
    """What ``pytest --collect-only`` found: its rootdir and paths (absolute), the tests in order."""

    rootdir: str
    args: tuple[str, ...]
    tests: tuple[Collected, ...]


@dataclass(frozen=True)
class Analysis:
    """One test's footprint (sorted unit names), the method that made it, and its technique.

    ``indirect``: the units of the footprint that the test reaches only through
    other units (measured, not named by its code).
    """

    footprint: tuple[str, ...]
    method: str
    technique: str
    indirect: tuple[str, ...] = ()


def node_id_names(node_id: str) -> set[str]:
    """The names of a test's nodes that its node id spells: directories, file, classes, function.

    These are among the names ``pytest -k`` matches (the rest, markers and
    parametrize ids, are recorded per test). ``::`` inside a parametrize id's
    brackets does not split.

    >>> sorted(node_id_names("tests/unit/test_a.py::TestX::test_f[a::b]"))
    ['TestX', 'test_a.py', 'test_f[a::b]', 'tests', 'unit']
    """
    head, bracket, params = node_id.partition("[")
    parts = head.split("::")
    parts[-1] += bracket + params
    names = set(parts[0].split("/")) | set(parts[1:])
    names.discard("")
    return names
