"""The shape of stored records, checked in one place.

The store checks every record it reads (`session_problem`, `mark_problem`) and import and
every write check each record they are given (`check_session`, `check_mark`: the same checks,
then a clean copy), so a record that one accepts the other accepts too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

TYPE_CHECKING = False  # not from typing: `supple done` loads this module
if TYPE_CHECKING:
    from typing import Any

KINDS = ("guided", "logged")
STATUSES = ("complete", "partial", "stopped")
SESSION_FIELDS = (
    "id",
    "date",
    "started_at",
    "ended_at",
    "kind",
    "status",
    "exercises",
    "pain_before",
    "pain_after",
    "note",
)
NOTE_LIMIT = 2000


class RecordError(ValueError):
    """A record that does not have the expected shape; the message names the field."""


def brief(value: object) -> str:
    """A value as it would be written, cut short: a message must stay one readable line."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _date_problem(value: object, field: str) -> str | None:
    if isinstance(value, str) and len(value) == 10:
        try:
            date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"{field} must be a date like 2026-11-25, not {brief(value)}"


def _moment_problem(value: object, field: str) -> str | None:
    if not isinstance(value, str):
        return f"{field} must be an ISO time like 2026-11-25T07:30:00+01:00"
    try:
        datetime.fromisoformat(value)
        return None
    except ValueError:
        return f"{field} must be an ISO time like 2026-11-25T07:30:00+01:00, not {brief(value)}"


def _is_pain(value: object) -> bool:
    return value is None or (type(value) is int and 0 <= value <= 10)  # type(): no bools


def _is_text(value: object) -> bool:
    return value is None or (isinstance(value, str) and len(value) <= NOTE_LIMIT)


def session_problem(record: object) -> str | None:
    """What is wrong with a session record (the first thing found), or None.

    The store runs this on every session it reads (ten years are 3,650), so it copies
    nothing and calls out only for what needs parsing.
    """
    if not isinstance(record, (dict, Mapping)):  # dict first: JSON gives dicts, ABCs are slow
        return "a session must be an object with id, date, kind and status"
    get = record.get
    session_id = get("id")
    if not isinstance(session_id, str) or not session_id.strip() or len(session_id) > 100:
        return "id must be a non-empty text of at most 100 characters"
    problem = _date_problem(get("date"), "date")
    if problem:
        return problem
    if get("kind") not in KINDS:
        return f"kind must be one of {', '.join(KINDS)}, not {brief(get('kind'))}"
    if get("status") not in STATUSES:
        return f"status must be one of {', '.join(STATUSES)}, not {brief(get('status'))}"
    for field in ("started_at", "ended_at"):
        if get(field) is not None and (problem := _moment_problem(get(field), field)):
            return problem
    for field in ("pain_before", "pain_after"):
        if not _is_pain(get(field)):
            return f"{field} must be a whole number from 0 to 10, not {brief(get(field))}"
    if not _is_text(get("note")):
        return f"note must be text of at most {NOTE_LIMIT} characters"
    exercises = get("exercises")
    if exercises is not None and not isinstance(exercises, list):
        return "exercises must be a list"
    for entry in exercises or ():
        if not isinstance(entry, (dict, Mapping)):
            return "each entry of exercises must be an object"
    return None


