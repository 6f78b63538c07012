"""CPU used while nothing happens: the reminder daemon, and the app's reminder check.

    python benchmarks/bench_daemon.py [--seconds 130] [--years 30]

- The daemon (`supple remind`, the console script) on a store with `--years` of history and a
  reminder hours away: its user+system CPU time from /proc, before and after `--seconds` of
  idling (at least two minutes: it wakes every 30 s, a shorter window may see no wake-up).
- The app's reminder check (what its worker runs every REMINDER_CHECK_S): the same
  `check_and_notify` on the same store, called in this process at that rate for the same
  time, its CPU time measured around each call.

Goal (issue 15): under 5 ms of CPU per minute of idling at 30 years, for both.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import bytecode_env, goal, make_store  # noqa: E402

GOAL_MS_PER_MINUTE = 5.0
REMINDER_CHECK_S = 15.0  # tracker.ui.app checks this often (not imported: it loads Textual)


def cpu_ms(pid: int) -> float:
    """CPU time of a process: from /proc/PID/schedstat in nanoseconds where the kernel has
    it, else from /proc/PID/stat in clock ticks (10 ms: too coarse for a quiet daemon)."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e6
    except (OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime + stime
        return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def daemon_ms_per_minute(folder: Path, seconds: float, env: dict[str, str]) -> float:
    script = str(Path(sys.executable).with_name("supple"))
    daemon = subprocess.Popen(
        [script, "--data-dir", str(folder), "remind"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(5.0)  # start-up and the first checks
        start = cpu_ms(daemon.pid)
        time.sleep(seconds)
        used = cpu_ms(daemon.pid) - start
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=10)
    print(f"daemon: {used:.2f} ms CPU in {seconds:.0f} s idle")
    return used * 60 / seconds


def app_check_ms_per_minute(folder: Path, seconds: float) -> float:
    from tracker.core.clock import SystemClock
    from tracker.notify.check import check_and_notify
    from tracker.notify.delivery import Delivery
    from tracker.store.database import Store

    def send(title: str, body: str) -> Delivery:
        raise AssertionError("no reminder is due in this benchmark")

    store = Store(folder, SystemClock())
    # The app has the store loaded, its history worked out, when its checks start: as the
    # daemon above, measure from the second check on.
    check_and_notify(store, store.clock, "bench", send)
    calls = 0
    used = 0.0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        began = time.process_time()
        check_and_notify(store, store.clock, "bench", send)
        used += time.process_time() - began
        calls += 1
        time.sleep(min(REMINDER_CHECK_S, max(0.0, end - time.monotonic())))
    print(f"app check: {used * 1000:.2f} ms CPU in {calls} checks over {seconds:.0f} s")
    return used * 1000 * 60 / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=130.0)
    parser.add_argument("--years", type=int, default=30)
    args = parser.parse_args()
    if args.seconds < 120:
        print("note: under two minutes the daemon may not wake at all in the window")
    work = Path(tempfile.mkdtemp(prefix="supple-bench-"))
    far = (datetime.now() + timedelta(hours=6)).strftime("%H:%M")
    folder = make_store(work / "data", args.years, {"reminders": far})
    env = bytecode_env(work)
    print(
        f"{args.years} years, {(folder / 'supple.json').stat().st_size / 1e6:.1f} MB; "
        f"reminder at {far}"
    )
    daemon = daemon_ms_per_minute(folder, args.seconds, env)
    app = app_check_ms_per_minute(folder, args.seconds)
    goal(f"daemon idle, {args.years} y", daemon, GOAL_MS_PER_MINUTE, " ms/min")
    goal(f"app reminder check idle, {args.years} y", app, GOAL_MS_PER_MINUTE, " ms/min")


if __name__ == "__main__":
    main()
