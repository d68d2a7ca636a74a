"""parse_source: what each construct records (module as written, level, bindings, scope)."""

from __future__ import annotations

import textwrap

import pytest

from planner.loaders.scan.parse import parse_source


def records(source: str) -> list[tuple[str, int, str, str]]:
    """(module, level, bound names, scope) of each import, in order."""
    record = parse_source(textwrap.dedent(source).encode())
    assert record.error is None, record.error
    return [(i.module, i.level, ",".join(f"{b.name}>{b.alias}" for b in i.bindings), i.scope) for i in record.imports]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import a.b.c", [("a.b.c", 0, "a.b.c>a", "import-time")]),
        ("import a.b as ab, c", [("a.b", 0, "a.b>ab", "import-time"), ("c", 0, "c>c", "import-time")]),
        ("from ...x.y import z as w, v", [("x.y", 3, "z>w,v>v", "import-time")]),
        ("from . import *", [("", 1, "*>*", "import-time")]),
        ("if x:\n    import a\nelse:\n    import b", [("a", 0, "a>a", "import-time"), ("b", 0, "b>b", "import-time")]),
        ("class C:\n    import a", [("a", 0, "a>a", "import-time")]),
        ("for i in x:\n    with y:\n        import a", [("a", 0, "a>a", "import-time")]),
        ("def f():\n    import a", [("a", 0, "a>a", "deferred")]),
        ("async def f():\n    import a", [("a", 0, "a>a", "deferred")]),
        ("class C:\n    def m(self):\n        import a", [("a", 0, "a>a", "deferred")]),
        ("if TYPE_CHECKING:\n    import a", [("a", 0, "a>a", "type-checking")]),
        ("if typing.TYPE_CHECKING:\n    import a", [("a", 0, "a>a", "type-checking")]),
        (
            "if not TYPE_CHECKING:\n    import a\nelse:\n    import b",
            [("a", 0, "a>a", "import-time"), ("b", 0, "b>b", "type-checking")],
        ),
        ("def f():\n    if TYPE_CHECKING:\n        import a", [("a", 0, "a>a", "type-checking")]),
        (
            "try:\n    import a\nexcept ImportError:\n    import b",
            [("a", 0, "a>a", "guarded"), ("b", 0, "b>b", "import-time")],
        ),
        ("try:\n    import a\nexcept (ValueError, ModuleNotFoundError):\n    pass", [("a", 0, "a>a", "guarded")]),
        ("try:\n    import a\nexcept:\n    pass", [("a", 0, "a>a", "guarded")]),
        ("try:\n    import a\nexcept ValueError:\n    pass", [("a", 0, "a>a", "import-time")]),
        (
            "try:\n    import a\nfinally:\n    import b",
            [("a", 0, "a>a", "import-time"), ("b", 0, "b>b", "import-time")],
        ),
        ("def f():\n    try:\n        import a\n    except ImportError:\n        pass", [("a", 0, "a>a", "deferred")]),
        ("importlib.import_module('a.b')", [("a.b", 0, "a.b>", "string")]),
        ("m = import_module('.b', package='pkg')", [("b", 1, "b>", "string")]),
        ("def f():\n    return __import__('a')", [("a", 0, "a>", "string")]),
        ("import_module(name)", []),  # not a literal: unknowable
        ("import_module('.b')", []),  # relative without a package: raises at run time
        ("x = 1  # import a\ns = 'import b'", []),
        ("match x:\n    case 1:\n        import a", [("a", 0, "a>a", "import-time")]),
    ],
)
def test_records(source: str, expected: list[tuple[str, int, str, str]]) -> None:
    assert records(source) == expected


def test_statement_text_and_lines() -> None:
    record = parse_source(b"x = 1\nfrom a import (\n    b,\n    c,  # why\n)\nimport os; import sys\n")
    assert [(i.line, i.statement) for i in record.imports] == [
        (2, "from a import (b, c)"),
        (6, "import os; import sys"),
        (6, "import os; import sys"),
    ]


def test_attribute_chains_on_bound_names() -> None:
    source = b"import a.b\nfrom c import d as e\ne.f(a.b.g.h)\nx.y\n\ndef k():\n    return e.z\n"
    record = parse_source(source)
    assert dict(record.uses) == {"a": (("b", "g", "h"),), "e": (("f",), ("z",))}


def test_top_level_names() -> None:
    record = parse_source(b"import a.b\nfrom c import d as e\nX = 1\nif y:\n    def f(): pass\nclass K: pass\n")
    assert record.defines == ("K", "X", "a", "e", "f")


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"import a\ndef f(:\n", 2, "syntax error"),
        (b"x = '\xe9'\n", 1, "cannot decode"),
        (b"# -*- coding: latin-1 -*-\nx = 1\ny = '\xe9'\nimport a\n", None, None),
        (b"# -*- coding: nonsense -*-\n", 1, "cannot decode"),
        (b"x = 1\0\n", None, "syntax error"),  # 3.12 says SyntaxError, 3.11 ValueError
        (b"\xef\xbb\xbfimport a\r\nimport b\r\n", None, None),
    ],
)
def test_bad_and_odd_sources(data: bytes, line: int | None, message: str | None) -> None:
    record = parse_source(data)
    if message is None:
        assert record.error is None
        assert record.imports
    else:
        assert record.error is not None
        assert record.error[0] == line
        assert record.error[1].startswith(message)
