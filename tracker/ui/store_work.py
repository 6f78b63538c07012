"""The app's store work, done off the UI thread: a change, an undo, or a fresh read.

The app runs one `Job` at a time, in the order they were asked for, in a Textual thread
worker; `run_job` is what that thread does: apply the change (TinyDB, the file lock, the
disk), then read the store again. What it found comes back as a `Result`, which the app gets
in a message (`tracker.ui.messages.StoreDone`) on the UI thread and hands to every screen.
Nothing here touches a widget, and nothing here imports Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from tracker.store.changes import Applied, Change, Refused
from tracker.store.database import Store
from tracker.store.errors import StoreError
from tracker.store.snapshot import Snapshot

Signature = tuple[int, int, int] | None


@dataclass(frozen=True)
class UndoEntry:
    description: str
    undo: Change


@dataclass(frozen=True)
class Job:
    """One piece of store work. With no change it only reads the store again."""

    change: Change | None = None
    undoing: UndoEntry | None = None  # the change undoes this entry (put back if it fails)
    keep_undo: bool = True  # put the change's undo on the app's undo stack
    quiet: bool = False  # no toast saying what the change did
    # A look for other processes' writes: read only if the file's signature is not `known`.
    only_if_changed: bool = False
    known: Signature = None
    then: Callable[[bool], None] | None = None  # on the UI thread: was the change saved?


@dataclass(frozen=True)
class Result:
    """What a job did, and the store as it then was."""

    applied: Applied | None = None
    refused: str | None = None  # a rule said no: nothing was written
    failed: str | None = None  # the write failed (one line): nothing was written
    snapshot: Snapshot | None = None  # the store read after the change
    load_error: str | None = None  # ...or why it could not be read
    signature: Signature = None  # the file's signature just before that read
    unchanged: bool = False  # a look found no write: nothing was read

    @property
    def saved(self) -> bool:
        return self.applied is not None


def run_job(store: Store, job: Job) -> Result:
    """Do `job` (in the worker thread). Never raises for what a store can go through: a
    refusal, a write error and an unreadable store are all in the Result."""
    applied = refused = failed = None
    if job.change is not None:
        try:
            applied = job.change.apply(store)
        except Refused as refusal:
            refused = str(refusal)
        except StoreError as error:
            failed = str(error)
        except OSError as error:  # a write the store did not word
            failed = write_failure(error)
    signature = store.signature()
    if job.only_if_changed and signature == job.known:
        return Result(signature=signature, unchanged=True)
    try:
        snapshot = store.load()
    except StoreError as error:
        return Result(applied, refused, failed, None, str(error), signature)
    return Result(applied, refused, failed, snapshot, None, signature)


class StoreWatcher:
    """A thread that looks at the store file every `interval` seconds and calls `changed()`
    (in its thread) when the file's signature differs from its last look: another process
    wrote, or this app did. A look is a stat; nothing is read, and nothing is posted while
    the file stays as it is (an idle app costs next to nothing)."""

    def __init__(self, store: Store, interval: float, changed: Callable[[], object]) -> None:
        self.store = store
        self.interval = interval
        self.changed = changed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="supple-store-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)

    def _watch(self) -> None:
        last: Signature | str = "not looked yet"  # the first look always tells the app
        while not self._stop.wait(self.interval):
            now = self.store.signature()
            if now != last:
                last = now
                self.changed()


def write_failure(error: OSError) -> str:
    where = f" {error.filename}" if error.filename else ""
    return f"cannot write{where}: {error.strerror or error}; free some space or fix the folder"
