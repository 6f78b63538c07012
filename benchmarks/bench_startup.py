"""Startup to the first frame in a real terminal: supple's main screen vs a minimal Textual app.

Each program runs in a fresh pseudo-terminal (80x24 and larger sizes are the same cost); the
time is from spawn until the screen shows a marker text of the finished first frame. supple
runs as users run it (the console script) on 0, 10 and 30 years of history; every row runs
once a round against the minimal app, in a rotated order, and the ratios are per round.
The first frame is drawn from the store's summary; the records follow in a worker, and the
time until they are on screen (the recent sessions under the heatmap) is shown too.

    python benchmarks/bench_startup.py [--rounds 12]
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import goal  # noqa: E402

YEARS = (0, 10, 30)
GOAL_YEARS = 30
GOAL_RATIO = 1.3  # the first frame at 30 years within 1.3x of a minimal Textual app (issue 19)
MARKER = b"Nextreminder"  # on the main screen once its first frame is drawn
RECORDS_MARKER = b"Recentsessions"  # under the heatmap once the records are read (at 120x40)
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")


def time_to_marker(
    cmd: list[str], marker: bytes, env: dict[str, str], size: tuple[int, int] = (120, 40)
) -> float:
    return time_to_markers(cmd, (marker,), env, size)[0]


def time_to_markers(
    cmd: list[str],
    markers: tuple[bytes, ...],
    env: dict[str, str],
    size: tuple[int, int] = (120, 40),
) -> list[float]:
    """Seconds from spawn until each marker is on screen (in the order given)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    found: list[float] = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 30)
            if not ready:
                raise RuntimeError(f"no first frame from {cmd}")
            chunk = os.read(master, 65536)
            seen += chunk
            shown = ANSI.sub(b"", seen).replace(b" ", b"")
            while len(found) < len(markers) and markers[len(found)] in shown:
                found.append(time.perf_counter() - start)
            if len(found) == len(markers):
                return found
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


def make_data_dir(years: int = 1) -> Path:
    """A data folder with `years` of history (see harness.history), the tutorial seen."""
    from harness import make_store

    return make_store(Path(tempfile.mkdtemp(prefix="supple-bench-")) / "data", years)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args()
    script = str(Path(sys.executable).with_name("supple"))
    env = dict(os.environ, TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    env.pop("SUPPLE_DATA_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="supple-pycache-")
    rows: list[tuple[str, list[str], tuple[bytes, ...]]] = [
        (
            "minimal Textual app",
            [sys.executable, str(HERE / "minimal_app.py")],
            (b"minimalappready",),
        )
    ]
    for years in YEARS:
        folder = make_data_dir(years)
        rows.append(
            (
                f"supple (main screen, {years} y)",
                [script, "--data-dir", str(folder)],
                (MARKER, RECORDS_MARKER),
            )
        )
    for _, cmd, markers in rows:  # warm the file and bytecode caches once each
        time_to_markers(cmd, markers, env)
    times: list[list[float]] = [[] for _ in rows]
    records: list[list[float]] = [[] for _ in rows]
    for round_number in range(args.rounds):  # interleaved, the order rotated each round
        shift = round_number % len(rows)
        for index in list(range(len(rows)))[shift:] + list(range(len(rows)))[:shift]:
            found = time_to_markers(rows[index][1], rows[index][2], env)
            times[index].append(found[0] * 1000)
            records[index].append(found[-1] * 1000)
    print(f"startup to the first frame, {args.rounds} rounds (pty 120x40, console script)")
    print(
        f"{'':<30} {'ms (min med max)':>23}  {'ratio per round (min med max)':>30}"
        f"  {'records on screen, ms (med)':>28}"
    )
    base = times[0]
    for index, ((label, _, _), values) in enumerate(zip(rows, times, strict=True)):
        ratios = [v / b for v, b in zip(values, base, strict=True)]
        shown = f"{statistics.median(records[index]):28.1f}" if index else ""
        print(
            f"{label:<30} {min(values):7.1f} {statistics.median(values):7.1f} "
            f"{max(values):7.1f}  {min(ratios):8.2f}x {statistics.median(ratios):6.2f}x "
            f"{max(ratios):6.2f}x  {shown}"
        )
    print()
    for (label, _, _), values in list(zip(rows, times, strict=True))[1:]:
        ratio = statistics.median([v / b for v, b in zip(values, base, strict=True)])
        if f", {GOAL_YEARS} y)" in label:
            goal(f"first frame, {label}", ratio, GOAL_RATIO)
        else:
            print(f"first frame, {label}: {ratio:.2f}x the minimal app")


if __name__ == "__main__":
    main()
