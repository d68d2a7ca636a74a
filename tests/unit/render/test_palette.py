"""The colours: readable with black text, distinct, and the faded ones still legible."""

from __future__ import annotations

import pytest

from planner.render import palette


@pytest.mark.parametrize("colour", palette.WAVES)
def test_black_text_on_every_wave_colour_meets_wcag_aaa(colour: str) -> None:
    assert palette.contrast_ratio(colour, "#000000") >= 7.0


def test_the_wave_colours_are_all_different_and_repeat_after_the_last() -> None:
    assert len(set(palette.WAVES)) == len(palette.WAVES)
    assert palette.wave_colour(1) == palette.WAVES[0]
    assert palette.wave_colour(len(palette.WAVES) + 1) == palette.WAVES[0]


def test_faded_text_and_broken_edges_stay_readable_on_white() -> None:
    assert palette.contrast_ratio(palette.FADED_TEXT, "#FFFFFF") >= 4.5
    assert palette.contrast_ratio(palette.BROKEN, "#FFFFFF") >= 4.5
