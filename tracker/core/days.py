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


# ---- days given as words: today, yesterday, -N, a weekday name -----------------------------

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_DAYS_BACK = 100_000  # about 270 years: anything past 2000 is refused by the range check
DAY_WORDS_HELP = "YYYY-MM-DD, today, yesterday, -N (days ago) or a weekday name"


class DayWord:
    """A day named relative to today (`today`, `yesterday`, `-3`, `fri`): what it means
    depends on supple's today (with `day-start`), known only once the store is read."""

    __slots__ = ("text", "back", "weekday")

    def __init__(self, text: str, back: int | None = None, weekday: int | None = None) -> None:
        self.text, self.back, self.weekday = text, back, weekday

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DayWord) and (self.back, self.weekday) == (
            other.back,
            other.weekday,
        )

    def __hash__(self) -> int:
        return hash((self.back, self.weekday))

    def __repr__(self) -> str:
        return f"DayWord({self.text!r})"

    def on(self, today: date, after: date | None = None) -> date:
        """The day meant: `back` days before `today`; a weekday name is the latest such day
        up to `today`, or with `after` (the end of a range) the first on or after it."""
        if self.weekday is None:
            return today - timedelta(days=self.back or 0)
        if after is not None:
            return after + timedelta(days=(self.weekday - after.weekday()) % 7)
        return today - timedelta(days=(today.weekday() - self.weekday) % 7)


def parse_day(text: str) -> date | DayWord:
    """YYYY-MM-DD, or a day as a word (see DayWord); raises ValueError."""
    word = text.strip().lower()
    if word == "today":
        return DayWord(text, 0)
    if word == "yesterday":
        return DayWord(text, 1)
    if word.startswith("-") and word[1:].isascii() and word[1:].isdigit():
        back = int(word[1:])
        if back > MAX_DAYS_BACK:
            raise ValueError(text)
        return DayWord(text, back)
    if len(word) >= 3:
        for number, name in enumerate(WEEKDAYS):
            if name.startswith(word):
                return DayWord(text, weekday=number)
    return parse_date(text)


def resolve_day(
    value: date | DayWord | None, today: date, after: date | None = None
) -> date | None:
    """`value` as a date (None stays None): a DayWord counted from `today` (see DayWord.on)."""
    if isinstance(value, DayWord):
        return value.on(today, after)
    return value
