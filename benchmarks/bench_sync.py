"""What sync costs the shell commands: `status` and `done` at 10 years, with sync off and on.

    python benchmarks/bench_sync.py [--rounds 15]

Three data folders of 10 years (harness.make_store): sync never turned on; sync on with a
folder that another device (a year of history in its log) shares; the same, where before each
run that device adds one more session (so the command merges it first). Every row runs once
per round in a rotated order, against `python -c pass` in the same round (see harness). supple
runs as users install it (bench_cli.install_as_users_do).

Goals (issue 23): with nothing new in the folder, `status` (its saved output answering) at most
1.5x `python -c pass`, as without sync; `done` at most 2x its time without sync.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_cli import install_as_users_do  # noqa: E402
from harness import (  # noqa: E402
    Row,
    bytecode_env,
    goal,
    history,
    interleave,
    make_store,
    median_ratio,
    report,
)

from tracker.store.database import RACY_NS  # noqa: E402


def tree(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def restorer(*folders: Path) -> Callable[[], None]:
    """Every file of `folders` as it is now, put back before each run (and a pause: a store
    changed within RACY_NS is read twice)."""
    saved = {folder: tree(folder) for folder in folders}

    def restore() -> None:
        for folder, files in saved.items():
            for path in [p for p in folder.rglob("*") if p.is_file() and p not in files]:
                path.unlink()
            for path, data in files.items():
                path.write_bytes(data)
        time.sleep(RACY_NS / 1e9 + 0.02)

    return restore


def other_device(folder: Path, years: int) -> Path:
    """Another device's log in the folder: `years` of sessions. Returns its log file."""
    device = folder / "devices" / "0123456789abcdef"
    device.mkdir(parents=True)
    (device / "device.json").write_text(json.dumps({"format": 1, "name": "other"}))
    now = datetime.now().astimezone()
    sessions, _ = history(now.date() - timedelta(days=1), years)
    stamp = int((now - timedelta(days=2)).timestamp() * 1000)
    log = device / f"{time.strftime('%Y-%m', time.gmtime(stamp / 1000))}.jsonl"
    with open(log, "w", encoding="utf-8") as out:
        for n, record in enumerate(sessions):
            record = {**record, "id": f"other-{n}"}
            out.write(json.dumps(entry(f"e{n}", stamp + n, record)) + "\n")
    return log


def entry(entry_id: str, stamp: int, record: dict[str, object]) -> dict[str, object]:
    return {
        "v": 1,
        "id": entry_id,
        "device": "0123456789abcdef",
        "hlc": [stamp, 0],
        "kind": "session",
        "key": record["id"],
        "value": record,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="supple-bench-sync-"))
    try:
        env = bytecode_env(work)
        py, script = install_as_users_do(work, env)

        def supple(data: Path, *words: str) -> None:
            command = [script, "--data-dir", str(data), *words]
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)

        off = make_store(work / "off", 10)
        rows_data = {}
        for name in ("on", "news"):
            data = make_store(work / name, 10)
            folder = work / f"{name}-folder"
            folder.mkdir()
            log = other_device(folder, 1)
            supple(data, "sync", "--folder", str(folder))
            rows_data[name] = (data, folder, log)
        time.sleep(RACY_NS / 1e9 + 0.02)
        for data in (off, rows_data["on"][0], rows_data["news"][0]):
            supple(data, "status")  # the saved output a first status leaves

        on, on_folder, _ = rows_data["on"]
        news, news_folder, news_log = rows_data["news"]
        restore_off, restore_on = restorer(off), restorer(on, on_folder)
        restore_news = restorer(news, news_folder)
        count = [0]

        def one_more() -> None:  # the other device logs one more session
            restore_news()
            count[0] += 1
            stamp = int(time.time() * 1000)
            record: dict[str, object] = {
                "id": f"new-{count[0]}",
                "date": datetime.now().date().isoformat(),
                "kind": "logged",
                "status": "complete",
            }
            with open(news_log, "a", encoding="utf-8") as out:
                out.write(json.dumps(entry(f"n{count[0]}", stamp, record)) + "\n")

        rows = [
            Row("python -c pass  (baseline)", [py, "-c", "pass"]),
            Row("supple status, 10 y, sync off", [script, "--data-dir", str(off), "status"]),
            Row("supple status, 10 y, sync on", [script, "--data-dir", str(on), "status"]),
            Row(
                "supple status, 10 y, sync on, 1 new entry",
                [script, "--data-dir", str(news), "status"],
                one_more,
            ),
            Row(
                "supple done, 10 y, sync off",
                [script, "--data-dir", str(off), "done"],
                restore_off,
            ),
            Row("supple done, 10 y, sync on", [script, "--data-dir", str(on), "done"], restore_on),
            Row(
                "supple done, 10 y, sync on, 1 new entry",
                [script, "--data-dir", str(news), "done"],
                one_more,
            ),
        ]
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.rounds} rounds")
        timings = interleave(rows, args.rounds, env)
        report(rows, timings)
        print()
        base = timings[0]
        goal("status with sync on, nothing new", median_ratio(timings[2], base), 1.5)
        done_ratio = median_ratio(timings[5], base) / median_ratio(timings[4], base)
        goal("done with sync on / without", done_ratio, 2.0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
