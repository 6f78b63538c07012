"""Time as a dependency: everything that asks "what time is it" takes a Clock.

The real clock reads the system; tests pass a FakeClock so days, timers and reminders are
deterministic.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current local time, timezone-aware."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes back (for countdowns)."""
        ...


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

    def set_wall(self, now: datetime) -> None:
        """Jump the wall clock only (a clock change or a resume from suspend)."""
        self._now = now

    def set_zone(self, zone: tzinfo) -> None:
        self._now = self._now.astimezone(zone)
