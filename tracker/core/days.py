"""Which calendar day a moment belongs to, honouring the `day-start` setting.

With `day-start` 04:00 a session at 01:30 still counts for the day before: night owls keep
their streak.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta


def day_of(moment: datetime, day_start: time) -> date:
    """The supple day of a local moment."""
    shift = timedelta(hours=day_start.hour, minutes=day_start.minute)
    return (moment.replace(tzinfo=None) - shift).date()


def parse_date(text: str) -> date:
    """Parse YYYY-MM-DD strictly (no other forms), raising ValueError."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(text)
    return date.fromisoformat(text)


def daterange(first: date, last: date) -> list[date]:
    """Every day from first to last, inclusive."""
    count = (last - first).days + 1
    return [first + timedelta(days=i) for i in range(max(count, 0))]


EARLIEST_DAY = date(2000, 1, 1)
"""No session or skip day may be dated before this (a typo like 0001-01-01, or 1926)."""

SESSION_DAYS_AHEAD = 1
"""How far past today a session's date may be: one day, for a file written in a time zone
that is already on tomorrow."""

SKIP_DAYS_AHEAD = 366
"""Skip days may be planned ahead (a holiday), but at most about a year."""


def date_bound_problem(day: date, today: date, days_ahead: int | None) -> str | None:
    """Why `day` is outside supple's range, with what to give instead; None when it is fine.

    The range is from EARLIEST_DAY to `days_ahead` days after `today` (no upper bound when
    `days_ahead` is None).
    """
    if day < EARLIEST_DAY:
        return (
            f"{day.isoformat()} is before {EARLIEST_DAY.isoformat()}; "
            f"give a date from {EARLIEST_DAY.isoformat()} on"
        )
    if days_ahead is None:
        return None
    latest = today + timedelta(days=days_ahead)
    if day <= latest:
        return None
    ahead = "is in the future" if days_ahead <= 1 else f"is more than {days_ahead} days ahead"
    return f"{day.isoformat()} {ahead}; give a date up to {latest.isoformat()}"


def calendar_today() -> date:
    """Today's calendar date by the clock the commands use ($SUPPLE_NOW or the system)."""
    from tracker.core.clock import SystemClock, clock_from_env

    try:
        clock = clock_from_env()
    except ValueError:  # a bad $SUPPLE_NOW is reported by the command itself
        clock = SystemClock()
    return clock.now().date()
