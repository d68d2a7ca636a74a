"""Strings that reach a pipeline file: the user's quoted, the plan's checked or made inert."""

from __future__ import annotations

import json
import shlex

import pytest

from planner.ci.text import EXPRESSION, command, display_name, relative_path, units_variable
from planner.errors import UsageError

HOSTILE = [
    "${{ secrets.GITHUB_TOKEN }}",
    "a'; touch pwned; echo '",
    "$(touch pwned)",
    '"; rm -rf ~ #',
    "`id`",
    "--help",
    "$HOME ${HOME} $$",
    "a: b # c",
    "ünïcødé ✓",
    "${{${{",
]


@pytest.mark.parametrize("text", ["pip install -e .[test]", "python -m pip install 'a b' c", "make -C x install"])
def test_a_command_is_split_and_quoted_like_the_shell_would(text: str) -> None:
    assert shlex.split(command(text, "install")) == shlex.split(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pip install . && rm -rf /", "without '&&'"),
        ("a ; b", "without ';'"),
        ("a | b", "without '|'"),
        ("a > out", "without '>'"),
        ("echo ${{ github.token }}", "GitHub Actions would evaluate"),
        ("a\nb", "line break"),
        ("'unclosed", "No closing quotation"),
        ("   ", "empty command"),
    ],
)
def test_a_command_that_is_not_one_command_is_refused(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        command(text, "install")


def test_shell_syntax_inside_a_word_stays_a_word() -> None:
    assert command("echo $(id) `id` $HOME", "run") == "echo '$(id)' '`id`' '$HOME'"


@pytest.mark.parametrize(("path", "expected"), [("tests", "tests"), ("./a/../b/", "b"), ("-x", "./-x"), ("a b", "a b")])
def test_relative_paths_are_normalized(path: str, expected: str) -> None:
    assert relative_path(path, "x") == expected


@pytest.mark.parametrize("path", ["/etc", "..", "../x", "a/../../x", "", "${{ x }}", "a\nb"])
def test_paths_leading_out_are_refused(path: str) -> None:
    with pytest.raises(UsageError):
        relative_path(path, "x")


@pytest.mark.parametrize("name", HOSTILE)
def test_unit_names_become_inert_names_and_exact_json(name: str) -> None:
    shown = display_name(1, (name,))
    assert EXPRESSION not in shown and shown.startswith("step 1: ")
    variable = units_variable((name, "shop.db"))
    assert "$" not in variable and variable.isascii()
    assert json.loads(variable) == [name, "shop.db"]


def test_long_names_are_cut() -> None:
    name = display_name(7, tuple(f"unit{k}" * 20 for k in range(10)))
    assert len(name) < 160 and name.endswith("(+7 more)")
