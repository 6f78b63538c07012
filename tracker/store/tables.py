"""A change that reads and writes only the tables it touches.

A store file supple wrote itself is laid out table by table (`storage.dump_laid_out`), and the
status summary keeps where each table sits in it (its `layout`). When the summary attests the
file's bytes (see Store._attested), a change gets its tables as `LaidOutTables`: each table is
parsed the first time it is asked for (TinyDB asks for one table at a time), and the file is
written back with the tables never asked for copied as the bytes they were. A skip day or a
setting at 30 years then costs the bytes of the marks or the settings, not 5 MB of sessions.

A new session is appended to the sessions table without parsing it (`append`): the documents
are sorted by id, and a new one has the highest, so it goes at the end of the table's bytes.

The bytes written are exactly those a full parse and `dump_laid_out` would write (a property
test checks, on stores made through every change).
"""

from __future__ import annotations

import json

from tracker.core.rules import History
from tracker.core.summary import Summary, with_session
from tracker.store.errors import StoreDamagedError
from tracker.store.snapshot import Snapshot
from tracker.store.storage import Layout, document_bytes, is_doc_id

TYPE_CHECKING = False  # not from typing: `supple done` loads this module
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    Table = dict[str, dict[str, Any]]


def layout_fits(raw: bytes, layout: Layout) -> bool:
    """Whether `layout` tiles `raw` exactly as `dump_laid_out` lays a file out: `{`, then each
    table's key and object, separated by commas, then `}`; and each table's highest id is
    the key of its last document. Cheap: it looks only at the edges of each table."""
    at = 1
    if raw[:1] != b"{":
        return False
    for index, (name, (start, end, highest)) in enumerate(layout.items()):
        key = (b"," if index else b"") + json.dumps(name, ensure_ascii=False).encode() + b":"
        if raw[at : at + len(key)] != key or start != at + len(key) or not start < end:
            return False
        if raw[start : start + 1] != b"{" or raw[end - 1 : end] != b"}":
            return False
        if not _last_id_is(raw, start, end, highest):
            return False
        at = end
    return at == len(raw) - 1 and raw[at:] == b"}"


def _last_id_is(raw: bytes, start: int, end: int, highest: int) -> bool:
    """Whether the table in raw[start:end] is empty and `highest` is 0, or its last document
    has the id `highest`. (In compact JSON text, `"7":{` can only be a key: a quote inside a
    string is escaped, `\\"7\\":{`.)"""
    if end - start == 2:
        return highest == 0
    key = b'"%d":{' % highest
    last = raw.rfind(key, start, end)
    return (
        last > start
        and raw[last - 1 : last] in (b"{", b",")
        and raw.find(b'":{', last + len(key), end) == -1
    )


class LaidOutTables(dict[str, "Table"]):
    """{table name: {doc id: document}} of a store file with a known layout, each table
    parsed when first asked for (`tables[name]`). A table asked for is written back from
    its documents; the others as the bytes they were, with any `append`ed documents."""

    def __init__(self, path: Path, raw: bytes, layout: Layout) -> None:
        super().__init__()
        self.path = path
        self.raw = raw
        self.layout = layout
        self.appended: dict[str, list[dict[str, Any]]] = {}

    def __missing__(self, name: str) -> Table:
        span = self.layout.get(name)
        if span is None:
            raise KeyError(name)
        try:
            table = json.loads(self.raw[span[0] : span[1]])
        except (ValueError, RecursionError):
            table = None
        if not isinstance(table, dict) or not all(
            is_doc_id(doc_id) and isinstance(doc, dict) for doc_id, doc in table.items()
        ):
            raise StoreDamagedError(self.path, f"table '{name}' has the wrong shape")
        highest = span[2]
        for document in self.appended.pop(name, ()):
            highest += 1
            table[str(highest)] = document
        self[name] = table
        return table

    def parsed(self) -> set[str]:
        """The tables asked for so far (and so written from their documents)."""
        return set(self)

    def may_append(self, name: str, field: str, value: str) -> bool:
        """Whether a document whose `field` is `value` can be appended to table `name`
        without parsing it: the table is not parsed yet and holds no such document.
        (Its text appearing anywhere in the table, a note included, is a no.)"""
        if name in self or name not in self.layout:
            return False
        start, end, _ = self.layout[name]
        needle = json.dumps(field).encode() + b":" + json.dumps(value, ensure_ascii=False).encode()
        appended = self.appended.get(name, ())
        return needle not in self.raw[start:end] and all(d.get(field) != value for d in appended)

    def append(self, name: str, document: dict[str, Any]) -> None:
        """Add `document` to table `name` with the next id, the table not parsed."""
        self.appended.setdefault(name, []).append(document)

    def dump(self) -> tuple[list[memoryview], Layout]:
        """The file's bytes (in parts) and their layout, as `dump_laid_out` of all tables."""
        whole = memoryview(self.raw)
        parts = [memoryview(b"{")]
        position = 1
        layout: Layout = {}
        names = [*self.layout, *(name for name in self if name not in self.layout)]
        for index, name in enumerate(names):
            key = json.dumps(name, ensure_ascii=False).encode("utf-8") + b":"
            if index:
                key = b"," + key
            body: list[memoryview]
            if name in self:
                ordered = dict(sorted(self[name].items(), key=lambda item: int(item[0])))
                text = json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))
                body = [memoryview(text.encode("utf-8"))]
                highest = int(next(reversed(ordered))) if ordered else 0
            else:
                start, end, highest = self.layout[name]
                body = [whole[start:end]]
                more = self.appended.get(name, ())
                if more:
                    entries = []
                    for document in more:
                        highest += 1
                        entries.append(b'"%d":' % highest + document_bytes(document))
                    joined = b",".join(entries) + b"}"
                    tail = (b"," if end - start > 2 else b"") + joined
                    body = [whole[start : end - 1], memoryview(tail)]
            parts.append(memoryview(key))
            parts += body
            position += len(key)
            size = sum(len(part) for part in body)
            layout[name] = [position, position + size, highest]
            position += size
        parts.append(memoryview(b"}"))
        return parts, layout


