"""`supple remind` end to end: a private D-Bus session bus and a real (fake) notification server.

The commands run as real subprocesses; SUPPLE_NOW pins the wall clock so "a reminder set two
minutes ago" is exact.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests.conftest import RunCli
from tests.e2e.conftest import NotifyServer

EVENING = datetime(2026, 11, 25, 18, 2, tzinfo=timezone(timedelta(hours=1)))


def test_remind_test_reaches_the_server_once(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer
) -> None:
    result = run_cli("remind", "--test", DBUS_SESSION_BUS_ADDRESS=bus_env)
    assert result.code == 0, result.err
    assert "notify-send" in result.out
    sent = notify_server.notifications()
    assert len(sent) == 1
    assert sent[0]["app_name"] == "supple"
    assert sent[0]["summary"] == "supple: test reminder"


def test_a_due_reminder_is_sent_once_and_not_again(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer
) -> None:
    env = {"DBUS_SESSION_BUS_ADDRESS": bus_env}
    assert run_cli("config", "set", "reminders", "18:00", now=EVENING).code == 0
    first = run_cli("remind", "--once", now=EVENING, **env)
    assert first.code == 0, first.err
    assert "18:00" in first.out
    second = run_cli("remind", "--once", now=EVENING + timedelta(minutes=1), **env)
    assert second.code == 0
    assert "No reminder is due" in second.out
    sent = notify_server.notifications()
    assert [n["summary"] for n in sent] == ["supple: time for your routine"]
    assert sent[0]["app_name"] == "supple"
    assert "due 18:00" in sent[0]["body"]


def test_no_reminder_once_today_is_done(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer
) -> None:
    assert run_cli("config", "set", "reminders", "18:00", now=EVENING).code == 0
    assert run_cli("done", now=EVENING).code == 0
    result = run_cli("remind", "--once", now=EVENING, DBUS_SESSION_BUS_ADDRESS=bus_env)
    assert result.code == 0
    assert notify_server.notifications() == []


def _without_notify_send(tmp_path: Path) -> dict[str, str]:
    # A PATH that still finds python but no notify-send, and no session bus at all.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    return {"PATH": str(bin_dir), "DBUS_SESSION_BUS_ADDRESS": ""}


def test_with_no_backend_test_and_once_exit_1_with_one_line(
    run_cli: RunCli, tmp_path: Path
) -> None:
    env = _without_notify_send(tmp_path)
    result = run_cli("remind", "--test", **env)
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1
    assert "libnotify-bin" in result.err or "session bus" in result.err
    assert run_cli("config", "set", "reminders", "18:00", now=EVENING).code == 0
    once = run_cli("remind", "--once", now=EVENING, **env)
    assert once.code == 1
    assert "18:00" in once.err and len(once.err.strip().splitlines()) == 1
    doctor = run_cli("doctor", now=EVENING, **env)
    assert "Last failed reminder: 2026-11-25 18:00" in doctor.out


def test_the_daemon_notifies_once_stops_on_sigterm_and_runs_once_per_folder(
    data_dir: Path, bus_env: str, notify_server: NotifyServer, run_cli: RunCli
) -> None:
    start = EVENING.replace(minute=0, second=0) - timedelta(seconds=2)  # 17:59:58
    assert run_cli("config", "set", "reminders", "18:00", now=start).code == 0
    env = dict(
        os.environ,
        SUPPLE_DATA_DIR=str(data_dir),
        SUPPLE_NOW=start.isoformat(),
        DBUS_SESSION_BUS_ADDRESS=bus_env,
    )
    daemon = subprocess.Popen(
        [sys.executable, "-m", "tracker", "remind"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 15
        while not notify_server.notifications() and time.monotonic() < deadline:
            time.sleep(0.2)
        second = subprocess.run(
            [sys.executable, "-m", "tracker", "remind"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 1
        assert "already running" in second.stderr
        time.sleep(1.5)
    finally:
        daemon.send_signal(signal.SIGTERM)
        out, err = daemon.communicate(timeout=10)
    assert daemon.returncode == 0, err
    sent = notify_server.notifications()
    assert len(sent) == 1, out
    assert sent[0]["summary"] == "supple: time for your routine"
    assert "sent via notify-send" in out


def test_install_writes_a_user_service_and_uninstall_removes_it(
    run_cli: RunCli, tmp_path: Path, data_dir: Path
) -> None:
    config = tmp_path / "config"
    installed = run_cli("remind", "--install", XDG_CONFIG_HOME=str(config))
    assert installed.code == 0, installed.err
    unit = config / "systemd" / "user" / "supple-remind.service"
    text = unit.read_text()
    assert f"-m tracker --data-dir {data_dir} remind" in text
    assert "WantedBy=default.target" in text
    assert "systemctl --user enable --now supple-remind.service" in installed.out
    removed = run_cli("remind", "--uninstall", XDG_CONFIG_HOME=str(config))
    assert removed.code == 0
    assert not unit.exists()
    assert "disable --now" in removed.out
    again = run_cli("remind", "--uninstall", XDG_CONFIG_HOME=str(config))
    assert again.code == 0 and "nothing to remove" in again.out
