"""How much CPU the guided session takes on a real terminal while its figure moves.

Run: `.venv/bin/python benchmarks/bench_session.py [--seconds N]` (needs tmux). Starts the
real `supple` in a private tmux server at 120x40 and at 80x24 and reads the process's CPU time
from /proc while, for N seconds each (default 20):

    main idle     the main screen, doing nothing (the baseline: timers, the store watch)
    paused        the session screen, paused (its clock still ticks ten times a second)
    running       the session running its good mornings: the countdown, the progress and the
                  figure moving through lower, hold and return at its refresh rate

and prints each as a share of one core, with the running/main-idle ratio. Also times one full
draw of the stage (phase word, digits and figure) in-process. Goal: running < 10% of a core.
Sound and bell are off: they run in other processes, or not at all.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 10.0  # percent of one core
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


class Terminal:
    def __init__(self, socket: Path) -> None:
        self.tmux = shutil.which("tmux") or sys.exit("bench_session needs tmux")
        self.socket = socket

    def run(self, *args: str) -> str:
        return subprocess.run(
            [self.tmux, "-S", str(self.socket), *args], capture_output=True, text=True, timeout=20
        ).stdout

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.run("capture-pane", "-p", "-t", "bench"):
                return
            time.sleep(0.1)
        raise SystemExit(f"{text!r} never appeared on the benchmark's terminal")


def share(pid: int, seconds: float) -> float:
    """Percent of one core the process used over the next `seconds`."""
    before, start = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    return 100 * (cpu_seconds(pid) - before) / (time.monotonic() - start)


def measure(size: tuple[int, int], seconds: float, tmp: Path) -> dict[str, float]:
    data = tmp / f"data-{size[0]}x{size[1]}"
    env = {**os.environ, "SUPPLE_DATA_DIR": str(data)}
    for key, value in (("sound", "off"), ("bell", "off"), ("reminders", "")):
        subprocess.run(
            [sys.executable, "-m", "tracker", "config", "set", key, value],
            env=env,
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
    subprocess.run(
        [sys.executable, "-m", "tracker", "done"], env=env, check=True, capture_output=True
    )
    term = Terminal(tmp / f"tmux-{size[0]}.sock")
    command = (
        f"cd {ROOT} && export SUPPLE_DATA_DIR={data} TERM=xterm-256color && "
        f"exec {sys.executable} -m tracker"
    )
    term.run("new-session", "-d", "-s", "bench", "-x", str(size[0]), "-y", str(size[1]), command)
    try:
        pid = int(term.run("display", "-p", "-t", "bench", "#{pane_pid}").strip())
        term.wait_for("Page 1 of 5")  # a new store opens the tutorial first
        term.run("send-keys", "-t", "bench", "Escape")
        term.wait_for("Streak")
        time.sleep(2)  # start-up work (first frame, background imports) is over
        figures = {"main idle": share(pid, seconds)}
        term.run("send-keys", "-t", "bench", "s")
        term.wait_for("How much does")
        term.run("send-keys", "-t", "bench", "Enter")
        time.sleep(5.5)  # past the get-ready: the figure moves from here on
        figures["running"] = share(pid, seconds)
        term.run("send-keys", "-t", "bench", "Space")
        time.sleep(0.5)
        figures["paused"] = share(pid, seconds)
        return figures
    finally:
        term.run("kill-server")


def stage_draw_ms(size: tuple[int, int], runs: int = 200) -> float:
    """One full render of the stage at its size in a `size` terminal, in-process."""
    import asyncio

    from tracker.core.clock import FakeClock
    from tracker.store.database import Store
    from tracker.ui.app import SuppleApp
    from tracker.ui.widgets.stage import SessionStage, StageView

    async def run() -> float:
        with tempfile.TemporaryDirectory() as folder:
            clock = FakeClock(__import__("datetime").datetime.now().astimezone())
            store = Store(Path(folder), clock)
            store.mark_tutorial_seen()
            app = SuppleApp(store, clock, start="session", watch_interval=None, reminders=False)
            async with app.run_test(size=size) as pilot:
                await pilot.press("enter")
                await pilot.pause(0.3)
                stage = app.screen.query_one(SessionStage)
                times = []
                for i in range(runs):
                    view = StageView("Lower", str(i % 10), "standing", (i % 13) / 12, False)
                    start = time.perf_counter()
                    stage.show(view)
                    stage.render()
                    times.append((time.perf_counter() - start) * 1000)
                return statistics.median(times)

    return asyncio.run(run())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds per figure")
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        for size in ((120, 40), (80, 24)):
            figures = measure(size, args.seconds, Path(folder))
            base = figures["main idle"]
            print(f"{size[0]}x{size[1]}, {args.seconds:.0f} s each, % of one core:")
            for name, value in figures.items():
                ratio = f"  x{value / base:.1f} of main idle" if base > 0 else ""
                print(f"  {name:<10}{value:>6.1f}%{ratio}")
            draw = stage_draw_ms(size)
            print(f"  one stage draw (word, digits, figure): {draw:.2f} ms")
            verdict = figures["running"] < GOAL
            ok = ok and verdict
            print(f"  running < {GOAL:.0f}% of a core: {'ok' if verdict else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
