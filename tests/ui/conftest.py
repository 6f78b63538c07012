"""Pilot-test helpers: a real app over a real store in tmp_path with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.clock import FakeClock
from tracker.store.database import Store
from tracker.ui.app import SuppleApp

MakeApp = Callable[..., SuppleApp]


@pytest.fixture
def make_app(data_dir: Path, clock: FakeClock) -> MakeApp:
    """Build the app; `seen=True` marks the tutorial seen so it does not open by itself."""

    def make(start: str | None = None, seen: bool = True) -> SuppleApp:
        store = Store(data_dir, clock)
        if seen:
            store.mark_tutorial_seen()
        return SuppleApp(store, clock, start=start, watch_interval=None, reminders=False)

    return make
