"""Issue 21 on the session screen, read as a person on the floor would: a change of position in
big letters naming the side, the rep and the set in big digits, the last seconds as readable as
the rest, more time with m, and a big DONE; and ending before the first rep saves nothing.

A real app over a real store under run_test(); the fake clock is moved and the screen's tick
called, so nothing waits on real time. What is checked is what the widgets render."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.geometry import Region

from tests.ui.conftest import MakeApp
from tests.ui.test_session import (
    advance,
    label,
    saved_sessions,
    settle,
    stage,
    start,
)
from tests.ui.test_session_floor import tiny_app_with
from tracker.core.clock import FakeClock
from tracker.ui import bigtext
from tracker.ui.app import SuppleApp
from tracker.ui.contrast import MIN_CONTRAST, contrast
from tracker.ui.screens.session import NOTHING_SAVED, SessionScreen
from tracker.ui.widgets.banner import BigBanner
from tracker.ui.widgets.counts import CountsBoard

INK = set("▀▄█")
# The tiny session's good mornings (1 + 2 sets of 2 reps of 3 s, a 1 s rest) take 14 s.
GOOD_MORNINGS = 14


def rows_of(widget: object) -> list[str]:
    size = widget.size  # type: ignore[attr-defined]
    strips = widget.render_lines(Region(0, 0, size.width, size.height))  # type: ignore[attr-defined]
    return [strip.text for strip in strips]


def shown_big(rows: list[str], text: str, scale: int) -> bool:
    """Whether `text` at `scale` is drawn somewhere in `rows`, its lines one under another."""
    glyph = bigtext.render(text, scale)
    for top in range(len(rows) - len(glyph) + 1):
        at = rows[top].find(glyph[0])
        while at >= 0:
            if all(rows[top + i][at : at + len(line)] == line for i, line in enumerate(glyph)):
                return True
            at = rows[top].find(glyph[0], at + 1)
    return False


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_each_change_of_position_is_big_and_names_the_side(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = tiny_app_with(make_app, data_dir, clock, **{"position-time": 10})
    async with app.run_test(size=size) as pilot:
        await start(pilot)
        await advance(pilot, clock, GOOD_MORNINGS + 1)  # down on the floor, first side
        view = stage(app).view
        assert view.headline == ("DOWN TO THE FLOOR", "LIE ON YOUR RIGHT SIDE")
        assert label(app, "ex-title").endswith("Left side (left leg on top)")
        rows = rows_of(stage(app))
        assert shown_big(rows, "RIGHT SIDE", 1) and shown_big(rows, "LIE ON YOUR", 1)
        assert not shown_big(rows, "LEFT SIDE", 1)
        assert not view.mirror
        first_figure = [row[-30:] for row in rows]
        await advance(pilot, clock, 10 + 2)  # the first side's one rep: 2 s
        view = stage(app).view
        assert view.headline == ("TURN OVER", "LIE ON YOUR LEFT SIDE")
        rows = rows_of(stage(app))
        assert shown_big(rows, "LEFT SIDE", 1)
        assert shown_big(rows, "TURN OVER", 1) or any("TURN OVER" in row for row in rows)
        assert view.mirror  # the figure seen from the other side
        if size == (120, 40):
            assert [row[-30:] for row in rows] != first_figure


async def test_the_rep_and_the_set_are_big_digits_of_their_own(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    for size, scale in (((120, 40), 2), ((80, 24), 1)):
        app = tiny_app_with(make_app, data_dir, clock)
        async with app.run_test(size=size) as pilot:
            await start(pilot)
            await advance(pilot, clock, 1 + 3 + 1)  # rep 2 of 2, set 1 of 2
            board = app.screen.query_one(CountsBoard)
            rows = rows_of(board)
            assert shown_big(rows, "2/2", scale) and shown_big(rows, "1/2", scale), size
            inked = [row for row in rows if INK & set(row)]
            assert len(inked) == bigtext.rows_for(scale)
            if size == (120, 40):
                assert len(inked) >= 5
            assert "rep" in rows[0] and "set" in rows[0]


async def test_the_last_seconds_keep_the_digit_whole_and_readable(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = tiny_app_with(make_app, data_dir, clock, rest=6)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await advance(pilot, clock, 1 + 6 + 3.5, step=0.5)  # the rest, 2.5 s left: "3"
        widget = stage(app)
        assert widget.view.final and widget.view.digits == "3"
        size = widget.size
        strips = widget.render_lines(Region(0, 0, size.width, size.height))
        background = widget.background_colors[1]
        inked = 0
        for strip in strips:
            for segment in strip:
                if not INK & set(segment.text):
                    continue
                style = segment.style
                assert style is not None and style.color is not None
                assert not style.reverse  # no dark holes punched in a block
                back = background if style.bgcolor is None else Color.from_rich_color(style.bgcolor)
                ratio = contrast(Color.from_rich_color(style.color), back)
                assert ratio >= MIN_CONTRAST, ratio
                inked += 1
        assert inked
        assert shown_big(rows_of(widget), "3", widget._digit_scale(widget.layout_now))


async def test_m_gives_more_time_while_getting_into_position_and_space_still_pauses(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app_with(make_app, data_dir, clock, **{"position-time": 10})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, GOOD_MORNINGS + 4)  # 6 s left to get down
        assert screen.engine.current.headline
        assert label(app, "next-up").startswith("m: 15 s more")
        await pilot.press("m")
        await settle(pilot)
        assert not screen.engine.paused
        assert screen.engine.remaining() == pytest.approx(21.0)
        assert stage(app).view.digits == "21"
        await pilot.press("space")  # Space pauses here as everywhere in the session
        await settle(pilot)
        assert screen.engine.paused
        assert screen.engine.remaining() == pytest.approx(21.0)


async def test_a_finished_session_says_done_in_big_letters_with_the_time_and_the_sets(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app_with(make_app, data_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 21)
        assert screen.stage == "summary"
        banner = screen.query_one(BigBanner)
        assert banner.word == "DONE"
        assert shown_big(rows_of(banner), "DONE", 2)
        assert label(app, "done-facts") == "Time 0:20 · 4 of 4 sets"


async def test_ending_before_the_first_rep_saves_nothing_and_says_so(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app_with(make_app, data_dir, clock)
    async with app.run_test(size=(100, 34)) as pilot:
        await start(pilot)
        await pilot.press("escape", "y")  # "keep the partial session?" yes: but nothing is done
        await settle(pilot)
        assert not isinstance(app.screen, SessionScreen)
        assert NOTHING_SAVED in app.toasts  # type: ignore[attr-defined]
    assert saved_sessions(data_dir) == []

    app2: SuppleApp = make_app()
    async with app2.run_test(size=(100, 34)) as pilot:
        await start(pilot)
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
    assert app2.return_code == 0
    assert saved_sessions(data_dir) == []


async def test_a_toast_from_the_main_screen_does_not_follow_into_the_session(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    """The everyday-hinge offer (a toast after the first tutorial) once covered the counts."""
    app = tiny_app_with(make_app, data_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.notify("Step 2 is a habit for the whole day", title="Your everyday hinge")
        await pilot.pause()

        def titles() -> list[str]:
            return [n.title for n in app._notifications]  # noqa: SLF001

        assert titles() == ["Your everyday hinge"]
        await start(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "Your everyday hinge" not in titles()  # (the session's own notices may come)
