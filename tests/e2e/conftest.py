"""End-to-end fixtures for desktop notifications: a private D-Bus session bus and a fake server.

Needs the system packages dbus-daemon, dbus-bin and libnotify-bin
(`sudo apt install dbus-daemon dbus-bin libnotify-bin`). When they are missing the tests fail
and say so; they are never skipped.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import need_program

HERE = Path(__file__).resolve().parent
BUS_CONF = HERE / "test-bus.conf"
SERVER = HERE.parent / "notify_server.py"
APT_HINT = "install them: sudo apt install dbus-daemon dbus-bin libnotify-bin"


def require_program(name: str) -> str:
    return need_program(name, f"the notification e2e tests need it; {APT_HINT}")


@pytest.fixture
def notify_send() -> str:
    """Path of notify-send (plyer's backend without dbus-python); fails the test if missing."""
    return require_program("notify-send")


@pytest.fixture
def start_private_bus() -> Iterator[Callable[[], str]]:
    """Factory: start_private_bus() -> the address of a new private session bus (no service
    activation, see test-bus.conf). Every bus started is killed after the test."""
    pids: list[int] = []

    def start() -> str:
        daemon = require_program("dbus-daemon")
        done = subprocess.run(
            [daemon, f"--config-file={BUS_CONF}", "--fork", "--print-address=1", "--print-pid=1"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        lines = done.stdout.split()
        if done.returncode != 0 or len(lines) < 2:
            pytest.fail(
                f"dbus-daemon did not start (exit {done.returncode}): {done.stderr.strip()}"
            )
        pids.append(int(lines[1]))
        return lines[0]

    try:
        yield start
    finally:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass


@pytest.fixture
def private_bus(start_private_bus: Callable[[], str]) -> str:
    """The address of a private session bus for this test."""
    return start_private_bus()


@pytest.fixture
def bus_env(monkeypatch: pytest.MonkeyPatch, private_bus: str) -> str:
    """Point this process's environment (inherited by deliver()'s child) at the private bus."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", private_bus)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return private_bus


class NotifyServer:
    """A running tests/notify_server.py."""

    def __init__(self, proc: subprocess.Popen[bytes], log: Path, bus: str) -> None:
        self.proc = proc
        self.log = log
        self.bus = bus

    @property
    def pid(self) -> int:
        return self.proc.pid

    def calls(self) -> list[dict[str, Any]]:
        """Every logged call, in order: {"method", "id", "args": {...}}."""
        if not self.log.exists():
            return []
        text = self.log.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def notifications(self) -> list[dict[str, Any]]:
        """The `args` of every Notify call."""
        return [c["args"] for c in self.calls() if c["method"] == "Notify"]

    def press(self, notification_id: int, action_key: str) -> None:
        """A person presses a button: the server emits ActionInvoked (then closes it)."""
        self.call("org.supple.Test.Invoke", f"uint32:{notification_id}", f"string:{action_key}")

    def close(self, notification_id: int) -> None:
        """The notification goes away without a button (NotificationClosed)."""
        self.call("org.freedesktop.Notifications.CloseNotification", f"uint32:{notification_id}")

    def call(self, method: str, *args: str) -> None:
        done = subprocess.run(
            [
                require_program("dbus-send"),
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.Notifications",
                "/org/freedesktop/Notifications",
                method,
                *args,
            ],
            env=dict(os.environ, DBUS_SESSION_BUS_ADDRESS=self.bus),
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        assert done.returncode == 0, done.stderr

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)  # in case a test stopped it
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


@pytest.fixture
def start_notify_server(private_bus: str, tmp_path: Path) -> Iterator[Callable[..., NotifyServer]]:
    """Factory: start_notify_server(hang=False, bus=None, actions=True, delay=0) -> a fake
    server on `bus` (default: the private bus), answering Notify `delay` seconds late; every
    server started is stopped after the test."""
    servers: list[NotifyServer] = []

    def start(
        hang: bool = False, bus: str | None = None, actions: bool = True, delay: float = 0.0
    ) -> NotifyServer:
        n = len(servers)
        log = tmp_path / f"notify-calls-{n}.jsonl"
        ready = tmp_path / f"notify-ready-{n}"
        stderr = tmp_path / f"notify-server-{n}.err"
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=bus or private_bus)
        args = [sys.executable, str(SERVER), "--log", str(log), "--ready-file", str(ready)]
        if hang:
            args.append("--hang")
        if not actions:
            args.append("--no-actions")
        if delay:
            args += ["--delay", str(delay)]
        with open(stderr, "wb") as err:
            proc = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stderr=err)
        server = NotifyServer(proc, log, bus or private_bus)
        servers.append(server)
        deadline = time.monotonic() + 10
        while not ready.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                server.stop()
                pytest.fail(
                    "fake notification server did not start: "
                    + stderr.read_text(encoding="utf-8", errors="replace").strip()
                )
            time.sleep(0.01)
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def notify_server(start_notify_server: Callable[..., NotifyServer]) -> NotifyServer:
    """A fake org.freedesktop.Notifications server on the private bus."""
    return start_notify_server()
