"""The main screen and the app's background work, with a real store and a fixed clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.ui.conftest import MakeApp, ToastedApp, settle
from tests.waiting import pause_until
from tracker.core.clock import FakeClock
from tracker.core.snooze import snoozed_until
from tracker.notify.check import check_and_notify
from tracker.notify.delivery import Delivery
from tracker.store.database import Store
from tracker.ui.app import SuppleApp
from tracker.ui.screens.main import MainScreen, PainNote, TodayPanel

TODAY = date(2026, 11, 25)


def card(app: SuppleApp, name: str) -> str:
    return app.screen.query_one(TodayPanel).values[name]


async def test_d_logs_today_and_u_undoes_it_exactly(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    before = (data_dir / "supple.json").read_bytes()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert card(app, "Today") == "Not done yet"
        await pilot.press("d")
        await settle(pilot)
        assert card(app, "Today") == "Done"
        assert card(app, "Streak") == "1 day"
        sessions = Store(data_dir).load().sessions
        assert [(s["date"], s["kind"], s["status"]) for s in sessions] == [
            ("2026-11-25", "logged", "complete")
        ]
        await pilot.press("d")  # a second session on a done day is saved, and said so
        await settle(pilot)
        assert len(Store(data_dir).load().sessions) == 2
        assert "another session on a day already done" in app.toasts[-1]
        await pilot.press("u")
        await settle(pilot)
        assert card(app, "Today") == "Done"
        await pilot.press("u")
        await settle(pilot)
        assert card(app, "Today") == "Not done yet"
    assert (data_dir / "supple.json").read_bytes() == before


async def test_k_marks_a_skip_day_and_k_again_clears_it(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("k")
        await settle(pilot)
        assert Store(data_dir).load().history.skips == {TODAY}
        assert card(app, "Today").startswith("Skip day")
        await pilot.press("k")
        await settle(pilot)
        assert Store(data_dir).load().history.skips == frozenset()
        await pilot.press("u")  # undo the un-skip: the skip is back
        await settle(pilot)
        assert Store(data_dir).load().history.skips == {TODAY}


async def test_a_write_from_another_process_shows_within_two_seconds(
    data_dir: Path, clock: FakeClock
) -> None:
    store = Store(data_dir, clock)
    store.mark_tutorial_seen()
    app = SuppleApp(store, clock, watch_interval=0.5, reminders=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert card(app, "Today") == "Not done yet"
        other = Store(data_dir, clock)  # stands for `supple done` in a shell
        other.add_session(
            {"id": "shell", "date": "2026-11-25", "kind": "logged", "status": "complete"}
        )
        for _ in range(20):
            await pilot.pause(0.1)
            if card(app, "Today") == "Done":
                break
        assert card(app, "Today") == "Done"


async def test_the_day_rolls_over_without_a_restart(make_app: MakeApp, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert card(app, "Today") == "Done"
        clock.advance(86400)
        app.check_for_changes()
        await pilot.pause()
        assert card(app, "Today") == "Not done yet"
        assert card(app, "Streak") == "1 day"
        assert app.today == TODAY + timedelta(days=1)


class Recorder:
    def __init__(self, ok: bool = True) -> None:
        self.ok = ok
        self.calls: list[tuple[str, str]] = []

    def __call__(self, title: str, body: str) -> Delivery:
        self.calls.append((title, body))
        if self.ok:
            return Delivery(True, "notify-send")
        return Delivery(
            False,
            None,
            "no desktop notification backend",
            "install libnotify-bin (sudo apt install libnotify-bin)",
        )


def reminder_app(data_dir: Path, clock: FakeClock, send: Recorder) -> ToastedApp:
    store = Store(data_dir, clock)
    store.mark_tutorial_seen()
    store.set_setting("reminders", "09:00")  # the fixed clock says 09:30: due, within grace
    return ToastedApp(store, clock, watch_interval=None, reminders=True, send=send)


async def wait_for_workers(app: SuppleApp, pilot: object) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def first_check_done(app: ToastedApp, pilot: Any) -> None:
    """Until the app's first reminder check has shown 09:00's reminder (sent or not). The
    check starts after the first read, on a timer: before that no worker is running, and
    waiting for the workers alone returns at once."""
    await pause_until(
        pilot, lambda: any("was due at 09:00" in t for t in app.toasts), "the first check"
    )
    await wait_for_workers(app, pilot)


async def test_the_notifier_sends_a_due_reminder_once_and_shows_a_toast(
    data_dir: Path, clock: FakeClock
) -> None:
    send = Recorder()
    app = reminder_app(data_dir, clock, send)
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await first_check_done(app, pilot)
        assert len(send.calls) == 1
        assert "was due at 09:00" in send.calls[0][1]
        assert any("was due at 09:00" in t for t in app.toasts)
        app.check_reminders()
        await wait_for_workers(app, pilot)
        assert len(send.calls) == 1
    # The daemon, checking after the TUI, finds the claim and sends nothing.
    daemon_send = Recorder()
    assert check_and_notify(Store(data_dir, clock), clock, "daemon", daemon_send) is None
    assert daemon_send.calls == []
    records = Store(data_dir).load().reminders_sent
    assert [(r["time"], r["status"], r["backend"]) for r in records] == [
        ("09:00", "delivered", "notify-send")
    ]


async def test_without_a_backend_the_tui_shows_the_fix_in_a_toast(
    data_dir: Path, clock: FakeClock
) -> None:
    app = reminder_app(data_dir, clock, Recorder(ok=False))
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await first_check_done(app, pilot)
        assert any("libnotify-bin" in m for m in app.toasts)
    assert Store(data_dir).load().reminders_sent[0]["status"] == "failed"


def toasts_on_screen(app: SuppleApp) -> str:
    """The text of every toast the screen shows now."""
    return " ".join(str(toast.render()) for toast in app.screen.query("Toast"))


async def test_the_reminder_s_toasts_go_once_it_is_answered_and_the_fix_is_said_once(
    data_dir: Path, clock: FakeClock
) -> None:
    app = reminder_app(data_dir, clock, Recorder(ok=False))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await first_check_done(app, pilot)
        shown = toasts_on_screen(app)
        assert "was due at 09:00" in shown and "libnotify-bin" in shown
        # Later the same day the evening reminder fails the same way: the in-app reminder
        # shows again, the fix is not said again.
        app.store.set_setting("reminders", "09:00,10:00")
        clock.advance(45 * 60)
        app.check_reminders()
        await pause_until(pilot, lambda: sum("due at 10:00" in t for t in app.toasts) == 1, "10:00")
        assert sum("libnotify-bin" in t for t in app.toasts) == 1
        await pilot.press("z")  # snoozed: answered
        await settle(pilot)
        shown = toasts_on_screen(app)
        assert "Snoozed" in shown and "due at" not in shown and "libnotify-bin" not in shown
        # A test notification asked for in Settings always says why it failed.
        app.action_test_reminder()
        await pause_until(pilot, lambda: sum("libnotify-bin" in t for t in app.toasts) == 2, "test")


async def test_done_takes_the_reminder_s_toast_away(data_dir: Path, clock: FakeClock) -> None:
    app = reminder_app(data_dir, clock, Recorder())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await first_check_done(app, pilot)
        assert "was due at 09:00" in toasts_on_screen(app)
        await pilot.press("d")
        await settle(pilot)
        shown = toasts_on_screen(app)
        assert "Logged today (2026-11-25) as done" in shown and "was due" not in shown


def snooze_now(data_dir: Path, clock: FakeClock) -> datetime | None:
    """When the stored snooze of today's reminder runs out (None: no snooze running)."""
    now = clock.now()
    return snoozed_until(Store(data_dir).load().reminders_sent, now.date(), now)


