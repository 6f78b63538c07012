"""Colours that stay readable: WCAG contrast, and a colour moved toward white or black until it
reads on its background.

The session's stage is read from 2 m away; its colours come from the theme (styles/*.tcss),
and some themes' colours are too dark or too pale on their own background (textual-dark's
$secondary is 1.9:1). The stage passes every colour it draws through `readable`, which keeps
the hue and moves it toward the foreground's end until it reaches MIN_CONTRAST.
"""

from __future__ import annotations

import functools

from rich.color import Color as RichColor
from rich.color import ColorType
from textual.color import Color

MIN_CONTRAST = 4.5  # WCAG AA for text


def luminance(color: Color) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@functools.lru_cache(maxsize=128)
def readable(color: Color, background: Color, minimum: float = MIN_CONTRAST) -> Color:
    """`color`, or the nearest blend of it toward white (on a dark background) or black (on a
    light one) that has at least `minimum` contrast with `background`."""
    if contrast(color, background) >= minimum:
        return color
    end = Color(255, 255, 255) if luminance(background) < 0.18 else Color(0, 0, 0)
    for step in range(1, 21):
        moved = color.blend(end, step / 20)
        if contrast(moved, background) >= minimum:
            return moved
    return end


def readable_rich(color: RichColor | None, background: Color) -> RichColor | None:
    """`readable` for a Rich colour; the terminal's own (ANSI) colours are left to it."""
    if color is None or color.type not in (ColorType.TRUECOLOR, ColorType.EIGHT_BIT):
        return color
    fixed = readable(Color.from_rich_color(color), background)
    return fixed.rich_color
