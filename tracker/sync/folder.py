"""The shared folder: every device's log read, and this device's log copied in.

    PATH/devices/<device-id>/device.json      {"format": 1, "device": id, "name": host name}
    PATH/devices/<device-id>/YYYY-MM.jsonl    that device's changes, appended, rolled by month

Only the device itself writes its folder. Every `*.jsonl` file in any device's folder is read,
so a conflict copy a sync engine makes anyway (`2026-05.sync-conflict-....jsonl`, "conflicted
copy") is merged like the rest: the entries' ids make reading one twice harmless.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from tracker.core.record_type import record_type
from tracker.store.storage import UnreadableFileError, read_file, write_atomically
from tracker.sync import mark
from tracker.sync.entries import FORMAT, Entry, ParsedLog
from tracker.sync.journal import Journal
from tracker.sync.logfile import MAX_LOG_BYTES, Position, read_since


@record_type
class DeviceLog:
    """What the folder holds from one device."""

    device: str
    name: str
    entries: tuple[Entry, ...]
    newer: int = 0  # the highest format of lines too new for this supple (0: none)
    damaged: int = 0
    unreadable: tuple[str, ...] = ()  # files that could not be read, with why


def folder_problem(folder: Path) -> str | None:
    """Why the folder cannot be used now (it is away: sync is paused), or None."""
    if not folder.exists():
        return f"the sync folder {folder} is not there (an unmounted disk?)"
    if not folder.is_dir():
        return f"the sync folder {folder} is not a folder"
    if not (folder / mark.DEVICES).is_dir():
        return (
            f"the sync folder {folder} has no {mark.DEVICES}/ folder in it (an unmounted disk? "
            f"if it was emptied on purpose, run 'supple sync --folder {folder}' again)"
        )
    return None


def place_problem(folder: Path, data_dir: Path) -> str | None:
    """Why `folder` can never be the sync folder, wherever the setting came from: a file, or
    supple's data folder, a folder inside it or around it (the store must not be synced)."""
    if folder.exists() and not folder.is_dir():
        return (
            f"{folder} is a file, not a folder; give the folder that Syncthing, Nextcloud or "
            "Dropbox keeps"
        )
    real, data = folder.resolve(), data_dir.expanduser().resolve()
    if real == data or data in real.parents:
        return (
            f"{folder} is supple's data folder{'' if real == data else ' (inside it)'}; the "
            "store stays outside the synced folder: give another folder"
        )
    if real in data.parents:
        return (
            f"{folder} holds supple's data folder {data_dir}; the store itself must not be "
            "synced: give a folder outside it"
        )
    return None


def device_dir(folder: Path, device: str) -> Path:
    return folder / mark.DEVICES / device


def host_name() -> str:
    import socket  # only here: it takes longer to import than the rest of this module

    try:
        return socket.gethostname()[:60] or "a device"
    except OSError:
        return "a device"


def write_device_info(folder: Path, device: str) -> None:
    """This device's folder and its device.json (the name `sync --status` shows)."""
    own = device_dir(folder, device)
    own.mkdir(parents=True, exist_ok=True)
    info = own / mark.DEVICE_INFO
    wanted = {"format": FORMAT, "device": device, "name": host_name()}
    try:
        if json.loads(read_file(info) or b"null") == wanted:
            return
    except (OSError, ValueError, UnreadableFileError):
        pass
    write_atomically(info, json.dumps(wanted).encode("utf-8") + b"\n")


