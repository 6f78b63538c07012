"""The everyday hinge: step 2 of the routine as a habit of its own (pure rules and words).

The person picks one to three everyday moments to hinge at, each shown as an if-then plan
("When I load the dishwasher, I hinge from my hips"; Gollwitzer & Sheeran 2006). In the
evening one question: did you hinge at your moments today (most times / sometimes / not
yet). Once a week the four questions of the Self-Report Behavioural Automaticity Index
(SRBAI, 1-7; Gardner et al. 2012); their score thins the nudges out
(tracker.core.hinge_schedule): time-based reminders keep a behaviour going but can hinder it
becoming automatic (Stawarz et al. 2015), so they step back as the habit takes over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time

from tracker.core.record_type import record_type

# The evening check's answers, as stored and as `supple hinge` takes them.
MOST, SOME, NONE = "most", "some", "none"
ANSWERS = (MOST, SOME, NONE)
ANSWER_WORDS = {MOST: "most times", SOME: "sometimes", NONE: "not yet"}
CHECK_QUESTION = "Did you hinge at your moments today?"

MAX_MOMENTS = 3
MAX_MOMENT_LENGTH = 60  # a plan ("When I ..., I hinge from my hips.") stays one short line
MAX_NUDGES = 2

# The short list offered (the person may write their own): what they do, after "When I".
SUGGESTED_MOMENTS = (
    "pick something up from the floor",
    "load the dishwasher or washing machine",
    "put on my socks and shoes",
    "lift a child or a bag",
    "brush my teeth at the sink",
)

PLAN_ACTION = "I hinge from my hips"

# SRBAI: "Behaviour X is something ..." (Gardner, Abraham, Lally & de Bruijn 2012), 1-7
# from "strongly disagree" to "strongly agree".
SRBAI_STEM = "Hinging from my hips at my moments is something..."
SRBAI_ITEMS = (
    "I do automatically.",
    "I do without having to consciously remember.",
    "I do without thinking.",
    "I start doing before I realise I'm doing it.",
)
SRBAI_LOW, SRBAI_HIGH = 1, 7
SRBAI_EVERY_DAYS = 7  # asked once a week


class HingeError(ValueError):
    """Bad hinge input: the message is one line saying what and what to do."""


def answer_problem(value: object) -> str | None:
    if value in ANSWERS:
        return None
    return f"the answer must be most, some or none, not {str(value)[:40]!r}"


def parse_answer(text: str) -> str:
    """`most`, `some` or `none` (also `not yet`, `sometimes`, `most times`)."""
    word = " ".join(text.strip().lower().split())
    for answer, words in ANSWER_WORDS.items():
        if word in (answer, words):
            return answer
    raise HingeError(f"'{text.strip()[:40]}' is not an answer; use most, some or none (not yet)")


def moment_problem(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "a moment cannot be empty; write what you do, e.g. 'load the dishwasher'"
    if ";" in value:
        return "a moment cannot hold ';' (it separates the moments)"
    if len(value.strip()) > MAX_MOMENT_LENGTH:
        return f"a moment is at most {MAX_MOMENT_LENGTH} characters"
    if not value.isprintable():
        return "a moment must be plain text on one line"
    return None


def parse_moments(text: str) -> tuple[str, ...]:
    """Up to three moments separated by ';' (empty text: none chosen yet)."""
    if not text.strip():
        return ()
    parts = text.split(";")
    if len(parts) > MAX_MOMENTS:
        raise HingeError(f"at most {MAX_MOMENTS} moments, separated by ';' (you gave {len(parts)})")
    moments: list[str] = []
    for part in parts:
        problem = moment_problem(part)
        if problem:
            raise HingeError(problem)
        moment = " ".join(part.split())
        if moment.lower().startswith("when "):  # "when I ..." written out: ours adds it
            moment = moment[5:].lstrip()
        if moment.lower().startswith("i "):
            moment = moment[2:].lstrip()
        if not moment:
            raise HingeError(moment_problem("") or "")
        if moment.lower() in (m.lower() for m in moments):
            raise HingeError(f"'{moment}' is given twice; give each moment once")
        moments.append(moment)
    return tuple(moments)


def plan_of(moment: str) -> str:
    """The if-then plan of one moment: "When I load the dishwasher, I hinge from my hips." """
    return f"When I {moment}, {PLAN_ACTION}."


def parse_nudge_times(text: str) -> tuple[time, ...]:
    """Up to two HH:MM times, comma-separated, sorted (empty: no nudges)."""
    from tracker.core.settings import SettingError, parse_hhmm

    parts = [p.strip() for p in text.split(",")]
    if not text.strip():
        return ()
    if any(not p for p in parts):
        raise HingeError("hinge-nudges: an empty time between commas; use e.g. 09:00,17:30")
    if len(parts) > MAX_NUDGES:
        raise HingeError(f"hinge-nudges: at most {MAX_NUDGES} times a day, e.g. 09:00,17:30")
    try:
        times = sorted({parse_hhmm(p) for p in parts})
    except SettingError as error:
        raise HingeError(f"hinge-nudges: {error}") from None
    return tuple(times)


def srbai_problem(answers: object) -> str | None:
    if not isinstance(answers, (list, tuple)) or len(answers) != len(SRBAI_ITEMS):
        return f"the automaticity answers must be {len(SRBAI_ITEMS)} numbers from 1 to 7"
    for value in answers:
        if type(value) is not int or not SRBAI_LOW <= value <= SRBAI_HIGH:
            return f"each automaticity answer must be a whole number from 1 to 7, not {value!r}"
    return None


def srbai_score(answers: Iterable[int]) -> float:
    """The SRBAI score: the mean of the four answers (1-7)."""
    values = list(answers)
    return sum(values) / len(values)


# ---- the fading ------------------------------------------------------------------------
# supple's own steps (no study fixes them): the weekly score thins the nudges out, and a
# lower score brings them back.
EVERY_DAY, EVERY_OTHER_DAY, TWICE_A_WEEK, NO_NUDGES = 0, 1, 2, 3
LEVEL_WORDS = {
    EVERY_DAY: "every day",
    EVERY_OTHER_DAY: "every other day",
    TWICE_A_WEEK: "twice a week",
    NO_NUDGES: "none (it has become a habit)",
}
# The score from which each level holds (below the first: every day).
LEVEL_FROM = ((6.0, NO_NUDGES), (5.0, TWICE_A_WEEK), (4.0, EVERY_OTHER_DAY))
TWICE_A_WEEK_DAYS = (0, 3)  # Monday and Thursday


@record_type
class Automaticity:
    """One weekly answer to the four questions (or a reset of the fading: `reset` True)."""

    day: date
    score: float | None  # None for a reset
    reset: bool = False


def automaticity_of(records: Iterable[Mapping[str, object]]) -> tuple[Automaticity, ...]:
    """The stored automaticity records, oldest first (by day, then as stored)."""
    found: list[Automaticity] = []
    for record in records:
        day = date.fromisoformat(str(record["date"]))
        if record.get("reset"):
            found.append(Automaticity(day, None, True))
        else:
            answers = record.get("answers")
            assert isinstance(answers, (list, tuple))
            found.append(Automaticity(day, round(srbai_score(answers), 2)))
    return tuple(sorted(found, key=lambda a: a.day))


def level_for(score: float | None) -> int:
    if score is None:
        return EVERY_DAY
    for low, level in LEVEL_FROM:
        if score >= low:
            return level
    return EVERY_DAY


def nudge_level(history: Iterable[Automaticity], today: date) -> int:
    """How often the nudges come, from the latest weekly score up to today; a reset (the
    person set the nudges back) counts until a newer score."""
    latest: Automaticity | None = None
    for item in history:
        if item.day <= today:
            latest = item
    if latest is None or latest.reset:
        return EVERY_DAY
    return level_for(latest.score)


def nudges_on(level: int, day: date) -> bool:
    """Whether `day` has nudges at this level."""
    if level == EVERY_DAY:
        return True
    if level == EVERY_OTHER_DAY:
        return day.toordinal() % 2 == 0
    if level == TWICE_A_WEEK:
        return day.weekday() in TWICE_A_WEEK_DAYS
    return False


def scores(history: Iterable[Automaticity]) -> tuple[tuple[date, float], ...]:
    """The weekly scores over time (resets left out)."""
    return tuple((a.day, a.score) for a in history if a.score is not None)


def automaticity_due(history: Iterable[Automaticity], today: date, first_day: date | None) -> bool:
    """Whether to ask the four questions today: once a week, from a week after the moments
    were chosen (`first_day`; None: no moments, never asked)."""
    if first_day is None:
        return False
    answered = [a.day for a in history if a.score is not None]
    since = max(answered) if answered else first_day
    return (today - since).days >= SRBAI_EVERY_DAYS


# ---- nudge words -----------------------------------------------------------------------
# The same message wears off; new wording holds better (Bell et al. 2023): one of these a day,
# in turn, each naming one of the person's own moments.
NUDGE_WORDINGS = (
    "Next time you {moment}, hinge from your hips.",
    "When you {moment} today: hips back, long back.",
    "Your moment: {moment}. Let the hips lead.",
    "A hinge to try: when you {moment}, push the hips back.",
    "{Moment} - a chance to hinge from the hips.",
    "Today when you {moment}, bend at the hips, knees soft.",
    "Hinge moment: {moment}. Slow, from the hips.",
)


def _second_person(moment: str) -> str:
    words = moment.split(" ")
    mine = {"my": "your", "me": "you", "myself": "yourself", "I": "you", "I'm": "you're"}
    return " ".join(mine.get(w, w) for w in words)


def nudge_text(moments: tuple[str, ...], day: date, index: int) -> tuple[str, str]:
    """(title, body) of the nudge number `index` (0 or 1) of `day`: a moment and a wording
    that change from day to day."""
    n = day.toordinal()
    moment = _second_person(moments[(n + index) % len(moments)])
    wording = NUDGE_WORDINGS[(n * 3 + index) % len(NUDGE_WORDINGS)]
    body = wording.format(moment=moment, Moment=moment[:1].upper() + moment[1:])
    return "supple: your everyday hinge", body


def check_line(answer: str | None) -> str:
    """The evening check as one line (status, day view)."""
    if answer is None:
        return "Everyday hinge: not answered"
    return f"Everyday hinge: {ANSWER_WORDS[answer]}"


def hinge_days_of(records: Iterable[Mapping[str, object]]) -> dict[date, str]:
    """The evening answer by day (one record a day; the last stored wins)."""
    return {date.fromisoformat(str(r["date"])): str(r["answer"]) for r in records}


# ---- the progress part of the main screen ----------------------------------------------
DAY_MARKS = {MOST: "●", SOME: "◐", NONE: "○"}  # an evening not answered: "·"
SPARK = "▁▂▃▄▅▆▇█"
RECENT_EVENINGS = 14
RECENT_SCORES = 8


def spark(values: Iterable[float]) -> str:
    """Scores 1-7 as one bar each (▁ for 1 .. █ for 7)."""
    return "".join(SPARK[round((v - 1) / 6 * (len(SPARK) - 1))] for v in values)


def progress_lines(
    hinge_days: Mapping[date, str], history: Iterable[Automaticity], today: date
) -> list[str]:
    """What the main screen's progress part shows of the everyday hinge: the last evenings,
    the weekly automaticity scores over time and how often the nudges come now (nothing
    before a first answer)."""
    from datetime import timedelta

    history = tuple(history)
    weekly = scores(history)
    if not hinge_days and not weekly:
        return []
    days = [today - timedelta(days=n) for n in range(RECENT_EVENINGS - 1, -1, -1)]
    marks = "".join(DAY_MARKS.get(hinge_days.get(d, ""), "·") for d in days)
    lines = ["Everyday hinge", f"{RECENT_EVENINGS} evenings {marks}"]
    if weekly:
        shown = [score for _, score in weekly[-RECENT_SCORES:]]
        first, latest = weekly[0][1], weekly[-1][1]
        lines.append(f"Automatic {spark(shown)} {first:.1f}→{latest:.1f}/7")
    else:
        lines.append("Automatic: asked weekly")
    level = nudge_level(history, today)
    lines.append(f"Nudges {LEVEL_WORDS[level] if level != NO_NUDGES else 'none'}")
    lines.append("● most ◐ some ○ not yet")
    return lines


# ---- the practice on the tutorial's hinge page: 3 slow hinges with the moving figure ----
DRILL_REPS = 3
DRILL_STEPS = (  # (words, seconds, pose at the start, pose at the end); pose 1 = hinged
    ("Get ready: feet hip-width, hands on your hips", 3.0, 0.0, 0.0),
    ("Hips back, back long, knees soft", 3.0, 0.0, 1.0),
    ("Hold: feel the back of the legs", 2.0, 1.0, 1.0),
    ("Push the hips forward to stand tall", 3.0, 1.0, 0.0),
)


@record_type
class DrillMoment:
    rep: int  # 1..DRILL_REPS
    words: str
    amount: float  # 0 standing .. 1 hinged
    left: float  # seconds left of this step


def drill_length() -> float:
    ready, *rep = DRILL_STEPS
    return ready[1] + DRILL_REPS * sum(step[1] for step in rep)


def drill_at(elapsed: float) -> DrillMoment | None:
    """Where the practice is `elapsed` seconds in; None once the three hinges are done."""
    ready, *rep = DRILL_STEPS
    steps = [(1, ready)] + [(n, step) for n in range(1, DRILL_REPS + 1) for step in rep]
    at = max(0.0, elapsed)
    for number, (words, seconds, start, end) in steps:
        if at < seconds:
            amount = start + (end - start) * (at / seconds)
            return DrillMoment(number, words, amount, seconds - at)
        at -= seconds
    return None
