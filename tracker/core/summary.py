"""A `Summary`: what the shell commands read of the store (the settings, the history reduced
to days, the claimed and snoozed reminders), without the records themselves.

Kept apart from `snapshot` so that `supple status` can read one from the status cache
without loading what parses and checks a whole store.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from tracker.core.record_type import record_type
from tracker.core.rules import History, history_from
from tracker.core.settings import Settings

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

    @classmethod
    def of(cls, snapshot: Snapshot) -> Summary:
        return cls(
            dict(snapshot.stored_settings),
            snapshot.history,
            snapshot.sent_reminders(),
            snapshot.snooze_records(),
        )

    def snooze_records(self) -> tuple[dict[str, Any], ...]:
        return self.snoozed

    @property
    def settings(self) -> Settings:
        return Settings.from_stored(self.stored_settings)

    def sent_reminders(self) -> frozenset[tuple[date, str]]:
        return self.sent


class PainByDay(Mapping[date, tuple[int, ...]]):
    """History.pain_after as the status cache keeps it ({ordinal: [levels], ...}), read one
    day at a time without making every day of it: `supple status` looks at two weeks, and
    at ten years this is most of the cache."""

    def __init__(self, by_ordinal: object) -> None:
        # One set of types for all keys, values and levels: checking them one by one took
        # longer than the rest of reading the cache.
        if (
            type(by_ordinal) is not dict
            or not {type(key) for key in by_ordinal} <= {int}
            or not {type(levels) for levels in by_ordinal.values()} <= {list}
            or not {type(level) for levels in by_ordinal.values() for level in levels} <= {int}
        ):
            raise ValueError("pain_after must map days to their levels")
        self.by_ordinal: dict[int, list[int]] = by_ordinal

    def __getitem__(self, day: date) -> tuple[int, ...]:
        return tuple(self.by_ordinal[day.toordinal()])

    def __iter__(self) -> Iterator[date]:
        return map(date.fromordinal, self.by_ordinal)

    def __len__(self) -> int:
        return len(self.by_ordinal)

    def plus(self, day: date, levels: tuple[int, ...]) -> PainByDay:
        """These days, with `levels` after the levels `day` has (a new session's)."""
        key = day.toordinal()
        more = dict(self.by_ordinal)
        more[key] = [*more.get(key, ()), *levels]
        return PainByDay(more)


class Days(frozenset[date]):
    """A set of days that remembers the sorted ordinals it was read as (the status cache's
    form): a write that adds a day keeps them so, and the cache is written back unsorted."""

    ordinals: list[int]

    @classmethod
    def of_ordinals(cls, ordinals: list[int]) -> Days:
        if type(ordinals) is not list or not {type(n) for n in ordinals} <= {int}:
            raise ValueError("days must be whole numbers")
        made = cls(map(date.fromordinal, ordinals))
        made.ordinals = sorted(ordinals)
        return made

    def plus(self, days: Iterable[date]) -> Days:
        new = [day for day in days if day not in self]
        if not new:
            return self
        made = Days(self.union(new))
        made.ordinals = list(self.ordinals)
        for day in new:
            bisect.insort(made.ordinals, day.toordinal())
        return made

    def minus(self, days: Iterable[date]) -> Days:
        gone = [day for day in days if day in self]
        if not gone:
            return self
        made = Days(self.difference(gone))
        made.ordinals = [n for n in self.ordinals if date.fromordinal(n) not in gone]
        return made


def _plus(days: frozenset[date], more: frozenset[date]) -> frozenset[date]:
    return days.plus(more) if isinstance(days, Days) else days | more


def _minus(days: frozenset[date], gone: frozenset[date]) -> frozenset[date]:
    return days.minus(gone) if isinstance(days, Days) else days - gone


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
    done = _plus(old.done, added.done)
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
        attempted=_plus(_minus(old.attempted, added.done), added.attempted - done),
        skips=old.skips,
        skip_reasons=old.skip_reasons,
        pain_rises=_max_by_day(old.pain_rises, added.pain_rises),
        complete_count=old.complete_count + added.complete_count,
        first_day=min(firsts) if firsts else None,
        pain_after=pain,
        eased=_plus(old.eased, added.eased),
    )
    return Summary(summary.stored_settings, history, summary.sent, summary.snoozed)
