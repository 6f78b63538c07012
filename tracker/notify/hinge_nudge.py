"""One everyday-hinge nudge check, shared by the daemon, `remind --once` and the app.

As the routine's reminders (tracker.notify.check): the claim is taken in `reminders_sent`
under the store's lock before sending (time "hinge HH:MM"), so with the app and the daemon
both running exactly one of them sends it, once. A nudge that could not be shown is not
tried again: it is a nudge, and the record says what happened (`supple doctor`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tracker.core.clock import Clock, zone_for
from tracker.core.days import day_of
from tracker.core.hinge import automaticity_of, nudge_level, nudge_text
from tracker.core.hinge_schedule import DueNudge, due_nudge
from tracker.core.rules import pain_rest_days
from tracker.notify.delivery import Delivery, sending
from tracker.notify.session_marker import session_running
from tracker.store.database import Store

Send = Callable[[str, str], Delivery]


@dataclass(frozen=True)
class Nudge:
    due: DueNudge
    title: str
    body: str
    delivery: Delivery


def check_and_nudge(
    store: Store, clock: Clock, by: str, send: Send, in_session: bool | None = None
) -> Nudge | None:
    """Send the everyday-hinge nudge that is due now, if any and if nobody else has.

    `in_session`: whether a guided session runs (None: ask the data folder's marker)."""
    settings = store.summary().settings  # cheap: most people have no nudges set
    if not settings.hinge_moments or not settings.hinge_nudges:
        return None
    snapshot = store.load()
    settings = snapshot.settings
    now = clock.now()
    if in_session is None:
        in_session = session_running(store.data_dir)
    today = day_of(now, settings.day_start)
    level = nudge_level(automaticity_of(snapshot.automaticity), today)
    due = due_nudge(
        settings,
        now,
        snapshot.sent_reminders(),
        level,
        in_session,
        pain_rest_days(snapshot.history),
        zone_for(clock),
    )
    if due is None:
        return None
    superseded = [slot.key for slot in due.superseded]
    if not store.claim_reminder(due.slot.day, due.slot.time, by, superseded):
        return None  # another process took it first
    title, body = nudge_text(settings.hinge_moments, due.slot.day, due.index)
    with sending(due.slot.day.isoformat(), due.slot.time):
        delivery = send(title, body)
    store.record_delivery(
        due.slot.day, due.slot.time, delivery.ok, delivery.backend, delivery.error
    )
    return Nudge(due, title, body, delivery)
