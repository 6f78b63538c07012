"""One reminder check, shared by the daemon, `remind --once` and the TUI's notifier.

The claim is taken in `reminders_sent` under the store's lock *before* sending, so when the
TUI and the daemon both run, exactly one of them notifies. What happened to the delivery is
written back, so `supple doctor` can show a failure.

A failed delivery is tried again by a later check while the reminder is still due (within
`reminder-grace`), at most every `schedule.RETRY_AFTER`: the later check re-takes the claim
under the same lock, only if the record still says "failed" with the same attempt time, so
two processes never both retry. A delivered reminder is never sent again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from tracker.core.clock import Clock, zone_for
from tracker.core.days import day_of
from tracker.core.reminder_schedule import (
    RETRY_AFTER,
    Slot,
    due_reminder,
    failed_attempts,
    is_late,
    reminder_text,
    retryable,
)
from tracker.core.snooze import SNOOZE_LIMIT, pending_snooze, snooze_due, snoozes_left
from tracker.notify.delivery import Delivery, sending
from tracker.store.database import Store
from tracker.store.snapshot import Snapshot

Send = Callable[[str, str], Delivery]


@dataclass(frozen=True)
class Outcome:
    slot: Slot
    title: str
    body: str
    delivery: Delivery
    snoozes_left: int = SNOOZE_LIMIT  # 0: the last snooze has been used
    late: bool = False  # shown after its time: sent late, or back from a snooze


def _send_after_snooze(
    store: Store, snapshot: Snapshot, now: datetime, today: date, by: str, send: Send
) -> Outcome | None:
    """Show a snoozed reminder again once its snooze runs out: once, by whoever claims it."""
    record = snooze_due(snapshot.reminders_sent, today, now)
    if record is None:
        return None
    time = str(record["time"])
    fields = {
        "snoozed_until": None,
        "status": "claimed",
        "claimed_at": now.isoformat(timespec="seconds"),
        "by": by,
    }
    expect = {"snoozed_until": record.get("snoozed_until"), "snoozes": record.get("snoozes")}
    if not store.update_reminder(today, time, fields, expect):
        return None  # another process showed it
    slot = Slot(today, time, now)
    left = snoozes_left(record)
    title, body = reminder_text(slot, late=True)
    with sending(today.isoformat(), time):
        delivery = send(title, body)
    store.record_delivery(today, time, delivery.ok, delivery.backend, delivery.error)
    return Outcome(slot, title, body, delivery, left, late=True)


def check_and_notify(store: Store, clock: Clock, by: str, send: Send) -> Outcome | None:
    """Send the reminder that is due now, if any and if nobody else has; else None."""
    snapshot = store.load()
    now = clock.now()
    settings = snapshot.settings
    today = day_of(now, settings.day_start)
    today_done = today in snapshot.history.done
    if today in snapshot.history.skips:
        return None  # a pause or a rest day: no reminder, not even a snoozed one
    if not today_done:
        again = _send_after_snooze(store, snapshot, now, today, by, send)
        if again is not None:
            return again
    snoozed = pending_snooze(snapshot.reminders_sent, today)
    retry = frozenset(
        key for key in retryable(snapshot.reminders_sent, now) if key[1] not in snoozed
    )
    due = due_reminder(
        settings, now, today_done, snapshot.sent_reminders(), zone_for(clock), retry=retry
    )
    if due is None:
        return None
    superseded = [slot.key for slot in due.superseded]
    key = due.slot.key

    def may_retake(record: Mapping[str, object]) -> bool:
        # Still failed, and its last attempt long enough ago, as seen under the lock.
        return key in retryable([record], now)

    retake = may_retake if key in retry else None
    if not store.claim_reminder(due.slot.day, due.slot.time, by, superseded, retake):
        return None  # another process took it first
    late = is_late(due.slot, now)
    title, body = reminder_text(due.slot, late)
    with sending(due.slot.day.isoformat(), due.slot.time):
        delivery = send(title, body)
    store.record_delivery(
        due.slot.day, due.slot.time, delivery.ok, delivery.backend, delivery.error
    )
    return Outcome(due.slot, title, body, delivery, late=late)


def next_retry(snapshot: Snapshot, clock: Clock) -> tuple[Slot, datetime] | None:
    """The failed reminder that a later check will try again, and from when; else None.

    None too when the retry would come after the reminder's grace ends (it is not tried).
    """
    now = clock.now()
    settings = snapshot.settings
    failed = failed_attempts(snapshot.reminders_sent)
    if not failed:
        return None
    today_done = day_of(now, settings.day_start) in snapshot.history.done
    skips = snapshot.history.skips
    due = due_reminder(
        settings,
        now,
        today_done,
        snapshot.sent_reminders(),
        zone_for(clock),
        retry=failed,
        skips=skips,
    )
    if due is None or due.slot.key not in failed:
        return None
    at = failed[due.slot.key] + RETRY_AFTER
    # due_reminder at `at` must still allow it (grace, the day not over).
    later = due_reminder(
        settings,
        at.astimezone(now.tzinfo),
        today_done,
        snapshot.sent_reminders(),
        zone_for(clock),
        retry=failed,
        skips=skips,
    )
    if later is None or later.slot.key != due.slot.key:
        return None
    return due.slot, at
