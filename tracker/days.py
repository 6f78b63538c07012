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


def day_start_moment(day: date, day_start: time) -> datetime:
    """The naive local wall time at which `day` begins."""
    return datetime.combine(day, day_start)


def parse_date(text: str) -> date:
    """Parse YYYY-MM-DD strictly (no other forms), raising ValueError."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(text)
    return date.fromisoformat(text)


def daterange(first: date, last: date) -> list[date]:
    """Every day from first to last, inclusive."""
    count = (last - first).days + 1
    return [first + timedelta(days=i) for i in range(max(count, 0))]
