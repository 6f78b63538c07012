"""The store against a real file in tmp_path: creation, damage, migration, backups, undo."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tracker.core.clock import FakeClock
from tracker.store import database as store_module
from tracker.store import snapshot as snapshot_module
from tracker.store.database import Store
from tracker.store.errors import StoreError
from tracker.store.snapshot import SCHEMA_VERSION, TABLES


def session(sid: str, day: str = "2026-11-20", status: str = "complete") -> dict[str, object]:
    return {"id": sid, "date": day, "kind": "logged", "status": status}


def test_a_missing_store_reads_empty_and_creates_nothing(store: Store) -> None:
    snapshot = store.load()
    assert not snapshot.exists
    assert snapshot.sessions == ()
    assert not store.data_dir.exists()


def test_the_first_write_creates_every_table_and_the_schema_version(store: Store) -> None:
    store.add_session(session("a"))
    data = json.loads(store.path.read_text())
    assert set(data) == set(TABLES)
    meta = list(data["meta"].values())
    assert meta == [{"schema_version": SCHEMA_VERSION, "created": "2026-11-25T09:30:00+01:00"}]
    assert store.load().sessions[0]["id"] == "a"


def test_two_store_objects_see_each_others_writes_and_never_reuse_ids(
    data_dir: Path, clock: FakeClock
) -> None:
    # Two Store objects stand for two processes, each with TinyDB's per-process caches.
    first, second = Store(data_dir, clock), Store(data_dir, clock)
    for i in range(20):
        (first if i % 2 else second).add_session(session(f"s{i}"))
        assert len(first.load().sessions) == i + 1
    ids = json.loads(first.path.read_text())["sessions"].keys()
    assert len(set(ids)) == 20
    assert {s["id"] for s in second.load().sessions} == {f"s{i}" for i in range(20)}


def test_two_store_objects_taking_turns_through_tinydb_never_reuse_ids(
    data_dir: Path, clock: FakeClock
) -> None:
    """Skip marks go through TinyDB's insert, which numbers documents from what its table
    object remembers: each write must start from the file as it is now."""
    first, second = Store(data_dir, clock), Store(data_dir, clock)
    days = [date(2026, 11, 1) + timedelta(days=i) for i in range(10)]
    for i, day in enumerate(days):
        (first if i % 2 else second).mark_skip([day], None)
    marks = json.loads(first.path.read_text())["marks"]
    assert len(marks) == 10
    assert sorted(m["date"] for m in marks.values()) == [d.isoformat() for d in days]


DAMAGE = {
    "garbage": b"\x00\x01not json at all",
    "truncated": b'{"meta": {"1": {"schema_version": 1}}, "sessions": {"1": {"id": "a", "da',
    "empty": b"",
    "whitespace": b"\n",
    "null": b"null",
    "a list": b"[]",
    "a table that is a list": b'{"meta": {"1": {"schema_version": 1}}, "sessions": [1, 2]}',
    "no meta": b'{"sessions": {}}',
    "newer schema": b'{"meta": {"1": {"schema_version": 99}}, "sessions": {}}',
    "bad session": b'{"meta": {"1": {"schema_version": 1}}, "sessions": {"1": {"id": "a"}}}',
    "not utf-8": b'{"meta": {"1": {"schema_version": 1, "x": "\xff"}}}',
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_an_unreadable_store_is_reported_and_never_written(store: Store, kind: str) -> None:
    store.data_dir.mkdir(parents=True)
    store.path.write_bytes(DAMAGE[kind])
    with pytest.raises(StoreError) as caught:
        store.load()
    message = str(caught.value)
    assert str(store.path) in message
    assert "\n" not in message
    assert ("newer supple" in message) if kind == "newer schema" else ("backups" in message)
    with pytest.raises(StoreError):
        store.add_session(session("x"))
    with pytest.raises(StoreError):
        store.set_setting("rest", 10)
    assert store.path.read_bytes() == DAMAGE[kind]
    assert not (store.data_dir / "backups").exists()


def test_leftover_temp_files_of_a_killed_write_are_removed(store: Store) -> None:
    store.add_session(session("a"))
    leftover = store.path.with_name(f".{store.path.name}.12345.deadbeef.tmp")
    leftover.write_text('{"half": ')
    store.add_session(session("b"))
    assert not leftover.exists()
    assert len(store.load().sessions) == 2


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(store: Store) -> None:
    store.add_session(session("a"))
    before = store.path.read_bytes()
    with pytest.raises(TypeError), store.transaction() as db:
        db.table("sessions").insert({"id": "b", "when": object()})
    assert store.path.read_bytes() == before
    assert list(store.data_dir.glob(".*.tmp")) == []


def test_one_backup_a_day_and_only_the_last_seven_are_kept(store: Store, clock: FakeClock) -> None:
    for day in range(10):
        store.add_session(session(f"d{day}", (date(2026, 11, 1) + timedelta(day)).isoformat()))
        store.add_session(session(f"e{day}"))  # a second write the same day: no new backup
        clock.advance(86400)
    names = [p.name for p in store.daily_backups()]
    assert len(names) == 7
    assert names[0] == "supple-2026-12-04.json"
    assert names[-1] == "supple-2026-11-28.json"
    # Each backup is the store as it was before that day's first change.
    newest = json.loads((store.backups_dir / names[0]).read_text())
    assert len(newest["sessions"]) == 18


def test_migrations_run_in_order_with_a_backup_first(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_session(session("a"))
    old_bytes = store.path.read_bytes()

    def to_v2(
        tables: dict[str, dict[str, dict[str, object]]],
    ) -> dict[str, dict[str, dict[str, object]]]:
        for doc in tables["sessions"].values():
            doc["note"] = "migrated"
        return tables

    for module in (store_module, snapshot_module):
        monkeypatch.setattr(module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(snapshot_module, "MIGRATIONS", {2: to_v2})
    store = Store(store.data_dir, store.clock)  # the newer supple, run afterwards
    assert store.load().sessions[0]["note"] == "migrated"  # reading migrates in memory only
    assert store.path.read_bytes() == old_bytes
    store.add_session(session("b"))
    data = json.loads(store.path.read_text())
    assert next(iter(data["meta"].values()))["schema_version"] == 2
    assert data["sessions"]["1"]["note"] == "migrated"
    assert (store.backups_dir / "supple-pre-v2-2026-11-25.json").read_bytes() == old_bytes


def test_deleting_and_restoring_a_session_gives_back_the_same_bytes(store: Store) -> None:
    for sid in "abc":
        store.add_session(session(sid))
    before = store.path.read_bytes()
    removed = store.delete_session("b")
    assert removed is not None
    assert [s["id"] for s in store.load().sessions] == ["a", "c"]
    store.restore([removed])
    assert store.path.read_bytes() == before
    assert store.delete_session("nope") is None


def test_setting_and_putting_back_a_setting_gives_back_the_same_bytes(store: Store) -> None:
    store.add_session(session("a"))
    before = store.path.read_bytes()
    previous = store.set_setting("rest", 10)
    assert store.load().settings.rest == 10
    store.put_back_setting("rest", previous)
    assert store.path.read_bytes() == before
    store.set_setting("rest", 10)
    before = store.path.read_bytes()
    previous = store.set_setting("rest", 20)
    store.put_back_setting("rest", previous)
    assert store.path.read_bytes() == before


def test_skip_marks_and_unmarking(store: Store) -> None:
    days = [date(2026, 11, 20), date(2026, 11, 21)]
    assert store.mark_skip(days, "flu") == days
    assert store.mark_skip(days, "flu") == []
    assert store.load().history.skips == frozenset(days)
    removed = store.unmark_skip([days[0]])
    assert [r.document["date"] for r in removed] == ["2026-11-20"]
    assert store.load().history.skips == frozenset([days[1]])


def test_import_merges_by_id_and_is_idempotent(store: Store) -> None:
    store.add_session(session("a"))
    records = [
        {
            **session("a"),
            "started_at": None,
            "ended_at": None,
            "exercises": None,
            "pain_before": None,
            "pain_after": None,
            "note": "",
        },
        {
            **session("b"),
            "started_at": None,
            "ended_at": None,
            "exercises": None,
            "pain_before": 2,
            "pain_after": None,
            "note": "x",
        },
    ]
    first = store.import_records(
        records, [{"date": "2026-11-01", "kind": "skip", "reason": None}], {"rest": 15}
    )
    assert (
        first.added,
        first.updated,
        first.unchanged,
        first.marks_added,
        first.settings_changed,
    ) == (1, 0, 1, 1, 1)
    before = store.path.read_bytes()
    again = store.import_records(
        records, [{"date": "2026-11-01", "kind": "skip", "reason": None}], {"rest": 15}
    )
    assert not again.changed
    assert store.path.read_bytes() == before
    records[1]["note"] = "edited"
    third = store.import_records(records, [], {})
    assert third.updated == 1
    assert {s["id"]: s["note"] for s in store.load().sessions}["b"] == "edited"


def test_a_reminder_is_claimed_once_across_processes(data_dir: Path, clock: FakeClock) -> None:
    first, second = Store(data_dir, clock), Store(data_dir, clock)
    day = date(2026, 11, 25)
    assert first.claim_reminder(day, "18:00", by="tui")
    assert not second.claim_reminder(day, "18:00", by="daemon")
    assert second.claim_reminder(day, "20:00", by="daemon", superseded=[(day, "19:00")])
    first.record_delivery(day, "18:00", ok=False, backend=None, error="no server")
    records = {(r["date"], r["time"]): r for r in first.load().reminders_sent}
    assert records[("2026-11-25", "18:00")]["status"] == "failed"
    assert records[("2026-11-25", "19:00")]["status"] == "missed"
    assert records[("2026-11-25", "20:00")]["status"] == "claimed"
    assert first.load().sent_reminders() == {(day, "18:00"), (day, "19:00"), (day, "20:00")}


def test_a_summary_before_the_first_write_of_a_newer_supple_still_migrates_with_a_backup(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables parsed for summary() are reused by the next write: they must still be
    written as the new schema, with the pre-migration backup first."""
    store.add_session(session("a"))
    old_bytes = store.path.read_bytes()
    for module in (store_module, snapshot_module):
        monkeypatch.setattr(module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(snapshot_module, "MIGRATIONS", {2: lambda tables: tables})
    newer = Store(store.data_dir, store.clock)
    assert newer.summary().history.complete_count == 1
    newer.add_session(session("b"))
    data = json.loads(store.path.read_text())
    assert next(iter(data["meta"].values()))["schema_version"] == 2
    assert (store.backups_dir / "supple-pre-v2-2026-11-25.json").read_bytes() == old_bytes


def test_read_then_write_then_read_parses_the_store_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_session(session("a"))
    fresh = Store(store.data_dir, store.clock)
    parses: list[int] = []
    real = snapshot_module.read_tables

    def counted(path: Path, raw: bytes, check: bool = True) -> Any:
        parses.append(len(raw))
        return real(path, raw, check)

    monkeypatch.setattr(store_module, "read_tables", counted)
    assert fresh.summary().history.complete_count == 1
    fresh.add_session(session("b", "2026-11-21"))
    assert fresh.summary().history.complete_count == 2
    assert len(fresh.load().sessions) == 2
    assert len(parses) == 1
    # Another process's write is seen: the next read parses again.
    Store(store.data_dir, store.clock).add_session(session("c", "2026-11-22"))
    assert fresh.summary().history.complete_count == 3
    assert len(fresh.load().sessions) == 3


def test_an_unchanged_store_is_not_read_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The daemon and the app's reminder check poll the store: while its signature holds,
    the same snapshot comes back (one copy in memory, no parse)."""
    import time

    from tracker.notify.check import check_and_notify
    from tracker.notify.delivery import Delivery

    store.set_setting("reminders", "23:59")
    store.add_session(session("a", "2026-11-20"))
    time.sleep(store_module.RACY_NS / 1e9 + 0.05)
    poller = Store(store.data_dir, store.clock)
    first = poller.load()
    reads: list[int] = []
    real = snapshot_module.read_tables

    def counted(path: Path, raw: bytes, check: bool = True) -> Any:
        reads.append(len(raw))
        return real(path, raw, check)

    monkeypatch.setattr(store_module, "read_tables", counted)

    def send(title: str, body: str) -> Delivery:
        raise AssertionError("nothing is due")

    for _ in range(5):
        assert check_and_notify(poller, poller.clock, "test", send) is None
        assert poller.load() is first
    assert reads == []
    Store(store.data_dir, store.clock).add_session(session("b", "2026-11-21"))
    assert [s["id"] for s in poller.load().sessions] == ["a", "b"]
    assert len(reads) == 1
