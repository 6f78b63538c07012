"""The merge itself, pure: any interleaving of changes on 2-4 devices, delivered in any
order, twice, late, with clocks hours apart, gives every device the same records.

Each simulated device runs the same steps as tracker.sync.synced_store, on dict tables: a
local change is diffed (`local_changes`), stamped (`tick`) and logged; a merge folds what it
has received (`winners`) and writes what `plan` says, newer than what it `applied`. Delivery
is a sync engine's: a device sees any subset of the others' entries at any time (files copied
late, twice, or out of order), and everything in the end.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.sync.entries import KINDS, Entry, Order, canonical
from tracker.sync.hlc import Stamp, later, tick
from tracker.sync.merge import Slot, local_changes, plan, winners

DAYS = [f"2026-11-{d:02d}" for d in range(20, 26)]
HOUR_MS = 3_600_000


def session(sid: str, day: str, note: str) -> dict[str, Any]:
    return {"id": sid, "date": day, "kind": "logged", "status": "complete", "note": note}


class Device:
    def __init__(self, name: str, skew_ms: int) -> None:
        self.name = name
        self.skew_ms = skew_ms
        self.tables: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in KINDS}
        self.log: list[Entry] = []
        self.received: list[Entry] = []
        self.clock: Stamp = (0, 0)
        self.applied: dict[Slot, Order] = {}
        self.trash: list[dict[str, Any]] = []  # deleted sessions, for undo
        self.counter = 0

    def change(self, now_ms: int, edit: Any) -> None:
        before = copy.deepcopy(self.tables)
        edit(self)
        for kind, key, value in local_changes(before, self.tables):
            self.counter += 1
            self.clock = tick(self.clock, now_ms + self.skew_ms)
            self.log.append(
                Entry(f"{self.name}-{self.counter}", self.name, self.clock, kind, key, value)
            )

    def merge(self) -> None:
        best = winners(self.log + self.received)
        merged = plan(self.tables, best, self.applied)
        for kind, key, value in merged.changes:
            if value is None:
                self.tables[kind].pop(key, None)
            else:
                self.tables[kind][key] = dict(value)
        self.applied.update(merged.applied)
        for entry in self.received:
            self.clock = later(self.clock, entry.hlc)

    def synced(self) -> dict[str, dict[str, Any]]:
        return {
            kind: {key: canonical(kind, record) for key, record in records.items()}
            for kind, records in self.tables.items()
        }


def edits(draw: st.DrawFn, device: Device) -> Any:
    """One thing a person does on a device: the same changes the app and the shell make."""
    what = draw(st.sampled_from(["add", "delete", "undo", "skip", "clear", "set", "reset"]))
    day = draw(st.sampled_from(DAYS))

    def edit(d: Device) -> None:
        sessions = d.tables["session"]
        if what == "add":
            d.counter += 1
            sid = f"s-{d.name}-{d.counter}"
            sessions[sid] = session(sid, day, draw(st.sampled_from(["", "stiff", "fine"])))
        elif what == "delete" and sessions:
            sid = draw(st.sampled_from(sorted(sessions)))
            d.trash.append(sessions.pop(sid))
        elif what == "undo" and d.trash:
            record = d.trash.pop()
            sessions[record["id"]] = record
        elif what == "skip":
            d.tables["skip"][day] = {"date": day, "kind": "skip", "reason": d.name}
        elif what == "clear":
            d.tables["skip"].pop(day, None)
        elif what == "set":
            value = draw(st.integers(0, 600))
            d.tables["setting"]["rest"] = {"key": "rest", "value": value}
        elif what == "reset":
            d.tables["setting"].pop("rest", None)

    return edit


@st.composite
def histories(draw: st.DrawFn) -> list[Device]:
    count = draw(st.integers(2, 4))
    devices = [Device(f"d{n}", draw(st.integers(-6 * HOUR_MS, 6 * HOUR_MS))) for n in range(count)]
    now = 1_795_000_000_000
    for _ in range(draw(st.integers(1, 40))):
        now += draw(st.integers(0, 120_000))  # changes minutes apart, or in the same ms
        device = draw(st.sampled_from(devices))
        step = draw(st.sampled_from(["change", "change", "deliver", "merge"]))
        if step == "change":
            device.change(now, edits(draw, device))
        elif step == "deliver":
            # Some of another device's entries arrive: any subset, maybe again, maybe late.
            source = draw(st.sampled_from(devices))
            if source is not device and source.log:
                picked = draw(st.lists(st.sampled_from(source.log), max_size=len(source.log)))
                device.received.extend(picked)
        else:
            device.merge()
    return devices


@settings(max_examples=250, deadline=None)
@given(histories())
def test_every_device_ends_with_the_same_records(devices: list[Device]) -> None:
    everything = [entry for device in devices for entry in device.log]
    for device in devices:  # in the end, every log reaches every device (in any order)
        device.received.extend(reversed(everything))
        device.merge()
    first = devices[0].synced()
    for device in devices[1:]:
        assert device.synced() == first
    # And what they agree on is the latest change of each record, by the clock.
    best = winners(everything)
    for (kind, key), entry in best.items():
        assert first[kind].get(key) == entry.value


def test_a_later_edit_beats_an_earlier_deletion_and_a_later_deletion_beats_an_edit() -> None:
    a, b = Device("a", 0), Device("b", 0)
    a.change(1000, lambda d: d.tables["session"].update(s1=session("s1", DAYS[0], "")))
    b.received += a.log
    b.merge()
    a.change(2000, lambda d: d.tables["session"].pop("s1"))  # deleted on a
    b.change(3000, lambda d: d.tables["session"]["s1"].update(note="edited later"))
    for x, y in ((a, b), (b, a)):
        x.received += y.log
        x.merge()
    assert a.tables["session"]["s1"]["note"] == "edited later" == b.tables["session"]["s1"]["note"]
    b.change(4000, lambda d: d.tables["session"].pop("s1"))  # now deleted after the edit
    a.received += b.log
    a.merge()
    assert "s1" not in a.tables["session"] and "s1" not in b.tables["session"]


def test_a_change_made_after_seeing_another_wins_even_with_a_clock_hours_behind() -> None:
    ahead, behind = Device("ahead", 5 * HOUR_MS), Device("behind", -5 * HOUR_MS)
    ahead.change(1000, lambda d: d.tables["setting"].update(rest={"key": "rest", "value": 10}))
    behind.received += ahead.log
    behind.merge()
    behind.change(2000, lambda d: d.tables["setting"].update(rest={"key": "rest", "value": 20}))
    ahead.received += behind.log
    ahead.merge()
    assert ahead.tables["setting"]["rest"]["value"] == 20


def test_an_older_entry_arriving_late_never_takes_a_record_back() -> None:
    a, b = Device("a", 0), Device("b", 0)
    a.change(1000, lambda d: d.tables["setting"].update(rest={"key": "rest", "value": 10}))
    a.change(2000, lambda d: d.tables["setting"].update(rest={"key": "rest", "value": 20}))
    b.received.append(a.log[1])
    b.merge()
    b.received.append(a.log[0])  # the older one, late
    b.merge()
    assert b.tables["setting"]["rest"]["value"] == 20
