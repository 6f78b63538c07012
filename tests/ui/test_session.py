"""Pilot tests of the guided session: a real app, a real store, and a clock the test moves.

The test moves the fake clock and calls the screen's own tick (what its 0.1 s timer calls), so no
test waits on real time: what is checked is what a user would see and what gets saved.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Label

from tests.conftest import TINY, TINY_TOTAL
from tests.ui.conftest import MakeApp
from tracker.core.clock import FakeClock
from tracker.store.database import Store
from tracker.ui.app import SuppleApp
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.session import SessionScreen
from tracker.ui.widgets.stage import SessionStage


def tiny_store(data_dir: Path, clock: FakeClock) -> None:
    store = Store(data_dir, clock)
    for key, value in TINY.items():
        store.set_setting(key, value)


@pytest.fixture
def tiny_app(make_app: MakeApp, data_dir: Path, clock: FakeClock) -> SuppleApp:
    """The app over a store with the tiny settings."""
    tiny_store(data_dir, clock)
    return make_app()


async def settle(pilot: Any) -> None:
    """Let the session screen catch up with the fake clock (one tick, not a sleep), then let
    everything it posted be handled (a saved session too) and drawn."""
    screen = pilot.app.screen
    if isinstance(screen, SessionScreen):
        screen.tick()
    await pilot.pause()
    await pilot.app.wait_for_store()
    await pilot.pause()


async def advance(pilot: Any, clock: FakeClock, seconds: float, step: float = 1.0) -> None:
    """Move the fake clock in steps, letting the screen draw after each (as time passes)."""
    left = seconds
    while left > 1e-9:
        moved = min(step, left)
        clock.advance(moved)
        left -= moved
        await settle(pilot)


def session_screen(app: SuppleApp) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen), screen
    return screen


def label(app: SuppleApp, widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}", Label).render())


def stage(app: SuppleApp) -> SessionStage:
    return app.screen.query_one(SessionStage)


def countdown(app: SuppleApp) -> str:
    """The digits the stage shows in big letters."""
    return stage(app).view.digits


def phase_word(app: SuppleApp) -> str:
    """The phase word the stage shows in big letters."""
    return stage(app).view.word


async def start(pilot: Any, pain: str = "") -> SessionScreen:
    await pilot.press("s")
    await settle(pilot)
    screen = session_screen(pilot.app)
    assert screen.stage == "pain"
    if pain:
        await pilot.press(*pain)
    await pilot.press("enter")
    await settle(pilot)
    return screen


def saved_sessions(data_dir: Path) -> list[dict[str, Any]]:
    return [dict(s) for s in Store(data_dir).load().sessions]


async def test_a_whole_session_runs_by_itself_and_saves_a_guided_complete_day(
    tiny_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot, pain="4")
        assert screen.stage == "running"
        assert phase_word(app) == "Get ready"
        assert label(app, "session-left") == "0:20 left"

        # No key per rep: only time passes.
        await advance(pilot, clock, TINY_TOTAL + 1)
        assert screen.stage == "summary"
        assert label(app, "summary-title") == "Session complete"
        table = str(screen.query_one("#summary-table").render())
        assert "Modified good morning" in table and "4 of 4" in table

        await pilot.press("2")  # pain after (the field has focus)
        await pilot.press("tab", *"felt loose")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

    sessions = saved_sessions(data_dir)
    assert len(sessions) == 1
    record = sessions[0]
    assert record["kind"] == "guided"
    assert record["status"] == "complete"
    assert record["date"] == clock.now().date().isoformat()
    assert (record["pain_before"], record["pain_after"], record["note"]) == (4, 2, "felt loose")
    done = {
        (row["exercise"], row["side"]): (row["done_sets"], row["done_reps"])
        for row in record["exercises"]
    }
    assert done == {
        ("good-morning", None): (2, 4),
        ("rotation", "left"): (1, 1),
        ("rotation", "right"): (1, 1),
    }
    started = datetime.fromisoformat(record["started_at"])
    ended = datetime.fromisoformat(record["ended_at"])
    assert timedelta(seconds=TINY_TOTAL) <= ended - started <= timedelta(seconds=TINY_TOTAL + 1)


async def test_the_main_screen_shows_the_day_done_after_saving(
    tiny_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app
    async with app.run_test(size=(100, 34)) as pilot:
        await start(pilot)
        assert not app.snapshot.history.done
        await advance(pilot, clock, TINY_TOTAL + 1, step=5)
        await pilot.press("enter")
        await settle(pilot)
        assert clock.now().date() in app.snapshot.history.done
        # and the undo key takes the saved session back out
        await pilot.press("u")
        await settle(pilot)
    assert not saved_sessions(data_dir)


async def test_a_bad_pain_answer_is_explained_and_nothing_starts(
    tiny_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot, pain="11")
        assert screen.stage == "pain"
        assert "0" in label(app, "pain-error") and "10" in label(app, "pain-error")
        await advance(pilot, clock, 5)
        assert screen.stage == "pain"  # the question is not timed
        field = screen.query_one("#pain-before", Input)
        field.value = ""
        await pilot.press("enter")  # empty skips the question
        await settle(pilot)
        assert screen.stage == "running"
        assert screen.engine.pain_before is None


async def test_the_countdown_and_the_session_clock_follow_time_and_stop_while_paused(
    tiny_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 1.5)  # get ready (1 s), then half of the first lowering
        assert phase_word(app) == "Lower"
        assert label(app, "counters") == "Set 1 of 2 · Rep 1 of 2"
        assert label(app, "session-left") == "0:19 left"

        await pilot.press("space")
        await settle(pilot)
        assert screen.engine.paused
        assert screen.has_class("-paused")
        await advance(pilot, clock, 30, step=10)
        assert phase_word(app) == "Paused"  # said big, for the floor
        assert screen.engine.current.label == "Lower"  # nothing moved while paused
        assert label(app, "session-left") == "0:19 left"

        await pilot.press("space")
        await advance(pilot, clock, 1)
        assert not screen.engine.paused
        assert phase_word(app) == "Hold"
        assert countdown(app) == "1"


async def test_n_skips_the_current_phase(
    tiny_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app
    async with app.run_test(size=(100, 34)) as pilot:
        await start(pilot)
        assert phase_word(app) == "Get ready"
        await pilot.press("n")
        await settle(pilot)
        assert phase_word(app) == "Lower"
        await pilot.press("n", "n")
        await settle(pilot)
        assert phase_word(app) == "Return"


async def test_it_hurts_stops_at_once_shows_the_advice_and_saves_a_stopped_session(
    tiny_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot, pain="3")
        await advance(pilot, clock, 5)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert screen.stage == "summary"
        safety = screen.query_one("#safety")
        assert safety.display
        advice = str(safety.render()).lower()
        assert "stop" in advice and "pain" in advice
        await advance(pilot, clock, 10)
        assert screen.stage == "summary"  # the clock no longer runs anything
        await pilot.press("8", "enter")
        await settle(pilot)

    (record,) = saved_sessions(data_dir)
    assert (record["kind"], record["status"]) == ("guided", "stopped")
    assert (record["pain_before"], record["pain_after"]) == (3, 8)
    assert clock.now().date() not in Store(data_dir).load().history.done


async def test_escape_asks_and_y_keeps_a_partial_session(
    tiny_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 8)  # get ready + the first two reps of set 1
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not screen  # the question is up, and the session waits
        assert screen.engine.paused
        await pilot.press("y")
        await settle(pilot)
        assert screen.stage == "summary"
        assert label(app, "summary-title") != "Session complete"
        await pilot.press("enter")
        await settle(pilot)

    (record,) = saved_sessions(data_dir)
    assert record["status"] == "partial"
    good_morning = next(r for r in record["exercises"] if r["exercise"] == "good-morning")
    assert (good_morning["done_sets"], good_morning["done_reps"]) == (1, 2)
    rotation = [r for r in record["exercises"] if r["exercise"] == "rotation"]
    assert all(r["done_reps"] == 0 for r in rotation)


async def test_escape_then_n_ends_without_saving_and_escape_carries_on(
    tiny_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app
    before = (data_dir / "supple.json").read_bytes()
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 2)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")  # never mind: carry on
        await settle(pilot)
        assert app.screen is screen and not screen.engine.paused
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")  # end without keeping anything
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert (data_dir / "supple.json").read_bytes() == before  # nothing was written


async def test_a_session_that_crosses_midnight_belongs_to_the_day_it_started(
    data_dir: Path,
) -> None:
    zone = timezone(timedelta(hours=1))
    clock = FakeClock(datetime(2026, 11, 25, 23, 59, 50, tzinfo=zone))
    tiny_store(data_dir, clock)
    store = Store(data_dir, clock)
    store.mark_tutorial_seen()
    app = SuppleApp(store, clock, watch_interval=None, reminders=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await start(pilot)
        await advance(pilot, clock, TINY_TOTAL + 1, step=5)
        assert clock.now().date() == date(2026, 11, 26)
        await pilot.press("enter")
        await settle(pilot)
    (record,) = saved_sessions(data_dir)
    assert record["date"] == "2026-11-25"


async def test_a_bell_rings_at_each_phase_change_unless_turned_off(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    tiny_store(data_dir, clock)
    rings: dict[bool, int] = {}
    for bell in (True, False):
        Store(data_dir, clock).set_setting("bell", bell)
        app = make_app()
        count = 0

        def ring() -> None:
            nonlocal count
            count += 1

        app.bell = ring  # type: ignore[method-assign]  # the terminal itself is not under test
        async with app.run_test(size=(100, 34)) as pilot:
            await start(pilot)
            await advance(pilot, clock, 3)  # get ready -> lower -> hold -> return
        rings[bell] = count
    assert rings[True] >= 3
    assert rings[False] == 0


async def test_the_default_session_shows_its_whole_length_to_the_second(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await start(pilot)
        # 5 + 3*10*(2+3+2) + 2*30, then per side 15 + 2*10*(2+2) + 30: 525 s
        assert label(app, "session-left") == "8:45 left"
        await advance(pilot, clock, 65, step=13)
        assert label(app, "session-left") == "7:40 left"
