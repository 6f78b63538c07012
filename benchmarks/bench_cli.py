"""The shell commands as users run them: the `supple` console script, a fresh process each time.

    python benchmarks/bench_cli.py [--rounds 15] [--against OLD_CHECKOUT]

Stores with 0, 1, 10 and 30 years of history (one session a day, see harness.history) are
written through supple itself. Every row runs once per round, in a rotated order, against the
baseline `python -c pass` in the same round (see harness). The goals of issue 15:

- `supple status` at most 1.5x `python -c pass` when its saved output answers (a hit), at
  most 2.5x when it has to be worked out from the status summary (a miss: the day turned, a
  reminder came, a write), at 10 years; the default data folder (no --data-dir) included;
- `supple done` at most 4x `python -c pass` at 10 years, and its cost per year of history (the
  slope from 0 to 30 years) at most a third of the old code's: give the old code's checkout
  with --against (e.g. `git worktree add /tmp/old <commit>`); it runs with PYTHONPATH there.

supple runs as users install it: `uv tool install` of this checkout into a temporary folder
(pipx writes the same kind of console script). The `pip` inside a venv made by Python 3.11
is older (23.x): its script imports `re` before supple's first line, about half a
`python -c pass` more, so the venv's own `supple` is not what is measured.
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import (  # noqa: E402
    Row,
    Timing,
    bytecode_env,
    files_of,
    forget,
    goal,
    interleave,
    make_store,
    median_ratio,
    report,
    restorer,
)

from tracker.store.database import RACY_NS  # noqa: E402
from tracker.store.summary_cache import SUMMARY_NAME  # noqa: E402

YEARS = (0, 1, 10, 30)


def slope(timings: dict[int, Timing]) -> float:
    """CPU ms per year of history: from the 0-year to the 30-year median."""
    low, high = min(timings), max(timings)
    return (statistics.median(timings[high].cpu_ms) - statistics.median(timings[low].cpu_ms)) / (
        high - low
    )


def install_as_users_do(work: Path, env: dict[str, str]) -> tuple[str, str]:
    """`uv tool install` of this checkout under `work`: its Python and its `supple` script."""
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        raise SystemExit("uv is needed to install supple as users do: pip install uv")
    tools, bin_dir = work / "uv-tools", work / "uv-bin"
    subprocess.run(
        [uv, "tool", "install", "--quiet", "--python", sys.executable, str(HERE.parent)],
        env={**env, "UV_TOOL_DIR": str(tools), "UV_TOOL_BIN_DIR": str(bin_dir)},
        check=True,
    )
    return str(tools / "supple" / "bin" / "python"), str(bin_dir / "supple")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--against", metavar="OLD_CHECKOUT", type=Path)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="supple-bench-"))
    try:
        env = bytecode_env(work)
        py, script = install_as_users_do(work, env)
        stores = {years: make_store(work / f"{years}y", years) for years in YEARS}
        ten = make_store(work / "status-10y", 10)  # for status alone: never written
        home = work / "home"
        default = home / ".local" / "share" / "supple"
        shutil.copytree(ten, default)
        home_env = {**env, "HOME": str(home)}
        home_env.pop("XDG_DATA_HOME", None)
        time.sleep(RACY_NS / 1e9 + 0.02)  # a store just written leaves no status output
        for folder in [ten, *stores.values()]:  # the status output a first status leaves
            subprocess.run(
                [script, "--data-dir", str(folder), "status"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        subprocess.run([script, "status"], env=home_env, check=True, stdout=subprocess.DEVNULL)
        saved = {years: files_of(folder) for years, folder in stores.items()}
        caches = {n: (ten / n).read_bytes() for n in ("status-output.cache", SUMMARY_NAME)}

        def cached() -> None:  # as a status left them (the miss rows remove them)
            for name, data in caches.items():
                (ten / name).write_bytes(data)

        rows = [
            Row("python -c pass  (baseline)", [py, "-c", "pass"]),
            Row("supple status, 10 y, hit", [script, "--data-dir", str(ten), "status"], cached),
            Row(
                "supple status --json, 10 y, hit",
                [script, "--data-dir", str(ten), "status", "--json"],
                cached,
            ),
            Row("supple status, default folder, 10 y, hit", [script, "status"], env=home_env),
            Row(
                "supple status, 10 y, miss",
                [script, "--data-dir", str(ten), "status"],
                forget(ten, "status-output.cache"),
            ),
            Row(
                "supple status, 10 y, store changed outside",
                [script, "--data-dir", str(ten), "status"],
                forget(ten, "status-output.cache", SUMMARY_NAME),
            ),
        ]
        done_rows: dict[int, int] = {}
        for years, folder in stores.items():
            done_rows[years] = len(rows)
            rows.append(
                Row(
                    f"supple done, {years} y",
                    [script, "--data-dir", str(folder), "done"],
                    restorer(folder, saved[years]),
                )
            )
        old_rows: dict[int, int] = {}
        if args.against:
            old_env = {**env, "PYTHONPATH": str(args.against.resolve())}
            for years in (0, 10, 30):
                copy = work / f"old-{years}y"
                shutil.copytree(stores[years], copy)
                # Written once by the old code, so that its own summary describes the store.
                subprocess.run(
                    [script, "--data-dir", str(copy), "config", "set", "rest", "25"],
                    env=old_env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                time.sleep(RACY_NS / 1e9 + 0.02)
                old_rows[years] = len(rows)
                rows.append(
                    Row(
                        f"OLD supple done, {years} y",
                        [script, "--data-dir", str(copy), "done"],
                        restorer(copy, files_of(copy)),
                        env=old_env,
                    )
                )
            rows.append(
                Row(
                    "OLD supple status, 10 y",
                    [script, "--data-dir", str(work / "old-10y"), "status"],
                    env=old_env,
                )
            )

        print(
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.rounds} rounds; "
            f"10 y store {(ten / 'supple.json').stat().st_size / 1e6:.2f} MB"
        )
        timings = interleave(rows, args.rounds, env)
        report(rows, timings)
        print()
        base = timings[0]
        goal("status hit at 10 y", median_ratio(timings[1], base), 1.5)
        goal("status --json hit at 10 y", median_ratio(timings[2], base), 1.5)
        goal("status hit, default data folder", median_ratio(timings[3], base), 1.5)
        goal("status miss at 10 y", median_ratio(timings[4], base), 2.5)
        goal("done at 10 y", median_ratio(timings[done_rows[10]], base), 4.0)
        per_year = slope({y: timings[done_rows[y]] for y in (0, 10, 30)})
        print(f"done: {per_year:.2f} ms CPU per year of history")
        if old_rows:
            old = slope({y: timings[i] for y, i in old_rows.items()})
            print(f"OLD done: {old:.2f} ms CPU per year of history")
            goal("done cost per year, against the old code", per_year / old, 1 / 3, "x")
        else:
            print("     (give --against OLD_CHECKOUT to compare the cost per year)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
