"""Time as a dependency: everything that asks "what time is it" takes a Clock.

The real clock reads the system; tests pass a FakeClock so days, timers and reminders are
deterministic.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, tzinfo

TYPE_CHECKING = False  # not from typing: `supple status` loads this module and not typing
if TYPE_CHECKING:
    from typing import Protocol

    class Clock(Protocol):
        def now(self) -> datetime:
            """The current local time, timezone-aware."""
            ...

        def monotonic(self) -> float:
            """Seconds from an arbitrary start; never goes back (for countdowns)."""
            ...

else:

    class Clock:
        """What a clock has (now, monotonic); for type checkers a Protocol."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now().astimezone()

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that only moves when told to. `now` must be timezone-aware."""

    def __init__(self, now: datetime, monotonic: float = 1000.0) -> None:
        if now.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware datetime")
        self._now = now
        self._mono = monotonic

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        """Move both the wall clock and the monotonic clock forward."""
        self._now = self._now + timedelta(seconds=seconds)
        self._mono += seconds


class ShiftedClock:
    """The system clock moved to start at a given moment; time still passes.

    Used when $SUPPLE_NOW is set, so tests (and curious users) can run the real commands and
    the daemon "as if" it were another day or time.
    """

    def __init__(self, start: datetime) -> None:
        self._start = start
        self._mono0 = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._mono0)

    def monotonic(self) -> float:
        return time.monotonic()


ENV_NOW = "SUPPLE_NOW"


def clock_from_env(environ: dict[str, str] | None = None) -> Clock:
    """SystemClock, or a ShiftedClock when $SUPPLE_NOW holds an ISO time with an offset."""
    import os

    value = (environ if environ is not None else dict(os.environ)).get(ENV_NOW)
    if not value:
        return SystemClock()
    start = datetime.fromisoformat(value)
    if start.tzinfo is None:
        start = start.astimezone()
    return ShiftedClock(start)


def local_zone() -> tzinfo | None:
    """The machine's named time zone (for DST-correct future times), or None if unknown."""
    import os
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
        except OSError:
            return None
        marker = "zoneinfo/"
        if marker not in target:
            return None
        name = target.split(marker, 1)[1]
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_for(clock: Clock) -> tzinfo | None:
    """Only the real clock lives in the machine's zone; other clocks carry their own offset."""
    return local_zone() if isinstance(clock, SystemClock) else None