def in_file_order(table: Table) -> list[dict[str, Any]]:
    """The documents of `table` in the order the file holds them (by id)."""
    return [doc for _, doc in sorted(table.items(), key=lambda item: int(item[0]))]


def summary_after(before: Summary, tables: LaidOutTables) -> Summary:
    """The summary of `tables` after a change, from `before` (the summary of the bytes they
    were read from): what comes from the tables the change asked for is worked out again
    from them, the rest kept; appended sessions are added to the history. The same as
    `Summary.of` a full read of the file written (a property test checks)."""
    parsed = tables.parsed()
    summary = before
    if parsed & {"sessions", "meta"}:
        meta = next(iter(tables["meta"].values()), {})
        sessions = Snapshot(
            True, created=meta.get("created"), sessions=tuple(in_file_order(tables["sessions"]))
        )
        history = _with_skips(sessions.history, before.history)
        summary = Summary(
            before.stored_settings,
            history,
            before.sent,
            before.snoozed,
            before.measures,
            before.hinge_days,
        )
    else:
        for document in tables.appended.get("sessions", ()):
            summary = with_session(summary, document)
    history, settings = summary.history, summary.stored_settings
    sent, snoozed = summary.sent, summary.snoozed
    if "marks" in parsed:
        marks = Snapshot(True, marks=tuple(tables["marks"].values()))
        history = _with_skips(history, marks.history)
    if "settings" in parsed:
        settings = {
            str(d["key"]): d.get("value") for d in tables["settings"].values() if "key" in d
        }
    if "reminders_sent" in parsed:
        reminders = Snapshot(True, reminders_sent=tuple(in_file_order(tables["reminders_sent"])))
        sent, snoozed = reminders.sent_reminders(), reminders.snooze_records()
    measures = summary.measures
    if parsed & {"measurements", "activities"}:
        recorded = Snapshot(
            True,
            measurements=tuple(in_file_order(tables["measurements"])),
            activities=tuple(in_file_order(tables["activities"])),
        )
        measures = recorded.measures
    hinge_days = summary.hinge_days
    if "hinge_checks" in parsed:
        checked = Snapshot(True, hinge_checks=tuple(in_file_order(tables["hinge_checks"])))
        hinge_days = checked.hinge_days
    return Summary(settings, history, sent, snoozed, measures, hinge_days)


def _with_skips(history: History, marked: History) -> History:
    """`history` with the skip days (and their reasons) of `marked`, read from the marks."""
    return History(
        done=history.done,
        attempted=history.attempted,
        skips=marked.skips,
        complete_count=history.complete_count,
        first_day=history.first_day,
        pain_after=history.pain_after,
        eased=history.eased,
        skip_reasons=marked.skip_reasons,
        pain_rises=history.pain_rises,
    )
