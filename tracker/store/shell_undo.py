"""The undo of the last change made from the shell, kept beside the store for `supple undo`.

Each change a shell command makes (`done`, `skip`, `config set`, `import`, `measure`, `hinge`)
returns the change that undoes it (`tracker.store.changes`); the command keeps it here, in
`shell-undo.json` in the data folder, with the line that said what was done. `supple undo`
reads it, says what it undoes, applies it and forgets it. The app keeps its own undo stack
in memory.

A file beside the store rather than a table in it: the store's tables are fixed by the
contract (and exported). The record is written after the change, as a cache is (no fsync):
lost in a crash, it only means there is nothing to undo from the shell.
"""

from __future__ import annotations

import json
from datetime import date

from tracker.store import changes
from tracker.store.database import Removed, Store
from tracker.store.storage import UnreadableFileError, read_file, write_atomically

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

UNDO_NAME = "shell-undo.json"
FORMAT = "supple shell undo 1"

# The changes an undo may be (and what they hold): only these are ever built from the file.
_RECORDS: dict[str, Any] = {
    cls.__name__: cls
    for cls in (
        changes.LogDone,
        changes.DeleteSession,
        changes.Restore,
        changes.MarkSkip,
        changes.ClearSkip,
        changes.SetSetting,
        changes.ResetSetting,
        changes.UndoImport,
        changes.ImportRecords,
        changes.RestoreMeasures,
        changes.RestoreHinge,
        Removed,
    )
}


class UndoRecordError(ValueError):
    """The undo record cannot be read back (damaged, edited, from another version)."""


class ShellUndo:
    """What the last shell change said (`said`, at `at`) and the change that undoes it."""

    def __init__(self, said: str, at: str, undo: changes.Change) -> None:
        self.said, self.at, self.undo = said, at, undo


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if value is changes._MISSING:
        return {"$missing": True}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a record type
        if type(value).__name__ not in _RECORDS:  # a new undo: add it to _RECORDS
            raise TypeError(f"cannot keep {type(value).__name__} in the undo record")
        fields = {name: _encode(getattr(value, name)) for name in value._fields}
        return {"$record": type(value).__name__, "fields": fields}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {"$dict": [[str(key), _encode(item)] for key, item in value.items()]}
    raise TypeError(f"cannot keep {type(value).__name__} in the undo record")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "$date" in value:
        return date.fromisoformat(value["$date"])
    if "$missing" in value:
        return changes._MISSING
    if "$tuple" in value:
        return tuple(_decode(item) for item in value["$tuple"])
    if "$dict" in value:
        return {key: _decode(item) for key, item in value["$dict"]}
    if "$record" in value:
        cls = _RECORDS[value["$record"]]
        return cls(**{name: _decode(item) for name, item in value["fields"].items()})
    raise ValueError("an unknown value")


def remember(store: Store, said: str, undo: changes.Change | None) -> None:
    """Keep `undo` as the undo of the last shell change (which said `said`). A change with
    nothing to undo leaves the record of the one before."""
    if undo is None:
        return
    body = {
        "format": FORMAT,
        "at": store.clock.now().isoformat(timespec="seconds"),
        "said": said,
        "undo": _encode(undo),
    }
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    try:
        write_atomically(store.data_dir / UNDO_NAME, payload, durable=False)
    except OSError:
        pass  # the change is made; only its shell undo is lost (`supple undo` says so)


def recall(store: Store) -> ShellUndo | None:
    """The undo of the last shell change, or None when there is none."""
    path = store.data_dir / UNDO_NAME
    try:
        raw = read_file(path, 1 << 26)
    except (OSError, UnreadableFileError) as error:
        raise UndoRecordError(f"cannot read {path}: {error}") from None
    if raw is None:
        return None
    try:
        body = json.loads(raw.decode("utf-8"))
        if body.get("format") != FORMAT:
            raise ValueError("another format")
        undo = _decode(body["undo"])
        if type(undo).__name__ not in _RECORDS or isinstance(undo, Removed):
            raise ValueError("not a change")
        return ShellUndo(str(body["said"]), str(body["at"]), undo)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise UndoRecordError(f"{path} is damaged") from None


def forget(store: Store) -> None:
    (store.data_dir / UNDO_NAME).unlink(missing_ok=True)
