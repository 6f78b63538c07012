"""A `Summary`: what the shell commands read of the store (the settings, the history reduced
to days, the claimed and snoozed reminders), without the records themselves.

Kept apart from `snapshot` so that `supple status` can read one from the status cache
without loading what parses and checks a whole store.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from datetime import date

from tracker.core.measures import NO_MEASURES, MeasuresNow
from tracker.core.record_type import record_type
from tracker.core.rules import History, history_from
from tracker.core.settings import Settings

NO_HINGE: Mapping[date, str] = {}

TYPE_CHECKING = (
    False  # not from typing: `supple status` loads this module (tracker.core.record_type)
)
if TYPE_CHECKING:
    from typing import Any

    from tracker.store.snapshot import Snapshot


# A record, not a dataclass or NamedTuple: quicker to import (tracker.core.record_type).
@record_type
class Summary:
    stored_settings: Mapping[str, Any]
    history: History
    sent: frozenset[tuple[date, str]]
    snoozed: tuple[dict[str, Any], ...] = ()  # the reminder records that carry a snooze
    measures: MeasuresNow = NO_MEASURES  # the first and latest self-test and activity scores
    hinge_days: Mapping[date, str] = NO_HINGE  # the everyday hinge's evening answer by day

    @classmethod
    def of(cls, snapshot: Snapshot) -> Summary:
        return cls(
            dict(snapshot.stored_settings),
            snapshot.history,
            snapshot.sent_reminders(),
            snapshot.snooze_records(),
            snapshot.measures,
            snapshot.hinge_days,
        )

    def snooze_records(self) -> tuple[dict[str, Any], ...]:
        return self.snoozed

    @property
    def settings(self) -> Settings:
        return Settings.from_stored(self.stored_settings)

    def sent_reminders(self) -> frozenset[tuple[date, str]]:
        return self.sent


class PainByDay(Mapping[date, tuple[int, ...]]):
    """History.pain_after as the status summary keeps it: the days with pain levels (day
    numbers, ascending), where each day's levels end in `levels`, and the levels, read one
    day at a time without making every day of them: `supple status` looks at two weeks, and
    at ten years this is most of the summary."""

    def __init__(self, days: list[int], ends: list[int], levels: list[int]) -> None:
        if (
            len(ends) != len(days)
            or (ends and ends[-1] != len(levels))
            or ends != sorted(ends)
            or days != sorted(set(days))
        ):
            raise ValueError("pain levels out of step with their days")
        self.days, self.ends, self.levels = days, ends, levels

    def __getitem__(self, day: date) -> tuple[int, ...]:
        key = day.toordinal()
        at = bisect.bisect_left(self.days, key)
        if at == len(self.days) or self.days[at] != key:
            raise KeyError(day)
        return tuple(self.levels[self.ends[at - 1] if at else 0 : self.ends[at]])

    def __iter__(self) -> Iterator[date]:
        return map(date.fromordinal, self.days)

    def __len__(self) -> int:
        return len(self.days)

    def plus(self, day: date, levels: tuple[int, ...]) -> PainByDay:
        """These days, with `levels` after the levels `day` has (a new session's)."""
        key = day.toordinal()
        at = bisect.bisect_left(self.days, key)
        days, ends = list(self.days), list(self.ends)
        end = ends[at - 1] if at else 0
        if at == len(days) or days[at] != key:
            days.insert(at, key)
            ends.insert(at, end)
        else:
            end = ends[at]
        more = self.levels[:end] + list(levels) + self.levels[end:]
        ends[at:] = [n + len(levels) for n in ends[at:]]
        return PainByDay(days, ends, more)


def _max_by_day(old: Mapping[date, int], new: Mapping[date, int]) -> Mapping[date, int]:
    if not new:
        return old
    merged = dict(old)
    for day, value in new.items():
        merged[day] = max(merged.get(day, 0), value)
    return merged


def with_session(summary: Summary, session: Mapping[str, Any]) -> Summary:
    """`summary` after one more session, the newest (as `Summary.of` a store holding it too).

    The session's own history, from the same rule, joined with the old: a day is done if
    either says so, attempted days exclude done ones, pain levels keep store order (the new
    session's last).
    """
    added = history_from([session], [], None)
    old = summary.history
    done = old.done | added.done
    pain: Mapping[date, tuple[int, ...]]
    if isinstance(old.pain_after, PainByDay):  # as read from the cache: keep it so
        pain = old.pain_after
        for day, levels in added.pain_after.items():
            pain = pain.plus(day, levels)
    else:
        merged = dict(old.pain_after)
        for day, levels in added.pain_after.items():
            merged[day] = merged.get(day, ()) + levels
        pain = merged
    firsts = [d for d in (old.first_day, added.first_day) if d is not None]
    history = History(
        done=done,
        # (old attempted ∪ new) − every done day; old attempted has no old done day in it
        attempted=(old.attempted - added.done) | (added.attempted - done),
        skips=old.skips,
        skip_reasons=old.skip_reasons,
        pain_rises=_max_by_day(old.pain_rises, added.pain_rises),
        complete_count=old.complete_count + added.complete_count,
        first_day=min(firsts) if firsts else None,
        pain_after=pain,
        eased=old.eased | added.eased,
    )
    return Summary(
        summary.stored_settings,
        history,
        summary.sent,
        summary.snoozed,
        summary.measures,
        summary.hinge_days,
    )
