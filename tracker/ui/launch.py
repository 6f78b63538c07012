"""Start the TUI (the only entry point that imports Textual)."""

from __future__ import annotations

import gc
from pathlib import Path

from tracker.core.clock import Clock
from tracker.sync.synced_store import SyncedStore
from tracker.sync.watch import watch


def launch(folder: Path, clock: Clock, screen: str | None = None) -> int:
    # Start-up builds many objects and no garbage worth collecting: the cyclic collector is
    # paused until the first frame is on screen (the app turns it back on, see
    # SuppleApp.resume_garbage_collection).
    gc.disable()
    from tracker.ui.app import SuppleApp

    store = open_app_store(folder, clock)
    app = SuppleApp(store, clock, start=screen)
    stop_watching = watch(store)  # other devices' changes, merged as they arrive
    try:
        app.run()
    finally:
        stop_watching()
    return app.return_code or 0


def open_app_store(folder: Path, clock: Clock) -> SyncedStore:
    """The app's store: one that syncs (tracker.sync), since sync may be turned on in the
    Settings screen while the app is open."""
    return SyncedStore(folder, clock)
