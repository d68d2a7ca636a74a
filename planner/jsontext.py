"""Reading JSON text from a file a user gave, with every failure a :class:`json.JSONDecodeError`.

:func:`json.loads` raises a bare ``ValueError`` (no line, no column) for an
integer literal longer than Python converts (``sys.get_int_max_str_digits()``,
4,300 digits by default). :func:`loads` reports it like any syntax error, at
the number's line and column, so callers need one ``except``.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

__all__ = ["loads"]

# A string (skipped, whatever digits it holds) or a number, as JSON spells them.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|-?(\d+)(\.\d+)?([eE][-+]?\d+)?', re.DOTALL)


def loads(text: str) -> Any:
    """:func:`json.loads`, raising :class:`json.JSONDecodeError` for too long an integer too.

    >>> loads("[1, 2]")
    [1, 2]
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:
        limit = sys.get_int_max_str_digits()
        position = _long_integer(text, limit)
        raise json.JSONDecodeError(f"integer of more than {limit:,} digits", text, position) from None


def _long_integer(text: str, limit: int) -> int:
    """The position of the first integer literal of more than ``limit`` digits (0 if none is found)."""
    for match in _TOKEN.finditer(text):
        digits, fraction, exponent = match.groups()
        if digits is not None and fraction is None and exponent is None and len(digits) > limit:
            return match.start()
    return 0
