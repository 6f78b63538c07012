"""A session appended to the file's own bytes (Store._append) is exactly what the full path
(parse, TinyDB, dump) writes, and the summary it leaves is what a full read gives."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import NOW
from tracker.core.clock import FakeClock
from tracker.store.database import Store
from tracker.store.errors import StoreError
from tracker.store.snapshot import Summary
from tracker.store.summary_cache import SUMMARY_NAME, body_of, sealed_body

FIRST = date(2026, 1, 1)


def session(n: int, day: date, **extra: Any) -> dict[str, Any]:
    return {"id": f"s{n}", "date": day.isoformat(), "kind": "logged", "status": "complete", **extra}


sessions = st.lists(
    st.builds(
        lambda n, offset, status, pain, note: {
            "id": f"id-{n}",
            "date": (FIRST + timedelta(days=offset)).isoformat(),
            "kind": "guided",
            "status": status,
            "pain_before": None if pain is None else min(10, pain + 1),
            "pain_after": pain,
            "note": note,
            "exercises": [{"exercise": "good-morning", "done_sets": 3, "planned_sets": 3}],
        },
        st.integers(0, 10**6),
        st.integers(0, 20),  # few days: sessions share days
        st.sampled_from(["complete", "partial", "stopped"]),
        st.none() | st.integers(0, 10),
        st.text(max_size=20),
    ),
    max_size=12,
    unique_by=lambda s: s["id"],
)


def made(folder: Path, records: list[dict[str, Any]]) -> Store:
    store = Store(folder, FakeClock(NOW))
    store.import_records(records, [{"date": "2026-02-01", "kind": "skip", "reason": "x"}], {})
    return store


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=sessions, new=sessions.filter(bool))
def test_an_appended_session_gives_the_bytes_of_the_full_path(
    tmp_path_factory: pytest.TempPathFactory,
    before: list[dict[str, Any]],
    new: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = tmp_path_factory.mktemp("append")
    quick, full = base / "quick", base / "full"
    made(quick, before)
    shutil.copytree(quick, full)
    appended = Store(quick, FakeClock(NOW))
    slow = Store(full, FakeClock(NOW))
    (full / SUMMARY_NAME).unlink()  # nothing attests these bytes: the full path
    transactions: list[str] = []
    real = Store._locked_transaction

    def counted(self: Store) -> Any:
        transactions.append(str(self.data_dir))
        return real(self)

    monkeypatch.setattr(Store, "_locked_transaction", counted)
    for record in new:
        if record["id"] in {r["id"] for r in before}:
            continue
        appended.add_session(record)
        slow.add_session(record)
    assert str(quick) not in transactions, "the quick store took the full path"
    assert (quick / "supple.json").read_bytes() == (full / "supple.json").read_bytes()
    fresh = Store(quick, FakeClock(NOW))
    assert fresh.summary() == Summary.of(fresh.load())
    assert Store(quick, FakeClock(NOW)).quick_summary() == Summary.of(slow.load())


def test_a_session_saved_twice_is_saved_once(store: Store) -> None:
    store.add_session(session(1, date(2026, 11, 24)))
    store.add_session(session(2, date(2026, 11, 25)))  # appended
    before = store.path.read_bytes()
    store.add_session(session(2, date(2026, 11, 25)))  # a retry after a reported failure
    Store(store.data_dir, store.clock).add_session(session(2, date(2026, 11, 25)))
    assert store.path.read_bytes() == before
    assert [s["id"] for s in store.load().sessions] == ["s1", "s2"]


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


def test_an_edited_cache_layout_never_splices_into_the_wrong_place(store: Store) -> None:
    store.add_session(session(1, date(2026, 11, 24)))
    cache = body_of(store.summary_path.read_bytes())
    assert cache is not None
    cache["layout"]["sessions"][1] -= 3  # a forged or buggy layout, the seal made again
    store.summary_path.write_bytes(sealed_body(cache))
    other = Store(store.data_dir, store.clock)
    other.add_session(session(2, date(2026, 11, 25)))
    assert [s["id"] for s in Store(store.data_dir).load().sessions] == ["s1", "s2"]


def test_changes_after_an_append_see_it(store: Store) -> None:
    store.add_session(session(1, date(2026, 11, 24)))
    store.add_session(session(2, date(2026, 11, 25)))
    store.set_setting("rest", 20)  # a TinyDB write right after an append, same process
    store.add_session(session(3, date(2026, 11, 23)))
    loaded = Store(store.data_dir).load()
    assert [s["id"] for s in loaded.sessions] == ["s1", "s2", "s3"]
    assert loaded.stored_settings == {"rest": 20}


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
