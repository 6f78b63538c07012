"""Pilot-test helpers: a real app over a real store in tmp_path with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from tracker.core.clock import FakeClock
from tracker.store.database import Store
from tracker.ui.app import SuppleApp
from tracker.ui.widgets.two_columns import TwoColumns


class ToastedApp(SuppleApp):
    """The real app, which also keeps the text of every toast it shows (`toasts`), so tests
    observe them through `notify`, the public way in, not Textual's private list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.toasts: list[str] = []

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:
        self.toasts.append(str(message))
        super().notify(message, *args, **kwargs)


MakeApp = Callable[..., ToastedApp]


@pytest.fixture
def make_app(data_dir: Path, clock: FakeClock) -> MakeApp:
    """Build the app; `seen=True` marks the tutorial seen so it does not open by itself."""

    def make(start: str | None = None, seen: bool = True) -> ToastedApp:
        store = Store(data_dir, clock)
        if seen:
            store.mark_tutorial_seen()
        return ToastedApp(store, clock, start=start, watch_interval=None, reminders=False)

    return make


async def settle(pilot: Pilot[Any]) -> None:
    """Until the app's store work (a change, an undo, a read: run in a thread worker, one at
    a time) is done and its result drawn."""
    app = pilot.app
    assert isinstance(app, SuppleApp)
    await app.wait_for_store()
    await pilot.pause()


def words_shown(screen: Screen[Any]) -> str:
    """The text of every Static on `screen` and every row of its two-column lists (Help's
    keys and points), in order, space-separated."""
    parts: list[str] = []
    for widget in screen.query("*"):
        if isinstance(widget, Static):
            parts.append(str(widget.render()))
        elif isinstance(widget, TwoColumns):
            parts.extend(widget.lines)
    return " ".join(parts)
