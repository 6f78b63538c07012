"""What tracker.notify.plyer_adapter expects of plyer beyond its published API, checked
against the installed plyer: an upgrade that changes any of it fails here, loudly.

plyer's backends run stand-in programs (a recording `notify-send` and `gdbus` on PATH); no
notification is sent.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest
from plyer import notification, utils
from plyer.platforms.linux.notification import NotifyDesktopPortals, NotifySendNotification

from tracker.notify.delivery import (
    DESKTOP_ENTRY,
    EXPIRE_S,
    ICON_PATH,
    URGENCY,
    backend_name,
    plyer_platform,
    whereis,
)
from tracker.notify.plyer_adapter import SubprocessRecorder, chosen_backend, gvariant_text

RECORDER = """#!/bin/sh
python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@" >> "{log}"
exit {code}
"""


@pytest.fixture
def programs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`notify-send` and `gdbus` that only record their arguments (one JSON list a line);
    `gdbus` fails, as it does with no portal."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, code in (("notify-send", 0), ("gdbus", 1)):
        script = folder / name
        script.write_text(RECORDER.format(log=tmp_path / f"{name}.log", code=code))
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


def calls(folder: Path, program: str) -> list[list[str]]:
    log = folder / f"{program}.log"
    lines = log.read_text().splitlines() if log.exists() else []
    return [json.loads(line) for line in lines]


def test_plyers_notify_send_backend_runs_through_the_recorder_with_supples_look(
    programs: Path,
) -> None:
    recorder = SubprocessRecorder(time.monotonic() + 5)
    with recorder.installed():
        NotifySendNotification().notify(title="Title", message="Body", app_name="supple")
    [argv] = calls(programs, "notify-send")
    assert argv[:2] == ["Title", "Body"]
    flags = dict(zip(argv[2::2], argv[3::2], strict=True))
    assert flags == {
        "-i": ICON_PATH,
        "-h": f"string:desktop-entry:{DESKTOP_ENTRY}",
        "-u": URGENCY,
        "-a": "supple",
        "-t": str(EXPIRE_S * 1000),
    }  # plyer's own flags, each once, with supple's values; the empty category dropped
    assert recorder.runs == [("notify-send", 0, "")]


def test_plyers_portal_backend_runs_gdbus_through_the_recorder_with_the_text_quoted(
    programs: Path,
) -> None:
    title, body = "It's time", "a \\ b"
    recorder = SubprocessRecorder(time.monotonic() + 5)
    with recorder.installed():
        NotifyDesktopPortals().notify(title=gvariant_text(title), message=gvariant_text(body))
    [argv] = calls(programs, "gdbus")
    assert argv[-1] == "{'title': <'It\\'s time'>, 'body': <'a \\\\ b'>}"
    assert [(program, code) for program, code, _ in recorder.runs] == [("gdbus", 1)]


def test_the_chosen_backend_is_read_from_plyers_proxy(
    programs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "dbus", None)  # as where dbus-python is not installed
    assert "_obj" in type(notification).__slots__
    recorder = SubprocessRecorder(time.monotonic() + 5)
    with recorder.installed():
        notification.notify(title="Title", message="Body", app_name="supple")
    chosen = object.__getattribute__(notification, "_obj")
    assert type(chosen).__name__ == "NotifySendNotification"  # no /app, no dbus-python
    assert chosen_backend(notification, None) == "notify-send" == backend_name()


def test_the_mirror_of_plyers_choice_agrees_with_plyer(programs: Path) -> None:
    assert plyer_platform() == utils.platform
    for program in ("notify-send", "gdbus", "sh", "no-such-program-here"):
        assert whereis(program) == utils.whereis_exe(program)
