"""The one-page report for a clinician, as plain data and as Markdown text.

`build_report` gathers what `supple report` shows for the last N weeks (Monday weeks, the
last one holding today): the routine and its dose (the source's numbers and supple's own,
marked), adherence, pain before and after and stops for pain by week, the self-test and the
activity scores against their smallest real change, and the notes. `report_markdown` writes
it as text; tracker.cli.report_pdf lays the same data out on one PDF page.

Pure (stdlib only): the shell command reads the store and hands the records in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tracker.core import measures as m
from tracker.core.progress import one_line, weekly_pain
from tracker.core.rules import History
from tracker.core.settings import KEYS, Settings
from tracker.routine.exercises import ROUTINE, Exercise
from tracker.routine.tutorial import dose

DEFAULT_WEEKS = 12
MAX_WEEKS = 26
NOTES_SHOWN = 10  # the newest; a page has room for no more
NOTE_CHARACTERS = 140

NOT_ADVICE = (
    "supple is a habit tracker, not medical advice. This report shows what the person "
    "recorded at home; it is not a diagnosis."
)
ADDITIONS = (
    "The self-test, the activity scores (Patient-Specific Functional Scale, Stratford et al. "
    "1995) and the smallest real changes are supple's additions to the routine, not the "
    "source's."
)
SOURCE = (
    'Routine: a short public exercise tutorial, "Fix TIGHT Hamstrings & Lower Back Pain"; '
    "its text says it was partly generated with AI."
)


@dataclass(frozen=True)
class Week:
    monday: date
    done: int  # days with a complete session
    due: int  # days not skipped (a skip day done anyway is due and done), up to today
    sessions: int  # complete sessions
    pain_before: float | None
    pain_after: float | None
    stops: int  # sessions stopped (the stop key is for pain)

    @property
    def adherence(self) -> float | None:
        return None if self.due == 0 else 100.0 * self.done / self.due


@dataclass(frozen=True)
class Measure:
    """One measure against its smallest real change."""

    name: str
    readings: tuple[m.Reading, ...]  # in the report's weeks
    progress: m.Progress | None  # first ever to latest
    threshold: str  # "4.5 cm (Ekedahl et al. 2012)"
    dropped: bool = False

    @property
    def verdict(self) -> str:
        if self.progress is None:
            return "no readings"
        if not self.threshold:
            return "(see the mean)"
        if self.progress.first.day == self.progress.latest.day:
            return "one reading so far"
        return self.progress.words()


@dataclass(frozen=True)
class PainChange:
    first_week: date
    first: float
    last_week: date
    latest: float

    @property
    def verdict(self) -> str:
        return m.pain_words(self.first, self.latest)


@dataclass(frozen=True)
class Report:
    made: date
    start: date  # the Monday of the first week
    end: date  # today
    dose: tuple[tuple[str, str], ...]  # (exercise, its dose in words)
    weeks: tuple[Week, ...]
    stops: tuple[tuple[date, str], ...]  # each stopped session: its day and what was said
    pain: PainChange | None  # pain before: the first rated week against the last
    fingertip: Measure
    activities: tuple[Measure, ...]
    activities_mean: Measure | None
    notes: tuple[tuple[date, str], ...]  # the newest NOTES_SHOWN, newest first
    notes_left_out: int

    @property
    def done(self) -> int:
        return sum(w.done for w in self.weeks)

    @property
    def due(self) -> int:
        return sum(w.due for w in self.weeks)

    @property
    def adherence(self) -> float | None:
        return None if self.due == 0 else 100.0 * self.done / self.due

    @property
    def sessions(self) -> int:
        return sum(w.sessions for w in self.weeks)


def _marked_dose(settings: Settings, exercise: Exercise) -> str:
    """The dose, said to be the source's when every number of it is the source's own."""
    text = dose(settings, exercise)
    if all(number.source for number in exercise.own_numbers()):
        text += " (the source's numbers)"
    return text


def dose_lines(settings: Settings) -> tuple[tuple[str, str], ...]:
    """The routine as it is set now, each number marked as the source's or supple's."""
    tempo, rest = settings.tempo, settings.rest

    def own(name: str, value: int) -> str:
        default = KEYS[name].default
        return "" if value == default else f" (default {default})"

    return (
        *((exercise.title, _marked_dose(settings, exercise)) for exercise in ROUTINE.exercises),
        (
            "Pace",
            f"{tempo} s per lowering or return{own('tempo', tempo)}, {rest} s rest between "
            f"sets{own('rest', rest)} (supple's defaults)",
        ),
        ("Hip hinge", "bend at the hips, not the lower back, through the day (the source's)"),
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(
    sessions: list[Mapping[str, Any]], history: History, today: date, count: int
) -> tuple[Week, ...]:
    start = _monday(today) - timedelta(weeks=count - 1)
    pain = weekly_pain(sessions, today, count)
    last = today if today in history.done else today - timedelta(days=1)
    first = history.first_day or today
    rows = []
    for index in range(count):
        monday = start + timedelta(weeks=index)
        days = [monday + timedelta(days=n) for n in range(7)]
        counted = [d for d in days if first <= d <= last]
        done = sum(1 for d in counted if d in history.done)
        due = sum(1 for d in counted if d in history.done or d not in history.skips)
        in_week = [s for s in sessions if monday <= date.fromisoformat(str(s["date"])) <= days[-1]]
        rows.append(
            Week(
                monday,
                done,
                due,
                sum(1 for s in in_week if s.get("status") == "complete"),
                pain[index].before,
                pain[index].after,
                sum(1 for s in in_week if s.get("status") == "stopped"),
            )
        )
    return tuple(rows)


def _pain_change(weeks: Iterable[Week]) -> PainChange | None:
    rated = [w for w in weeks if w.pain_before is not None]
    if len(rated) < 2:
        return None
    first, last = rated[0], rated[-1]
    assert first.pain_before is not None and last.pain_before is not None
    return PainChange(first.monday, first.pain_before, last.monday, last.pain_before)


def _session_words(session: Mapping[str, Any]) -> str:
    parts = []
    for name, label in (("pain_before", "pain before"), ("pain_after", "after")):
        value = session.get(name)
        if type(value) is int:
            parts.append(f"{label} {value}")
    note = one_line(session.get("note"))
    if note:
        parts.append(f'"{_cut(note)}"')
    return ", ".join(parts)


def _cut(text: str, limit: int = NOTE_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def build_report(
    sessions: Iterable[Mapping[str, Any]],
    history: History,
    measurements: Iterable[Mapping[str, Any]],
    activities: Iterable[Mapping[str, Any]],
    settings: Settings,
    today: date,
    weeks: int = DEFAULT_WEEKS,
) -> Report:
    """The report of the `weeks` Monday weeks up to today (see the module docstring)."""
    weeks = max(1, min(weeks, MAX_WEEKS))
    records = [s for s in sessions if date.fromisoformat(str(s["date"])) <= today]
    records.sort(key=lambda s: (str(s["date"]), str(s.get("started_at") or "")))
    rows = _weeks(records, history, today, weeks)
    start = rows[0].monday
    in_period = [s for s in records if date.fromisoformat(str(s["date"])) >= start]
    stops = tuple(
        (date.fromisoformat(str(s["date"])), _session_words(s))
        for s in in_period
        if s.get("status") == "stopped"
    )
    noted = [
        (date.fromisoformat(str(s["date"])), _cut(one_line(s.get("note"))))
        for s in in_period
        if one_line(s.get("note")) and s.get("status") != "stopped"  # stops list theirs
    ]
    noted.reverse()
    measured = [r for r in measurements if date.fromisoformat(str(r["date"])) <= today]
    all_activities = list(activities)

    def in_weeks(found: list[m.Reading]) -> tuple[m.Reading, ...]:
        return tuple(r for r in found if r.day >= start)

    fingertip = Measure(
        "Fingertip-to-floor, cm (lower is better)",
        in_weeks(m.readings(measured, m.FINGERTIP)),
        m.fingertip_progress(measured),
        f"{m.FINGERTIP_REAL_CHANGE:g} cm ({m.FINGERTIP_SOURCE})",
    )
    own = sorted(all_activities, key=lambda a: (bool(a.get("dropped")), str(a["added"])))
    scored = []
    for activity in own:
        activity_id = str(activity["id"])
        found = m.readings(measured, m.ACTIVITY, activity_id)
        if activity.get("dropped") and not in_weeks(found):
            continue
        scored.append(
            Measure(
                str(activity["name"]),
                in_weeks(found),
                m.activity_progress(measured, activity_id),
                "",  # the threshold is the mean's: one activity alone is not judged
                dropped=bool(activity.get("dropped")),
            )
        )
    mean = m.activities_mean_progress(measured, all_activities)
    activities_mean = (
        None
        if mean is None
        else Measure(
            "Activities, mean (0 unable .. 10 as before)",
            (),
            mean,
            f"{m.ACTIVITIES_REAL_CHANGE:g} points ({m.ACTIVITIES_SOURCE})",
        )
    )
    return Report(
        made=today,
        start=start,
        end=today,
        dose=dose_lines(settings),
        weeks=rows,
        stops=stops,
        pain=_pain_change(rows),
        fingertip=fingertip,
        activities=tuple(scored),
        activities_mean=activities_mean,
        notes=tuple(noted[:NOTES_SHOWN]),
        notes_left_out=max(0, len(noted) - NOTES_SHOWN),
    )


# ---- as text -------------------------------------------------------------------------------


def number(value: float | None, places: int = 1) -> str:
    return "-" if value is None else f"{value:.{places}f}"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def short_day(day: date) -> str:
    return f"{day:%d %b}".lstrip("0")


def progress_cells(measure: Measure) -> tuple[str, str, str]:
    """(first, latest, change) of a measure, as the tables show them."""
    p = measure.progress
    if p is None:
        return "-", "-", "-"
    first = f"{p.first.value:g} ({p.first.day.isoformat()})"
    latest = f"{p.latest.value:g} ({p.latest.day.isoformat()})"
    return first, latest, f"{p.change:+g}"


def readings_text(measure: Measure) -> str:
    return ", ".join(f"{short_day(r.day)}: {r.value:g}" for r in measure.readings) or "none"


def report_markdown(report: Report) -> str:
    """The report as Markdown (plain text that reads well as it is)."""
    out = [
        "# supple: home exercise report",
        "",
        f"{report.start.isoformat()} to {report.end.isoformat()} ({len(report.weeks)} weeks), "
        f"made {report.made.isoformat()}.",
        "",
        f"_{NOT_ADVICE}_",
        "",
        "## The routine, daily",
        "",
    ]
    out += [f"- **{name}**: {dose}" for name, dose in report.dose]
    out += [
        "",
        "## Adherence and pain by week (pain 0-10, the mean of the ratings given)",
        "",
        f"Done {report.done} of {report.due} due days ({percent(report.adherence)}); "
        f"{report.sessions} complete sessions; {len(report.stops)} stopped for pain.",
        "",
        "| Week of | Days done | Adherence | Sessions | Pain before | Pain after | Stops |",
        "|---|---|---|---|---|---|---|",
    ]
    for w in report.weeks:
        out.append(
            f"| {w.monday.isoformat()} | {w.done} of {w.due} | {percent(w.adherence)} | "
            f"{w.sessions} | {number(w.pain_before)} | {number(w.pain_after)} | {w.stops} |"
        )
    out.append("")
    if report.pain is not None:
        p = report.pain
        out.append(
            f"Pain before sessions: {number(p.first)} in the week of {p.first_week.isoformat()}, "
            f"{number(p.latest)} in the week of {p.last_week.isoformat()}: {p.verdict} "
            f"(a real change is {m.PAIN_REAL_CHANGE:g} points or "
            f"{m.PAIN_REAL_SHARE:.0%}, {m.PAIN_SOURCE})."
        )
    else:
        out.append("Pain before sessions: too few weeks with ratings to compare.")
    out += ["", "## Stops for pain", ""]
    out += [f"- {day.isoformat()}: {words or 'no rating or note'}" for day, words in report.stops]
    if not report.stops:
        out.append("None.")
    out += [
        "",
        "## Self-test and activities",
        "",
        "| Measure | First | Latest | Change | Smallest real change | So far |",
        "|---|---|---|---|---|---|",
    ]
    rows = [report.fingertip, *report.activities]
    if report.activities_mean is not None:
        rows.append(report.activities_mean)
    for measure in rows:
        first, latest, change = progress_cells(measure)
        name = measure.name + (" (dropped)" if measure.dropped else "")
        out.append(
            f"| {_md(name)} | {first} | {latest} | {change} | {measure.threshold} | "
            f"{measure.verdict} |"
        )
    out += ["", "Readings in these weeks:", ""]
    out += [f"- {_md(r.name)}: {readings_text(r)}" for r in [report.fingertip, *report.activities]]
    out += ["", f"_{ADDITIONS}_", "", "## Notes", ""]
    out += [f"- {day.isoformat()}: {_md(text)}" for day, text in report.notes]
    if report.notes_left_out:
        out.append(f"- ... and {report.notes_left_out} older notes (supple export has them all)")
    if not report.notes and not report.notes_left_out:
        out.append("None.")
    out += ["", "---", "", NOT_ADVICE, SOURCE, ""]
    return "\n".join(out)


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
