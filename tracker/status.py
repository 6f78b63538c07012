"""Today's picture, as `supple status` prints it and the main screen shows it."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from tracker.days import day_of
from tracker.pain import NO_PAIN_TREND, PainTrend, pain_note, pain_trend
from tracker.reminders.schedule import next_reminder
from tracker.reminders.snooze import snoozed_until
from tracker.rules import Stats, stats
from tracker.store.snapshot import Snapshot, Summary


class Status(NamedTuple):  # not a dataclass: quicker to define, and status runs often
    stats: Stats
    today_skipped: bool
    next_reminder: datetime | None
    snoozed: bool = False  # next_reminder is a snoozed reminder coming back
    pain: PainTrend = NO_PAIN_TREND  # pain after sessions, this week against last week


def build_status(snapshot: Snapshot | Summary, now: datetime, zone: tzinfo | None = None) -> Status:
    """`zone`: the named local zone, so a reminder after a DST change is shown at the right time."""
    settings = snapshot.settings
    today = day_of(now, settings.day_start)
    day_stats = stats(snapshot.history, today)
    upcoming = next_reminder(settings, now, day_stats.today_done, snapshot.sent_reminders(), zone)
    skipped = today in snapshot.history.skips
    pain = pain_trend(snapshot.history.pain_after, today)
    if not day_stats.today_done:
        back = snoozed_until(snapshot.snooze_records(), today, now)
        if back is not None and (upcoming is None or back <= upcoming):
            return Status(day_stats, skipped, back.astimezone(now.tzinfo), True, pain)
    return Status(day_stats, skipped, upcoming, pain=pain)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def status_json(status: Status) -> dict[str, Any]:
    s = status.stats
    return {
        "date": s.date.isoformat(),
        "today_done": s.today_done,
        "current_streak": s.current_streak,
        "best_streak": s.best_streak,
        "total_sessions": s.total_sessions,
        "strength": _round(s.strength),
        "adherence_7d": _round(s.adherence_7d),
        "adherence_30d": _round(s.adherence_30d),
        "next_reminder": (
            status.next_reminder.isoformat(timespec="seconds") if status.next_reminder else None
        ),
        "pain_rising": status.pain.rising,  # supple's addition to the contract's fields
    }


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def today_line(status: Status) -> str:
    if status.stats.today_done:
        return "done"
    if status.today_skipped:
        return "skip day (rest)"
    return "not done yet"


def reminder_line(status: Status, now: datetime) -> str:
    when = status.next_reminder
    if when is None:
        return "none set"
    local = when.astimezone(now.tzinfo)
    if status.snoozed:
        return f"snoozed until {local:%H:%M}"
    if local.date() == now.date():
        return f"today {local:%H:%M}"
    if (local.date() - now.date()).days == 1:
        return f"tomorrow {local:%H:%M}"
    return f"{local:%a %d %b %H:%M}"


def status_lines(status: Status, now: datetime) -> list[str]:
    s = status.stats
    note = pain_note(status.pain)
    return [
        f"Today ({s.date.isoformat()}): {today_line(status)}",
        f"Current streak: {_days(s.current_streak)}   Best streak: {_days(s.best_streak)}",
        f"Strength: {s.strength:.0f}/100   Adherence: 7 days {_percent(s.adherence_7d)}, "
        f"30 days {_percent(s.adherence_30d)}",
        f"Total sessions: {s.total_sessions}",
        f"Next reminder: {reminder_line(status, now)}",
        *([] if note is None else [note]),
    ]
