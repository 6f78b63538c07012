"""A TinyDB storage that never leaves a half-written file and never reads garbage as empty.

TinyDB's own JSONStorage rewrites the file in place through a handle it keeps open, so a crash
mid-write leaves a torn file and a file replaced by another process goes unseen. This storage
opens the file by path on every call, writes a temp file in the same folder, fsyncs it,
renames it over the old one and fsyncs the folder: readers see the whole old file or the whole
new one, never a mix.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

TMP_SUFFIX = ".tmp"


class DamagedStoreError(Exception):
    """The file exists but cannot be trusted; it must not be written over."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")


def leftover_temp_files(path: Path) -> list[Path]:
    """Temp files of killed writes (only safe to delete while holding the store's lock)."""
    return sorted(path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"))


def write_atomically(path: Path, payload: bytes) -> None:
    """Temp file in the same folder, flush, fsync, os.replace, fsync the folder."""
    tmp = temp_name(path)
    try:
        with open(tmp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
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


class AtomicJSONStorage(Storage):
    """TinyDB storage: whole-file atomic writes, strict reads (see module docstring)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, dict[str, Any]]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return parse_tables(self.path, raw)

    def write(self, data: dict[str, dict[str, dict[str, Any]]]) -> None:
        write_atomically(self.path, dump_tables(data))

    def close(self) -> None:
        pass
