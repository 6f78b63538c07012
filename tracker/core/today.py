"""Today's picture, as `supple status` prints it and the main screen shows it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from tracker.core.days import day_of
from tracker.core.hinge import check_line as hinge_line
from tracker.core.measures import NO_MEASURES, MeasuresNow
from tracker.core.measures import status_line as measures_line
from tracker.core.pain import (
    NO_PAIN_TREND,
    PainTrend,
    concern_note,
    pain_concerns,
    pain_note,
    pain_trend,
)
from tracker.core.record_type import record_type
from tracker.core.reminder_schedule import (
    LOOKAHEAD_DAYS,
    ON_TIME_WINDOW,
    next_reminder,
    slots_for_day,
)
from tracker.core.rules import ONE_DAY, PAIN_REASON, Stats, pain_rest_days, stats
from tracker.core.snooze import snoozed_until
from tracker.core.summary import Summary

TYPE_CHECKING = (
    False  # not from typing: `supple status` loads this module (tracker.core.record_type)
)
if TYPE_CHECKING:
    from typing import Any

    from tracker.core.measures import Progress
    from tracker.store.snapshot import Snapshot


@record_type  # not a dataclass or NamedTuple: quicker to import, and status runs often
class Status:
    stats: Stats
    today_skipped: bool
    next_reminder: datetime | None
    snoozed: bool = False  # next_reminder is a snoozed reminder coming back
    pain: PainTrend = NO_PAIN_TREND  # pain after sessions, this week against last week
    measures: MeasuresNow = NO_MEASURES  # the first and latest self-test and activity scores
    skip_reason: str | None = None  # today's, when today is a skip day with a reason
    concerns: tuple[str, ...] = ()  # pain that stays high or jumps (pain.pain_concerns)
    hinge_today: str | None = None  # the everyday hinge's evening answer today, if given

    @property
    def resting_for_pain(self) -> bool:
        """Today is a rest day after a stop for pain (and not done)."""
        return self.today_skipped and not self.stats.today_done and self.skip_reason == PAIN_REASON


def build_status(snapshot: Snapshot | Summary, now: datetime, zone: tzinfo | None = None) -> Status:
    """`zone`: the named local zone, so a reminder after a DST change is shown at the right time."""
    settings = snapshot.settings
    today = day_of(now, settings.day_start)
    day_stats = stats(snapshot.history, today)
    skips = snapshot.history.skips
    upcoming = next_reminder(
        settings, now, day_stats.today_done, snapshot.sent_reminders(), zone, skips
    )
    skipped = today in skips
    reason = snapshot.history.skip_reasons.get(today) if skipped else None
    history = snapshot.history
    pain = pain_trend(history.pain_after, today)
    concerns = pain_concerns(history.pain_after, history.pain_rises, pain_rest_days(history), today)
    measures = snapshot.measures
    hinge_today = snapshot.hinge_days.get(today)
    if not day_stats.today_done and not skipped:
        back = snoozed_until(snapshot.snooze_records(), today, now)
        if back is not None and (upcoming is None or back <= upcoming):
            back = back.astimezone(now.tzinfo)
            return Status(
                day_stats, skipped, back, True, pain, measures, reason, concerns, hinge_today
            )
    return Status(
        day_stats,
        skipped,
        upcoming,
        pain=pain,
        measures=measures,
        skip_reason=reason,
        concerns=concerns,
        hinge_today=hinge_today,
    )


# `supple status` on a rest day after a stop for pain (the screens show safety.REST_DAY).
REST_LINE = (
    "You stopped for pain: rest from the exercises today. Gentle everyday movement is fine "
    "(resting is not bed rest). `supple skip --clear` takes the rest day back."
)

JUST_AFTER = timedelta(microseconds=1)


def changes_at(snapshot: Snapshot | Summary, now: datetime, zone: tzinfo | None = None) -> datetime:
    """The first moment after `now` at which `build_status` (and the lines and JSON made from
    it) may tell another story, the store and the zone's offset staying as they are: the
    day starts, the date changes, a reminder falls due or its grace ends, a snooze ends.

    Until then `supple status` may print what it printed at `now`
    (see tracker.cli.status_output_cache).
    """
    settings = snapshot.settings
    today = day_of(now, settings.day_start)
    here = now.tzinfo
    moments = [
        datetime.combine(today + ONE_DAY, settings.day_start, tzinfo=here),
        datetime.combine(now.date() + ONE_DAY, time(0), tzinfo=here),
    ]
    tz = zone if zone is not None else here
    assert tz is not None  # now is aware
    # A reminder stays due up to and including the end of its grace: it changes just after.
    grace = max(timedelta(minutes=settings.reminder_grace), ON_TIME_WINDOW) + JUST_AFTER
    for offset in range(-1, LOOKAHEAD_DAYS + 2):
        for slot in slots_for_day(settings, today + offset * ONE_DAY, tz):
            moments += (slot.due, slot.due + grace)
    for record in snapshot.snooze_records():
        back = snoozed_until([record], date.fromisoformat(str(record["date"])), now)
        if back is not None:
            moments.append(back)
    return min(m for m in moments if m > now)


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
        "today_skipped": status.today_skipped,
        "skip_reason": status.skip_reason if status.today_skipped else None,
        # {first, first_date, latest, latest_date, change, real_change} or null
        "fingertip_cm": _progress_json(status.measures.fingertip),
        "activities_mean": _progress_json(status.measures.activities),
        "hinge_today": status.hinge_today,  # "most", "some", "none" or null
    }


def _progress_json(progress: Progress | None) -> dict[str, Any] | None:
    return None if progress is None else progress.as_json()


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def today_line(status: Status) -> str:
    if status.stats.today_done:
        return "done"
    if status.resting_for_pain:
        return "rest day (pain)"
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
    # A reminder whose time has passed is still due (within reminder-grace) until one is
    # sent: the next check sends it, the daemon's at once.
    late = ", not sent yet" if when <= now else ""
    if local.date() == now.date():
        return f"today {local:%H:%M}{late}"
    if (local.date() - now.date()).days == 1:
        return f"tomorrow {local:%H:%M}"
    if (now.date() - local.date()).days == 1:
        return f"yesterday {local:%H:%M}{late}"
    return f"{local:%a %d %b %H:%M}{late}"


def pain_notes(status: Status) -> list[str]:
    """The pain notes that apply today: rising over two weeks, and high or jumping."""
    notes = [pain_note(status.pain), concern_note(status.concerns)]
    return [note for note in notes if note is not None]


def status_lines(status: Status, now: datetime) -> list[str]:
    s = status.stats
    measured = measures_line(status.measures)
    return [
        f"Today ({s.date.isoformat()}): {today_line(status)}",
        f"Current streak: {_days(s.current_streak)}   Best streak: {_days(s.best_streak)}",
        f"Strength: {s.strength:.0f}/100   Adherence: 7 days {_percent(s.adherence_7d)}, "
        f"30 days {_percent(s.adherence_30d)}",
        f"Complete sessions: {s.total_sessions}",
        f"Next reminder: {reminder_line(status, now)}",
        *([REST_LINE] if status.resting_for_pain else []),
        *pain_notes(status),
        *([] if measured is None else [measured]),
        *([] if status.hinge_today is None else [hinge_line(status.hinge_today)]),
    ]


SHORT_SEPARATOR = " \u00b7 "  # a middle dot; " - " where the output cannot take it


def short_line(status: Status, now: datetime) -> str:
    """`supple status --short`: one line for a prompt or a status bar, such as
    "done · streak 12 · next 18:00"."""
    s = status.stats
    parts = [today_line(status).removesuffix(" (rest)").removesuffix(" yet")]
    parts.append(f"streak {s.current_streak}")
    when = status.next_reminder
    if when is not None:
        local = when.astimezone(now.tzinfo)
        shown = f"{local:%H:%M}" if local.date() == now.date() else f"{local:%a %H:%M}"
        word = "snoozed" if status.snoozed else "due" if when <= now else "next"
        parts.append(f"{word} {shown}")
    return SHORT_SEPARATOR.join(parts)


def status_texts(
    snapshot: Snapshot | Summary, now: datetime, zone: tzinfo | None = None
) -> tuple[str, str, str, datetime]:
    """What `supple status` prints plain, with --json and with --short (the order of
    `status_output_cache.FORMS`), and until when all three hold."""
    status = build_status(snapshot, now, zone)
    plain = "\n".join(status_lines(status, now)) + "\n"
    as_json = json_object(status_json(status)) + "\n"
    short = short_line(status, now) + "\n"
    return plain, as_json, short, changes_at(snapshot, now, zone)


def json_object(fields: dict[str, Any]) -> str:
    """`json.dumps(fields)` for a flat object, without importing json: `import json` loads
    `re` and `enum`, most of what a status worked out from the summary would take. Values
    that are not plain (other types, text with quotes, escapes or non-ASCII, NaN) go to
    json itself, so the text is json.dumps's in every case. (An object inside is written
    the same way.)"""
    parts = []
    for name, value in fields.items():
        plain = _plain_json(name)
        text = _plain_json(value)
        if plain is None or text is None:
            import json

            return json.dumps(fields)
        parts.append(f"{plain}: {text}")
    return "{" + ", ".join(parts) + "}"


def _plain_json(value: object) -> str | None:
    if type(value) is dict:
        inner = [(_plain_json(k), _plain_json(v)) for k, v in value.items()]
        if any(k is None or v is None or not k.startswith('"') for k, v in inner):
            return None
        return "{" + ", ".join(f"{k}: {v}" for k, v in inner) + "}"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float:
        return float.__repr__(value) if value - value == 0 else None  # NaN, inf: json's words
    if type(value) is str and value.isascii() and value.isprintable():
        return None if '"' in value or "\\" in value else f'"{value}"'
    return None
