"""How long the Settings screen takes to open the first time, at 80x24 and 120x40.

    python benchmarks/bench_settings.py [--rounds 10]

Each measurement is a fresh process running the real app headless (App.run_test) on a store
with a year of history, the screen's module not yet imported (as in a real session, where
the first `,` imports it and reads its stylesheet). It times from pressing `,` on the main
screen until the first frame the app draws that shows Settings ready: the rows that fill
its scroll area, the first field focused and the footer's keys (every frame passes through
App._display; the rows below the screen are mounted once it is drawn, and the time until
they all are, and the app is idle again, is shown too). The sizes take turns, in a rotated
order.
Goal (issue 15): under 100 ms at both sizes."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import bytecode_env, goal, make_store  # noqa: E402

GOAL_MS = 100.0
SIZES = ((80, 24), (120, 40))

ONE_OPEN = """
import asyncio, json, sys, time
from pathlib import Path
from tracker.core.clock import SystemClock
from tracker.store.database import Store
from tracker.ui.app import SuppleApp

# Every frame the app draws passes through App._display: note the first that shows Settings
# ready: the rows that fill its scroll area (or all of them), a field with focus, and the
# footer's keys. The screen's module is not imported before the key press.
drawn = []
real_display = SuppleApp._display

def timed_display(self, screen, renderable):
    real_display(self, screen, renderable)
    if drawn or renderable is None or type(screen).__name__ != "SettingsScreen":
        return
    rows = screen.query(".setting-row")
    scroll = screen.query("#settings-scroll")
    if not (rows and scroll and screen.focused and screen.query("FooterKey")):
        return
    if rows.last().region.bottom >= scroll.first().region.bottom or len(rows) == ROWS:
        drawn.append((time.perf_counter(), len(rows)))

SuppleApp._display = timed_display

async def main(folder, width, height):
    global ROWS
    from tracker.core.settings import KEYS
    ROWS = len(KEYS)
    app = SuppleApp(Store(Path(folder), SystemClock()), SystemClock(), watch_interval=None,
                    reminders=False)
    async with app.run_test(size=(width, height)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "tracker.ui.screens.settings" not in sys.modules
        began = time.perf_counter()
        cpu = time.process_time()
        await pilot.press(",")
        while type(app.screen).__name__ != "SettingsScreen":
            await pilot.pause()
        await pilot.pause()  # every row mounted, laid out and drawn: idle again
        ms = (time.perf_counter() - began) * 1000
        cpu_ms = (time.process_time() - cpu) * 1000
        drawn_at, first_rows = drawn[0]
        widgets = len(list(app.screen.walk_children()))
    print(json.dumps({"first": (drawn_at - began) * 1000, "first_rows": first_rows, "ms": ms,
                      "cpu_ms": cpu_ms, "widgets": widgets}))

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="supple-bench-"))
    folder = make_store(work / "data", 1)
    env = bytecode_env(work)

    def one(size: tuple[int, int]) -> dict[str, float]:
        result = subprocess.run(
            [sys.executable, "-c", ONE_OPEN, str(folder), str(size[0]), str(size[1])],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
        return figures

    for size in SIZES:
        one(size)  # the bytecode cache
    runs: dict[tuple[int, int], list[dict[str, float]]] = {size: [] for size in SIZES}
    for round_number in range(args.rounds):
        order = SIZES[round_number % 2 :] + SIZES[: round_number % 2]
        for size in order:
            runs[size].append(one(size))
    print(f"Settings, first open, {args.rounds} rounds each (headless app, a year of history)")
    for size, figures in runs.items():
        first = [f["first"] for f in figures]
        wall = [f["ms"] for f in figures]
        cpu = [f["cpu_ms"] for f in figures]
        print(
            f"{size[0]}x{size[1]}: ready with its first {figures[0]['first_rows']:.0f} rows "
            f"{min(first):6.1f} {statistics.median(first):6.1f} {max(first):6.1f} ms; "
            f"every row ({figures[0]['widgets']:.0f} widgets) {min(wall):6.1f} "
            f"{statistics.median(wall):6.1f} {max(wall):6.1f} ms (min med max), CPU median "
            f"{statistics.median(cpu):6.1f} ms"
        )
    for size, figures in runs.items():
        goal(
            f"Settings first open at {size[0]}x{size[1]}, ready",
            statistics.median(f["first"] for f in figures),
            GOAL_MS,
            " ms",
        )


if __name__ == "__main__":
    main()
