"""The main screen with a year of history: square days, and at 120x40 the pain chart and the
recent sessions under them; in the default theme, the light theme and without colour."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

SnapCompare = Callable[..., bool]
SnapshotApp = Callable[..., Any]


@pytest.fixture(autouse=True)
def truecolor(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The heatmap picks its glyphs by the terminal's colours: pin them for stable SVGs."""
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


def test_a_year_at_120x40(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app(history="year"), terminal_size=(120, 40))


def test_a_year_at_80x24(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app(history="year"), terminal_size=(80, 24))


def test_a_year_in_the_light_theme(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    app = snapshot_app(history="year", settings={"theme": "textual-light"})
    assert snap_compare(app, terminal_size=(120, 40))


def test_a_year_without_colour(
    snap_compare: SnapCompare, snapshot_app: SnapshotApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(snapshot_app(history="year"), terminal_size=(120, 40))


def test_a_year_in_the_calendar_at_80x24(
    snap_compare: SnapCompare, snapshot_app: SnapshotApp
) -> None:
    assert snap_compare(snapshot_app(history="year", start="calendar"), terminal_size=(80, 24))
