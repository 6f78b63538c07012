"""The shell commands, one function each: `cmd_<name>(store, args) -> exit code`.

They print plain text and raise CommandError (or the store's StoreError) for the one-line
errors; `tracker.cli` turns those into stderr lines and exit codes.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from tracker.changes import Change, ClearSkip, ImportRecords, LogDone, MarkSkip, Refused, SetSetting
from tracker.clock import zone_for
from tracker.days import daterange, day_of
from tracker.errors import CommandError
from tracker.output import write_utf8
from tracker.rules import best_streak, current_streak
from tracker.settings import KEYS, SettingError, parse_value, unknown_key_message
from tracker.store.database import Store

TYPE_CHECKING = False  # not from typing: `supple done` loads this module
if TYPE_CHECKING:
    import argparse  # the parser is built by tracker.arguments, only when it is needed

MAX_SKIP_DAYS = 366


def cmd_done(store: Store, args: argparse.Namespace) -> int:
    change = LogDone(args.date, args.pain_before, args.pain_after, args.note)
    print(_apply(store, change))
    summary = store.summary()  # the write left it: no need to read every record again
    today = day_of(store.clock.now(), summary.settings.day_start)
    history = summary.history
    print(f"Current streak: {current_streak(history, today)}   Best: {best_streak(history, today)}")
    return 0


def cmd_skip(store: Store, args: argparse.Namespace) -> int:
    today = day_of(store.clock.now(), store.summary().settings.day_start)
    first: date = args.date or today
    last: date = args.until or first
    if last < first:
        raise CommandError(
            f"--until {last.isoformat()} is before the first day {first.isoformat()}; "
            "give a later --until"
        )
    days = tuple(daterange(first, last))
    if len(days) > MAX_SKIP_DAYS:
        raise CommandError(f"a pause can be at most {MAX_SKIP_DAYS} days; give a nearer --until")
    if args.clear:
        print(_apply(store, ClearSkip(days)))
        return 0
    print(_apply(store, MarkSkip(days, args.reason)))
    print("Skip days keep your streak but do not add to it.")
    return 0


def _apply(store: Store, change: Change) -> str:
    """Apply a change exactly as the app does; a refusal is one line and exit 2."""
    try:
        return change.apply(store).message
    except Refused as error:
        raise CommandError(f"{error}; nothing was changed") from None


def cmd_status(store: Store, args: argparse.Namespace) -> int:
    import os

    from tracker import quick_status
    from tracker.status import status_texts  # only here: `done` and the others need none of it

    try:
        before = os.stat(store.path)  # what the output is saved for: the file as read next
    except OSError:
        before = None
    now = store.clock.now()
    plain, as_json, until = status_texts(store.quick_summary(), now, zone_for(store.clock))
    sys.stdout.write(as_json if args.json else plain)
    if before is not None:
        explicit = bool(getattr(args, "data_dir", None) or os.environ.get("SUPPLE_DATA_DIR"))
        folder = os.path.abspath(store.data_dir)
        quick_status.save(folder, before, explicit, (now, until), plain, as_json)
    return 0


def cmd_config(store: Store, args: argparse.Namespace) -> int:
    if args.action in ("get", "set") and args.key not in KEYS:
        raise CommandError(unknown_key_message(args.key))
    # Showing may use the status cache; a change reads the store itself.
    summary = store.summary() if args.action == "set" else store.quick_summary()
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
    print(_apply(store, SetSetting(args.key, value)))
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
        if args.format == "csv" and sys.stdout.isatty():
            from tracker.text import printable

            text = printable(text, lines=True)  # shown, not saved: no raw control characters
        write_utf8(text)
        return 0
    target = Path(args.output).expanduser()
    try:
        transfer.write_export(target, text)
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
    source = f"{shown} ({found.source})" if found.other_tracker else shown
    if found.other_tracker:  # a day already done in supple keeps its own sessions
        done = {day.isoformat() for day in summary.history.done}
        sessions = [s for s in found.sessions if s["date"] not in done]
        kept = len(found.sessions) - len(sessions)
    print(_apply(store, ImportRecords(tuple(sessions), tuple(found.marks), found.settings, source)))
    if kept:
        print(f"Left alone: {_days(kept)} already done in supple.")
    return 0


def cmd_tutorial(store: Store, args: argparse.Namespace) -> int:
    from tracker.tutorial import render_text

    # The figures are braille; a terminal or pipe that cannot take it gets their captions.
    try:
        "\u28ff".encode(sys.stdout.encoding or "ascii")
        drawings = True
    except (UnicodeEncodeError, LookupError):
        drawings = False
    sys.stdout.write(render_text(store.quick_summary().settings, drawings))
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
