"""Snoozing a reminder: a record in the store, so every process agrees on it.

A snooze lives on the `reminders_sent` record of the reminder it delays, written under the
store's lock: `snoozed_until` (an aware ISO time, or None once it has come back) and
`snoozes` (how many times this reminder was snoozed). So the app, the daemon, `remind --once`
and `supple status` all see the same snooze, and a reminder the daemon delivered can be
snoozed from the app (or from the notification's own "Snooze" button).

Pure: callers pass the records and `now`; the store applies the result under its lock.

- Only a reminder that was shown (delivered, or failed: the app still showed it) on the
  current supple day can be snoozed; not on a done day.
- A snooze runs SNOOZE_MINUTES; while it runs, `z` says so and changes nothing.
- At most SNOOZE_LIMIT snoozes per reminder; after the last one the message offers no snooze.
- When it runs out, the reminder is shown once more by whichever process claims it first
  (the claim clears `snoozed_until`); a failed reminder is not retried while it is snoozed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from tracker.core.record_type import record_type

TYPE_CHECKING = (
    False  # not from typing: `supple status` loads this module (tracker.core.record_type)
)
if TYPE_CHECKING:
    from typing import Any

    Record = Mapping[str, Any]

SNOOZE_MINUTES = 10
SNOOZE_LIMIT = 3
SHOWN = ("delivered", "failed")


def _until(record: Record) -> datetime | None:
    value = record.get("snoozed_until")
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.utcoffset() is not None else None


def snoozes_of(record: Record) -> int:
    count = record.get("snoozes")
    return count if isinstance(count, int) and not isinstance(count, bool) else 0


def last_shown(records: Iterable[Record], day: date) -> Record | None:
    """The latest reminder of `day` that was shown (or snoozed), else None."""
    iso = day.isoformat()
    mine = [
        r
        for r in records
        if r.get("date") == iso
        and (r.get("status") in SHOWN or _until(r) is not None)
        and not str(r.get("time")).startswith("hinge ")  # a hinge nudge is not snoozed
    ]
    return max(mine, key=lambda r: str(r.get("time")), default=None)


def snoozed_until(records: Iterable[Record], day: date, now: datetime) -> datetime | None:
    """When today's snoozed reminder comes back, if a snooze is running."""
    shown = last_shown(records, day)
    if shown is None:
        return None
    until = _until(shown)
    return until if until is not None and until > now else None


def pending_snooze(records: Iterable[Record], day: date) -> set[str]:
    """Times of `day` whose snooze has not come back yet (retries wait for them)."""
    iso = day.isoformat()
    return {str(r.get("time")) for r in records if r.get("date") == iso and _until(r)}


def snooze_due(records: Iterable[Record], day: date, now: datetime) -> Record | None:
    """Today's reminder whose snooze has run out and that nobody has shown again yet."""
    iso = day.isoformat()
    for record in records:
        until = _until(record)
        if record.get("date") == iso and until is not None and until <= now:
            return record
    return None


@record_type
class Snoozed:
    """The fields to write on the record, and the words for the person."""

    fields: dict[str, Any]
    until: datetime
    number: int  # this is snooze number N of SNOOZE_LIMIT


def snooze(record: Record | None, now: datetime, today_done: bool) -> Snoozed | str:
    """Snooze `record` (from `last_shown`) from `now`, or say why not (a one-line sentence)."""
    if today_done:
        return "Today is already done, so there is no reminder to snooze."
    if record is None:
        return "No reminder has been shown today, so there is nothing to snooze."
    until = _until(record)
    if until is not None and until > now:
        return f"Already snoozed until {until.astimezone(now.tzinfo):%H:%M}; it comes back then."
    count = snoozes_of(record)
    if count >= SNOOZE_LIMIT:
        return f"Snoozed {SNOOZE_LIMIT} times already - now is a good time (s starts a session)."
    later = now + timedelta(minutes=SNOOZE_MINUTES)
    fields = {"snoozed_until": later.isoformat(timespec="seconds"), "snoozes": count + 1}
    return Snoozed(fields, later, count + 1)


def snoozes_left(record: Record | None) -> int:
    return SNOOZE_LIMIT - (snoozes_of(record) if record is not None else 0)


def snooze_words(result: Snoozed, now: datetime) -> str:
    return (
        f"Snoozed until {result.until.astimezone(now.tzinfo):%H:%M} "
        f"({result.number} of {SNOOZE_LIMIT})."
    )
