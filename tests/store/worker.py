"""Concurrency-test worker (run by test_concurrency.py); all workers start on a start file.

Usage:
  python worker.py DATA_DIR START_FILE add PREFIX COUNT    add COUNT sessions PREFIX-0..
  python worker.py DATA_DIR START_FILE flip COUNT          set `bell` COUNT times, alternating
  python worker.py DATA_DIR START_FILE claim NAME DAY      try to claim "00:00".."23:00" of DAY

Prints one JSON line with what it did (for claim: the slots it won).
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import date
from pathlib import Path

from tracker.store.database import Store


def wait_for(start_file: Path) -> None:
    deadline = time.monotonic() + 30
    while not start_file.exists():
        if time.monotonic() > deadline:
            raise SystemExit("the start file never appeared")
        time.sleep(0.001)


def main() -> None:
    folder, start_file, mode, *rest = sys.argv[1:]
    store = Store(Path(folder))
    print("ready", flush=True)
    wait_for(Path(start_file))
    began = time.monotonic()
    result: dict[str, object] = {"mode": mode}
    if mode == "add":
        prefix, count = rest[0], int(rest[1])
        for i in range(count):
            store.add_session(
                {
                    "id": f"{prefix}-{i}",
                    "date": f"2026-11-{1 + i % 28:02d}",
                    "kind": "logged",
                    "status": "complete",
                    "note": f"from {prefix}",
                }
            )
        result["added"] = count
    elif mode == "flip":
        count = int(rest[0])
        for i in range(count):
            store.set_setting("bell", i % 2 == 0)
        result["flips"] = count
        result["last"] = (count - 1) % 2 == 0
    elif mode == "claim":
        name, day = rest[0], date.fromisoformat(rest[1])
        # Each claimer tries every slot, in its own shuffled order, pausing a little between
        # tries (longer than filelock's 50 ms poll, or the first claimer takes all the slots
        # before the other one wakes up), so the two really compete.
        pace = random.Random(name)
        order = [f"{h:02d}:00" for h in range(24)]
        pace.shuffle(order)
        won = []
        for slot in order:
            if store.claim_reminder(day, slot, by=name):
                won.append(slot)
            time.sleep(pace.uniform(0.0, 0.1))
        result["by"] = name
        result["won"] = won
    else:
        raise SystemExit(f"unknown mode {mode}")
    result["seconds"] = round(time.monotonic() - began, 3)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
