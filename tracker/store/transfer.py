"""Export to JSON, CSV and iCalendar, and read an import file: JSON or CSV as exported, or a
file from another tracker (`other_trackers`: Loop Habit Tracker's zip and CSV, lists of dates;
`loop_backup`: Loop's SQLite backup; `habitica`: Habitica's history CSV; `text_logs`: harsh's
and habitctl's logs).

An import file is checked whole before anything is written: the first bad record stops it,
named by its position and id.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from tracker.core.days import (
    SESSION_DAYS_AHEAD,
    SKIP_DAYS_AHEAD,
    calendar_today,
    date_bound_problem,
)
from tracker.core.settings import DEVICE_SETTINGS, KEYS, SettingError, whole_number
from tracker.core.text import printable
from tracker.store import habitica, loop_backup, other_trackers, text_logs
from tracker.store.records import (
    SESSION_FIELDS,
    RecordError,
    brief,
    check_activity,
    check_automaticity,
    check_hinge_check,
    check_mark,
    check_measurement,
    check_session,
    not_text_in,
)
from tracker.store.snapshot import Snapshot
from tracker.store.storage import UnreadableFileError, read_file, write_atomically

FORMAT_NAME = "supple"
FORMAT_VERSION = 1
CSV_FIELDS = SESSION_FIELDS  # exercises is written as JSON text
# The CSV export: a row per session (`type` "session") and per skip day (`type` "skip": its
# date, and its reason in `note`), by date. A CSV without `type` (older exports) is sessions.
CSV_COLUMNS = (*CSV_FIELDS, "type")
MEASUREMENT_CSV_FIELDS = (
    "id",
    "date",
    "measure",
    "activity_id",
    "activity",
    "value",
    "recorded_at",
    "activity_dropped",
)
"""`supple export --format csv --what measurements`: one row per reading; an activity's score
names its activity (its id and name), so the file imports back on its own."""


OTHERS_READ = (
    "supple reads JSON or CSV as supple exports them, Loop Habit Tracker's zip, Checkmarks.csv "
    "or .db backup, Habitica's history CSV, harsh's or habitctl's log, or a list of dates"
)
"""What an import file may be, for the line that refuses any other."""


class ImportFileError(ValueError):
    """The import file cannot be used; nothing was written."""


def _sorted_sessions(snapshot: Snapshot) -> list[dict[str, Any]]:
    return sorted(snapshot.sessions, key=lambda s: (s["date"], s.get("started_at") or "", s["id"]))


def _sorted_measurements(snapshot: Snapshot) -> list[dict[str, Any]]:
    return sorted(
        snapshot.measurements,
        key=lambda m: (m["date"], m["measure"], m.get("recorded_at") or "", m["id"]),
    )


def export_json(snapshot: Snapshot) -> str:
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "sessions": [dict(s) for s in _sorted_sessions(snapshot)],
        "marks": sorted((dict(m) for m in snapshot.marks), key=lambda m: m["date"]),
        "settings": {
            name: value
            for name, value in snapshot.stored_settings.items()
            if name not in DEVICE_SETTINGS  # this device's own (the sync folder, the theme)
        },
        "measurements": [dict(m) for m in _sorted_measurements(snapshot)],
        "activities": sorted(
            (dict(a) for a in snapshot.activities), key=lambda a: (a["added"], a["id"])
        ),
        "hinge_checks": sorted(
            (dict(c) for c in snapshot.hinge_checks), key=lambda c: (c["date"], c["id"])
        ),
        "automaticity": sorted(
            (dict(a) for a in snapshot.automaticity), key=lambda a: (a["date"], a["id"])
        ),
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    # json escapes the C0 controls but not DEL and the C1 ones (\x9b is a CSI to a terminal),
    # nor the marks that reorder text (U+202E) or end a line (U+2028); they can only be
    # inside strings, where \u escapes mean the same: the file keeps them exactly.
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_C1 = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")


class ExportTargetError(ValueError):
    """The export file named is not one supple writes: another user's, or not a file."""


def write_export(target: Path, text: str) -> None:
    """Write a text export (see write_export_bytes), as UTF-8."""
    write_export_bytes(target, text.encode("utf-8"))


