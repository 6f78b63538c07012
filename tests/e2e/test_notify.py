"""tracker.notify.delivery end to end: a real notify-send (or dbus-python) talking to a fake
server on a private D-Bus session bus. deliver() runs plyer in a child process that inherits
os.environ."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.notify import delivery as notify
from tracker.notify.delivery import (
    Delivery,
    backend_name,
    deliver,
    sanitize,
    session_bus_problem,
)

from .conftest import NotifyServer

WJ = "\u2060"
# plyer prefers dbus-python when it is importable; supple's venv does not install it.
EXPECTED_BACKEND = "dbus" if importlib.util.find_spec("dbus") is not None else "notify-send"


def assert_silent(capfd: pytest.CaptureFixture[str]) -> None:
    out, err = capfd.readouterr()
    assert err == "", f"deliver() wrote to stderr: {err!r}"
    assert out == "", f"deliver() wrote to stdout: {out!r}"


def helpers_on_bus(address: str) -> list[str]:
    """notify-send / helper processes still running with this bus address (must be none)."""
    found = []
    needle = f"DBUS_SESSION_BUS_ADDRESS={address}".encode()
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                env = f.read().split(b"\0")
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        helper = (b"notify-send", b"tracker.notify.delivery", b"tracker.notify.buttons")
        if needle in env and any(name in cmd for name in helper):
            found.append(cmd.replace(b"\0", b" ").decode(errors="replace"))
    return found


def helpers_left_on_bus(address: str, within_s: float = 2.0) -> list[str]:
    """Like helpers_on_bus, but give killed processes up to `within_s` to go away.

    A SIGKILLed process does not vanish at once: right after killpg() it can still be on its
    way out (the kernel has not torn it down yet), so one look can see it. Only a process that
    is still there after the wait is a real leftover.
    """
    deadline = time.monotonic() + within_s
    while True:
        found = helpers_on_bus(address)
        if not found or time.monotonic() >= deadline:
            return found
        time.sleep(0.05)


# --------------------------------------------------------------------------- delivered


def test_delivers_exactly_once(
    bus_env: str, notify_send: str, notify_server: NotifyServer, capfd: pytest.CaptureFixture[str]
) -> None:
    result = deliver("supple: test", "body")
    assert result == Delivery(ok=True, backend=EXPECTED_BACKEND, error=None, fix=None)
    sent = notify_server.notifications()
    assert len(sent) == 1
    assert sent[0]["app_name"] == "supple"
    assert sent[0]["summary"] == "supple: test"
    assert sent[0]["body"] == "body"
    assert_silent(capfd)


def test_every_notification_has_the_icon_urgency_expiry_and_desktop_entry(
    bus_env: str, notify_send: str, notify_server: NotifyServer, capfd: pytest.CaptureFixture[str]
) -> None:
    assert deliver("supple: test", "body").ok
    (sent,) = notify_server.notifications()
    assert sent["app_icon"] == notify.ICON_PATH
    assert Path(sent["app_icon"]).read_text(encoding="utf-8").lstrip().startswith("<svg")
    assert sent["hints"]["urgency"] == ["y", 1]  # normal, as a byte
    assert sent["hints"]["desktop-entry"] == ["s", "supple"]
    assert sent["expire_timeout"] == 30_000
    assert sent["actions"] == []  # buttons only for a reminder, never for a test
    assert_silent(capfd)


def test_title_starting_with_dash_is_delivered(
    bus_env: str, notify_send: str, notify_server: NotifyServer, capfd: pytest.CaptureFixture[str]
) -> None:
    result = deliver("-5 min break", "-stretch now")
    assert result.ok, result
    (sent,) = notify_server.notifications()
    assert sent["summary"] == WJ + "-5 min break"
    assert sent["body"] == WJ + "-stretch now"
    assert_silent(capfd)


def test_empty_title_becomes_reminder(
    bus_env: str, notify_send: str, notify_server: NotifyServer, capfd: pytest.CaptureFixture[str]
) -> None:
    assert deliver("", "due 18:00").ok
    (sent,) = notify_server.notifications()
    assert sent["summary"] == "Reminder"
    assert sent["body"] == "due 18:00"
    assert_silent(capfd)


def test_unicode_and_quotes_arrive_verbatim(
    bus_env: str, notify_send: str, notify_server: NotifyServer, capfd: pytest.CaptureFixture[str]
) -> None:
    title = "Hüftbeuger – it's time ✓"
    body = 'good mornings: 3×10, "hold" 3 s; $HOME `x` \\n'
    assert deliver(title, body).ok
    (sent,) = notify_server.notifications()
    assert (sent["summary"], sent["body"]) == (title, body)
    assert_silent(capfd)


def test_follows_a_changed_bus_address(
    monkeypatch: pytest.MonkeyPatch,
    notify_send: str,
    start_private_bus: Callable[[], str],
    start_notify_server: Callable[..., NotifyServer],
    capfd: pytest.CaptureFixture[str],
) -> None:
    """No per-process cache: a new bus (e.g. after a session restart) is picked up at once."""
    first_bus, second_bus = start_private_bus(), start_private_bus()
    first = start_notify_server(bus=first_bus)
    second = start_notify_server(bus=second_bus)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", first_bus)
    assert deliver("one", "x").ok
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", second_bus)
    assert deliver("two", "x").ok
    assert [n["summary"] for n in first.notifications()] == ["one"]
    assert [n["summary"] for n in second.notifications()] == ["two"]
    assert_silent(capfd)


def test_server_records_close_and_ids(bus_env: str, notify_server: NotifyServer) -> None:
    """The fake server itself: ids increase, CloseNotification is logged."""
    import subprocess

    def gdbus_or_dbus_send(*args: str) -> str:
        cmd = [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.Notifications",
            "/org/freedesktop/Notifications",
            *args,
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=10, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    notify.deliver("a", "b")
    notify.deliver("c", "d")
    info = gdbus_or_dbus_send("org.freedesktop.Notifications.GetServerInformation")
    assert "supple-test" in info
    intro = gdbus_or_dbus_send("org.freedesktop.DBus.Introspectable.Introspect")
    assert "CloseNotification" in intro
    gdbus_or_dbus_send("org.freedesktop.Notifications.CloseNotification", "uint32:2")
    calls = notify_server.calls()
    assert [(c["method"], c["id"]) for c in calls] == [
        ("Notify", 1),
        ("Notify", 2),
        ("CloseNotification", 2),
    ]


# --------------------------------------------------------------------------- not delivered


def test_private_bus_without_server(
    bus_env: str, notify_send: str, capfd: pytest.CaptureFixture[str]
) -> None:
    result = deliver("supple: test", "body")
    assert not result.ok
    assert result.backend == EXPECTED_BACKEND
    assert result.error and "no notification server" in result.error
    assert result.fix and "\n" not in result.fix
    assert_silent(capfd)


def test_no_bus_and_no_notify_send(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    if importlib.util.find_spec("dbus") is not None:
        pytest.fail("this test expects a venv without dbus-python (supple does not install it)")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no notify-send
    assert backend_name() is None
    result = deliver("supple: test", "body")
    assert result.ok is False
    assert result.backend is None
    assert result.error
    assert result.fix and "libnotify-bin" in result.fix
    assert_silent(capfd)  # plyer's UserWarnings stay in the child


def test_no_session_bus(
    monkeypatch: pytest.MonkeyPatch, notify_send: str, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    result = deliver("supple: test", "body")
    assert not result.ok
    assert result.backend == EXPECTED_BACKEND
    assert result.error and "DBUS_SESSION_BUS_ADDRESS is not set" in result.error
    assert result.fix and "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/" in result.fix
    assert_silent(capfd)


def test_stale_bus_address(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    notify_send: str,
    capfd: pytest.CaptureFixture[str],
) -> None:
    gone = tmp_path / "bus-gone"
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={gone},guid=0123")
    result = deliver("supple: test", "body")
    assert not result.ok
    assert result.error and str(gone) in result.error
    assert result.fix
    assert_silent(capfd)


@pytest.mark.parametrize("timeout_s", [1.0, 0.1])
def test_hung_server_returns_in_time(
    timeout_s: float,
    bus_env: str,
    notify_send: str,
    start_notify_server: Callable[..., NotifyServer],
    capfd: pytest.CaptureFixture[str],
) -> None:
    """A server that owns the name but never answers (notify-send alone would wait 75 s).
    0.1 s is shorter than the child needs to start, so the parent's hard kill is used."""
    start_notify_server(hang=True)
    t0 = time.monotonic()
    result = deliver("supple: test", "body", timeout_s=timeout_s)
    elapsed = time.monotonic() - t0
    assert elapsed < timeout_s + 1.0, elapsed
    assert not result.ok
    assert result.error and "did not answer" in result.error
    assert result.fix
    assert helpers_left_on_bus(bus_env) == []  # notify-send was killed with the child
    assert_silent(capfd)


