"""Snapshot tests: fixed size, fixed clock, fixed history, no animations."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import NOW
from tracker.clock import FakeClock
from tracker.store.database import Store
from tracker.ui.app import SuppleApp

os.environ["TEXTUAL_ANIMATIONS"] = "none"

SIZE = (100, 34)


def fixed_history(store: Store) -> None:
    """Eight weeks of a realistic history ending yesterday: mostly done, some skips and misses."""
    start = NOW.date() - timedelta(days=56)
    records = []
    for offset in range(56):
        day = start + timedelta(days=offset)
        if offset % 9 == 4:
            continue  # a missed day
        status = "partial" if offset % 13 == 7 else "complete"
        records.append(
            {
                "id": f"fixed-{offset:03d}",
                "date": day.isoformat(),
                "kind": "logged",
                "status": status,
                "started_at": None,
                "ended_at": None,
                "exercises": None,
                "pain_before": None,
                "pain_after": 3 + offset % 3,
                "note": "",
            }
        )
    skips = [
        {"date": (start + timedelta(days=o)).isoformat(), "kind": "skip", "reason": None}
        for o in (20, 21)
    ]
    store.import_records(records, skips, {})


@pytest.fixture
def snapshot_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(
        start: str | None = None,
        seen: bool = True,
        history: bool = True,
        settings: dict[str, object] | None = None,
    ) -> SuppleApp:
        clock = FakeClock(NOW)
        store = Store(tmp_path / "data", clock)
        if seen:
            store.mark_tutorial_seen()
        if history:
            fixed_history(store)
        for key, value in (settings or {}).items():
            store.set_setting(key, value)
        return SuppleApp(store, clock, start=start, watch_interval=None, reminders=False)

    return make


__all__ = ["SIZE", "date"]
