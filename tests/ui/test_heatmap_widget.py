"""The heatmap widget: glyphs with and without colour, and how it fits the width."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.ui.conftest import MakeApp, settle
from tracker.core.clock import FakeClock
from tracker.core.day_states import DayState
from tracker.core.heatmap import GLYPHS, MONTH_NAMES, last_months_grid, recent_grid, year_grid
from tracker.core.rules import History
from tracker.store.database import Store
from tracker.ui.app import SuppleApp
from tracker.ui.widgets.heatmap import (
    CELL_WIDTH,
    GUTTER,
    LABEL_OVERHANG,
    UNICODE_GLYPHS,
    Heatmap,
    fit,
    needed_width,
)

TODAY = date(2026, 11, 25)


def seed(data_dir: Path, clock: FakeClock) -> None:
    """Done days, a partial day, a skip day and a missed day in the last two weeks."""
    store = Store(data_dir, clock)
    for n in range(1, 13):
        day = TODAY - timedelta(days=n)
        if n == 4:
            continue  # missed
        status = "partial" if n == 6 else "complete"
        store.add_session({"id": f"s{n}", "date": day.isoformat(), "kind": "logged",
                           "status": status})  # fmt: skip
    store.mark_skip([TODAY - timedelta(days=13)], None)
    store.add_session({"id": "old", "date": "2026-02-02", "kind": "logged", "status": "complete"})


def lines(heatmap: Heatmap) -> list[str]:
    return [heatmap.render_line(y).text for y in range(heatmap.size.height)]


@pytest.fixture
def colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLORTERM", "truecolor")


def main_heatmap(app: SuppleApp) -> Heatmap:
    return app.screen.query_one("#main-heatmap", Heatmap)


async def test_no_color_draws_the_plain_glyphs(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(data_dir, clock)
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        heatmap = main_heatmap(app)
        assert heatmap.ascii_only
        view = heatmap.view()
        assert view is not None
        text = lines(heatmap)
        grid_chars = {ch for row in text[1:8] for ch in row[view.left + GUTTER :]}
        assert grid_chars <= set(GLYPHS.values()) | {" "}
        for state in (DayState.DONE, DayState.PARTIAL, DayState.SKIP, DayState.MISSED):
            assert GLYPHS[state] in grid_chars, state
        today_row = text[1 + TODAY.weekday()]
        assert today_row[view.x_of(view.weeks - 1)] == GLYPHS[DayState.PENDING]
        assert not set("".join(text)) & {"█", "▒", "░", "▲"}
        legend = " ".join(text[9:])
        assert "# complete" in legend and "~ skip" in legend and ". missed" in legend


async def test_a_terminal_with_16_colours_gets_the_plain_glyphs(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert app.console.color_system == "standard"
        assert main_heatmap(app).ascii_only


async def test_colour_draws_shaded_glyphs(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, colour_terminal: None
) -> None:
    seed(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        heatmap = main_heatmap(app)
        assert not heatmap.ascii_only
        chars = set("".join(lines(heatmap)[1:8]))
        for state in (DayState.DONE, DayState.PARTIAL, DayState.SKIP, DayState.MISSED):
            assert UNICODE_GLYPHS[state] in chars, state
        # every state has its own glyph, so colour is never the only difference
        shown = [UNICODE_GLYPHS[s] for s in DayState if s not in (DayState.BEFORE,)]
        assert len(set(shown)) == len(shown)


async def test_a_new_theme_recolours_the_cells(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, colour_terminal: None
) -> None:
    seed(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        heatmap = main_heatmap(app)

        def done_colours() -> set[object]:
            done = UNICODE_GLYPHS[DayState.DONE]
            return {
                segment.style.color
                for y in range(1, 8)
                for segment in heatmap.render_line(y)
                if segment.text == done and segment.style is not None
            }

        before = done_colours()
        app.theme = "gruvbox" if app.theme != "gruvbox" else "nord"
        await pilot.pause()
        after = done_colours()
        assert before and after and before != after


async def test_80_columns_show_square_days_of_the_last_37_weeks(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, colour_terminal: None
) -> None:
    seed(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        heatmap = main_heatmap(app)
        view = heatmap.view()
        assert view is not None
        # Two columns a day: as many recent weeks as fit, the same cells as recent_grid.
        assert view.columns_per_week == CELL_WIDTH == 2
        assert view.weeks == (heatmap.size.width - GUTTER - LABEL_OVERHANG) // 2 == 36
        assert view.grid == recent_grid(app.snapshot.history, TODAY, view.weeks)
        assert view.left + view.width <= heatmap.size.width <= 80
        text = lines(heatmap)
        for row in text[1:8]:
            gaps = row[view.left + GUTTER + 1 :: 2][: view.weeks]
            assert set(gaps) == {" "}, row  # every day is a glyph and a gap
        for name in ("Apr", "Jun", "Aug", "Oct", "Nov"):
            assert name in text[0], name
        gutters = [row[view.left : view.left + GUTTER].strip() for row in text[1:8]]
        assert gutters == ["Mon", "", "Wed", "", "Fri", "", ""]
        assert "today" in text[8]
        legend = text[9]  # one line
        for label in ("pain eased", "complete", "partial", "skip", "missed", "today", "future"):
            assert label in legend, label
        assert not "".join(text[10:]).strip()


@pytest.mark.parametrize("width", [80, 100])
async def test_a_month_starting_in_the_last_week_keeps_its_whole_label(
    data_dir: Path, colour_terminal: None, width: int
) -> None:
    clock = FakeClock(datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc))  # Dec: the last week
    store = Store(data_dir, clock)
    store.mark_tutorial_seen()
    app = SuppleApp(store, clock, watch_interval=None, reminders=False)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        heatmap = main_heatmap(app)
        text = lines(heatmap)
        assert text[0].split()[-1] == "Dec"
        legend = text[9:]
        assert "future" in legend[0]  # the whole legend on one line at 80 columns too
        assert not "".join(legend[1:]).strip()


async def test_120_columns_show_the_whole_year(make_app: MakeApp, colour_terminal: None) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        heatmap = main_heatmap(app)
        view = heatmap.view()
        assert view is not None
        assert view.grid == last_months_grid(app.snapshot.history, TODAY)
        assert view.weeks == 53 and view.columns_per_week == 2
        text = lines(heatmap)
        for column, name in view.grid.month_labels:
            x = view.x_of(column)
            assert text[0][x : x + 3] == name
        for name in MONTH_NAMES:
            assert name in text[0], name


def history() -> History:
    done = frozenset(TODAY - timedelta(days=n) for n in range(1, 200, 2))
    return History(done=done, complete_count=len(done), first_day=TODAY - timedelta(days=400))


@pytest.mark.parametrize("width", [30, 40, 56, 80])
def test_too_narrow_shows_the_most_recent_weeks_as_recent_grid_does(width: int) -> None:
    grid = last_months_grid(history(), TODAY)
    view = fit(grid, width)
    weeks = (width - GUTTER - LABEL_OVERHANG) // 2
    assert view.columns_per_week == 2 and view.left == 0
    assert view.grid == recent_grid(history(), TODAY, weeks)


def test_fit_shows_every_week_only_when_all_fit_two_columns_wide() -> None:
    grid = last_months_grid(history(), TODAY)
    weeks = len(grid.weeks)
    full = GUTTER + 2 * weeks + LABEL_OVERHANG
    assert fit(grid, full).grid is grid
    assert fit(grid, full + 4).left == 2  # centred
    # The last week's gap may be left out: whole down to needed_width (issue 25: a year in
    # 110 columns), cut below it.
    needed = needed_width(grid)
    assert needed == GUTTER + 2 * weeks - 1  # no month label starts in the last week here
    assert fit(grid, needed).grid is grid and fit(grid, needed).left == 0
    assert len(fit(grid, needed - 1).grid.weeks) < weeks
    assert len(fit(grid, 3).grid.weeks) == 1  # never less than one week


def test_a_narrow_year_keeps_the_cursor_in_view() -> None:
    grid = year_grid(history(), 2026, TODAY)
    cursor = date(2026, 2, 10)
    view = fit(grid, 24, focus=cursor)
    assert view.grid.cell(cursor) is not None
    assert fit(grid, 24).grid.cell(cursor) is None  # without a cursor: the last weeks


async def test_the_cursor_row_and_week_are_marked(make_app: MakeApp, colour_terminal: None) -> None:
    app = make_app(start="calendar")
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        heatmap = app.screen.query_one(Heatmap)
        await pilot.press("left", "up")  # Tuesday of the week before
        await settle(pilot)
        assert heatmap.cursor == TODAY - timedelta(days=8)
        view = heatmap.view()
        assert view is not None
        text = lines(heatmap)
        assert text[1 + 1][view.left : view.left + 3] == "Tue"  # the cursor's weekday
        column = next(
            c
            for c, week in enumerate(view.grid.weeks)
            if any(cell.day == heatmap.cursor for cell in week)
        )
        cursor_x = view.x_of(column)
        assert text[8][cursor_x] == "▲"
        assert "△ today" in text[8]


async def test_todays_partial_session_shows_as_partial_not_as_today(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, colour_terminal: None
) -> None:
    store = Store(data_dir, clock)
    store.add_session({"id": "p", "date": TODAY.isoformat(), "kind": "guided", "status": "partial"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        heatmap = main_heatmap(app)
        view = heatmap.view()
        assert view is not None
        cell = view.grid.cell(TODAY)
        assert cell is not None and cell.state is DayState.PARTIAL and cell.is_today
        row = lines(heatmap)[1 + TODAY.weekday()]
        assert row[view.x_of(view.weeks - 1)] == UNICODE_GLYPHS[DayState.PARTIAL]
        assert "today" in lines(heatmap)[8]  # the marker still says which day is today
        await pilot.press("c")
        await pilot.pause()
        text = str(app.screen.query_one("#cal-day").render())
        assert "today, partial or stopped only so far" in text


async def test_a_day_with_less_pain_after_shows_as_eased(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, colour_terminal: None
) -> None:
    day = TODAY - timedelta(days=1)
    store = Store(data_dir, clock)
    store.add_session(
        {"id": "e", "date": day.isoformat(), "kind": "guided", "status": "complete",
         "pain_before": 5, "pain_after": 2}
    )  # fmt: skip
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        heatmap = main_heatmap(app)
        view = heatmap.view()
        assert view is not None
        row = lines(heatmap)[1 + day.weekday()]
        assert row[view.x_of(view.weeks - 1)] == UNICODE_GLYPHS[DayState.EASED] == "▣"
