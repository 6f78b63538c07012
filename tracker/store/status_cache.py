"""`status-cache.json`: what `supple status` shows, kept beside the store.

A summary (settings, history reduced to days, claimed reminders) is tagged with the size and
CRC-32 of the exact store bytes it sums up, and with a CRC-32 of the code that checks and sums
them: any other bytes, or other code, and it is a miss. Its first line is a CRC-32 of the rest,
so an edited or torn cache is a miss too. It is only a cache, for commands that only read
(status, config get): a miss reads and checks the store as ever, and a change always reads the
store itself, never this file.
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from tracker.rules import History
from tracker.store.snapshot import Summary

SUMMARY_NAME = "status-cache.json"


@functools.cache
def code_tag() -> int | None:
    """CRC-32 of the code that checks a store and sums it up (this module included, so its
    summary format too): other code, other summaries. None when the source cannot be read
    (a frozen app); then nothing is cached.
    """
    from tracker import rules
    from tracker.store import records, snapshot, storage

    crc = 0
    sources = (records.__file__, rules.__file__, snapshot.__file__, storage.__file__, __file__)
    try:
        for source in sources:
            crc = zlib.crc32(Path(str(source)).read_bytes(), crc)
    except OSError:
        return None
    return crc


def summary_tag(raw: bytes) -> list[int] | None:
    """What a summary is valid for: exactly these store bytes, read by exactly this code."""
    code = code_tag()
    if code is None:
        return None
    return [code, len(raw), zlib.crc32(raw)]


def _ordinals(days: Iterable[date]) -> list[int]:
    return sorted(day.toordinal() for day in days)


def encode_summary(summary: Summary, tag: list[int]) -> bytes:
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
        "pain_after": [[day.toordinal(), list(v)] for day, v in history.pain_after.items()],
        "eased": _ordinals(history.eased),
    }
    return sealed(json.dumps(data, ensure_ascii=False).encode("utf-8"))


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
    try:
        body = unsealed(raw)
        if body is None:
            return None
        data = json.loads(body)
        if data["tag"] != tag:
            return None
        day = date.fromordinal
        first = data["first_day"]
        history = History(
            done=frozenset(map(day, data["done"])),
            attempted=frozenset(map(day, data["attempted"])),
            skips=frozenset(map(day, data["skips"])),
            complete_count=int(data["complete_count"]),
            first_day=None if first is None else day(first),
            pain_after={day(d): tuple(v) for d, v in data["pain_after"]},
            eased=frozenset(map(day, data["eased"])),
        )
        sent = frozenset((date.fromisoformat(d), str(t)) for d, t in data["sent"])
        snoozed = tuple(dict(r) for r in data["snoozed"])
        return Summary(dict(data["settings"]), history, sent, snoozed)
    except Exception:  # a damaged cache file is only a miss: the store is the truth
        return None
