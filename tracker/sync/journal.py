"""This device's own part of sync, in the data folder's `sync/` (never in the synced folder).

- `device`: this device's id (its folder's name in the sync folder).
- `log/YYYY-MM.jsonl`: every change made on this device since sync was first turned on, the
  whole history at that moment first. The files in the sync folder are copies of these, so a
  folder that is away (an unmounted disk) loses nothing: the changes wait here.
- `clock`: the greatest stamp this device has made or seen (see tracker.sync.hlc).
- `merged.json`: per record, the entry the store last took from a merge; per log file, how far
  merges have read it; and the kinds of record this supple synced then.
- `kinds`: the kinds of record whose whole history this device has logged (one a line).
- `seen`, `folder`: see tracker.sync.mark.

Appends happen under the store's lock, before the store's own write, and are taken back if
that write fails: the log holds a change exactly when the store does (a crash in between
leaves the change in the log, and the next merge puts it in the store).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from tracker.store.lock import FileLock
from tracker.store.storage import (
    UnreadableFileError,
    make_private_folder,
    read_file,
    write_atomically,
)
from tracker.sync import mark
from tracker.sync.entries import KINDS, Entry, encode, parse_log
from tracker.sync.hlc import ZERO, Stamp, is_stamp, later, month_of
from tracker.sync.logfile import Position, read_since
from tracker.sync.merge import Slot

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tracker.sync.entries import Order

LOG_DIR = "log"
CLOCK_FILE = "clock"
MERGED_FILE = "merged.json"
PUBLISHED_FILE = "published.json"
LOCK_FILE = "lock"
KINDS_FILE = "kinds"
FIRST_KINDS = frozenset({"session", "skip", "setting"})
"""The kinds the first supple with sync logged: a journal or merge state that does not say
which kinds it has is of those."""


def new_device_id() -> str:
    """16 random hex digits: a folder name that is the same on every system."""
    return os.urandom(8).hex()


class Journal:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.dir = data_dir / mark.SYNC_DIR
        self.log_dir = self.dir / LOG_DIR

    # ---- set-up --------------------------------------------------------------------------

    def exists(self) -> bool:
        """Whether sync was ever turned on here (then every change is logged)."""
        return self.log_dir.is_dir()

    def create(self) -> None:
        make_private_folder(self.dir)
        make_private_folder(self.log_dir)
        if not self.device():
            write_atomically(self.dir / mark.DEVICE_FILE, new_device_id().encode() + b"\n")

    def device(self) -> str:
        try:
            return (self.dir / mark.DEVICE_FILE).read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            return ""

    def folder(self) -> Path | None:
        found = mark.folder_of(str(self.data_dir))
        return Path(found) if found else None

    def set_folder(self, folder: Path | None) -> None:
        path = self.dir / mark.FOLDER_FILE
        if folder is None:
            path.unlink(missing_ok=True)
        else:
            write_atomically(path, str(folder).encode("utf-8") + b"\n")

    def lock(self, timeout: float) -> FileLock:
        """The lock of merging and copying into the folder (taken before the store's)."""
        return FileLock(self.dir / LOCK_FILE, timeout)

    # ---- the log -------------------------------------------------------------------------

    def months(self) -> list[str]:
        try:
            names = os.listdir(self.log_dir)
        except OSError:
            return []
        return sorted(name[:7] for name in names if mark.is_own_log(name))

    def log_path(self, month: str) -> Path:
        return self.log_dir / f"{month}{mark.LOG_SUFFIX}"

    def log_bytes(self, month: str) -> bytes:
        """A month of the log, complete lines only."""
        raw = read_file(self.log_path(month)) or b""
        return raw[: raw.rfind(b"\n") + 1]

    def append(self, entries: Iterable[Entry]) -> list[tuple[Path, int]]:
        """Add entries to the log, durably; returns where each file ended before (for
        `take_back`)."""
        by_month: dict[str, list[bytes]] = {}
        for entry in entries:
            by_month.setdefault(month_of(entry.hlc), []).append(encode(entry))
        ends: list[tuple[Path, int]] = []
        try:
            for month, lines in sorted(by_month.items()):
                path = self.log_path(month)
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
                try:
                    ends.append((path, os.fstat(fd).st_size))
                    view = memoryview(b"".join(lines))
                    while view:
                        view = view[os.write(fd, view) :]
                    os.fsync(fd)
                finally:
                    os.close(fd)
        except BaseException:
            self.take_back(ends)
            raise
        return ends

    def take_back(self, ends: list[tuple[Path, int]]) -> None:
        """Cut the log back to where `append` found it (the store's write failed)."""
        for path, size in ends:
            try:
                os.truncate(path, size)
            except OSError:
                pass

    def entries_since(self, since: dict[str, Position]) -> tuple[list[Entry], dict[str, Position]]:
        """This device's entries after the positions `since` (keyed `log/YYYY-MM.jsonl`),
        and how far each month is read now."""
        found: list[Entry] = []
        read: dict[str, Position] = {}
        for month in self.months():
            key = f"{LOG_DIR}/{month}{mark.LOG_SUFFIX}"
            try:
                parsed, read[key] = read_since(self.log_path(month), since.get(key))
            except (OSError, UnreadableFileError):
                continue
            found.extend(parsed.entries)
        return found, read

    # ---- the clock -----------------------------------------------------------------------

    def clock(self) -> Stamp:
        """The greatest stamp made or seen here: the clock file, or the log's last entry if
        that is later (the clock file is written without fsync)."""
        stamp = ZERO
        try:
            words = (self.dir / CLOCK_FILE).read_text(encoding="utf-8").split()
            if len(words) == 2 and all(w.isascii() and w.isdigit() for w in words):
                candidate = (int(words[0]), int(words[1]))
                if is_stamp(candidate):
                    stamp = candidate
        except (OSError, ValueError):
            pass
        months = self.months()
        if months:
            parsed = parse_log(self._tail(self.log_path(months[-1]))).entries
            if parsed:
                stamp = later(stamp, parsed[-1].hlc)
        return stamp

    @staticmethod
    def _tail(path: Path, size: int = 65536) -> bytes:
        """The last whole line of a file (its last `size` bytes are enough for one)."""
        try:
            with open(path, "rb") as handle:
                end = handle.seek(0, os.SEEK_END)
                handle.seek(max(0, end - size))
                raw = handle.read(size)
        except OSError:
            return b""
        raw = raw[: raw.rfind(b"\n") + 1]
        return raw[raw.rfind(b"\n", 0, len(raw) - 1) + 1 :]

    def set_clock(self, stamp: Stamp) -> None:
        write_atomically(self.dir / CLOCK_FILE, f"{stamp[0]} {stamp[1]}\n".encode(), durable=False)

    # ---- what the store took -------------------------------------------------------------

    def merge_state(self) -> tuple[dict[Slot, Order], dict[str, Position]]:
        """Per record, the entry the store last took from a merge; per log file, how far
        merges have read it. Kept in one file: lost together, both start anew (the next
        merge reads every log whole and writes each winner again, the same values)."""
        try:
            found = json.loads(read_file(self.dir / MERGED_FILE) or b"{}")
        except (OSError, ValueError, UnreadableFileError):
            found = {}
        if not isinstance(found, dict):
            found = {}
        applied: dict[Slot, Order] = {}
        rows = found.get("applied")
        for row in rows if isinstance(rows, list) else ():
            if isinstance(row, list) and len(row) == 6 and is_stamp(row[2:4]):
                if all(isinstance(part, str) for part in (row[0], row[1], row[4], row[5])):
                    applied[(row[0], row[1])] = (row[2], row[3], row[4], row[5])
        read: dict[str, Position] = {}
        places = found.get("read")
        if not KINDS.keys() <= _kinds_of(found.get("kinds"), FIRST_KINDS):
            places = None  # a kind new to this supple: every log is read whole again
        for name, place in places.items() if isinstance(places, dict) else ():
            if isinstance(place, list) and len(place) == 2 and all(type(n) is int for n in place):
                read[str(name)] = (place[0], place[1])
        return applied, read

    def set_merge_state(self, applied: dict[Slot, Order], read: dict[str, Position]) -> None:
        rows = [[kind, key, *order] for (kind, key), order in sorted(applied.items())]
        state = {
            "applied": rows,
            "read": {name: list(place) for name, place in read.items()},
            "kinds": sorted(KINDS),
        }
        payload = json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomically(self.dir / MERGED_FILE, payload)

    def kinds(self) -> frozenset[str]:
        """The kinds of record whose whole history is in this device's log."""
        try:
            names = (self.dir / KINDS_FILE).read_text(encoding="utf-8").split()
        except (OSError, ValueError):
            return FIRST_KINDS
        return frozenset(names)

    def set_kinds(self, kinds: Iterable[str]) -> None:
        payload = "".join(f"{name}\n" for name in sorted(kinds)).encode("utf-8")
        write_atomically(self.dir / KINDS_FILE, payload)

    def published(self) -> dict[str, int]:
        """Per month, how many bytes of the log the folder held after the last copy."""
        try:
            found = json.loads(read_file(self.dir / PUBLISHED_FILE) or b"{}")
        except (OSError, ValueError, UnreadableFileError):
            return {}
        if not isinstance(found, dict):
            return {}
        return {str(k): v for k, v in found.items() if type(v) is int and v >= 0}

    def set_published(self, published: dict[str, int]) -> None:
        payload = json.dumps(published, sort_keys=True).encode("utf-8")
        write_atomically(self.dir / PUBLISHED_FILE, payload, durable=False)

    def waiting(self) -> int:
        """How many of this device's changes have not been copied into the folder yet."""
        done = self.published()
        return sum(
            self.log_bytes(month)[done.get(month, 0) :].count(b"\n") for month in self.months()
        )

    def set_seen(self, seen: str | None) -> None:
        path = self.dir / mark.SEEN_FILE
        if seen is None:
            path.unlink(missing_ok=True)
        else:
            write_atomically(path, seen.encode("utf-8") + b"\n", durable=False)


def _kinds_of(value: object, default: frozenset[str]) -> frozenset[str]:
    if isinstance(value, list) and all(isinstance(name, str) for name in value):
        return frozenset(value)
    return default
