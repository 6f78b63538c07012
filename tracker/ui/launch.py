"""Start the TUI (the only entry point that imports Textual)."""

from __future__ import annotations

from pathlib import Path

from tracker.clock import Clock
from tracker.store import Store


def launch(folder: Path, clock: Clock, screen: str | None = None) -> int:
    from tracker.ui.app import SuppleApp

    app = SuppleApp(Store(folder, clock), clock, start=screen)
    app.run()
    return app.return_code or 0
