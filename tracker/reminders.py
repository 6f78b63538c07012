"""One reminder check, shared by the daemon, `remind --once` and the TUI's notifier.

The claim is taken in `reminders_sent` under the store's lock *before* sending, so when the
TUI and the daemon both run, exactly one of them notifies. What happened to the delivery is
written back, so `supple doctor` can show a failure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tracker.clock import Clock, zone_for
from tracker.days import day_of
from tracker.notify import Delivery
from tracker.schedule import Slot, due_reminder, reminder_text
from tracker.store import Store

Send = Callable[[str, str], Delivery]


@dataclass(frozen=True)
class Outcome:
    slot: Slot
    title: str
    body: str
    delivery: Delivery


def check_and_notify(store: Store, clock: Clock, by: str, send: Send) -> Outcome | None:
    """Send the reminder that is due now, if any and if nobody else has; else None."""
    snapshot = store.load()
    now = clock.now()
    settings = snapshot.settings
    today_done = day_of(now, settings.day_start) in snapshot.history.done
    due = due_reminder(settings, now, today_done, snapshot.sent_reminders(), zone_for(clock))
    if due is None:
        return None
    superseded = [slot.key for slot in due.superseded]
    if not store.claim_reminder(due.slot.day, due.slot.time, by, superseded):
        return None  # another process took it first
    title, body = reminder_text(due.slot)
    delivery = send(title, body)
    store.record_delivery(
        due.slot.day, due.slot.time, delivery.ok, delivery.backend, delivery.error
    )
    return Outcome(due.slot, title, body, delivery)
