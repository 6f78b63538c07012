"""`status-summary.cache`: what `supple status` shows, kept beside the store.

A summary (settings, history reduced to days, claimed reminders) is tagged with the size and
CRC-32 of the exact store bytes it sums up, and with a CRC-32 of the code that checks and sums
them: any other bytes, or other code, and it is a miss. Its first line is a CRC-32 of the rest,
so an edited or torn cache is a miss too. It is only a cache, for commands that only read
(status, config get): a miss reads and checks the store as ever. A change takes the history
from it only when it attests the store bytes as supple's own write (see Store._attested).

The body is `marshal`led, not JSON: `import json` alone (it loads `re`, which loads `enum`)
and decoding ten years of days took longer than the rest of a status worked out from it.
Lists of days are packed arrays of day numbers (one bytes object each), so the marshalled
part holds a few hundred objects, and `_bounded` walks it before `marshal.loads`: marshal
makes room for as many items as a list claims before reading them, so 22 crafted bytes could
claim half a gigabyte. What it gives back is checked for shape and types before use.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from array import array
from collections.abc import Iterable, Mapping
from datetime import date

from tracker.core.measures import (
    MeasuresNow,
    Progress,
    Reading,
    activities_progress_of,
    fingertip_progress_of,
)
from tracker.core.rules import History
from tracker.core.summary import PainByDay, Summary
from tracker.store.cache_files import read_cache, seal, unseal

TYPE_CHECKING = False  # not from typing: `supple status` loads this module
if TYPE_CHECKING:
    from typing import Any

    from tracker.store.storage import Layout

SUMMARY_NAME = "status-summary.cache"
OLD_SUMMARY_NAME = "status-cache.json"  # its JSON forerunner: removed when one is written
MAX_SUMMARY_BYTES = 1024 * 1024
"""Above any real summary (30 years of daily sessions: about 150 KB); a larger one is a miss."""
MAX_OBJECTS = 100_000
"""Objects the marshalled part may hold: settings, reminder records, a few lists."""
DAY_LISTS = ("done", "attempted", "skips", "eased")
PAIN_PARTS = ("days", "ends", "levels")  # PainByDay's

_code_tag: list[int | None] = []  # worked out once per process


def code_tag() -> int | None:
    """CRC-32 of the code that checks a store and sums it up (this module included, so its
    summary format too), of the Python version (marshal's) and of how arrays are packed
    here: other code, other summaries. None when the source cannot be read (a frozen app);
    then nothing is cached.
    """
    if not _code_tag:
        _code_tag.append(_crc_of_code())
    return _code_tag[0]


def _crc_of_code() -> int | None:
    here = os.path.dirname(os.path.abspath(__file__))
    core = os.path.join(os.path.dirname(here), "core")
    sources = [os.path.join(here, f"{name}.py") for name in _SOURCES]
    sources += [
        os.path.join(core, f"{name}.py") for name in ("summary", "rules", "measures", "hinge")
    ]
    packing = b"%d.%d marshal %d array %d %s" % (
        *sys.version_info[:2],
        marshal.version,
        array("i").itemsize,
        sys.byteorder.encode(),
    )
    crc = zlib.crc32(packing)
    try:
        for source in sources:
            with open(source, "rb") as handle:
                crc = zlib.crc32(handle.read(), crc)
    except OSError:
        return None
    return crc


# Found by name, not by importing them: `supple status` reads the cache without loading them.
_SOURCES = ("records", "snapshot", "storage", "summary_cache", "tables")


def summary_tag(raw: bytes | list[memoryview]) -> list[int] | None:
    """What a summary is valid for: exactly these store bytes (given whole, or in parts that
    make them up), read by exactly this code."""
    code = code_tag()
    if code is None:
        return None
    if isinstance(raw, bytes):
        return [code, len(raw), zlib.crc32(raw)]
    crc = 0
    for part in raw:
        crc = zlib.crc32(part, crc)
    return [code, sum(len(part) for part in raw), crc]


def _packed(numbers: Iterable[int]) -> bytes:
    return array("i", numbers).tobytes()


def _unpacked(packed: object) -> list[int]:
    if type(packed) is not bytes:
        raise ValueError("a list of days must be packed")
    numbers = array("i")
    numbers.frombytes(packed)  # (a length that is no multiple of 4 is a ValueError)
    return numbers.tolist()


def _ordinals(days: Iterable[date]) -> list[int]:
    return sorted(day.toordinal() for day in days)


def encode_summary(
    summary: Summary, tag: list[int], layout: Layout | None = None, schema: int = 0
) -> bytes:
    """The cache for `summary` of the store bytes `tag` names; `layout` (where each table
    sits in those bytes, known when supple wrote them) lets the next change read and write
    only the tables it changes (see tracker.store.tables)."""
    history = summary.history
    first = history.first_day
    days, ends, levels = _pain_packed(history.pain_after)
    data = {
        "tag": tag,
        "settings": summary.stored_settings,
        "sent": sorted([day.isoformat(), time] for day, time in summary.sent),
        "snoozed": list(summary.snoozed),
        **{name: _packed(_ordinals(getattr(history, name))) for name in DAY_LISTS},
        "complete_count": history.complete_count,
        "first_day": first.toordinal() if first else None,
        "pain_days": _packed(days),
        "pain_ends": _packed(ends),
        "pain_levels": _packed(levels),
        "measures": [_progress(summary.measures.fingertip), _progress(summary.measures.activities)],
        "hinge": {str(day.toordinal()): answer for day, answer in summary.hinge_days.items()},
        "skip_reasons": {day.toordinal(): why for day, why in history.skip_reasons.items()},
        "pain_rises": {day.toordinal(): rise for day, rise in history.pain_rises.items()},
        "layout": layout,
        "schema": schema,  # of the store bytes, with the layout: a newer supple migrates first
    }
    return sealed_body(data)


def sealed_body(data: Mapping[str, Any]) -> bytes:
    """A summary's fields as the file holds them (see `body_of`)."""
    return seal(marshal.dumps(dict(data)))


def sealed(body: bytes) -> bytes:
    """`body` behind a first line with its own CRC-32 (see cache_files.seal)."""
    return seal(body)


def read_summary_file(path: str | os.PathLike[str]) -> bytes | None:
    """The summary file's bytes, if it is a regular file of a sane size (see cache_files)."""
    return read_cache(path, MAX_SUMMARY_BYTES)


def body_of(raw: bytes | None) -> dict[str, Any] | None:
    """The fields in a summary file, if it is whole (sealed) and of this format; else None."""
    body = unseal(raw)
    if body is None or len(body) > MAX_SUMMARY_BYTES or not _bounded(body):
        return None
    try:
        data = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    return data if type(data) is dict else None


def _progress(progress: Progress | None) -> list[float] | None:
    """First and latest reading as [day, value, day, value] (days as ordinals)."""
    if progress is None:
        return None
    first, latest = progress.first, progress.latest
    return [first.day.toordinal(), first.value, latest.day.toordinal(), latest.value]


def _read_progress(data: object, make: Any) -> Progress | None:
    if data is None:
        return None
    assert isinstance(data, (list, tuple))  # else the caller's except makes it a miss
    first_day, first, latest_day, latest = data
    day = date.fromordinal
    made: Progress = make(
        Reading(day(int(first_day)), float(first)), Reading(day(int(latest_day)), float(latest))
    )
    return made


# marshal's type codes (Python/marshal.c), as this module's summaries use them.
_FIXED = {ord("N"): 0, ord("T"): 0, ord("F"): 0, ord("i"): 4, ord("r"): 4, ord("g"): 8}
_SIZED = {ord(c): 1 for c in "sauAt"}  # 4-byte length, then that many bytes
_SHORT = {ord("z"), ord("Z")}  # 1-byte length, then that many bytes
_FLAG_REF = 0x80


def _bounded(body: bytes) -> bool:
    """Whether `body` is marshal data of the kinds a summary holds in which every list,
    tuple, string and bytes object has the items it claims, in at most MAX_OBJECTS objects:
    then marshal.loads makes room for no more than the body holds."""
    end = len(body)
    at = 0
    todo = [1]  # objects still to read at each level; -1 for a dict (read to its "0")
    objects = 0
    while todo:
        if todo[-1] == 0:
            todo.pop()
            continue
        if at >= end:
            return False
        code = body[at] & ~_FLAG_REF
        at += 1
        objects += 1
        if objects > MAX_OBJECTS:
            return False
        if code == ord("0"):  # a dict ends
            if todo[-1] != -1:
                return False
            todo.pop()
            continue
        if todo[-1] > 0:
            todo[-1] -= 1
        if code in _FIXED:
            at += _FIXED[code]
        elif code in _SIZED or code == ord("l"):
            size = int.from_bytes(body[at : at + 4], "little", signed=True)
            at += 4 + (2 * abs(size) if code == ord("l") else size)
            if size < 0 and code != ord("l"):
                return False
        elif code in _SHORT:
            if at >= end:
                return False
            at += 1 + body[at]
        elif code in (ord("["), ord("(")):
            size = int.from_bytes(body[at : at + 4], "little", signed=True)
            at += 4
            if not 0 <= size <= end - at:
                return False
            todo.append(size)
        elif code == ord(")"):
            if at >= end:
                return False
            todo.append(body[at])
            at += 1
        elif code == ord("{"):
            todo.append(-1)
        else:
            return False
        if at > end:
            return False
    return at == end


def _pain_packed(pain: Mapping[date, tuple[int, ...]]) -> tuple[list[int], list[int], list[int]]:
    """History.pain_after as PainByDay keeps it: days, where their levels end, levels."""
    if isinstance(pain, PainByDay):
        return pain.days, pain.ends, pain.levels  # as read from the cache
    days = sorted(day.toordinal() for day in pain)
    ends: list[int] = []
    levels: list[int] = []
    for day in days:
        levels += pain[date.fromordinal(day)]
        ends.append(len(levels))
    return days, ends, levels


def decode_summary(raw: bytes | None, tag: list[int]) -> Summary | None:
    """The summary in `raw` if it is whole and was made for `tag`, else None."""
    found = decode_cache(raw, tag)
    return None if found is None else found[0]


def decode_cache(
    raw: bytes | None, tag: list[int], schema: int = 0
) -> tuple[Summary, Layout | None] | None:
    """The summary in `raw`, and the layout of the store bytes if it has one (and they have
    schema version `schema`), if the cache is whole and was made for `tag`; else None."""
    try:
        data = body_of(raw)
        if data is None or data["tag"] != tag:
            return None
        day = date.fromordinal
        first = data["first_day"]
        lists = {name: frozenset(map(day, _unpacked(data[name]))) for name in DAY_LISTS}
        history = History(
            **lists,
            complete_count=int(data["complete_count"]),
            first_day=None if first is None else day(first),
            pain_after=PainByDay(*(_unpacked(data[f"pain_{part}"]) for part in PAIN_PARTS)),
            # a cache from before these fields is a miss (KeyError), never a wrong answer
            skip_reasons={day(int(k)): str(v) for k, v in data["skip_reasons"].items()},
            pain_rises={day(int(k)): int(v) for k, v in data["pain_rises"].items()},
        )
        sent = frozenset((date.fromisoformat(d), str(t)) for d, t in data["sent"])
        snoozed = tuple(dict(r) for r in data["snoozed"])
        layout = data.get("layout") if data.get("schema") == schema else None
        if layout is not None:
            layout = {
                str(name): [int(start), int(end), int(highest)]
                for name, (start, end, highest) in layout.items()
            }
        fingertip, activities = data["measures"]
        measures = MeasuresNow(
            _read_progress(fingertip, fingertip_progress_of),
            _read_progress(activities, activities_progress_of),
        )
        hinge_days = {
            date.fromordinal(int(day)): str(answer) for day, answer in data["hinge"].items()
        }
        summary = Summary(dict(data["settings"]), history, sent, snoozed, measures, hinge_days)
        return summary, layout
    except Exception:  # a damaged cache file is only a miss: the store is the truth
        return None
