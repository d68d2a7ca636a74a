"""The colours: readable with black text, distinct, and the faded ones still legible."""

from __future__ import annotations

import pytest

from planner.render import palette


@pytest.mark.parametrize("colour", palette.WAVES)
def test_black_text_on_every_wave_colour_meets_wcag_aaa(colour: str) -> None:
    assert palette.contrast_ratio(colour, "#000000") >= 7.0


def test_the_wave_colours_never_repeat_and_all_carry_black_text() -> None:
    colours = [palette.wave_colour(wave) for wave in range(1, 2001)]
    assert colours[: len(palette.WAVES)] == list(palette.WAVES)
    assert len(set(colours)) == len(colours)
    assert min(palette.contrast_ratio(colour, "#000000") for colour in colours) >= 7.0


def test_neighbouring_generated_waves_differ_clearly() -> None:
    def rgb(colour: str) -> tuple[int, ...]:
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    for wave in range(len(palette.WAVES), 300):
        a, b = rgb(palette.wave_colour(wave)), rgb(palette.wave_colour(wave + 1))
        assert sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5 >= 40, wave


def test_faded_text_and_broken_edges_stay_readable_on_white() -> None:
    assert palette.contrast_ratio(palette.FADED_TEXT, "#FFFFFF") >= 4.5
    assert palette.contrast_ratio(palette.BROKEN, "#FFFFFF") >= 4.5
