"""Strings that go into a pipeline file: checked, quoted, or made inert.

Three kinds of strings reach a pipeline file. The user's own (the plan's
path, the install and run commands) are checked for control characters and
``${{`` and quoted with :func:`shlex.quote`; a command is split as a shell
would split it and joined again, so it is exactly one command with its
arguments (an operator such as ``&&`` is refused: give the option again).
Paths read from a plan file are checked to be relative and inside the
project, then quoted. Unit names, from a plan file too, never enter a
command: :func:`display_name` makes job names of them (with ``${{`` broken,
so that GitHub does not evaluate it), and :func:`units_variable` a JSON list
with no ``$`` at all, for an environment variable.
"""

from __future__ import annotations

import json
import posixpath
import shlex

from planner.errors import UsageError

__all__ = ["EXPRESSION", "check_text", "command", "display_name", "quote", "relative_path", "units_variable"]

EXPRESSION = "${{"
"""What opens a GitHub Actions expression, evaluated in almost every string of a workflow."""

_OPERATORS = frozenset({"&&", "||", ";", "|", "&", ">", ">>", "<", "<<", "(", ")", ";;"})
_NAME_UNITS = 3
_NAME_LENGTH = 120


def check_text(text: str, what: str, *, parameter: str | None = None) -> str:
    """``text`` if it holds no control character and no ``${{``, else a usage error naming ``what``
    (which writes ``parameter``, if given, as ``{parameter}``: see :class:`~planner.errors.PlannerError`)."""
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise UsageError(f"{what} {text!r}: holds a control character or a line break", parameter=parameter)
    if EXPRESSION in text:
        raise UsageError(f"{what} {text!r}: holds '${{{{', which GitHub Actions would evaluate", parameter=parameter)
    return text


def quote(text: str) -> str:
    """``text`` as one shell word."""
    return shlex.quote(text)


def command(text: str, parameter: str) -> str:
    """``text`` (the value of ``parameter``) as exactly one command with its arguments, each quoted
    for the shell.

    >>> command("pip install -e .[test]", "install")
    "pip install -e '.[test]'"
    """
    what = "{" + parameter + "}"
    check_text(text, what, parameter=parameter)
    try:
        argv = shlex.split(text)
    except ValueError as exc:
        raise UsageError(f"{what} {text!r}: {exc}", parameter=parameter) from None
    if not argv:
        raise UsageError(f"{what}: an empty command", parameter=parameter)
    operators = [arg for arg in argv if arg in _OPERATORS]
    if operators:
        raise UsageError(
            f"{what} {text!r}: one command per option, without {operators[0]!r} (give the option again "
            "for another command, or put them in a script)",
            parameter=parameter,
        )
    return shlex.join(argv)


def relative_path(path: str, what: str, *, user: bool = False, parameter: str | None = None) -> str:
    """``path`` normalized (POSIX), if it is relative and stays inside the directory it is relative to.

    A path starting with ``-`` gets ``./`` before it, so no program reads it as an option.
    """
    check_text(path, what, parameter=parameter)
    normal = posixpath.normpath(path.replace("\\", "/")) if path else ""
    if not normal or normal.startswith("/") or normal == ".." or normal.startswith("../"):
        whose = "" if user else " (a plan file may come from anyone)"
        raise UsageError(f"{what} {path!r}: not a relative path inside the project{whose}", parameter=parameter)
    return f"./{normal}" if normal.startswith("-") else normal


def display_name(step: int, units: tuple[str, ...]) -> str:
    """``step 3: shop.db, shop.cache``: a job's name, short, with no GitHub expression in it.

    >>> display_name(4, ("a", "b", "c", "d", "e"))
    'step 4: a, b, c (+2 more)'
    >>> display_name(1, ("${{ secrets.TOKEN }}",))
    'step 1: $ {{ secrets.TOKEN }}'
    """
    shown = ", ".join(units[:_NAME_UNITS])
    if len(shown) > _NAME_LENGTH:
        shown = shown[: _NAME_LENGTH - 3] + "..."
    more = f" (+{len(units) - _NAME_UNITS} more)" if len(units) > _NAME_UNITS else ""
    return f"step {step}: {shown}{more}".replace(EXPRESSION, "$ {{")


def units_variable(units: tuple[str, ...]) -> str:
    """The units as a JSON list for ``PLANNER_UNITS``, ASCII, every ``$`` written ``\\u0024``.

    >>> units_variable(("shop.db", "$HOME"))
    '["shop.db", "\\\\u0024HOME"]'
    """
    return json.dumps(list(units), ensure_ascii=True).replace("$", "\\u0024")
