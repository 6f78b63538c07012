"""Crash-test writer: keeps changing a store until it is killed (run by test_crash.py).

Usage: python writer.py DATA_DIR START

Loops from index START: adds session w{i}; every 5th index also sets `rest`; every 7th index
also deletes w{i-5}. Prints "ready" once imported, "try ..." before a set or delete and an
ack line after each completed call ("add w12", "set rest 15", "del w7"), flushing each line,
so the parent knows exactly which writes were acknowledged when it kills this process.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tracker.store.database import Store


def session(i: int) -> dict[str, object]:
    return {
        "id": f"w{i}",
        "date": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "started_at": "2026-11-25T07:30:00+01:00",
        "ended_at": "2026-11-25T07:46:00+01:00",
        "kind": "guided",
        "status": "complete",
        "exercises": [{"exercise": "good-morning", "planned_sets": 3, "done_sets": 3}],
        "pain_before": i % 11,
        "pain_after": (i + 3) % 11,
        "note": f"writer session {i}",
    }


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    folder, start = Path(sys.argv[1]), int(sys.argv[2])
    store = Store(folder)
    say("ready")
    for i in range(start, start + 100_000):
        store.add_session(session(i))
        say(f"add w{i}")
        if i % 5 == 0:
            value = i % 600
            say(f"try set rest {value}")
            store.set_setting("rest", value)
            say(f"set rest {value}")
        if i % 7 == 0 and i - 5 >= 0:
            say(f"try del w{i - 5}")
            store.delete_session(f"w{i - 5}")
            say(f"del w{i - 5}")


if __name__ == "__main__":
    main()
