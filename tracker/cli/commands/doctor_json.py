"""`supple doctor --json`: the findings of `supple doctor` as one JSON object, for scripts.

The same checks, made by the same functions (tracker.cli.commands.doctor), and the same exit
code: 2 when the store is damaged or the data folder is a file, 1 when changes cannot be
saved, 0 otherwise.
"""

from __future__ import annotations

import json
import sys

from tracker.cli.commands.doctor import (
    _fix_for,
    lock_problem,
    readable_by_others,
    write_problem,
)
from tracker.store.backups import Contents, contents, restore_commands
from tracker.store.database import Store
from tracker.store.errors import StoreDamagedError, StoreError
from tracker.store.snapshot import SCHEMA_VERSION, Snapshot
from tracker.store.storage import leftover_temp_files

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _store_facts(store: Store) -> tuple[dict[str, Any], Snapshot | None, StoreError | None]:
    facts: dict[str, Any] = {"health": "ok", "error": None, "bytes": None}
    facts.update(schema_version=None, created=None, sessions=None, skip_days=None)
    facts["supported_schema_version"] = SCHEMA_VERSION
    try:
        snapshot = store.load()
    except StoreDamagedError as error:
        facts.update(health="damaged", error=error.reason)
        return facts, None, error
    except StoreError as error:
        facts.update(health="unusable", error=str(error))
        return facts, None, error
    if not snapshot.exists:
        facts["health"] = "none yet"
        return facts, None, None
    facts.update(bytes=store.path.stat().st_size, schema_version=snapshot.schema_version)
    facts.update(created=snapshot.created, sessions=len(snapshot.sessions))
    facts["skip_days"] = len(snapshot.marks)
    return facts, snapshot, None


def _backups(store: Store, damaged: bool) -> tuple[list[dict[str, Any]], list[str]]:
    found = []
    good: list[Contents] = []
    for backup in store.daily_backups():
        held = contents(backup)
        if isinstance(held, Contents):
            good.append(held)
            found.append({"file": str(backup), "holds": held.describe(), "error": None})
        else:
            found.append({"file": str(backup), "holds": None, "error": held})
    restore = restore_commands(store.path, good[0].path if good else None) if damaged else []
    return found, restore


def _reminder(record: dict[str, Any] | None) -> dict[str, Any] | None:
    if record is None:
        return None
    fields = ("date", "time", "status", "backend", "error", "claimed_at")
    return {name: record.get(name) for name in fields}


def _latest(snapshot: Snapshot | None, status: str) -> dict[str, Any] | None:
    if snapshot is None:
        return None
    records = [r for r in snapshot.reminders_sent if r.get("status") == status]
    return max(records, key=lambda r: str(r.get("claimed_at")), default=None)


def doctor_facts(store: Store) -> tuple[dict[str, Any], int]:
    report: dict[str, Any] = {"data_dir": str(store.data_dir), "store_file": str(store.path)}
    if store.data_dir.exists() and not store.data_dir.is_dir():
        report["problem"] = f"{store.data_dir} is a file, not a folder"
        report["exit_code"] = 2
        return report, 2
    code = 0
    problem = write_problem(store)
    report["saving"] = {
        "ok": problem is None,
        "problem": problem,
        "fix": _fix_for(problem, store) if problem else None,
    }
    lock = lock_problem(store)
    report["lock"] = {"ok": lock is None, "file": str(store.lock_path), "problem": lock}
    if problem or lock:
        code = 1
    facts, snapshot, error = _store_facts(store)
    report["store"] = facts
    if error is not None:
        code = 2
    report["readable_by_others"] = [str(path) for path in readable_by_others(store)]
    report["temp_files"] = len(leftover_temp_files(store.path))
    backups, restore = _backups(store, isinstance(error, StoreDamagedError))
    report["backups_dir"] = str(store.backups_dir)
    report["backups"] = backups
    report["restore_commands"] = restore

    from tracker.notify.delivery import backend_name, session_bus_problem
    from tracker.sound.players import describe

    bus = session_bus_problem()
    report["notifications"] = {
        "backend": backend_name(),
        "problem": None if bus is None else bus[0],
        "fix": None if bus is None else bus[1],
    }
    tones_by, voice_by = describe()
    report["session_sound"], report["session_voice"] = tones_by, voice_by
    report["last_failed_reminder"] = _reminder(_latest(snapshot, "failed"))
    report["last_reminder"] = _reminder(_latest(snapshot, "delivered"))
    report["exit_code"] = code
    return report, code


def run_doctor_json(store: Store) -> int:
    report, code = doctor_facts(store)
    sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return code
