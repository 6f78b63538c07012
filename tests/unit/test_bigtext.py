"""The block font and the stage layout: pure, measured in terminal cells."""

from __future__ import annotations

import pytest

from tracker.ui import bigtext
from tracker.ui.bigtext import layout_stage, render, rows_for, width_for

WORDS = ("Get ready", "Lower", "Hold", "Return", "Lift", "Rest", "Paused", "SPACE")


def test_every_glyph_is_seven_rows_of_one_width() -> None:
    for char, glyph in bigtext._GLYPHS.items():  # noqa: SLF001
        assert len(glyph) == bigtext.GLYPH_HEIGHT, char
        assert len({len(row) for row in glyph}) == 1, char
        assert set("".join(glyph)) <= {"#", "."}, char


@pytest.mark.parametrize("scale", [1, 2, 3, 4, 6])
def test_rendered_size_matches_the_layout_math(scale: int) -> None:
    for text in ("0123456789", "1:30", *WORDS):
        lines = render(text, scale)
        assert len(lines) == rows_for(scale)
        assert {len(line) for line in lines} == {width_for(text, scale)}
        assert set("".join(lines)) <= set(" ▀▄█")


def test_heights_per_scale() -> None:
    assert [rows_for(s) for s in (0, 1, 2, 3, 4)] == [1, 4, 7, 11, 14]


def test_digits_read_as_their_bitmaps() -> None:
    # At scale 2 each pixel is a full block two columns wide: read the bitmap back.
    lines = render("7", 2)
    top = [line[::2] for line in lines]  # one character per pixel column
    assert top[0] == "█████"  # the top bar of a 7 (rows 1-2 of the bitmap)


def test_phase_words_and_countdowns_can_all_be_drawn() -> None:
    for text in (*WORDS, "59", "1:30", "10:00"):
        assert bigtext.can_draw(text)
    assert not bigtext.can_draw("Hold!")
    assert bigtext.fit_scale("Hold!", 100, 100) == 0  # plain text, never a KeyError


def test_countdown_text() -> None:
    assert [bigtext.countdown_text(s) for s in (-1, 0, 9, 59, 60, 90, 600)] == [
        "0", "0", "9", "59", "1:00", "1:30", "10:00",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("size", "least_rows", "figure"),
    [((116, 33), 13, True), ((76, 17), 7, True), ((38, 7), 4, False), ((50, 30), 7, True)],
)
def test_the_stage_layout_fits_and_grows(
    size: tuple[int, int], least_rows: int, figure: bool
) -> None:
    width, height = size
    layout = layout_stage(width, height, "Get ready", "00")
    assert layout.digit_rows >= least_rows
    assert (layout.figure is not None) is figure
    word_w = width_for("Get ready", layout.word_scale)
    assert word_w <= width
    assert width_for("00", layout.digit_scale) <= layout.digits.width
    assert layout.digits.y + layout.digit_rows <= height  # never cut off
    assert layout.word.y + rows_for(layout.word_scale) < layout.digits.y
    if layout.word_scale:
        assert layout.digit_scale >= 2 * layout.word_scale  # the digits stay the biggest
    if layout.figure is not None:
        fig = layout.figure
        assert fig.x + fig.width <= width and fig.y + fig.height <= height
        beside = fig.x >= layout.digits.x + layout.digits.width
        below = fig.y >= layout.digits.y + layout.digit_rows
        assert beside or below


def test_a_bigger_stage_never_gets_smaller_text() -> None:
    # The digits may give one step to a word that turns big, but the two never shrink.
    last = 0
    for height in range(6, 60, 3):
        layout = layout_stage(3 * height, height, "Get ready", "00")
        total = layout.digit_scale + layout.word_scale
        assert total >= last
        last = total
