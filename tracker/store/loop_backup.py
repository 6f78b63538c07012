"""Loop Habit Tracker's full backup (Settings, Export full backup): its own SQLite database,
read with the standard library's sqlite3, read-only.

The tables that matter: `Habits` (id, name, type: 0 yes/no, 1 measurable; no `type` before
Loop's schema 16) and `Repetitions` (habit, timestamp: milliseconds at UTC midnight of the
day, value: 2 done, 3 skipped, 0 not done, -1 unknown; no `value` before schema 16, when every
repetition was a done day; notes from schema 25). Only what the user entered is stored: a day
not due by the habit's frequency (Loop's YES_AUTO) is not in the backup.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

from tracker.store.other_trackers import LOOP, LOOP_SKIPPED, Days, OtherFormatError, pick_habit

SQLITE_MAGIC = b"SQLite format 3\x00"
EPOCH = date(1970, 1, 1)
DAY_MS = 86_400_000


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {str(row[1]).lower() for row in db.execute(f"pragma table_info({table})")}


def read_loop_backup(raw: bytes, habit: str | None) -> Days:
    """The chosen habit's days from the bytes of a Loop backup."""
    # sqlite3 reads files: a private temporary copy (the file may come from standard input).
    fd, name = tempfile.mkstemp(prefix="supple-loop-", suffix=".db")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        try:
            db = sqlite3.connect(f"{Path(name).as_uri()}?mode=ro&immutable=1", uri=True)
        except sqlite3.Error:
            raise OtherFormatError("the SQLite file cannot be opened") from None
        try:
            return _read(db, habit)
        except sqlite3.Error as error:
            raise OtherFormatError(f"the SQLite file cannot be read ({error})") from None
        finally:
            db.close()
    finally:
        os.unlink(name)


def _read(db: sqlite3.Connection, habit: str | None) -> Days:
    tables = {str(r[0]).lower() for r in db.execute("select name from sqlite_master")}
    if not {"habits", "repetitions"} <= tables:
        raise OtherFormatError(
            "the file is an SQLite database, but not a Loop Habit Tracker backup "
            "(it has no Habits and Repetitions tables)"
        )
    has_type = "type" in _columns(db, "Habits")
    rows = db.execute(
        f"select id, name, {'type' if has_type else '0'} from Habits order by position, id"
    ).fetchall()
    if not rows:
        raise OtherFormatError("the Loop backup has no habits")
    names = [str(name or "") for _, name, _ in rows]
    habit_id, name, kind = rows[pick_habit(names, habit, LOOP, "backup")]
    if kind not in (0, None):
        raise OtherFormatError(
            f"'{name}' is a measurable habit in Loop; supple imports yes/no habits"
        )
    columns = _columns(db, "Repetitions")
    value = "value" if "value" in columns else "2"
    notes = "notes" if "notes" in columns else "''"
    days = Days(f"{LOOP} backup, habit '{name}'")
    query = (
        f"select timestamp, {value}, {notes} from Repetitions where habit = ? order by timestamp"
    )
    for timestamp, entered, note in db.execute(query, (habit_id,)):
        if not isinstance(timestamp, int) or not isinstance(entered, int):
            raise OtherFormatError(f"a repetition of '{name}' is not a day and a value")
        try:
            day = EPOCH + timedelta(days=timestamp // DAY_MS)
        except OverflowError:
            raise OtherFormatError(f"a repetition of '{name}' has no real date") from None
        text = str(note or "").strip()
        if entered == 2:
            days.done[day] = text
        elif entered in (3, 1):  # 1 (YES_AUTO) is never stored by Loop; as in its CSV
            days.skipped[day] = text or LOOP_SKIPPED
        elif entered not in (0, -1):
            raise OtherFormatError(
                f"the repetition of '{name}' on {day.isoformat()} has the value {entered}, "
                "which is not a yes/no check"
            )
    return days
