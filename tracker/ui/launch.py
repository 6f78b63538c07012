"""Start the TUI (the only entry point that imports Textual)."""

from __future__ import annotations

import gc
from pathlib import Path

from tracker.core.clock import Clock
from tracker.store.database import Store


def launch(folder: Path, clock: Clock, screen: str | None = None) -> int:
    # Start-up builds many objects and no garbage worth collecting: the cyclic collector is
    # paused until the first frame is on screen (the app turns it back on, see
    # SuppleApp.resume_garbage_collection).
    gc.disable()
    from tracker.ui.app import SuppleApp

    app = SuppleApp(Store(folder, clock), clock, start=screen)
    app.run()
    return app.return_code or 0
