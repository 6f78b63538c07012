"""`supple remind` end to end: a private D-Bus session bus and a real (fake) notification server.

The commands run as real subprocesses; SUPPLE_NOW pins the wall clock so "a reminder set two
minutes ago" is exact.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

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


def _exec_start_argv(unit_text: str) -> list[str]:
    """ExecStart read back the way systemd reads it: words (double quotes, backslash escapes),
    then `%%` -> `%` (specifiers) and `$$` -> `$` (environment variables)."""
    (line,) = [ln for ln in unit_text.splitlines() if ln.startswith("ExecStart=")]
    words = shlex.split(line.removeprefix("ExecStart="))
    return [w.replace("%%", "%").replace("$$", "$") for w in words]


def _verify_with_systemd(unit: Path) -> None:
    """systemd's own parser, where it is installed: it rejects an unknown `%` specifier."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        return
    done = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, timeout=30, check=False
    )
    assert "specifier" not in done.stderr, done.stderr
    assert "is not executable" not in done.stderr, done.stderr
    assert "Invalid" not in done.stderr, done.stderr


def _install(tmp_path: Path, cwd: Path, *args: str, **env: str) -> str:
    config = tmp_path / "config"
    environ = dict(os.environ, XDG_CONFIG_HOME=str(config), **env)
    environ.pop("SUPPLE_NOW", None)
    if "SUPPLE_DATA_DIR" not in env:
        environ.pop("SUPPLE_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *args, "remind", "--install"],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    unit = config / "systemd" / "user" / "supple-remind.service"
    _verify_with_systemd(unit)
    return unit.read_text(encoding="utf-8")


def test_install_quotes_spaces_percent_and_dollar_for_systemd(tmp_path: Path) -> None:
    folder = tmp_path / 'my data 100%z "q" \\ $HOME'
    text = _install(tmp_path, tmp_path, SUPPLE_DATA_DIR=str(folder))
    line = next(ln for ln in text.splitlines() if ln.startswith("ExecStart="))
    assert "100%%z" in line and "$$HOME" in line
    assert '\\"q\\"' in line and " \\\\ " in line
    assert _exec_start_argv(text) == [
        sys.executable,
        "-m",
        "tracker",
        "--data-dir",
        str(folder),
        "remind",
    ]


@pytest.mark.parametrize("how", ["--data-dir", "SUPPLE_DATA_DIR"])
def test_install_makes_a_relative_data_dir_absolute(tmp_path: Path, how: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    if how == "--data-dir":
        text = _install(tmp_path, work, "--data-dir", "rel dir")
    else:
        text = _install(tmp_path, work, SUPPLE_DATA_DIR="rel%dir")
    name = "rel dir" if how == "--data-dir" else "rel%dir"
    argv = _exec_start_argv(text)
    assert argv[3:5] == ["--data-dir", str(work / name)]
    assert Path(argv[4]).is_absolute()


def test_a_failed_reminder_is_retried_after_five_minutes_and_then_never_again(
    run_cli: RunCli, bus_env: str, notify_server: NotifyServer
) -> None:
    """18:05 with no bus: the send fails. 18:06 with the bus back: too soon to try again (cron
    runs every minute). 18:10: tried again and shown. Later: never repeated."""
    at_1805 = EVENING.replace(minute=5)
    assert run_cli("config", "set", "reminders", "18:00", now=at_1805).code == 0
    failed = run_cli("remind", "--once", now=at_1805, DBUS_SESSION_BUS_ADDRESS="")
    assert failed.code == 1 and "18:00" in failed.err
    fixed = {"DBUS_SESSION_BUS_ADDRESS": bus_env}
    soon = run_cli("remind", "--once", now=at_1805 + timedelta(minutes=1), **fixed)
    assert soon.code == 0, soon.err
    assert "No reminder is due now" in soon.out
    assert "tried again from 18:10" in soon.out
    assert notify_server.notifications() == []
    retried = run_cli("remind", "--once", now=at_1805 + timedelta(minutes=5), **fixed)
    assert retried.code == 0, retried.err
    assert "Reminder due 18:00 sent" in retried.out
    for minutes in (6, 11, 30):
        later = run_cli("remind", "--once", now=at_1805 + timedelta(minutes=minutes), **fixed)
        assert later.code == 0 and later.out == "No reminder is due now.\n"
    sent = notify_server.notifications()
    assert [n["summary"] for n in sent] == ["supple: time for your routine"]
    doctor = run_cli("doctor", now=at_1805 + timedelta(minutes=31), **fixed)
    assert "Last failed reminder" not in doctor.out
    assert "Last reminder:  2026-11-25 18:00" in doctor.out
