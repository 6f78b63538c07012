"""The status summary beside the store: only ever a faster way to the same answer.

It is used only for the exact store bytes it was made from; anything else (a write by another
process, a restored backup, damage of any size) means the store is read and checked again.
"""

from __future__ import annotations

import json
import marshal
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RunCli
from tracker.cli.main import _quick_status_args
from tracker.core.clock import FakeClock
from tracker.core.record_type import fields
from tracker.core.rules import History
from tracker.store import database
from tracker.store import summary_cache as status_cache
from tracker.store.database import Store
from tracker.store.errors import StoreError
from tracker.store.snapshot import Summary


def session(sid: str, day: str, status: str = "complete", **extra: Any) -> dict[str, Any]:
    return {"id": sid, "date": day, "kind": "logged", "status": status, **extra}


@pytest.fixture
def rich(store: Store) -> Store:
    """Every part a summary holds: done, partial, skip and eased days, pain, settings,
    reminders."""
    store.add_session(session("a", "2026-11-20", pain_after=2))
    store.add_session(session("b", "2026-11-21", status="partial"))
    store.add_session(session("c", "2026-11-23", pain_after=4))
    store.add_session(session("e", "2026-11-19", pain_before=5, pain_after=3))
    store.mark_skip([date(2026, 11, 22)], "travel")
    store.set_setting("day-start", "04:00")
    store.claim_reminder(date(2026, 11, 24), "18:00", "test")
    return store


def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, parsing the store fails the test: the summary must come from the cache."""

    def refuse(path: Path, raw: bytes) -> Any:
        raise AssertionError("the store was parsed")

    monkeypatch.setattr(database, "read_tables", refuse)


def test_the_summary_is_what_a_full_read_gives(rich: Store) -> None:
    full = Summary.of(rich.load())
    assert full.history.attempted and full.history.skips and full.history.pain_after
    assert full.history.eased
    assert full.sent and full.stored_settings
    assert rich.summary() == full  # left by the last write
    rich.summary_path.unlink()
    assert rich.summary() == full  # made from the store
    assert rich.summary() == full  # read back


def test_a_write_removes_the_summary_of_earlier_versions(store: Store) -> None:
    """The summary was JSON in `status-cache.json` before; nothing reads that file now."""
    old = store.data_dir / status_cache.OLD_SUMMARY_NAME
    store.add_session(session("a", "2026-11-20"))
    old.write_text('{"tag": [1, 2, 3]}')
    store.add_session(session("b", "2026-11-21"))
    assert not old.exists()
    assert store.summary_path.name == "status-summary.cache"
    assert status_cache.body_of(store.summary_path.read_bytes()) is not None


def cache_body(store: Store) -> dict[str, Any]:
    data = status_cache.body_of(store.summary_path.read_bytes())
    assert data is not None, "the cache's seal does not match its body"
    return data


def another_process(store: Store) -> Store:
    """A Store that remembers nothing of what `store` parsed, as a new command would."""
    return Store(store.data_dir, store.clock)


def test_a_write_leaves_the_summary_status_reads(
    rich: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = Summary.of(rich.load())
    no_reading(monkeypatch)
    assert another_process(rich).quick_summary() == expected


def test_every_history_field_is_in_the_summary(rich: Store) -> None:
    saved = cache_body(rich)
    kept = set(saved) | (
        {"pain_after"} if {"pain_days", "pain_ends", "pain_levels"} <= set(saved) else set()
    )
    missing = set(fields(History)) - kept
    assert not missing, f"History has fields the summary does not keep: {missing}"


def test_a_missing_store_has_an_empty_summary_and_creates_nothing(store: Store) -> None:
    summary = store.summary()
    assert summary.history.complete_count == 0
    assert not store.data_dir.exists()


DAMAGE = {
    "garbage": b"\x00\x01not json at all",
    "empty": b"",
    "truncated": b'{"meta": {"1": {"schema_version": 1}}, "sessions": {"1": {"id": "a", "da',
    "newer schema": b'{"meta": {"1": {"schema_version": 99}}, "sessions": {}}',
    "bad session": b'{"meta": {"1": {"schema_version": 1}}, "sessions": {"1": {"id": "a"}}}',
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_damage_after_a_summary_is_still_reported(rich: Store, kind: str) -> None:
    rich.summary()
    rich.path.write_bytes(DAMAGE[kind])
    with pytest.raises(StoreError):
        rich.summary()
    with pytest.raises(StoreError):
        rich.add_session(session("x", "2026-11-24"))
    assert rich.path.read_bytes() == DAMAGE[kind]


def test_damage_of_one_byte_with_the_old_size_and_times_is_still_reported(rich: Store) -> None:
    rich.summary()
    raw = rich.path.read_bytes()
    before = rich.path.stat()
    at = raw.index(b'"status":"partial"') + len(b'"status":"')
    damaged = raw[:at] + b"X" + raw[at + 1 :]  # "partial" -> "Xartial", same length
    with open(rich.path, "r+b") as handle:  # in place: same file, same size
        handle.write(damaged)
    os.utime(rich.path, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(StoreError, match="status"):
        rich.summary()


def test_a_write_by_another_process_is_seen(rich: Store, clock: FakeClock) -> None:
    rich.summary()
    Store(rich.data_dir, clock).add_session(session("other", "2026-11-24"))
    rich.summary_path.unlink()  # as if the other process could not leave a summary
    assert date(2026, 11, 24) in rich.summary().history.done


def test_a_restored_older_file_is_seen(rich: Store) -> None:
    older = rich.path.read_bytes()
    rich.add_session(session("d", "2026-11-24"))
    assert date(2026, 11, 24) in rich.summary().history.done
    rich.path.write_bytes(older)
    assert date(2026, 11, 24) not in rich.summary().history.done


@pytest.mark.parametrize(
    "spoil",
    [
        lambda saved: b"\x00garbage",
        lambda saved: b"",
        lambda saved: marshal.dumps(saved),
        lambda saved: status_cache.sealed_body({**saved, "tag": [0]}),
        lambda saved: status_cache.sealed_body({**saved, "done": ["x"]}),
        lambda saved: status_cache.sealed_body({**saved, "pain_days": b"\x01\x02\x03"}),
        lambda saved: status_cache.sealed_body({**saved, "pain_ends": [738000, 2]}),
        lambda saved: status_cache.sealed_body({**saved, "pain_levels": b""}),
        lambda saved: status_cache.sealed_body(saved)[:-5],
        lambda saved: status_cache.sealed(b"\xff" + marshal.dumps(saved)[1:]),
        lambda saved: status_cache.sealed(marshal.dumps([saved])),
        lambda saved: status_cache.sealed(json.dumps(saved, default=list).encode()),
    ],
    ids=[
        "garbage",
        "empty",
        "no seal",
        "other tag",
        "bad days",
        "bad pain days",
        "pain not packed",
        "pain levels missing",
        "torn",
        "not marshal",
        "not a dict",
        "the old JSON",
    ],
)
def test_a_spoilt_summary_is_ignored_and_made_again(rich: Store, spoil: Any) -> None:
    expected = Summary.of(rich.load())
    saved = cache_body(rich)
    rich.summary_path.write_bytes(spoil(saved))
    assert another_process(rich).quick_summary() == expected
    # Made again from a read, it lacks only where each table sits (known when supple writes).
    assert cache_body(rich) == {**saved, "layout": None}


def edited(saved: dict[str, Any]) -> dict[str, Any]:
    """The attack of issue 14: other figures and settings under the store's own tag."""
    return {**saved, "complete_count": 999, "settings": {"rest": 599, "day-start": "04:00"}}