def write_export_bytes(target: Path, payload: bytes) -> None:
    """Write an export file atomically (a temp file beside it, renamed over it), 0600 (it is
    health data) or stricter if the file there now is stricter.

    A symbolic link at `target` is replaced, never followed (in a shared folder such as /tmp
    another user may have planted it), and a file or link that belongs to another user is
    refused (ExportTargetError), as is anything but a file or a link.
    """
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        found = None
    if found is not None:
        if found.st_uid != os.geteuid():
            raise ExportTargetError(
                f"{target} belongs to another user (uid {found.st_uid}); supple does not "
                "write over other people's files"
            )
        if not (stat.S_ISREG(found.st_mode) or stat.S_ISLNK(found.st_mode)):
            raise ExportTargetError(f"{target} is not a file")
    write_atomically(target, payload)


def sessions_json(records: list[dict[str, Any]]) -> str:
    """Sessions alone as a supple export, which `supple import` takes back (a session the
    store could not save, kept in a file of the user's choosing)."""
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "sessions": records}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's "CSV
# injection"); the export puts a ' in front, which spreadsheets show as text and import takes
# off again. A cell that already starts with ' before one of them gets one more, so nothing is
# lost either way.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(text: str) -> str:
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def restore_cell(text: str) -> str:
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def export_csv(snapshot: Snapshot) -> str:
    dated: list[tuple[str, int, dict[str, Any]]] = []
    for session in _sorted_sessions(snapshot):
        row = {name: session.get(name) for name in CSV_FIELDS}
        exercises = session.get("exercises")
        row["exercises"] = None if exercises is None else json.dumps(exercises)  # [] stays []
        row["type"] = "session"
        dated.append((session["date"], 0, row))
    for mark in snapshot.marks:
        dated.append(
            (mark["date"], 1, {"date": mark["date"], "note": mark.get("reason"), "type": "skip"})
        )
    dated.sort(key=lambda entry: entry[:2])  # by date, a day's sessions first (stable)
    return _csv_text(CSV_COLUMNS, [row for _, _, row in dated])


def _csv_text(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    """The CSV of `rows` (None as an empty cell, formula starts neutralised), NUL kept on
    every Python (the csv module refuses it before 3.11: a stand-in while it writes)."""
    cells = [{k: "" if v is None else neutralise_cell(str(v)) for k, v in r.items()} for r in rows]
    stand_in = other_trackers.nul_stand_in("".join(v for row in cells for v in row.values()))
    if stand_in is not None:
        cells = [{k: v.replace("\0", stand_in) for k, v in row.items()} for row in cells]
    out = io.StringIO()
    # CRLF between records (RFC 4180): then a CR or LF inside a note is quoted too, which
    # Python's writer does not do for a bare CR with "\n" line ends (found by the round trip).
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(cells)
    text = out.getvalue()
    return text if stand_in is None else text.replace(stand_in, "\0")


def export_measurements_csv(snapshot: Snapshot) -> str:
    names = {str(a["id"]): str(a["name"]) for a in snapshot.activities}
    dropped = {str(a["id"]): a.get("dropped") for a in snapshot.activities}
    rows = []
    for record in _sorted_measurements(snapshot):
        activity = record.get("activity")
        row = {
            "id": record["id"],
            "date": record["date"],
            "measure": record["measure"],
            "activity_id": activity,
            "activity": names.get(str(activity), "") if activity else "",
            "value": f"{record['value']:g}",
            "recorded_at": record.get("recorded_at"),
            "activity_dropped": dropped.get(str(activity)) if activity else None,
        }
        rows.append(row)
    return _csv_text(MEASUREMENT_CSV_FIELDS, rows)


def _ics_text(text: str) -> str:
    text = printable(text, lines=True)  # RFC 5545 allows no control characters in text
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: a line longer than 75 octets goes on after a line break and a space (74
    octets of the line each), never splitting a character's UTF-8 bytes."""
    if len(line) <= 75 and line.isascii():  # nearly every line: nothing to fold
        return line
    data = line.encode("utf-8")
    parts: list[str] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # inside a character: break before it instead
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)


