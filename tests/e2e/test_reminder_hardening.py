"""A reminder shown once and never lost, on the private D-Bus with the real commands: a claim
whose sender was killed before showing it is retried within grace; a busy server that shows
the reminder at once but answers late does not make it a failure (and the retry does not
show it again); the process behind the buttons ends when the notification server dies; Done
pressed after midnight on the evening's reminder does not log the new day.
"""

from __future__ import annotations

import signal
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RunCli
from tests.e2e.conftest import NotifyServer
from tests.e2e.test_actions import wait_for
from tests.e2e.test_notify import helpers_left_on_bus, helpers_on_bus
from tests.e2e.test_remind import EVENING
from tracker.core.clock import FakeClock
from tracker.notify import buttons
from tracker.store.database import Store

AT_1800 = EVENING.replace(minute=0)
REMINDER = "supple: time for your routine"


def reminders(server: NotifyServer) -> list[dict[str, Any]]:
    return [n for n in server.notifications() if n["summary"] == REMINDER]


def record_of(data_dir: Path, time: str = "18:00") -> dict[str, Any]:
    (record,) = [r for r in Store(data_dir).load().reminders_sent if r["time"] == time]
    return dict(record)


def once(run_cli: RunCli, bus: str, now: datetime) -> Any:
    return run_cli("remind", "--once", now=now, DBUS_SESSION_BUS_ADDRESS=bus)


# ---- a claim whose sender died ---------------------------------------------------------------


def test_a_claim_left_by_a_killed_sender_is_retried_within_grace(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer, data_dir: Path
) -> None:
    """The daemon claimed the 18:00 reminder and was killed before showing it: the store
    holds exactly what it leaves, a claim that never got an outcome."""
    assert run_cli("config", "set", "reminders", "18:00", now=AT_1800).code == 0
    killed = Store(data_dir, FakeClock(AT_1800))
    assert killed.claim_reminder(AT_1800.date(), "18:00", "daemon:424242")
    assert record_of(data_dir)["status"] == "claimed"
    soon = once(run_cli, bus_env, AT_1800 + timedelta(minutes=2))  # it may still be sending
    assert soon.code == 0 and soon.out == "No reminder is due now.\n"
    retried = once(run_cli, bus_env, AT_1800 + timedelta(minutes=5))
    assert retried.code == 0, retried.err
    assert "Reminder due 18:00 sent" in retried.out
    for minutes in (6, 11, 40):
        later = once(run_cli, bus_env, AT_1800 + timedelta(minutes=minutes))
        assert later.out == "No reminder is due now.\n"
    assert len(reminders(notify_server)) == 1
    assert record_of(data_dir)["status"] == "delivered"


def test_a_claim_left_by_a_killed_sender_is_not_retried_after_grace(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer, data_dir: Path
) -> None:
    assert run_cli("config", "set", "reminder-grace", "30", now=AT_1800).code == 0
    Store(data_dir, FakeClock(AT_1800)).claim_reminder(AT_1800.date(), "18:00", "daemon:1")
    late = once(run_cli, bus_env, AT_1800 + timedelta(minutes=31))
    assert late.out == "No reminder is due now.\n"
    assert reminders(notify_server) == []


# ---- a slow notification server ----------------------------------------------------------------


@pytest.mark.slow
def test_a_server_that_answers_seconds_late_shows_the_reminder_once(
    run_cli: RunCli, bus_env: str, start_notify_server: Any, data_dir: Path
) -> None:
    """It shows the notification at once and answers 7 s later: that is not a failure, and
    no retry shows it again (it was on screen four times)."""
    server = start_notify_server(delay=7.0)
    assert run_cli("config", "set", "reminders", "18:00", now=AT_1800).code == 0
    sent = once(run_cli, bus_env, AT_1800)
    assert sent.code == 0, sent.err
    assert "Reminder due 18:00 sent via notify-send" in sent.out
    for minutes in (5, 6, 11):
        assert once(run_cli, bus_env, AT_1800 + timedelta(minutes=minutes)).code == 0
    assert len(reminders(server)) == 1
    assert record_of(data_dir)["status"] == "delivered"


@pytest.mark.slow
def test_an_answer_later_than_the_wait_is_recorded_as_shown(
    run_cli: RunCli, bus_env: str, start_notify_server: Any, data_dir: Path
) -> None:
    """Later than supple waits (20 s), but the server did show it: the check says it did not
    answer, then the answer comes, the record says delivered, and the retry sends nothing."""
    server = start_notify_server(delay=22.0)
    assert run_cli("config", "set", "reminders", "18:00", now=AT_1800).code == 0
    started = time.monotonic()
    failed = once(run_cli, bus_env, AT_1800)
    assert time.monotonic() - started < 30
    assert failed.code == 1 and "did not answer" in failed.err
    assert len(reminders(server)) == 1  # on screen already
    wait_for(lambda: record_of(data_dir)["status"] == "delivered", "the late answer", 20)
    assert record_of(data_dir)["error"] is None
    retry = once(run_cli, bus_env, AT_1800 + timedelta(minutes=6))
    assert retry.out == "No reminder is due now.\n"
    assert len(reminders(server)) == 1


# ---- the buttons' process ---------------------------------------------------------------------


def test_the_button_process_ends_when_the_notification_server_dies(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer
) -> None:
    assert run_cli("config", "set", "reminders", "18:00", now=AT_1800).code == 0
    assert once(run_cli, bus_env, AT_1800).code == 0
    assert helpers_on_bus(bus_env) != []  # waiting for a click, as it should
    notify_server.proc.send_signal(signal.SIGKILL)
    notify_server.proc.wait(timeout=10)
    assert helpers_left_on_bus(bus_env, within_s=buttons.OWNER_CHECK_S + 10) == []


# ---- Done after midnight ----------------------------------------------------------------------


def test_done_pressed_after_midnight_on_the_evenings_reminder_logs_nothing(
    data_dir: Path,
) -> None:
    """Shown at 23:58, pressed at 00:01 (or after a suspend, which the monotonic clock does
    not count): the reminder was for the day before; the new day is not logged."""
    shown = AT_1800.replace(hour=23, minute=58)
    after_midnight = FakeClock(shown + timedelta(minutes=3))
    said = buttons.act("done", data_dir, shown, after_midnight)
    assert "That reminder was for 2026-11-25" in said and "nothing was logged" in said
    assert "supple done --date 2026-11-25" in said
    assert Store(data_dir).load().sessions == ()
    same_day = FakeClock(shown + timedelta(minutes=1))
    assert "Logged today (2026-11-25)" in buttons.act("done", data_dir, shown, same_day)


def test_done_after_midnight_counts_for_the_evening_with_a_later_day_start(
    data_dir: Path,
) -> None:
    store = Store(data_dir, FakeClock(AT_1800))
    store.set_setting("day-start", "04:00")
    shown = AT_1800.replace(hour=23, minute=58)
    said = buttons.act("done", data_dir, shown, FakeClock(shown + timedelta(minutes=3)))
    assert "Logged today (2026-11-25)" in said
    assert [s["date"] for s in Store(data_dir).load().sessions] == ["2026-11-25"]
