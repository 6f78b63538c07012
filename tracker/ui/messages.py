"""Messages: screens post `Edit` up to the app; the store worker posts `StoreWaiting` and
`StoreDone` to the app from its thread (`post_message` is thread-safe)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.message import Message

from tracker.core.summary import Summary
from tracker.store.changes import Change, ClearSkip, MarkSkip
from tracker.store.snapshot import Snapshot
from tracker.ui.store_work import Job, Result

Decide = Callable[[Snapshot | Summary], Change]
"""A change worked out when its turn comes, from the store as the changes before it left it
(its summary, if it comes before the records are loaded)."""


class Edit(Message):
    """Make this change: the app applies it after the ones asked for before, keeps its undo,
    and redraws every screen."""

    def __init__(self, change: Change | Decide) -> None:
        super().__init__()
        self.change = change


def toggle_skip(day: date) -> Edit:
    """Mark `day` a skip day, or clear the skip if it is one (k), as the store is when the
    change runs: k pressed twice quickly marks and clears."""

    def decide(known: Snapshot | Summary) -> Change:
        return ClearSkip((day,)) if day in known.history.skips else MarkSkip((day,))

    return Edit(decide)


class StoreWaiting(Message):
    """A write is waiting for another process (another supple) to release the store's lock."""


class StoreTouched(Message):
    """The store file changed since the watcher's last look (see store_work.StoreWatcher)."""


class StoreDone(Message):
    """The store worker finished `job`."""

    def __init__(self, job: Job, result: Result) -> None:
        super().__init__()
        self.job = job
        self.result = result