async def test_z_snoozes_ten_minutes_a_limited_number_of_times(
    data_dir: Path, clock: FakeClock
) -> None:
    send = Recorder()
    app = reminder_app(data_dir, clock, send)
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await first_check_done(app, pilot)
        for round_ in range(3):
            await pilot.press("z")
            await settle(pilot)
            assert snooze_now(data_dir, clock) == clock.now() + timedelta(minutes=10)
            assert app.toasts[-1].endswith(f"({round_ + 1} of 3).")
            await pilot.press("z")  # while snoozed: says so, changes nothing
            await settle(pilot)
            assert app.toasts[-1].startswith("Already snoozed until")
            clock.advance(9 * 60)
            app.check_reminders()
            await wait_for_workers(app, pilot)
            assert len(send.calls) == 1 + round_  # not yet
            clock.advance(60)
            app.check_reminders()
            await wait_for_workers(app, pilot)
            assert len(send.calls) == 2 + round_
            assert snooze_now(data_dir, clock) is None
        # The reminder after the last snooze does not offer another one.
        assert "was due at 09:00" in app.toasts[-1] and "z to snooze" not in app.toasts[-1]
        await pilot.press("z")
        await settle(pilot)
        assert snooze_now(data_dir, clock) is None
        assert any("Snoozed 3 times" in t for t in app.toasts)


