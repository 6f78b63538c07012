"""What the benchmarks share: realistic stores, fair interleaved timing, and goal lines.

- `history(today, years)`: one session a day (guided with exercises, three in four), a 3-day
  pause each year, a note every fifth day: what years of real use leave in the store.
- `interleave(rows, rounds)`: every row runs once per round, the rows in a rotated order
  each round, so a busy moment on the machine (2 cores shared with others) slows them all
  alike. Each run is a fresh process, timed by wall clock and by its CPU time (user + system,
  from the kernel: less disturbed by other processes than the wall clock).
- `report(...)`: min / median / max per row, and the ratio to the baseline taken per round
  (the row and the baseline ran moments apart), summarised the same way.
- `goal(...)`: one line per goal: its figure, its limit, met / NOT met.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple


def history(today: date, years: int) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """One session a day for `years` years up to yesterday; a 3-day pause (skip) each year."""
    sessions: list[dict[str, object]] = []
    marks: list[dict[str, object]] = []
    day = today - timedelta(days=365 * years)
    n = 0
    while day < today:
        n += 1
        if n % 365 in (100, 101, 102):
            marks.append({"date": day.isoformat(), "kind": "skip", "reason": "travel"})
        else:
            start = datetime.combine(day, datetime.min.time()).replace(hour=7, minute=n % 60)
            start = start.astimezone()
            guided = n % 4 != 0
            exercises = [
                {
                    "exercise": name,
                    "side": side,
                    "planned_sets": sets,
                    "done_sets": sets,
                    "planned_reps": 10,
                    "done_reps": 10,
                }
                for name, side, sets in (
                    ("good-morning", None, 3),
                    ("rotation", "left", 2),
                    ("rotation", "right", 2),
                )
            ]
            sessions.append(
                {
                    "id": str(uuid.UUID(int=n)),
                    "date": day.isoformat(),
                    "started_at": start.isoformat(timespec="seconds"),
                    "ended_at": (start + timedelta(minutes=17)).isoformat(timespec="seconds"),
                    "kind": "guided" if guided else "logged",
                    "status": "complete" if n % 23 else "partial",
                    "exercises": exercises if guided else None,
                    "pain_before": n % 7,
                    "pain_after": max(0, n % 7 - 2),
                    "note": "felt looser today" if n % 5 == 0 else "",
                }
            )
        day += timedelta(days=1)
    return sessions, marks


def make_store(folder: Path, years: int, settings: dict[str, object] | None = None) -> Path:
    """A data folder with `years` of history, written through supple's own store (so its
    status cache and layout are those a real write leaves). Returns the folder."""
    from tracker.core.clock import FakeClock
    from tracker.store.database import Store

    now = datetime.now().astimezone()
    sessions, marks = history(now.date(), years)
    store = Store(folder, FakeClock(now - timedelta(days=1)))
    store.import_records(sessions, marks, settings or {"rest": 20, "reminders": "07:30,18:00"})
    store.mark_tutorial_seen()
    return folder


class Row(NamedTuple):
    label: str
    argv: Sequence[str]
    before: Callable[[], object] | None = None  # run before each timed run (not timed)
    env: dict[str, str] | None = None


class Timing(NamedTuple):
    wall_ms: list[float]
    cpu_ms: list[float]


def _run(row: Row, env: dict[str, str]) -> tuple[float, float]:
    if row.before is not None:
        row.before()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(
        list(row.argv),
        env=row.env or env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
    )
    wall = (time.perf_counter() - began) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime) * 1000
    return wall, cpu


def interleave(rows: Sequence[Row], rounds: int, env: dict[str, str]) -> list[Timing]:
    """Each row once per round, in an order rotated by one each round (after a warm-up)."""
    for row in rows:
        _run(row, env)  # warm the file cache and the bytecode cache
    timings = [Timing([], []) for _ in rows]
    for round_number in range(rounds):
        shift = round_number % len(rows)
        order = list(range(len(rows)))[shift:] + list(range(len(rows)))[:shift]
        for index in order:
            wall, cpu = _run(rows[index], env)
            timings[index].wall_ms.append(wall)
            timings[index].cpu_ms.append(cpu)
    return timings


def spread(values: Sequence[float]) -> str:
    return f"{min(values):7.1f} {statistics.median(values):7.1f} {max(values):7.1f}"


def ratios(values: Sequence[float], baseline: Sequence[float]) -> list[float]:
    """The ratio to the baseline round by round (the two ran moments apart)."""
    return [v / b for v, b in zip(values, baseline, strict=True)]


def report(rows: Sequence[Row], timings: Sequence[Timing], baseline: int = 0) -> None:
    base = timings[baseline]
    width = max(len(row.label) for row in rows)
    print(
        f"{'':<{width}}  {'wall ms (min med max)':>23}  {'cpu ms (min med max)':>23}  "
        f"{'cpu ratio (min med max)':>23}"
    )
    for row, timing in zip(rows, timings, strict=True):
        r = ratios(timing.cpu_ms, base.cpu_ms)
        print(
            f"{row.label:<{width}}  {spread(timing.wall_ms)}  {spread(timing.cpu_ms)}  "
            f"{min(r):6.2f}x {statistics.median(r):6.2f}x {max(r):6.2f}x"
        )


def median_ratio(timing: Timing, base: Timing) -> float:
    return statistics.median(ratios(timing.cpu_ms, base.cpu_ms))


def goal(name: str, figure: float, limit: float, unit: str = "x", at_least: bool = False) -> bool:
    met = figure >= limit if at_least else figure <= limit
    bound = "at least" if at_least else "at most"
    print(
        f"GOAL {name}: {figure:.2f}{unit} ({bound} {limit:g}{unit}) - {'met' if met else 'NOT met'}"
    )
    return met


def bytecode_env(folder: Path) -> dict[str, str]:
    """The environment of every run: a bytecode cache in a temp folder (an installed package
    has compiled bytecode), no supple variables from the caller."""
    env = dict(os.environ)
    for name in ("SUPPLE_NOW", "SUPPLE_DATA_DIR", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return env


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file directly in `folder`, by name."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def restorer(folder: Path, saved: dict[str, bytes] | None = None) -> Callable[[], None]:
    """Put the folder's files back as `saved` (default: as they are now) and remove the rest,
    then wait out the store's RACY_NS: a store changed within it is read twice by a change (a
    second change in the same timestamp tick would not show in its stat), and a person types
    a command long after the last change."""
    from tracker.store.database import RACY_NS

    files = files_of(folder) if saved is None else saved

    def restore() -> None:
        for extra in folder.iterdir():
            if extra.is_file() and extra.name not in files:
                extra.unlink()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        time.sleep(RACY_NS / 1e9 + 0.02)

    return restore


def forget(folder: Path, *names: str) -> Callable[[], None]:
    """Remove these files from `folder` (a cache, say) before a run."""

    def remove() -> None:
        for name in names:
            (folder / name).unlink(missing_ok=True)

    return remove
