"""Argument lists read as click reads them, for the commands' fast paths (no typer imported).

``planner scan`` and ``planner run`` start without typer when their arguments are understood
whole: :func:`read_args` takes the forms click takes (``--opt value``, ``--opt=value``,
``-ovalue``, ``--flag``, ``--no-flag``, a repeated list option, ``--`` before arguments) and
gives up (``None``) on anything it is not sure of, so that the typer command decides, with
its own messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["read_args"]


def read_args(
    args: Sequence[str],
    *,
    flags: Mapping[str, str],
    values: Mapping[str, str],
    lists: Mapping[str, str] | None = None,
    negations: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], list[str]] | None:
    """The options (parameter name -> value; ``True``/``False`` for flags, a list for ``lists``)
    and the positional arguments of ``args``; ``None`` when click could read them otherwise.

    >>> read_args(["a", "-ojson", "--x=1", "--keep", "--", "-n"], flags={"--keep": "keep"},
    ...           values={"-o": "out", "--x": "x"})
    ({'out': 'json', 'x': '1', 'keep': True}, ['a', '-n'])
    """
    lists, negations = lists or {}, negations or {}
    found: dict[str, Any] = {}
    positional: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            positional += rest
            break
        if not arg.startswith("-") or arg == "-":
            positional.append(arg)
            continue
        if arg.startswith("--"):
            name, equals, value = arg.partition("=")
            switch = flags.get(name, negations.get(name))
            if switch is not None and not equals and switch not in found:
                found[switch] = name in flags
                continue
        else:
            name, value, equals = arg[:2], arg[2:], ""
        key = values.get(name) or lists.get(name)
        if key is None or (key in found and name not in lists):
            return None
        if not value and not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None  # click would take it; be sure and let it
        if name in lists:
            found.setdefault(key, []).append(value)
        else:
            found[key] = value
    return found, positional
