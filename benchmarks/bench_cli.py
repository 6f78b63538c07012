"""How fast the shell commands start on a store with 10 years of history.

Run: python benchmarks/bench_cli.py [--runs N]

Builds a temp store with one session a day for 10 years (about 3,650 records with realistic
fields, a few skip days and settings), then times each command as a fresh subprocess, as a
user would run it, and prints the median wall time against the baseline of starting Python
and importing TinyDB alone. The goal is `supple status` within 2.5x of it. Status reads the
small summary that every write leaves beside the store; "no summary" is the first status after
something other than supple changed the store, when the whole store is read and checked.

An installed package has compiled bytecode, so the subprocesses get a bytecode cache (in a
temp PYTHONPYCACHEPREFIX, nothing is written into the source tree) even when
PYTHONDONTWRITEBYTECODE is set; `--no-bytecode-cache` measures without one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from tracker.clock import FakeClock
from tracker.store.database import Store

YEARS = 10
GOAL_RATIO = 2.5


def history(today: date) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """One session a day for YEARS years up to yesterday; a 3-day pause (skip) each year."""
    sessions: list[dict[str, object]] = []
    marks: list[dict[str, object]] = []
    first = today - timedelta(days=365 * YEARS)
    day = first
    n = 0
    while day < today:
        n += 1
        if n % 365 in (100, 101, 102):
            marks.append({"date": day.isoformat(), "kind": "skip", "reason": "travel"})
        else:
            start = datetime.combine(day, datetime.min.time()).replace(hour=7, minute=n % 60)
            start = start.astimezone()
            guided = n % 4 != 0
            sessions.append(
                {
                    "id": str(uuid.UUID(int=n)),
                    "date": day.isoformat(),
                    "started_at": start.isoformat(timespec="seconds"),
                    "ended_at": (start + timedelta(minutes=17)).isoformat(timespec="seconds"),
                    "kind": "guided" if guided else "logged",
                    "status": "complete" if n % 23 else "partial",
                    "exercises": [
                        {
                            "exercise": "good-morning",
                            "side": None,
                            "planned_sets": 3,
                            "done_sets": 3,
                            "planned_reps": 10,
                            "done_reps": 10,
                        },
                        {
                            "exercise": "rotation",
                            "side": "left",
                            "planned_sets": 2,
                            "done_sets": 2,
                            "planned_reps": 10,
                            "done_reps": 10,
                        },
                        {
                            "exercise": "rotation",
                            "side": "right",
                            "planned_sets": 2,
                            "done_sets": 2,
                            "planned_reps": 10,
                            "done_reps": 10,
                        },
                    ]
                    if guided
                    else None,
                    "pain_before": n % 7,
                    "pain_after": max(0, n % 7 - 2),
                    "note": "felt looser today" if n % 5 == 0 else "",
                }
            )
        day += timedelta(days=1)
    return sessions, marks


Row = tuple[str, list[str], Callable[[], object] | None]  # label, argv, what to do before each run


def median_ms(rows: list[Row], runs: int, env: dict[str, str]) -> list[float]:
    """The median wall time of each row. The rows take turns, run by run, so that a busy
    moment on the machine slows them all alike instead of whichever row ran then."""
    for _, argv, _ in rows:
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)  # warm the caches
    times: list[list[float]] = [[] for _ in rows]
    for _ in range(runs):
        for (_, argv, before_each), row_times in zip(rows, times, strict=True):
            if before_each is not None:
                before_each()
            began = time.perf_counter()
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
            row_times.append((time.perf_counter() - began) * 1000)
    return [statistics.median(row_times) for row_times in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-bytecode-cache", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="supple-bench-"))
    try:
        data = folder / "data"
        now = datetime.now().astimezone()
        sessions, marks = history(now.date())
        store = Store(data, FakeClock(now - timedelta(days=1)))
        store.import_records(sessions, marks, {"rest": 20, "reminders": "07:30,18:00"})
        store.add_session(
            {
                "id": "bench-seed",
                "date": (now.date() - timedelta(days=1)).isoformat(),
                "kind": "logged",
                "status": "complete",
            }
        )
        original = store.path.read_bytes()
        original_summary = store.summary_path.read_bytes()  # left by the write above
        snapshot = store.load()

        env = dict(os.environ)
        env.pop("SUPPLE_NOW", None)
        env.pop("SUPPLE_DATA_DIR", None)
        if not args.no_bytecode_cache:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        py = sys.executable
        tracker = [py, "-m", "tracker", "--data-dir", str(data)]

        def restore() -> None:  # the store, and the status summary every write leaves
            store.path.write_bytes(original)
            store.summary_path.write_bytes(original_summary)

        def forget_summary() -> None:  # as when the store was changed by something else
            store.summary_path.unlink(missing_ok=True)

        rows: list[Row] = [
            ('python -c "import tinydb"  (baseline)', [py, "-c", "import tinydb"], None),
            ("supple status", [*tracker, "status"], None),
            ("supple status --json", [*tracker, "status", "--json"], None),
            ("status, no summary (store changed outside)", [*tracker, "status"], forget_summary),
            ("supple done  (store restored each run)", [*tracker, "done"], restore),
            ("supple config list", [*tracker, "config", "list"], None),
        ]
        script = Path(py).with_name("supple")
        if script.exists():
            rows.insert(
                2,
                (
                    "supple status  (console script)",
                    [str(script), "--data-dir", str(data), "status"],
                    None,
                ),
            )

        cache = "without" if args.no_bytecode_cache else "with"
        print(
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {args.runs} runs, "
            f"{cache} a bytecode cache"
        )
        print(
            f"Store: {len(snapshot.sessions)} sessions, {len(snapshot.marks)} skip days over "
            f"{YEARS} years; {store.path.stat().st_size / 1024:.0f} KiB "
            f"({store.path.stat().st_size:,} bytes)"
        )
        print()
        medians = median_ms(rows, args.runs, env)
        results = [(label, ms) for (label, _, _), ms in zip(rows, medians, strict=True)]
        baseline = results[0][1]
        width = max(len(label) for label, _ in results)
        print(f"{'command':<{width}}  {'median ms':>9}  {'x baseline':>10}")
        for label, ms in results:
            ratio = ms / baseline
            goal = ""
            if label.startswith("supple status") and "--json" not in label:
                goal = f"  goal <= {GOAL_RATIO}x: {'met' if ratio <= GOAL_RATIO else 'NOT met'}"
            print(f"{label:<{width}}  {ms:9.1f}  {ratio:9.2f}x{goal}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
