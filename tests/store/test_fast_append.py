"""The fast paths of a change are only faster, never different.

When the status summary attests the store's bytes as supple's own write, a change reads and
writes only the tables it touches, appends a new session to the file's bytes, and works out
the new summary from the old one (tracker.store.tables). The plain path parses and checks the
whole file and writes it whole. Random runs of every change the store offers (sessions saved,
twice too, deleted and put back, skip days set and cleared, settings set and unset, reminders
claimed, snoozed and delivered, an import or another device's merge, the tutorial seen, the
file rewritten by another program) are applied to two stores, one of which has its summary
removed before each change (the plain path): the files must be byte for byte the same after
every change, and each summary must be what a full read of the file gives, even with the
fast store's summary damaged, torn, gone, a FIFO, a folder, a symlink to /dev/zero, or with a
forged layout at random moments. (A summary forged with other figures and sealed anew is
trusted as supple's own, as the store itself would be: whoever can write the one can write
the other. The seal is there against damage and edits by hand or by other programs.)
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import NOW
from tracker.core.clock import FakeClock
from tracker.store.database import Removed, Store
from tracker.store.errors import StoreError
from tracker.store.records import check_mark
from tracker.store.snapshot import Summary, read_tables, snapshot_of
from tracker.store.summary_cache import (
    SUMMARY_NAME,
    body_of,
    decode_summary,
    read_summary_file,
    sealed_body,
    summary_tag,
)

FIRST = date(2026, 10, 1)


def session(n: int, day: date, **extra: Any) -> dict[str, Any]:
    return {"id": f"s{n}", "date": day.isoformat(), "kind": "logged", "status": "complete", **extra}


days = st.integers(0, 40).map(lambda n: FIRST + timedelta(days=n))
sessions = st.builds(
    lambda n, day, status, pain, note: {
        "id": f"id-{n}",  # a small pool: the same id comes again (a retry, an import)
        "date": day.isoformat(),
        "kind": "guided",
        "status": status,
        "pain_before": None if pain is None else min(10, pain + 1),
        "pain_after": pain,
        "note": note,
        "exercises": [{"exercise": "good-morning", "done_sets": 3, "planned_sets": 3}],
    },
    st.integers(0, 30),
    days,
    st.sampled_from(["complete", "partial", "stopped"]),
    st.none() | st.integers(0, 10),
    st.sampled_from(["", "felt good", '"id":"id-3"', "ünïcödé 🙂", "a,b;c\\d"]),
)
setting_values = st.sampled_from(
    [("rest", 20), ("rest", 45), ("day-start", "04:00"), ("reminders", "07:00,18:00")]
)
times = st.sampled_from(["07:00", "18:00"])
DAMAGE = ("flip", "torn", "garbage", "gone", "fifo", "dev-zero", "forged layout", "folder")

operations = st.one_of(
    st.tuples(st.just("add"), sessions),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("put back"), st.just(0)),
    st.tuples(
        st.just("skip"), st.lists(days, min_size=1, max_size=4), st.none() | st.text(max_size=8)
    ),
    st.tuples(st.just("clear"), st.lists(days, min_size=1, max_size=4)),
    st.tuples(st.just("set"), setting_values),
    st.tuples(st.just("unset"), st.sampled_from(["rest", "day-start", "reminders"])),
    st.tuples(st.just("claim"), days, times),
    st.tuples(st.just("snooze"), days, times),
    st.tuples(st.just("deliver"), days, times, st.booleans()),
    st.tuples(
        st.just("merge"),
        st.lists(sessions, max_size=4, unique_by=lambda s: s["id"]),
        st.lists(days, max_size=3),
    ),
    st.tuples(st.just("tutorial"), st.just(0)),
    st.tuples(st.just("outside"), st.just(0)),
    st.tuples(st.just("damage"), st.sampled_from(DAMAGE)),
)


def apply(store: Store, op: tuple[Any, ...], removed: list[Removed]) -> None:
    kind = op[0]
    if kind == "add":
        store.add_session(op[1])
    elif kind == "delete":
        ids = sorted(s["id"] for s in store.load().sessions)
        if ids:
            gone = store.delete_session(ids[op[1] % len(ids)])
            if gone is not None:
                removed.append(gone)
    elif kind == "put back" and removed:
        store.restore([removed.pop()])
    elif kind == "skip":
        store.mark_skip(op[1], op[2])
    elif kind == "clear":
        store.unmark_skip(op[1])
    elif kind == "set":
        store.set_setting(*op[1])
    elif kind == "unset":
        store.unset_setting(op[1])
    elif kind == "claim":
        store.claim_reminder(op[1], op[2], "test")
    elif kind == "snooze":
        until = f"{op[1].isoformat()}T{op[2]}:00+01:00"
        store.update_reminder(op[1], op[2], {"snoozed_until": until, "snoozes": 1}, {})
    elif kind == "deliver":
        store.record_delivery(op[1], op[2], op[3], "test", None if op[3] else "no server")
    elif kind == "merge":  # another device's records, merged through the store
        marks = [{"date": d.isoformat(), "kind": "skip", "reason": None} for d in op[2]]
        store.import_records(op[1], marks, {"rest": 30})
    elif kind == "tutorial":
        store.mark_tutorial_seen()
    elif kind == "outside" and store.path.exists():  # the same data, other bytes
        store.path.write_text(json.dumps(json.loads(store.path.read_bytes()), indent=1))


def damage(folder: Path, how: str) -> None:
    """Spoil the summary beside the store, as a crash, a person or a program might."""
    cache = folder / SUMMARY_NAME
    raw = cache.read_bytes() if cache.is_file() and not cache.is_symlink() else b""
    if cache.is_dir() and not cache.is_symlink():
        cache.rmdir()
    cache.unlink(missing_ok=True)
    if how == "flip" and raw:
        at = len(raw) // 2
        cache.write_bytes(raw[:at] + bytes([raw[at] ^ 1]) + raw[at + 1 :])
    elif how == "torn":
        cache.write_bytes(raw[: len(raw) // 3])
    elif how == "garbage":
        cache.write_bytes(os.urandom(200))
    elif how == "fifo":
        os.mkfifo(cache)
    elif how == "dev-zero":
        cache.symlink_to("/dev/zero")
    elif how == "folder":
        cache.mkdir()
    elif how == "forged layout" and raw:
        body = body_of(raw)
        if body is None:  # already spoilt (a flip before): nothing readable to forge
            cache.write_bytes(raw)
            return
        if body.get("layout"):
            body["layout"]["sessions"][1] -= 3  # sealed anew: only the layout is wrong
        cache.write_bytes(sealed_body(body))


def truth(store: Store) -> Summary:
    """The summary of a full, checked read of the file, no cache involved."""
    raw = store.path.read_bytes()
    tables, _ = read_tables(store.path, raw)
    return Summary.of(snapshot_of(tables))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=st.lists(operations, min_size=1, max_size=25))
def test_every_change_writes_the_bytes_of_the_plain_path(
    tmp_path_factory: pytest.TempPathFactory, plan: list[tuple[Any, ...]]
) -> None:
    base = tmp_path_factory.mktemp("paths")
    fast, plain = Store(base / "fast", FakeClock(NOW)), Store(base / "plain", FakeClock(NOW))
    fast_removed: list[Removed] = []
    plain_removed: list[Removed] = []
    for op in plan:
        if op[0] == "damage":
            if fast.path.exists():
                damage(fast.data_dir, op[1])
            continue
        (plain.data_dir / SUMMARY_NAME).unlink(missing_ok=True)  # nothing attests: plain
        apply(plain, op, plain_removed)
        before = fast.path.read_bytes() if fast.path.exists() else None
        apply(fast, op, fast_removed)
        if not fast.path.exists():
            continue
        assert fast.path.read_bytes() == plain.path.read_bytes(), op
        expected = truth(fast)
        raw = fast.path.read_bytes()
        tag = summary_tag(raw)
        assert tag is not None
        left = decode_summary(read_summary_file(fast.summary_path), tag)
        blocked = fast.summary_path.is_dir()  # nothing can be written there: no summary
        if op[0] != "outside" and not blocked and (left is not None or before not in (None, raw)):
            assert left == expected, op  # the summary a change leaves
        fresh = Store(fast.data_dir, FakeClock(NOW))  # a new command
        assert fresh.summary() == expected, op
        assert Store(fast.data_dir, FakeClock(NOW)).quick_summary() == expected, op


def made(folder: Path) -> Store:
    store = Store(folder, FakeClock(NOW))
    store.add_session(session(1, date(2026, 11, 24)))
    return store


def test_a_session_saved_twice_is_saved_once(store: Store) -> None:
    store.add_session(session(1, date(2026, 11, 24)))
    store.add_session(session(2, date(2026, 11, 25)))  # appended
    before = store.path.read_bytes()
    store.add_session(session(2, date(2026, 11, 25)))  # a retry after a reported failure
    Store(store.data_dir, store.clock).add_session(session(2, date(2026, 11, 25)))
    assert store.path.read_bytes() == before
    assert [s["id"] for s in store.load().sessions] == ["s1", "s2"]


def test_a_session_is_appended_without_parsing_the_sessions(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_session(session(1, date(2026, 11, 24)))
    parsed: list[str] = []
    from tracker.store.tables import LaidOutTables

    real = LaidOutTables.__missing__

    def noted(self: LaidOutTables, name: str) -> Any:
        parsed.append(name)
        return real(self, name)

    monkeypatch.setattr(LaidOutTables, "__missing__", noted)
    Store(store.data_dir, store.clock).add_session(session(2, date(2026, 11, 25)))
    Store(store.data_dir, store.clock).mark_skip([date(2026, 11, 26)], None)
    Store(store.data_dir, store.clock).set_setting("rest", 45)
    assert parsed == ["marks", "settings"]
    assert [s["id"] for s in Store(store.data_dir).load().sessions] == ["s1", "s2"]


def test_a_note_that_looks_like_an_id_only_sends_it_the_full_way(store: Store) -> None:
    store.add_session(session(1, date(2026, 11, 24), note='"id":"s2"'))
    store.add_session(session(2, date(2026, 11, 25)))
    assert [s["id"] for s in store.load().sessions] == ["s1", "s2"]


def test_without_an_attesting_cache_the_full_path_checks_the_store(store: Store) -> None:
    store.add_session(session(1, date(2026, 11, 24)))
    raw = json.loads(store.path.read_text())
    raw["sessions"]["1"]["status"] = "finished"  # damaged, written by something else
    store.path.write_text(json.dumps(raw))
    with pytest.raises(StoreError, match="sessions entry 1"):
        Store(store.data_dir, store.clock).add_session(session(2, date(2026, 11, 25)))


@pytest.mark.parametrize(
    "forge",
    [
        lambda layout: layout["sessions"].__setitem__(1, layout["sessions"][1] - 3),
        lambda layout: layout["sessions"].__setitem__(2, layout["sessions"][2] + 1),
        lambda layout: layout["marks"].__setitem__(0, layout["marks"][0] + 1),
        lambda layout: layout.pop("settings"),
    ],
    ids=["end", "highest id", "start", "a table left out"],
)
def test_an_edited_layout_is_never_trusted(store: Store, forge: Any) -> None:
    store.add_session(session(1, date(2026, 11, 24)))
    store.mark_skip([date(2026, 11, 22)], None)
    cache = body_of(store.summary_path.read_bytes())
    assert cache is not None
    forge(cache["layout"])  # a forged or buggy layout, the seal made again
    store.summary_path.write_bytes(sealed_body(cache))
    other = Store(store.data_dir, store.clock)
    other.add_session(session(2, date(2026, 11, 25)))
    other.mark_skip([date(2026, 11, 21)], None)
    loaded = Store(store.data_dir).load()
    assert [s["id"] for s in loaded.sessions] == ["s1", "s2"]
    assert sorted(m["date"] for m in loaded.marks) == ["2026-11-21", "2026-11-22"]


def test_changes_after_an_append_see_it(store: Store) -> None:
    store.add_session(session(1, date(2026, 11, 24)))
    store.add_session(session(2, date(2026, 11, 25)))
    store.set_setting("rest", 20)  # a TinyDB write right after an append, same process
    store.add_session(session(3, date(2026, 11, 23)))
    loaded = Store(store.data_dir).load()
    assert [s["id"] for s in loaded.sessions] == ["s1", "s2", "s3"]
    assert loaded.stored_settings == {"rest": 20}


def test_two_sessions_in_one_transaction(store: Store) -> None:
    store.add_session(session(1, date(2026, 11, 24)))
    other = Store(store.data_dir, store.clock)
    with other.transaction() as db:
        other.add_session(session(2, date(2026, 11, 25)))  # appended
        other.add_session(session(3, date(2026, 11, 23)))  # appended after it
        db.table("sessions").insert(session(4, date(2026, 11, 22)))  # parses, then inserts
    loaded = Store(store.data_dir).load()
    assert [s["id"] for s in loaded.sessions] == ["s1", "s2", "s3", "s4"]
    assert Store(store.data_dir).summary() == truth(store)


def test_a_load_of_attested_bytes_is_the_checked_load(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's start-up: bytes the summary attests as supple's own write are not checked
    again, and their history comes from the summary; the Snapshot is the same."""
    from tracker.store import database, snapshot

    for n in range(1, 6):
        store.add_session(session(n, date(2026, 11, 18 + n), pain_before=4, pain_after=n % 3))
    store.mark_skip([date(2026, 11, 17)], "travel")
    checks: list[bool] = []
    real = snapshot.read_tables

    def recorded(path: Path, raw: bytes, check: bool = True) -> Any:
        checks.append(check)
        return real(path, raw, check)

    monkeypatch.setattr(database, "read_tables", recorded)
    quick = Store(store.data_dir, store.clock).load()
    (store.data_dir / SUMMARY_NAME).unlink()
    full = Store(store.data_dir, store.clock).load()
    assert checks == [False, True]
    assert quick == full and quick.history == full.history
    assert quick.history.eased == full.history.eased and full.history.complete_count == 5


