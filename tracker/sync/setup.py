"""Turning sync on and off, checking a folder before it is used, and the report of
`supple sync --status` and `supple doctor`."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tracker.store.changes import ResetSetting, SetSetting
from tracker.sync.folder import FolderReader, folder_problem, place_problem
from tracker.sync.synced_store import SYNC_FOLDER, MergeReport, SyncedStore, log_problems

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def folder_input_problem(folder: Path, data_dir: Path) -> str | None:
    """Why `folder` cannot be the sync folder, or None. Checked before anything changes."""
    problem = place_problem(folder, data_dir)
    if problem:
        return problem
    if not folder.is_dir():
        return f"{folder} does not exist; create it first (mkdir -p {folder}) or give another"
    probe = folder / f".supple-probe-{os.getpid()}.tmp"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        os.close(fd)
    except OSError as error:
        return f"{folder} is not writable ({error.strerror}); make it writable or give another"
    finally:
        try:
            probe.unlink()
        except OSError:
            pass
    return None


def turn_on(store: SyncedStore, folder: Path) -> MergeReport | None:
    """Sync into `folder` (already checked): the setting, then (the first time) the whole
    history into the folder, then a merge. None if the merge did not happen."""
    store.last_merge = None
    SetSetting(SYNC_FOLDER, str(folder)).apply(store)  # which starts it, if it is new
    if store.last_merge is None and store.setup_problem is None:
        store.folder_changed(str(folder))  # the same folder again: its files made anew
    return store.last_merge


def turn_off(store: SyncedStore) -> None:
    ResetSetting(SYNC_FOLDER).apply(store)
    if store.journal.folder() is not None:
        store.folder_changed("")


def _iso(ms: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms // 1000))


def report(store: SyncedStore) -> dict[str, Any]:
    """What `supple sync --status --json` prints (without merging)."""
    folder = store.journal.folder()
    device = store.journal.device() or None
    problems: list[str] = []
    if store.setup_problem:
        problems.append(store.setup_problem)
    if folder is None:
        return {
            "sync": "off",
            "folder": None,
            "device": device,
            "devices": [],
            "waiting": 0,
            "problems": problems,
        }
    paused = folder_problem(folder)
    rows: list[dict[str, Any]] = []
    if paused is None:
        logs, _ = FolderReader().read(folder)
        problems.extend(log_problems(logs))
        for log in logs:
            newest = max((entry.hlc for entry in log.entries), default=None)
            rows.append(
                {
                    "id": log.device,
                    "name": log.name,
                    "this_device": log.device == device,
                    "last_change": _iso(newest[0]) if newest else None,  # by its clock, UTC
                    "changes": len({entry.id for entry in log.entries}),
                }
            )
    else:
        problems.insert(0, paused)
    return {
        "sync": "paused" if paused else "on",
        "folder": str(folder),
        "device": device,
        "devices": rows,
        "waiting": store.journal.waiting(),
        "problems": problems,
    }
