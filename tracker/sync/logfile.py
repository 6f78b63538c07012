"""Reading a log file from where the last merge left it."""

from __future__ import annotations

import zlib
from pathlib import Path

from tracker.store.storage import read_file
from tracker.sync.entries import ParsedLog, parse_log

MAX_LOG_BYTES = 64 * 1024 * 1024  # a month of one device is a few kilobytes

Position = tuple[int, int]
"""How far a log was read for good: (bytes, CRC-32 of those bytes). A file that still starts
with those bytes is read from there on; any other (rewritten, replaced by an older copy) is
read whole again, which is harmless: merging an entry twice changes nothing."""


def read_since(path: Path, since: Position | None) -> tuple[ParsedLog, Position]:
    """The entries of a log after `since` (all of them when it does not fit), and how far it
    is now read. Raises OSError or UnreadableFileError."""
    raw = read_file(path, MAX_LOG_BYTES) or b""
    view = memoryview(raw)
    begin = prefix = 0
    if since is not None and 0 < since[0] <= len(raw):
        crc = zlib.crc32(view[: since[0]])
        if crc == since[1]:
            begin, prefix = since[0], crc
    parsed = parse_log(raw[begin:])
    end = begin + parsed.settled
    return parsed, (end, zlib.crc32(view[begin:end], prefix))
