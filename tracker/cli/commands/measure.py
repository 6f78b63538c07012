"""`supple measure fingertip|activity|list|rename|drop`: the self-test and your activities."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from tracker.cli.commands.apply import apply_change
from tracker.core import measures as m
from tracker.core.days import DayWord
from tracker.core.errors import CommandError
from tracker.core.text import printable
from tracker.store.changes import (
    Change,
    DropActivity,
    RecordMeasures,
    RenameActivity,
    today_of,
)
from tracker.store.database import Store
from tracker.store.snapshot import Snapshot

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(store: Store, args: argparse.Namespace) -> int:
    if args.action == "list":
        snapshot = store.load()
        if args.json:
            print(json.dumps(listing_json(snapshot), ensure_ascii=False, indent=2))
        else:
            print("\n".join(listing_lines(snapshot)))
        return 0
    change: Change
    day = args.date if args.action in ("fingertip", "activity") else None
    if isinstance(day, DayWord):  # `--date yesterday`: counted from supple's today
        day = day.on(today_of(store))
    if args.action == "fingertip":
        change = RecordMeasures(day, fingertip=args.cm)
    elif args.action == "activity":
        change = RecordMeasures(day, scores=((args.name, args.score),))
    elif args.action == "rename":
        change = RenameActivity(_activity(store, args.old).id, args.new)
    else:
        change = DropActivity(_activity(store, args.name).id)
    print(printable(apply_change(store, change)))
    line = progress_line(store.load(), args.action)
    if line:
        print(line)
    return 0


def _activity(store: Store, name: str) -> m.Activity:
    activities = store.load().activities
    found = m.find_activity(activities, name)
    if found is None:
        have = [a.name for a in m.current_activities(activities)]
        known = f"yours are: {', '.join(have)}" if have else "you have none yet"
        raise CommandError(f"there is no activity called '{printable(name)}' ({known})")
    return found


def progress_line(snapshot: Snapshot, action: str) -> str | None:
    """After a new reading: how it compares with the first, against the smallest real change."""
    now = snapshot.measures
    progress = now.fingertip if action == "fingertip" else now.activities
    if action not in ("fingertip", "activity") or progress is None:
        return None
    if progress.first.day == progress.latest.day:
        return "This is the first reading: the next ones are compared with it."
    what = "Fingertip-to-floor" if action == "fingertip" else "The mean of your activities"
    unit = " cm" if action == "fingertip" else ""
    return (
        f"{what}: first {progress.first.value:g}{unit} ({progress.first.day.isoformat()}), now "
        f"{progress.latest.value:g}{unit}: {progress.words()}."
    )


def _names(snapshot: Snapshot) -> dict[str, Mapping[str, Any]]:
    return {str(a["id"]): a for a in snapshot.activities}


def listing_json(snapshot: Snapshot) -> dict[str, Any]:
    names = _names(snapshot)
    now = snapshot.measures
    rows = []
    for record in sorted(snapshot.measurements, key=lambda r: (r["date"], r["measure"])):
        activity = record.get("activity")
        rows.append(
            {
                "id": record["id"],
                "date": record["date"],
                "measure": record["measure"],
                "activity_id": activity,
                "activity": str(names[activity]["name"]) if activity in names else None,
                "value": record["value"],
            }
        )
    return {
        "measurements": rows,
        "activities": [dict(a) for a in snapshot.activities],
        "fingertip_cm": now.fingertip.as_json() if now.fingertip else None,
        "activities_mean": now.activities.as_json() if now.activities else None,
    }


def listing_lines(snapshot: Snapshot) -> list[str]:
    records = snapshot.measurements
    if not records:
        return [
            "No measurements yet. Take the self-test with 'supple measure fingertip CM' "
            "(see 'supple measure fingertip --help'), or press m in the app."
        ]
    lines = [
        f"Fingertip-to-floor, cm (lower is better; a real change is {m.FINGERTIP_REAL_CHANGE:g} "
        f"cm or more, {m.FINGERTIP_SOURCE}):"
    ]
    found = m.readings(records, m.FINGERTIP)
    lines += [f"  {r.day.isoformat()}  {r.value:g}" for r in found] or ["  none yet"]
    now = snapshot.measures
    if now.fingertip is not None:
        lines.append(f"  First to latest: {now.fingertip.words()}")
    lines.append(
        f"Activities, 0 unable .. 10 as before (a real change of the mean is "
        f"{m.ACTIVITIES_REAL_CHANGE:g} points or more, {m.ACTIVITIES_SOURCE}):"
    )
    activities = sorted(snapshot.activities, key=lambda a: (bool(a.get("dropped")), a["added"]))
    for record in activities:
        scores = m.readings(records, m.ACTIVITY, str(record["id"]))
        dropped = " (dropped; scores kept)" if record.get("dropped") else ""
        shown = ", ".join(f"{r.day.isoformat()} {r.value:g}" for r in scores) or "no scores"
        lines.append(f"  {printable(str(record['name']))}{dropped}: {shown}")
    if not activities:
        lines.append("  none yet")
    if now.activities is not None:
        a = now.activities
        lines.append(f"  Mean: first {a.first.value:g}, latest {a.latest.value:g}: {a.words()}")
    lines.append("supple's addition, not a diagnosis.")
    return lines
