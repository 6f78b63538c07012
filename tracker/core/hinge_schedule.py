"""When an everyday-hinge nudge fires: the pure schedule behind the notifier's nudges.

No I/O and no clock, as tracker.core.reminder_schedule (whose slots, days and DST handling
it shares). A nudge is one `hinge-nudges` time on one supple day. It is claimed in the same
`reminders_sent` table as the routine's reminders, under the time "hinge HH:MM", so the
daemon and the app never both send it, and it is never sent twice.

Policy:
- Only with moments chosen and times set; at most two a day (`hinge-nudges`).
- A nudge fires when `due <= now <= due + NUDGE_GRACE`, on its own supple day only. After a
  suspend only the latest passed time may fire; the older ones are claimed with it as missed.
- Never during a guided session (the caller says whether one is running; the nudge waits
  and fires after it, while still within its grace), never on a rest day for pain (a skip
  day with reason "pain"), and only on the days the fading level leaves
  (tracker.core.hinge.nudges_on).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta, timezone, tzinfo

from tracker.core import hinge
from tracker.core.days import day_of
from tracker.core.record_type import record_type
from tracker.core.reminder_schedule import Slot, slot_due
from tracker.core.settings import Settings

PREFIX = "hinge "
"""How a nudge's time is kept in `reminders_sent` ("hinge 09:00"), apart from reminders."""

NUDGE_GRACE = timedelta(minutes=60)
"""How late a nudge may still come (after a suspend, or after a session): a nudge about a
moment of the day is not worth much hours later."""

SentKey = tuple[date, str]


def claim_time(hhmm: str) -> str:
    return PREFIX + hhmm


def is_nudge_time(stored: str) -> bool:
    return stored.startswith(PREFIX)


@record_type
class DueNudge:
    """The nudge to send now (`slot.time` is the claim's "hinge HH:MM"), its place among
    the day's nudges (`index`), and the older missed ones it replaces."""

    slot: Slot
    index: int
    superseded: tuple[Slot, ...] = ()


def nudge_slots(settings: Settings, day: date, zone: tzinfo) -> tuple[Slot, ...]:
    """The nudges of supple `day` in order (none without moments or times)."""
    if not settings.hinge_moments:
        return ()
    start = settings.day_start
    times = sorted(settings.hinge_nudges, key=lambda t: (t < start, t))
    return tuple(
        Slot(day, claim_time(t.strftime("%H:%M")), slot_due(day, t, start, zone)) for t in times
    )


def due_nudge(
    settings: Settings,
    now: datetime,
    sent: Collection[SentKey],
    level: int,
    in_session: bool = False,
    pain_rest_days: Collection[date] = (),
    zone: tzinfo | None = None,
) -> DueNudge | None:
    """The nudge to send at `now`, if any."""
    if in_session:
        return None
    tz = zone if zone is not None else now.tzinfo
    assert tz is not None  # now is aware
    today = day_of(now, settings.day_start)
    if today in pain_rest_days or not hinge.nudges_on(level, today):
        return None
    slots = nudge_slots(settings, today, tz)
    at = now.astimezone(timezone.utc)
    passed = [(i, s) for i, s in enumerate(slots) if s.due_utc <= at]
    if not passed:
        return None
    index, latest = passed[-1]
    if latest.key in sent or any(s.key in sent for s in slots[index + 1 :]):
        return None  # sent already, or a later one was (the clock was set back)
    if at - latest.due_utc > NUDGE_GRACE:
        return None
    older = tuple(s for _, s in passed[:-1] if s.key not in sent)
    return DueNudge(latest, index, older)


def next_nudge(
    settings: Settings,
    now: datetime,
    sent: Collection[SentKey],
    level: int,
    pain_rest_days: Collection[date] = (),
    zone: tzinfo | None = None,
    days: int = 8,
) -> datetime | None:
    """When the next nudge is due (for the notifier's sleep and the screens), or None."""
    tz = zone if zone is not None else now.tzinfo
    assert tz is not None
    today = day_of(now, settings.day_start)
    for offset in range(days):
        day = today + timedelta(days=offset)
        if day in pain_rest_days or not hinge.nudges_on(level, day):
            continue
        for slot in nudge_slots(settings, day, tz):
            if slot.key not in sent and slot.due_utc + NUDGE_GRACE >= now:
                return slot.due if slot.due_utc > now else now
    return None