async def test_snooze_is_dropped_once_the_day_is_done(data_dir: Path, clock: FakeClock) -> None:
    send = Recorder()
    app = reminder_app(data_dir, clock, send)
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await first_check_done(app, pilot)
        await pilot.press("z")
        await pilot.press("d")
        await pilot.pause()
        clock.advance(11 * 60)
        app.check_reminders()
        await wait_for_workers(app, pilot)
        assert len(send.calls) == 1


async def test_a_snooze_shows_as_the_next_reminder(data_dir: Path, clock: FakeClock) -> None:
    app = reminder_app(data_dir, clock, Recorder())
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await first_check_done(app, pilot)
        before = card(app, "Next reminder")
        await pilot.press("z")
        await settle(pilot)
        due = snooze_now(data_dir, clock)
        assert due is not None
        assert card(app, "Next reminder") == f"snoozed until {due:%H:%M}"
        await pilot.press("d")  # done: the snooze no longer matters
        await settle(pilot)
        assert not card(app, "Next reminder").startswith("snoozed")
    assert before.startswith("today") or before.startswith("tomorrow")


async def test_z_works_on_a_reminder_the_daemon_delivered(data_dir: Path, clock: FakeClock) -> None:
    store = Store(data_dir, clock)
    store.mark_tutorial_seen()
    store.set_setting("reminders", "09:00")
    daemon = Recorder()
    assert check_and_notify(store, clock, "daemon:1", daemon) is not None
    app = ToastedApp(store, clock, watch_interval=None, reminders=False, send=Recorder())
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await pilot.press("z")
        await settle(pilot)
        assert snooze_now(data_dir, clock) == clock.now() + timedelta(minutes=10)
    # Whoever checks after the snooze (here the daemon again) shows it once more, once.
    clock.advance(10 * 60)
    assert check_and_notify(store, clock, "daemon:1", daemon) is not None
    assert check_and_notify(store, clock, "daemon:1", daemon) is None
    assert len(daemon.calls) == 2


async def test_z_with_no_reminder_shown_says_so(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        before = (data_dir / "supple.json").read_bytes()
        await pilot.press("z")
        await settle(pilot)
        assert app.toasts[-1] == "No reminder has been shown today, so there is nothing to snooze."
        assert (data_dir / "supple.json").read_bytes() == before


async def test_k_on_a_done_day_changes_nothing(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await pilot.press("d")
        await settle(pilot)
        after_done = (data_dir / "supple.json").read_bytes()
        await pilot.press("k")
        await settle(pilot)
        assert (data_dir / "supple.json").read_bytes() == after_done
        assert any("already done" in t for t in app.toasts)
        assert card(app, "Today") == "Done"


async def test_counts_read_as_words(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("d")
        await settle(pilot)
        panel = app.screen.query_one(TodayPanel)
        assert panel.details["Strength"] == "1 complete session"
        assert card(app, "Streak") == "1 day"
        assert card(app, "Adherence 7d") == "100%"


def rated_session(day: date, pain_after: int) -> dict[str, object]:
    return {
        "id": f"rated-{day.isoformat()}",
        "date": day.isoformat(),
        "kind": "logged",
        "status": "complete",
        "started_at": None,
        "ended_at": None,
        "exercises": None,
        "pain_before": None,
        "pain_after": pain_after,
        "note": "",
    }


async def test_rising_pain_after_sessions_shows_a_gentle_note(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    store = Store(data_dir, clock)
    last_week = [rated_session(TODAY - timedelta(days=d), 2) for d in (12, 10, 8)]
    store.import_records(last_week, [], {})
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        note = app.screen.query_one("#pain-note", PainNote)
        assert not note.display  # one week of ratings only: nothing to say
        this_week = [rated_session(TODAY - timedelta(days=d), 5) for d in (4, 2)]
        store.import_records(this_week, [], {})
        app.check_for_changes()  # as the 2 s watch does after a write elsewhere
        await settle(pilot)
        assert not note.display  # two ratings this week are not enough yet
        await pilot.press("d")  # logged without a rating: still two
        await settle(pilot)
        assert not note.display
        store.import_records([rated_session(TODAY - timedelta(days=1), 6)], [], {})
        app.check_for_changes()  # as the 2 s watch does after a write elsewhere
        await settle(pilot)
        assert note.display
        text = str(note.render())
        assert "Pain after sessions has gone up: 5.3 on average this week, 2.0" in text
        assert "doctor or physiotherapist" in text
        assert note.region.height > 0  # laid out on screen, not only flagged visible
