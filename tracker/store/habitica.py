"""Habitica's history CSV, read as supple records.

Habitica (habitica.com, Settings > Site Data > Export History, or /export/history.csv) writes
`habitica-tasks-history.csv`: the header `Task Name,Task ID,Task Type,Date,Value`, then a row
per entry of each habit's and daily's history: the task's name, its id, `habit` or `daily`,
when (`YYYY-MM-DD HH:mm:ss`, the server's clock: UTC), and the task's value after it.

Habitica raises a habit's value each time its + is pressed and lowers it on -, keeping one
entry a day: so a day on which a habit's value rose (from 0, for its first entry) is a day it
was checked, and becomes a done day. A daily's entry is written when Habitica closes the day
(at the next visit, perhaps days later) and says nothing of which day was checked, so a daily
is refused rather than guessed at. The task is picked by its name as for Loop (the task id
tells apart two tasks of the same name: then the import is refused). Habitica keeps history
older than 60 days (a year with a subscription) as one averaged entry a month; such a month
becomes at most one done day, on the date Habitica gives it.
"""

from __future__ import annotations

from datetime import date

from tracker.store.other_trackers import Days, OtherFormatError, _parse_day, pick_habit

HABITICA = "Habitica"
HEADER = ["Task Name", "Task ID", "Task Type", "Date", "Value"]


def is_history(rows: list[list[str]]) -> bool:
    return bool(rows) and [cell.strip() for cell in rows[0]] == HEADER


def read_history(rows: list[list[str]], habit: str | None) -> Days:
    """The done days of one habit of a Habitica history CSV."""
    tasks: dict[str, tuple[str, str]] = {}  # task id: (name, type), in the file's order
    entries: dict[str, list[tuple[date, float]]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise OtherFormatError(
                f"line {number} has {len(row)} cells; Habitica's history has {len(HEADER)}"
            )
        name, task_id, kind, when, value = row
        tasks.setdefault(task_id, (name, kind.strip()))
        day = _parse_day(when.strip()[:10], f"line {number}")
        try:
            amount = float(value)
        except ValueError:
            raise OtherFormatError(f"line {number}: {value!r} is not a task value") from None
        if amount != amount:  # NaN
            raise OtherFormatError(f"line {number}: {value!r} is not a task value")
        entries.setdefault(task_id, []).append((day, amount))
    if not tasks:
        raise OtherFormatError("the Habitica history lists no task")
    ids = list(tasks)
    chosen = ids[pick_habit([tasks[i][0] for i in ids], habit, HABITICA, "history")]
    name, kind = tasks[chosen]
    if kind != "habit":
        raise OtherFormatError(
            f"'{name}' is a {kind} in Habitica, whose history does not say which days it was "
            "checked; supple reads habits (the + button) from this file"
        )
    days = Days(f"{HABITICA}, habit '{name}'")
    before = 0.0  # a new habit's value
    for day, amount in sorted(entries[chosen], key=lambda entry: entry[0]):  # stable
        if amount > before:
            days.done.setdefault(day, "")
        before = amount
    return days
