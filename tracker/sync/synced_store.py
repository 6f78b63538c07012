"""The Store with sync: every local change is logged for the other devices, and their
changes are merged in before anything is read.

- A write (any transaction: a command, a screen, an import, an undo) compares the synced
  records before and after (of the tables it touched only: `done` appends its session without
  reading the others); what changed becomes entries in this device's log, appended
  under the store's lock before the store is written and taken back if that write fails.
  Then the log is copied into the folder (tracker.sync.folder.publish).
- A read (`load`, `summary`, `quick_summary`) first merges, when the folder's mark says
  another device's files changed since the last merge: the winners newer than what the
  store last took are written through the store's own transaction (not logged again as this
  device's), so its caches (the status summary, the saved status output) follow as after any
  write.
- Setting `sync-folder` (with `supple sync --folder`, `config set`, or the Settings screen)
  turns sync on: the first time, the whole history is logged; clearing it turns sync off
  (changes are still logged here, and go out if it is turned on again).

Locks, always in this order: the journal's lock (merging, copying into the folder), then the
store's. A local write takes only the store's, and copies into the folder after releasing it.
"""

from __future__ import annotations

import itertools
from _thread import allocate_lock
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from tracker.core.clock import Clock
from tracker.core.ids import new_id
from tracker.core.record_type import record_type
from tracker.store.database import Store
from tracker.store.errors import StoreError
from tracker.store.lock import LockTimeout
from tracker.store.snapshot import Snapshot, Summary
from tracker.store.storage import UnreadableFileError
from tracker.store.tables import LaidOutTables
from tracker.sync import mark
from tracker.sync.entries import FORMAT, KINDS, Entry, Order, canonical
from tracker.sync.folder import (
    DeviceLog,
    FolderReader,
    folder_problem,
    place_problem,
    publish,
    write_device_info,
)
from tracker.sync.hlc import later, tick
from tracker.sync.journal import LOG_DIR, Journal
from tracker.sync.merge import Change, Slot, local_changes, plan, winners

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SYNC_FOLDER = "sync-folder"
MERGE_WAIT_S = 15.0  # a merge asked for waits this long for another one to finish
PUBLISH_WAIT_S = 2.0  # copying after a change: a merge under way copies it anyway


@record_type
class MergeReport:
    folder: Path | None
    paused: str | None = None  # why the folder cannot be used now
    written: int = 0  # records the store took from other devices
    published: int = 0  # lines of this device's log copied into the folder
    devices: tuple[DeviceLog, ...] = ()
    problems: tuple[str, ...] = ()


def _view(
    storage: Any, copy: bool = False, kinds: Iterable[str] = KINDS
) -> dict[str, dict[str, dict[str, Any]]]:
    """The synced records of the store as a transaction holds them: kind -> key -> record."""
    tables = storage.read()  # not `or {}`: tables laid out and not yet parsed look empty
    return _records({} if tables is None else tables, kinds, copy)


def _records(
    tables: Any, kinds: Iterable[str], copy: bool = False
) -> dict[str, dict[str, dict[str, Any]]]:
    view: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in kinds:
        spec = KINDS[kind]
        records: dict[str, dict[str, Any]] = {}
        for record in _table(tables, spec.table).values():
            key = record.get(spec.key_field)
            if isinstance(key, str):
                records[key] = dict(record) if copy else record
        view[kind] = records
    return view


def _table(tables: Any, name: str) -> Any:
    """A table of the tables a transaction holds, by indexing: tables laid out as the file
    has them (tracker.store.tables.LaidOutTables) are parsed when indexed, never by `get`."""
    try:
        table = tables[name]
    except KeyError:
        return {}
    return {} if table is None else table


def _folder_of(tables: Any) -> object:
    for record in _table({} if tables is None else tables, "settings").values():
        if record.get("key") == SYNC_FOLDER:
            return record.get("value")
    return None


@record_type
class _Before:
    """What a change is compared with: the synced records as they were (`view`), or, for
    tables laid out as the file has them, those tables unchanged (`laid_out`): each is parsed
    again from the bytes it was only if the change asked for it."""

    view: dict[str, dict[str, dict[str, Any]]] | None
    laid_out: LaidOutTables | None
    folder: object


