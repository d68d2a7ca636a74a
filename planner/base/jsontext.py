"""Reading JSON text from a file a user gave, with every failure a :class:`json.JSONDecodeError`.

JSON puts no bound on an integer literal, Python does: :func:`json.loads`
raises a bare ``ValueError`` (no line, no column) for one longer than
``int()`` converts (4,300 digits), and an integer of more than 308 digits
parses but then overflows wherever it meets a float (a weight, a cost:
``OverflowError``). No number the planner reads is that large, so
:func:`loads` refuses any integer literal of more than 308 digits (beyond the
range of a double, as RFC 8259 advises for interoperability) as a syntax
error at its line and column: callers need one ``except``.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_INTEGER_DIGITS", "loads"]

MAX_INTEGER_DIGITS = 308
"""The most digits an integer literal may have: below 10**308, every integer converts to a float."""

# Every digit as "0": a run of MAX_INTEGER_DIGITS + 1 zeros then says there is a long run of digits,
# found by encoding, bytes.translate and a substring search, all in C (a regex takes as long as
# json.loads; str.translate, six times as long on text that is not ASCII).
_ZEROS = bytes.maketrans(b"123456789", b"000000000")
_RUN = b"0" * (MAX_INTEGER_DIGITS + 1)
# A string (skipped, whatever digits it holds) or a number, as JSON spells them.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|-?(\d+)(\.\d+)?([eE][-+]?\d+)?', re.DOTALL)


def loads(text: str) -> Any:
    """:func:`json.loads`, raising :class:`json.JSONDecodeError` for too long an integer too.

    >>> loads("[1, 2]")
    [1, 2]
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # more digits than int() converts (sys.get_int_max_str_digits)
        position = _long_integer(text)
        raise json.JSONDecodeError(_message(), text, position or 0) from None
    if _RUN not in text.encode("utf-8", "surrogatepass").translate(_ZEROS):  # the common case, cheaply
        return data
    position = _long_integer(text)
    if position is not None:
        raise json.JSONDecodeError(_message(), text, position)
    return data


def _message() -> str:
    return f"integer of more than {MAX_INTEGER_DIGITS} digits (beyond the range of a number)"


def _long_integer(text: str) -> int | None:
    """The position of the first integer literal of more than :data:`MAX_INTEGER_DIGITS` digits."""
    for match in _TOKEN.finditer(text):
        digits, fraction, exponent = match.groups()
        if digits is not None and fraction is None and exponent is None and len(digits) > MAX_INTEGER_DIGITS:
            return match.start()
    return None
