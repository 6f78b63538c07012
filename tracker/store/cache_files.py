"""Cache files beside the store (`status-summary.cache`, `status-output.cache`): read only
when they are regular files of a bounded size, trusted only when sealed, written atomically.

A cache is never the truth, so anything odd about one is a miss, never an error or a wait:
- a FIFO opens without blocking (O_NONBLOCK) and a symlink does not open at all (O_NOFOLLOW:
  a link to /dev/zero or to another user's file is not read); what opens must be a regular
  file (fstat) of at most `limit` bytes, and no more than `limit` + 1 bytes are ever read;
- its first line is the CRC-32 of the rest, so a torn, damaged or hand-edited file is a miss;
- it is written to a private temp file (0600) renamed over it, never through a symlink or
  into a FIFO, and temp files that killed writes left behind are removed by the next write.

Only os, stat and zlib: `supple status` reads its saved output through this module.
"""

import os
import stat
import zlib

TMP_SUFFIX = ".tmp"  # as storage.temp_name: `.NAME.PID.RANDOM.tmp` beside NAME


def read_cache(
    path: "str | os.PathLike[str]", limit: int, follow_links: bool = False
) -> "bytes | None":
    """The bytes of the cache file at `path`, or None for anything else (missing, not a
    regular file, a symlink unless `follow_links`, over `limit` bytes, unreadable)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_links else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks: list[bytes] = []
        total = 0
        while total <= limit:  # to the end, but never past the limit (it may be growing)
            chunk = os.read(fd, min(limit + 1 - total, max(info.st_size + 1 - total, 65536)))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return None if total > limit else b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def seal(body: bytes) -> bytes:
    """`body` behind a first line with its CRC-32."""
    return b"%08x\n" % zlib.crc32(body) + body


def unseal(raw: "bytes | None") -> "bytes | None":
    """The body of a sealed file if its CRC-32 matches, else None."""
    if raw is None:
        return None
    head, newline, body = raw.partition(b"\n")
    if not newline or len(head) != 8 or head != b"%08x" % zlib.crc32(body):
        return None
    return body


def write_cache(path: "str | os.PathLike[str]", payload: bytes) -> bool:
    """Replace the cache at `path` by `payload` (a temp file renamed over it: readers see
    all of it or none). No fsync: a cache lost in a crash is only a miss. Whatever stands at
    `path` (a symlink, a FIFO) is replaced, not written through. Returns whether it was
    written; a failure (a read-only folder, a full disk) is only a miss next time."""
    path = os.fspath(path)
    folder, name = os.path.split(path)
    remove_leftovers(folder or ".", name)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.{os.urandom(4).hex()}{TMP_SUFFIX}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(tmp, flags, 0o600)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def remove_leftovers(folder: str, name: str) -> None:
    """Remove the temp files that killed writes of `name` left in `folder`. (A write under
    way in another process may lose its temp file: for a cache that is only a miss, and the
    store's own temp files are removed only under its lock.)"""
    prefix = f".{name}."
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for found in names:
        if found.startswith(prefix) and found.endswith(TMP_SUFFIX):
            try:
                os.unlink(os.path.join(folder, found))
            except OSError:
                pass
