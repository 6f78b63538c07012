"""CPU used by an idle `supple remind` daemon over 20 s (goal: under 20 ms).

Starts the daemon on a store with a year of history and a reminder far from now, lets it
settle, then reads its user+system CPU time from /proc before and after 20 s of idling.

    python benchmarks/bench_daemon.py [--seconds 20]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_startup import make_data_dir  # noqa: E402


def cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime + stime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    folder = make_data_dir()
    far = (datetime.now() + timedelta(hours=6)).strftime("%H:%M")
    env = dict(os.environ, SUPPLE_DATA_DIR=str(folder))
    subprocess.run(
        [sys.executable, "-m", "tracker", "config", "set", "reminders", far],
        env=env,
        check=True,
        capture_output=True,
    )
    daemon = subprocess.Popen(
        [sys.executable, "-m", "tracker", "remind"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2.0)
        start_cpu = cpu_ms(daemon.pid)
        time.sleep(args.seconds)
        idle_cpu = cpu_ms(daemon.pid) - start_cpu
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=10)
    print(f"supple remind, start-up CPU: {start_cpu:.0f} ms")
    print(
        f"supple remind, idle for {args.seconds:.0f} s: {idle_cpu:.0f} ms CPU "
        f"(clock tick {1000 / os.sysconf('SC_CLK_TCK'):.0f} ms; goal under 20 ms)"
    )


if __name__ == "__main__":
    main()
