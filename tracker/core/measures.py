"""Is the routine doing what it is for? Two measures and their smallest real change.

supple's addition to the source routine (the source names no measure): a fingertip-to-floor
self-test and the person's own activities (the Patient-Specific Functional Scale). Pure: no
I/O, no clock; the store keeps the records, this module reads them.

- Fingertip-to-floor: cm from the middle fingertip to the floor in a forward bend, knees
  straight; 0 touching, negative past the floor (standing on a step). -30..60 cm; lower is
  better. Smallest real change about 4.5 cm (Ekedahl et al. 2012).
- Activities (PSFS, Stratford et al. 1995): up to three activities the person names, each
  scored 0 (unable) to 10 (as before the problem); higher is better. A change of about 2
  points in the mean matters (Abbott & Schmitt, JOSPT 2014). Activities are kept by id, so a
  renamed one keeps its scores; a dropped one keeps them too but is no longer asked or counted.
- Pain 0-10: a change of about 2 points or 30% matters to a person (Ostelo et al., Spine 2008).

A change is called "a real change" only when it reaches the smallest real change, and "no
real change yet" otherwise: nothing more is claimed. Several readings of one measure on one day
are not kept: a new one replaces the day's old one (see tracker.store.changes).

Records (checked by tracker.store.records):
    measurement: {"id", "date", "measure": "fingertip" | "activity", "activity": id or None,
                  "value": number, "recorded_at": ISO time or None}
    activity:    {"id", "name", "added": date, "dropped": date or None}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from tracker.core.record_type import record_type

TYPE_CHECKING = False  # not from typing: `supple status` loads this module
if TYPE_CHECKING:
    from typing import Any

FINGERTIP = "fingertip"
ACTIVITY = "activity"
MEASURES = (FINGERTIP, ACTIVITY)

FINGERTIP_LOW = -30.0
FINGERTIP_HIGH = 60.0
SCORE_LOW = 0
SCORE_HIGH = 10
MAX_ACTIVITIES = 3
NAME_LIMIT = 60

FINGERTIP_REAL_CHANGE = 4.5  # cm (Ekedahl et al. 2012)
ACTIVITIES_REAL_CHANGE = 2.0  # points of the mean (Abbott & Schmitt, JOSPT 2014)
PAIN_REAL_CHANGE = 2.0  # points (Ostelo et al., Spine 2008)
PAIN_REAL_SHARE = 0.30  # or this share of the first value (ibid.)

SELF_TEST_EVERY = 14  # days, the default of the `self-test-every` setting
PAIN_DAY_LEVEL = 7
"""supple's own line: a pain score this high today makes it a pain day (no self-test offered):
a bend measured in a flare-up would not compare with the others, and should not be pushed."""

FINGERTIP_SOURCE = "Ekedahl et al. 2012"
ACTIVITIES_SOURCE = "Abbott & Schmitt, JOSPT 2014"
PAIN_SOURCE = "Ostelo et al., Spine 2008"


class MeasureError(ValueError):
    """A value a measure does not take; the message says what is allowed."""


# ---- values ------------------------------------------------------------------------------


def fingertip_problem(value: object) -> str | None:
    """Why `value` is not a fingertip-to-floor distance in cm, or None."""
    if type(value) not in (int, float) or value != value:  # type(): no bools; NaN
        return f"a fingertip distance must be a number of cm, not {value!r}"
    assert isinstance(value, (int, float))
    if not FINGERTIP_LOW <= value <= FINGERTIP_HIGH:
        return (
            f"a fingertip distance must be from {FINGERTIP_LOW:g} to {FINGERTIP_HIGH:g} cm "
            f"(0 touching the floor, negative past it), not {value:g}"
        )
    return None


def score_problem(value: object) -> str | None:
    """Why `value` is not an activity score (a whole number 0..10), or None."""
    if type(value) is not int or not SCORE_LOW <= value <= SCORE_HIGH:
        return (
            f"an activity score must be a whole number from {SCORE_LOW} (unable) to "
            f"{SCORE_HIGH} (as before), not {value!r}"
        )
    return None


def parse_fingertip(text: str) -> float:
    """What a person typed for the fingertip distance ("12", "-3.5", "12,5"), in cm, to one
    decimal; raises MeasureError."""
    word = text.strip().removesuffix("cm").strip().replace(",", ".")
    body = word[1:] if word[:1] in "+-" else word
    digits = body.replace(".", "", 1)
    if not word or len(word) > 12 or not digits.isascii() or not digits.isdigit():
        raise MeasureError(
            f"'{text.strip()}' is not a distance; give cm as a number from "
            f"{FINGERTIP_LOW:g} to {FINGERTIP_HIGH:g} (0 touching the floor, negative past it)"
        )
    value = round(float(word), 1) + 0.0  # + 0.0: no "-0.0"
    problem = fingertip_problem(value)
    if problem:
        raise MeasureError(problem)
    return value


def parse_score(text: str) -> int:
    """What a person typed for an activity score; raises MeasureError."""
    word = text.strip()
    if not word.isascii() or not word.isdigit() or len(word) > 3:
        raise MeasureError(
            f"'{word}' is not a score; give a whole number from {SCORE_LOW} (unable) to "
            f"{SCORE_HIGH} (as before)"
        )
    value = int(word)
    problem = score_problem(value)
    if problem:
        raise MeasureError(problem)
    return value


def name_problem(name: object) -> str | None:
    """Why `name` cannot name an activity, or None."""
    if not isinstance(name, str) or not name.strip():
        return "an activity needs a name, such as 'putting on socks'"
    if len(name) > NAME_LIMIT:
        return f"an activity's name must be at most {NAME_LIMIT} characters"
    if any(not ch.isprintable() for ch in name):
        return "an activity's name must be one line of plain text"
    return None


def clean_name(text: str) -> str:
    """An activity name as stored: one line, single spaces; raises MeasureError."""
    name = " ".join(text.split())
    problem = name_problem(name)
    if problem:
        raise MeasureError(problem)
    return name


def same_name(a: str, b: str) -> bool:
    """Names are matched without regard to case or spacing ("Tying Shoes" = "tying  shoes")."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def show_cm(value: float) -> str:
    return f"{value:g} cm"


