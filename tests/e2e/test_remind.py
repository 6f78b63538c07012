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
from tests.waiting import wait_until

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
    assert "is due at 18:00" in sent[0]["body"]


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
        wait_until(notify_server.notifications, "the daemon's reminder")
        second = subprocess.run(
            [sys.executable, "-m", "tracker", "remind"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        # Not a failure (reminders are watched): exit 0, so systemd does not restart it.
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stdout and "this one stops" in second.stdout
        # Nothing to wait for, only time: were the claim lost, the daemon would check again
        # within 0.5 s (its shortest sleep) and send again; three chances to.
        time.sleep(1.5)
    finally:
        daemon.send_signal(signal.SIGTERM)
        out, err = daemon.communicate(timeout=10)
    assert daemon.returncode == 0, err
    sent = notify_server.notifications()
    assert len(sent) == 1, out
    assert sent[0]["summary"] == "supple: time for your routine"
    assert "sent via notify-send" in out


@pytest.fixture
def systemd_here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine with systemd, as `remind --install` sees it: a systemctl on PATH and the
    runtime folder of a system booted with systemd (the CLI runs in this process)."""
    from tracker.notify import service

    bin_dir = tmp_path / "systemd-bin"
    bin_dir.mkdir()
    systemctl = bin_dir / "systemctl"
    systemctl.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    systemctl.chmod(0o755)
    runtime = tmp_path / "run-systemd-system"
    runtime.mkdir()
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setattr(service, "SYSTEMD_RUNTIME", runtime)


def run_here(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str, **env: str
) -> tuple[int, str, str]:
    """`supple ARGS` in this process (so that `systemd_here` applies): code, stdout, stderr."""
    from tracker.cli.main import main

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SUPPLE_NOW", raising=False)
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.usefixtures("systemd_here")
def test_install_writes_a_user_service_and_uninstall_removes_it(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    data_dir: Path,
) -> None:
    config = tmp_path / "config"
    env = {"XDG_CONFIG_HOME": str(config), "SUPPLE_DATA_DIR": str(data_dir)}
    code, out, err = run_here(capsys, monkeypatch, "remind", "--install", **env)
    assert code == 0, err
    unit = config / "systemd" / "user" / "supple-remind.service"
    text = unit.read_text()
    assert f"-m tracker --data-dir {data_dir} remind" in text
    assert "systemctl --user enable --now supple-remind.service" in out
    _verify_with_systemd(unit)
    code, out, _ = run_here(capsys, monkeypatch, "remind", "--uninstall", **env)
    assert code == 0
    assert not unit.exists()
    assert "disable --now" in out
    code, out, _ = run_here(capsys, monkeypatch, "remind", "--uninstall", **env)
    assert code == 0 and "nothing to remove" in out


@pytest.mark.usefixtures("systemd_here")
def test_the_unit_follows_the_graphical_session_and_points_to_its_manual(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = _install(capsys, monkeypatch, tmp_path, tmp_path, SUPPLE_DATA_DIR=str(tmp_path / "d"))
    sections: dict[str, dict[str, str]] = {}
    current = ""
    for line in text.splitlines():
        if line.startswith("["):
            current = line.strip("[]")
            sections[current] = {}
        elif "=" in line:
            key, _, value = line.partition("=")
            sections[current][key] = value
    assert sections["Unit"]["PartOf"] == "graphical-session.target"
    assert sections["Unit"]["After"] == "graphical-session.target"
    assert sections["Unit"]["Documentation"] == "man:supple(1)"
    assert sections["Install"]["WantedBy"] == "graphical-session.target"
    assert sections["Service"]["Restart"] == "on-failure"


def test_install_without_systemd_refuses_with_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    config = tmp_path / "config"
    env = _without_notify_send(tmp_path)  # a PATH with python only: no systemctl
    result = run_cli("remind", "--install", XDG_CONFIG_HOME=str(config), **env)
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert line.startswith("supple: there is no systemd here")
    assert "supple remind --install --cron" in line
    assert not config.exists()


def test_install_cron_prints_the_exact_line_with_absolute_paths(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = tmp_path / "my data 100%"
    result = run_cli(
        "remind", "--install", "--cron", SUPPLE_DATA_DIR=str(folder), XDG_RUNTIME_DIR="/run/user/7"
    )
    assert result.code == 0, result.err
    (line,) = result.out.splitlines()
    assert line.startswith("*/5 * * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/7/bus ")
    assert "crontab" in result.err
    # cron hands the command (after the five time fields) to /bin/sh, with % unescaped first.
    command = line.split(" ", 5)[5].replace("\\%", "%")
    words = shlex.split(command)
    assert words[1:] == [
        sys.executable,
        "-m",
        "tracker",
        "--data-dir",
        str(folder),
        "remind",
        "--once",
    ]
    assert Path(words[1]).is_absolute()
    # The line runs under cron's bare environment: no PATH but /usr/bin:/bin, no HOME tricks.
    sh = subprocess.run(
        ["/bin/sh", "-c", command.replace(" remind --once", " status --json")],
        env={"PATH": "/usr/bin:/bin", "SUPPLE_NOW": EVENING.isoformat()},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert sh.returncode == 0, sh.stderr
    assert '"today_done": false' in sh.stdout


def test_cron_without_install_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("remind", "--cron")
    assert result.code == 2
    assert "--cron goes with --install" in result.err


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


def _install(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    cwd: Path,
    *args: str,
    **env: str,
) -> str:
    config = tmp_path / "config"
    monkeypatch.chdir(cwd)
    if "SUPPLE_DATA_DIR" not in env:
        monkeypatch.delenv("SUPPLE_DATA_DIR", raising=False)
    code, _, err = run_here(
        capsys, monkeypatch, *args, "remind", "--install", XDG_CONFIG_HOME=str(config), **env
    )
    assert code == 0, err
    unit = config / "systemd" / "user" / "supple-remind.service"
    _verify_with_systemd(unit)
    return unit.read_text(encoding="utf-8")


@pytest.mark.usefixtures("systemd_here")
def test_install_quotes_spaces_percent_and_dollar_for_systemd(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / 'my data 100%z "q" \\ $HOME'
    text = _install(capsys, monkeypatch, tmp_path, tmp_path, SUPPLE_DATA_DIR=str(folder))
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


@pytest.mark.usefixtures("systemd_here")
@pytest.mark.parametrize("how", ["--data-dir", "SUPPLE_DATA_DIR"])
def test_install_makes_a_relative_data_dir_absolute(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, how: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    if how == "--data-dir":
        text = _install(capsys, monkeypatch, tmp_path, work, "--data-dir", "rel dir")
    else:
        text = _install(capsys, monkeypatch, tmp_path, work, SUPPLE_DATA_DIR="rel%dir")
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
