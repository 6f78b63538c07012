"""What sync carries: every table of the store is either synced (a kind) or named as staying
on each device; a kind that a newer supple syncs brings the records made before it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.sync.conftest import MakeDevice, deliver
from tracker.store.changes import LogDone, RecordMeasures
from tracker.store.snapshot import TABLES
from tracker.sync.entries import KINDS, LOCAL_TABLES

DAYS = [date(2026, 11, 25) - timedelta(days=n) for n in range(4)]


def fingertips(device: object) -> list[float]:
    return sorted(m["value"] for m in device.records()["measurements"])  # type: ignore[attr-defined]


def test_every_table_of_the_store_is_synced_or_said_to_stay_on_each_device() -> None:
    synced = {kind.table for kind in KINDS.values()}
    assert synced.isdisjoint(LOCAL_TABLES)
    assert set(TABLES) == synced | LOCAL_TABLES, (
        "a new table: add its kind to tracker.sync.entries.KINDS (one line), or name it in "
        "LOCAL_TABLES if it stays on each device"
    )


def test_measurements_and_activities_reach_the_other_device(make_device: MakeDevice) -> None:
    a, b = make_device("a"), make_device("b")
    a.do(RecordMeasures(DAYS[1], fingertip=12.5, scores=(("gardening", 4),)))
    deliver(a, b)
    assert b.records()["measurements"] == a.records()["measurements"]
    assert [x["name"] for x in b.records()["activities"]] == ["gardening"]
    assert a.undo_last()  # the undo is an entry too
    deliver(a, b)
    assert b.records()["measurements"] == [] and b.records()["activities"] == []


def test_a_kind_new_to_this_supple_logs_the_records_made_before_it(
    make_device: MakeDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as older:  # a supple that did not sync measurements yet
        older.delitem(KINDS, "measurement")
        older.delitem(KINDS, "activity")
        a, b = make_device("a"), make_device("b")
        a.do(RecordMeasures(DAYS[1], fingertip=12.0))
        b.do(RecordMeasures(DAYS[2], fingertip=15.0))
        deliver(a, b)
        deliver(b, a)
        assert fingertips(a) == [12.0] and fingertips(b) == [15.0]
    # Both upgraded: a's next change, and b's next merge, log what each measured before.
    a.do(LogDone(DAYS[0]))
    deliver(a, b)
    assert fingertips(b) == [12.0, 15.0]
    deliver(b, a)
    assert fingertips(a) == [12.0, 15.0]


def test_entries_of_a_kind_read_past_before_an_upgrade_are_read_again(
    make_device: MakeDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = make_device("a"), make_device("b")
    a.do(RecordMeasures(DAYS[1], fingertip=9.0))  # a is already upgraded...
    deliver(a, b)
    with monkeypatch.context() as older:  # ...b is not yet, and merges past the entry
        older.delitem(KINDS, "measurement")
        older.delitem(KINDS, "activity")
        assert b.store.merge().problems == ()
        assert fingertips(b) == []
    b.store.merge()  # upgraded: the logs are read whole again
    assert fingertips(b) == [9.0]