# ---- activities ----------------------------------------------------------------------------


@record_type
class Activity:
    id: str
    name: str
    added: date
    dropped: date | None = None


def activity_of(record: Mapping[str, Any]) -> Activity:
    dropped = record.get("dropped")
    return Activity(
        str(record["id"]),
        str(record["name"]),
        date.fromisoformat(str(record["added"])),
        date.fromisoformat(str(dropped)) if dropped else None,
    )


def current_activities(records: Iterable[Mapping[str, Any]]) -> list[Activity]:
    """The activities still asked about (not dropped), oldest first; those added on one day in
    the order they were stored."""
    found = [activity_of(r) for r in records if not r.get("dropped")]
    return sorted(found, key=lambda a: a.added)


def find_activity(records: Iterable[Mapping[str, Any]], name: str) -> Activity | None:
    """The current activity called `name` (any case or spacing), if there is one."""
    for activity in current_activities(records):
        if same_name(activity.name, name):
            return activity
    return None


# ---- readings and their change -------------------------------------------------------------


@record_type
class Reading:
    day: date
    value: float


@record_type
class Progress:
    """The first and the latest reading of a measure, and whether the change between them is a
    real one (at least `threshold`)."""

    first: Reading
    latest: Reading
    threshold: float
    lower_is_better: bool
    unit: str  # "cm" or "points"

    @property
    def change(self) -> float:
        return round(self.latest.value - self.first.value, 1)

    @property
    def real(self) -> bool:
        return abs(self.change) >= self.threshold - 1e-9

    @property
    def better(self) -> bool:
        return self.change < 0 if self.lower_is_better else self.change > 0

    def words(self) -> str:
        """ "a real change (6 cm closer to the floor)" or "no real change yet"."""
        if not self.real:
            return "no real change yet"
        size = f"{abs(self.change):g}"
        if self.unit == "cm":
            way = "closer to the floor" if self.better else "further from the floor"
            return f"a real change ({size} cm {way})"
        way = "better" if self.better else "worse"
        return f"a real change ({size} points {way})"

    def short_words(self) -> str:
        """ "a real change: 6 cm closer" or "no real change yet" (for a small chart)."""
        if not self.real:
            return "no real change yet"
        size = f"{abs(self.change):g}"
        if self.unit == "cm":
            return f"a real change: {size} cm {'closer' if self.better else 'further'}"
        return f"a real change: {size} points {'better' if self.better else 'worse'}"

    def as_json(self) -> dict[str, Any]:
        """The fields of `fingertip_cm` and `activities_mean` in `supple status --json`."""
        return {
            "first": self.first.value,
            "first_date": self.first.day.isoformat(),
            "latest": self.latest.value,
            "latest_date": self.latest.day.isoformat(),
            "change": self.change,
            "real_change": self.real,
        }