def _before(storage: Any, logging: bool) -> _Before:
    tables = storage.read()
    if isinstance(tables, LaidOutTables) and not tables.parsed() and not tables.appended:
        original = LaidOutTables(tables.path, tables.raw, tables.layout)
        return _Before(None, original, None)  # the folder too, only if settings are asked for
    view = _records({} if tables is None else tables, KINDS, copy=True) if logging else None
    return _Before(view, None, _folder_of(tables))


def _after(
    before: _Before, storage: Any, logging: bool, new_kinds: Collection[str]
) -> tuple[list[Change] | None, object, object]:
    """What a change made of the synced records (as entries carry them; None when they are
    not logged), and the sync folder setting before and after it. A table laid out and never
    asked for is unchanged, but for documents appended to it without parsing it (a new
    session): those are new records."""
    end = storage.read()
    if end is None:
        end = {}
    original = before.laid_out
    asked = end.parsed() if isinstance(end, LaidOutTables) else None  # None: all of them
    if original is None:
        if before.view is None:
            return None, before.folder, _folder_of(end)
        old = dict(before.view)
        old.update((kind, {}) for kind in new_kinds)
        return local_changes(old, _records(end, KINDS)), before.folder, _folder_of(end)
    if not logging:
        if asked is None or "settings" in asked:
            return None, _folder_of(original), _folder_of(end)
        return None, None, None
    compared = [k for k, spec in KINDS.items() if asked is None or spec.table in asked]
    compared += [k for k in new_kinds if k not in compared]
    old = _records(original, [k for k in compared if k not in new_kinds])
    old.update((kind, {}) for kind in new_kinds)
    changes = local_changes(old, _records(end, compared))
    if isinstance(end, LaidOutTables):
        for kind, spec in KINDS.items():
            if kind in compared:
                continue
            for document in end.appended.get(spec.table, ()):
                key, value = document.get(spec.key_field), canonical(kind, document)
                if isinstance(key, str) and value is not None:
                    changes.append((kind, key, value))
    if asked is None or "settings" in asked:
        return changes, _folder_of(original), _folder_of(end)
    return changes, None, None  # settings never asked for: unchanged


def _newer(best: Mapping[Slot, Entry], applied: Mapping[Slot, Order]) -> list[Slot]:
    """The records whose winner is newer than what the store last took."""
    return [
        slot for slot, entry in best.items() if slot not in applied or applied[slot] < entry.order
    ]


def _write(db: Any, changes: tuple[Change, ...]) -> None:
    """Put the merged records into the store: per table one removal and one insertion (each
    TinyDB call writes the whole table), a changed record keeping its document id."""
    from tinydb.table import Document

    from tracker.store.tinydb_private import forget

    for kind, spec in KINDS.items():
        mine = [(key, value) for k, key, value in changes if k == kind]
        if not mine:
            continue
        table = db.table(spec.table)
        ids: dict[object, list[int]] = {}
        for document in table.all():
            ids.setdefault(document.get(spec.key_field), []).append(document.doc_id)
        gone = [doc_id for key, _ in mine for doc_id in ids.get(key, [])]
        if gone:
            table.remove(doc_ids=gone)
        # Every document with its id given: TinyDB's insert_multiple hands a new document an
        # id from the table as it was before the call, the id one given just now may hold.
        next_id = max((doc_id for held in ids.values() for doc_id in held), default=0) + 1
        new = []
        for key, value in mine:
            if value is None:
                continue
            if key in ids:
                new.append(Document(value, doc_id=ids[key][0]))
            else:
                new.append(Document(value, doc_id=next_id))
                next_id += 1
        if new:
            table.insert_multiple(new)
            forget(table)  # its next id, worked out before these


def describe(log: DeviceLog) -> str:
    return f"'{log.name}' ({log.device})" if log.name != log.device else f"'{log.device}'"


def log_problems(logs: list[DeviceLog]) -> list[str]:
    problems = []
    for log in logs:
        if log.newer:
            problems.append(
                f"the log of device {describe(log)} is from a newer supple (sync format "
                f"{log.newer}; this one reads {FORMAT}): its newer changes are left out; "
                "upgrade supple on this device"
            )
        if log.damaged:
            problems.append(
                f"device {describe(log)}: {log.damaged} damaged line"
                f"{'s' if log.damaged > 1 else ''} in its log left out"
            )
        for what in log.unreadable:
            problems.append(f"device {describe(log)}: cannot read {what}")
    return problems


