"""Everyday-hinge nudges end to end: `supple remind --once` and the daemon as real
subprocesses, a private D-Bus session bus and a real (fake) notification server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests.conftest import RunCli, cli_env
from tests.e2e.conftest import NotifyServer
from tests.waiting import wait_until

MORNING = datetime(2026, 11, 25, 9, 0, 30, tzinfo=timezone(timedelta(hours=1)))


def test_a_nudge_names_the_persons_moment_once(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer
) -> None:
    env = {"DBUS_SESSION_BUS_ADDRESS": bus_env}
    assert run_cli("config", "set", "reminders", "", now=MORNING).code == 0
    assert run_cli("config", "set", "hinge-moments", "water the tomatoes", now=MORNING).code == 0
    assert run_cli("config", "set", "hinge-nudges", "09:00", now=MORNING).code == 0
    first = run_cli("remind", "--once", now=MORNING, **env)
    assert first.code == 0, first.err
    assert "Hinge nudge due 09:00 sent" in first.out
    again = run_cli("remind", "--once", now=MORNING + timedelta(minutes=2), **env)
    assert again.code == 0 and "Hinge nudge" not in again.out
    sent = notify_server.notifications()
    assert [n["summary"] for n in sent] == ["supple: your everyday hinge"]
    assert "water the tomatoes" in sent[0]["body"].lower()
    assert sent[0]["app_name"] == "supple"


def test_the_daemon_sends_the_nudge_at_its_time(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer, data_dir: Path
) -> None:
    start = MORNING - timedelta(seconds=32)  # 08:59:58 in the daemon's shifted clock
    assert run_cli("config", "set", "reminders", "", now=start).code == 0
    assert run_cli("config", "set", "hinge-moments", "lift my daughter", now=start).code == 0
    assert run_cli("config", "set", "hinge-nudges", "09:00", now=start).code == 0
    env = cli_env(data_dir, start, DBUS_SESSION_BUS_ADDRESS=bus_env)
    daemon = subprocess.Popen(
        [sys.executable, "-m", "tracker", "remind"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: len(notify_server.notifications()) == 1, "the nudge", within_s=30)
        (nudge,) = notify_server.notifications()
        assert "lift your daughter" in nudge["body"].lower()
    finally:
        os.kill(daemon.pid, signal.SIGTERM)
        out, _ = daemon.communicate(timeout=20)
    assert "hinge nudge due 09:00 sent" in out


def test_a_nudge_button_answers_the_evening_check(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer
) -> None:
    from tests.e2e.test_actions import wait_for
    from tests.e2e.test_notify import helpers_left_on_bus

    env = {"DBUS_SESSION_BUS_ADDRESS": bus_env}
    assert run_cli("config", "set", "hinge-moments", "lift a bag", now=MORNING).code == 0
    assert run_cli("config", "set", "hinge-nudges", "09:00", now=MORNING).code == 0
    assert run_cli("remind", "--once", now=MORNING, **env).code == 0
    (sent,) = notify_server.notifications()
    assert sent["actions"] == [
        "hinge-most",
        "Most times",
        "hinge-some",
        "Sometimes",
        "hinge-none",
        "Not yet",
    ]
    notify_server.press(1, "hinge-some")

    def answer() -> object:
        result = run_cli("status", "--json", now=MORNING)
        return json.loads(result.out)["hinge_today"]

    assert wait_for(answer, "the answer saved") == "some"
    confirmation = wait_for(
        lambda: [n for n in notify_server.notifications() if n["summary"] == "supple"],
        "the confirmation",
    )
    assert "Everyday hinge, today (2026-11-25): sometimes." in confirmation[0]["body"]
    assert helpers_left_on_bus(bus_env, within_s=5) == []
