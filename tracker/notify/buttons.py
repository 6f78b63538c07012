"""The buttons of a reminder: show it with `notify-send -A`, wait for a click, and act on it.

plyer cannot send buttons nor hear which one was pressed, so for a reminder whose server has
the `actions` capability, the delivery child (`tracker.notify.delivery_child`) starts this
small process in a session of its own. It runs notify-send with the two actions, says on
stdout that the notification is shown ("shown ID", or "failed TEXT"), closes stdout so the
child can report and exit, then waits: notify-send prints the action chosen, or exits without
a word when the notification is closed or expires.

- "Done" logs today as done (kind logged), exactly as `supple done` would, unless today is
  done already or the day has changed since the reminder was shown.
- "Snooze 10 min" stores a snooze beside the reminder (`tracker.store.changes.Snooze`), so the
  daemon, the app and `remind --once` bring it back in ten minutes.

Either way a short notification says what happened (there is no terminal to tell).
It never waits longer than WAIT_LIMIT_S.

    python -c <bootstrap> ROOT '{"title": ..., "body": ..., "data_dir": ..., "show_within_s": ...}'
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from tracker.notify.delivery import (
    ACTIONS,
    APP_NAME,
    DESKTOP_ENTRY,
    EXPIRE_S,
    ICON_PATH,
    URGENCY,
    whereis,
)

WAIT_LIMIT_S = 8 * 3600  # a server that ignores expiry keeps the buttons in its tray
CONFIRM_EXPIRE_MS = 8000


def notify_send_argv(program: str, title: str, body: str) -> list[str]:
    """notify-send with supple's look and the two buttons; -p prints the id once shown."""
    argv = [
        program,
        "-p",
        "-a",
        APP_NAME,
        "-i",
        ICON_PATH,
        "-u",
        URGENCY,
        "-t",
        str(EXPIRE_S * 1000),
        "-h",
        f"string:desktop-entry:{DESKTOP_ENTRY}",
    ]
    for key, label in ACTIONS:
        argv += ["-A", f"{key}={label}"]
    # notify-send runs g_strcompress on the body: keep its backslashes.
    return [*argv, "--", title, body.replace("\\", "\\\\")]


def _read_line(fd: int, deadline: float) -> bytes | None:
    """One line from `fd` before `deadline` (monotonic); b"" at its end; None if late."""
    data = b""
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        try:
            chunk = os.read(fd, 1)
        except OSError:  # EIO: a pseudo-terminal whose other end has closed
            chunk = b""
        if not chunk:
            return data
        data += chunk
    return data


def _say(line: str) -> None:
    """The one line for the delivery child; then stdout goes away, so it can finish."""
    with contextlib.suppress(OSError):
        sys.stdout.write(line.replace("\n", " ") + "\n")
        sys.stdout.flush()
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)


def confirm(program: str, text: str) -> None:
    """A short notification that says what the button did."""
    argv = [
        program,
        "-a",
        APP_NAME,
        "-i",
        ICON_PATH,
        "-u",
        "low",
        "-t",
        str(CONFIRM_EXPIRE_MS),
        "-h",
        f"string:desktop-entry:{DESKTOP_ENTRY}",
        "--",
        "supple",
        text,
    ]
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=10)


def act(action: str, data_dir: Path, shown_at: float) -> str:
    """Do what the button says, on the store in `data_dir`; the words for the person."""
    from datetime import timedelta

    from tracker.core.clock import clock_from_env
    from tracker.core.days import day_of
    from tracker.store.changes import LogDone, Refused, Snooze
    from tracker.store.database import Store
    from tracker.store.errors import StoreError

    try:
        clock = clock_from_env()
    except ValueError:
        return "supple could not tell the time ($SUPPLE_NOW is not an ISO time)."
    store = Store(data_dir, clock)
    try:
        if action == "done":
            summary = store.summary()
            now = clock.now()
            today = day_of(now, summary.settings.day_start)
            shown = now - timedelta(seconds=time.monotonic() - shown_at)
            if day_of(shown, summary.settings.day_start) != today:
                return "That reminder was for an earlier day; nothing was logged."
            if today in summary.history.done:
                return "Today is already done; nothing more was logged."
            return LogDone().apply(store).message
        if action == "snooze":
            return Snooze().apply(store).message
    except Refused as error:
        return f"{str(error)[:1].upper()}{str(error)[1:]}."
    except StoreError as error:
        return f"supple could not change its data: {error}"
    return f"supple does not know the button {action!r}."


def main() -> int:
    request = json.loads(sys.argv[2])
    program = whereis("notify-send")
    if program is None:
        _say("failed notify-send is not installed")
        return 0
    deadline = time.monotonic() + float(request.get("show_within_s", 3.0))
    # notify-send's stdout is a pseudo-terminal: on a pipe, stdio would hold the id back
    # until it exits, that is until the notification is closed.
    reader, writer = pty.openpty()
    try:
        proc = subprocess.Popen(
            notify_send_argv(program, str(request["title"]), str(request["body"])),
            stdin=subprocess.DEVNULL,
            stdout=writer,
            stderr=subprocess.PIPE,
        )
    except OSError as error:
        _say(f"failed cannot run notify-send: {error}")
        return 0
    finally:
        os.close(writer)
    assert proc.stderr is not None
    first = _read_line(reader, deadline)
    if first is None or not first.strip().isdigit():
        proc.kill()
        _, err = proc.communicate()
        why = err.decode("utf-8", "replace").strip() or "Timeout was reached"
        _say(f"failed {why}" if first is not None else "failed Timeout was reached")
        return 0
    shown_at = time.monotonic()
    _say(f"shown {first.decode().strip()}")
    chosen = _read_line(reader, shown_at + WAIT_LIMIT_S)
    with contextlib.suppress(OSError):
        proc.kill()
    proc.wait()
    os.close(reader)
    action = (chosen or b"").decode("utf-8", "replace").strip()
    if action:
        confirm(program, act(action, Path(request["data_dir"]), shown_at))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
