"""A TinyDB storage that never leaves a half-written file and never reads garbage as empty.

TinyDB's own JSONStorage rewrites the file in place through a handle it keeps open, so a crash
mid-write leaves a torn file and a file replaced by another process goes unseen. This storage
opens the file by path on every call, writes a temp file in the same folder, fsyncs it,
renames it over the old one and fsyncs the folder: readers see the whole old file or the whole
new one, never a mix.

Nothing here imports TinyDB, so that commands which only read the store never load it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

TMP_SUFFIX = ".tmp"


class DamagedStoreError(Exception):
    """The file exists but cannot be trusted; it must not be written over."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def temp_name(path: Path) -> Path:
    # os.urandom rather than the secrets module, which takes longer to import than this needs
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}{TMP_SUFFIX}")


def leftover_temp_files(path: Path) -> list[Path]:
    """Temp files of killed writes (only safe to delete while holding the store's lock)."""
    return sorted(path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"))


def write_atomically(path: Path, payload: bytes, durable: bool = True) -> None:
    """Temp file in the same folder, flush, fsync, os.replace, fsync the folder.

    `durable=False` skips the fsyncs, for a cache that may be lost in a crash.
    """
    tmp = temp_name(path)
    try:
        with open(tmp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if not durable:
        return
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def parse_tables(path: Path, raw: bytes) -> dict[str, dict[str, dict[str, Any]]]:
    """Parse the file's bytes into TinyDB's {table: {doc_id: document}} shape, or raise."""
    if not raw.strip():
        raise DamagedStoreError(path, "the file is empty")
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise DamagedStoreError(path, "the file is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise DamagedStoreError(
            path, f"the file is not valid JSON ({error.msg} at line {error.lineno})"
        ) from None
    if not isinstance(data, dict):
        raise DamagedStoreError(path, "the file does not hold a supple store (wrong shape)")
    for table_name, table in data.items():
        if not isinstance(table, dict):
            raise DamagedStoreError(path, f"table '{table_name}' has the wrong shape")
        for doc_id, document in table.items():
            if not doc_id.isdigit() or not isinstance(document, dict):
                raise DamagedStoreError(
                    path, f"table '{table_name}' has a damaged entry (id {doc_id!r})"
                )
    return data


def dump_tables(data: dict[str, dict[str, dict[str, Any]]]) -> bytes:
    # Documents sorted by id so that deleting and restoring a document gives the same bytes.
    ordered = {
        name: dict(sorted(table.items(), key=lambda item: int(item[0])))
        for name, table in data.items()
    }
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicJSONStorage:
    """TinyDB storage: whole-file atomic writes, strict reads (see module docstring).

    It has the methods of TinyDB's `Storage` (read, write, close), which is all TinyDB calls,
    without subclassing it: that would import TinyDB for every read.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        # The tables, only while the store's lock is held (set by Store.transaction): then no
        # other process changes the file, and TinyDB, which reads the whole store for each
        # call (twice for an insert), need not parse it again.
        self.held: dict[str, dict[str, dict[str, Any]]] | None = None
        self.written: bytes | None = None  # the last bytes written, for the store's summary

    def read(self) -> dict[str, dict[str, dict[str, Any]]] | None:
        if self.held is not None:
            return self.held
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return parse_tables(self.path, raw)

    def write(self, data: dict[str, dict[str, dict[str, Any]]]) -> None:
        held, self.held = self.held, None  # if the write fails, the file is the truth again
        payload = dump_tables(data)
        write_atomically(self.path, payload)
        self.written = payload
        if held is not None:
            self.held = data

    def close(self) -> None:
        pass
