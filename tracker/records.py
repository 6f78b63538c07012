"""The shape of stored records, checked in one place.

The store checks every record it reads and import checks every record it is given, with the
same functions, so a record that one accepts the other accepts too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
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


def check_date(value: object, field: str) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise RecordError(f"{field} must be a date like 2026-11-25, not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RecordError(f"{field} must be a date like 2026-11-25, not {value!r}") from None


def check_pain(value: object, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise RecordError(f"{field} must be a whole number from 0 to 10, not {value!r}")
    return value


def _check_moment(value: object, field: str) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise RecordError(f"{field} must be an ISO time like 2026-11-25T07:30:00+01:00")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise RecordError(
            f"{field} must be an ISO time like 2026-11-25T07:30:00+01:00, not {value!r}"
        ) from None


def check_session(record: object) -> dict[str, Any]:
    """Return a clean copy of a session record, or raise RecordError saying what is wrong."""
    if not isinstance(record, Mapping):
        raise RecordError("a session must be an object with id, date, kind and status")
    session_id = record.get("id")
    if not isinstance(session_id, str) or not session_id.strip() or len(session_id) > 100:
        raise RecordError("id must be a non-empty text of at most 100 characters")
    check_date(record.get("date"), "date")
    if record.get("kind") not in KINDS:
        raise RecordError(f"kind must be one of {', '.join(KINDS)}, not {record.get('kind')!r}")
    if record.get("status") not in STATUSES:
        raise RecordError(
            f"status must be one of {', '.join(STATUSES)}, not {record.get('status')!r}"
        )
    _check_moment(record.get("started_at"), "started_at")
    _check_moment(record.get("ended_at"), "ended_at")
    check_pain(record.get("pain_before"), "pain_before")
    check_pain(record.get("pain_after"), "pain_after")
    note = record.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > NOTE_LIMIT):
        raise RecordError(f"note must be text of at most {NOTE_LIMIT} characters")
    exercises = record.get("exercises")
    if exercises is not None and not isinstance(exercises, list):
        raise RecordError("exercises must be a list")
    if isinstance(exercises, list) and not all(isinstance(e, Mapping) for e in exercises):
        raise RecordError("each entry of exercises must be an object")
    clean = {name: record.get(name) for name in SESSION_FIELDS}
    clean["note"] = note or ""
    return clean


def check_mark(record: object) -> dict[str, Any]:
    """Return a clean copy of a skip mark, or raise RecordError."""
    if not isinstance(record, Mapping):
        raise RecordError("a mark must be an object with a date")
    check_date(record.get("date"), "date")
    reason = record.get("reason")
    if reason is not None and (not isinstance(reason, str) or len(reason) > NOTE_LIMIT):
        raise RecordError(f"reason must be text of at most {NOTE_LIMIT} characters")
    return {"date": record["date"], "kind": "skip", "reason": reason or None}
