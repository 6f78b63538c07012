"""`supple status` from its finished output, when nothing it depends on has changed.

`supple status` runs in shell prompts and status bars, many times a minute, and its answer
changes only at a few moments: when the store changes, when the day turns, when a reminder
comes or goes. So every status that is worked out in full leaves its output in
`status-output.cache` beside the store, with what it depends on:

- the store file's identity (device, inode, size, change time: any write, even in place,
  changes it; a file changed within the last RACY_NS is not cached, since a second change in
  the same timestamp tick would not show),
- the code (size and time of every module of the package),
- the time zone (TZ, /etc/localtime, the current UTC offset) and $SUPPLE_NOW,
- how the data folder was found (the default folder depends on HOME and XDG_DATA_HOME),
- and the span of time it holds for: until the next reminder comes or goes, the day starts,
  or the date changes (`tracker.core.today.changes_at`).

If all of it matches, the output is printed and nothing else is loaded: this module imports
only os, sys and time (a test checks). The file carries a checksum of its own body (the byte
sum and length: no zlib to load), so a torn or edited file is a miss too.

On a miss, `work_out` answers from the status summary (`status-summary.cache`) with only what
that takes; only when the summary does not match either (the store was changed by something
other than supple) does the caller load the whole command line.
"""

import os
import stat
import sys
import time

TYPE_CHECKING = False  # not from typing, which this module must not load
if TYPE_CHECKING:
    from datetime import datetime

NAME = "status-output.cache"
STORE = "supple.json"
FORMAT = b"supple status output 2"  # 2: with the --short line
RACY_NS = 100_000_000
MAX_STORE_BYTES = 64 * 1024 * 1024  # as storage.MAX_FILE_BYTES (not imported: it loads more)


def default_data_dir() -> "str | None":
    """platformdirs' user data dir for supple on Linux, without importing platformdirs;
    None elsewhere. (A wrong guess could only miss: an entry records how its folder was
    found, see `_found_by`.)"""
    if not sys.platform.startswith("linux"):
        return None
    base = os.environ.get("XDG_DATA_HOME", "")
    if not base.strip():
        base = os.path.expanduser("~/.local/share")
    return os.path.join(base, "supple")


def _found_by(explicit: bool) -> str:
    if explicit:
        return "given"
    env = os.environ
    return f"default:{env.get('HOME', '')}:{env.get('XDG_DATA_HOME', '')}:{os.geteuid()}"


def _code() -> str:
    """Size and change time of every module of the package: any edit or upgrade differs.
    (hash() of ints is the same in every process; of text it is not.)"""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    marks: list[int] = []
    for folder in (os.path.join(package, part) for part in ("core", "cli", "store", "notify")):
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    marks += (len(entry.name), info.st_size, info.st_mtime_ns)
    return f"{len(marks)}:{hash(tuple(marks)) & 0xFFFFFFFFFFFF:x}"


def _seal(body: bytes) -> bytes:
    return b"%d:%d" % (len(body), sum(body))


def _zone() -> str:
    try:
        localtime = os.readlink("/etc/localtime")
    except OSError:
        localtime = ""
    return f"{os.environ.get('TZ', '')}:{localtime}"


def key(data_dir: str, store: os.stat_result, explicit: bool) -> str:
    """Everything an output depends on, but the time (see the module docstring)."""
    now_env = os.environ.get("SUPPLE_NOW", "")
    offset = "" if now_env else str(time.localtime().tm_gmtoff)
    identity = f"{store.st_dev}:{store.st_ino}:{store.st_size}:{store.st_ctime_ns}"
    parts = (data_dir, identity, _code(), _zone(), offset, now_env, _found_by(explicit))
    return "|".join(parts)