def test_a_record_damaged_by_another_program_still_stops_a_load(store: Store) -> None:
    store.add_session(session(1, date(2026, 11, 24)))
    raw = json.loads(store.path.read_text())
    raw["sessions"]["1"]["pain_after"] = "lots"  # the bytes change: nothing attests them
    store.path.write_text(json.dumps(raw))
    with pytest.raises(StoreError, match="sessions entry 1"):
        Store(store.data_dir, store.clock).load()


def test_a_copied_folder_is_attested_like_its_original(tmp_path: Path) -> None:
    """A sync engine that copies the store and its summary together (the same bytes, other
    inodes and times): the summary still attests them, and changes stay right."""
    made(tmp_path / "a")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    copy = Store(tmp_path / "b", FakeClock(NOW))
    copy.add_session(session(2, date(2026, 11, 25)))
    assert copy.summary() == truth(copy)


class TinyDBReference:
    """Skip days and settings changed through TinyDB itself, as the store did before it
    changed those tables directly: the reference for the documents and ids it writes."""

    def __init__(self) -> None:
        from tinydb import TinyDB
        from tinydb.storages import MemoryStorage

        self.db = TinyDB(storage=MemoryStorage)

    def tables(self) -> dict[str, dict[str, Any]]:
        return {
            name: {str(d.doc_id): dict(d) for d in self.db.table(name).all()}
            for name in ("marks", "settings")
        }

    def apply(self, op: tuple[Any, ...]) -> None:
        from tinydb import Query

        marks, settings = self.db.table("marks"), self.db.table("settings")
        for table in (marks, settings):
            table._next_id = None  # a new transaction, as Store does
        if op[0] == "skip":
            have = {doc["date"] for doc in marks.all()}
            new = [d for d in sorted(set(op[1])) if d.isoformat() not in have]
            marks.insert_multiple(check_mark({"date": d.isoformat(), "reason": op[2]}) for d in new)
        elif op[0] == "clear":
            isos = {d.isoformat() for d in op[1]}
            marks.remove(doc_ids=[doc.doc_id for doc in marks.all() if doc["date"] in isos])
        elif op[0] == "set":
            name, value = op[1]
            found = settings.search(Query()["key"] == name)
            if found:
                settings.update({"value": value}, doc_ids=[found[0].doc_id])
            else:
                settings.insert({"key": name, "value": value})
        elif op[0] == "unset":
            settings.remove(Query()["key"] == op[1])


