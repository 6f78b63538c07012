"""Startup to the first frame in a real terminal: supple's main screen vs a minimal Textual app.

Each program runs in a fresh pseudo-terminal (80x24 and larger sizes are the same cost); the
time is from spawn until the screen shows a marker text of the finished first frame. Both are
measured the same way, interleaved, in the same run; the figure is the ratio of medians.

    python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")


def time_to_marker(
    cmd: list[str], marker: bytes, env: dict[str, str], size: tuple[int, int] = (120, 40)
) -> float:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 10)
            if not ready:
                raise RuntimeError(f"no first frame from {cmd}")
            chunk = os.read(master, 65536)
            seen += chunk
            if marker in ANSI.sub(b"", seen).replace(b" ", b""):
                return time.perf_counter() - start
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


def make_data_dir() -> Path:
    from tracker.clock import SystemClock
    from tracker.store.database import Store

    folder = Path(tempfile.mkdtemp(prefix="supple-bench-"))
    store = Store(folder, SystemClock())
    store.mark_tutorial_seen()
    today = date.today()
    records = [
        {
            "id": f"b{i}",
            "date": (today - timedelta(days=i)).isoformat(),
            "kind": "logged",
            "status": "complete",
            "started_at": None,
            "ended_at": None,
            "exercises": None,
            "pain_before": None,
            "pain_after": i % 5,
            "note": "",
        }
        for i in range(1, 366)
        if i % 6
    ]
    store.import_records(records, [], {})
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder = make_data_dir()
    env = dict(os.environ, TERM="xterm-256color", SUPPLE_DATA_DIR=str(folder))
    env.pop("NO_COLOR", None)
    targets = {
        "minimal Textual app": ([sys.executable, str(HERE / "minimal_app.py")], b"minimalappready"),
        "supple (main screen, 1 year)": ([sys.executable, "-m", "tracker"], b"Nextreminder"),
    }
    times: dict[str, list[float]] = {name: [] for name in targets}
    for cmd, marker in targets.values():  # warm the file cache once each
        time_to_marker(cmd, marker, env)
    for _ in range(args.runs):
        for name, (cmd, marker) in targets.items():
            times[name].append(time_to_marker(cmd, marker, env))
    base = statistics.median(times["minimal Textual app"])
    print(f"startup to first frame, median of {args.runs} runs (pty 120x40)")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<30} {median * 1000:7.1f} ms   ratio {median / base:4.2f}")
    print("  goal: supple within 1.25x of the minimal app")


if __name__ == "__main__":
    main()