def test_stopped_server_returns_in_time(
    bus_env: str, notify_send: str, notify_server: NotifyServer, capfd: pytest.CaptureFixture[str]
) -> None:
    os.kill(notify_server.pid, signal.SIGSTOP)
    try:
        t0 = time.monotonic()
        result = deliver("supple: test", "body", timeout_s=1.0)
        elapsed = time.monotonic() - t0
    finally:
        os.kill(notify_server.pid, signal.SIGCONT)
    assert elapsed < 2.0, elapsed
    assert not result.ok
    assert result.error and "did not answer" in result.error
    assert helpers_left_on_bus(bus_env) == []
    assert_silent(capfd)


def test_never_raises_when_the_helper_cannot_start(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    result = deliver("supple: test", "body")
    assert not result.ok
    assert result.error and "\n" not in result.error
    assert result.fix
    assert_silent(capfd)


FAKE_DBUS = """
import json, os


class Byte(int):
    pass


class String(str):
    pass


class Interface:
    def __init__(self, obj, name):
        pass

    def Notify(self, *args):
        mode = os.environ["FAKE_DBUS_MODE"]
        if mode == "fail":
            raise RuntimeError(
                "org.freedesktop.DBus.Error.ServiceUnknown: The name "
                "org.freedesktop.Notifications was not provided by any .service files"
            )
        hints = {k: [type(v).__name__, v] for k, v in args[6].items()}
        with open(mode, "w") as f:
            json.dump({"args": list(args[:6]), "hints": hints, "timeout": args[7]}, f)
        return 1


class SessionBus:
    def get_object(self, name, path):
        return None
"""


@pytest.mark.parametrize("mode", ["fail", "record"])
def test_dbus_python_path_with_a_stand_in_module(
    mode: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    bus_env: str,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """plyer's dbus-python backend (not installed here), driven through a stand-in `dbus`
    module on the child's PYTHONPATH: exceptions become a Delivery, hints carry a Byte."""
    (tmp_path / "dbus").mkdir()
    (tmp_path / "dbus" / "__init__.py").write_text(FAKE_DBUS, encoding="utf-8")
    record = tmp_path / "notify.json"
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("FAKE_DBUS_MODE", "fail" if mode == "fail" else str(record))
    result = deliver("-stretch", "body")
    if mode == "fail":
        assert not result.ok
        assert result.backend == "dbus"
        assert result.error and "no notification server" in result.error
    else:
        assert result == Delivery(ok=True, backend="dbus")
        sent = json.loads(record.read_text(encoding="utf-8"))
        assert sent["args"] == ["supple", 0, notify.ICON_PATH, WJ + "-stretch", "body", []]
        assert sent["hints"] == {"urgency": ["Byte", 1], "desktop-entry": ["String", "supple"]}
        assert sent["timeout"] == 30_000
    assert_silent(capfd)


# --------------------------------------------------------------------------- small parts


def test_backend_name_does_not_send(
    bus_env: str, notify_send: str, notify_server: NotifyServer
) -> None:
    assert backend_name() == EXPECTED_BACKEND
    assert notify_server.calls() == []


def test_sanitize() -> None:
    assert sanitize("", "b") == ("Reminder", "b")
    assert sanitize("   ", "") == ("Reminder", "")
    assert sanitize("-x", "-y") == (WJ + "-x", WJ + "-y")
    assert sanitize("a\x00b", "c") == ("ab", "c")
    assert sanitize("\ud800x", "ok") == ("?x", "ok")
    assert sanitize("stretch", "due 18:00") == ("stretch", "due 18:00")


def test_session_bus_problem_parses_addresses(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sock = tmp_path / "a b"
    sock.touch()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/a%20b,guid=1")
    assert session_bus_problem() is None
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:abstract=/tmp/dbus-x,guid=1")
    assert session_bus_problem() is None
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no;unix:path={sock}")
    assert session_bus_problem() is None
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no")
    problem = session_bus_problem()
    assert problem is not None and "does not exist" in problem[0]
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert session_bus_problem() is not None
    (tmp_path / "bus").touch()
    assert session_bus_problem() is None
