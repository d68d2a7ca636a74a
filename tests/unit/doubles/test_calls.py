"""Call sites: what a caller takes from a unit and how it calls it, read from its source."""

from __future__ import annotations

import textwrap

import pytest

from planner.doubles.calls import uses_of
from planner.doubles.index import ModuleText, ProjectIndex

UNIT = """
class Store:
    def add(self, item, *, force=False): ...
    @classmethod
    def empty(cls): ...

def open_store(path) -> Store: ...
def fetch(table, key=None, *, cached=True): ...
LIMIT = 3
"""


def calls(caller: str) -> tuple[tuple[str, ...], list[tuple[int, str, int, tuple[str, ...], int]]]:
    index = ProjectIndex(
        {
            "pkg": ModuleText("", "pkg/__init__.py", True),
            "pkg.db": ModuleText(textwrap.dedent(UNIT), "pkg/db.py", False),
            "pkg.app": ModuleText(textwrap.dedent(caller), "pkg/app.py", False),
        }
    )
    app, db = index.module("pkg.app"), index.module("pkg.db")
    assert app is not None and db is not None
    use = uses_of(app, db)
    return use.names, [(c.line, c.target, c.positional, c.keywords, c.flags) for c in use.calls]


@pytest.mark.parametrize(
    ("source", "names", "found"),
    [
        ("from pkg import db\ndb.fetch('t', 'k', cached=False)", ("fetch",), [(2, "fetch", 2, ("cached",), 0)]),
        ("import pkg.db\npkg.db.fetch('t')\npkg.other('x')", ("fetch",), [(2, "fetch", 1, (), 0)]),
        ("import pkg.db as d\nd.fetch(*args, **kw)", ("fetch",), [(2, "fetch", 0, (), 3)]),
        ("from pkg.db import fetch as get\nget(1, 2, 3)", ("fetch",), [(2, "fetch", 3, (), 0)]),
        ("from .db import fetch\nfetch(1)", ("fetch",), [(2, "fetch", 1, (), 0)]),
        (
            "from pkg.db import *\nfetch(1)\nStore()",
            ("Store", "fetch"),
            [(2, "fetch", 1, (), 0), (3, "Store", 0, (), 0)],
        ),
        ("from pkg.db import LIMIT\nx = LIMIT", ("LIMIT",), []),
        # deferred imports bind in their function only
        ("def f():\n    from pkg import db\n    db.fetch(1)\n\ndb.fetch(2)", ("fetch",), [(3, "fetch", 1, (), 0)]),
        # a parameter named like the binding shadows it
        ("from pkg import db\ndef f(db):\n    db.fetch(1)", (), []),
        # instances: built from the class, returned by a function, or annotated
        (
            "from pkg.db import Store, open_store\ns = Store()\ns.add(1, force=True)\nt = open_store('p')\nt.add(2)",
            ("Store", "open_store"),
            [
                (2, "Store", 0, (), 0),
                (3, "Store().add", 1, ("force",), 0),
                (4, "open_store", 1, (), 0),
                (5, "Store().add", 1, (), 0),
            ],
        ),
        (
            "from pkg import db\ndef f(s: db.Store | None, u: 'int'):\n    s.add(1)\n    u.add(2)",
            ("Store",),
            [(3, "Store().add", 1, (), 0)],
        ),
        ("from pkg.db import Store\nStore.empty()", ("Store",), [(2, "Store.empty", 0, (), 0)]),
        # a name assigned two kinds of things in one scope is not followed
        ("from pkg.db import Store\ns = Store()\ns = 3\ns.add(1)", ("Store",), [(2, "Store", 0, (), 0)]),
    ],
)
def test_call_sites(source: str, names: tuple[str, ...], found: list[tuple[object, ...]]) -> None:
    assert calls(source) == (names, found)
