"""The merge, pure: which entry wins for each record, and what that asks of a store.

Per kind and key (a session's id, a skip day's date, a setting's name) the entry with the
greatest (hlc, device, id) wins: a deletion (tombstone) loses to a later save (an undo is a
new save), and of two devices changing one setting the later change wins. Taking the greatest
is commutative, associative and idempotent, so entries delivered in any order, twice, late,
or from a conflict copy give every device the same winners.

A device applies a winner only when it is newer than what it last applied for that record
(`applied`): a log that goes missing from the folder can never take a record back to an
older state, and each winner is written once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from tracker.core.record_type import record_type
from tracker.sync.entries import KINDS, Entry, Order, canonical

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

Slot = tuple[str, str]
"""(kind, key): one record."""
Tables = Mapping[str, Mapping[str, Mapping[str, "Any"]]]
"""kind -> key -> record, as the store holds them."""
Change = tuple[str, str, "dict[str, Any] | None"]
"""(kind, key, the record to hold, or None: to delete)."""


def _tie_break(entry: Entry) -> str:
    return json.dumps(entry.value, sort_keys=True)


def winners(entries: Iterable[Entry]) -> dict[Slot, Entry]:
    """The winning entry of every record the entries touch."""
    best: dict[Slot, Entry] = {}
    for entry in entries:
        slot = (entry.kind, entry.key)
        held = best.get(slot)
        if held is None or entry.order > held.order:
            best[slot] = entry
        elif entry.order == held.order and entry.value != held.value:
            # One id with two contents (a hand-edited log): still one answer everywhere.
            if _tie_break(entry) > _tie_break(held):
                best[slot] = entry
    return best


@record_type
class Plan:
    changes: tuple[Change, ...]  # what to write into the store
    applied: dict[Slot, Order]  # the records whose winner the store now holds


def plan(tables: Tables, best: Mapping[Slot, Entry], applied: Mapping[Slot, Order]) -> Plan:
    """What to write so the store holds every winner newer than what it last applied."""
    changes: list[Change] = []
    now_applied: dict[Slot, Order] = {}
    for slot, entry in best.items():
        if entry.kind not in KINDS:
            continue
        last = applied.get(slot)
        if last is not None and last >= entry.order:
            continue
        held = tables.get(entry.kind, {}).get(entry.key)
        current = None if held is None else canonical(entry.kind, held)
        if current != entry.value or (held is not None and entry.value is None):
            changes.append((entry.kind, entry.key, entry.value))
        now_applied[slot] = entry.order
    return Plan(tuple(changes), now_applied)


def local_changes(before: Tables, after: Tables) -> list[Change]:
    """What a local write changed in the synced records, as the entries will carry it: a
    record added or changed (canonical), or deleted (None). A device's own settings and
    records that are not synced are left out."""
    changes: list[Change] = []
    for kind in KINDS:
        old, new = before.get(kind, {}), after.get(kind, {})
        for key, record in new.items():
            if old.get(key) != record:
                value = canonical(kind, record)
                if value is not None:
                    changes.append((kind, key, value))
        for key, record in old.items():
            if key not in new and canonical(kind, record) is not None:
                changes.append((kind, key, None))
    return changes
