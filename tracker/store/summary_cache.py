"""`status-summary.cache`: what `supple status` shows, kept beside the store.

A summary (settings, history reduced to days, claimed reminders) is tagged with the size and
CRC-32 of the exact store bytes it sums up, and with a CRC-32 of the code that checks and sums
them: any other bytes, or other code, and it is a miss. Its first line is a CRC-32 of the rest,
so an edited or torn cache is a miss too. It is only a cache, for commands that only read
(status, config get): a miss reads and checks the store as ever, and a change always reads the
store itself, never this file.

The body is `marshal`led, not JSON: `import json` alone (it loads `re`, which loads `enum`)
and decoding ten years of days took longer than the rest of a status worked out from it.
marshal's format may change with the Python version, which is part of the code tag. What it
gives back is checked for shape and types (cheaply, a set of types per list) before use.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Iterable, Mapping
from datetime import date

from tracker.core.rules import History
from tracker.core.summary import Days, PainByDay, Summary

TYPE_CHECKING = False  # not from typing: `supple status` loads this module
if TYPE_CHECKING:
    from typing import Any

    from tracker.store.storage import Layout

SUMMARY_NAME = "status-summary.cache"
OLD_SUMMARY_NAME = "status-cache.json"  # its JSON forerunner: removed when one is written

_code_tag: list[int | None] = []  # worked out once per process


def code_tag() -> int | None:
    """CRC-32 of the code that checks a store and sums it up (this module included, so its
    summary format too) and of the Python version (marshal's): other code, other summaries.
    None when the source cannot be read (a frozen app); then nothing is cached.
    """
    if not _code_tag:
        _code_tag.append(_crc_of_code())
    return _code_tag[0]


def _crc_of_code() -> int | None:
    here = os.path.dirname(os.path.abspath(__file__))
    core = os.path.join(os.path.dirname(here), "core")
    sources = [os.path.join(here, f"{name}.py") for name in _SOURCES]
    sources += [os.path.join(core, "summary.py"), os.path.join(core, "rules.py")]
    crc = zlib.crc32(b"%d.%d marshal %d" % (*sys.version_info[:2], marshal.version))
    try:
        for source in sources:
            with open(source, "rb") as handle:
                crc = zlib.crc32(handle.read(), crc)
    except OSError:
        return None
    return crc


# Found by name, not by importing them: `supple status` reads the cache without loading them.
_SOURCES = ("records", "snapshot", "storage", "summary_cache")


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


def _ordinals(days: Iterable[date]) -> list[int]:
    if isinstance(days, Days):  # as read from the cache: already in order
        return days.ordinals
    return sorted(day.toordinal() for day in days)


def encode_summary(
    summary: Summary, tag: list[int], layout: Layout | None = None, schema: int = 0
) -> bytes:
    """The cache for `summary` of the store bytes `tag` names; `layout` (where each table
    sits in those bytes, known when supple wrote them) lets the next write append a session
    without parsing the store (see Store.add_session)."""
    history = summary.history
    first = history.first_day
    data = {
        "tag": tag,
        "settings": summary.stored_settings,
        "sent": sorted([day.isoformat(), time] for day, time in summary.sent),
        "snoozed": list(summary.snoozed),
        "done": _ordinals(history.done),
        "attempted": _ordinals(history.attempted),
        "skips": _ordinals(history.skips),
        "complete_count": history.complete_count,
        "first_day": first.toordinal() if first else None,
        "pain_after": _pain_days(history.pain_after),
        "eased": _ordinals(history.eased),
        "skip_reasons": {day.toordinal(): why for day, why in history.skip_reasons.items()},
        "pain_rises": {day.toordinal(): rise for day, rise in history.pain_rises.items()},
        "layout": layout,
        "schema": schema,  # of the store bytes, with the layout: a newer supple migrates first
    }
    return sealed_body(data)


def sealed_body(data: Mapping[str, Any]) -> bytes:
    """A summary's fields as the file holds them (see `body_of`)."""
    return sealed(marshal.dumps(dict(data)))


def body_of(raw: bytes) -> dict[str, Any] | None:
    """The fields in a summary file, if it is whole (sealed) and of this format; else None."""
    body = unsealed(raw)
    if body is None:
        return None
    try:
        data = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    return data if type(data) is dict else None


def _pain_days(pain: Mapping[date, tuple[int, ...]]) -> dict[int, list[int]]:
    if isinstance(pain, PainByDay):
        return pain.by_ordinal  # as read from the cache: no need to make days of them
    return {day.toordinal(): list(levels) for day, levels in pain.items()}


def sealed(body: bytes) -> bytes:
    """`body` behind a first line with its own CRC-32: an edited cache is a miss."""
    return b"%08x\n" % zlib.crc32(body) + body


def unsealed(raw: bytes) -> bytes | None:
    """The body of a `sealed` file if its CRC-32 matches, else None."""
    head, newline, body = raw.partition(b"\n")
    if not newline or len(head) != 8 or head != b"%08x" % zlib.crc32(body):
        return None
    return body


def decode_summary(raw: bytes, tag: list[int]) -> Summary | None:
    """The summary in `raw` if it is whole and was made for `tag`, else None."""
    found = decode_cache(raw, tag)
    return None if found is None else found[0]


def decode_cache(
    raw: bytes, tag: list[int], schema: int = 0
) -> tuple[Summary, Layout | None] | None:
    """The summary in `raw`, and the layout of the store bytes if it has one (and they have
    schema version `schema`), if the cache is whole and was made for `tag`; else None."""
    try:
        data = body_of(raw)
        if data is None or data["tag"] != tag:
            return None
        day = date.fromordinal
        first = data["first_day"]
        history = History(
            done=Days.of_ordinals(data["done"]),
            attempted=Days.of_ordinals(data["attempted"]),
            skips=Days.of_ordinals(data["skips"]),
            complete_count=int(data["complete_count"]),
            first_day=None if first is None else day(first),
            pain_after=PainByDay(data["pain_after"]),
            eased=Days.of_ordinals(data["eased"]),
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
        return Summary(dict(data["settings"]), history, sent, snoozed), layout
    except Exception:  # a damaged cache file is only a miss: the store is the truth
        return None
