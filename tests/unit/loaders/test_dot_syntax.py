"""The DOT reader: what pydot's grammar read, and one-line errors with the line at fault."""

from __future__ import annotations

import random

import pytest

from planner.errors import GraphLoadError
from planner.loaders import dot


def edges(text: str) -> dict[tuple[str, str], dict[str, object]]:
    return {(u, v): d for u, v, d in dot.loads(text).edges(data=True)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('digraph { "a b" -> "c\\"d"; "x" + "y" -> z }', {("a b", 'c"d'), ("xy", "z")}),
        ("digraph { a:p:n -> b:q; c [label=<<b>x</b>>]; c -> a }", {("a", "b"), ("c", "a")}),
        ("strict digraph { a -> {b c}; {d e} -> f }", {("a", "b"), ("a", "c"), ("d", "f"), ("e", "f")}),
        ("digraph { subgraph s { g } -> h; /* x -> y */ i -> j // k -> l\n # m -> n\n}", {("g", "h"), ("i", "j")}),
        ("DIGRAPH { NODE [x=1]; a -> b; rankdir=LR; graph [rankdir=TB] }", {("a", "b")}),
        ("digraph { 1.5 -> 2 }", {("1.5", "2")}),
    ],
)
def test_what_is_read(text: str, expected: set[tuple[str, str]]) -> None:
    assert set(edges(text)) == expected


def test_defaults_apply_in_their_scope_only() -> None:
    read = edges("digraph { a -> b; edge [kind=use]; c -> d; subgraph { edge [kind=inherit]; e -> f } g -> h }")
    kinds = {pair: data["kind"] for pair, data in read.items()}
    assert kinds == {("a", "b"): "use", ("c", "d"): "use", ("e", "f"): "inherit", ("g", "h"): "use"}
    # a default inside a subgraph endpoint is no node, and does not reach the edge into it
    # (pydot read it as a node named "edge")
    assert set(edges("digraph { a -> { edge [kind=inherit] b } }")) == {("a", "b")}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("digraph {\n a -> b\n c -> }\n", 3, "DOT syntax error at column 4: expected a node or a subgraph after '->'"),
        ('digraph {\n a -> b;\n "unterminated -> c\n}', 3, "DOT syntax error at column 2: unterminated string"),
        ("digraph {\n\n a -> @ }", 3, "unexpected character '@'"),
        ("digraph {\n a [label=<x<y>] }", 2, "no '>' to match this '<'"),
        ("digraph {\n a -> b\n", 3, "expected '}'"),
        ("", 1, "expected 'digraph' or 'graph'"),
        ("digraph {\n a -> b [weight=x]\n}", 2, "weight='x' is not a number"),
        ("digraph {\n a;\n a -> a\n}", 3, "self-loop"),
    ],
)
def test_errors_name_their_line(text: str, line: int, message: str) -> None:
    with pytest.raises(GraphLoadError) as caught:
        dot.loads(text, display="g.dot")
    assert caught.value.line == line and message in str(caught.value)


def test_deep_nesting_is_a_one_line_error() -> None:
    with pytest.raises(GraphLoadError, match="nesting too deep"):
        dot.loads("digraph {" + "{" * 5000 + "a" + "}" * 5000 + "}")


def test_random_token_soup_is_read_or_refused_with_a_graph_load_error() -> None:
    pieces = ["digraph", "{", "}", "a", "b", '"q"', "->", "--", "[", "]", "=", ";", ",", ":", "+", "<", ">", "/*", "\n"]
    rng = random.Random(16)
    lines = []
    for _ in range(2000):
        text = "digraph { " + " ".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
        try:
            dot.loads(text)
        except GraphLoadError as exc:  # anything else fails the test
            lines.append(exc.line)
    assert lines and all(line is None or line >= 1 for line in lines)
