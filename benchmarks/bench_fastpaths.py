"""What each fast path of the shell commands is worth, and the goals of issue 19 (item 4).

    python benchmarks/bench_fastpaths.py [--rounds 9] [--against OLD_CHECKOUT]

Stores of 10 and 30 years (one session a day, see harness.history), written through supple
itself, and the `supple` console script installed as users install it (see bench_cli). Every
row runs once per round in a rotated order, with `python -c pass` as the baseline of the round.

`supple status` three ways, to price its two caches:
  hit        its saved output answers (status-output.cache): the shell prompt's case
  summary    the output is worked out from the status summary (status-summary.cache)
  full       both gone (the store changed by another program): the store is read and checked
Changes, each from the same store every round (restored before the run, not timed):
  done, skip (today), config set rest 30, and export --format ics (to a pipe).

Goals: `skip` and `config set` no slower than `done` at 10 and 30 years (the median over
rounds of their CPU time over done's in the same round); with --against (an older checkout,
run with PYTHONPATH there, e.g. `git archive <commit> | tar -x -C /tmp/old`), `export --format
ics` at 30 years at least 3x faster than the old code, and every row of the old code beside.
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

from bench_cli import install_as_users_do  # noqa: E402
from harness import (  # noqa: E402
    Row,
    Timing,
    bytecode_env,
    forget,
    goal,
    interleave,
    make_store,
    report,
    restorer,
)

from tracker.store.database import RACY_NS  # noqa: E402

YEARS = (10, 30)
OUTPUT_CACHE = "status-output.cache"
SUMMARY = "status-summary.cache"


def ratio_of(rows: Timing, base: Timing) -> float:
    """The median over rounds of rows / base, CPU time (they ran moments apart)."""
    return statistics.median(a / b for a, b in zip(rows.cpu_ms, base.cpu_ms, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--against", metavar="OLD_CHECKOUT", type=Path)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="supple-bench-"))
    try:
        env = bytecode_env(work)
        py, script = install_as_users_do(work, env)
        versions = [("", env)]
        if args.against:
            versions.append(("OLD ", {**env, "PYTHONPATH": str(args.against.resolve())}))
        rows = [Row("python -c pass  (baseline)", [py, "-c", "pass"])]
        at: dict[str, int] = {}
        for tag, version_env in versions:
            for years in YEARS:
                name = f"{tag.strip() or 'new'}-{years}y"
                reads = make_store(work / f"{name}-status", years)  # never written
                writes = make_store(work / name, years)
                for folder in (reads, writes):  # written by this version's own code once
                    for words in (["config", "set", "rest", "25"], ["status"]):
                        time.sleep(RACY_NS / 1e9 + 0.02)  # as a person types, not at once
                        subprocess.run(
                            [script, "--data-dir", str(folder), *words],
                            env=version_env,
                            check=True,
                            capture_output=True,
                        )
                everything = restorer(writes)
                plain = {
                    "status hit": (reads, ["status"], None),
                    "status from summary": (reads, ["status"], forget(reads, OUTPUT_CACHE)),
                    "status full": (reads, ["status"], forget(reads, OUTPUT_CACHE, SUMMARY)),
                    "done": (writes, ["done"], everything),
                    "skip": (writes, ["skip"], everything),
                    "config set": (writes, ["config", "set", "rest", "30"], everything),
                    "export ics": (writes, ["export", "--format", "ics"], None),
                }
                for what, (folder, words, before) in plain.items():
                    at[f"{tag}{what} {years}"] = len(rows)
                    command = [script, "--data-dir", str(folder), *words]
                    label = f"{tag}supple {what}, {years} y"
                    rows.append(Row(label, command, before, env=version_env))

        size = (work / "new-30y" / "supple.json").stat().st_size / 1e6
        print(
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.rounds} rounds; "
            f"30 y store {size:.2f} MB"
        )
        timings = interleave(rows, args.rounds, env)
        report(rows, timings)
        print()

        def t(name: str) -> Timing:
            return timings[at[name]]

        def ms(name: str) -> float:
            return statistics.median(t(name).cpu_ms)

        for years in YEARS:
            hit, summary, full = (
                ms(f"status {k} {years}") for k in ("hit", "from summary", "full")
            )
            print(
                f"status at {years} y, CPU ms: output cache {hit:.1f}, summary {summary:.1f}, "
                f"full read {full:.1f} (the output cache saves {summary - hit:.1f} ms, "
                f"the summary {full - summary:.1f} ms)"
            )
        print()
        for years in YEARS:
            done = t(f"done {years}")
            goal(f"skip no slower than done at {years} y", ratio_of(t(f"skip {years}"), done), 1.0)
            setting = t(f"config set {years}")
            goal(f"config set no slower than done at {years} y", ratio_of(setting, done), 1.0)
        if args.against:
            for years in YEARS:
                for name in ("done", "skip", "config set", "status hit", "status from summary"):
                    old, new = ms(f"OLD {name} {years}"), ms(f"{name} {years}")
                    print(f"{name} at {years} y, CPU ms: old {old:.1f}, new {new:.1f}")
            faster = ratio_of(t("OLD export ics 30"), t("export ics 30"))
            goal(
                "export --format ics at 30 y, times faster than the old code",
                faster,
                3.0,
                "x",
                True,
            )
        else:
            print("     (give --against OLD_CHECKOUT for the ICS goal and the old code's rows)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
