"""The store: supple.json on TinyDB, safe with many processes and across crashes.

- Reads need no lock: writes replace the file atomically, so a reader always parses a whole file.
- Every read-modify-write holds an inter-process lock (a sidecar `.lock` file, since the data
  file itself gets replaced) and uses a new TinyDB, whose tables have no per-process state yet
  (next doc id, query cache) that would hand out ids another process already used. A
  transaction's changes are written once, at its end, or not at all.
- A file that cannot be trusted (garbage, truncated, 0 bytes, wrong shape, a damaged record in
  any table, newer schema) is never written over; the error names the file and the record and
  says how to restore a backup.
- A write that fails (full disk, no permission, read-only, the lock held too long) raises
  StoreWriteError (exit 1) and leaves the store as it was: the change can be tried again.
- Before the first write of each day the current file is copied to `backups/` (the last 7 kept).
- Beside the store, `status-summary.cache` holds a summary (settings, history reduced to days)
  tagged with the size and CRC-32 of the exact store bytes it sums up and sealed with a CRC-32
  of its own body: any other bytes in the store, or a damaged cache, and the store is read and
  checked as ever. After supple's own writes it also says where each table sits in those
  bytes; then it attests them as written (and checked) by supple (`_attested`): `summary()`
  takes the history from it and the settings from the store's own settings table, and a new
  session is appended to the bytes without parsing them (`add_session`). Whoever could forge
  a sealed cache could as well edit the store: the seal guards against damage and edits by
  hand or by other programs.
- Within one process the store remembers what it last parsed, by its exact bytes: a command
  that reads, then writes, then reads again parses the file once.
"""

from __future__ import annotations

import os
import time
from _thread import RLock  # not `threading`, which takes longer to import than this needs
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from tracker.core.clock import Clock, SystemClock
from tracker.core.paths import DB_NAME
from tracker.core.record_type import record_type
from tracker.store.cache_files import remove_leftovers, write_cache
from tracker.store.errors import (
    StoreBusyError,
    StoreError,
    StoreWriteError,
    saved_not_confirmed,
    write_error,
)
from tracker.store.records import (
    check_activity,
    check_automaticity,
    check_hinge_check,
    check_mark,
    check_measurement,
    check_session,
)
from tracker.store.snapshot import (
    SCHEMA_VERSION,
    TABLES,
    Snapshot,
    Summary,
    Tables,
    read_tables,
    settings_at,
    snapshot_of,
)
from tracker.store.storage import (
    TMP_SUFFIX,
    AtomicJSONStorage,
    Layout,
    NotDurableError,
    UnreadableFileError,
    dump_tables,
    leftover_temp_files,
    make_private_folder,
    read_file,
    write_atomically,
)
from tracker.store.summary_cache import (
    OLD_SUMMARY_NAME,
    SUMMARY_NAME,
    decode_cache,
    decode_summary,
    encode_summary,
    read_summary_file,
    summary_tag,
)
from tracker.store.tables import LaidOutTables, layout_fits, summary_after

TYPE_CHECKING = False  # not from typing: `supple done` loads this module (tracker.core.record_type)
if TYPE_CHECKING:
    from typing import Any

    from tracker.store.lock import FileLock

BACKUPS_KEPT = 7
LOCK_TIMEOUT_S = 15.0
REMINDER_DAYS_KEPT = 60
"""`reminders_sent` keeps the records of this many distinct days, the newest: counted in days
that have records, not back from today, so a clock set far ahead and back again cannot prune
today's record (and resend today's reminder)."""
RACY_NS = 100_000_000
"""A file changed this recently may change again within the same timestamp tick, unseen by
`signature()`: such a file is compared byte for byte on the next `load`."""


@record_type
class Removed:
    """A document taken out of a table, with its TinyDB id so undo can put it back exactly."""

    table: str
    doc_id: int
    document: dict[str, Any]


@record_type
class ImportResult:
    added: int
    updated: int
    unchanged: int
    marks_added: int
    settings_changed: int
    measurements_added: int = 0
    measurements_updated: int = 0
    activities_added: int = 0
    activities_updated: int = 0
    hinge_added: int = 0  # evening checks and automaticity answers of the everyday hinge
    hinge_updated: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.added
            or self.updated
            or self.marks_added
            or self.settings_changed
            or self.measurements_added
            or self.measurements_updated
            or self.activities_added
            or self.activities_updated
            or self.hinge_added
            or self.hinge_updated
        )


