"""The shell commands, one function each: `cmd_<name>(store, args) -> exit code`.

They print plain text and raise CommandError (or the store's StoreError) for the one-line
errors; `tracker.cli` turns those into stderr lines and exit codes.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.clock import zone_for
from tracker.days import daterange, day_of
from tracker.errors import CommandError
from tracker.output import write_utf8
from tracker.rules import best_streak, current_streak
from tracker.settings import KEYS, SettingError, parse_value, unknown_key_message
from tracker.status import build_status, status_json, status_lines
from tracker.store.database import Store
from tracker.store.snapshot import Summary

if TYPE_CHECKING:
    import argparse  # the parser is built by tracker.arguments, only when it is needed

MAX_SKIP_DAYS = 366


def _today(store: Store, summary: Summary) -> tuple[datetime, date]:
    now = store.clock.now()
    return now, day_of(now, summary.settings.day_start)


def _describe_day(day: date, today: date) -> str:
    if day == today:
        return f"today ({day.isoformat()})"
    if day == today - timedelta(days=1):
        return f"yesterday ({day.isoformat()})"
    return day.isoformat()


def logged_session(
    day: date,
    now: datetime,
    today: date,
    pain_before: int | None,
    pain_after: int | None,
    note: str,
) -> dict[str, Any]:
    """A complete session logged without guidance (kind `logged`)."""
    import uuid  # it loads `platform` too; `supple status` has no use for either

    moment = now.isoformat(timespec="seconds") if day == today else None
    return {
        "id": str(uuid.uuid4()),
        "date": day.isoformat(),
        "started_at": moment,
        "ended_at": moment,
        "kind": "logged",
        "status": "complete",
        "exercises": None,
        "pain_before": pain_before,
        "pain_after": pain_after,
        "note": note,
    }


def cmd_done(store: Store, args: argparse.Namespace) -> int:
    summary = store.summary()
    now, today = _today(store, summary)
    day: date = args.date or today
    if day > today:
        raise CommandError(
            f"--date {day.isoformat()} is in the future; log only days up to today "
            f"({today.isoformat()})"
        )
    already = day in summary.history.done
    store.add_session(logged_session(day, now, today, args.pain_before, args.pain_after, args.note))
    history = store.summary().history  # the write left it: no need to read every record again
    extra = " (another session on a day already done)" if already else ""
    print(f"Logged {_describe_day(day, today)} as done{extra}.")
    print(f"Current streak: {current_streak(history, today)}   Best: {best_streak(history, today)}")
    return 0


def cmd_skip(store: Store, args: argparse.Namespace) -> int:
    _, today = _today(store, store.summary())
    first: date = args.date or today
    last: date = args.until or first
    if last < first:
        raise CommandError(
            f"--until {last.isoformat()} is before the first day {first.isoformat()}; "
            "give a later --until"
        )
    days = daterange(first, last)
    if len(days) > MAX_SKIP_DAYS:
        raise CommandError(f"a pause can be at most {MAX_SKIP_DAYS} days; give a nearer --until")
    added = store.mark_skip(days, args.reason)
    if len(days) == 1:
        note = "" if added else " (it already was)"
        print(f"Marked {_describe_day(first, today)} as a skip day{note}.")
    else:
        print(
            f"Marked {len(added)} of {len(days)} days ({first.isoformat()} to "
            f"{last.isoformat()}) as skip days; the others already were."
            if len(added) != len(days)
            else f"Marked {len(days)} days ({first.isoformat()} to {last.isoformat()}) "
            "as skip days."
        )
    print("Skip days keep your streak but do not add to it.")
    return 0


def cmd_status(store: Store, args: argparse.Namespace) -> int:
    now = store.clock.now()
    status = build_status(store.summary(), now, zone_for(store.clock))
    if args.json:
        print(json.dumps(status_json(status)))
    else:
        print("\n".join(status_lines(status, now)))
    return 0


def cmd_config(store: Store, args: argparse.Namespace) -> int:
    if args.action in ("get", "set") and args.key not in KEYS:
        raise CommandError(unknown_key_message(args.key))
    summary = store.summary()
    values = summary.settings.values
    if args.action == "list":
        width = max(len(name) for name in KEYS)
        for name, key in KEYS.items():
            shown = key.show(values[name])
            default = "" if values[name] == key.default else f" (default {key.show(key.default)})"
            print(f"{name:<{width}}  {shown!s:<12} {key.help}{default}")
        return 0
    if args.action == "get":
        print(KEYS[args.key].show(values[args.key]))
        return 0
    try:
        value = parse_value(args.key, args.value)
    except SettingError as error:
        raise CommandError(f"{error}; nothing was changed") from None
    if summary.stored_settings.get(args.key) != value:
        store.set_setting(args.key, value)
    print(f"{args.key} = {KEYS[args.key].show(value)}")
    return 0


def cmd_export(store: Store, args: argparse.Namespace) -> int:
    from tracker.store import transfer

    snapshot = store.load()
    if args.format == "json":
        text = transfer.export_json(snapshot)
    elif args.format == "csv":
        text = transfer.export_csv(snapshot)
    else:
        text = transfer.export_ics(snapshot, store.clock.now())
    if not args.output or args.output == "-":
        write_utf8(text)
        return 0
    target = Path(args.output).expanduser()
    try:
        target.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise CommandError(
            f"cannot write {target}: {error.strerror}; choose another file with -o", 1
        ) from None
    print(f"Exported {len(snapshot.sessions)} sessions to {target} ({args.format}).")
    return 0


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def cmd_import(store: Store, args: argparse.Namespace) -> int:
    from tracker.store import transfer

    path = Path(args.file).expanduser()
    shown = "standard input" if args.file == "-" else str(path)
    try:
        found = transfer.read_import(path, habit=args.habit)
    except transfer.ImportFileError as error:
        raise CommandError(f"import {shown}: {error}; nothing was imported") from None
    summary = store.summary()  # refuse early, without taking the lock, if the store is unreadable
    sessions, kept = found.sessions, 0
    if found.other_tracker:  # a day already done in supple keeps its own sessions
        done = {day.isoformat() for day in summary.history.done}
        sessions = [s for s in found.sessions if s["date"] not in done]
        kept = len(found.sessions) - len(sessions)
    result = store.import_records(sessions, found.marks, found.settings)
    if found.other_tracker:
        print(
            f"Imported from {shown} ({found.source}): {_days(result.added)} newly done, "
            f"{_days(kept + result.unchanged)} already done; "
            f"{_days(result.marks_added)} newly marked skip."
        )
        return 0
    print(
        f"Imported from {shown}: {result.added} new sessions, {result.updated} updated, "
        f"{result.unchanged} already there; {result.marks_added} skip days; "
        f"{result.settings_changed} settings changed."
    )
    return 0


def cmd_tutorial(store: Store, args: argparse.Namespace) -> int:
    from tracker.tutorial import render_text

    sys.stdout.write(render_text(store.summary().settings))
    return 0


def cmd_doctor(store: Store, args: argparse.Namespace) -> int:
    from tracker.doctor import run_doctor

    return run_doctor(store)


def cmd_completion(store: Store, args: argparse.Namespace) -> int:
    from tracker.completion import script

    sys.stdout.write(script(args.shell))
    return 0


def cmd_remind(store: Store, args: argparse.Namespace) -> int:
    from tracker.remind import run_remind

    return run_remind(store, args)
