"""One set of rules: each rule gives the same outcome, in the same words, on the main screen, in
the day view and in the shell (the rules themselves live in tracker.store.changes).

- A second session on a day already done is saved, and said to be one.
- A day already done is not marked as a skip day.
- A skip day may be at most 366 days ahead (the main screen only ever skips today).
- "Sessions" counts complete sessions, the same number everywhere, labelled so.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.conftest import RunCli
from tests.ui.conftest import MakeApp, ToastedApp, settle
from tracker.store.database import Store
from tracker.ui.screens.calendar import CalendarScreen, StatItem
from tracker.ui.screens.day_view import DayScreen
from tracker.ui.screens.main import TodayPanel

TODAY = date(2026, 11, 25)  # conftest's NOW
SIZE = (100, 34)
SECOND = "(another session on a day already done)"
NO_SKIP = "is already done, so it needs no skip day"
TOO_FAR = "is more than 366 days ahead"


def stored(data_dir: Path) -> tuple[int, int]:
    snap = Store(data_dir).load()
    return len(snap.sessions), len(snap.marks)


async def open_day(app: ToastedApp, pilot: Any, *keys: str) -> DayScreen:
    """The calendar, the cursor moved by `keys` from today, then Enter."""
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    await pilot.press(*keys, "enter")
    await pilot.pause()
    assert isinstance(app.screen, DayScreen)
    return app.screen


# ---- a second session on a done day ---------------------------------------------------------


async def test_second_session_main_screen(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("d", "d")
        await pilot.pause()
        assert SECOND in app.toasts[-1]
    assert stored(data_dir) == (2, 0)


async def test_second_session_day_view(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_day(app, pilot)
        await pilot.press("d", "d")
        await settle(pilot)
        assert SECOND in app.toasts[-1]
    assert stored(data_dir) == (2, 0)


def test_second_session_shell(run_cli: RunCli, data_dir: Path) -> None:
    assert run_cli("done").code == 0
    second = run_cli("done")
    assert second.code == 0 and SECOND in second.out
    assert stored(data_dir) == (2, 0)


# ---- no skip on a done day ------------------------------------------------------------------


async def test_no_skip_on_a_done_day_main_screen(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("d", "k")
        await settle(pilot)
        assert NO_SKIP in app.toasts[-1]
    assert stored(data_dir) == (1, 0)


async def test_no_skip_on_a_done_day_day_view(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_day(app, pilot)
        await pilot.press("d", "k")
        await settle(pilot)
        assert NO_SKIP in app.toasts[-1]
    assert stored(data_dir) == (1, 0)


def test_no_skip_on_a_done_day_shell(run_cli: RunCli, data_dir: Path) -> None:
    assert run_cli("done").code == 0
    refused = run_cli("skip")
    assert refused.code == 2 and NO_SKIP in refused.err
    assert stored(data_dir) == (1, 0)


# ---- how far ahead a skip may be ------------------------------------------------------------


async def test_skip_bounds_day_view(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # `]` goes to the same day next year (365 days on), then two more days: 367.
        screen = await open_day(app, pilot, "right_square_bracket", "down", "down")
        assert screen.day == TODAY + timedelta(days=367)
        await pilot.press("k")
        await settle(pilot)
        assert TOO_FAR in app.toasts[-1]
        await pilot.press("escape", "up")  # day 366 may be planned
        await settle(pilot)
        await pilot.press("enter", "k")
        await settle(pilot)
    assert stored(data_dir) == (0, 1)


def test_skip_bounds_shell(run_cli: RunCli, data_dir: Path) -> None:
    refused = run_cli("skip", "--date", (TODAY + timedelta(days=367)).isoformat())
    assert refused.code == 2 and TOO_FAR in refused.err
    assert run_cli("skip", "--date", (TODAY + timedelta(days=366)).isoformat()).code == 0
    assert stored(data_dir) == (0, 1)


async def test_skip_bounds_main_screen_skips_only_today(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("k")
        await settle(pilot)
    assert [m["date"] for m in Store(data_dir).load().marks] == [TODAY.isoformat()]


def test_skip_clear_in_the_shell(run_cli: RunCli, data_dir: Path) -> None:
    first, last = TODAY + timedelta(days=10), TODAY + timedelta(days=14)
    assert run_cli("skip", "--date", first.isoformat(), "--until", last.isoformat()).code == 0
    assert stored(data_dir) == (0, 5)
    cleared = run_cli("skip", "--date", first.isoformat(), "--until", last.isoformat(), "--clear")
    assert cleared.code == 0 and "Cleared 5 skip days" in cleared.out
    assert stored(data_dir) == (0, 0)
    again = run_cli("skip", "--date", first.isoformat(), "--clear")
    assert again.code == 2 and "is not a skip day" in again.err


# ---- what "sessions" counts -----------------------------------------------------------------


def partial_and_complete(data_dir: Path) -> None:
    store = Store(data_dir)
    store.mark_tutorial_seen()
    for sid, status in (("p", "partial"), ("c", "complete"), ("s", "stopped")):
        store.add_session({"id": sid, "date": "2026-11-24", "kind": "guided", "status": status})


async def test_session_count_main_and_calendar(make_app: MakeApp, data_dir: Path) -> None:
    partial_and_complete(data_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(TodayPanel).details["Strength"] == "1 complete session"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        total = app.screen.query_one("#cal-total", StatItem)
        assert str(total.query_one(".cal-stat-value").render()) == "1 complete"


def test_session_count_shell(run_cli: RunCli, data_dir: Path) -> None:
    partial_and_complete(data_dir)
    assert "Complete sessions: 1" in run_cli("status").out
    assert '"total_sessions": 1' in run_cli("status", "--json").out
