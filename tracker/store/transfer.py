"""Export to JSON, CSV and iCalendar, and read an import file: JSON or CSV as exported, or a
file from another tracker (`other_trackers`: Loop Habit Tracker's zip and CSV, lists of dates;
`loop_backup`: Loop's SQLite backup; `text_logs`: harsh's and habitctl's logs).

An import file is checked whole before anything is written: the first bad record stops it,
named by its position and id.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from tracker.core.days import (
    SESSION_DAYS_AHEAD,
    SKIP_DAYS_AHEAD,
    calendar_today,
    date_bound_problem,
)
from tracker.core.settings import KEYS, SettingError, whole_number
from tracker.core.text import printable
from tracker.store import loop_backup, other_trackers, text_logs
from tracker.store.records import SESSION_FIELDS, RecordError, brief, check_mark, check_session
from tracker.store.snapshot import Snapshot
from tracker.store.storage import FILE_MODE, UnreadableFileError, read_file

FORMAT_NAME = "supple"
FORMAT_VERSION = 1
CSV_FIELDS = SESSION_FIELDS  # exercises is written as JSON text
# The CSV export: a row per session (`type` "session") and per skip day (`type` "skip": its
# date, and its reason in `note`), by date. A CSV without `type` (older exports) is sessions.
CSV_COLUMNS = (*CSV_FIELDS, "type")


class ImportFileError(ValueError):
    """The import file cannot be used; nothing was written."""


def _sorted_sessions(snapshot: Snapshot) -> list[dict[str, Any]]:
    return sorted(snapshot.sessions, key=lambda s: (s["date"], s.get("started_at") or "", s["id"]))


def export_json(snapshot: Snapshot) -> str:
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "sessions": [dict(s) for s in _sorted_sessions(snapshot)],
        "marks": sorted((dict(m) for m in snapshot.marks), key=lambda m: m["date"]),
        "settings": dict(snapshot.stored_settings),
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    # json escapes the C0 controls but not DEL and the C1 ones (\x9b is a CSI to a terminal);
    # they can only be inside strings, where \u escapes mean the same.
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_C1 = re.compile("[\x7f-\x9f]")


def write_export(target: Path, text: str) -> None:
    """Write an export file; a new one is made 0600 (it is health data), an existing one
    keeps the mode its owner gave it."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, FILE_MODE)
    with open(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


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
    rows = [
        {k: "" if v is None else neutralise_cell(str(v)) for k, v in row.items()}
        for _, _, row in dated
    ]
    stand_in = other_trackers.nul_stand_in("".join(v for row in rows for v in row.values()))
    if stand_in is not None:
        rows = [{k: v.replace("\0", stand_in) for k, v in row.items()} for row in rows]
    out = io.StringIO()
    # CRLF between records (RFC 4180): then a CR or LF inside a note is quoted too, which
    # Python's writer does not do for a bare CR with "\n" line ends (found by the round trip).
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    text = out.getvalue()
    return text if stand_in is None else text.replace(stand_in, "\0")


def _ics_text(text: str) -> str:
    text = printable(text, lines=True)  # RFC 5545 allows no control characters in text
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545: lines longer than 75 octets continue on the next line after a space."""
    parts: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode("utf-8")) > (75 if not parts else 74):
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return [parts[0]] + [" " + p for p in parts[1:]]


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
    for session in _sorted_sessions(snapshot):
        day = session["date"].replace("-", "")
        summary = f"supple: {session['kind']} session ({session['status']})"
        details = []
        for name in ("pain_before", "pain_after"):
            if session.get(name) is not None:
                details.append(f"{name.replace('_', ' ')}: {session[name]}/10")
        if session.get("note"):
            details.append(f"note: {session['note']}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{session['id']}@supple",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day}",
            f"SUMMARY:{_ics_text(summary)}",
            "TRANSP:TRANSPARENT",
        ]
        if details:
            lines.append(f"DESCRIPTION:{_ics_text('; '.join(details))}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return "\r\n".join(folded) + "\r\n"


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
    if not isinstance(records, list):
        raise ImportFileError("'sessions' must be a list of session records")
    clean: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, record in enumerate(records, start=1):
        try:
            _no_long_number(record)
            checked = check_session(record)
            _check_day(checked, today, SESSION_DAYS_AHEAD)
        except RecordError as error:
            raise ImportFileError(f"session {_label(index, record)}: {error}") from None
        if checked["id"] in seen:
            raise ImportFileError(f"session {_label(index, record)}: the id appears twice")
        seen.add(checked["id"])
        clean.append(checked)
    return clean


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


def _parse_json(
    data: object, today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
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
        key = KEYS.get(name)
        if key is None:
            raise ImportFileError(f"settings: unknown config key {brief(name)}")
        try:
            settings[name] = key.accept(value)
        except SettingError as error:
            raise ImportFileError(f"settings: {error}") from None
    return sessions, marks, settings


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
            f"the CSV has no column {', '.join(missing)} (export one to see), and it is not "
            "a Loop Habit Tracker export or a list of dates either"
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


def _csv_rows(text: str) -> list[list[str]]:
    """The CSV's rows; a field over the size limit (or other CSV damage) names its record."""
    first = text.split("\n", 1)[0]
    stand_in = other_trackers.nul_stand_in(text)  # NUL, which csv refuses before Python 3.11
    if stand_in is not None:
        text = text.replace("\0", stand_in)
    reader = csv.reader(io.StringIO(text), delimiter=other_trackers.sniff_delimiter(first))
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row if stand_in is None else [c.replace(stand_in, "\0") for c in row])
    except csv.Error as error:
        why = str(error)
        if "field limit" in why:
            why = f"a field is longer than {csv.field_size_limit() // 1024} KiB"
        where = f"session record {len(rows)} (line {reader.line_num})"  # rows[0]: the header
        raise ImportFileError(f"{where}: {why}") from None
    return rows


def _read_source(path: Path) -> bytes:
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        raw = read_file(path)
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
        raise ImportFileError(
            "this is an iCalendar file; supple reads JSON or CSV (as supple exports them), "
            "a Loop Habit Tracker export, or a list of dates"
        )
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
        return ImportFile(*_parse_json(data, today), source="a supple export")
    rows = _csv_rows(text)
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
