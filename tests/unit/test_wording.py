"""The one home of number wording: what the tables, pictures, pages and notes write."""

from __future__ import annotations

import pytest

from planner.base.wording import count, number, ranges


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0, "0"), (-0.004, "0"), (3.0, "3"), (0.5, "0.5"), (1.005, "1"), (2.345, "2.35"), (-1.5, "-1.5")],
)
def test_numbers_have_at_most_two_decimals_and_no_trailing_zeros(value: float, text: str) -> None:
    assert number(value) == text


def test_counts_are_singular_for_one_only() -> None:
    assert [count(n, "stub") for n in (0, 1, 2)] == ["0 stubs", "1 stub", "2 stubs"]
    assert count(1, "dependency", "dependencies") == "1 dependency"
    assert count(0, "dependency", "dependencies") == "0 dependencies"


@pytest.mark.parametrize(
    ("numbers", "text"),
    [
        ([], ""),
        ([4], "4"),
        ([1, 2], "1-2"),
        ([1, 2, 3, 5], "1-3, 5"),
        ([2, 4, 6], "2, 4, 6"),
        ([7, 8, 10, 11], "7-8, 10-11"),
    ],
)
def test_ranges_join_consecutive_numbers(numbers: list[int], text: str) -> None:
    assert ranges(numbers) == text
