"""`supple skip`: mark rest or pause days, or clear them (`--clear`)."""

from __future__ import annotations

from datetime import date

from tracker.cli.commands.apply import apply_change
from tracker.core.days import daterange, day_of, resolve_day
from tracker.core.errors import CommandError
from tracker.store.changes import ClearSkip, MarkSkip
from tracker.store.database import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

MAX_SKIP_DAYS = 366


def run(store: Store, args: argparse.Namespace) -> int:
    today = day_of(store.clock.now(), store.summary().settings.day_start)
    first: date = resolve_day(args.date, today) or today
    last: date = resolve_day(args.until, today, after=first) or first
    if last < first:
        raise CommandError(
            f"--until {last.isoformat()} is before the first day {first.isoformat()}; "
            "give a later --until"
        )
    days = tuple(daterange(first, last))
    if len(days) > MAX_SKIP_DAYS:
        raise CommandError(f"a pause can be at most {MAX_SKIP_DAYS} days; give a nearer --until")
    quiet = args.quiet
    if args.clear:
        message = apply_change(store, ClearSkip(days))
        if not quiet:
            print(message)
        return 0
    message = apply_change(store, MarkSkip(days, args.reason))
    if not quiet:
        print(message)
        print("Skip days keep your streak but do not add to it.")
    return 0
