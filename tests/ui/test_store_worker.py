"""No store work on the UI thread (issue 19): changes, undos and reads run one at a time, in
order, in a thread worker; while another process holds the store's lock the app says so and
every key still works. The lock is the real one, held by another process."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import NOW
from tests.ui.conftest import MakeApp, settle
from tracker.store.database import Store
from tracker.ui.app import WAITING, SuppleApp
from tracker.ui.screens.calendar import CalendarScreen
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.main import MainScreen, TodayPanel

TODAY = NOW.date()
HOLD_S = 3.0

HOLDER = """
import sys
from pathlib import Path
from tracker.store.lock import FileLock

with FileLock(Path(sys.argv[1]), 5):
    print("held", flush=True)
    sys.stdin.readline()  # until the test says so
print("released", flush=True)
"""


class LockHolder:
    """Another process holding the store's lock until `release()`."""

    def __init__(self, lock_path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(lock_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "held"
        self.since = time.monotonic()

    @property
    def holding(self) -> bool:
        return self.process.poll() is None

    def release(self) -> None:
        if self.holding:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.write("\n")
            self.process.stdin.flush()
            assert self.process.stdout.readline().strip() == "released"
        self.process.wait(timeout=10)


@pytest.fixture
def hold_lock() -> Iterator[Callable[[Store], LockHolder]]:
    holders: list[LockHolder] = []

    def hold(store: Store) -> LockHolder:
        store.lock_timeout = 120  # the app's write waits it out, however slow the machine
        holder = LockHolder(store.lock_path)
        holders.append(holder)
        return holder

    yield hold
    for holder in holders:
        if holder.holding:
            holder.process.kill()
            holder.process.wait()


async def until(pilot: Pilot[Any], condition: Callable[[], bool], within: float = 5.0) -> None:
    """Let the app run until `condition` holds (a failure if it does not within `within` s)."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "the app did not get there in time"
        await pilot.pause(0.02)


def card(app: SuppleApp, name: str) -> str:
    return app.screen.query_one(TodayPanel).values[name]


async def test_keys_work_while_another_supple_holds_the_lock_and_the_change_lands_after(
    make_app: MakeApp, hold_lock: Callable[[Store], LockHolder]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await settle(pilot)
        before = app.store.path.read_bytes()
        holder = hold_lock(app.store)
        await pilot.press("d")
        # The app says it waits (a blocked UI thread could never say so).
        await until(pilot, lambda: app.sub_title == WAITING, within=HOLD_S - 0.5)
        assert WAITING in app.toasts
        # Meanwhile every key works: help opens and closes, the calendar's cursor moves.
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CalendarScreen))
        calendar = app.screen
        assert isinstance(calendar, CalendarScreen)
        start = calendar.cursor
        await pilot.press("left")
        await until(pilot, lambda: calendar.cursor == start.fromordinal(start.toordinal() - 7))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        # ...all before the lock was let go: nothing is written yet.
        assert holder.holding
        assert app.store.path.read_bytes() == before
        assert card(app, "Today") == "Not done yet"
        await asyncio.sleep(max(0.0, HOLD_S - (time.monotonic() - holder.since)))
        holder.release()
        await settle(pilot)
        assert card(app, "Today") == "Done"
        assert app.sub_title == SuppleApp.SUB_TITLE
        assert app.toasts[-1] == f"Logged today ({TODAY.isoformat()}) as done."
    assert [s["date"] for s in Store(app.store.data_dir).load().sessions] == [TODAY.isoformat()]


async def test_changes_asked_for_while_waiting_run_in_the_order_pressed(
    make_app: MakeApp, data_dir: Path, hold_lock: Callable[[Store], LockHolder]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await settle(pilot)
        holder = hold_lock(app.store)
        # skip, unskip, skip, then undo the last: each decided as the one before left it.
        await pilot.press("k", "k", "k", "u")
        await until(pilot, lambda: app.sub_title == WAITING)
        holder.release()
        await settle(pilot)
        assert Store(data_dir).load().history.skips == frozenset()
        assert card(app, "Today") == "Not done yet"
        assert len(app.undo_stack) == 2
        await pilot.press("u")  # undo the unskip: a skip day again
        await settle(pilot)
        assert Store(data_dir).load().history.skips == {TODAY}
        await pilot.press("u")  # undo the first skip
        await settle(pilot)
        assert Store(data_dir).load().history.skips == frozenset()
        assert app.undo_stack == []


async def test_quit_waits_for_the_change_being_saved(
    make_app: MakeApp, data_dir: Path, hold_lock: Callable[[Store], LockHolder]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await settle(pilot)
        holder = hold_lock(app.store)
        await pilot.press("d", "q")
        await until(pilot, lambda: any("quits once your change is saved" in t for t in app.toasts))
        assert app.return_code is None  # still running: the session is not saved yet
        holder.release()
        await until(pilot, lambda: app.return_code is not None)
    assert len(Store(data_dir).load().sessions) == 1


async def test_the_first_frame_is_drawn_from_the_summary_and_the_records_follow(
    make_app: MakeApp, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the records are read the main screen shows what the summary says (the same
    numbers as the records give after), and hides the panels that need the records."""
    import threading

    from tracker.core.summary import Summary
    from tracker.store.changes import LogDone
    from tracker.ui.store_work import Job, Result, run_job

    store = Store(data_dir)
    LogDone(TODAY.fromordinal(TODAY.toordinal() - 1)).apply(store)  # leaves the summary
    gate = threading.Event()

    def gated(store: Store, job: Job) -> Result:
        gate.wait(10)  # the first read waits until the test has looked at the first frame
        return run_job(store, job)

    monkeypatch.setattr("tracker.ui.app.run_job", gated)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen)
        assert isinstance(main.snapshot, Summary) and not app.loaded
        first = dict(main.query_one(TodayPanel).values)
        assert first["Streak"] == "1 day"
        assert not main.query_one("#progress").display  # not an empty chart meanwhile
        gate.set()
        await settle(pilot)
        assert app.loaded and main.snapshot is app.snapshot
        assert main.query_one(TodayPanel).values == first
        assert main.query_one("#progress").display


async def test_a_read_that_comes_before_a_new_screen_has_its_widgets_is_shown_on_it(
    make_app: MakeApp, data_dir: Path
) -> None:
    from textual.widgets import Label

    from tracker.core.clock import FakeClock
    from tracker.store.changes import LogDone
    from tracker.ui.messages import StoreDone
    from tracker.ui.store_work import Job, run_job

    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        app.action_open_calendar()
        calendar = app.screen_stack[-1]
        assert isinstance(calendar, CalendarScreen) and not calendar.is_mounted
        LogDone().apply(Store(data_dir, FakeClock(NOW)))  # `supple done` in a shell
        # Its read reaches the app before the calendar has composed its widgets.
        app.on_store_done(StoreDone(Job(), run_job(app.store, Job())))
        await settle(pilot)
        assert TODAY in calendar.snapshot.history.done
        assert app.screen is calendar
        total = calendar.query_one("#cal-total .cal-stat-value", Label)
        assert str(total.render()) == "1 complete"


async def test_a_read_that_lands_while_the_app_closes_draws_nothing(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once seen under load: the first read's answer came while the app was closing, its
    screens' widgets already gone, and drawing it raised (NoMatches) at exit."""
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await app.screen.query_one(TodayPanel).remove()  # as the closing app takes it apart
        monkeypatch.setattr(SuppleApp, "is_running", property(lambda self: False))
        app._show(app.snapshot)  # the store's answer, handled then
        monkeypatch.undo()