def fingertip_progress_of(first: Reading, latest: Reading) -> Progress:
    return Progress(first, latest, FINGERTIP_REAL_CHANGE, True, "cm")


def activities_progress_of(first: Reading, latest: Reading) -> Progress:
    return Progress(first, latest, ACTIVITIES_REAL_CHANGE, False, "points")


def _number(value: object) -> float:
    assert isinstance(value, (int, float))
    return float(value)


def readings(
    measurements: Iterable[Mapping[str, Any]], measure: str, activity_id: str | None = None
) -> list[Reading]:
    """The readings of one measure (of one activity), oldest first; one a day, the last
    recorded of the day when a store holds more (an import of two devices' files)."""
    by_day: dict[date, tuple[str, float]] = {}
    for record in measurements:
        if record.get("measure") != measure:
            continue
        if measure == ACTIVITY and record.get("activity") != activity_id:
            continue
        day = date.fromisoformat(str(record["date"]))
        order = str(record.get("recorded_at") or "")
        kept = by_day.get(day)
        if kept is None or order >= kept[0]:
            by_day[day] = (order, _number(record["value"]))
    return [Reading(day, value) for day, (_, value) in sorted(by_day.items())]


def fingertip_progress(measurements: Iterable[Mapping[str, Any]]) -> Progress | None:
    found = readings(measurements, FINGERTIP)
    return fingertip_progress_of(found[0], found[-1]) if found else None


def activity_progress(
    measurements: Iterable[Mapping[str, Any]], activity_id: str
) -> Progress | None:
    found = readings(measurements, ACTIVITY, activity_id)
    return activities_progress_of(found[0], found[-1]) if found else None


def activities_mean_progress(
    measurements: Iterable[Mapping[str, Any]], activities: Iterable[Mapping[str, Any]]
) -> Progress | None:
    """The mean over the current activities with a score: `first` is the mean of each one's
    first score (dated by the earliest of them), `latest` the mean of each one's latest score
    (dated by the newest). So the change is the mean of the activities' own changes."""
    records = list(measurements)
    per_activity = [activity_progress(records, a.id) for a in current_activities(activities)]
    scored = [p for p in per_activity if p is not None]
    if not scored:
        return None
    first = round(sum(p.first.value for p in scored) / len(scored), 1)
    latest = round(sum(p.latest.value for p in scored) / len(scored), 1)
    return activities_progress_of(
        Reading(min(p.first.day for p in scored), first),
        Reading(max(p.latest.day for p in scored), latest),
    )


@record_type
class MeasuresNow:
    """What `supple status` says of the measures (kept in the status summary)."""

    fingertip: Progress | None = None
    activities: Progress | None = None


NO_MEASURES = MeasuresNow()


def measures_now(
    measurements: Iterable[Mapping[str, Any]], activities: Iterable[Mapping[str, Any]]
) -> MeasuresNow:
    records = list(measurements)
    if not records:
        return NO_MEASURES
    return MeasuresNow(fingertip_progress(records), activities_mean_progress(records, activities))


def status_line(now: MeasuresNow) -> str | None:
    """One line for `supple status`, or None before the first measurement."""
    parts = []
    if now.fingertip is not None:
        p = now.fingertip
        parts.append(f"fingertip-to-floor {show_cm(p.latest.value)}{_since(p, ' cm')}")
    if now.activities is not None:
        p = now.activities
        parts.append(f"activities {p.latest.value:g}/10{_since(p, '')}")
    return f"Self-test: {'; '.join(parts)}" if parts else None


def _since(progress: Progress, unit: str) -> str:
    if progress.latest.day == progress.first.day:
        return f" ({progress.latest.day.isoformat()}, the first)"
    return f", first {progress.first.value:g}{unit}: {progress.words()}"


# ---- pain against its threshold -------------------------------------------------------------


def pain_change_is_real(first: float, latest: float) -> bool:
    """A change in pain that matters: at least 2 points, or at least 30% of the first value."""
    difference = abs(latest - first)
    if difference >= PAIN_REAL_CHANGE - 1e-9:
        return True
    return first > 0 and difference / first >= PAIN_REAL_SHARE - 1e-9


