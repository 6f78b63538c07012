"""Snapshots of the heatmap on the main screen, the calendar screen and the day view."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.snapshots.conftest import SIZE

SnapCompare = Callable[..., bool]
SnapshotApp = Callable[..., Any]

GUIDED = {
    "id": "snap-guided",
    "date": "2026-11-23",
    "kind": "guided",
    "status": "partial",
    "started_at": "2026-11-23T18:05:00+01:00",
    "ended_at": "2026-11-23T18:19:00+01:00",
    "exercises": [
        {"exercise": "good-morning", "side": None, "planned_sets": 3, "planned_reps": 10,
         "done_sets": 3, "done_reps": 10},
        {"exercise": "rotation", "side": "left", "planned_sets": 2, "planned_reps": 10,
         "done_sets": 2, "done_reps": 10},
        {"exercise": "rotation", "side": "right", "planned_sets": 2, "planned_reps": 10,
         "done_sets": 1, "done_reps": 6},
    ],
    "pain_before": 5,
    "pain_after": 3,
    "note": "Stopped early: the bus.",
}  # fmt: skip


@pytest.fixture(autouse=True)
def truecolor(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The heatmap picks its glyphs by the terminal's colours: pin them for stable SVGs."""
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


def test_main_screen_80x30(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(80, 30))


def test_main_screen_130x34(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(130, 34))


def test_main_screen_no_color(
    snap_compare: SnapCompare, snapshot_app: SnapshotApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(snapshot_app(), terminal_size=(80, 30))


def test_calendar_screen(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app(start="calendar"), terminal_size=SIZE)


def test_calendar_cursor_moved(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app(start="calendar"), press=["h", "h", "k"], terminal_size=SIZE)


def test_calendar_previous_year(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app(start="calendar"), press=["["], terminal_size=SIZE)


def test_day_view(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    app = snapshot_app(start="calendar")
    app.store.add_session(GUIDED)
    assert snap_compare(app, press=["up", "up", "enter"], terminal_size=SIZE)
