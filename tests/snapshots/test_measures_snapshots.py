"""The self-test screen, and a wide main screen with the self-test and activities charts beside
the pain chart (a year of history, a self-test every two weeks for twelve weeks)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import NOW
from tracker.core.clock import FakeClock
from tracker.store.changes import RecordMeasures
from tracker.ui.app import SuppleApp

SnapCompare = Callable[..., bool]
SnapshotApp = Callable[..., Any]


@pytest.fixture(autouse=True)
def truecolor(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


def measured(app: SuppleApp) -> SuppleApp:
    """Self-tests every 14 days up to two weeks ago: 21 cm down to 15.5, two activities."""
    for n, cm in enumerate((21.0, 20.0, 19.5, 17.0, 16.0, 15.5)):
        day = NOW.date() - timedelta(days=14 * (6 - n))
        scores = (("putting on socks", 3 + n // 2), ("sitting through a film", 5 + n // 3))
        RecordMeasures(day, cm, scores).apply(app.store)
    assert isinstance(app.clock, FakeClock)
    return app


def test_the_main_screen_with_the_measures_at_150x44(
    snap_compare: SnapCompare, snapshot_app: SnapshotApp
) -> None:
    assert snap_compare(measured(snapshot_app(history="year")), terminal_size=(150, 44))


def test_the_self_test_screen(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    app = measured(snapshot_app(history="year"))
    assert snap_compare(app, press=["m", "1", "4"], terminal_size=(100, 40))
