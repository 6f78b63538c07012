"""`supple status` from its finished output, when nothing it depends on has changed.

`supple status` runs in shell prompts and status bars, many times a minute, and its answer
changes only at a few moments: when the store changes, when the day turns, when a reminder
comes or goes. So every status that is worked out in full leaves its output in
`status-output.cache` beside the store, with what it depends on:

- the store file's identity (device, inode, size, change time: any write, even in place,
  changes it; a file changed within the last RACY_NS is not cached, since a second change in
  the same timestamp tick would not show),
- the code (size and time of every module status runs: core, routine, store, notify, cli),
- the time zone (TZ, /etc/localtime, the current UTC offset) and $SUPPLE_NOW,
- how the data folder was found (the default folder depends on HOME and XDG_DATA_HOME),
- with sync on, the mark of the sync folder (tracker.sync.mark): an output is only used while
  the last merge has read the folder as it is now,
- and the span of time it holds for: until the next reminder comes or goes, the day starts,
  or the date changes (`tracker.core.today.changes_at`).

If all of it matches, the output is printed and nothing else is loaded: this module imports
only os, sys, time, and tracker.store.cache_files for reading it (a test checks). The file is
read only if it is a regular file of at most MAX_BYTES, and carries a CRC-32 of its body: a
torn, edited or crafted file, a FIFO or a symlink in its place is a miss (cache_files).

On a miss, `work_out` answers from the status summary (`status-summary.cache`) with only what
that takes; only when the summary does not match either (the store was changed by something
other than supple) does the caller load the whole command line.

The output may depend on files besides the store (`also`: for sync, other devices' logs):
their identities are kept with it and checked the same way.
"""

import os
import sys
import time

from tracker.store.cache_files import read_cache, seal, unseal, write_cache

TYPE_CHECKING = False  # not from typing, which this module must not load
if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

NAME = "status-output.cache"
STORE = "supple.json"
FORMAT = b"supple status output 3"  # 3: with the --short line
FORMS = (["status"], ["status", "--json"], ["status", "--short"])
"""The command lines answered here, in the order their texts are kept."""
SHORT = FORMS.index(["status", "--short"])
RACY_NS = 100_000_000
MAX_BYTES = 1 << 16  # a few hundred bytes of output and the key
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
    """Size and change time of every module status runs: any edit or upgrade differs.
    (hash() of ints is the same in every process; of text it is not.)"""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    marks: list[int] = []
    for part in _CODE_FOLDERS:
        try:
            entries = sorted(os.scandir(os.path.join(package, part)), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                info = entry.stat()
                marks += (len(entry.name), info.st_size, info.st_mtime_ns)
    return f"{len(marks)}:{hash(tuple(marks)) & 0xFFFFFFFFFFFF:x}"


_CODE_FOLDERS = ("core", "routine", "store", "notify", "cli", os.path.join("cli", "commands"))


def _zone() -> str:
    try:
        localtime = os.readlink("/etc/localtime")
    except OSError:
        localtime = ""
    return f"{os.environ.get('TZ', '')}:{localtime}"


def key(data_dir: str, store: os.stat_result, explicit: bool) -> str:
    """Everything an output depends on, but the time and `also` (see the module docstring)."""
    now_env = os.environ.get("SUPPLE_NOW", "")
    offset = "" if now_env else str(time.localtime().tm_gmtoff)
    parts = (data_dir, _identity(store), _code(), _zone(), offset, now_env, _found_by(explicit))
    return "|".join(parts) + _sync_part(data_dir)


def _sync_part(data_dir: str) -> str:
    """'' without sync; else the sync folder's mark (see tracker.sync.mark)."""
    if not os.path.isdir(os.path.join(data_dir, "sync")):
        return ""
    from tracker.sync.mark import folder_mark

    return f"|sync:{folder_mark(data_dir)}"


def _sync_state(data_dir: str) -> "str | None":
    """None without sync or when the last merge read the folder as it is now; "merge" when
    another device's files changed since (the full path merges them first); "paused" when
    the folder is away (status then says so, which only the full path words)."""
    if not os.path.isdir(os.path.join(data_dir, "sync")):
        return None
    from tracker.sync.mark import PAUSED, folder_mark, seen_mark

    current = folder_mark(data_dir)
    if current is not None and current != seen_mark(data_dir):
        return "merge"
    return "paused" if current == PAUSED else None


def _identity(info: os.stat_result) -> str:
    """Changes with any write, even in place (the change time: no program can set it back)."""
    return f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_ctime_ns}"


