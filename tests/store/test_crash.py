"""SIGKILL a writer at random moments: the store must always load and keep every acked write.

A writer process (writer.py) adds, updates and deletes in a loop and acknowledges each
completed call on stdout. The parent waits for a random number of acknowledgements (none to
a few), kills it a random moment later, checks the file, and starts a new writer that
continues the numbering: on a loaded machine the kills still land inside the work rather than
before it. Run with `-s` to see the counts.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tracker.store.database import Store

WRITER = Path(__file__).with_name("writer.py")
KILLS = 40
SEED = 20261125
BASE_SESSIONS = 400
TIME_BUDGET_S = 22.0  # stop early (with at least MIN_KILLS) on a very slow machine
MIN_KILLS = 15


def base_session(i: int) -> dict[str, object]:
    day = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
    return {
        "id": f"base-{i:04d}-7d1c9f0e-5b7a-4a55-9d7e-{i:012d}",
        "date": day,
        "started_at": f"{day}T07:30:00+01:00",
        "ended_at": f"{day}T07:47:12+01:00",
        "kind": "guided" if i % 3 else "logged",
        "status": "complete",
        "exercises": [
            {"exercise": "good-morning", "side": None, "planned_sets": 3, "done_sets": 3},
            {"exercise": "rotation", "side": "left", "planned_sets": 2, "done_sets": 2},
            {"exercise": "rotation", "side": "right", "planned_sets": 2, "done_sets": 2},
        ],
        "pain_before": i % 6,
        "pain_after": i % 4,
        "note": "a usual morning" if i % 5 else "",
    }


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.tmp"))


class Ledger:
    """What the writers acknowledged, and what may or may not have happened at a kill."""

    def __init__(self) -> None:
        self.acked_adds: set[str] = set()
        self.acked_dels: set[str] = set()
        self.maybe_deleted: set[str] = set()  # a delete was in flight at a kill
        self.rest: int | None = None  # last acknowledged value of `rest`
        # Sets that were in flight at a kill since the last acknowledged one: each may have
        # landed (one writer's may land, then the next writer's be killed before its own).
        self.rest_in_flight: set[int] = set()
        self.acked_writes = 0

    def read(self, lines: list[str], start: int) -> int:
        """Apply one writer's output; returns the highest index it may have written."""
        last_add: int | None = None
        pending_del: str | None = None
        for line in lines:
            words = line.split()
            if not words or words == ["ready"]:
                continue
            if words[0] == "add":
                self.acked_adds.add(words[1])
                last_add = int(words[1][1:])
                self.acked_writes += 1
            elif words[:2] == ["try", "set"]:
                self.rest_in_flight.add(int(words[3]))
            elif words[0] == "set":
                self.rest = int(words[2])
                self.rest_in_flight.clear()
                self.acked_writes += 1
            elif words[:2] == ["try", "del"]:
                pending_del = words[2]
            elif words[0] == "del":
                self.acked_dels.add(words[1])
                pending_del = None
                self.acked_writes += 1
            else:
                raise AssertionError(f"unexpected writer output {line!r}")
        if pending_del is not None:
            self.maybe_deleted.add(pending_del)
        # The writer may have been inside the add after its last ack.
        return (last_add + 1) if last_add is not None else start


ACK_WORDS = ("add", "set", "del")


def run_writer_once(data_dir: Path, start: int, acks: int, delay: float) -> list[str]:
    """Run one writer until it has acknowledged `acks` writes, then kill it `delay` s later."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until imports are done: kill inside the work
        assert first == "ready\n", (first, proc.stderr.read() if proc.stderr else "")
        while sum(line.split()[0] in ACK_WORDS for line in seen) < acks:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "the writer stopped"
            seen.append(line.rstrip("\n"))
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        # Read on through the same buffered stream: communicate() would read the pipe
        # directly and miss acknowledgements that readline() has already buffered.
        out = proc.stdout.read()
        err = proc.stderr.read() if proc.stderr else ""
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, err)
    assert "Traceback" not in err, err
    return seen + out.splitlines()


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_an_acknowledged_write(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = Store(data_dir)
    store.import_records([base_session(i) for i in range(BASE_SESSIONS)], [], {})
    store.add_session(
        {"id": "seed-2", "date": "2026-11-20", "kind": "logged", "status": "complete"}
    )
    base_ids = {s["id"] for s in store.load().sessions}
    assert len(base_ids) == BASE_SESSIONS + 1

    rng = random.Random(SEED)
    ledger = Ledger()
    start = 0
    kills = 0
    kills_with_temp = 0
    began = time.monotonic()
    while kills < KILLS and not (kills >= MIN_KILLS and time.monotonic() - began > TIME_BUDGET_S):
        lines = run_writer_once(data_dir, start, rng.randint(0, 3), rng.uniform(0.0, 0.040))
        kills += 1
        highest = ledger.read(lines, start)
        if temp_files(data_dir):
            kills_with_temp += 1

        snapshot = Store(data_dir).load()  # must not raise
        ids = [s["id"] for s in snapshot.sessions]
        present = set(ids)
        assert len(ids) == len(present), "a session id appears twice"
        assert base_ids <= present, "a session that no writer touched is gone"
        lost = ledger.acked_adds - ledger.acked_dels - ledger.maybe_deleted - present
        assert not lost, f"acknowledged adds missing after kill {kills}: {sorted(lost)}"
        resurrected = ledger.acked_dels & present
        assert not resurrected, f"acknowledged deletes back after kill {kills}: {resurrected}"
        written = {f"w{i}" for i in range(highest + 1)}
        assert present <= base_ids | written, sorted(present - base_ids - written)
        allowed_rest = {ledger.rest, *ledger.rest_in_flight} - {None}
        if ledger.rest is not None:
            assert snapshot.stored_settings.get("rest") in allowed_rest
        start = highest + 1

    # One more write cleans up what the killed writes left behind.
    Store(data_dir).add_session(
        {"id": "after", "date": "2026-11-21", "kind": "logged", "status": "complete"}
    )
    leftovers = temp_files(data_dir)
    assert leftovers == [], leftovers
    final = {s["id"] for s in Store(data_dir).load().sessions}
    assert "after" in final
    assert not (ledger.acked_adds - ledger.acked_dels - ledger.maybe_deleted - final)

    print(
        f"\ncrash test: {kills} kills, {ledger.acked_writes} acknowledged writes "
        f"({len(ledger.acked_adds)} adds, {len(ledger.acked_dels)} deletes), "
        f"{kills_with_temp} kills left a temp file, {len(ledger.maybe_deleted)} deletes "
        f"in flight at a kill, {len(final)} sessions at the end, "
        f"{time.monotonic() - began:.1f} s"
    )
    assert kills >= MIN_KILLS
    assert ledger.acked_writes > kills, "the writers hardly wrote anything before being killed"
