"""The colours of every picture.

Waves are filled from Paul Tol's *light* scheme, designed to stay distinct
for colour-blind readers and to carry black text (every colour has a contrast
ratio of at least 7:1 with black, WCAG's AAA level; a unit test checks it).
Tol, P. (2021), *Colour Schemes*, SRON technical note SRON/EPS/TN/09-002,
https://personal.sron.nl/~pault/data/colourschemes.pdf.

The order is chosen so that neighbouring waves differ most. Past Tol's nine
colours, wave colours are generated, never repeated: hues step by the golden
angle (137.5 degrees, so consecutive waves sit far apart on the colour wheel),
at a lightness that keeps the 7:1 contrast with black, and a colour that 8-bit
rounding makes equal to an earlier one is moved to the nearest unused one, so
no colour comes back (for thousands of waves; a unit test checks 2,000).
Every label also says its wave, so nothing depends on colour alone.
"""

from __future__ import annotations

import colorsys

__all__ = [
    "BROKEN",
    "BROKEN_FADED",
    "CYCLE_FILL",
    "EDGE",
    "FADED_EDGE",
    "FADED_STROKE",
    "FADED_TEXT",
    "STROKE",
    "WAVES",
    "contrast_ratio",
    "wave_colour",
]

WAVES: tuple[str, ...] = (
    "#77AADD",  # light blue
    "#EE8866",  # orange
    "#44BB99",  # mint
    "#EEDD88",  # light yellow
    "#FFAABB",  # pink
    "#99DDFF",  # light cyan
    "#BBCC33",  # pear
    "#AAAA00",  # olive
    "#DDDDDD",  # pale grey
)

STROKE = "#333333"
EDGE = "#444444"
BROKEN = "#CC3311"  # Tol's vibrant red: the one warm, saturated colour of a picture
BROKEN_FADED = "#E8A898"
FADED_STROKE = "#AAAAAA"
FADED_TEXT = "#707070"  # 4.9:1 on white: faded, still readable
FADED_EDGE = "#C8C8C8"
CYCLE_FILL = "#FFF4E0"


GOLDEN_ANGLE = 137.50776405003785
"""Degrees between the hues of consecutive generated colours."""

_LIGHTNESS = (0.80, 0.72, 0.87)
_SATURATION = (0.70, 0.55)


def wave_colour(wave: int) -> str:
    """The fill of wave ``wave`` (1-based): Tol's nine, then generated ones that never repeat.

    >>> wave_colour(1), wave_colour(10) != wave_colour(1)
    ('#77AADD', True)
    """
    if wave <= len(WAVES):
        return WAVES[max(wave, 1) - 1]
    return _generated(wave - len(WAVES))


_MADE: list[str] = []
_USED: set[str] = set(WAVES)


def _generated(k: int) -> str:
    """The ``k``-th generated colour (1-based); made in order, each one unlike all before it."""
    while len(_MADE) < k:
        n = len(_MADE) + 1
        hue = (20.0 + n * GOLDEN_ANGLE) % 360.0
        lightness = _LIGHTNESS[n % len(_LIGHTNESS)]
        saturation = _SATURATION[(n // len(_LIGHTNESS)) % len(_SATURATION)]
        colour = _colour(hue, lightness, saturation)
        if colour in _USED:  # rounding to 8 bits met an earlier colour: the nearest unused one
            colour = next(
                (
                    other
                    for shift in range(0, 18)
                    for turn in range(1, 720)
                    if (other := _colour(hue + turn * 0.5, lightness, 0.3 + (shift * 0.04 + saturation) % 0.7))
                    not in _USED
                ),
                colour,  # several thousand waves: every nearby colour is taken, the label still tells
            )
        _MADE.append(colour)
        _USED.add(colour)
    return _MADE[k - 1]


def _colour(hue: float, lightness: float, saturation: float) -> str:
    """``#RRGGBB`` of an HLS colour, lightened until black text on it has a 7:1 contrast."""
    while True:
        red, green, blue = colorsys.hls_to_rgb((hue % 360.0) / 360.0, lightness, saturation)
        colour = "#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in (red, green, blue)))
        if contrast_ratio(colour, "#000000") >= 7.0:
            return colour
        lightness += 0.02  # a dark hue (blue) needs more light to carry black text


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21).

    >>> round(contrast_ratio("#000000", "#FFFFFF"))
    21
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
