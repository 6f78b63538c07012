"""The calendar screen and the day view, driven with Pilot over a real store."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from textual.widgets import OptionList, Sparkline

from tests.ui.conftest import MakeApp, settle
from tests.waiting import pause_until
from tracker.core.clock import FakeClock
from tracker.store.database import Store
from tracker.ui.app import SuppleApp
from tracker.ui.screens.calendar import CalendarScreen
from tracker.ui.screens.day_view import DayScreen
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.heatmap import Heatmap

TODAY = date(2026, 11, 25)  # a Wednesday (tests.conftest.NOW)
SIZE = (100, 34)


def session(day: date, sid: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": sid,
        "date": day.isoformat(),
        "kind": "logged",
        "status": "complete",
    }
    record.update(fields)
    return record


def seed(data_dir: Path, clock: FakeClock, *records: dict[str, Any]) -> Store:
    store = Store(data_dir, clock)
    for record in records:
        store.add_session(record)
    return store


def calendar(app: SuppleApp) -> CalendarScreen:
    screen = app.screen
    assert isinstance(screen, CalendarScreen), screen
    return screen


async def open_calendar(app: SuppleApp, pilot: Any) -> CalendarScreen:
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    return calendar(app)


async def test_cursor_moves_with_arrows_and_hjkl(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calendar(app, pilot)
        heatmap = screen.query_one(Heatmap)
        assert screen.cursor == TODAY and heatmap.cursor == TODAY
        steps = [
            ("left", -7),
            ("right", 7),
            ("up", -1),
            ("down", 1),
            ("h", -7),
            ("l", 7),
            ("k", -1),
            ("j", 1),
        ]
        for key, delta in steps:
            before = screen.cursor
            await pilot.press(key)
            await pilot.pause()
            assert screen.cursor == before + timedelta(days=delta), key
            assert heatmap.cursor == screen.cursor
        await pilot.press("h", "h", "k")
        await pilot.pause()
        assert screen.cursor == TODAY - timedelta(days=15)
        assert "Tue 10 Nov 2026" in str(screen.query_one("#cal-day").render())


async def test_brackets_show_the_year_before_and_after(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calendar(app, pilot)
        heatmap = screen.query_one(Heatmap)
        assert heatmap.grid is not None and heatmap.grid.first == date(2026, 1, 1)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.year == 2025
        assert heatmap.grid.first == date(2025, 1, 1) and heatmap.grid.last == date(2025, 12, 31)
        assert screen.cursor == date(2025, 11, 25)
        assert "2025" in str(screen.query_one("#cal-title").render())
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert screen.year == 2027
        assert heatmap.grid.first == date(2027, 1, 1)
        await pilot.press("right_square_bracket")  # two years ahead: not offered
        await pilot.pause()
        assert screen.year == 2027


async def test_moving_past_the_year_edge_switches_year(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calendar(app, pilot)
        screen.go_to(date(2026, 1, 1))
        await pilot.press("up")
        await pilot.pause()
        assert screen.cursor == date(2025, 12, 31)
        assert screen.year == 2025
        heatmap = screen.query_one(Heatmap)
        assert heatmap.grid is not None and heatmap.grid.first == date(2025, 1, 1)


async def test_enter_shows_the_days_sessions(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    day = TODAY - timedelta(days=2)
    exercises = [
        {"exercise": "good-morning", "side": None, "planned_sets": 3, "planned_reps": 10,
         "done_sets": 3, "done_reps": 10},
        {"exercise": "rotation", "side": "left", "planned_sets": 2, "planned_reps": 10,
         "done_sets": 2, "done_reps": 10},
        {"exercise": "rotation", "side": "right", "planned_sets": 2, "planned_reps": 10,
         "done_sets": 1, "done_reps": 4},
    ]  # fmt: skip
    seed(
        data_dir,
        clock,
        session(
            day,
            "g1",
            kind="guided",
            status="partial",
            started_at="2026-11-23T07:15:00+01:00",
            exercises=exercises,
            pain_before=4,
            pain_after=2,
            note="felt [b]loose[/b] after",
        ),
        session(day - timedelta(days=1), "other"),
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calendar(app, pilot)
        await pilot.press("k", "k")
        await pilot.pause()
        assert screen.cursor == day
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        text = str(options.get_option_at_index(0).prompt)
        for expected in (
            "07:15",
            "guided",
            "partial",
            "pain 4 → 2",
            "Modified good morning 3/3 sets",
            "Side-lying hip rotation left 2/2, right 1/2 sets",
            "felt [b]loose[/b] after",  # shown as typed, never as markup
        ):
            assert expected in text, expected
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)


async def test_log_a_past_day_from_the_day_view(make_app: MakeApp, data_dir: Path) -> None:
    day = TODAY - timedelta(days=7)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calendar(app, pilot)
        await pilot.press("left", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen) and app.screen.day == day
        await pilot.press("d")
        await settle(pilot)
        sessions = Store(data_dir).load().sessions
        assert [(s["date"], s["kind"], s["status"]) for s in sessions] == [
            (day.isoformat(), "logged", "complete")
        ]
        assert app.screen.query_one(OptionList).option_count == 1  # the view redrew
        await pilot.press("escape")
        await settle(pilot)
        assert "done; 1 session" in str(screen.query_one("#cal-day").render())
        await pilot.press("u")  # undo from the calendar screen itself
        await settle(pilot)
        assert Store(data_dir).load().sessions == ()


async def test_mark_and_unmark_skip_from_the_day_view(make_app: MakeApp, data_dir: Path) -> None:
    day = TODAY - timedelta(days=3)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_calendar(app, pilot)
        await pilot.press("up", "up", "up", "enter")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert Store(data_dir).load().history.skips == {day}
        await pilot.press("k")
        await settle(pilot)
        assert Store(data_dir).load().history.skips == frozenset()
        await pilot.press("u")  # undo the unmark: the skip is back
        await settle(pilot)
        assert Store(data_dir).load().history.skips == {day}


async def test_a_future_day_can_be_skipped_but_not_logged(
    make_app: MakeApp, data_dir: Path
) -> None:
    day = TODAY + timedelta(days=2)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_calendar(app, pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen) and app.screen.day == day
        before = (data_dir / "supple.json").read_bytes()
        await pilot.press("d")
        await settle(pilot)
        assert (data_dir / "supple.json").read_bytes() == before
        assert Store(data_dir).load().sessions == ()
        assert any("future" in t for t in app.toasts)
        await pilot.press("k")
        await settle(pilot)
        assert Store(data_dir).load().history.skips == {day}


async def test_delete_then_undo_leaves_the_file_byte_for_byte_identical(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    day = TODAY - timedelta(days=1)
    seed(
        data_dir,
        clock,
        session(day - timedelta(days=1), "a", pain_after=3),
        session(day, "b", note="first"),
        session(day, "c", status="stopped", note="second"),
        session(day + timedelta(days=1), "d"),
    )
    app = make_app()  # marks the tutorial seen: a write, so take the bytes after it
    before = (data_dir / "supple.json").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_calendar(app, pilot)
        await pilot.press("up", "enter")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 2
        await pilot.press("down")  # select the second session of the day
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        ids = [s["id"] for s in Store(data_dir).load().sessions]
        assert ids == ["a", "b", "d"]
        assert (data_dir / "supple.json").read_bytes() != before
        assert options.option_count == 1
        await pilot.press("u")
        await settle(pilot)
        assert options.option_count == 2
    assert (data_dir / "supple.json").read_bytes() == before


async def test_clicking_a_cell_selects_its_day(make_app: MakeApp) -> None:
    app = make_app()
    messages: list[Heatmap.DayClicked] = []

    def hook(message: object) -> None:
        if isinstance(message, Heatmap.DayClicked):
            messages.append(message)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        screen = await open_calendar(app, pilot)
        heatmap = screen.query_one(Heatmap)
        target = date(2026, 3, 4)
        view = heatmap.view()
        assert view is not None and view.grid.cell(target) is not None
        column = next(
            c for c, week in enumerate(view.grid.weeks) if any(x.day == target for x in week)
        )
        offset = (view.x_of(column), 1 + target.weekday())
        assert await pilot.click(heatmap, offset=offset)
        await pilot.pause()
        assert len({id(m) for m in messages}) == 1  # one message (seen again as it bubbles)
        assert messages[0].day == target and messages[0].control is heatmap
        assert screen.cursor == target and heatmap.cursor == target
        # a click on a label or outside the year changes nothing
        assert await pilot.click(heatmap, offset=(view.left, 1))
        await pilot.pause()
        assert screen.cursor == target


async def test_figures_under_the_grid_and_the_pain_trend(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    records = [
        session(TODAY - timedelta(days=n), f"s{n}", pain_after=2 + n % 3) for n in range(1, 15)
    ]
    seed(data_dir, clock, *records)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calendar(app, pilot)
        values = {
            item: str(screen.query_one(f"#cal-{item} .cal-stat-value").render())
            for item in ("streak", "best", "strength", "adherence", "total")
        }
        assert values["streak"] == "14 days"
        assert values["best"] == "14 days"
        assert values["total"] == "14 complete"
        assert values["adherence"] == "100% / 100%"
        spark = screen.query_one(Sparkline)
        assert spark.data is not None and len(spark.data) == 3  # three weeks with ratings
        assert screen.query_one("#cal-pain").display


async def test_no_pain_trend_without_ratings(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_calendar(app, pilot)
        assert not screen.query_one("#cal-pain").display


async def test_escape_goes_back_and_the_calendar_can_open_first(make_app: MakeApp) -> None:
    app = make_app(start="calendar")
    async with app.run_test(size=SIZE) as pilot:
        # it opens once the records are read, a moment after the first frame
        await pause_until(pilot, lambda: isinstance(app.screen, CalendarScreen), "calendar")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
