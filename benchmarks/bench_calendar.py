"""How long opening the calendar takes with 1 year and with 10 years of history.

Run: `.venv/bin/python benchmarks/bench_calendar.py [--runs N]`. Builds two stores of daily
guided sessions (with exercises, pain and a note, plus some partial and skip days) in temp
folders, then times, as the median of N runs each:

    load      Store.load(): read, parse and check supple.json
    history   Snapshot.history: reduce the records to days
    stats     rules.stats(history, today)
    grid      heatmap.year_grid(history, this year, today)
    show_data CalendarScreen.show_data(): all the screen computes from the data (stats, the
              year grid, the pain trend, the selected day's sessions) and hands to widgets
    screen    push CalendarScreen in a headless app until it is mounted (includes show_data)
    painted   the same, until the app is idle again (pilot.pause(): the first frame drawn)

and prints the 10y/1y ratio of each. Inside the running app the snapshot is already loaded, so
opening the calendar costs `screen`; from a cold start it costs load + history + screen.
Goal: ratio <= 1.5 for what the user waits for.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tracker.core.clock import FakeClock
from tracker.core.heatmap import year_grid
from tracker.core.rules import stats
from tracker.store.database import Store

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=1)))
TODAY = NOW.date()
GOAL = 1.5


def exercises(partial: bool) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"exercise": "good-morning", "side": None, "planned_sets": 3, "planned_reps": 10},
        {"exercise": "rotation", "side": "left", "planned_sets": 2, "planned_reps": 10},
        {"exercise": "rotation", "side": "right", "planned_sets": 2, "planned_reps": 10},
    ]
    for row in rows:
        row["done_sets"] = row["planned_sets"] - (1 if partial and row["side"] == "right" else 0)
        row["done_reps"] = row["planned_reps"]
    return rows


def build_store(folder: Path, years: int) -> Store:
    """One session a day for `years` years up to yesterday; every 11th day partial, every
    17th a skip day instead."""
    clock = FakeClock(NOW)
    store = Store(folder, clock)
    start = TODAY - timedelta(days=365 * years)
    sessions: list[dict[str, Any]] = []
    marks: list[dict[str, Any]] = []
    day = start
    n = 0
    while day < TODAY:
        n += 1
        if n % 17 == 0:
            marks.append({"date": day.isoformat(), "kind": "skip", "reason": None})
        else:
            partial = n % 11 == 0
            began = datetime.combine(day, NOW.timetz()).replace(hour=18)
            sessions.append(
                {
                    "id": f"bench-{n:06d}",
                    "date": day.isoformat(),
                    "started_at": began.isoformat(timespec="seconds"),
                    "ended_at": (began + timedelta(minutes=14)).isoformat(timespec="seconds"),
                    "kind": "guided",
                    "status": "partial" if partial else "complete",
                    "exercises": exercises(partial),
                    "pain_before": 3 + n % 4,
                    "pain_after": 1 + n % 4,
                    "note": "felt looser today" if n % 5 == 0 else "",
                }
            )
        day += timedelta(days=1)
    store.import_records(sessions, marks, {})
    store.mark_tutorial_seen()
    return store


def median_ms(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def measure_screen(store: Store, runs: int) -> dict[str, float]:
    from tracker.ui.app import SuppleApp
    from tracker.ui.screens.calendar import CalendarScreen

    app = SuppleApp(store, store.clock, watch_interval=None, reminders=False)
    mounted: list[float] = []
    painted: list[float] = []
    redraw: list[float] = []
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        for _ in range(runs + 2):  # the first runs warm caches (CSS, imports): dropped
            start = time.perf_counter()
            await app.push_screen(CalendarScreen(app.snapshot, app.today))
            mounted.append((time.perf_counter() - start) * 1000)
            await pilot.pause()
            painted.append((time.perf_counter() - start) * 1000)
            screen = app.screen
            assert isinstance(screen, CalendarScreen)
            start = time.perf_counter()
            screen.show_data(app.snapshot, app.today)
            redraw.append((time.perf_counter() - start) * 1000)
            await app.pop_screen()
            await pilot.pause()
    return {
        "show_data": statistics.median(redraw[2:]),
        "screen": statistics.median(mounted[2:]),
        "painted": statistics.median(painted[2:]),
    }


def history_cost(store: Store, runs: int) -> float:
    """Snapshot.history is a cached property: time a fresh reduction of loaded records."""
    from tracker.core.rules import history_from

    snapshot = store.load()
    created = date.fromisoformat(snapshot.created[:10]) if snapshot.created else None
    return median_ms(runs, lambda: history_from(snapshot.sessions, snapshot.marks, created))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per figure (median)")
    args = parser.parse_args(argv)
    results: dict[int, dict[str, float]] = {}
    sizes: dict[int, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        warm = build_store(Path(tmp) / "warm-up", 1)
        asyncio.run(measure_screen(warm, 2))  # first app in the process: imports, CSS
        for years in (1, 10):
            store = build_store(Path(tmp) / f"{years}y", years)
            sizes[years] = (len(store.load().sessions), store.path.stat().st_size)
            figures = {
                "load": median_ms(args.runs, store.load),
                "history": history_cost(store, args.runs),
            }
            history = store.load().history
            figures["stats"] = median_ms(args.runs, functools.partial(stats, history, TODAY))
            figures["grid"] = median_ms(
                args.runs, functools.partial(year_grid, history, TODAY.year, TODAY)
            )
            figures.update(asyncio.run(measure_screen(store, args.runs)))
            results[years] = figures

    for years, (count, size) in sizes.items():
        print(f"{years:>2} y store: {count} sessions, {size / 1024:.0f} KiB")
    print(f"\n{'step':<28}{'1 year':>10}{'10 years':>10}{'ratio':>8}")
    rows = list(results[1])
    one, ten = results[1], results[10]
    for step in rows:
        print(f"{step:<28}{one[step]:>8.2f}ms{ten[step]:>8.2f}ms{ten[step] / one[step]:>8.2f}")
    in_app = ("screen",)
    cold = ("load", "history", "screen")
    verdicts = []
    for label, steps in (("open in the running app", in_app), ("open from a cold start", cold)):
        a = sum(one[s] for s in steps)
        b = sum(ten[s] for s in steps)
        ratio = b / a
        ok = "ok" if ratio <= GOAL else f"ABOVE {GOAL}"
        verdicts.append(ratio <= GOAL)
        print(f"{label:<28}{a:>8.2f}ms{b:>8.2f}ms{ratio:>8.2f}  {ok}")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
