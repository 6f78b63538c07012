"""`supple hinge most|some|none [--date D]`: the evening check of the everyday hinge."""

from __future__ import annotations

from tracker.cli.commands.apply import apply_change
from tracker.core.days import DayWord
from tracker.core.hinge import plan_of
from tracker.store.changes import LogHinge, today_of
from tracker.store.database import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(store: Store, args: argparse.Namespace) -> int:
    day = args.date
    if isinstance(day, DayWord):  # `--date yesterday`: counted from supple's today
        day = day.on(today_of(store))
    print(apply_change(store, LogHinge(args.answer, day)))
    moments = store.summary().settings.hinge_moments
    if not moments:
        print("No moments chosen yet: supple config set hinge-moments 'load the dishwasher'")
    else:
        print("Your plans: " + " ".join(plan_of(m) for m in moments))
    return 0
