"""The everyday hinge's screens: the evening check with two moments, and the progress part of
a large main screen after three weeks of evening checks and weekly answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import NOW
from tracker.store.changes import LogHinge, RecordAutomaticity
from tracker.ui.app import SuppleApp

SnapCompare = Callable[..., bool]
SnapshotApp = Callable[..., Any]
MOMENTS = {"hinge-moments": "load the dishwasher;brush my teeth at the sink"}


@pytest.fixture(autouse=True)
def truecolor(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


def practised(app: SuppleApp) -> SuppleApp:
    today = NOW.date()
    answers = ("none", "some", "some", "most")
    for n in range(1, 21):
        if n % 5:
            LogHinge(answers[(20 - n) // 6], today - timedelta(days=n)).apply(app.store)
    for weeks, scores in ((3, (2, 3, 2, 3)), (2, (3, 4, 4, 3)), (1, (5, 4, 5, 4))):
        RecordAutomaticity(scores, today - timedelta(days=7 * weeks)).apply(app.store)
    return app


def test_the_evening_check(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    app = snapshot_app(settings=MOMENTS)
    assert snap_compare(app, press=["g"], terminal_size=(100, 30))


def test_the_main_screen_with_the_everyday_hinge(
    snap_compare: SnapCompare, snapshot_app: SnapshotApp
) -> None:
    app = practised(snapshot_app(history="year", settings=MOMENTS))
    assert snap_compare(app, terminal_size=(150, 44))
