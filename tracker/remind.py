"""`supple remind`: the reminder daemon, a one-shot check, a test notification, and the
systemd user service that runs the daemon.

The daemon sleeps in slices of at most 30 s and asks the schedule again on every wake, so a
suspend, a clock change or a reminder time changed in the app is noticed within a slice. While
idle it only stats the store file (it re-reads it only when it changed).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path
from types import FrameType

from tracker.errors import CommandError
from tracker.notify import deliver
from tracker.reminders import check_and_notify, next_retry
from tracker.store import Store, StoreError

SLICE_S = 30.0
SERVICE_NAME = "supple-remind.service"


def run_remind(store: Store, args: argparse.Namespace) -> int:
    if args.test:
        return send_test()
    if args.once:
        return remind_once(store)
    if args.install:
        return install_service(store)
    if args.uninstall:
        return uninstall_service()
    return run_daemon(store)


def send_test() -> int:
    delivery = deliver(
        "supple: test reminder",
        "Reminders work. This is how supple will nudge you when the routine is due.",
    )
    if not delivery.ok:
        raise CommandError(
            f"the test notification was not shown: {delivery.error}; {delivery.fix}", 1
        )
    print(f"Sent a test notification via {delivery.backend}.")
    return 0


def remind_once(store: Store) -> int:
    outcome = check_and_notify(store, store.clock, by=f"once:{os.getpid()}", send=deliver)
    if outcome is None:
        pending = next_retry(store.load(), store.clock)
        if pending is None:
            print("No reminder is due now.")
        else:
            slot, at = pending
            when = at.astimezone(store.clock.now().tzinfo).strftime("%H:%M")
            print(
                f"No reminder is due now (the one due {slot.time} could not be shown; "
                f"it is tried again from {when})."
            )
        return 0
    if not outcome.delivery.ok:
        raise CommandError(
            f"the reminder due {outcome.slot.time} could not be shown: {outcome.delivery.error}; "
            f"{outcome.delivery.fix}",
            1,
        )
    print(f"Reminder due {outcome.slot.time} sent via {outcome.delivery.backend}.")
    return 0


def _log(message: str) -> None:
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
    print(f"{stamp} {message}", flush=True)


def run_daemon(store: Store, stop: threading.Event | None = None) -> int:
    """Run until SIGTERM/SIGINT (or `stop` is set). One daemon per data folder (a lock)."""
    from filelock import FileLock, Timeout

    try:
        store.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(
            f"cannot create the data folder {store.data_dir}: {error.strerror}"
        ) from None
    single = FileLock(store.data_dir / "remind.lock", timeout=0)
    try:
        single.acquire()
    except Timeout:
        raise CommandError(
            f"another 'supple remind' is already running for {store.data_dir}; "
            "stop it first (or leave it: one is enough)",
            1,
        ) from None
    stop = stop or threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
    _log(f"supple remind: watching {store.path} (stop with Ctrl+C)")
    last_error = ""
    try:
        while not stop.is_set():
            try:
                outcome = check_and_notify(
                    store, store.clock, by=f"daemon:{os.getpid()}", send=deliver
                )
                last_error = ""
            except StoreError as error:
                if str(error) != last_error:  # say it once, keep trying
                    _log(f"supple remind: {error}")
                    last_error = str(error)
                outcome = None
            if outcome is not None:
                if outcome.delivery.ok:
                    _log(f"reminder due {outcome.slot.time} sent via {outcome.delivery.backend}")
                else:
                    _log(
                        f"reminder due {outcome.slot.time} NOT shown: {outcome.delivery.error}; "
                        f"{outcome.delivery.fix}"
                    )
            stop.wait(_sleep_for(store))
    finally:
        single.release()
    _log("supple remind: stopped")
    return 0


def _sleep_for(store: Store) -> float:
    """Until the next due time, but never more than one slice."""
    from tracker.clock import zone_for
    from tracker.days import day_of
    from tracker.schedule import seconds_until_next_check

    try:
        snapshot = store.load()
    except StoreError:
        return SLICE_S
    now = store.clock.now()
    settings = snapshot.settings
    done = day_of(now, settings.day_start) in snapshot.history.done
    wait = seconds_until_next_check(
        settings, now, done, snapshot.sent_reminders(), zone_for(store.clock)
    )
    if wait is None:
        return SLICE_S
    return min(SLICE_S, max(wait + 0.05, 0.5))


def _service_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user" / SERVICE_NAME


_SYSTEMD_C_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def systemd_quote(arg: str) -> str:
    """One ExecStart word that systemd reads back as exactly `arg`.

    systemd expands `%` specifiers and `$VAR` in ExecStart, so `%` becomes `%%` and `$`
    becomes `$$`. A word with spaces, quotes, backslashes or other unusual characters goes in
    double quotes, with `\\` and `"` (and control characters) backslash-escaped.
    """
    text = arg.replace("%", "%%").replace("$", "$$")
    if text and all(c.isalnum() or c in "/._-+,:@=%$" for c in text):
        return text
    escaped = "".join("\\" + c if c in '\\"' else _SYSTEMD_C_ESCAPES.get(c, c) for c in text)
    return f'"{escaped}"'


def exec_start(store: Store) -> str:
    """The service's ExecStart: this Python, this package, an absolute data folder."""
    data_dir = os.path.abspath(store.data_dir)
    argv = [sys.executable, "-m", "tracker", "--data-dir", data_dir, "remind"]
    return " ".join(systemd_quote(arg) for arg in argv)


def service_text(store: Store) -> str:
    return (
        "[Unit]\n"
        "Description=supple reminders for the daily hamstring and lower-back routine\n"
        "After=graphical-session.target\n"
        "\n"
        "[Service]\n"
        f"ExecStart={exec_start(store)}\n"
        "Restart=on-failure\n"
        "RestartSec=30\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def install_service(store: Store) -> int:
    path = _service_path()
    text = service_text(store)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror}", 1) from None
    print(f"Wrote {path}:\n")
    print(text)
    print("Enable and start it with:")
    print(f"  systemctl --user daemon-reload && systemctl --user enable --now {SERVICE_NAME}")
    print(f"Check it with: systemctl --user status {SERVICE_NAME}")
    return 0


def uninstall_service() -> int:
    path = _service_path()
    if not path.exists():
        print(f"No service file at {path}; nothing to remove.")
        return 0
    try:
        path.unlink()
    except OSError as error:
        raise CommandError(f"cannot remove {path}: {error.strerror}", 1) from None
    print(f"Removed {path}.")
    print("Stop the running daemon and forget the service with:")
    print(f"  systemctl --user disable --now {SERVICE_NAME}; systemctl --user daemon-reload")
    return 0