def pain_words(first: float, latest: float) -> str:
    if not pain_change_is_real(first, latest):
        return "no real change yet"
    way = "lower" if latest < first else "higher"
    return f"a real change ({abs(latest - first):.1f} points {way})"


# ---- when the self-test is offered -----------------------------------------------------------


def last_self_test(measurements: Iterable[Mapping[str, Any]]) -> date | None:
    found = readings(measurements, FINGERTIP)
    return found[-1].day if found else None


def next_self_test(last: date | None, every: int, today: date) -> date:
    """The day the self-test is next due: today when it was never taken."""
    if last is None:
        return today
    return date.fromordinal(last.toordinal() + every)


def is_pain_day(
    sessions_today: Iterable[Mapping[str, Any]], marks_today: Iterable[Mapping[str, Any]]
) -> bool:
    """A day on which a session was stopped (the stop key is for pain), a rest day marked for
    pain, or a pain score of PAIN_DAY_LEVEL or more was given."""
    for mark in marks_today:
        if str(mark.get("reason") or "").strip().lower() == "pain":
            return True
    for session in sessions_today:
        if session.get("status") == "stopped":
            return True
        for field in ("pain_before", "pain_after"):
            level = session.get(field)
            if type(level) is int and level >= PAIN_DAY_LEVEL:
                return True
    return False


def self_test_due(
    last: date | None, every: int, today: date, rest_day: bool, pain_day: bool
) -> bool:
    """Offer the self-test: `every` days after the last one (at once if never taken), but never
    on a rest (skip) day or a pain day, and not twice on one day. `every` 0: never offered."""
    if every <= 0 or rest_day or pain_day:
        return False
    if last is not None and last >= today:
        return False
    return next_self_test(last, every, today) <= today


# ---- what the charts draw --------------------------------------------------------------------


@record_type
class Series:
    """One measure's readings over time, as a chart draws it: `line` is the value at which a
    change from the first reading becomes a real one (None before a first reading)."""

    title: str
    readings: tuple[Reading, ...]
    line: float | None
    lower_is_better: bool
    progress: Progress | None


def mean_readings(
    measurements: Iterable[Mapping[str, Any]], activities: Iterable[Mapping[str, Any]]
) -> list[Reading]:
    """The activities' mean on each day one was scored: each current activity's latest score
    up to that day, those with a score yet."""
    records = list(measurements)
    per_activity = {a.id: readings(records, ACTIVITY, a.id) for a in current_activities(activities)}
    days = sorted({r.day for found in per_activity.values() for r in found})
    means = []
    for day in days:
        latest = [
            [r.value for r in found if r.day <= day][-1]
            for found in per_activity.values()
            if found and found[0].day <= day
        ]
        means.append(Reading(day, round(sum(latest) / len(latest), 1)))
    return means


def chart_series(
    measurements: Iterable[Mapping[str, Any]],
    activities: Iterable[Mapping[str, Any]],
    until: date | None = None,
) -> tuple[Series, Series]:
    """The fingertip distance and the activities' mean, up to `until` (None: all)."""
    records = [
        r for r in measurements if until is None or date.fromisoformat(str(r["date"])) <= until
    ]
    own = list(activities)
    fingertip = fingertip_progress(records)
    mean = activities_mean_progress(records, own)
    return (
        Series(
            "Fingertip to floor, cm",
            tuple(readings(records, FINGERTIP)),
            None if fingertip is None else fingertip.first.value - FINGERTIP_REAL_CHANGE,
            True,
            fingertip,
        ),
        Series(
            "Activities, mean 0-10",
            tuple(mean_readings(records, own)),
            None if mean is None else mean.first.value + ACTIVITIES_REAL_CHANGE,
            False,
            mean,
        ),
    )


def self_test_offered(
    measurements: Iterable[Mapping[str, Any]],
    sessions_today: Iterable[Mapping[str, Any]],
    marks_today: Iterable[Mapping[str, Any]],
    every: int,
    today: date,
) -> bool:
    """Whether the app offers the self-test today: due (`self_test_due`), today is not a skip
    (rest) day and not a pain day."""
    marks = list(marks_today)
    return self_test_due(
        last_self_test(measurements),
        every,
        today,
        rest_day=bool(marks),
        pain_day=is_pain_day(sessions_today, marks),
    )
