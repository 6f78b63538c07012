"""`supple status --short` against `supple status`, both answered from the saved output (a hit),
with `python -c pass` as the baseline, in the same rounds.

    python benchmarks/bench_status_short.py [--rounds 30] [--years 10]

The goal of issue 25: the one line for prompts and status bars is as fast as `status` on a
hit (at most 1.1x its cpu time, round by round). Runs the code as installed by the console
script of pipx and uv (`from tracker.cli.main import main`), not the venv's pip script.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import Row, bytecode_env, goal, interleave, make_store, ratios, report  # noqa: E402

RUN = "import sys; from tracker.cli.main import main; sys.exit(main())"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--years", type=int, default=10)
    given = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_store(Path(tmp) / "data", given.years)
        time.sleep(0.2)  # older than the cache's racy window
        env = bytecode_env(Path(tmp))
        supple = [sys.executable, "-c", RUN, "--data-dir", str(folder)]
        rows = [
            Row("python -c pass", [sys.executable, "-c", "pass"]),
            Row("status (hit)", [*supple, "status"]),
            Row("status --short (hit)", [*supple, "status", "--short"]),
        ]
        timings = interleave(rows, given.rounds, env)
        report(rows, timings)
        short_vs_status = statistics.median(ratios(timings[2].cpu_ms, timings[1].cpu_ms))
        met = goal("status --short / status on a hit", short_vs_status, 1.1)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