class SyncedStore(Store):
    def __init__(self, data_dir: Path, clock: Clock | None = None) -> None:
        super().__init__(data_dir, clock)
        self.journal = Journal(data_dir)
        self.reader = FolderReader()
        self._merge_lock = allocate_lock()
        self._seen: str | None = None
        self.last_merge: MergeReport | None = None
        self.setup_problem: str | None = None  # turning sync on failed (see sync --status)
        self.merge_on_read = True  # False: reads take the store as it is (`supple doctor`)

    # ---- reads: other devices' changes first ---------------------------------------------

    def load(self) -> Snapshot:
        self.merge_if_due()
        return super().load()

    def summary(self) -> Summary:
        self.merge_if_due()
        return super().summary()

    def quick_summary(self) -> Summary:
        self.merge_if_due()
        return super().quick_summary()

    def merge_due(self) -> bool:
        """Whether another device's files changed since the last merge (a few stats)."""
        data = str(self.data_dir)
        current = mark.folder_mark(data)
        if current is None or current == self._seen:
            return False
        if current == mark.seen_mark(data):  # another process merged it already
            self._seen = current
            return False
        return True

    def merge_if_due(self) -> None:
        """Merge if the folder changed; a merge that cannot happen now is left for later
        (`supple sync` says why), and the read goes on with the store as it is."""
        if self._depth or not self.merge_on_read or not self.merge_due():
            return
        try:
            self.merge(wait=0.0)
        except (StoreError, OSError, UnreadableFileError, LockTimeout):
            pass

    # ---- merging -------------------------------------------------------------------------

    def merge(self, wait: float = MERGE_WAIT_S) -> MergeReport:
        """Copy this device's waiting changes into the folder, and merge every device's.

        Raises LockTimeout when another merge holds on for longer than `wait` seconds."""
        with self._merge_lock:
            folder = self.journal.folder()
            if folder is None or not self.journal.exists():
                return MergeReport(None)
            lock = self.journal.lock(wait)
            lock.acquire()
            try:
                report = self._merge_locked(folder)
            finally:
                lock.release()
            self.last_merge = report
            return report

    def _merge_locked(self, folder: Path) -> MergeReport:
        data = str(self.data_dir)
        current = mark.folder_mark(data)  # before reading: what arrives later merges next
        paused = folder_problem(folder)
        if paused is not None:
            self._seen_now(current)
            return MergeReport(folder, paused)
        self._log_history(KINDS.keys() - self.journal.kinds())
        published = publish(self.journal, folder)
        applied, read = self.journal.merge_state()
        logs, now_read = self.reader.read(folder, read)  # only what is new since last time
        others = [entry for log in logs for entry in log.entries]
        fresh = _newer(winners(others), applied)
        written = 0
        if fresh:  # else the store holds it all already, and is not even locked
            with self._unlogged_transaction() as db:
                own, own_read = self.journal.entries_since(read)  # no change in between
                now_read.update(own_read)
                merged = plan(_view(db.storage), winners(itertools.chain(own, others)), applied)
                _write(db, merged.changes)
                newest = max(entry.hlc for entry in others)
                clock = self.journal.clock()
                if newest > clock:
                    self.journal.set_clock(later(clock, newest))
            applied = {**applied, **merged.applied}
            written = len(merged.changes)
        else:  # this device's own entries are read next time there is something to merge
            now_read.update((k, v) for k, v in read.items() if k.startswith(LOG_DIR + "/"))
        if fresh or now_read != read:
            self.journal.set_merge_state(applied, now_read)
        self._seen_now(current)
        return MergeReport(folder, None, written, published, tuple(logs), tuple(log_problems(logs)))

    def _seen_now(self, current: str | None) -> None:
        self.journal.set_seen(current)
        self._seen = current

    # ---- writes: every local change logged -----------------------------------------------

    @contextmanager
    def _unlogged_transaction(self) -> Iterator[Any]:
        """A transaction whose changes are not logged: the merge writing other devices'
        records. (Through `transaction` they would be logged again as this device's, with this
        device's later stamps: a deletion made elsewhere would then lose to its own echo.)"""
        with Store._changing(self) as storage:
            yield self._tinydb(storage)

    @contextmanager
    def _changing(self) -> Iterator[Any]:
        """Every change of the store, through a transaction or on its tables directly (skip
        days, settings, a new session), is compared before and after and logged."""
        with self._thread_lock:
            if self._depth:  # inside another: that one logs
                with super()._changing() as storage:
                    yield storage
                return
            logging = self.journal.exists()
            # kinds of record this device has not logged yet (a supple that syncs one more):
            # taken as empty before, so this change logs their whole history with it
            new_kinds = KINDS.keys() - self.journal.kinds() if logging else set()
            changes: list[Change] = []
            ends: list[tuple[Path, int]] = []
            try:
                with super()._changing() as storage:
                    before = _before(storage, logging)
                    yield storage
                    found, folder_before, folder_after = _after(before, storage, logging, new_kinds)
                    if found:
                        changes = found
                        ends = self._log(changes)
            except BaseException:
                self.journal.take_back(ends)
                raise
            if new_kinds:
                try:
                    self.journal.set_kinds(KINDS)
                except OSError:
                    pass  # the change is saved; the history is logged again next time (harmless)
        # The store's lock is released: now the folder.
        if folder_after != folder_before:
            self.folder_changed(folder_after if isinstance(folder_after, str) else "")
        elif changes:
            self._publish()

    def _log_history(self, kinds: Iterable[str]) -> None:
        """Log every record of these kinds as it is now, once: all of them when sync is first
        turned on, and a kind a newer supple syncs when it first runs here."""
        kinds = sorted(kinds)
        if not kinds:
            return
        with self._unlogged_transaction() as db:
            history = local_changes({}, _view(db.storage, kinds=kinds))
            if history:
                self._log(history)
        self.journal.set_kinds(KINDS)

    def _log(self, changes: list[Change]) -> list[tuple[Path, int]]:
        stamp = self.journal.clock()
        device = self.journal.device()
        now_ms = int(self.clock.now().timestamp() * 1000)
        entries = []
        for kind, key, value in changes:
            stamp = tick(stamp, now_ms)
            entries.append(Entry(new_id(), device, stamp, kind, key, value))
        ends = self.journal.append(entries)
        try:
            self.journal.set_clock(stamp)
        except BaseException:
            self.journal.take_back(ends)
            raise
        return ends

    def _publish(self) -> None:
        folder = self.journal.folder()
        if folder is None or folder_problem(folder) is not None:
            return  # paused: the changes wait in the journal
        lock = self.journal.lock(PUBLISH_WAIT_S)
        try:
            lock.acquire()
        except (LockTimeout, OSError):
            return  # a merge is under way, and copies them too
        try:
            publish(self.journal, folder)
        except (OSError, UnreadableFileError):
            pass  # the next merge tries again
        finally:
            lock.release()

    # ---- on and off ----------------------------------------------------------------------

    def folder_changed(self, value: str) -> None:
        """Follow the `sync-folder` setting: on at `value`, or off when it is empty."""
        self.setup_problem = None
        try:
            if not value.strip():
                self.journal.set_folder(None)
                self._seen_now(None)
                return
            # (`sync --folder` checks this first; a value set another way is checked here)
            problem = place_problem(Path(value), self.data_dir)
            if problem:
                self.setup_problem = f"sync could not start: {problem}"
                return
            self._turn_on(Path(value))
        except OSError as error:
            self.setup_problem = f"sync could not start: {error.strerror or error}"
        except UnreadableFileError as error:
            self.setup_problem = f"sync could not start: {error}"

    def _turn_on(self, folder: Path) -> None:
        first = not self.journal.exists()
        self.journal.create()
        if first:  # the whole history, once: from now on every change is logged
            self._log_history(KINDS)
        self.journal.set_folder(folder)
        self._seen_now(None)
        if folder.is_dir():
            write_device_info(folder, self.journal.device())
        try:
            self.merge()
        except (StoreError, LockTimeout) as error:
            self.setup_problem = f"sync is on, but the first merge did not happen: {error}"

    def pause_line(self) -> str | None:
        """One line for `status` while the folder is away, else None."""
        folder = self.journal.folder()
        if folder is None:
            return None
        problem = folder_problem(folder)
        if problem is None:
            return None
        return f"Sync paused: {problem}; changes made here wait and go out when it is back."
