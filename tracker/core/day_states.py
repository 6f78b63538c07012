"""The state of one day, as the calendar and the heatmap show it, by the rules of the habit
(`tracker.core.rules`): done, done with less pain after, partial, skip, missed, today pending.

Apart from `tracker.core.rules` because `supple status` loads that and needs no day states (nor
`enum`, which takes longer to import than the rules themselves).
"""

from __future__ import annotations

from datetime import date
from enum import Enum

from tracker.core.rules import History


class DayState(str, Enum):
    EASED = "eased"  # done, and a complete session left less pain after than before
    DONE = "done"  # at least one complete session
    PARTIAL = "partial"  # only partial or stopped sessions, not a skip day: counts as missed
    SKIP = "skip"  # a rest or pause day without a complete session
    MISSED = "missed"  # a past day with nothing
    PENDING = "pending"  # today, not done yet
    FUTURE = "future"
    BEFORE = "before"  # before the history starts


def day_state(history: History, day: date, today: date) -> DayState:
    """The state of one day, as the heatmap shows it.

    Today with only a partial or stopped session shows as PARTIAL (it was tried), not as
    PENDING; it is still open, so it breaks nothing until it is over.
    """
    if day > today:
        return DayState.SKIP if day in history.skips else DayState.FUTURE
    if day in history.done:
        return DayState.EASED if day in history.eased else DayState.DONE
    if day in history.skips:
        return DayState.SKIP
    if day in history.attempted:
        return DayState.PARTIAL
    if day == today:
        return DayState.PENDING
    if history.first_day is None or day < history.first_day:
        return DayState.BEFORE
    return DayState.MISSED


def is_done(state: DayState) -> bool:
    """True for the states of a done day (with or without less pain after)."""
    return state in (DayState.DONE, DayState.EASED)
