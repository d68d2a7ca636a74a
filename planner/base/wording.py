"""How numbers are worded in what planner writes for people: one home for it (issue 18).

>>> number(2.0), number(2.5), number(2.9166), number(-0.001)
('2', '2.5', '2.92', '0')
>>> count(1, "step"), count(3, "step"), count(2, "dependency", "dependencies")
('1 step', '3 steps', '2 dependencies')
>>> ranges([1, 2, 3, 5, 7, 8])
'1-3, 5, 7-8'
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["count", "number", "ranges"]


def number(value: float) -> str:
    """``value`` with at most two decimals and no trailing zeros (``2``, ``2.5``, ``2.92``)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def count(n: int, word: str, plural: str | None = None) -> str:
    """``n`` and ``word``, in the plural (``plural``, or ``word`` + s) unless ``n`` is 1."""
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def ranges(numbers: Sequence[int]) -> str:
    """Ascending ``numbers`` with each run of consecutive ones as ``first-last`` (empty: ``""``)."""
    if not numbers:
        return ""
    parts: list[str] = []
    start = previous = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == previous + 1:
            previous = n
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if n is not None:
            start = previous = n
    return ", ".join(parts)
