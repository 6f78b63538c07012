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
It never waits longer than WAIT_LIMIT_S, and it stops as soon as the notification server
it showed the reminder on is gone (looked at every OWNER_CHECK_S): notify-send itself would
wait for ever for a click from a server that died.

A server that has not answered within the time the delivery child waits gets "failed" (so
the child can report), but for a reminder this process goes on listening for
LATE_ANSWER_S: a busy server shows the notification at once and answers late, and then the
reminder's record is marked delivered (it was shown), so the retry five minutes later does
not show it a second time.

    python -c <bootstrap> ROOT '{"title": ..., "body": ..., "data_dir": ..., "show_within_s": ...}'
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from tracker.notify.delivery import (
    ACTIONS,
    APP_NAME,
    DESKTOP_ENTRY,
    EXPIRE_S,
    HINGE_ACTIONS,
    ICON_PATH,
    NO_ANSWER,
    URGENCY,
    ask_bus,
    whereis,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tracker.core.clock import Clock

WAIT_LIMIT_S = 8 * 3600  # a server that ignores expiry keeps the buttons in its tray
CONFIRM_EXPIRE_MS = 8000
OWNER_CHECK_S = 5.0
LATE_ANSWER_S = 4 * 60.0  # before the retry, five minutes after the attempt
NOTIFICATIONS = "org.freedesktop.Notifications"
_OWNER_QUERIES = (
    [
        "gdbus",
        "call",
        "--session",
        "--dest",
        "org.freedesktop.DBus",
        "--object-path",
        "/org/freedesktop/DBus",
        "--method",
        "org.freedesktop.DBus.GetNameOwner",
        NOTIFICATIONS,
    ],
    [
        "dbus-send",
        "--session",
        "--print-reply",
        "--dest=org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus.GetNameOwner",
        f"string:{NOTIFICATIONS}",
    ],
)


def notify_send_argv(
    program: str, title: str, body: str, actions: tuple[tuple[str, str], ...] = ACTIONS
) -> list[str]:
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
    for key, label in actions:
        argv += ["-A", f"{key}={label}"]
    # notify-send runs g_strcompress on the body: keep its backslashes.
    return [*argv, "--", title, body.replace("\\", "\\\\")]


class _Lines:
    """Lines from a descriptor, read with a time limit; what came before the limit is kept
    for the next call."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.data = b""

    def read(self, deadline: float) -> bytes | None:
        """One line before `deadline` (monotonic); what is left at its end; None if late."""
        while not self.data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return None
            try:
                chunk = os.read(self.fd, 1)
            except OSError:  # EIO: a pseudo-terminal whose other end has closed
                chunk = b""
            if not chunk:
                break
            self.data += chunk
        line, self.data = self.data, b""
        return line


def server_owner() -> str | None:
    """Who owns the notification server's name on the session bus now (a unique name such
    as ":1.42"); None when nobody does, there is no bus, or it cannot be asked."""
    done = ask_bus(_OWNER_QUERIES, timeout=10)
    if done is None:
        return None
    found = re.search(r":[0-9]+\.[0-9]+", done.stdout.decode("utf-8", "replace"))
    return found.group() if done.returncode == 0 and found else None


def _wait_for_click(lines: _Lines, proc: subprocess.Popen[bytes], shown_at: float) -> bytes:
    """The button notify-send reports, or b"" once the notification is closed, the server
    that shows it is gone, or WAIT_LIMIT_S has passed."""
    owner = server_owner()
    limit = shown_at + WAIT_LIMIT_S
    while True:
        # Often while the notification is likely on screen, then now and then (a server
        # that ignores expiry keeps it for hours): a look is a short gdbus run.
        every = OWNER_CHECK_S if time.monotonic() - shown_at < 120 else 6 * OWNER_CHECK_S
        chosen = lines.read(min(limit, time.monotonic() + every))
        if chosen is not None:
            return chosen
        if time.monotonic() >= limit or proc.poll() is not None:
            return b""
        if owner is not None and server_owner() != owner:
            return b""  # the server died (or another took its place): no click can come


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


def _clock() -> Clock | None:
    from tracker.core.clock import clock_from_env

    try:
        return clock_from_env()
    except ValueError:
        return None


def _actions_for(request: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """A nudge of the everyday hinge (claimed as "hinge HH:MM") gets the evening check's
    answers; a reminder gets Done and Snooze."""
    reminder = request.get("reminder")
    if isinstance(reminder, dict) and str(reminder.get("time", "")).startswith("hinge "):
        return HINGE_ACTIONS
    return ACTIONS


def act(action: str, data_dir: Path, shown: datetime, clock: Clock | None = None) -> str:
    """Do what the button says, on the store in `data_dir`; the words for the person.

    `shown` is when the reminder was shown, by the wall clock then: Done logs that day or
    nothing (not the day after a midnight, or a suspend, in between).
    """
    from tracker.core.days import day_of
    from tracker.store.changes import LogDone, Refused, Snooze
    from tracker.store.database import Store
    from tracker.store.errors import StoreError

    clock = clock or _clock()
    if clock is None:
        return "supple could not tell the time ($SUPPLE_NOW is not an ISO time)."
    store = Store(data_dir, clock)
    try:
        if action == "done":
            summary = store.summary()
            now = clock.now()
            today = day_of(now, summary.settings.day_start)
            meant = day_of(shown, summary.settings.day_start)
            if meant != today:
                return (
                    f"That reminder was for {meant.isoformat()}, and it is {today.isoformat()} "
                    f"now; nothing was logged. To log that day: supple done --date "
                    f"{meant.isoformat()}"
                )
            if today in summary.history.done:
                return "Today is already done; nothing more was logged."
            return LogDone().apply(store).message
        if action == "snooze":
            return Snooze().apply(store).message
        if action.startswith("hinge-"):  # the day the nudge was shown, even after midnight
            from tracker.store.changes import LogHinge

            meant = day_of(shown, store.summary().settings.day_start)
            return LogHinge(action.removeprefix("hinge-"), meant).apply(store).message
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
    deadline = float(request.get("show_until") or time.monotonic() + request["show_within_s"])
    # notify-send's stdout is a pseudo-terminal: on a pipe, stdio would hold the id back
    # until it exits, that is until the notification is closed.
    reader, writer = pty.openpty()
    try:
        proc = subprocess.Popen(
            notify_send_argv(
                program, str(request["title"]), str(request["body"]), _actions_for(request)
            ),
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
    lines = _Lines(reader)
    first = lines.read(deadline)
    reminder = request.get("reminder")
    late = first is None and isinstance(reminder, dict)
    if late:  # the child reports now; the server may still answer (a busy one, not a dead one)
        _say("failed Timeout was reached")
        first = lines.read(time.monotonic() + LATE_ANSWER_S)
    if first is None or not first.strip().isdigit():
        proc.kill()
        _, err = proc.communicate()
        why = err.decode("utf-8", "replace").strip() or "Timeout was reached"
        if not late:
            _say(f"failed {why}" if first is not None else "failed Timeout was reached")
        return 0
    clock = _clock()
    shown = clock.now() if clock is not None else datetime.now().astimezone()
    shown_at = time.monotonic()
    data_dir = Path(request["data_dir"])
    if late:
        assert isinstance(reminder, dict)
        record_late_answer(data_dir, reminder, clock)
    else:
        _say(f"shown {first.decode().strip()}")
    chosen = _wait_for_click(lines, proc, shown_at)
    with contextlib.suppress(OSError):
        proc.kill()
    proc.wait()
    os.close(reader)
    action = chosen.decode("utf-8", "replace").strip()
    if action:
        confirm(program, act(action, data_dir, shown, clock))
    return 0


def record_late_answer(data_dir: Path, reminder: dict[str, str], clock: Clock | None) -> None:
    """The server answered after the check gave up and recorded a failure: the reminder was
    shown after all, so mark its record delivered (then it is not retried).

    Only a record that says exactly that failure is changed; the check that sent it writes
    the failure a moment after this process said "failed", so that is waited for.
    """
    from datetime import date

    from tracker.core.clock import SystemClock
    from tracker.store.database import Store
    from tracker.store.errors import StoreError

    store = Store(data_dir, clock or SystemClock())
    day, at = date.fromisoformat(reminder["date"]), str(reminder["time"])
    fields = {"status": "delivered", "backend": "notify-send", "error": None}
    give_up = time.monotonic() + 30
    with contextlib.suppress(StoreError, ValueError):
        while time.monotonic() < give_up:
            mine = [
                r
                for r in store.load().reminders_sent
                if (r.get("date"), r.get("time")) == (day.isoformat(), at)
            ]
            if len(mine) != 1:
                return
            status, error = mine[0].get("status"), mine[0].get("error")
            if status == "failed" and str(error).startswith(NO_ANSWER):
                expect = {"status": "failed", "error": error}  # unless retried meanwhile
                store.update_reminder(day, at, fields, expect)
                return
            if status != "claimed":
                return  # shown, snoozed or given up otherwise: leave it to whoever did that
            time.sleep(0.2)


if __name__ == "__main__":
    raise SystemExit(main())