def _store_stat(data_dir: str) -> "os.stat_result | None":
    """The store's stat, if it is a regular file (anything else is the full path's to report:
    opening a FIFO would block)."""
    try:
        info = os.stat(os.path.join(data_dir, STORE))
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def cached(data_dir: str, as_json: bool, explicit: bool, short: bool = False) -> "str | None":
    """The saved output of `supple status [--json | --short]` if it still holds, else None."""
    store = _store_stat(data_dir)
    if store is None:
        return None
    try:
        fd = os.open(os.path.join(data_dir, NAME), os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        raw = os.read(fd, 1 << 16)
    except OSError:
        return None
    finally:
        os.close(fd)
    seal, _, body = raw.partition(b"\n")
    if seal != _seal(body):
        return None
    try:
        head, wanted, span, plain, json, one_line = body.split(b"\0")
        start, end = (int(x) for x in span.split())
    except ValueError:
        return None
    if head != FORMAT or wanted.decode("utf-8", "replace") != key(data_dir, store, explicit):
        return None
    if not os.environ.get("SUPPLE_NOW") and not start <= time.time_ns() < end:
        return None
    return (one_line if short else json if as_json else plain).decode("utf-8")


def save(
    data_dir: str,
    store: os.stat_result,
    explicit: bool,
    span: "tuple[datetime, datetime]",
    plain: str,
    json: str,
    short: str = "",
) -> None:
    """Keep the output of a status worked out in full. `store` is the store's stat taken
    before it was read; `span` the moments it holds for."""
    if time.time_ns() - store.st_ctime_ns < RACY_NS:
        return  # the store was just changed: another change in the same tick would not show
    body = b"\0".join(
        (
            FORMAT,
            key(data_dir, store, explicit).encode("utf-8"),
            b"%d %d" % tuple(int(moment.timestamp() * 1e6) * 1000 for moment in span),
            plain.encode("utf-8"),
            json.encode("utf-8"),
            short.encode("utf-8"),
        )
    )
    _write_private(os.path.join(data_dir, NAME), _seal(body) + b"\n" + body)


def _write_private(path: str, payload: bytes) -> None:
    """A temp file (0600) beside `path`, renamed over it: readers see all of it or none.
    No fsync: it is only a cache. (As storage.write_atomically, without what that loads.)"""
    tmp = f"{path}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            os.write(fd, payload)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def quick_status(words: "list[str]") -> "int | None":
    """Answer `supple [--data-dir DIR] status [--json | --short]` from the saved output;
    None when it cannot (then the caller works it out)."""
    explicit = False
    folder: str | None = None
    if len(words) > 2 and words[0] == "--data-dir" and not words[1].startswith("-"):
        folder, words, explicit = words[1], words[2:], True
    if words not in (["status"], ["status", "--json"], ["status", "--short"]):
        return None
    if folder is None:
        folder = os.environ.get("SUPPLE_DATA_DIR") or None
        explicit = folder is not None
    if folder is None:
        folder = default_data_dir()
        if folder is None:
            return None
    folder = os.path.abspath(os.path.expanduser(folder))
    as_json, short = words[1:] == ["--json"], words[1:] == ["--short"]
    text = cached(folder, as_json, explicit, short)
    if text is None:
        text = work_out(folder, as_json, explicit, short)
        if text is None:
            return None
    sys.stdout.write(fitted(text) if short else text)
    return 0


def fitted(short: str) -> str:
    """The --short line, its middle dots made " - " where stdout cannot take them or the
    locale is not UTF-8 (a `LANG=C` terminal would show the dot's two bytes)."""
    from tracker.core.ascii_text import is_utf8_locale  # imports nothing itself

    try:
        short.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return short.replace("\u00b7", "-")
    if not is_utf8_locale(os.environ, bool(sys.flags.utf8_mode)):
        return short.replace("\u00b7", "-")
    return short


def _steady_offset(at: float) -> bool:
    """Whether the local UTC offset is the same from a day before `at` to twelve days after
    (checked every six hours: zones change their offset months apart)."""
    first = time.localtime(at).tm_gmtoff
    return all(
        time.localtime(at + hours * 3600).tm_gmtoff == first for hours in range(-24, 12 * 24 + 1, 6)
    )


def work_out(folder: str, as_json: bool, explicit: bool, short: bool = False) -> "str | None":
    """Status from the status summary, saved for next time; None when the summary does not
    match the store (or anything else is amiss: the caller's full path says what)."""
    from tracker.core.clock import clock_from_env, zone_for
    from tracker.core.today import status_outputs
    from tracker.store.summary_cache import SUMMARY_NAME, decode_summary, summary_tag

    store = _store_stat(folder)
    if store is None or store.st_size > MAX_STORE_BYTES:
        return None
    try:  # O_NONBLOCK: should it have become a FIFO since the stat, it is read empty
        fd = os.open(os.path.join(folder, STORE), os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, "rb") as handle:
            raw = handle.read(store.st_size + 1)
        with open(os.path.join(folder, SUMMARY_NAME), "rb") as handle:
            cache = handle.read()
    except OSError:
        return None
    if len(raw) != store.st_size:
        return None
    tag = summary_tag(raw)
    summary = decode_summary(cache, tag) if tag else None
    if summary is None:
        return None
    try:
        clock = clock_from_env()
    except ValueError:
        return None
    now = clock.now()
    # The named zone only matters when the UTC offset changes within what status looks at
    # (the next eight days, a little more for `changes_at`): then load it, else save the
    # milliseconds zoneinfo takes to load. Either way the output is the same.
    zone = zone_for(clock) if not _steady_offset(now.timestamp()) else None
    plain, json, one_line, until = status_outputs(summary, now, zone)
    save(folder, store, explicit, (now, until), plain, json, one_line)
    return one_line if short else json if as_json else plain