def identities(paths: "Sequence[str]") -> "str | None":
    """The identity of each of `paths` (a missing one is "-"), one per line, for `save`'s
    `also`: taken before they are read. None if one was changed within RACY_NS (another
    change in the same timestamp tick would not show): then nothing is saved."""
    lines = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            lines.append(f"{path}\t-")
            continue
        if time.time_ns() - info.st_ctime_ns < RACY_NS:
            return None
        lines.append(f"{path}\t{_identity(info)}")
    return "\n".join(lines)


def _store_stat(data_dir: str) -> "os.stat_result | None":
    """The store's stat, if it is a regular file (anything else is the full path's to report:
    opening a FIFO would block)."""
    try:
        info = os.stat(os.path.join(data_dir, STORE))
    except OSError:
        return None
    return info if (info.st_mode & 0o170000) == 0o100000 else None  # S_ISREG, without stat


def cached(data_dir: str, form: int, explicit: bool) -> "str | None":
    """The saved output of the command line FORMS[form] if it still holds, else None."""
    store = _store_stat(data_dir)
    if store is None:
        return None
    body = unseal(read_cache(os.path.join(data_dir, NAME), MAX_BYTES))
    if body is None:
        return None
    try:
        head, wanted, span, also, *texts = body.split(b"\0")
        start, end = (int(x) for x in span.split())
        text = texts[form]
    except (ValueError, IndexError):
        return None
    if head != FORMAT or len(texts) != len(FORMS):
        return None
    if wanted.decode("utf-8", "replace") != key(data_dir, store, explicit):
        return None
    if also:
        paths = [line.split("\t")[0] for line in also.decode("utf-8", "replace").split("\n")]
        now = identities(paths)
        if now is None or now.encode("utf-8") != also:
            return None
    if not os.environ.get("SUPPLE_NOW") and not start <= time.time_ns() < end:
        return None
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return None


def save(
    data_dir: str,
    store: os.stat_result,
    explicit: bool,
    span: "tuple[datetime, datetime]",
    texts: "Sequence[str]",
    also: "str | None" = "",
) -> None:
    """Keep the outputs (one per FORMS) of a status worked out in full. `store` is the
    store's stat taken before it was read; `span` the moments it holds for; `also` the
    `identities` of other files it was worked out from, taken before they were read."""
    if also is None or time.time_ns() - store.st_ctime_ns < RACY_NS:
        return  # just changed: another change in the same tick would not show
    body = b"\0".join(
        (
            FORMAT,
            key(data_dir, store, explicit).encode("utf-8"),
            b"%d %d" % tuple(int(moment.timestamp() * 1e6) * 1000 for moment in span),
            also.encode("utf-8"),
            *(text.encode("utf-8") for text in texts),
        )
    )
    write_cache(os.path.join(data_dir, NAME), seal(body))


def quick_status(words: "list[str]") -> "int | None":
    """Answer `supple [--data-dir DIR] status [--json | --short]` from the saved output;
    None when it cannot (then the caller works it out)."""
    explicit = False
    folder: str | None = None
    if len(words) > 2 and words[0] == "--data-dir" and not words[1].startswith("-"):
        folder, words, explicit = words[1], words[2:], True
    if words not in FORMS or folder == "":  # "": main refuses it
        return None
    if folder is None:
        folder = os.environ.get("SUPPLE_DATA_DIR") or None
        explicit = folder is not None
    if folder is None:
        folder = default_data_dir()
        if folder is None:
            return None
    folder = os.path.abspath(os.path.expanduser(folder))
    form = FORMS.index(words)
    sync = _sync_state(folder)
    if sync == "merge":
        return None
    text = cached(folder, form, explicit)
    if text is None:
        if sync == "paused":
            return None
        text = work_out(folder, form, explicit)
        if text is None:
            return None
    sys.stdout.write(fitted(text) if form == SHORT else text)
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


def work_out(folder: str, form: int, explicit: bool) -> "str | None":
    """Status from the status summary, saved for next time; None when the summary does not
    match the store (or anything else is amiss: the caller's full path says what)."""
    from tracker.core.clock import clock_from_env, zone_for
    from tracker.core.today import status_texts
    from tracker.store.summary_cache import (
        SUMMARY_NAME,
        decode_summary,
        read_summary_file,
        summary_tag,
    )

    store = _store_stat(folder)
    if store is None or store.st_size > MAX_STORE_BYTES:
        return None
    # The store as it is (a regular file, perhaps the user's own symlink to one), bounded.
    raw = read_cache(os.path.join(folder, STORE), MAX_STORE_BYTES, follow_links=True)
    if raw is None or len(raw) != store.st_size:
        return None
    tag = summary_tag(raw)
    if tag is None:
        return None
    summary = decode_summary(read_summary_file(os.path.join(folder, SUMMARY_NAME)), tag)
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
    *texts, until = status_texts(summary, now, zone)
    save(folder, store, explicit, (now, until), texts)
    return texts[form]
