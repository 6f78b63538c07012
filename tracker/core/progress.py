"""What the main screen shows under the heatmap, as plain data: pain per week and the last
sessions.

Pure functions over session records (already checked by the store); no Textual, no I/O, no
clock. Weeks start on Monday, as the heatmap's columns do.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

PAIN_WEEKS = 12
RECENT_SESSIONS = 6

Record = Mapping[str, object]

# A terminal escape sequence (CSI ... final byte, or ESC and one character): gone whole, not
# only its ESC, so "\x1b[31m" leaves nothing behind.
ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]?")


@dataclass(frozen=True)
class PainWeek:
    """The mean pain before and after the sessions of one week (None: nothing recorded)."""

    monday: date
    before: float | None
    after: float | None


@dataclass(frozen=True)
class RecentSession:
    """One session as the list of recent sessions shows it."""

    day: date
    kind: str
    status: str
    pain_before: int | None
    pain_after: int | None
    note: str  # one line, printable

    @property
    def pain(self) -> str:
        return pain_text(self.pain_before, self.pain_after)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _pain(record: Record, name: str) -> int | None:
    value = record.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def weekly_pain(sessions: Iterable[Record], today: date, weeks: int = PAIN_WEEKS) -> list[PainWeek]:
    """Mean pain before and after per Monday week, oldest first, the last week holding today.

    Every session with a rating counts, whatever its status: a session stopped because it
    hurt says as much about pain as a complete one. Days after today are left out.
    """
    if weeks < 1:
        return []
    start = _monday(today) - timedelta(weeks=weeks - 1)
    before: list[list[int]] = [[] for _ in range(weeks)]
    after: list[list[int]] = [[] for _ in range(weeks)]
    for record in sessions:
        day = date.fromisoformat(str(record["date"]))
        if not start <= day <= today:
            continue
        index = (day - start).days // 7
        value = _pain(record, "pain_before")
        if value is not None:
            before[index].append(value)
        value = _pain(record, "pain_after")
        if value is not None:
            after[index].append(value)
    return [
        PainWeek(start + timedelta(weeks=i), _mean(before[i]), _mean(after[i]))
        for i in range(weeks)
    ]


def has_pain(weeks: Iterable[PainWeek]) -> bool:
    return any(week.before is not None or week.after is not None for week in weeks)


def recent_sessions(
    sessions: Iterable[Record], limit: int = RECENT_SESSIONS
) -> list[RecentSession]:
    """The last `limit` sessions, newest first: by date, then start time, then the order they
    were stored in (a logged session has no start time)."""
    # The newest few of thousands: a heap, not a sort of them all.
    ordered = heapq.nlargest(
        max(0, limit),
        enumerate(sessions),
        key=lambda item: (str(item[1]["date"]), str(item[1].get("started_at") or ""), item[0]),
    )
    return [
        RecentSession(
            day=date.fromisoformat(str(record["date"])),
            kind=str(record.get("kind", "")),
            status=str(record.get("status", "")),
            pain_before=_pain(record, "pain_before"),
            pain_after=_pain(record, "pain_after"),
            note=one_line(record.get("note")),
        )
        for _, record in ordered
    ]


def pain_text(before: int | None, after: int | None) -> str:
    """ "5 → 3", "5 → -", "- → 3", or "" when neither was rated."""
    if before is None and after is None:
        return ""
    return f"{'-' if before is None else before} → {'-' if after is None else after}"


def one_line(note: object) -> str:
    """A note safe to draw in one terminal line: escape sequences go, other control and
    format characters (bidi overrides, newlines) become spaces, runs of spaces one space.

    (Meant to give way to `tracker.core.text.printable` when that lands: swap the body.)
    """
    if not isinstance(note, str):
        return ""
    note = ESCAPE_SEQUENCE.sub("", note)
    kept = (" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in note)
    return " ".join("".join(kept).split())