def export_ics(snapshot: Snapshot, now: datetime) -> str:
    # RFC 5545 3.8.7.2: DTSTAMP is a UTC time ("Z"). Each session is an all-day event that
    # must not make the day look busy in a calendar: TRANSP:TRANSPARENT.
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//supple//habit tracker//EN",
        "CALSCALE:GREGORIAN",
    ]
    add = lines.append
    summaries: dict[tuple[str, str], str] = {}  # a few kinds and statuses, each written once
    for session in _sorted_sessions(snapshot):
        kind_status = (session["kind"], session["status"])
        summary = summaries.get(kind_status)
        if summary is None:
            text = _ics_text(f"supple: {kind_status[0]} session ({kind_status[1]})")
            summary = summaries[kind_status] = _fold(f"SUMMARY:{text}")
        before, after, note = (
            session.get("pain_before"),
            session.get("pain_after"),
            session.get("note"),
        )
        details = []
        if before is not None:
            details.append(f"pain before: {before}/10")
        if after is not None:
            details.append(f"pain after: {after}/10")
        if note:
            details.append(f"note: {note}")
        description = ""
        if details:
            description = _fold(f"DESCRIPTION:{_ics_text('; '.join(details))}") + "\r\n"
        uid = _fold(f"UID:{session['id']}@supple")
        day = session["date"].replace("-", "")
        add(
            f"BEGIN:VEVENT\r\n{uid}\r\nDTSTAMP:{stamp}\r\nDTSTART;VALUE=DATE:{day}\r\n"
            f"{summary}\r\nTRANSP:TRANSPARENT\r\n{description}END:VEVENT"
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


class LongNumber:
    """Where an import file has a number too long to be any supple value. json would refuse
    the whole file without saying where (over 4,300 digits); kept as this, the record check
    names the record."""

    def __init__(self, digits: str) -> None:
        self.length = len(digits)

    def __repr__(self) -> str:
        return f"<a number of {self.length} digits>"


def _number(text: str) -> int | LongNumber:
    return int(text) if len(text) <= 30 else LongNumber(text)


def _load_json(text: str) -> Any:
    return json.loads(text, parse_int=_number)


def _long_number_in(record: object) -> LongNumber | None:
    """The first LongNumber anywhere inside `record` (walked without recursion)."""
    stack = [record]
    while stack:
        value = stack.pop()
        if isinstance(value, LongNumber):
            return value
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def _no_long_number(record: object) -> None:
    found = _long_number_in(record)
    if found is not None:
        raise RecordError(f"it holds {found!r}, too long to be a supple value")


def _label(index: int, record: object) -> str:
    rid = record.get("id") if isinstance(record, dict) else None
    shown = printable(rid[:100]) if isinstance(rid, str) else ""
    return f"record {index}" + (f" (id {shown})" if shown else "")


def _check_day(record: dict[str, Any], today: date, days_ahead: int) -> None:
    """The record's (already well-formed) date is within supple's range, or RecordError."""
    problem = date_bound_problem(date.fromisoformat(record["date"]), today, days_ahead)
    if problem is not None:
        raise RecordError(f"date {problem}")


def _check_sessions(records: object, today: date) -> list[dict[str, Any]]:
    return _check_dated_records(
        records, "'sessions' must be a list of session records", "session", check_session, today
    )


def _check_mark(record: object, today: date) -> dict[str, Any]:
    """check_mark, plus: the only kind is "skip" (or none given), and a date in range."""
    if isinstance(record, dict) and record.get("kind", "skip") != "skip":
        raise RecordError(
            f"kind must be 'skip' (the only kind of mark), not {brief(record['kind'])}"
        )
    _no_long_number(record)
    checked = check_mark(record)
    _check_day(checked, today, SKIP_DAYS_AHEAD)
    return checked


def _check_measures(
    measurements_in: object, activities_in: object, today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The measurements and activities of a JSON export, checked; every activity score must
    name an activity of the file."""
    if not isinstance(measurements_in, list):
        raise ImportFileError("'measurements' must be a list")
    if not isinstance(activities_in, list):
        raise ImportFileError("'activities' must be a list")
    activities: list[dict[str, Any]] = []
    for index, record in enumerate(activities_in, start=1):
        try:
            _no_long_number(record)
            checked = check_activity(record)
            for field in ("added", "dropped"):
                if checked[field] is not None:
                    _check_day({"date": checked[field]}, today, SESSION_DAYS_AHEAD)
        except RecordError as error:
            raise ImportFileError(f"activity {_label(index, record)}: {error}") from None
        if any(a["id"] == checked["id"] for a in activities):
            raise ImportFileError(f"activity {_label(index, record)}: the id appears twice")
        activities.append(checked)
    known = {a["id"] for a in activities}
    measurements: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, record in enumerate(measurements_in, start=1):
        try:
            _no_long_number(record)
            checked = check_measurement(record)
            _check_day(checked, today, SESSION_DAYS_AHEAD)
            if checked["activity"] is not None and checked["activity"] not in known:
                raise RecordError("its activity is not among the file's activities")
        except RecordError as error:
            raise ImportFileError(f"measurement {_label(index, record)}: {error}") from None
        if checked["id"] in seen:
            raise ImportFileError(f"measurement {_label(index, record)}: the id appears twice")
        seen.add(checked["id"])
        measurements.append(checked)
    return measurements, activities


def _parse_json(data: object, today: date) -> dict[str, Any]:
    if not isinstance(data, dict) or "sessions" not in data:
        raise ImportFileError("the file is not a supple export (no 'sessions' list)")
    if data.get("format", FORMAT_NAME) != FORMAT_NAME:
        raise ImportFileError(f"the file's format is {brief(data.get('format'))}, not 'supple'")
    version = data.get("version", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ImportFileError(
            f"the file is export version {brief(version)}; this supple reads version "
            f"{FORMAT_VERSION}"
        )
    sessions = _check_sessions(data["sessions"], today)
    marks_in = data.get("marks", [])
    if not isinstance(marks_in, list):
        raise ImportFileError("'marks' must be a list")
    marks: list[dict[str, Any]] = []
    for index, mark in enumerate(marks_in, start=1):
        try:
            marks.append(_check_mark(mark, today))
        except RecordError as error:
            raise ImportFileError(f"mark record {index}: {error}") from None
    settings_in = data.get("settings", {})
    if not isinstance(settings_in, dict):
        raise ImportFileError("'settings' must be an object of config keys")
    settings: dict[str, Any] = {}
    for name, value in settings_in.items():
        if not_text_in([name, value]) is not None:
            raise ImportFileError(f"settings: {brief(name)} holds text that is not UTF-8")
        key = KEYS.get(name)
        if key is None:
            raise ImportFileError(f"settings: unknown config key {brief(name)}")
        if name in DEVICE_SETTINGS:  # another device's own (an export of an older supple)
            continue
        try:
            settings[name] = key.accept(value)
        except SettingError as error:
            raise ImportFileError(f"settings: {error}") from None
    measurements, activities = _check_measures(
        data.get("measurements", []), data.get("activities", []), today
    )
    hinge_checks = _check_hinge_records(
        data.get("hinge_checks", []), "hinge_checks", "hinge check", check_hinge_check, today
    )
    automaticity = _check_hinge_records(
        data.get("automaticity", []),
        "automaticity",
        "automaticity record",
        check_automaticity,
        today,
    )
    return {
        "sessions": sessions,
        "marks": marks,
        "settings": settings,
        "measurements": measurements,
        "activities": activities,
        "hinge_checks": hinge_checks,
        "automaticity": automaticity,
    }


def _check_hinge_records(
    records_in: object, key: str, what: str, check: Any, today: date
) -> list[dict[str, Any]]:
    """The everyday hinge's records of a JSON export, checked (tracker.core.hinge)."""
    return _check_dated_records(records_in, f"'{key}' must be a list", what, check, today)


def _check_dated_records(
    records_in: object, not_a_list: str, what: str, check: Any, today: date
) -> list[dict[str, Any]]:
    """Records with an id and a date: each checked by `check`, dated within supple's range,
    no id twice; ImportFileError naming the first bad record (`not_a_list`: the words when
    the value is not a list at all)."""
    if not isinstance(records_in, list):
        raise ImportFileError(not_a_list)
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, record in enumerate(records_in, start=1):
        try:
            _no_long_number(record)
            checked = check(record)
            _check_day(checked, today, SESSION_DAYS_AHEAD)
        except RecordError as error:
            raise ImportFileError(f"{what} {_label(index, record)}: {error}") from None
        if checked["id"] in seen:
            raise ImportFileError(f"{what} {_label(index, record)}: the id appears twice")
        seen.add(checked["id"])
        records.append(checked)
    return records


def _csv_value(name: str, text: str) -> Any:
    text = restore_cell(text)
    if text == "":
        return "" if name == "note" else None
    if name in ("pain_before", "pain_after"):
        number = whole_number(text) if len(text) <= 30 else None
        return text if number is None else number
    if name == "exercises":
        try:
            return _load_json(text)
        except (ValueError, RecursionError):  # the record check then says what is wrong
            return text
    return text


def _parse_csv(
    rows: list[list[str]], today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The sessions and the skip days of a CSV export."""
    header = rows[0] if rows else []
    missing = [n for n in ("id", "date", "kind", "status") if n not in header]
    if missing:
        raise ImportFileError(
            f"the CSV has no column {', '.join(missing)} (export one to see), and it is no "
            f"other tracker's file either; {OTHERS_READ}"
        )
    records, marks = [], []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, row, strict=False))
        kind = cells.get("type", "").strip() or "session"
        if kind == "session":
            records.append({k: _csv_value(k, v) for k, v in cells.items() if k in CSV_FIELDS})
        elif kind == "skip":
            reason = restore_cell(cells.get("note", ""))
            try:
                marks.append(_check_mark({"date": cells.get("date"), "reason": reason}, today))
            except RecordError as error:
                raise ImportFileError(f"skip day on line {line}: {error}") from None
        else:
            raise ImportFileError(
                f"line {line}: type {brief(kind)} is neither 'session' nor 'skip'"
            )
    return _check_sessions(records, today), marks


def _parse_measurements_csv(
    rows: list[list[str]], today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of `export --format csv --what measurements`, as the JSON export's records."""
    header = rows[0]
    missing = [n for n in MEASUREMENT_CSV_FIELDS[:-1] if n not in header]
    if missing:
        raise ImportFileError(
            f"the measurements CSV has no column {', '.join(missing)} (export one to see)"
        )
    measurements: list[dict[str, Any]] = []
    activities: dict[str, dict[str, Any]] = {}
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        cells = {k: restore_cell(v) for k, v in zip(header, row, strict=False)}
        record: dict[str, Any] = {
            "id": cells.get("id", ""),
            "date": cells.get("date", ""),
            "measure": cells.get("measure", ""),
            "activity": cells.get("activity_id") or None,
            "value": _csv_number(cells.get("value", "")),
            "recorded_at": cells.get("recorded_at") or None,
        }
        measurements.append(record)
        activity = record["activity"]
        if activity is not None:
            kept = activities.setdefault(
                activity,
                {"id": activity, "name": cells.get("activity", ""), "added": record["date"]},
            )
            kept["added"] = min(str(kept["added"]), str(record["date"]))
            kept["dropped"] = cells.get("activity_dropped") or None
    return _check_measures(measurements, list(activities.values()), today)


def _csv_number(text: str) -> object:
    """A value cell as a number (whole numbers as int, as a score must be); else the text,
    which the record check then names."""
    word = text.strip()
    number = whole_number(word)
    if number is not None:
        return number
    try:
        value = float(word)
    except ValueError:
        return word
    return value if value == value and abs(value) < 1e9 else word


def _json_error(name: str, error: json.JSONDecodeError) -> ImportFileError:
    # json's messages either end in " at" ("Unterminated string starting at") or not
    # ("Expecting value"); say where once either way.
    where = f"line {error.lineno} column {error.colno}"
    message = error.msg if error.msg.endswith(" at") else f"{error.msg} at"
    return ImportFileError(f"{name} is not valid JSON ({message} {where})")


@dataclass(frozen=True)
class ImportFile:
    """A whole import file, checked: what to merge, and what kind of file it was."""

    sessions: list[dict[str, Any]]
    marks: list[dict[str, Any]]
    settings: dict[str, Any]
    source: str  # "a supple export", "Loop Habit Tracker, habit 'Stretch'", ...
    # Sessions made up from another tracker's days: a day supple already has as done
    # keeps its own sessions.
    other_tracker: bool = False
    measurements: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    # Activities made up from a measurements CSV (id and name only): an activity the store
    # already has keeps its own record.
    activities_from_csv: bool = False
    hinge_checks: list[dict[str, Any]] = field(default_factory=list)
    automaticity: list[dict[str, Any]] = field(default_factory=list)


def _csv_rows(text: str) -> list[list[str]]:
    """The CSV's rows; a field over the size limit (or other CSV damage) names its record,
    and a file of more rows, cells or longer lines than any history is refused."""
    first = text.split("\n", 1)[0]
    stand_in = other_trackers.nul_stand_in(text)  # NUL, which csv refuses before Python 3.11
    if stand_in is not None:
        text = text.replace("\0", stand_in)
    reader = csv.reader(
        other_trackers.bounded_lines(text), delimiter=other_trackers.sniff_delimiter(first)
    )
    rows: list[list[str]] = []
    try:
        other_trackers.bounded_rows(reader, rows)
    except other_trackers.OtherFormatError as error:
        raise ImportFileError(str(error)) from None
    except csv.Error as error:
        why = str(error)
        if "field limit" in why:
            why = f"a field is longer than {csv.field_size_limit() // 1024} KiB"
        where = f"session record {len(rows)} (line {reader.line_num})"  # rows[0]: the header
        raise ImportFileError(f"{where}: {why}") from None
    if stand_in is None:
        return rows
    return [[cell.replace(stand_in, "\0") for cell in row] for row in rows]


MAX_IMPORT_BYTES = 32 * 1024 * 1024
"""A century of daily guided sessions, as supple exports them, is about 22 MB."""


def _read_stdin(limit: int) -> bytes:
    """Standard input to its end, but never past `limit` bytes (`yes | supple import -`)."""
    read = getattr(sys.stdin.buffer, "read1", sys.stdin.buffer.read)  # what has come so far
    chunks: list[bytes] = []
    total = 0
    while chunk := read(1 << 20):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise ImportFileError(
                f"standard input goes on past {limit // (1024 * 1024)} MiB, more than any "
                "history; give a file of supple's, Loop Habit Tracker's or a list of dates"
            )
    return b"".join(chunks)


def _read_source(path: Path) -> bytes:
    if str(path) == "-":
        return _read_stdin(MAX_IMPORT_BYTES)
    try:
        raw = read_file(path, MAX_IMPORT_BYTES)
    except UnreadableFileError as error:
        raise ImportFileError(str(error)) from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a file") from None
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror}") from None
    if raw is None:
        raise ImportFileError(f"there is no file {path}")
    return raw


def read_import(path: Path, today: date | None = None, habit: str | None = None) -> ImportFile:
    """Read and check a whole import file; raises ImportFileError naming the first problem.

    `-` reads standard input. Read as: a zip (Loop Habit Tracker's export); JSON (a name
    *.json, or text starting with `{` or `[`); otherwise CSV, by its header: supple's
    columns, Loop's `Date,<habit>...`, a single `date` column or a bare list of dates; `,` or
    `;` between cells. `habit` picks the column of a Loop export with several habits. Dates
    are checked against `today` (default: the commands' clock, by calendar date).
    """
    name = "standard input" if str(path) == "-" else str(path)
    raw = _read_source(path)
    if today is None:
        today = calendar_today()
    if raw.startswith(b"PK\x03\x04"):
        return _other_tracker(lambda: other_trackers.read_loop_zip(raw, habit), today)
    if raw.startswith(loop_backup.SQLITE_MAGIC):
        return _other_tracker(lambda: loop_backup.read_loop_backup(raw, habit), today)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(f"{name} is not UTF-8 text") from None
    if not text.strip():
        raise ImportFileError(f"{name} is empty")
    if path.suffix.lower() in (".ics", ".ical") or text.lstrip().startswith("BEGIN:VCALENDAR"):
        raise ImportFileError(f"this is an iCalendar file; {OTHERS_READ}")
    log = text_logs.which_log(text)
    if log is not None:
        return _other_tracker(lambda: text_logs.read_log(text, log, habit), today)
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "[")):
        try:
            data = _load_json(text)
        except json.JSONDecodeError as error:
            raise _json_error(name, error) from None
        except RecursionError:
            raise ImportFileError(f"{name} is nested too deeply to be a supple export") from None
        return ImportFile(**_parse_json(data, today), source="a supple export")
    rows = _csv_rows(text)
    if rows and "measure" in rows[0] and "value" in rows[0]:
        measurements, activities = _parse_measurements_csv(rows, today)
        return ImportFile(
            [],
            [],
            {},
            source="a supple CSV export of measurements",
            measurements=measurements,
            activities=activities,
            activities_from_csv=True,
        )
    if habitica.is_history(rows):
        return _other_tracker(lambda: habitica.read_history(rows, habit), today)
    if other_trackers.is_loop_checkmarks(rows):
        return _other_tracker(lambda: other_trackers.read_loop_checkmarks(rows, habit), today)
    if other_trackers.is_date_list(rows):
        return _other_tracker(lambda: other_trackers.read_date_list(rows), today)
    sessions, marks = _parse_csv(rows, today)
    return ImportFile(sessions, marks, {}, source="a supple CSV export")


def _other_tracker(read: Callable[[], other_trackers.Days], today: date) -> ImportFile:
    try:
        days = read()
    except other_trackers.OtherFormatError as error:
        raise ImportFileError(str(error)) from None
    sessions = _check_sessions(days.sessions(), today)
    marks: list[dict[str, Any]] = []
    for index, mark in enumerate(days.marks(), start=1):
        try:
            marks.append(_check_mark(mark, today))
        except RecordError as error:
            raise ImportFileError(f"skip day {index} ({mark['date']}): {error}") from None
    return ImportFile(sessions, marks, {}, source=days.source, other_tracker=True)
