"""Start the TUI (the only entry point that imports Textual)."""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tracker.core.clock import Clock
from tracker.core.summary import Summary
from tracker.store.database import Store
from tracker.sync.synced_store import SyncedStore
from tracker.sync.watch import watch

T = TypeVar("T")


def launch(folder: Path, clock: Clock, screen: str | None = None) -> int:
    # Start-up builds many objects and no garbage worth collecting: the cyclic collector is
    # paused until the first frame is on screen (the app turns it back on, see
    # SuppleApp.resume_garbage_collection).
    gc.disable()
    store = open_app_store(folder, clock)
    # The summary is read while Textual loads: reading the store and its checksum (a few
    # milliseconds at decades of history) let go of the interpreter, importing does not.
    first_look = _in_a_thread(lambda: _first_look(store))
    from tracker.ui.app import SuppleApp

    summary = first_look()
    _ascii_where_the_locale_is_not_utf8()
    app = SuppleApp(store, clock, start=screen, first_look=summary)
    stop_watching = watch(store)  # other devices' changes, merged as they arrive
    try:
        app.run(mouse=True if summary is None else summary.settings.mouse)
    finally:
        stop_watching()
    return app.return_code or 0


def _in_a_thread(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work` in a thread; the function returned waits for its result (or raises its
    exception, here rather than as a traceback printed by the thread)."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:
            failure.append(error)

    thread = threading.Thread(target=run, name="supple-first-look")
    thread.start()

    def result() -> T:
        thread.join()
        if failure:
            raise failure[0]
        return outcome[0]

    return result


def open_app_store(folder: Path, clock: Clock) -> SyncedStore:
    """The app's store: one that syncs (tracker.sync), since sync may be turned on in the
    Settings screen while the app is open."""
    return SyncedStore(folder, clock)


def _first_look(store: Store) -> Summary | None:
    """The store's small summary, read once before the app starts: its `mouse` setting is
    needed before then (off, the app does not ask the terminal for mouse events: in GNU
    screen, asking for them makes a lone Escape wait for the next key), and the first frame
    is drawn from it. None if the store cannot be read: the app reads again and says why."""
    from tracker.store.errors import StoreError

    try:
        return store.quick_summary()
    except (StoreError, OSError):
        return None


def _ascii_where_the_locale_is_not_utf8() -> None:
    """Where the terminal's locale is not UTF-8, turn every character the app writes into an
    ASCII one of the same width (Textual writes the screen to sys.__stderr__)."""
    from tracker.core.ascii_text import is_utf8_locale

    if is_utf8_locale(os.environ, bool(sys.flags.utf8_mode)):
        return
    stream = sys.__stderr__
    if stream is None or not hasattr(stream, "reconfigure"):
        return
    import codecs

    from tracker.core.ascii_text import to_ascii

    def same_width_ascii(error: UnicodeError) -> tuple[str, int]:
        assert isinstance(error, UnicodeEncodeError)
        return to_ascii(error.object[error.start : error.end]), error.end

    codecs.register_error("supple-ascii", same_width_ascii)
    stream.flush()
    stream.reconfigure(encoding="ascii", errors="supple-ascii")
