"""`supple import FILE`: supple's own JSON or CSV, or another tracker's file, merged by id."""

from __future__ import annotations

from pathlib import Path

from tracker.cli.commands.apply import apply_change
from tracker.core.errors import CommandError
from tracker.core.text import printable
from tracker.store import transfer
from tracker.store.changes import ImportRecords
from tracker.store.database import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def run(store: Store, args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    shown = "standard input" if args.file == "-" else printable(str(path))  # any name at all
    try:
        found = transfer.read_import(path, habit=args.habit)
    except transfer.ImportFileError as error:
        raise CommandError(f"import {shown}: {error}; nothing was imported") from None
    summary = store.summary()  # refuse early, without taking the lock, if the store is unreadable
    sessions, kept = found.sessions, 0
    source = f"{shown} ({found.source})" if found.other_tracker else shown
    if found.other_tracker:  # a day already done in supple keeps its own sessions
        done = {day.isoformat() for day in summary.history.done}
        sessions = [s for s in found.sessions if s["date"] not in done]
        kept = len(found.sessions) - len(sessions)
    activities = found.activities
    if found.activities_from_csv:  # names from a CSV: an activity supple has keeps its record
        have = {a["id"] for a in store.load().activities}
        activities = [a for a in activities if a["id"] not in have]
    records = ImportRecords(
        tuple(sessions),
        tuple(found.marks),
        found.settings,
        source,
        tuple(found.measurements),
        tuple(activities),
        tuple(found.hinge_checks),
        tuple(found.automaticity),
    )
    message = apply_change(store, records)
    if args.quiet:
        return 0
    print(message)
    if kept:
        print(f"Left alone: {_days(kept)} already done in supple.")
    return 0
