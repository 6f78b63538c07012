"""The screen kept awake during a session: a fake org.freedesktop.ScreenSaver on a private bus
sees Inhibit when a session holds it, UnInhibit when it lets go, and the inhibit go away with
a process that dies while holding it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tracker.notify.keep_awake import DBUS, REASON, KeepAwake, choose_way

SERVER = Path(__file__).resolve().parents[1] / "screensaver_server.py"
ROOT = Path(__file__).resolve().parents[2]


class ScreenSaver:
    def __init__(self, proc: subprocess.Popen[bytes], log: Path) -> None:
        self.proc, self.log = proc, log

    def calls(self) -> list[dict[str, Any]]:
        text = self.log.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def wait_for(self, count: int, deadline_s: float = 10.0) -> list[dict[str, Any]]:
        """The calls, once there are at least `count` of them."""
        deadline = time.monotonic() + deadline_s
        while len(calls := self.calls()) < count:
            assert time.monotonic() < deadline, f"only {calls} after {deadline_s} s"
            time.sleep(0.01)
        return calls


@pytest.fixture
def screensaver(private_bus: str, tmp_path: Path) -> Iterator[ScreenSaver]:
    log, ready = tmp_path / "screensaver.jsonl", tmp_path / "screensaver-ready"
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=private_bus)
    proc = subprocess.Popen(
        [sys.executable, str(SERVER), "--log", str(log), "--ready-file", str(ready)],
        env=env,
        stdin=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not ready.exists():
        assert proc.poll() is None and time.monotonic() < deadline, "fake screensaver died"
        time.sleep(0.01)
    try:
        yield ScreenSaver(proc, log)
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def bus_env(bus: str) -> dict[str, str]:
    return {"DBUS_SESSION_BUS_ADDRESS": bus, "PATH": os.environ.get("PATH", "")}


def test_the_desktop_screensaver_is_the_first_choice(
    private_bus: str, screensaver: ScreenSaver
) -> None:
    way, words = choose_way(bus_env(private_bus), which=lambda name: None)
    assert way == DBUS
    assert "org.freedesktop.ScreenSaver" in words


def test_without_any_way_doctor_gets_a_line_that_says_what_to_do(private_bus: str) -> None:
    way, words = choose_way(bus_env(private_bus), which=lambda name: None)  # no service there
    assert way is None
    assert words.startswith("no way found") and "blank" in words


def test_hold_inhibits_and_release_uninhibits_with_the_same_cookie(
    private_bus: str, screensaver: ScreenSaver
) -> None:
    awake = KeepAwake(bus_env(private_bus))
    awake.hold()
    first = screensaver.wait_for(1)[0]
    assert first["method"] == "Inhibit" and first["args"] == ["supple", REASON]
    assert awake.held.wait(5)
    awake.hold()  # already held: no second inhibit
    awake.release()
    calls = screensaver.wait_for(2)
    assert calls[1] == {"method": "UnInhibit", "cookie": first["cookie"], "sender": first["sender"]}
    awake.hold()  # a resumed session holds again
    awake.close()  # the end of a session lets go
    calls = screensaver.wait_for(4)
    assert [c["method"] for c in calls] == ["Inhibit", "UnInhibit", "Inhibit", "UnInhibit"]
    assert calls[3]["cookie"] == calls[2]["cookie"] != first["cookie"]
    assert not awake.held.is_set() and awake.failure is None


HOLDER = """
import sys, time
from tracker.notify.keep_awake import KeepAwake
awake = KeepAwake()
awake.hold()
assert awake.held.wait(10), awake.failure
print("held", flush=True)
time.sleep(60)
"""


def test_an_inhibit_dies_with_the_process_that_held_it(
    private_bus: str, screensaver: ScreenSaver
) -> None:
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=private_bus)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER], cwd=ROOT, env=env, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        inhibit = screensaver.wait_for(1)[0]
        holder.send_signal(signal.SIGKILL)  # a crash: no UnInhibit is ever sent
        holder.wait(timeout=5)
        gone = screensaver.wait_for(2)[1]
        assert gone == {"method": "Gone", "sender": inhibit["sender"], "cookie": inhibit["cookie"]}
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_a_refusing_bus_never_raises_into_the_session(
    private_bus: str, screensaver: ScreenSaver
) -> None:
    awake = KeepAwake({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"})
    awake.hold()
    awake.release()
    awake.close()
    assert not awake.held.is_set()
