"""Devices for the sync tests: each a real data folder with a SyncedStore, and its own copy
of the synced folder, which `deliver` fills as a sync engine would (whole files, late, twice,
torn, or as a conflict copy)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import NOW
from tracker.core.clock import FakeClock
from tracker.store.changes import Change, Refused
from tracker.sync import mark
from tracker.sync.entries import LOCAL_SETTINGS
from tracker.sync.setup import turn_on
from tracker.sync.synced_store import SyncedStore


class Device:
    def __init__(self, root: Path, name: str, skew: timedelta = timedelta(0)) -> None:
        self.name = name
        self.data = root / name / "data"
        self.folder = root / name / "Sync" / "supple"  # this device's copy of the folder
        self.folder.mkdir(parents=True)
        self.clock = FakeClock(NOW + skew)
        self.store = SyncedStore(self.data, self.clock)
        self.undo: list[Change] = []

    def turn_on(self) -> None:
        turn_on(self.store, self.folder)

    @property
    def id(self) -> str:
        return self.store.journal.device()

    def do(self, change: Change) -> bool:
        """Apply a change as the app does, keeping its undo; False when the rules refuse."""
        try:
            applied = change.apply(self.store)
        except Refused:
            return False
        if applied.undo is not None:
            self.undo.append(applied.undo)
        return True

    def undo_last(self) -> bool:
        return bool(self.undo) and self.do(self.undo.pop())

    def own_files(self) -> list[Path]:
        where = self.folder / mark.DEVICES / self.id
        return sorted(where.iterdir()) if where.is_dir() else []

    def records(self) -> dict[str, Any]:
        """What every device must agree on: sessions, skip days, synced settings, measurements
        and activities."""
        snapshot = self.store.load()
        return {
            "sessions": sorted((dict(s) for s in snapshot.sessions), key=lambda s: s["id"]),
            "measurements": sorted((dict(m) for m in snapshot.measurements), key=lambda m: m["id"]),
            "activities": sorted((dict(a) for a in snapshot.activities), key=lambda a: a["id"]),
            "hinge_checks": sorted((dict(c) for c in snapshot.hinge_checks), key=lambda c: c["id"]),
            "automaticity": sorted((dict(a) for a in snapshot.automaticity), key=lambda a: a["id"]),
            "marks": sorted((m["date"], m.get("reason")) for m in snapshot.marks),
            "settings": {
                k: v for k, v in snapshot.stored_settings.items() if k not in LOCAL_SETTINGS
            },
        }


def deliver(source: Device, target: Device, how: str = "whole") -> None:
    """What a sync engine does: `source`'s own files appear in `target`'s copy of the folder.

    "whole": copied as they are; "torn": the newest log cut in the middle of its last line
    (copied while it was being appended to); "conflict": kept beside as a conflict copy."""
    there = target.folder / mark.DEVICES / source.id
    there.mkdir(parents=True, exist_ok=True)
    for file in source.own_files():
        if how == "conflict" and file.suffix == ".jsonl":
            name = f"{file.stem}.sync-conflict-20261125-093000-ABCDEFG.jsonl"
            shutil.copyfile(file, there / name)
        else:
            shutil.copyfile(file, there / file.name)
    if how == "torn":
        logs = sorted(there.glob("????-??.jsonl"))
        if logs:
            raw = logs[-1].read_bytes()
            cut = raw.rstrip(b"\n").rfind(b"\n") + 1  # the start of the last line
            logs[-1].write_bytes(raw[: cut + max(1, (len(raw) - cut) // 2)])


MakeDevice = Callable[..., Device]


@pytest.fixture
def make_device(tmp_path: Path) -> MakeDevice:
    def make(name: str, skew: timedelta = timedelta(0), on: bool = True) -> Device:
        device = Device(tmp_path, name, skew)
        if on:
            device.turn_on()
        return device

    return make