small_changes = st.one_of(
    st.tuples(st.just("skip"), st.lists(days, min_size=1, max_size=4), st.none() | st.just("x")),
    st.tuples(st.just("clear"), st.lists(days, min_size=1, max_size=4)),
    st.tuples(st.just("set"), setting_values),
    st.tuples(st.just("unset"), st.sampled_from(["rest", "day-start", "reminders"])),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=st.lists(small_changes, min_size=1, max_size=30))
def test_skip_days_and_settings_get_the_documents_and_ids_tinydb_gives(
    tmp_path_factory: pytest.TempPathFactory, plan: list[tuple[Any, ...]]
) -> None:
    store = Store(tmp_path_factory.mktemp("small"), FakeClock(NOW))
    reference = TinyDBReference()
    for op in plan:
        apply(store, op, [])
        reference.apply(op)
        tables, _ = read_tables(store.path, store.path.read_bytes())
        assert {name: tables[name] for name in ("marks", "settings")} == reference.tables(), op


def test_a_skip_day_after_a_failed_write_in_the_same_transaction_is_kept(store: Store) -> None:
    store.add_session(session(1, date(2026, 11, 24)))
    with store.transaction() as db:
        with pytest.raises(TypeError):
            db.table("sessions").insert({"id": "b", "when": object()})  # JSON has no form
        store.mark_skip([date(2026, 11, 22)], None)
        store.set_setting("rest", 45)
    loaded = Store(store.data_dir).load()
    assert [m["date"] for m in loaded.marks] == ["2026-11-22"]
    assert loaded.stored_settings == {"rest": 45}
    assert [s["id"] for s in loaded.sessions] == ["s1"]
