"""What the sync folder holds from other devices, in a few stats: the mark of a merge.

A merge records the mark of the folder it read (`sync/seen` in the data folder); while the
folder's mark is the same, nothing new has arrived and the store already holds it all. A
file a sync engine delivers is renamed into place (a new inode), grows, or is touched, so its
(name, size, change time, inode) differ.

Only `os` is imported: `supple status` answers from its saved output when the store and this
mark are what they were, in a few milliseconds (tracker.cli.status_output_cache).
"""

import os

SYNC_DIR = "sync"  # in the data folder: this device's own part of sync
FOLDER_FILE = "folder"  # the path of the sync folder while sync is on
DEVICE_FILE = "device"  # this device's id
SEEN_FILE = "seen"  # the mark of the folder the last merge read
DEVICES = "devices"  # in the sync folder: one folder per device
LOG_SUFFIX = ".jsonl"
DEVICE_INFO = "device.json"
PAUSED = "paused"


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read(4096).strip()


def folder_of(data_dir: str) -> "str | None":
    """The sync folder while sync is on, else None."""
    try:
        folder = _read_text(os.path.join(data_dir, SYNC_DIR, FOLDER_FILE))
    except (OSError, ValueError):
        return None
    return folder or None


def is_own_log(name: str) -> bool:
    """`YYYY-MM.jsonl`: a file a device writes itself (anything else beside it, such as a
    sync engine's conflict copy, is read as news)."""
    month = name[:7]
    return (
        len(name) == 7 + len(LOG_SUFFIX)
        and name.endswith(LOG_SUFFIX)
        and month[4:5] == "-"
        and month[:4].isdigit()
        and month[5:].isdigit()
    )


def _number(text: str) -> int:
    return int.from_bytes(text.encode("utf-8", "surrogateescape"), "big")


def folder_mark(data_dir: str) -> "str | None":
    """None while sync is off; PAUSED when the folder (or its devices/) is not there; else
    a short text that changes whenever another device's files in the folder change."""
    folder = folder_of(data_dir)
    if folder is None:
        return None
    try:
        own = _read_text(os.path.join(data_dir, SYNC_DIR, DEVICE_FILE))
    except (OSError, ValueError):
        own = ""
    devices = os.path.join(folder, DEVICES)
    try:
        with os.scandir(devices) as found:
            names = sorted(entry.name for entry in found if entry.is_dir())
    except OSError:
        return PAUSED
    marks: list[int] = []
    for name in names:
        marks.append(_number(name))
        try:
            with os.scandir(os.path.join(devices, name)) as files:
                for file in files:
                    info_file = file.name == DEVICE_INFO
                    if not (info_file or file.name.endswith(LOG_SUFFIX)):
                        continue
                    if name == own and (info_file or is_own_log(file.name)):
                        continue  # what this device wrote itself
                    info = file.stat()
                    marks += (_number(file.name), info.st_size, info.st_ctime_ns, info.st_ino)
        except OSError:
            marks.append(-1)
    # hash() of ints is the same in every process (of text it is not).
    return f"{len(marks)}:{hash(tuple(marks)) & 0xFFFFFFFFFFFF:x}"


def seen_mark(data_dir: str) -> "str | None":
    """The mark of the folder as the last merge read it."""
    try:
        return _read_text(os.path.join(data_dir, SYNC_DIR, SEEN_FILE)) or None
    except (OSError, ValueError):
        return None
