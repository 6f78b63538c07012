"""The app's watcher: other devices' changes merged as they arrive, in a thread of its own.

The merge writes the store, and the app's own watcher of the store (a stat each second)
redraws the screen, as for a change made by a shell command: within about two seconds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from tracker.store.database import Store
from tracker.sync.synced_store import SyncedStore

WATCH_S = 1.0


def watch(store: Store, interval: float = WATCH_S) -> Callable[[], None]:
    """Merge into `store` whenever the folder changes (a few stats each `interval`), until
    the function returned is called."""
    stop = threading.Event()
    if not isinstance(store, SyncedStore):
        return stop.set

    def run() -> None:
        while not stop.wait(interval):
            try:
                store.merge_if_due()
            except Exception:  # never end the watcher; `supple sync` says what is wrong
                pass

    threading.Thread(target=run, name="supple-sync-watch", daemon=True).start()
    return stop.set
