"""A `Summary`: what the shell commands read of the store (the settings, the history reduced
to days, the claimed and snoozed reminders), without the records themselves.

Kept apart from `snapshot` so that `supple status` can read one from the status cache
without loading what parses and checks a whole store.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from tracker.record import record_type
from tracker.rules import History, history_from
from tracker.settings import Settings

TYPE_CHECKING = False  # not from typing: `supple status` loads this module (tracker.record)
if TYPE_CHECKING:
    from typing import Any

    from tracker.store.snapshot import Snapshot


# A record, not a dataclass or NamedTuple: quicker to import (tracker.record).
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
    """History.pain_after as the cache keeps it ([[ordinal, [levels]], ...]), made into days
    only when something reads it: `supple status` never does, and at ten years it is most of
    the cache."""

    def __init__(self, pairs: object) -> None:
        if not isinstance(pairs, list):
            raise ValueError("pain_after must be a list")
        self._pairs: list[list[object]] | None = pairs
        self._days: dict[date, tuple[int, ...]] = {}

    def pairs(self) -> list[list[object]]:
        """As the cache keeps them ([[ordinal, [levels]], ...])."""
        if self._pairs is not None:
            return self._pairs
        return [[day.toordinal(), list(v)] for day, v in self._days.items()]

    def plus(self, day: date, levels: tuple[int, ...]) -> PainByDay:
        """These days and `levels` added to `day` (after the levels it has), made lazily too."""
        pairs = list(self.pairs())
        ordinal = day.toordinal()
        for index in range(len(pairs) - 1, -1, -1):  # a new session is recent: look from the end
            if pairs[index][0] == ordinal:
                old = pairs[index][1]
                assert isinstance(old, list)
                pairs[index] = [ordinal, [*old, *levels]]
                return PainByDay(pairs)
        pairs.append([ordinal, list(levels)])
        return PainByDay(pairs)

    def _made(self) -> dict[date, tuple[int, ...]]:
        if self._pairs is not None:
            made = {}
            for ordinal, levels in self._pairs:
                if not isinstance(ordinal, int) or not isinstance(levels, list):
                    raise ValueError("a damaged pain_after entry in the status cache")
                made[date.fromordinal(ordinal)] = tuple(int(v) for v in levels)
            self._days, self._pairs = made, None
        return self._days

    def __getitem__(self, day: date) -> tuple[int, ...]:
        return self._made()[day]

    def __iter__(self) -> Iterator[date]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())


class Days(frozenset[date]):
    """A set of days that remembers the sorted ordinals it was read as (the status cache's
    form): a write that adds a day keeps them so, and the cache is written back unsorted."""

    ordinals: list[int]

    @classmethod
    def of_ordinals(cls, ordinals: list[int]) -> Days:
        if any(not isinstance(n, int) for n in ordinals):
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
        attempted=_minus(_plus(old.attempted, added.attempted), added.done),
        skips=old.skips,
        complete_count=old.complete_count + added.complete_count,
        first_day=min(firsts) if firsts else None,
        pain_after=pain,
    )
    return Summary(summary.stored_settings, history, summary.sent, summary.snoozed)