class _Parsed:
    """What this process last parsed: the exact bytes, and what they gave.

    `signature` is the file's (see Store.signature) when it held these bytes, if that can be
    trusted to change with them: then a later look at the file needs only a stat.
    """

    def __init__(
        self,
        raw: bytes | list[memoryview],
        tables: Tables | None,
        summary: Summary | None,
        version: int = SCHEMA_VERSION,
        layout: Layout | None = None,
        signature: tuple[int, int, int] | None = None,
    ) -> None:
        self._raw = raw
        self.signature = signature
        self.tables = tables  # owned by the store: not shared with any Snapshot handed out
        self.summary = summary
        self.version = version  # the schema version in `raw` (tables are migrated already)
        self.layout = layout  # where the tables sit in `raw`, when supple wrote it

    @property
    def raw(self) -> bytes:
        if not isinstance(self._raw, bytes):  # kept in parts until someone needs it whole
            self._raw = b"".join(self._raw)
        return self._raw


class Store:
    def __init__(self, data_dir: Path, clock: Clock | None = None) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME
        self.lock_path = data_dir / f"{DB_NAME}.lock"
        self.backups_dir = data_dir / "backups"
        self.summary_path = data_dir / SUMMARY_NAME
        self.clock: Clock = clock or SystemClock()
        self.lock_timeout = LOCK_TIMEOUT_S
        # Called (in the writing thread) when a write has to wait for another process's lock.
        self.on_lock_wait: Callable[[], None] | None = None
        self._thread_lock = RLock()  # TinyDB is not thread-safe either
        self._storage = AtomicJSONStorage(self.path)
        self._db: Any = None  # a TinyDB on self._storage, made when a change first needs one
        self._depth = 0  # transactions open in this thread (an inner one joins the outer)
        self._parsed: _Parsed | None = None
        self._loaded: tuple[tuple[int, int, int], Snapshot, bool] | None = None

    # ---- reading -------------------------------------------------------------------------

    def load(self) -> Snapshot:
        """Read the whole store. A missing file is an empty store (nothing is created).

        While the file's signature is unchanged the same Snapshot is returned without reading
        the file again: an idle poller (the daemon, the app's reminder check) costs a stat.
        """
        with self._thread_lock:
            signature = self.signature()
            loaded = self._loaded
            if loaded is not None and signature == loaded[0] and not loaded[2]:
                return loaded[1]
            raw = self._read()
            if raw is None:
                self._loaded = None
                return Snapshot(exists=False)
            racy = signature is None or time.time_ns() - signature[1] < RACY_NS
            parsed = self._parsed
            if parsed is not None and parsed.raw == raw and parsed.tables is not None:
                tables, parsed.tables = parsed.tables, None  # the Snapshot owns them now
                snapshot = snapshot_of(tables)
            else:
                # Bytes supple wrote (and checked) itself, as the summary attests, need no
                # second check, and their history is the summary's: at 30 years, checking
                # and summing up the records took as long as parsing them.
                attested = self._attested(raw, None if racy else signature)
                tables, _ = read_tables(self.path, raw, check=attested is None)
                history = attested.summary.history if attested and attested.summary else None
                snapshot = snapshot_of(tables, history)
                if attested is not None:
                    self._parsed = attested  # a change next needs neither read nor check
            if signature is not None:
                self._loaded = (signature, snapshot, racy)
            return snapshot

    def summary(self) -> Summary:
        """What the commands need, of the store as it is now.

        For anything that decides what to write. When the status cache attests these exact
        bytes as supple's own last write (see `_attested`), the history comes from it and the
        settings from the store's own settings table; else the store is parsed and checked.
        Within a process it is made once per store content (and the next change reuses it).
        """
        with self._thread_lock:
            memo = self._memo_now()
            if memo is not None and memo.summary is not None:
                return memo.summary
            signature = self._trusted_signature()
            raw = self._read()
            if raw is None:
                return Summary.of(Snapshot(exists=False))
            parsed = self._parsed
            if parsed is not None and parsed.raw == raw and parsed.summary is not None:
                return parsed.summary
            attested = self._attested(raw, signature)
            if attested is not None and attested.summary is not None:
                self._parsed = attested
                return attested.summary
            return self._summary_of(raw)

    def quick_summary(self) -> Summary:
        """`summary()`, or the same from the small cache file beside the store if it can.

        Only for commands that change nothing (status, config get): parsing and checking ten
        years of records would be most of what `supple status` takes, and their summary is a
        few kilobytes. It is tagged with the size and CRC-32 of the exact store bytes it was
        made from, so any other bytes (a write, an edit, damage) are a miss, and a miss reads
        and checks the store as `summary` does, then saves the summary.
        """
        with self._thread_lock:
            memo = self._memo_now()
            if memo is not None and memo.summary is not None:
                return memo.summary
            raw = self._read()
            if raw is None:
                return Summary.of(Snapshot(exists=False))
            parsed = self._parsed
            if parsed is not None and parsed.raw == raw and parsed.summary is not None:
                return parsed.summary
            tag = summary_tag(raw)
            cached = decode_summary(read_summary_file(self.summary_path), tag) if tag else None
            if cached is not None:
                return cached
            return self._summary_of(raw)

    def _summary_of(self, raw: bytes) -> Summary:
        parsed = self._parsed
        if parsed is not None and parsed.raw == raw:
            if parsed.summary is None:
                if parsed.tables is None:
                    parsed.tables, parsed.version = read_tables(self.path, raw)
                parsed.summary = self._save_summary(raw, parsed.tables)
            return parsed.summary
        tables, version = read_tables(self.path, raw)
        summary = self._save_summary(raw, tables)
        self._parsed = _Parsed(raw, tables, summary, version)
        return summary

    def _save_summary(self, raw: bytes, tables: Tables, layout: Layout | None = None) -> Summary:
        """Summarise `tables`, whose file holds `raw`, and keep it for the next `summary()`."""
        summary = Summary.of(snapshot_of(tables))
        self._keep_summary(raw, summary, layout)
        return summary

    def _keep_summary(
        self, raw: bytes | list[memoryview], summary: Summary, layout: Layout | None
    ) -> None:
        tag = summary_tag(raw)
        if tag is not None:
            payload = encode_summary(summary, tag, layout, SCHEMA_VERSION)
            # Not written if it cannot be (a read-only folder, a full disk): the next status
            # reads the store. Never through a symlink: it is replaced (cache_files).
            if write_cache(self.summary_path, payload):
                try:
                    self.summary_path.with_name(OLD_SUMMARY_NAME).unlink(missing_ok=True)
                except OSError:
                    pass

    def _memo_now(self) -> _Parsed | None:
        """What this process last parsed, if the file still holds it by its signature."""
        parsed = self._parsed
        if parsed is None or parsed.signature is None:
            return None
        return parsed if self.signature() == parsed.signature else None

    def _trusted_signature(self) -> tuple[int, int, int] | None:
        """The file's signature now, unless it changed so recently that another change in the
        same timestamp tick would leave it the same (then None: compare the bytes)."""
        signature = self.signature()
        if signature is None or time.time_ns() - signature[1] < RACY_NS:
            return None
        return signature

    def _attested(
        self, raw: bytes, signature: tuple[int, int, int] | None = None
    ) -> _Parsed | None:
        """What the status cache holds for exactly `raw`, if supple itself wrote these bytes
        (the cache then has their layout) and its settings are the store's own; else None.

        The cache is sealed (a CRC-32 of its body) and tagged with the size and CRC-32 of
        the store bytes and of the code: damage, an edit or other code is a miss. The
        settings, which most decisions of a change rest on, are read from the store's own
        settings table (a small slice of `raw`, at the attested place) and must agree.
        """
        tag = summary_tag(raw)
        if tag is None:
            return None
        found = decode_cache(read_summary_file(self.summary_path), tag, SCHEMA_VERSION)
        if found is None:
            return None
        summary, layout = found
        if layout is None or not layout_fits(raw, layout):
            return None
        settings = settings_at(raw, layout)
        if settings is None or settings != dict(summary.stored_settings):
            return None
        return _Parsed(raw, None, summary, layout=layout, signature=signature)

    def _read(self) -> bytes | None:
        try:
            return read_file(self.path)
        except UnreadableFileError as error:
            raise StoreError(
                f"the store {self.path} {error.reason}; move it aside "
                f"(mv {self.path} {self.path}.bad) or choose another folder with --data-dir"
            ) from None
        except NotADirectoryError:
            raise StoreError(self._not_a_folder()) from None
        except OSError as error:
            raise StoreError(f"cannot read the store {self.path}: {error.strerror}") from None

    def _not_a_folder(self) -> str:
        return (
            f"the data folder {self.data_dir} is a file, not a folder; "
            "choose another with --data-dir"
        )

    def signature(self) -> tuple[int, int, int] | None:
        """Changes whenever the file is replaced or edited: cheap polling for other processes'
        writes. (The change time, not the modification time: no program can set it back.)"""
        try:
            stat = os.stat(self.path)
        except OSError:
            return None
        return (stat.st_ino, stat.st_ctime_ns, stat.st_size)

    # ---- writing -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """Hold the lock, make sure the file is sound, and yield a TinyDB to change it with.

        What the body changes is written once, when it ends; if it raises, nothing is
        written. Any failure to write is a StoreWriteError (see the module docstring).
        """
        with self._changing() as storage:
            yield self._tinydb(storage)

    @contextmanager
    def _changing(self) -> Iterator[AtomicJSONStorage]:
        """`transaction`, yielding the storage that holds the tables (no TinyDB)."""
        with self._thread_lock:
            if self._depth:  # already inside a transaction of this thread: join it
                self._depth += 1
                try:
                    yield self._storage
                finally:
                    self._depth -= 1
                return
            self._depth = 1
            try:
                yield from self._locked_transaction()
            finally:
                self._depth = 0

    def _tinydb(self, storage: AtomicJSONStorage) -> Any:
        if self._db is None:
            from tinydb import TinyDB  # not needed by read-only commands, nor by `done`

            self._db = TinyDB(storage=lambda: storage)
        return self._db

    def _locked_transaction(self) -> Iterator[AtomicJSONStorage]:
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StoreError(self._not_a_folder())
        try:
            make_private_folder(self.data_dir)
        except OSError as error:
            raise write_error(error, self.data_dir) from None
        lock = self._acquire_lock()
        parsed, self._parsed = self._parsed, None  # trusted again only once this succeeds
        try:
            tables, raw, attested = self._prepare(parsed)
            self._forget_tinydb_state()  # another process may have written since
            storage = self._storage
            storage.begin(tables)  # just read and checked (or attested), under this lock
            try:
                yield storage
                held = storage.held
                try:
                    written = storage.commit()
                except NotDurableError as error:  # the change is in: say so, not "nothing"
                    raise saved_not_confirmed(error, self.path) from None
            finally:
                storage.end()
            if written is None:
                self._parsed = attested or _Parsed(raw, held, None)
            elif isinstance(held, LaidOutTables) and attested and attested.summary:
                # Only the tables the change asked for were read: so is the summary made.
                summary = summary_after(attested.summary, held)
                ours = self.signature()
                self._parsed = _Parsed(written[0], None, summary, layout=written[1], signature=ours)
                try:
                    self._keep_summary(written[0], summary, written[1])
                except Exception:  # only a cache (see _summary_after_write)
                    pass
            else:
                ours = self.signature()
                self._parsed = _Parsed(written[0], held, None, layout=written[1], signature=ours)
                if held is not None:
                    self._summary_after_write(self._parsed)
        except OSError as error:
            raise write_error(error, self.data_dir) from None
        finally:
            lock.release()

    def _acquire_lock(self) -> FileLock:
        """The inter-process lock, held. Held by another process for too long, or not to be
        had at all (no permission, a full disk), it is an error that says what to do."""
        from tracker.store.lock import FileLock, LockTimeout

        lock = FileLock(self.lock_path, self.lock_timeout, self.on_lock_wait)
        try:
            lock.acquire()
        except LockTimeout:
            raise StoreBusyError(
                f"another supple process has held the lock on {self.path} for over "
                f"{self.lock_timeout:.0f} s; nothing was changed; try again"
            ) from None
        except OSError as error:
            raise write_error(error, self.data_dir) from None
        return lock

    def _summary_after_write(self, parsed: _Parsed) -> None:
        """Leave the summary `supple status` will want next: cheap now, the tables are at hand."""
        assert parsed.tables is not None
        try:
            parsed.summary = self._save_summary(parsed.raw, parsed.tables, parsed.layout)
        except Exception:  # only a cache: it must not turn a write that is done into an error
            return  # and `summary()` reads the store itself when the summary does not match

    def _prepare(self, parsed: _Parsed | None) -> tuple[Tables, bytes, _Parsed | None]:
        """Under the lock: clean up killed writes, create, check, migrate and back up.

        Returns the tables as they now are on disk, the file's bytes, and what attests them
        (see `_attested`) if anything does: then the tables are laid out (LaidOutTables),
        each parsed only if the change asks for it, and not checked again.
        """
        self._remove_leftovers()
        raw = self._read()
        if raw is None:
            created = self.clock.now().isoformat(timespec="seconds")
            fresh: Tables = {name: {} for name in TABLES}
            fresh["meta"]["1"] = {"schema_version": SCHEMA_VERSION, "created": created}
            raw = dump_tables(fresh)
            write_atomically(self.path, raw, follow_link=True)
            return fresh, raw, None
        attested = parsed if parsed is not None and parsed.raw == raw else None
        if attested is None or attested.layout is None or attested.summary is None:
            attested = self._attested(raw)
        if attested is not None and attested.layout is not None and attested.summary:
            self._daily_backup(raw)
            return LaidOutTables(self.path, raw, attested.layout), raw, attested
        if parsed is not None and parsed.raw == raw and parsed.tables is not None:
            tables, version = parsed.tables, parsed.version  # checked when it was parsed
        else:
            tables, version = read_tables(self.path, raw)
        if version < SCHEMA_VERSION:
            self._backup(raw, f"supple-pre-v{SCHEMA_VERSION}-{self.clock.now():%Y-%m-%d}.json")
            meta_id = next(iter(tables["meta"]))
            tables["meta"][meta_id]["schema_version"] = SCHEMA_VERSION
            migrated = dump_tables(tables)
            write_atomically(self.path, migrated, follow_link=True)
            raw = migrated
        self._daily_backup(raw)
        return tables, raw, None

    def _remove_leftovers(self) -> None:
        """Temp files of killed writes: of the store, the summary and the backups."""
        for leftover in leftover_temp_files(self.path):
            leftover.unlink(missing_ok=True)
        remove_leftovers(str(self.data_dir), SUMMARY_NAME)
        backups = self.backups_dir
        if backups.is_dir() and not backups.is_symlink():
            for name in os.listdir(backups):
                if name.startswith(".supple-") and name.endswith(TMP_SUFFIX):
                    (backups / name).unlink(missing_ok=True)

    def _daily_backup(self, raw: bytes) -> None:
        daily = f"supple-{self.clock.now():%Y-%m-%d}.json"
        if not (self.backups_dir / daily).exists():
            self._backup(raw, daily)
            self._rotate_backups()

    def _backup(self, raw: bytes, name: str) -> None:
        if self.backups_dir.is_symlink():  # its backups (and their rotation) would go elsewhere
            from shlex import quote

            folder = str(self.backups_dir)
            raise StoreWriteError(
                f"{folder} is a symbolic link; supple keeps its backups in a folder of its "
                f"own: move the link aside (mv {quote(folder)} {quote(folder + '.link')}); "
                "nothing was changed"
            )
        make_private_folder(self.backups_dir)
        write_atomically(self.backups_dir / name, raw)

    def daily_backups(self) -> list[Path]:
        """Daily backups, newest first."""
        if not self.backups_dir.is_dir():
            return []
        found = [p for p in self.backups_dir.glob("supple-*.json") if _is_daily_backup(p.name)]
        return sorted(found, reverse=True)

    def _rotate_backups(self) -> None:
        for old in self.daily_backups()[BACKUPS_KEPT:]:
            old.unlink(missing_ok=True)

    def mark_tutorial_seen(self) -> None:
        with self.transaction() as db:
            meta = db.table("meta")
            first = meta.all()[0]
            if not first.get("tutorial_seen"):
                meta.update(
                    {"tutorial_seen": self.clock.now().isoformat(timespec="seconds")},
                    doc_ids=[first.doc_id],
                )

    # ---- sessions ------------------------------------------------------------------------

    def add_session(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """Save a new session; one whose id is already there is not saved again.

        The most frequent change (`done`, a finished guided session): when the file's
        tables are laid out (see `_prepare`) it is appended to the sessions table without
        parsing it, nor loading TinyDB; the bytes written are the same either way."""
        clean = check_session(record)
        with self._changing() as storage:
            tables = storage.held
            if isinstance(tables, LaidOutTables) and tables.may_append(
                "sessions", "id", clean["id"]
            ):
                tables.append("sessions", clean)
                storage.write(tables)
                return clean
            table = self._tinydb(storage).table("sessions")
            if not any(doc.get("id") == clean["id"] for doc in table.all()):
                table.insert(clean)  # (a session saved twice, a retry after an error, once)
        return clean

    def delete_session(self, session_id: str) -> Removed | None:
        from tinydb import Query

        with self.transaction() as db:
            table = db.table("sessions")
            found = table.search(Query()["id"] == session_id)
            if not found:
                return None
            document = found[0]
            table.remove(doc_ids=[document.doc_id])
            return Removed("sessions", document.doc_id, dict(document))

    def restore(self, removed: Iterable[Removed]) -> None:
        """Put removed documents back with their old ids (undo of a delete)."""
        from tinydb.table import Document

        with self.transaction() as db:
            for item in removed:
                table = db.table(item.table)
                if table.contains(doc_id=item.doc_id):
                    continue
                table.insert(Document(item.document, doc_id=item.doc_id))

    # ---- skip marks ----------------------------------------------------------------------
    # Skip days and settings, like a new session, are changed on the tables themselves, not
    # through TinyDB: `skip` and `config set` then load no more than `done` (TinyDB loads
    # `typing`, longer to import than the rest of such a change). The same documents and
    # ids as TinyDB's (a property test compares the bytes with the plain path's).

    def mark_skip(self, days: Iterable[date], reason: str | None) -> list[date]:
        """Mark days as skip days; returns the days that were not marked before."""
        wanted = sorted(set(days))
        with self._changing() as storage:
            marks = self._table(storage, "marks")
            have = {str(doc["date"]) for doc in marks.values()}
            new = [d for d in wanted if d.isoformat() not in have]
            for day in new:
                marks[_next_id(marks)] = check_mark({"date": day.isoformat(), "reason": reason})
            if new:
                self._changed(storage)
        return new

    def unmark_skip(self, days: Iterable[date]) -> list[Removed]:
        isos = {d.isoformat() for d in days}
        with self._changing() as storage:
            marks = self._table(storage, "marks")
            gone = [
                Removed("marks", int(i), dict(doc))
                for i, doc in marks.items()
                if doc["date"] in isos
            ]
            for removed in gone:
                del marks[str(removed.doc_id)]
            if gone:
                self._changed(storage)
        return gone

    # ---- settings ------------------------------------------------------------------------

    def set_setting(self, name: str, value: Any) -> Removed | None:
        """Store a (validated) value; returns the previous document, for undo."""
        with self._changing() as storage:
            settings = self._table(storage, "settings")
            for doc_id, doc in settings.items():
                if doc.get("key") == name:
                    previous = Removed("settings", int(doc_id), dict(doc))
                    if not _same(doc.get("value"), value):  # else there is nothing to write
                        doc["value"] = value
                        self._changed(storage)
                    return previous
            settings[_next_id(settings)] = {"key": name, "value": value}
            self._changed(storage)
            return None

    def unset_setting(self, name: str) -> None:
        with self._changing() as storage:
            settings = self._table(storage, "settings")
            gone = [doc_id for doc_id, doc in settings.items() if doc.get("key") == name]
            for doc_id in gone:
                del settings[doc_id]
            if gone:
                self._changed(storage)

    def put_back_setting(self, name: str, previous: Removed | None) -> None:
        """Undo a set_setting."""
        if previous is None:
            self.unset_setting(name)
            return
        with self._changing() as storage:
            doc = self._table(storage, "settings").get(str(previous.doc_id))
            if doc is not None:
                doc["value"] = previous.document.get("value")
                self._changed(storage)

    def _table(self, storage: AtomicJSONStorage, name: str) -> dict[str, dict[str, Any]]:
        """Table `name` of the transaction's tables, to change in place (then `_changed`)."""
        tables = storage.read()
        assert tables is not None  # a transaction creates the file first
        storage.held = tables  # (read again after a failed write: `_changed` writes these)
        try:
            return tables[name]
        except KeyError:  # (every table is there once a store is read; to be sure)
            table: dict[str, dict[str, Any]] = {}
            tables[name] = table
            return table

    def _changed(self, storage: AtomicJSONStorage) -> None:
        """A table of the transaction was changed in place: have it written at its end, and
        have TinyDB, if this transaction uses it too, forget what it remembered."""
        tables = storage.read()
        assert tables is not None
        storage.write(tables)
        self._forget_tinydb_state()

    def _forget_tinydb_state(self) -> None:
        """What TinyDB remembers per process (next doc id, query cache), if it is loaded."""
        if self._db is not None:
            from tracker.store.tinydb_private import forget

            for name in TABLES:
                forget(self._db.table(name))

    # ---- measures (tracker.core.measures) -------------------------------------------------

    def save_measurement(self, record: Mapping[str, Any]) -> list[Removed]:
        """Save a measurement. The day's earlier reading of the same measure (and activity)
        gives way to it: one reading a day, the last one entered. Returns what it replaced."""
        clean = check_measurement(record)
        key = (clean["date"], clean["measure"], clean["activity"])
        return self._replace(
            "measurements",
            clean,
            lambda doc: (doc.get("date"), doc.get("measure"), doc.get("activity")) == key,
        )

    def add_activity(self, record: Mapping[str, Any]) -> dict[str, Any]:
        return self._insert("activities", check_activity(record))

    def update_activity(self, activity_id: str, fields: Mapping[str, Any]) -> Removed | None:
        """Change an activity's name or dropped date; returns the old document (for undo), or
        None when there is no such activity."""
        with self.transaction() as db:
            table = db.table("activities")
            found = [doc for doc in table.all() if doc.get("id") == activity_id]
            if not found:
                return None
            old = found[0]
            table.update(dict(check_activity({**old, **fields})), doc_ids=[old.doc_id])
            return Removed("activities", old.doc_id, dict(old))

    # ---- the everyday hinge (tracker.core.hinge) ------------------------------------------

    def save_hinge_check(self, record: Mapping[str, Any]) -> list[Removed]:
        """Save an evening check of the everyday hinge in place of that day's earlier one (one
        answer a day, the last given). Returns what it replaced."""
        clean = check_hinge_check(record)
        return self._replace("hinge_checks", clean, lambda doc: doc.get("date") == clean["date"])

    def add_automaticity(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """Save a weekly automaticity answer (or a reset of the nudges' fading)."""
        return self._insert("automaticity", check_automaticity(record))

    def _insert(self, table_name: str, clean: dict[str, Any]) -> dict[str, Any]:
        """Add one checked document to a table; returns it."""
        with self.transaction() as db:
            db.table(table_name).insert(clean)
        return clean

    def _replace(
        self, table_name: str, clean: dict[str, Any], same: Callable[[Mapping[str, Any]], bool]
    ) -> list[Removed]:
        """Add one checked document in place of those `same` picks (one reading a day, the
        last one entered), in one transaction; returns what it replaced (for undo)."""
        with self.transaction() as db:
            table = db.table(table_name)
            replaced = [doc for doc in table.all() if same(doc)]
            table.remove(doc_ids=[doc.doc_id for doc in replaced])
            table.insert(clean)
        return [Removed(table_name, doc.doc_id, dict(doc)) for doc in replaced]

    def remove_by_id(self, table_name: str, ids: Iterable[str]) -> list[Removed]:
        """Take the documents with these ids out of a table (measurements, activities)."""
        wanted = set(ids)
        with self.transaction() as db:
            table = db.table(table_name)
            docs = [doc for doc in table.all() if doc.get("id") in wanted]
            table.remove(doc_ids=[doc.doc_id for doc in docs])
        return [Removed(table_name, doc.doc_id, dict(doc)) for doc in docs]

    def put_back(self, documents: Iterable[Removed]) -> None:
        """Documents back as they were, in place of any record with the same id, at their old
        place when it is free (the undo of a change to an activity, or of a replaced
        reading)."""
        from tinydb.table import Document

        with self.transaction() as db:
            for item in documents:
                table = db.table(item.table)
                mine = [d.doc_id for d in table.all() if d.get("id") == item.document.get("id")]
                table.remove(doc_ids=mine)
                if item.doc_id < 1 or table.contains(doc_id=item.doc_id):  # none, or taken
                    table.insert(dict(item.document))
                else:
                    table.insert(Document(item.document, doc_id=item.doc_id))

    # ---- import --------------------------------------------------------------------------

    def import_records(
        self,
        sessions: list[dict[str, Any]],
        marks: list[dict[str, Any]],
        settings: Mapping[str, Any],
        measurements: Iterable[dict[str, Any]] = (),
        activities: Iterable[dict[str, Any]] = (),
        hinge_checks: Iterable[dict[str, Any]] = (),
        automaticity: Iterable[dict[str, Any]] = (),
    ) -> ImportResult:
        """Merge checked records by id (sessions, measurements, activities) and date (marks),
        and settings; idempotent.

        All in one transaction: saved whole, or (a write error) not at all.
        """
        with self.transaction() as db:
            table = db.table("sessions")
            by_id = {doc["id"]: doc for doc in table.all()}
            new: list[dict[str, Any]] = []
            changed: list[tuple[dict[str, Any], int]] = []
            unchanged = 0
            for record in sessions:
                old = by_id.get(record["id"])
                if old is None:
                    new.append(record)
                    by_id[record["id"]] = record
                elif dict(old) != record:
                    changed.append((record, old.doc_id))
                else:
                    unchanged += 1
            if new:
                table.insert_multiple(new)
            if changed:
                from tinydb import Query

                table.update_multiple([(r, Query()["id"] == r["id"]) for r, _ in changed])
            mark_table = db.table("marks")
            have = {doc["date"] for doc in mark_table.all()}
            new_marks = [m for m in marks if m["date"] not in have]
            if new_marks:
                mark_table.insert_multiple(new_marks)
            settings_table = db.table("settings")
            stored = {doc["key"]: doc for doc in settings_table.all()}
            settings_changed = 0
            for name, value in settings.items():
                doc = stored.get(name)
                if doc is None:
                    settings_table.insert({"key": name, "value": value})
                elif not _same(doc.get("value"), value):
                    settings_table.update({"value": value}, doc_ids=[doc.doc_id])
                else:
                    continue
                settings_changed += 1
            measures = _merge_by_id(db.table("measurements"), measurements)
            own = _merge_by_id(db.table("activities"), activities)
            checks = _merge_by_id(db.table("hinge_checks"), hinge_checks)
            weekly = _merge_by_id(db.table("automaticity"), automaticity)
        return ImportResult(
            len(new),
            len(changed),
            unchanged,
            len(new_marks),
            settings_changed,
            *measures,
            *own,
            checks[0] + weekly[0],
            checks[1] + weekly[1],
        )

    # ---- reminders -----------------------------------------------------------------------

    def claim_reminder(
        self,
        day: date,
        time: str,
        by: str,
        superseded: Iterable[tuple[date, str]] = (),
        may_retake: Callable[[Mapping[str, Any]], bool] | None = None,
    ) -> bool:
        """Take the claim to send the reminder of `day` at `time`; False if already taken.

        A taken claim is taken again only when `may_retake(record)` says so (a failed
        delivery due for a retry); the check runs under the lock, so two processes never
        both retry. Older missed reminders are recorded as `missed` in the same write, so
        they never arrive later as a burst.
        """
        now = self.clock.now()
        claimed_at = now.isoformat(timespec="seconds")
        with self.transaction() as db:
            table = db.table("reminders_sent")
            records = table.all()
            taken = {(r["date"], r["time"]) for r in records}
            if (day.isoformat(), time) in taken:
                mine = [r for r in records if (r["date"], r["time"]) == (day.isoformat(), time)]
                if may_retake is None or len(mine) != 1 or not may_retake(mine[0]):
                    return False
                attempts = mine[0].get("attempts")
                table.update(
                    {
                        "status": "claimed",
                        "claimed_at": claimed_at,
                        "by": by,
                        "attempts": (attempts if isinstance(attempts, int) else 1) + 1,
                        "backend": None,
                        "error": None,
                    },
                    doc_ids=[mine[0].doc_id],
                )
                entries = []
            else:
                stale = _stale_reminders(records, day.isoformat())
                if stale:
                    table.remove(doc_ids=stale)
                entries = [_reminder_record(day, time, claimed_at, by, "claimed")]
            entries.extend(
                _reminder_record(old_day, old_time, claimed_at, by, "missed")
                for old_day, old_time in superseded
                if (old_day.isoformat(), old_time) not in taken
            )
            table.insert_multiple(entries)
        return True

    def update_reminder(
        self, day: date, time: str, fields: Mapping[str, Any], expect: Mapping[str, Any]
    ) -> bool:
        """Write `fields` on the reminder record of `day` at `time`, but only if, under the
        lock, it still holds what `expect` holds (another process may have snoozed or
        re-shown it since it was read). Returns whether it was written."""
        with self.transaction() as db:
            table = db.table("reminders_sent")
            mine = [r for r in table.all() if (r["date"], r["time"]) == (day.isoformat(), time)]
            if len(mine) != 1 or any(mine[0].get(k) != v for k, v in expect.items()):
                return False
            table.update(dict(fields), doc_ids=[mine[0].doc_id])
        return True

    def record_delivery(
        self, day: date, time: str, ok: bool, backend: str | None, error: str | None
    ) -> None:
        from tinydb import Query

        q = Query()
        with self.transaction() as db:
            db.table("reminders_sent").update(
                {
                    "status": "delivered" if ok else "failed",
                    "backend": backend,
                    "error": error,
                },
                (q["date"] == day.isoformat()) & (q["time"] == time),
            )


def _merge_by_id(table: Any, records: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """Insert the records whose id the table lacks, replace those that differ; (added,
    updated)."""
    by_id = {doc["id"]: doc for doc in table.all()}
    new: list[dict[str, Any]] = []
    updated = 0
    for record in records:
        old = by_id.get(record["id"])
        if old is None:
            new.append(record)
            by_id[record["id"]] = record
        elif dict(old) != record:
            table.remove(doc_ids=[old.doc_id])
            from tinydb.table import Document

            table.insert(Document(record, doc_id=old.doc_id))
            updated += 1
    if new:
        table.insert_multiple(new)
    return len(new), updated


def _is_daily_backup(name: str) -> bool:
    """`supple-YYYY-MM-DD.json`, in ASCII digits."""
    day = name[7:17]
    return (
        len(name) == 22
        and name.startswith("supple-")
        and name.endswith(".json")
        and day[4] == "-"
        and day[7] == "-"
        and all(part.isascii() and part.isdigit() for part in (day[:4], day[5:7], day[8:]))
    )


def _next_id(table: Mapping[str, object]) -> str:
    """The id TinyDB gives a new document: one more than the highest."""
    return str(max(map(int, table), default=0) + 1)


def _same(old: object, new: object) -> bool:
    return type(old) is type(new) and old == new  # True == 1, but not as a setting


def _stale_reminders(records: list[Any], today: str) -> list[int]:
    """Doc ids of the records of all but the REMINDER_DAYS_KEPT newest days with records
    (counting `today`, whose claim is about to be added)."""
    days = sorted({str(r["date"]) for r in records} | {today}, reverse=True)
    if len(days) <= REMINDER_DAYS_KEPT:
        return []
    oldest_kept = days[REMINDER_DAYS_KEPT - 1]
    return [r.doc_id for r in records if str(r["date"]) < oldest_kept]


def _reminder_record(day: date, time: str, claimed_at: str, by: str, status: str) -> dict[str, Any]:
    return {
        "date": day.isoformat(),
        "time": time,
        "claimed_at": claimed_at,
        "by": by,
        "status": status,
        "backend": None,
        "error": None,
    }
