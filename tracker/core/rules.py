"""The rules of the habit: done, skip and missed days, streaks, strength and adherence.

Pure functions over a `History` (no I/O, no clock): the shell, the TUI and the heatmap all call
these (the state of each day, as the calendar shows it, is in `tracker.core.day_states`), so they
can never disagree about a day.

- A day is *done* when it has at least one complete session, even if it is also a skip day.
- A *skip* day neither breaks nor extends a streak; a run of skips alone is no streak.
- Today, not yet done, does not break the streak.
- Strength is exponential smoothing with a 13-day half-life: s = s*m + v*(1-m), v = 1 on a
  done day and 0 on a missed day; skip days leave it unchanged; today counts only once done.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType

from tracker.core.record_type import record_type

STRENGTH_MULTIPLIER = 0.5 ** (1 / 13)

ONE_DAY = timedelta(days=1)

# The reason of a skip day that a stop for pain made (`supple status --json`: skip_reason).
PAIN_REASON = "pain"


# Records, not dataclasses or NamedTuples: `supple status` loads this module, and dataclasses
# or typing alone take longer to import than the rest of what status needs
# (tracker.core.record_type).
@record_type
class History:
    """What the rules need to know, already reduced to days."""

    done: frozenset[date] = frozenset()  # days with a complete session
    attempted: frozenset[date] = frozenset()  # days with a partial or stopped session
    skips: frozenset[date] = frozenset()
    complete_count: int = 0  # complete sessions, counted one by one
    first_day: date | None = None  # first recorded session or store creation, the earlier
    pain_after: Mapping[date, tuple[int, ...]] = MappingProxyType({})
    eased: frozenset[date] = frozenset()  # done days whose session lowered the pain
    skip_reasons: Mapping[date, str] = MappingProxyType({})  # skip days that have a reason
    # the biggest rise in pain from before to after of one session, by day (rises only)
    pain_rises: Mapping[date, int] = MappingProxyType({})


def _pain(record: Mapping[str, object], name: str) -> int | None:
    value = record.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def history_from(
    sessions: Iterable[Mapping[str, object]],
    marks: Iterable[Mapping[str, object]],
    created: date | None,
) -> History:
    """Reduce stored session and mark records to a History (records are already validated)."""
    done: set[date] = set()
    attempted: set[date] = set()
    eased: set[date] = set()
    pain: dict[date, list[int]] = {}
    rises: dict[date, int] = {}
    complete = 0
    first = created
    for record in sessions:
        day = date.fromisoformat(str(record["date"]))
        if first is None or day < first:
            first = day
        before, after = _pain(record, "pain_before"), _pain(record, "pain_after")
        if record.get("status") == "complete":
            done.add(day)
            complete += 1
            if before is not None and after is not None and after < before:
                eased.add(day)
        else:
            attempted.add(day)
        if after is not None:
            pain.setdefault(day, []).append(after)
            if before is not None and after > before:
                rises[day] = max(rises.get(day, 0), after - before)
    skips: set[date] = set()
    reasons: dict[date, str] = {}
    for mark in marks:
        day = date.fromisoformat(str(mark["date"]))
        skips.add(day)
        if mark.get("reason"):
            reasons[day] = str(mark["reason"])
    return History(
        done=frozenset(done),
        attempted=frozenset(attempted - done),
        skips=frozenset(skips),
        complete_count=complete,
        first_day=first,
        pain_after={d: tuple(v) for d, v in pain.items()},
        eased=frozenset(eased),
        skip_reasons=reasons,
        pain_rises=rises,
    )


def pain_rest_days(history: History) -> frozenset[date]:
    """Skip days that a stop for pain made (reason "pain")."""
    return frozenset(d for d, why in history.skip_reasons.items() if why == PAIN_REASON)


def _keeps_run(history: History, day: date) -> bool:
    return day in history.done or day in history.skips


def current_streak(history: History, today: date) -> int:
    """Done days in the run that ends today, or yesterday when today is not done yet."""
    day = today if _keeps_run(history, today) else today - ONE_DAY
    count = 0
    while _keeps_run(history, day):
        if day in history.done:
            count += 1
        day -= ONE_DAY
    return count


def best_streak(history: History, today: date) -> int:
    """The most done days in any run of done-or-skip days up to today."""
    return _best_streak(*_day_numbers(history), today.toordinal())


def strength(history: History, today: date) -> float:
    """Habit strength from 0 to 100 (see the module docstring)."""
    return _strength(*_day_numbers(history), history.first_day, today.toordinal())


# Day numbers, not dates: stepping through decades of dates took most of the time `supple
# status` and the app's first frame spend on their figures.
def _day_numbers(history: History) -> tuple[set[int], set[int]]:
    """The done days and the skip days, as day numbers (date.toordinal)."""
    return set(map(date.toordinal, history.done)), set(map(date.toordinal, history.skips))


def _best_streak(done: set[int], skips: set[int], end: int) -> int:
    best = run = 0
    previous = None
    for day in sorted(done.union(skips)):
        if day > end:
            break
        if previous is None or day - previous != 1:
            run = 0
        if day in done:
            run += 1
            if run > best:
                best = run
        previous = day
    return best


def _strength(done: set[int], skips: set[int], first: date | None, today: int) -> float:
    if first is None:  # no history yet
        return 0.0
    score = 0.0
    m = STRENGTH_MULTIPLIER
    for day in range(first.toordinal(), today + 1):
        if day in done:
            score = score * m + (1 - m)
        elif day in skips or day == today:
            pass  # rest days and today-not-yet-done leave it alone
        else:
            score = score * m
    return score * 100


def adherence(history: History, today: date, days: int) -> float | None:
    """Percent of due days done over the last `days` days; None when no day was due.

    The window ends today if today is done, else yesterday, and starts no earlier than the
    history. Skip days are not due unless they were done anyway.
    """
    if history.first_day is None:
        return None
    end = today if today in history.done else today - ONE_DAY
    start = max(end - timedelta(days=days - 1), history.first_day)
    due = done = 0
    day = start
    while day <= end:
        if day in history.done:
            due += 1
            done += 1
        elif day not in history.skips:
            due += 1
        day += ONE_DAY
    if due == 0:
        return None
    return 100.0 * done / due


@record_type
class Stats:
    date: date
    today_done: bool
    current_streak: int
    best_streak: int
    total_sessions: int
    strength: float
    adherence_7d: float | None
    adherence_30d: float | None


def stats(history: History, today: date) -> Stats:
    done, skips = _day_numbers(history)  # once for both figures that walk every day
    return Stats(
        date=today,
        today_done=today in history.done,
        current_streak=current_streak(history, today),
        best_streak=_best_streak(done, skips, today.toordinal()),
        total_sessions=history.complete_count,
        strength=_strength(done, skips, history.first_day, today.toordinal()),
        adherence_7d=adherence(history, today, 7),
        adherence_30d=adherence(history, today, 30),
    )
