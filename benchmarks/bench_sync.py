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

        folders: dict[str, tuple[Path, Path, Path]] = {}
        for name in ("off-status", "off-done"):
            folders[name] = (make_store(work / name, 10), work, work)
        for name in ("on-status", "on-done", "news-status", "news-done"):
            data = make_store(work / name, 10)
            folder = work / f"{name}-folder"
            folder.mkdir()
            log = other_device(folder, 1)
            supple(data, "sync", "--folder", str(folder))
            device = (data / "sync" / "device").read_text().strip()
            folders[name] = (data, folder / "devices" / device, log)
        time.sleep(RACY_NS / 1e9 + 0.02)
        for data, _, _ in folders.values():
            supple(data, "status")  # the saved output a first status leaves

        def restore(name: str) -> Callable[[], None]:
            """This device's files as they are now: the data folder, and its own folder in
            the sync folder (the other device's log is left alone, as its copy would be)."""
            data, own, _ = folders[name]
            return restorer(data) if name.startswith("off") else restorer(data, own)

        count = [0]

        def one_more(name: str) -> Callable[[], None]:
            put_back = restore(name)
            log = folders[name][2]

            def add() -> None:  # the other device logs one more session
                put_back()
                count[0] += 1
                record: dict[str, object] = {
                    "id": f"new-{count[0]}",
                    "date": datetime.now().date().isoformat(),
                    "kind": "logged",
                    "status": "complete",
                }
                stamp = int(time.time() * 1000)
                with open(log, "a", encoding="utf-8") as out:
                    out.write(json.dumps(entry(f"n{count[0]}", stamp, record)) + "\n")

            return add

        def argv(name: str, command: str) -> list[str]:
            return [script, "--data-dir", str(folders[name][0]), command]

        rows = [
            Row("python -c pass  (baseline)", [py, "-c", "pass"]),
            Row("supple status, 10 y, sync off", argv("off-status", "status")),
            Row("supple status, 10 y, sync on", argv("on-status", "status")),
            Row(
                "supple status, 10 y, sync on, 1 new entry",
                argv("news-status", "status"),
                one_more("news-status"),
            ),
            Row("supple done, 10 y, sync off", argv("off-done", "done"), restore("off-done")),
            Row("supple done, 10 y, sync on", argv("on-done", "done"), restore("on-done")),
            Row(
                "supple done, 10 y, sync on, 1 new entry",
                argv("news-done", "done"),
                one_more("news-done"),
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
