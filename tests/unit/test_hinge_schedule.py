"""The everyday-hinge nudges with the injected clock and a real store: at the chosen times
only, never twice (two processes sharing the claim), never during a session or on a pain rest
day, thinning as the weekly automaticity score rises and coming back when it falls."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tracker.core import hinge
from tracker.core.clock import FakeClock
from tracker.core.hinge_schedule import NUDGE_GRACE, due_nudge, next_nudge
from tracker.core.settings import Settings
from tracker.notify.delivery import Delivery
from tracker.notify.hinge_nudge import check_and_nudge
from tracker.store.changes import LogDone, RecordAutomaticity, ResetHingeNudges, RestForPain
from tracker.store.database import Store

ZONE = timezone(timedelta(hours=1))
MONDAY = date(2026, 6, 15)  # an even ordinal? checked below where it matters


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


class Sender:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, title: str, body: str) -> Delivery:
        self.calls.append((title, body))
        return Delivery(True, "test")


def hinge_store(tmp_path: Path, clock: FakeClock, nudges: str = "09:00,17:30") -> Store:
    store = Store(tmp_path / "data", clock)
    store.set_setting("hinge-moments", "load the dishwasher;put on my socks and shoes")
    store.set_setting("hinge-nudges", nudges)
    return store


def settings(moments: str = "load the dishwasher", nudges: str = "09:00,17:30") -> Settings:
    return Settings.from_stored({"hinge-moments": moments, "hinge-nudges": nudges})


def test_nudges_come_at_the_chosen_times_only_once_each(tmp_path: Path) -> None:
    clock = FakeClock(at(MONDAY, 8, 0))
    store = hinge_store(tmp_path, clock)
    send = Sender()
    minutes_sent: list[str] = []
    for _ in range(24 * 60 // 5):  # a whole day, every 5 minutes
        nudge = check_and_nudge(store, clock, "daemon", send, in_session=False)
        if nudge is not None:
            minutes_sent.append(clock.now().strftime("%H:%M"))
        clock.advance(5 * 60)
    assert minutes_sent == ["09:00", "17:30"]
    assert len(send.calls) == 2
    statuses = {r["time"]: r["status"] for r in store.load().reminders_sent}
    assert statuses == {"hinge 09:00": "delivered", "hinge 17:30": "delivered"}


def test_each_nudge_names_one_of_the_moments_and_the_wording_changes_by_day() -> None:
    moments = ("load the dishwasher", "put on my socks and shoes")
    bodies = [hinge.nudge_text(moments, MONDAY + timedelta(days=n), 0)[1] for n in range(7)]
    for body in bodies:
        assert (
            "load the dishwasher" in body.lower() or "put on your socks and shoes" in body.lower()
        )
    assert len(set(bodies)) == 7  # a new wording each day of a week
    first, second = (hinge.nudge_text(moments, MONDAY, i)[1] for i in (0, 1))
    assert first != second


def test_no_nudges_without_moments_or_times(tmp_path: Path) -> None:
    now = at(MONDAY, 9, 0)
    assert due_nudge(settings(moments=""), now, (), hinge.EVERY_DAY) is None
    assert due_nudge(settings(nudges=""), now, (), hinge.EVERY_DAY) is None
    assert due_nudge(settings(), now, (), hinge.EVERY_DAY) is not None


def test_never_twice_with_the_daemon_and_the_app_together(tmp_path: Path) -> None:
    clock = FakeClock(at(MONDAY, 9, 0))
    daemon_store = hinge_store(tmp_path, clock)
    app_store = Store(tmp_path / "data", clock)
    send = Sender()
    inner: list[object] = []

    def send_and_let_the_app_check(title: str, body: str) -> Delivery:
        # The app's check runs while the daemon is sending: the claim is already taken.
        inner.append(check_and_nudge(app_store, clock, "tui", send, in_session=False))
        return send(title, body)

    first = check_and_nudge(daemon_store, clock, "daemon", send_and_let_the_app_check, False)
    assert first is not None and inner == [None]
    clock.advance(60)
    assert check_and_nudge(app_store, clock, "tui", send, in_session=False) is None
    assert len(send.calls) == 1
    (record,) = daemon_store.load().reminders_sent
    assert record["by"] == "daemon" and record["time"] == "hinge 09:00"


def test_the_routine_reminder_and_a_nudge_at_the_same_time_are_both_sent(
    tmp_path: Path,
) -> None:
    from tracker.notify.check import check_and_notify

    clock = FakeClock(at(MONDAY, 18, 0))
    store = hinge_store(tmp_path, clock, nudges="18:00")
    send = Sender()
    assert check_and_notify(store, clock, "daemon", send) is not None
    assert check_and_nudge(store, clock, "daemon", send, in_session=False) is not None
    assert check_and_notify(store, clock, "daemon", send) is None
    assert {r["time"] for r in store.load().reminders_sent} == {"18:00", "hinge 18:00"}


def test_never_during_a_session_but_after_it_within_grace(tmp_path: Path) -> None:
    clock = FakeClock(at(MONDAY, 9, 0))
    store = hinge_store(tmp_path, clock)
    send = Sender()
    assert check_and_nudge(store, clock, "tui", send, in_session=True) is None
    clock.advance(20 * 60)
    assert check_and_nudge(store, clock, "tui", send, in_session=True) is None
    assert send.calls == []
    clock.advance(5 * 60)  # the session is over at 09:25
    assert check_and_nudge(store, clock, "tui", send, in_session=False) is not None
    # A session that outlasts the grace: that nudge is gone, the next one comes.
    later = due_nudge(settings(), at(MONDAY, 9, 0) + NUDGE_GRACE + timedelta(minutes=1), (), 0)
    assert later is None


def test_the_session_marker_of_another_process_holds_the_nudge(tmp_path: Path) -> None:
    from tracker.notify import session_marker

    clock = FakeClock(at(MONDAY, 9, 0))
    store = hinge_store(tmp_path, clock)
    send = Sender()
    session_marker.mark_running(store.data_dir)  # as the app does when a session starts
    assert session_marker.session_running(store.data_dir)
    assert check_and_nudge(store, clock, "daemon", send) is None
    session_marker.mark_ended(store.data_dir)
    assert not session_marker.session_running(store.data_dir)
    assert check_and_nudge(store, clock, "daemon", send) is not None


def test_a_marker_left_by_a_dead_process_is_no_session(tmp_path: Path) -> None:
    from tracker.notify import session_marker

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / session_marker.NAME).write_text("999999999\n")
    assert not session_marker.session_running(folder)


def test_never_on_a_rest_day_for_pain_but_on_another_skip_day(tmp_path: Path) -> None:
    clock = FakeClock(at(MONDAY, 8, 0))
    store = hinge_store(tmp_path, clock)
    RestForPain().apply(store)  # a stop for pain: today is a rest day with reason "pain"
    clock.advance(60 * 60)
    send = Sender()
    assert check_and_nudge(store, clock, "daemon", send, in_session=False) is None
    pain_days = {MONDAY}
    assert due_nudge(settings(), at(MONDAY, 9, 0), (), 0, pain_rest_days=pain_days) is None
    assert due_nudge(settings(), at(MONDAY + timedelta(days=1), 9, 0), (), 0, False, pain_days)
    assert send.calls == []


def test_a_done_day_still_gets_its_nudges(tmp_path: Path) -> None:
    """The hinge is a habit of the whole day, apart from the exercises."""
    clock = FakeClock(at(MONDAY, 8, 0))
    store = hinge_store(tmp_path, clock)
    LogDone().apply(store)
    clock.advance(60 * 60)
    assert check_and_nudge(store, clock, "daemon", Sender(), in_session=False) is not None


def test_after_a_suspend_only_the_latest_nudge_comes(tmp_path: Path) -> None:
    clock = FakeClock(at(MONDAY, 17, 40))
    store = hinge_store(tmp_path, clock)
    send = Sender()
    nudge = check_and_nudge(store, clock, "daemon", send, in_session=False)
    assert nudge is not None and nudge.due.slot.time == "hinge 17:30"
    statuses = {r["time"]: r["status"] for r in store.load().reminders_sent}
    assert statuses == {"hinge 09:00": "missed", "hinge 17:30": "delivered"}
    assert len(send.calls) == 1


def _days_with_nudges(level: int, start: date, days: int = 14) -> list[date]:
    found = []
    for n in range(days):
        day = start + timedelta(days=n)
        if due_nudge(settings(), at(day, 9, 5), (), level) is not None:
            found.append(day)
    return found


def test_levels_thin_the_days_out() -> None:
    assert len(_days_with_nudges(hinge.EVERY_DAY, MONDAY)) == 14
    assert len(_days_with_nudges(hinge.EVERY_OTHER_DAY, MONDAY)) == 7
    twice = _days_with_nudges(hinge.TWICE_A_WEEK, MONDAY)
    assert len(twice) == 4 and {d.weekday() for d in twice} == {0, 3}
    assert _days_with_nudges(hinge.NO_NUDGES, MONDAY) == []


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ((2, 3, 2, 3), hinge.EVERY_DAY),
        ((4, 4, 5, 4), hinge.EVERY_OTHER_DAY),
        ((5, 6, 5, 5), hinge.TWICE_A_WEEK),
        ((7, 6, 6, 7), hinge.NO_NUDGES),
    ],
)
def test_the_weekly_score_sets_the_level(answers: tuple[int, ...], level: int) -> None:
    history = (hinge.Automaticity(MONDAY, hinge.srbai_score(answers)),)
    assert hinge.nudge_level(history, MONDAY) == level


def _nudges_over(store: Store, clock: FakeClock, days: int) -> int:
    """Nudges sent over `days` days, the clock moving a day at a time (09:05 each day)."""
    send = Sender()
    for _ in range(days):
        clock.advance(24 * 3600)
        check_and_nudge(store, clock, "daemon", send, in_session=False)
    return len(send.calls)


def test_nudges_thin_out_as_the_score_rises_and_come_back_when_it_falls(tmp_path: Path) -> None:
    clock = FakeClock(at(MONDAY, 9, 5) - timedelta(days=1))
    store = hinge_store(tmp_path, clock, nudges="09:00")
    assert _nudges_over(store, clock, 14) == 14  # every day
    RecordAutomaticity((5, 4, 4, 4)).apply(store)
    assert _nudges_over(store, clock, 14) == 7  # every other day
    RecordAutomaticity((6, 5, 5, 5)).apply(store)
    assert _nudges_over(store, clock, 14) == 4  # twice a week
    RecordAutomaticity((7, 7, 6, 6)).apply(store)
    assert _nudges_over(store, clock, 14) == 0  # none: it has become a habit
    RecordAutomaticity((3, 3, 4, 3)).apply(store)  # it slipped: every day again
    assert _nudges_over(store, clock, 7) == 7


def test_the_person_can_set_them_back_and_undo_that(tmp_path: Path) -> None:
    clock = FakeClock(at(MONDAY, 9, 5) - timedelta(days=1))
    store = hinge_store(tmp_path, clock, nudges="09:00")
    RecordAutomaticity((7, 7, 7, 7)).apply(store)
    assert _nudges_over(store, clock, 7) == 0
    reset = ResetHingeNudges().apply(store)
    assert _nudges_over(store, clock, 7) == 7  # every day again
    assert reset.undo is not None
    reset.undo.apply(store)
    assert _nudges_over(store, clock, 7) == 0


def test_next_nudge_skips_days_without_nudges() -> None:
    now = at(MONDAY, 10, 31)
    nxt = next_nudge(settings(nudges="09:00"), now, (), hinge.TWICE_A_WEEK)
    assert nxt is not None and nxt.date() == MONDAY + timedelta(days=3)
    assert next_nudge(settings(nudges="09:00"), now, (), hinge.NO_NUDGES) is None
