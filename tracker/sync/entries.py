"""One change as a line of a device's log, and what each kind of change is.

A line is a JSON object:

    {"v": 1, "id": "<uuid>", "device": "<device id>", "hlc": [ms, counter],
     "kind": "session", "key": "<session id>", "value": {...the record...}}

`value` is the whole record as the store keeps it, or null for a deletion (a tombstone). Per
kind and key the entry with the greatest (hlc, device, id) wins (see tracker.sync.merge).

A new kind of record joins with one row in KINDS (see there). A device that does not know a
kind yet leaves its entries out; once it is upgraded it logs its own records of the new kind
and reads every log whole again (tracker.sync.journal.Journal.kinds), so a new kind needs no
new FORMAT; FORMAT changes only if an older supple would read a line wrongly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from tracker.core.record_type import record_type
from tracker.core.settings import DEVICE_SETTINGS, KEYS, SettingError
from tracker.store.records import (
    RecordError,
    check_activity,
    check_automaticity,
    check_hinge_check,
    check_mark,
    check_measurement,
    check_session,
)
from tracker.sync.hlc import Stamp, is_stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FORMAT = 1
"""The version of a log line this supple writes and reads; a newer one is refused."""

LOCAL_SETTINGS = DEVICE_SETTINGS
"""Settings that stay on each device (tracker.core.settings); every other one is synced."""

Order = tuple[int, int, str, str]
"""What decides between two entries of one record: (ms, counter, device, id)."""


class LineError(ValueError):
    """A line that is not a sound entry; the message says what is wrong."""


class NewerFormat(ValueError):
    """A line written by a newer supple, in a format this one does not read."""

    def __init__(self, version: int) -> None:
        super().__init__(f"format {version}")
        self.version = version


@record_type
class Entry:
    id: str
    device: str
    hlc: Stamp
    kind: str
    key: str
    value: dict[str, Any] | None  # the record, or None: deleted

    @property
    def order(self) -> Order:
        return (self.hlc[0], self.hlc[1], self.device, self.id)


def _check_setting(record: Mapping[str, Any]) -> dict[str, Any] | None:
    """A synced setting in its canonical form; None for one this supple does not sync (a
    device's own setting, or a key from a newer supple)."""
    name = record.get("key")
    key = KEYS.get(name) if isinstance(name, str) else None
    if key is None or name in LOCAL_SETTINGS:
        return None
    try:
        return {"key": name, "value": key.accept(record.get("value"))}
    except SettingError as error:
        raise RecordError(str(error)) from None


@record_type
class Kind:
    """A kind of synced record: where it lives in the store and what identifies it."""

    table: str
    clean: Callable[[Mapping[str, Any]], dict[str, Any] | None]
    """The record checked and in canonical form; None: not one this supple syncs;
    raises RecordError for a damaged one."""
    key_field: str = "id"


KINDS: dict[str, Kind] = {
    "session": Kind("sessions", check_session),  # by id: saved, deleted, put back
    "skip": Kind("marks", check_mark, "date"),  # one per date: set or cleared
    "setting": Kind("settings", _check_setting, "key"),  # per key: the latest wins
    "measurement": Kind("measurements", check_measurement),  # a self-test or a score, by id
    "activity": Kind("activities", check_activity),  # added, renamed, dropped: by id
    "hinge-check": Kind("hinge_checks", check_hinge_check),  # an evening's answer, by id
    "automaticity": Kind("automaticity", check_automaticity),  # weekly answers or a reset
    # A new change that writes records to a table of its own (hinge logs, moments, answers)
    # is synced by one line here: `"hinge": Kind("hinge_logs", check_hinge_log),` with the
    # record's check from tracker.store.records (a clean copy, or RecordError), and a third
    # argument naming the key field if it is not "id". The name ("hinge") is written in every
    # log: never rename one. Nothing else: each device logs its records made before, once,
    # and reads the others' logs whole again. A table that stays on each device goes in
    # LOCAL_TABLES instead (tests/sync/test_kinds.py fails until the table is in one of them).
}

LOCAL_TABLES = frozenset({"meta", "reminders_sent"})
"""Store tables that stay on each device: `meta` (the schema, when this store was created,
whether the tutorial was read here) and `reminders_sent` (the claims of this device's
reminders, their deliveries and snoozes). A test checks that every table of the store is
either synced (KINDS) or here."""


def encode(entry: Entry) -> bytes:
    """The entry as one line of a log, newline included."""
    line = {
        "v": FORMAT,
        "id": entry.id,
        "device": entry.device,
        "hlc": list(entry.hlc),
        "kind": entry.kind,
        "key": entry.key,
        "value": entry.value,
    }
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _text(line: Mapping[str, Any], field: str, limit: int = 200) -> str:
    value = line.get(field)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise LineError(f"{field} must be a non-empty text of at most {limit} characters")
    return value


def decode(raw: bytes) -> Entry | None:
    """The entry a line (without its newline) holds; None when it is sound but of a kind or
    a setting this supple does not sync. Raises NewerFormat or LineError."""
    try:
        line = json.loads(raw)
    except (ValueError, RecursionError):
        raise LineError("not a JSON line") from None
    if not isinstance(line, dict):
        raise LineError("not a JSON object")
    version = line.get("v")
    if type(version) is not int or version < 1:
        raise LineError("no format version")
    if version > FORMAT:
        raise NewerFormat(version)
    hlc: Any = line.get("hlc")
    if not is_stamp(hlc):
        raise LineError("hlc must be two whole numbers")
    kind_name = _text(line, "kind", 40)
    entry = Entry(
        _text(line, "id", 100),
        _text(line, "device", 100),
        (hlc[0], hlc[1]),
        kind_name,
        _text(line, "key"),
        None,
    )
    value = line.get("value")
    if value is not None and not isinstance(value, dict):
        raise LineError("value must be an object or null")
    kind = KINDS.get(kind_name)
    if kind is None:
        return None  # a kind from a newer supple: taken in once this one is upgraded
    if value is None:
        if kind_name == "setting" and (entry.key in LOCAL_SETTINGS or entry.key not in KEYS):
            return None
        return entry
    try:
        clean = kind.clean(value)
    except RecordError as error:
        raise LineError(f"{kind_name} {entry.key}: {error}") from None
    if clean is None:
        return None
    if clean.get(kind.key_field) != entry.key:
        raise LineError(f"{kind_name} {entry.key}: its {kind.key_field} is not its key")
    return Entry(entry.id, entry.device, entry.hlc, entry.kind, entry.key, clean)


def canonical(kind: str, record: Mapping[str, Any]) -> dict[str, Any] | None:
    """A record of the store as an entry carries it; None if it is not synced (a device's
    own setting) or not sound (a record the store's own checks would have refused)."""
    try:
        return KINDS[kind].clean(record)
    except RecordError:
        return None


@record_type
class ParsedLog:
    """What one log file holds (or its part after a position, see tracker.sync.folder)."""

    entries: tuple[Entry, ...]
    newer: int = 0  # the highest format of the lines too new to read (0: none)
    damaged: int = 0  # complete lines that are not sound entries (left out)
    torn: bool = False  # a last line without its newline: being written or copied now
    settled: int = 0  # bytes read for good: complete lines, up to the first too new to read


def parse_log(raw: bytes) -> ParsedLog:
    """The entries of a log's bytes. A last line without its newline is left for the next
    read (a sync engine may be copying the file as it is appended to); a complete line that
    is not an entry is left out and counted, never an error. A line too new to read is read
    again each time (`settled` stops before it), until this supple is upgraded."""
    entries: list[Entry] = []
    newer = damaged = 0
    settled = position = 0
    while True:
        end = raw.find(b"\n", position)
        if end < 0:
            break
        line = raw[position:end]
        position = end + 1
        if newer == 0:
            settled = position
        if not line.strip():
            continue
        try:
            entry = decode(line)
        except NewerFormat as error:
            if newer == 0:
                settled = position - len(line) - 1
            newer = max(newer, error.version)
            continue
        except LineError:
            damaged += 1
            continue
        if entry is not None:
            entries.append(entry)
    torn = bool(raw[position:].strip())
    return ParsedLog(tuple(entries), newer, damaged, torn, settled)
