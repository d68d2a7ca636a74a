"""The colours of every picture.

Waves are filled from Paul Tol's *light* scheme, designed to stay distinct
for colour-blind readers and to carry black text (every colour has a contrast
ratio of at least 7:1 with black, WCAG's AAA level; a unit test checks it).
Tol, P. (2021), *Colour Schemes*, SRON technical note SRON/EPS/TN/09-002,
https://personal.sron.nl/~pault/data/colourschemes.pdf.

The order is chosen so that neighbouring waves differ most. After nine waves
the colours repeat; every label also says its wave, so nothing depends on
colour alone.
"""

from __future__ import annotations

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


def wave_colour(wave: int) -> str:
    """The fill of wave ``wave`` (1-based)."""
    return WAVES[(wave - 1) % len(WAVES)]


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
