"""Seven processes write one store at the same moment; nothing is lost or done twice."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from tracker.store.database import Store

WORKER = Path(__file__).with_name("worker.py")
ADDERS = 4
PER_ADDER = 60
FLIPS = 30


@pytest.mark.slow
def test_many_processes_write_at_once_and_nothing_is_lost(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    start_file = tmp_path / "go"
    day = date.today()  # claims older than 60 days would be pruned
    jobs = [["add", f"p{n}", str(PER_ADDER)] for n in range(ADDERS)]
    jobs.append(["flip", str(FLIPS)])
    jobs += [["claim", "tui", day.isoformat()], ["claim", "daemon", day.isoformat()]]
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(data_dir), str(start_file), *job],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job in jobs
    ]
    results = []
    try:
        for proc in procs:  # every worker has imported everything: start them together
            assert proc.stdout is not None
            assert proc.stdout.readline() == "ready\n"
        began = time.monotonic()
        start_file.touch()
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
            assert "Traceback" not in err, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        elapsed = time.monotonic() - began
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    snapshot = Store(data_dir).load()  # the file is valid
    raw = json.loads((data_dir / "supple.json").read_text(encoding="utf-8"))
    ids = [s["id"] for s in snapshot.sessions]
    expected = {f"p{n}-{i}" for n in range(ADDERS) for i in range(PER_ADDER)}
    assert len(ids) == ADDERS * PER_ADDER
    assert set(ids) == expected
    assert len(raw["sessions"]) == len(ids)  # TinyDB doc ids never collided
    # The flipper's last write is the one that stays.
    flip = next(r for r in results if r["mode"] == "flip")
    assert snapshot.stored_settings["bell"] is flip["last"]
    assert len([d for d in raw["settings"].values() if d["key"] == "bell"]) == 1
    # Every slot was claimed exactly once in total.
    won = [slot for r in results if r["mode"] == "claim" for slot in r["won"]]
    assert sorted(won) == [f"{h:02d}:00" for h in range(24)]
    records = [(r["date"], r["time"]) for r in snapshot.reminders_sent]
    assert len(records) == 24 and len(set(records)) == 24
    winner = {slot: r["by"] for r in results if r["mode"] == "claim" for slot in r["won"]}
    assert {r["time"]: r["by"] for r in snapshot.reminders_sent} == winner
    assert not list(data_dir.glob(".*.tmp"))
    claims = {r["by"]: len(r["won"]) for r in results if r["mode"] == "claim"}
    print(
        f"\nconcurrency: {len(procs)} processes, {len(ids)} sessions, {FLIPS} flips, "
        f"claims won {claims}, {elapsed:.1f} s"
    )
