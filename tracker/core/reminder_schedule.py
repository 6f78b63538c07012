"""When a reminder fires: the pure schedule behind `supple remind` and the TUI's notifier.

No I/O and no clock: callers pass `now` (timezone-aware), whether today is done, and the
`(day, "HH:MM")` keys already claimed in the store's `reminders_sent` table.

A *slot* is one reminder time on one supple day (days follow `day-start`). A time earlier
than `day-start` belongs to the day before in supple terms, so it is due on the next
calendar date: with day-start 04:00, the 01:00 reminder of Monday is due Tuesday 01:00.

Policy:

- A slot fires when `due <= now <= due + reminder-grace`, only on the supple day it belongs
  to (a missed reminder never fires on the next day), only if that day is not done (unless
  `remind-when-done`), not on a skip day (a pause, or a rest day after a stop for pain),
  and only if it is not already claimed.
- After a suspend or a stopped daemon, only the latest slot whose time has passed may fire;
  the older ones are *superseded* (`Due.superseded`) and should be claimed together with it,
  so one reminder arrives, never a burst. A slot also never fires once a later slot of the
  same day has been claimed (the clock was set back), so nothing fires twice.
- A slot whose delivery *failed* (no bus, no server...) may be tried again while it is still
  due (within grace, still the latest slot, day not done), at most every `RETRY_AFTER`:
  the caller passes those keys as `retry` (see `retryable`) and re-takes the claim under the
  store lock. A delivered slot is never tried again. A claim that never got an outcome (its
  process was killed between claiming and showing) counts as failed once it is
  `RETRY_AFTER` old, far longer than any delivery takes: so it is not lost either.
- Daylight saving: a wall time skipped by a spring-forward jump is due at the first valid
  moment after it (02:30 on a Europe/Berlin spring-forward day is due at 03:00 CEST); a wall
  time that happens twice is due once, at its first occurrence.
- All comparisons are between instants in UTC: Python compares two datetimes that share a
  tzinfo by wall time alone, which is wrong inside a fall-back overlap.

The local zone is `now.tzinfo` unless `zone` is given. In production `now` usually comes from
`datetime.now().astimezone()`, a fixed offset: due times for today are right, but instants
computed for later days ignore a coming DST change. Pass a real zone (a `ZoneInfo`) to get
them right; since callers re-check every few seconds, a fixed offset only shifts the sleep
estimate, never which reminder fires.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from tracker.core.days import day_of
from tracker.core.record_type import record_type
from tracker.core.settings import Settings

SentKey = tuple[date, str]
"""A claimed reminder as stored in `reminders_sent`: the supple day and the "HH:MM" time."""

LOOKAHEAD_DAYS = 8
"""How many days past today `next_reminder` looks for a reminder."""

ON_TIME_WINDOW = timedelta(minutes=1)
"""The smallest late window: with `reminder-grace` 0 a reminder may still fire within its
minute, so a poller that wakes a few seconds late does not lose it."""

RETRY_AFTER = timedelta(minutes=5)
"""How long after a failed attempt the same reminder may be tried again (cron may run
`remind --once` every minute; that must not hammer a broken notification server)."""

_UTC = timezone.utc
_ONE_DAY = timedelta(days=1)


# Records, not dataclasses or NamedTuples: `supple status` loads this module, and dataclasses
# or typing alone take longer to import than the rest of what status needs
# (tracker.core.record_type).
@record_type
class Slot:
    """One reminder: supple `day`, configured `time` ("HH:MM"), and the aware `due` instant."""

    day: date
    time: str
    due: datetime

    @property
    def key(self) -> SentKey:
        """The `(day, "HH:MM")` pair recorded in `reminders_sent`."""
        return (self.day, self.time)

    @property
    def due_utc(self) -> datetime:
        return self.due.astimezone(_UTC)


@record_type
class Due:
    """The reminder to send now, and the older missed slots of the same day it replaces."""

    slot: Slot
    superseded: tuple[Slot, ...] = ()

    @property
    def keys(self) -> tuple[SentKey, ...]:
        """Every key to claim together: the slot itself, then the superseded ones."""
        return (self.slot.key, *(s.key for s in self.superseded))


def local_instant(wall: datetime, zone: tzinfo) -> datetime:
    """The aware moment in `zone` at which a clock showing `wall` fires (tzinfo is ignored).

    A wall time in a spring-forward gap gives the first valid moment after the gap; a wall
    time that occurs twice gives its first occurrence.
    """
    naive = wall.replace(tzinfo=None, fold=0)
    first = naive.replace(tzinfo=zone).astimezone(_UTC)
    if first.astimezone(zone).replace(tzinfo=None) == naive:
        return first.astimezone(zone)
    # A gap: fold=0 reads the wall time with the offset before the jump, fold=1 with the one
    # after; the jump lies between the two instants. Find it to the second.
    other = naive.replace(tzinfo=zone, fold=1).astimezone(_UTC)
    low, high = sorted((first, other))
    after = high.astimezone(zone).utcoffset()
    lo, hi = math.floor(low.timestamp()), math.ceil(high.timestamp())
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, _UTC).astimezone(zone).utcoffset() == after:
            hi = mid
        else:
            lo = mid
    return datetime.fromtimestamp(hi, _UTC).astimezone(zone)


def slot_due(day: date, at: time, day_start: time, zone: tzinfo) -> datetime:
    """When the reminder at `at` of supple day `day` is due (before day-start: the next date)."""
    calendar = day if at >= day_start else day + _ONE_DAY
    return local_instant(datetime.combine(calendar, at), zone)


def slots_for_day(settings: Settings, day: date, zone: tzinfo) -> tuple[Slot, ...]:
    """The reminder slots of supple `day`, in the order they come (none off `reminder-days`)."""
    if day.weekday() not in settings.reminder_days:
        return ()
    start = settings.day_start
    times = sorted(settings.reminders, key=lambda t: (t < start, t))
    return tuple(Slot(day, t.strftime("%H:%M"), slot_due(day, t, start, zone)) for t in times)


def due_reminder(
    settings: Settings,
    now: datetime,
    today_done: bool,
    sent: Collection[SentKey],
    zone: tzinfo | None = None,
    retry: Collection[SentKey] = (),
    skips: Collection[date] = (),
) -> Due | None:
    """The reminder to send at `now`, or None.

    The caller claims `Due.keys` (the slot and the older slots it supersedes) in
    `reminders_sent` under the store lock before sending. `retry` holds claimed keys whose
    delivery failed and that may be tried again now (`retryable`); such a slot is due again
    under the same rules as an unclaimed one, and the caller must re-take its claim.
    `skips`: skip days (a pause, a rest day after a stop for pain): no reminder on them.
    """
    tz = _zone(now, zone)
    if today_done and not settings.remind_when_done:
        return None
    today = day_of(now.astimezone(tz), settings.day_start)
    if today in skips:
        return None
    now_utc = now.astimezone(_UTC)
    passed = sorted(
        (s for s in slots_for_day(settings, today, tz) if s.due_utc <= now_utc),
        key=lambda s: s.due_utc,
    )
    if not passed:
        return None
    latest = passed[-1]
    if not _may_fire(latest, sent, settings.day_start, retry):
        return None
    grace = max(timedelta(minutes=settings.reminder_grace), ON_TIME_WINDOW)
    if now_utc > latest.due_utc + grace:
        return None
    superseded = tuple(s for s in passed[:-1] if s.key not in sent)
    return Due(latest, superseded)


def next_reminder(
    settings: Settings,
    now: datetime,
    today_done: bool,
    sent: Collection[SentKey],
    zone: tzinfo | None = None,
    skips: Collection[date] = (),
) -> datetime | None:
    """When the next reminder fires (aware, in the local zone), or None within 8 days.

    A reminder that is due right now (within grace and unclaimed) is returned even though
    its time has passed. Today's reminders are left out when today is done, unless
    `remind-when-done`; later days count as not done yet.
    """
    due = due_reminder(settings, now, today_done, sent, zone, skips=skips)
    if due is not None:
        return due.slot.due
    tz = _zone(now, zone)
    today = day_of(now.astimezone(tz), settings.day_start)
    now_utc = now.astimezone(_UTC)
    skip_today = today_done and not settings.remind_when_done
    for offset in range(LOOKAHEAD_DAYS + 1):
        if (offset == 0 and skip_today) or today + offset * _ONE_DAY in skips:
            continue
        upcoming = [
            s
            for s in slots_for_day(settings, today + offset * _ONE_DAY, tz)
            if s.due_utc > now_utc and _may_fire(s, sent, settings.day_start)
        ]
        if upcoming:
            return min(upcoming, key=lambda s: s.due_utc).due
    return None


def seconds_until_next_check(
    settings: Settings,
    now: datetime,
    today_done: bool,
    sent: Collection[SentKey],
    zone: tzinfo | None = None,
    skips: Collection[date] = (),
) -> float | None:
    """Seconds from `now` until a reminder is due (0.0 if one is due now), None if none is.

    Callers should still sleep in short slices: the monotonic clock stops during suspend,
    and the day may be logged as done (or undone) in the meantime.
    """
    upcoming = next_reminder(settings, now, today_done, sent, zone, skips)
    if upcoming is None:
        return None
    return max(0.0, (upcoming.astimezone(_UTC) - now.astimezone(_UTC)).total_seconds())


def failed_attempts(
    records: Iterable[Mapping[str, object]], statuses: Collection[str] = ("failed",)
) -> dict[SentKey, datetime]:
    """Claimed keys whose last delivery failed, with when that attempt was claimed.

    `records` are the `reminders_sent` documents: `date`, `time`, `status` ("claimed",
    "delivered", "failed", "missed") and `claimed_at` (an aware ISO time). A record without a
    readable, timezone-aware `claimed_at` is left out (never retried). With `statuses`
    ("failed", "claimed"), also the attempts that never said how they went: being sent right
    now, or their sender died (`retryable` waits `RETRY_AFTER` either way).
    """
    found: dict[SentKey, datetime] = {}
    for record in records:
        if record.get("status") not in statuses:
            continue
        try:
            day = date.fromisoformat(str(record.get("date")))
            at = datetime.fromisoformat(str(record.get("claimed_at")))
        except ValueError:
            continue
        if at.tzinfo is None or at.utcoffset() is None:
            continue
        found[(day, str(record.get("time")))] = at
    return found


def retryable(records: Iterable[Mapping[str, object]], now: datetime) -> frozenset[SentKey]:
    """The failed (or stale claimed) keys whose last attempt is at least `RETRY_AFTER`
    before `now`.

    Pass them to `due_reminder` as `retry`; it still decides whether the slot is due at all.
    """
    now_utc = now.astimezone(_UTC)
    return frozenset(
        key
        for key, at in failed_attempts(records, ("failed", "claimed")).items()
        if at.astimezone(_UTC) + RETRY_AFTER <= now_utc
    )


# A reminder shown later than this after its time says it "was due" (nothing was running at
# its time); a check every 5 minutes from cron is still on time.
LATE_AFTER = timedelta(minutes=10)


def is_late(slot: Slot, now: datetime) -> bool:
    """Whether a reminder shown `now` comes well after its time (see LATE_AFTER)."""
    return now > slot.due + LATE_AFTER


def reminder_text(slot: Slot, late: bool = False) -> tuple[str, str]:
    """The notification's title and body (`late`: shown after its time, see `is_late`)."""
    title = "supple: time for your routine"
    due = "was due" if late else "is due"
    body = (
        f"Your hamstring and lower-back routine {due} at {slot.time}. "
        "Open supple and press s for a guided session, or d if you already did it."
    )
    return title, body


def _zone(now: datetime, zone: tzinfo | None) -> tzinfo:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("the reminder schedule needs a timezone-aware `now`")
    return zone if zone is not None else now.tzinfo


def _minutes_into_day(hhmm: str, day_start: time) -> int | None:
    """Minutes from day-start to an "HH:MM" time, in the order of a supple day."""
    hours, sep, minutes = hhmm.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit():
        return None
    return (int(hours) * 60 + int(minutes) - (day_start.hour * 60 + day_start.minute)) % 1440


def _may_fire(
    slot: Slot, sent: Collection[SentKey], day_start: time, retry: Collection[SentKey] = ()
) -> bool:
    """Not claimed (or claimed, failed and retryable), and no later slot of the same day
    claimed (a clock set back)."""
    if slot.key in sent and slot.key not in retry:
        return False
    mine = _minutes_into_day(slot.time, day_start)
    for day, hhmm in sent:
        if day != slot.day:
            continue
        theirs = _minutes_into_day(hhmm, day_start)
        if mine is not None and theirs is not None and theirs > mine:
            return False
    return True
