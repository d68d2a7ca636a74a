"""The text helpers: whatever the text, a literal evaluates back to it and nothing escapes a comment."""

from __future__ import annotations

import ast
import io
import tokenize

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.doubles.text import (
    Param,
    bracketed,
    bytes_literal,
    comment,
    docstring_literal,
    is_identifier,
    is_module_name,
    layout,
    requote,
    signature_lines,
    string_literal,
)

NASTY = ['"""', "'''", "\\", 'a"b', "a'b", "\n", "\r\n", "\x00", "\u2028", "\x1b[31m", "end\\", 'end"', "\t", "é€𝄞"]


@given(st.text())
def test_a_string_literal_evaluates_back_to_its_text(text: str) -> None:
    literal = string_literal(text)
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal and "\r" not in literal


@given(st.text() | st.sampled_from(NASTY))
def test_a_docstring_literal_evaluates_back_to_its_text_and_is_one_expression(text: str) -> None:
    literal = docstring_literal(text)
    tree = ast.parse(literal)
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr)
    assert ast.literal_eval(literal) == text


@given(st.binary())
def test_a_bytes_literal_evaluates_back_to_its_bytes(data: bytes) -> None:
    assert ast.literal_eval(bytes_literal(data)) == data


@given(st.text() | st.sampled_from(NASTY))
def test_a_comment_stays_one_comment(text: str) -> None:
    line = comment(text)
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(line + "\nx = 1\n").readline) if t.type != tokenize.NL]
    assert tokens[0].type == tokenize.COMMENT
    assert tokens[1].type == tokenize.NEWLINE or tokens[1].string == "x"


def test_strings_take_the_quotes_that_need_fewer_escapes() -> None:
    assert string_literal("plain") == '"plain"'
    assert string_literal('say "hi"') == "'say \"hi\"'"
    assert string_literal("it's") == '"it\'s"'
    assert requote("f('a', b'\\x00', 'it\"s')") == 'f("a", b"\\x00", \'it"s\')'
    assert requote("f'python-httpx/{__version__}'") == 'f"python-httpx/{__version__}"'  # httpx's USER_AGENT
    assert requote("r'\\d+' + f'{x!r}'") == 'r"\\d+" + f"{x!r}"'
    assert requote("f'{d[\"k\"]}'") == "f'{d[\"k\"]}'"  # a quote inside: kept as written


@pytest.mark.parametrize(
    ("name", "identifier", "module"),
    [("db", True, True), ("shop.db", False, True), ("class", False, False), ("a-b", False, False), ("", False, False)],
)
def test_names(name: str, identifier: bool, module: bool) -> None:
    assert is_identifier(name) is identifier
    assert is_module_name(name) is module


def test_layout_follows_ruff_format() -> None:
    call = ast.parse('call("aaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "ccccccccccc", "d")').body
    expr = call[0]
    assert isinstance(expr, ast.Expr)
    assert layout(expr.value, "x = ") == [
        "x = call(",
        '    "aaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "ccccccccccc", "d"',
        ")",
    ]
    listed = ast.parse('["aaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "ccccccccccc", "ddd"]')
    value = listed.body[0]
    assert isinstance(value, ast.Expr)
    assert layout(value.value, "y = ") == [
        "y = [",
        '    "aaaaaaaaaaaaaaaaaaaaaaa",',
        '    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",',
        '    "ccccccccccc",',
        '    "ddd",',
        "]",
    ]


def test_a_lone_parameter_split_off_gets_a_trailing_comma_as_ruff_writes_it() -> None:
    param = Param("secret_key", "str | bytes | cabc.Iterable[str] | cabc.Iterable[bytes] | None", "None")
    assert signature_lines("def _make_keys_list(", [param], ") -> list[bytes]: ...", "") == [
        "def _make_keys_list(",
        "    secret_key: str | bytes | cabc.Iterable[str] | cabc.Iterable[bytes] | None = None,",
        ") -> list[bytes]: ...",
    ]
    two = [Param("a", "str | bytes | cabc.Iterable[str]"), Param("b", "cabc.Iterable[bytes] | None")]
    assert signature_lines("def _make_keys_list(", two, ") -> list[bytes]: ...", "")[1] == (
        "    a: str | bytes | cabc.Iterable[str], b: cabc.Iterable[bytes] | None"
    )


def test_a_class_base_too_long_for_its_line_opens_its_own_brackets() -> None:
    """requests.exceptions' ``ContentDecodingError(RequestException, <urllib3's HTTPError>)``,
    as ruff format writes it at 88 columns."""
    base = '_planner.base("urllib3.exceptions", "HTTPError", within="requests.exceptions", exception=True)'
    text = bracketed("class ContentDecodingError(", ["RequestException", base], "):", hug=True, width=88)
    assert text.split("\n") == [
        "class ContentDecodingError(",
        "    RequestException,",
        "    _planner.base(",
        '        "urllib3.exceptions", "HTTPError", within="requests.exceptions", exception=True',
        "    ),",
        "):",
    ]


def test_a_long_string_value_is_parenthesized_where_that_makes_it_fit() -> None:
    """werkzeug's ``description = "The browser (or proxy) sent ..."``, as ruff format writes it;
    a string too long even so stays on its line, which no formatter splits."""
    text = "The browser (or proxy) sent a request that this server could not understand."
    lines = layout(ast.Constant(text), "description = ", indent="    ", width=88)
    assert lines == ["    description = (", f'        "{text}"', "    )"]
    assert layout(ast.Constant(text * 2), "description = ", indent="    ", width=88) == [
        f'    description = "{text * 2}"'
    ]


def test_a_long_union_annotation_splits_at_its_bars_as_ruff_writes_it() -> None:
    """werkzeug's ``headers: t.Mapping[...] | t.Iterable[...] | None = None``."""
    annotation = "t.Mapping[str, str | t.Iterable[str]] | t.Iterable[tuple[str, str]] | None"
    params = [Param("self"), Param("headers", annotation, "None"), Param("status", "int | None", "None")]
    assert signature_lines("def __init__(", params, ") -> None: ...", "    ", width=88) == [
        "    def __init__(",
        "        self,",
        "        headers: t.Mapping[str, str | t.Iterable[str]]",
        "        | t.Iterable[tuple[str, str]]",
        "        | None = None,",
        "        status: int | None = None,",
        "    ) -> None: ...",
    ]
