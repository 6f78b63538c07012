"""The reminder daemon (`supple remind`): one per data folder, in the foreground.

It sleeps in slices of at most 30 s and asks the schedule again on every wake, so a suspend, a
clock change or a reminder time changed in the app is noticed within a slice.
"""

from __future__ import annotations

import os
import signal
import threading
from datetime import datetime
from types import FrameType

from tracker.core.errors import CommandError
from tracker.notify.check import check_and_notify
from tracker.notify.delivery import reminder_sender
from tracker.store.database import Store
from tracker.store.errors import StoreError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tracker.store.snapshot import Snapshot

SLICE_S = 30.0


def _log(message: str) -> None:
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
    print(f"{stamp} {message}", flush=True)


def run_daemon(store: Store, stop: threading.Event | None = None) -> int:
    """Run until SIGTERM/SIGINT (or `stop` is set). One daemon per data folder (a lock)."""
    from tracker.store.lock import FileLock, LockTimeout
    from tracker.store.storage import make_private_folder

    single = FileLock(store.data_dir / "remind.lock", timeout=0)
    try:
        make_private_folder(store.data_dir)
        single.acquire()
    except OSError as error:
        raise CommandError(
            f"cannot use the data folder {store.data_dir}: {error.strerror}; "
            "choose another with --data-dir",
            1,
        ) from None
    except LockTimeout:
        # Not a failure: reminders are being watched. Exit 0, so that a service manager
        # (Restart=on-failure) does not start this one again and again.
        _log(
            f"supple remind: another 'supple remind' is already running for {store.data_dir}; "
            "this one stops (one is enough)"
        )
        return 0
    stop = stop or threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
    _log(f"supple remind: watching {store.path} (stop with Ctrl+C)")
    last_error = ""
    send = reminder_sender(store.data_dir)  # with Done and Snooze buttons where possible
    try:
        while not stop.is_set():
            try:
                outcome = check_and_notify(store, store.clock, f"daemon:{os.getpid()}", send)
                last_error = ""
            except StoreError as error:
                if str(error) != last_error:  # say it once, keep trying
                    _log(f"supple remind: {error}")
                    last_error = str(error)
                outcome = None
            _nudge(store)
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


def _nudge(store: Store) -> None:
    """The everyday-hinge nudge due now, if any (tracker.notify.hinge_nudge)."""
    from tracker.notify.hinge_nudge import check_and_nudge

    send = reminder_sender(store.data_dir)  # with the evening check's answers as buttons
    try:
        nudge = check_and_nudge(store, store.clock, f"daemon:{os.getpid()}", send)
    except StoreError:
        return  # the reminder check says so
    if nudge is not None:
        shown = "sent" if nudge.delivery.ok else f"NOT shown: {nudge.delivery.error}"
        _log(f"hinge nudge due {nudge.due.slot.time[6:]} {shown}")


def _sleep_for(store: Store) -> float:
    """Until the next due time, but never more than one slice."""
    from tracker.core.clock import zone_for
    from tracker.core.days import day_of
    from tracker.core.reminder_schedule import seconds_until_next_check

    try:
        snapshot = store.load()
    except StoreError:
        return SLICE_S
    now = store.clock.now()
    settings = snapshot.settings
    done = day_of(now, settings.day_start) in snapshot.history.done
    wait = seconds_until_next_check(
        settings,
        now,
        done,
        snapshot.sent_reminders(),
        zone_for(store.clock),
        snapshot.history.skips,
    )
    nudge = _until_nudge(snapshot, now, store)
    if nudge is not None:
        wait = nudge if wait is None else min(wait, nudge)
    if wait is None:
        return SLICE_S
    return min(SLICE_S, max(wait + 0.05, 0.5))


def _until_nudge(snapshot: Snapshot, now: datetime, store: Store) -> float | None:
    from tracker.core.clock import zone_for
    from tracker.core.days import day_of
    from tracker.core.hinge import automaticity_of, nudge_level
    from tracker.core.hinge_schedule import next_nudge
    from tracker.core.rules import pain_rest_days

    settings = snapshot.settings
    if not settings.hinge_moments or not settings.hinge_nudges:
        return None
    level = nudge_level(automaticity_of(snapshot.automaticity), day_of(now, settings.day_start))
    at = next_nudge(
        settings,
        now,
        snapshot.sent_reminders(),
        level,
        pain_rest_days(snapshot.history),
        zone_for(store.clock),
    )
    return None if at is None else (at - now).total_seconds()
