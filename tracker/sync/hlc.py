"""A hybrid logical clock (Kulkarni et al. 2014): the stamp that orders changes across devices.

A stamp is (milliseconds of the wall clock, counter). A device's next stamp is after every
stamp it has made or seen, and at its wall clock when that is ahead: so a change made after
seeing another device's change always wins over it, however wrong either wall clock is, and
clocks that agree give stamps that read as the time of the change.
"""

from __future__ import annotations

Stamp = tuple[int, int]
"""(milliseconds since 1970 UTC, counter within that millisecond)."""

ZERO: Stamp = (0, 0)
MAX_MS = 253_402_300_800_000  # 10000-01-01: a stamp must name a month of a real calendar


def tick(last: Stamp, now_ms: int) -> Stamp:
    """The stamp of a new change on this device: after `last` (the greatest stamp this
    device has made or seen), and at the wall clock `now_ms` if that is later."""
    now_ms = min(max(now_ms, 0), MAX_MS - 1)
    if now_ms > last[0]:
        return (now_ms, 0)
    return (last[0], last[1] + 1)


def later(a: Stamp, b: Stamp) -> Stamp:
    """The greater of two stamps (what a device keeps after seeing another's)."""
    return a if a >= b else b


def is_stamp(value: object) -> bool:
    """Whether a JSON value is a stamp: two whole numbers (not bools), the first a time
    before the year 10000."""
    return (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and type(value[0]) is int
        and type(value[1]) is int
        and 0 <= value[0] < MAX_MS
        and 0 <= value[1] < 1 << 53
    )


def month_of(stamp: Stamp) -> str:
    """The month (UTC) a stamp falls in, as YYYY-MM: the log file it goes to."""
    import time

    moment = time.gmtime(stamp[0] // 1000)
    return f"{moment.tm_year:04d}-{moment.tm_mon:02d}"