def not_text_in(value: object) -> str | None:
    """The first string anywhere in `value` (a key too) that UTF-8 cannot hold: a lone
    surrogate, from a JSON escape such as \\ud800. Valid JSON, but not text, and the store
    could not be written with it. None when there is none."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return item
        elif isinstance(item, (dict, Mapping)):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _only_text(record: object) -> None:
    found = not_text_in(record)
    if found is not None:
        shown = brief(found).encode("ascii", "backslashreplace").decode("ascii")
        raise RecordError(f"it holds {shown}, which is not text (a lone surrogate)")


def check_session(record: object) -> dict[str, Any]:
    """Return a clean copy of a session record, or raise RecordError saying what is wrong."""
    problem = session_problem(record)
    if problem:
        raise RecordError(problem)
    _only_text(record)
    assert isinstance(record, Mapping)  # session_problem said so
    clean = {name: record.get(name) for name in SESSION_FIELDS}
    clean["note"] = record.get("note") or ""
    return clean


def mark_problem(record: object) -> str | None:
    """What is wrong with a skip mark, or None."""
    if not isinstance(record, Mapping):
        return "a mark must be an object with a date"
    problem = _date_problem(record.get("date"), "date")
    if problem is None and not _is_text(record.get("reason")):
        problem = f"reason must be text of at most {NOTE_LIMIT} characters"
    return problem


def check_mark(record: object) -> dict[str, Any]:
    """Return a clean copy of a skip mark, or raise RecordError."""
    problem = mark_problem(record)
    if problem:
        raise RecordError(problem)
    _only_text(record)
    assert isinstance(record, Mapping)  # mark_problem said so
    return {"date": record["date"], "kind": "skip", "reason": record.get("reason") or None}


# ---- the other tables ----------------------------------------------------------------------

REMINDER_STATUSES = ("claimed", "delivered", "failed", "missed")
"""What `reminders_sent` records say happened; a new status must be added here to be read."""


def _time_of_day_problem(value: object, field: str) -> str | None:
    if isinstance(value, str) and len(value) == 5 and value[2] == ":":
        hours, minutes = value[:2], value[3:]
        if hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit():
            if int(hours) < 24 and int(minutes) < 60:
                return None
    return f"{field} must be a time like 18:00, not {brief(value)}"


def _optional_text_problem(record: Mapping[str, object], field: str) -> str | None:
    value = record.get(field)
    if value is None or isinstance(value, str):
        return None
    return f"{field} must be text, not {brief(value)}"


def reminder_problem(record: object) -> str | None:
    """What is wrong with a `reminders_sent` record (the claim of one reminder), or None."""
    if not isinstance(record, Mapping):
        return "a reminder record must be an object with date, time and status"
    stored_time = record.get("time")
    if isinstance(stored_time, str) and stored_time.startswith("hinge "):
        stored_time = stored_time[6:]  # an everyday-hinge nudge (tracker.core.hinge_schedule)
    problem = _date_problem(record.get("date"), "date") or _time_of_day_problem(stored_time, "time")
    if problem:
        return problem
    status = record.get("status")
    if status not in REMINDER_STATUSES:
        return f"status must be one of {', '.join(REMINDER_STATUSES)}, not {brief(status)}"
    claimed = record.get("claimed_at")
    if claimed is not None and (problem := _moment_problem(claimed, "claimed_at")):
        return problem
    attempts = record.get("attempts")
    if attempts is not None and not (type(attempts) is int and 1 <= attempts <= 10**6):
        return f"attempts must be a whole number from 1, not {brief(attempts)}"
    for field in ("by", "backend", "error"):
        if problem := _optional_text_problem(record, field):
            return problem
    until = record.get("snoozed_until")  # see tracker.core.snooze
    if until is not None and (problem := _moment_problem(until, "snoozed_until")):
        return problem
    snoozes = record.get("snoozes")
    if snoozes is not None and not (type(snoozes) is int and 0 <= snoozes <= 10**6):
        return f"snoozes must be a whole number from 0, not {brief(snoozes)}"
    return None


def meta_problem(record: object) -> str | None:
    """What is wrong with the `meta` record (schema_version is checked by the reader)."""
    if not isinstance(record, Mapping):
        return "the meta record must be an object"
    created = record.get("created")
    if created is not None and (problem := _moment_problem(created, "created")):
        return problem
    seen = record.get("tutorial_seen")
    if seen is not None and not isinstance(seen, (str, bool)):
        return f"tutorial_seen must be a time or true/false, not {brief(seen)}"
    return None


def setting_problem(record: object) -> str | None:
    """What is wrong with a `settings` record ({"key": name, "value": v}), or None.

    A value for a known key must be one that key accepts; an unknown key (from a newer
    supple) is left alone.
    """
    from tracker.core.settings import KEYS, SettingError

    if not isinstance(record, Mapping):
        return "a setting must be an object with key and value"
    name = record.get("key")
    if not isinstance(name, str) or not name:
        return f"key must be the name of a setting, not {brief(name)}"
    if "value" not in record:
        return f"the setting {name} has no value"
    key = KEYS.get(name)
    if key is not None:
        try:
            key.accept(record["value"])
        except SettingError as error:
            return f"{error} (it is {brief(record['value'])})"
    return None


# ---- measures (tracker.core.measures) -------------------------------------------------------

MEASUREMENT_FIELDS = ("id", "date", "measure", "activity", "value", "recorded_at")
ACTIVITY_FIELDS = ("id", "name", "added", "dropped")


def _id_problem(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return "id must be a non-empty text of at most 100 characters"
    return None


def measurement_problem(record: object) -> str | None:
    """What is wrong with a measurement record (a self-test or an activity score), or None."""
    from tracker.core.measures import (
        ACTIVITY,
        FINGERTIP,
        MEASURES,
        fingertip_problem,
        score_problem,
    )

    if not isinstance(record, Mapping):
        return "a measurement must be an object with id, date, measure and value"
    get = record.get
    problem = _id_problem(get("id")) or _date_problem(get("date"), "date")
    if problem:
        return problem
    measure = get("measure")
    if measure not in MEASURES:
        return f"measure must be one of {', '.join(MEASURES)}, not {brief(measure)}"
    if measure == FINGERTIP:
        if get("activity") is not None:
            return "a fingertip measurement has no activity"
        problem = fingertip_problem(get("value"))
    else:
        assert measure == ACTIVITY
        problem = _id_problem(get("activity"))
        if problem:
            return f"activity: {problem}"
        problem = score_problem(get("value"))
    if problem:
        return problem
    return _recorded_at_problem(get("recorded_at"))


def _recorded_at_problem(recorded: object) -> str | None:
    """An optional `recorded_at` moment: absent, or a real one."""
    return None if recorded is None else _moment_problem(recorded, "recorded_at")


def _clean_copy(
    record: object, problem_of: Callable[[object], str | None], fields: tuple[str, ...]
) -> dict[str, Any]:
    """The named fields of a record that `problem_of` finds nothing wrong with, or RecordError."""
    problem = problem_of(record)
    if problem:
        raise RecordError(problem)
    assert isinstance(record, Mapping)
    return {name: record.get(name) for name in fields}


def check_measurement(record: object) -> dict[str, Any]:
    """A clean copy of a measurement record, or RecordError."""
    clean = _clean_copy(record, measurement_problem, MEASUREMENT_FIELDS)
    if clean["measure"] == "fingertip":  # cm to one decimal, always a float
        clean["value"] = round(float(clean["value"]), 1) + 0.0
    return clean


def activity_problem(record: object) -> str | None:
    """What is wrong with an activity record (one of the person's own activities), or None."""
    from tracker.core.measures import name_problem

    if not isinstance(record, Mapping):
        return "an activity must be an object with id, name and added"
    problem = _id_problem(record.get("id")) or name_problem(record.get("name"))
    if problem:
        return problem
    problem = _date_problem(record.get("added"), "added")
    if problem is None and record.get("dropped") is not None:
        problem = _date_problem(record.get("dropped"), "dropped")
    return problem


def check_activity(record: object) -> dict[str, Any]:
    """A clean copy of an activity record, or RecordError."""
    clean = _clean_copy(record, activity_problem, ACTIVITY_FIELDS)
    clean["name"] = " ".join(str(clean["name"]).split())
    return clean


# ---- the everyday hinge (tracker.core.hinge) ------------------------------------------------

HINGE_CHECK_FIELDS = ("id", "date", "answer", "recorded_at")
AUTOMATICITY_FIELDS = ("id", "date", "answers", "reset", "recorded_at")


def hinge_check_problem(record: object) -> str | None:
    """What is wrong with an evening check of the everyday hinge, or None."""
    from tracker.core.hinge import answer_problem

    if not isinstance(record, Mapping):
        return "a hinge check must be an object with id, date and answer"
    get = record.get
    problem = (
        _id_problem(get("id"))
        or _date_problem(get("date"), "date")
        or answer_problem(get("answer"))
    )
    if problem:
        return problem
    return _recorded_at_problem(get("recorded_at"))


def check_hinge_check(record: object) -> dict[str, Any]:
    return _clean_copy(record, hinge_check_problem, HINGE_CHECK_FIELDS)


def automaticity_problem(record: object) -> str | None:
    """What is wrong with a weekly automaticity record (the four SRBAI answers, or a reset of
    the nudges' fading), or None."""
    from tracker.core.hinge import srbai_problem

    if not isinstance(record, Mapping):
        return "an automaticity record must be an object with id, date and answers"
    get = record.get
    problem = _id_problem(get("id")) or _date_problem(get("date"), "date")
    if problem:
        return problem
    reset = get("reset")
    if reset not in (None, True, False):
        return f"reset must be true or false, not {brief(reset)}"
    if reset:
        if get("answers") is not None:
            return "a reset of the nudges has no answers"
    elif problem := srbai_problem(get("answers")):
        return problem
    return _recorded_at_problem(get("recorded_at"))


def check_automaticity(record: object) -> dict[str, Any]:
    clean = _clean_copy(record, automaticity_problem, AUTOMATICITY_FIELDS)
    clean["reset"] = bool(clean["reset"])
    if clean["answers"] is not None:
        clean["answers"] = list(clean["answers"])
    return clean
