"""The heatmap's colours as drawn: readable on the background in the default and the light
theme, and missed and partial days never confused."""

from __future__ import annotations

import pytest
from rich.color import Color

from tests.ui.conftest import MakeApp
from tracker.core.day_states import DayState
from tracker.ui.widgets.heatmap import STATE_CLASSES, UNICODE_GLYPHS, Heatmap

THEMES = ("textual-dark", "textual-light")  # the default theme, and the light one
MIN_CONTRAST = 3.0  # WCAG's minimum for graphics that carry meaning
MIN_DISTANCE = 25.0  # CIE76 ΔE between two states' colours; ~2 is the smallest visible


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(color: Color) -> tuple[float, float, float]:
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in color.get_truecolor())
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(a: Color, b: Color) -> float:
    return float(sum((p - q) ** 2 for p, q in zip(lab(a), lab(b), strict=True)) ** 0.5)


def test_the_measures_are_right() -> None:
    black, white = Color.parse("#000000"), Color.parse("#ffffff")
    assert contrast(black, white) == pytest.approx(21.0)
    assert contrast(white, white) == pytest.approx(1.0)
    assert distance(black, white) == pytest.approx(100.0, abs=0.01)
    assert distance(Color.parse("#777777"), Color.parse("#777777")) == 0


@pytest.mark.parametrize("theme", THEMES)
async def test_missed_and_partial_are_readable_and_distinct(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLORTERM", "truecolor")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = theme
        await pilot.pause()
        heatmap = app.screen.query_one("#main-heatmap", Heatmap)
        assert not heatmap.ascii_only

        def colour(state: DayState) -> tuple[Color, Color]:
            style = heatmap._style(STATE_CLASSES[state])
            assert style.color is not None and style.bgcolor is not None
            return style.color, style.bgcolor

        missed, background = colour(DayState.MISSED)
        partial, partial_bg = colour(DayState.PARTIAL)
        assert partial_bg == background  # drawn on the screen's background, no fill
        assert contrast(missed, background) >= MIN_CONTRAST, (theme, missed)
        assert contrast(partial, background) >= MIN_CONTRAST, (theme, partial)
        assert UNICODE_GLYPHS[DayState.MISSED] != UNICODE_GLYPHS[DayState.PARTIAL]
        assert distance(missed, partial) >= MIN_DISTANCE, (theme, missed, partial)
        # The other days that count are readable too, and every shown state has its own
        # colour as well as its own glyph.
        shown = [s for s in DayState if s is not DayState.BEFORE]
        for state in (DayState.EASED, DayState.DONE, DayState.SKIP, DayState.PENDING):
            assert contrast(colour(state)[0], background) >= MIN_CONTRAST, (theme, state)
        colours = {state: colour(state)[0] for state in shown}
        for i, a in enumerate(shown):
            for b in shown[i + 1 :]:
                assert colours[a] != colours[b], (theme, a, b)