def test_an_edited_cache_with_its_old_seal_is_a_miss(rich: Store) -> None:
    expected = Summary.of(rich.load())
    raw = rich.summary_path.read_bytes()
    seal = raw.partition(b"\n")[0]
    rich.summary_path.write_bytes(seal + b"\n" + marshal.dumps(edited(cache_body(rich))))
    assert another_process(rich).quick_summary() == expected
    original = status_cache.body_of(raw)
    assert original is not None
    assert cache_body(rich) == {**original, "layout": None}  # made again from the store


def test_no_change_is_decided_by_the_cache_even_a_well_sealed_one(rich: Store) -> None:
    """Whoever can seal a cache can write the store too; still, a change reads the store."""
    forged = status_cache.sealed_body(edited(cache_body(rich)))
    rich.summary_path.write_bytes(forged)
    fresh = another_process(rich)
    assert fresh.quick_summary().history.complete_count == 999  # what the cache says...
    assert fresh.summary().history.complete_count == 3  # ...is not what a change is based on
    before = rich.path.read_bytes()
    fresh.set_setting("rest", 599)
    assert rich.path.read_bytes() != before
    assert fresh.load().stored_settings["rest"] == 599


def test_other_code_means_a_new_summary(rich: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    old = rich.summary_path.read_bytes()
    monkeypatch.setattr(status_cache, "code_tag", lambda: 12345)
    assert another_process(rich).quick_summary() == Summary.of(rich.load())
    assert rich.summary_path.read_bytes() != old


def test_a_summary_that_cannot_be_saved_is_no_error(rich: Store) -> None:
    rich.summary_path.unlink()
    rich.summary_path.mkdir()  # nothing can be written there
    expected = Summary.of(rich.load())
    assert rich.summary() == expected
    rich.add_session(session("f", "2026-11-24"))
    assert date(2026, 11, 24) in rich.summary().history.done
    assert list(rich.data_dir.glob(".*.tmp")) == []


def test_a_failed_write_in_a_transaction_reads_the_file_again(store: Store) -> None:
    store.add_session(session("a", "2026-11-20"))
    with store.transaction() as db:
        table = db.table("sessions")
        with pytest.raises(TypeError):
            table.insert({"id": "b", "when": object()})
        assert [doc["id"] for doc in table.all()] == ["a"]
        table.insert(session("c", "2026-11-21"))
    assert [s["id"] for s in store.load().sessions] == ["a", "c"]
    assert store.summary().history.complete_count == 2


# ---- through the command line --------------------------------------------------------------


def test_status_and_done_refuse_a_store_damaged_after_its_summary(
    run_cli: RunCli, data_dir: Path, clock: FakeClock
) -> None:
    Store(data_dir, clock).add_session(session("a", "2026-11-24"))
    assert run_cli("status").code == 0
    path = data_dir / "supple.json"
    path.write_bytes(DAMAGE["truncated"])
    for args in (("status",), ("status", "--json"), ("done",), ("config", "list")):
        result = run_cli(*args)
        assert result.code == 2, args
        assert result.out == ""
        assert result.err.count("\n") == 1 and str(path) in result.err
    assert path.read_bytes() == DAMAGE["truncated"]


def test_done_then_status_agree_with_a_fresh_read(run_cli: RunCli, data_dir: Path) -> None:
    assert run_cli("done", "--date", "2026-11-24").code == 0
    done = run_cli("done")
    assert "Current streak: 2" in done.out
    cached = json.loads(run_cli("status", "--json").out)
    (data_dir / status_cache.SUMMARY_NAME).unlink()
    assert json.loads(run_cli("status", "--json").out) == cached
    assert cached["current_streak"] == 2 and cached["total_sessions"] == 2


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["status"], {"command": "status", "json": False, "short": False, "data_dir": None}),
        (
            ["status", "--json"],
            {"command": "status", "json": True, "short": False, "data_dir": None},
        ),
        (
            ["status", "--short"],
            {"command": "status", "json": False, "short": True, "data_dir": None},
        ),
        (
            ["--data-dir", "d", "status"],
            {"command": "status", "json": False, "short": False, "data_dir": "d"},
        ),
        (
            ["--data-dir", "d", "status", "--json"],
            {"command": "status", "json": True, "short": False, "data_dir": "d"},
        ),
        (["status", "--json", "--short"], None),
        (["status", "--yaml"], None),
        (["status", "--js"], None),
        (["status", "--help"], None),
        (["--data-dir", "--json", "status"], None),
        (["status", "--data-dir", "d"], None),
        (["done"], None),
    ],
)
def test_only_the_plain_status_forms_skip_the_parser(
    words: list[str], expected: dict[str, object] | None
) -> None:
    args = _quick_status_args(words)
    assert (None if args is None else vars(args)) == expected


