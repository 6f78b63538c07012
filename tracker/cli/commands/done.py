"""`supple done`: log a complete session (kind `logged`) and show the streak."""

from __future__ import annotations

from tracker.cli.commands.apply import apply_change
from tracker.core.days import DayWord, day_of
from tracker.core.rules import best_streak, current_streak
from tracker.store.changes import LogDone, today_of
from tracker.store.database import Store

TYPE_CHECKING = False  # not from typing: `supple done` loads this module
if TYPE_CHECKING:
    import argparse  # the parser is built by tracker.cli.parser, only when it is needed


def run(store: Store, args: argparse.Namespace) -> int:
    day = args.date
    if isinstance(day, DayWord):  # `--date yesterday`: counted from supple's today
        day = day.on(today_of(store))
    change = LogDone(day, args.pain_before, args.pain_after, args.note)
    message = apply_change(store, change)
    if args.quiet:
        return 0
    print(message)
    summary = store.summary()  # the write left it: no need to read every record again
    today = day_of(store.clock.now(), summary.settings.day_start)
    history = summary.history
    print(f"Current streak: {current_streak(history, today)}   Best: {best_streak(history, today)}")
    return 0
