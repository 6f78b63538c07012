"""Snapshots of the app's screens at a fixed size, clock and history.

Update deliberately after a visual change: `pytest tests/snapshots --snapshot-update`, then look
at the SVGs (or snapshot_report.html) before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import NOW
from tests.snapshots.conftest import SIZE, fixed_history
from tracker.core.clock import FakeClock
from tracker.store.database import Store
from tracker.ui.app import SuppleApp

SnapCompare = Callable[..., bool]
SnapshotApp = Callable[..., SuppleApp]


def test_tutorial_page_1(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app(seen=False), terminal_size=SIZE)


def test_tutorial_page_3_good_morning(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    app = snapshot_app(start="tutorial")
    assert snap_compare(app, terminal_size=SIZE, press=["right", "l"])


def test_tutorial_page_4_with_changed_settings(
    snap_compare: SnapCompare, snapshot_app: SnapshotApp
) -> None:
    app = snapshot_app(start="tutorial", settings={"rotation.reps": 12, "rest": 45})
    assert snap_compare(app, terminal_size=SIZE, press=["right", "right", "right"])


def test_main_screen(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app(), terminal_size=SIZE)


def test_main_screen_with_rising_pain(
    snap_compare: SnapCompare, snapshot_app: SnapshotApp, tmp_path: Path
) -> None:
    app = snapshot_app()
    rated = [
        {
            "id": f"rated-{days}",
            "date": (NOW.date() - timedelta(days=days)).isoformat(),
            "kind": "logged",
            "status": "complete",
            "pain_after": 8,
        }
        for days in (1, 2, 3, 4, 5)
    ]
    app.store.import_records(rated, [], {})  # a mean of 5.8 after 4.0 the week before
    assert snap_compare(app, terminal_size=SIZE)


def test_help(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app(), terminal_size=SIZE, press=["question_mark"])


def test_settings(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    app = snapshot_app(settings={"good-morning.sets": 4, "bell": False})
    assert snap_compare(app, terminal_size=SIZE, press=["comma"])


def test_settings_invalid_value(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    async def type_a_bad_value(pilot: Pilot[Any]) -> None:
        await pilot.press("comma")
        await pilot.pause()
        field = pilot.app.screen.query_one("#field-good-morning-sets", Input)
        field.value = ""
        await pilot.press("1", "2")
        await pilot.pause()

    app = snapshot_app()
    assert snap_compare(app, terminal_size=SIZE, run_before=type_a_bad_value)


@pytest.fixture
def damaged_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SuppleApp:
    """An app over a garbage store with three daily backups, at a path that is the same on
    every run (relative to a temporary working directory)."""
    monkeypatch.chdir(tmp_path)
    clock = FakeClock(NOW)
    store = Store(Path("data"), clock)
    store.mark_tutorial_seen()
    fixed_history(store)
    good = store.path.read_bytes()
    for made_today in store.daily_backups():
        made_today.unlink()  # the store's own backup of the empty file, from the setup above
    for day in ("2026-11-22", "2026-11-23", "2026-11-24"):
        (store.backups_dir / f"supple-{day}.json").write_bytes(good)
    store.path.write_bytes(b'{"meta": {"1": {"schema_version": 1}}, "sessions": {"1": tru')
    return SuppleApp(store, clock, watch_interval=None, reminders=False)


def test_error_screen(snap_compare: SnapCompare, damaged_app: SuppleApp) -> None:
    assert snap_compare(damaged_app, terminal_size=SIZE, press=["d", "k"])