def test_the_parser_still_takes_the_other_status_forms(run_cli: RunCli, tmp_path: Path) -> None:
    other = tmp_path / "other"
    plain = run_cli("--data-dir", str(other), "status", "--json")
    late = run_cli("status", "--data-dir", str(other), "--js")  # argparse allows abbreviations
    assert plain.code == late.code == 0
    assert json.loads(plain.out) == json.loads(late.out)


def test_an_edited_cache_changes_neither_status_nor_a_following_config_set(
    run_cli: RunCli, data_dir: Path, clock: FakeClock
) -> None:
    """Issue 14: the cache edited under its tag made status print 999 sessions, `config get`
    a value not in the store, and a `config set` of that value wrote nothing."""
    Store(data_dir, clock).add_session(session("a", "2026-11-24"))
    assert run_cli("status").code == 0
    cache = data_dir / status_cache.SUMMARY_NAME
    body = status_cache.body_of(cache.read_bytes()) or {}
    seal = cache.read_bytes().partition(b"\n")[0]
    edited = {**body, "complete_count": 999, "settings": {"rest": 45}}
    cache.write_bytes(seal + b"\n" + marshal.dumps(edited))
    assert json.loads(run_cli("status", "--json").out)["total_sessions"] == 1
    assert run_cli("config", "get", "rest").out == "30\n"
    # Even a cache sealed anew does not stop a change from being written.
    cache.write_bytes(status_cache.sealed_body(edited))
    before = (data_dir / "supple.json").read_bytes()
    assert run_cli("config", "set", "rest", "45").code == 0
    assert (data_dir / "supple.json").read_bytes() != before
    cache.unlink()
    assert run_cli("config", "get", "rest").out == "45\n"