class FolderReader:
    """Reads every device's log in the folder; with positions, only what is new since."""

    def __init__(self) -> None:
        # path -> (its stat, the position read to): an unchanged file is not read again
        self._stats: dict[Path, tuple[tuple[int, int, int], Position]] = {}

    def read(
        self, folder: Path, since: Mapping[str, Position] | None = None
    ) -> tuple[list[DeviceLog], dict[str, Position]]:
        """Every device's log (only its entries after `since`, keyed by the file's path in
        the folder), and how far each file is read now."""
        devices = folder / mark.DEVICES
        try:
            names = sorted(n for n in os.listdir(devices) if not n.startswith("."))
        except OSError:
            return [], {}
        found: list[DeviceLog] = []
        read: dict[str, Position] = {}
        for name in names:
            where = devices / name
            if where.is_dir():
                found.append(self._device(where, since or {}, read))
        return found, read

    def _device(
        self, where: Path, since: Mapping[str, Position], read: dict[str, Position]
    ) -> DeviceLog:
        entries: list[Entry] = []
        newer = damaged = 0
        unreadable: list[str] = []
        try:
            files = sorted(n for n in os.listdir(where) if n.endswith(mark.LOG_SUFFIX))
        except OSError as error:
            files, unreadable = [], [f"{where}: {error.strerror}"]
        for file in files:
            key = f"{mark.DEVICES}/{where.name}/{file}"
            try:
                parsed, read[key] = self._file(where / file, since.get(key))
            except (OSError, UnreadableFileError) as error:
                reason = error.reason if isinstance(error, UnreadableFileError) else error.strerror
                unreadable.append(f"{file}: {reason}")
                continue
            entries.extend(parsed.entries)
            newer = max(newer, parsed.newer)
            damaged += parsed.damaged
        name, format_ = _device_info(where)
        return DeviceLog(
            where.name, name, tuple(entries), max(newer, format_), damaged, tuple(unreadable)
        )

    def _file(self, path: Path, since: Position | None) -> tuple[ParsedLog, Position]:
        info = os.stat(path)
        signature = (info.st_ino, info.st_size, info.st_mtime_ns)
        held = self._stats.get(path)
        if held is not None and since is not None and held == (signature, since):
            return ParsedLog(()), since  # the same file, read to the same place: nothing new
        parsed, position = read_since(path, since)
        if not parsed.newer:  # lines too new are read again each time (and said so)
            self._stats[path] = (signature, position)
        return parsed, position


def _device_info(where: Path) -> tuple[str, int]:
    """A device's name, and its format when newer than this supple's (else 0)."""
    try:
        info = json.loads(read_file(where / mark.DEVICE_INFO, 65536) or b"null")
    except (OSError, ValueError, UnreadableFileError):
        info = None
    if not isinstance(info, dict):
        return where.name, 0
    name = info.get("name")
    shown = name.strip()[:60] if isinstance(name, str) and name.strip() else where.name
    version = info.get("format")
    newer = version if type(version) is int and version > FORMAT else 0
    return shown, newer


# ---- this device's log into the folder --------------------------------------------------


def publish(journal: Journal, folder: Path, months: list[str] | None = None) -> int:
    """Copy what the folder lacks of this device's log into its folder; returns the number
    of lines written. `months`: only those (after a change), else all of them."""
    device = journal.device()
    own = device_dir(folder, device)
    if not own.is_dir() or not (own / mark.DEVICE_INFO).is_file():
        write_device_info(folder, device)
    written = 0
    done = journal.published()
    before = dict(done)
    for month in journal.months() if months is None else months:
        target = own / f"{month}{mark.LOG_SUFFIX}"
        if done.get(month, -1) == _size(journal.log_path(month)) == _size(target):
            continue  # the usual case, in two stats: all there since the last copy
        local = journal.log_bytes(month)
        written += _publish_month(local, target)
        done[month] = len(local)
    if done != before:
        journal.set_published(done)
    return written


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -2


def _publish_month(local: bytes, target: Path) -> int:
    try:
        size = os.stat(target).st_size
    except FileNotFoundError:
        if local:
            write_atomically(target, local)
        return local.count(b"\n")
    if size == len(local):
        return 0  # the usual case: all there
    there = read_file(target, MAX_LOG_BYTES) or b""
    whole_lines = not there or there.endswith(b"\n")
    if len(there) < len(local) and local.startswith(there) and whole_lines:
        rest = local[len(there) :]
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
        try:
            view = memoryview(rest)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        return rest.count(b"\n")
    if there.startswith(local):
        return 0  # it holds more (this data folder was restored from a backup): read as news
    # Neither holds the other (a torn copy, a restored folder): keep every line of both.
    kept = [line for line in there.split(b"\n")[:-1] if line.strip()]
    ids = {_line_id(line) for line in kept}
    missing = [line for line in local.split(b"\n")[:-1] if _line_id(line) not in ids]
    write_atomically(target, b"".join(line + b"\n" for line in kept + missing))
    return len(missing)


def _line_id(line: bytes) -> object:
    try:
        found = json.loads(line)
    except (ValueError, RecursionError):
        return line
    return found.get("id", line) if isinstance(found, dict) else line
