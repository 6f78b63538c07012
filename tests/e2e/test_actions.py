"""A reminder's buttons on the private bus: "Done" and "Snooze 10 min" where the server has
actions, pressed through the fake server (it emits ActionInvoked, as a real one does), with
`supple remind --once` and the daemon running for real."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.conftest import RunCli
from tests.e2e.conftest import NotifyServer
from tests.e2e.test_notify import helpers_left_on_bus
from tests.e2e.test_remind import EVENING
from tracker.notify.delivery import ICON_PATH

BUTTONS = ["done", "Done", "snooze", "Snooze 10 min"]


def wait_for(check: Callable[[], Any], what: str, within_s: float = 15.0) -> Any:
    deadline = time.monotonic() + within_s
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"not within {within_s} s: {what}"
        time.sleep(0.1)


def remind_once(run_cli: RunCli, bus: str) -> None:
    assert run_cli("config", "set", "reminders", "18:00", now=EVENING).code == 0
    sent = run_cli("remind", "--once", now=EVENING, DBUS_SESSION_BUS_ADDRESS=bus)
    assert sent.code == 0, sent.err
    assert "Reminder due 18:00 sent via notify-send" in sent.out


def status(run_cli: RunCli, **env: str) -> dict[str, Any]:
    result = run_cli("status", "--json", now=EVENING, **env)
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def test_the_reminder_has_the_icon_and_both_buttons(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer
) -> None:
    remind_once(run_cli, bus_env)
    (sent,) = notify_server.notifications()
    assert sent["summary"] == "supple: time for your routine"
    assert sent["actions"] == BUTTONS
    assert sent["app_icon"] == ICON_PATH and Path(ICON_PATH).is_file()
    assert sent["hints"]["urgency"] == ["y", 1]
    assert sent["hints"]["desktop-entry"] == ["s", "supple"]
    assert sent["expire_timeout"] == 30_000


def test_pressing_done_logs_today(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer, data_dir: Path
) -> None:
    remind_once(run_cli, bus_env)
    assert status(run_cli)["today_done"] is False
    notify_server.press(1, "done")
    wait_for(lambda: status(run_cli)["today_done"], "today logged as done")
    sessions = json.loads(run_cli("export", now=EVENING).out)["sessions"]
    assert [(s["date"], s["kind"], s["status"]) for s in sessions] == [
        ("2026-11-25", "logged", "complete")
    ]
    # A short notification says what the button did; then nothing is left running.
    confirmation = wait_for(
        lambda: [n for n in notify_server.notifications() if n["summary"] == "supple"],
        "the confirmation",
    )
    assert "Logged today (2026-11-25) as done." in confirmation[0]["body"]
    assert confirmation[0]["actions"] == []
    assert helpers_left_on_bus(bus_env, within_s=5) == []


def test_pressing_snooze_brings_the_reminder_back_in_ten_minutes(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer
) -> None:
    remind_once(run_cli, bus_env)
    notify_server.press(1, "snooze")
    wait_for(
        lambda: status(run_cli)["next_reminder"] == "2026-11-25T18:12:00+01:00",
        "the snooze as the next reminder",
    )
    assert status(run_cli)["today_done"] is False
    confirmation = wait_for(
        lambda: [n for n in notify_server.notifications() if n["summary"] == "supple"],
        "the confirmation",
    )
    assert "Snoozed until 18:12 (1 of 3)." in confirmation[0]["body"]
    env = {"DBUS_SESSION_BUS_ADDRESS": bus_env}
    early = run_cli("remind", "--once", now=EVENING + timedelta(minutes=9), **env)
    assert early.out == "No reminder is due now.\n"
    again = run_cli("remind", "--once", now=EVENING + timedelta(minutes=10), **env)
    assert again.code == 0 and "Reminder due 18:00 sent" in again.out
    reminders = [n for n in notify_server.notifications() if n["summary"] != "supple"]
    assert len(reminders) == 2 and reminders[1]["actions"] == BUTTONS


def test_done_on_a_day_already_done_logs_nothing_more(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer
) -> None:
    remind_once(run_cli, bus_env)
    assert run_cli("done", now=EVENING).code == 0  # done meanwhile, from a shell
    notify_server.press(1, "done")
    confirmation = wait_for(
        lambda: [n for n in notify_server.notifications() if n["summary"] == "supple"],
        "the confirmation",
    )
    assert "already done" in confirmation[0]["body"]
    assert status(run_cli)["total_sessions"] == 1


def test_without_the_actions_capability_there_are_no_buttons(
    run_cli: RunCli, bus_env: str, start_notify_server: Callable[..., NotifyServer]
) -> None:
    server = start_notify_server(actions=False)
    remind_once(run_cli, bus_env)
    (sent,) = server.notifications()
    assert sent["actions"] == []
    assert sent["app_icon"] == ICON_PATH  # the same look through plyer's notify-send
    assert sent["hints"]["desktop-entry"] == ["s", "supple"]
    assert sent["expire_timeout"] == 30_000
    assert helpers_left_on_bus(bus_env) == []


def test_closing_the_reminder_without_a_button_changes_nothing(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer
) -> None:
    remind_once(run_cli, bus_env)
    notify_server.close(1)
    assert helpers_left_on_bus(bus_env, within_s=5) == []
    assert status(run_cli)["today_done"] is False
    assert [n["summary"] for n in notify_server.notifications()] == [
        "supple: time for your routine"
    ]
