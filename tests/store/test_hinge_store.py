"""The everyday hinge's records in a real store: evening checks (one a day, undoable), weekly
automaticity answers and resets, an old store without their tables, damaged records, the
status summary (and its cache), export and import."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import NOW
from tracker.core.clock import FakeClock
from tracker.core.today import build_status, status_json
from tracker.store import transfer
from tracker.store.changes import (
    ImportRecords,
    LogHinge,
    RecordAutomaticity,
    Refused,
    ResetHingeNudges,
)
from tracker.store.database import Store
from tracker.store.errors import StoreDamagedError

TODAY = NOW.date()
YESTERDAY = TODAY - timedelta(days=1)


def test_a_check_replaces_that_days_answer_and_undo_and_redo_go_back_and_forth(
    store: Store,
) -> None:
    LogHinge("some").apply(store)
    applied = LogHinge("most").apply(store)
    assert applied.message == (
        f"Everyday hinge, today ({TODAY.isoformat()}): most times (in place of the earlier answer)."
    )
    assert store.load().hinge_days == {TODAY: "most"}
    assert len(store.load().hinge_checks) == 1
    assert applied.undo is not None
    undone = applied.undo.apply(store)
    assert store.load().hinge_days == {TODAY: "some"}
    assert undone.undo is not None
    undone.undo.apply(store)
    assert store.load().hinge_days == {TODAY: "most"}


def test_checks_on_other_days_are_kept_apart(store: Store) -> None:
    LogHinge("none", YESTERDAY).apply(store)
    LogHinge("some").apply(store)
    assert store.load().hinge_days == {YESTERDAY: "none", TODAY: "some"}


@pytest.mark.parametrize(
    "change",
    [
        LogHinge("maybe"),
        LogHinge("most", TODAY + timedelta(days=1)),
        RecordAutomaticity((1, 2, 3)),
        RecordAutomaticity((1, 2, 3, 8)),
        RecordAutomaticity((0, 2, 3, 4)),
    ],
)
def test_bad_hinge_changes_are_refused_and_write_nothing(store: Store, change: object) -> None:
    LogHinge("some").apply(store)
    before = store.path.read_bytes()
    with pytest.raises(Refused):
        change.apply(store)  # type: ignore[attr-defined]
    assert store.path.read_bytes() == before


def test_automaticity_answers_and_a_reset_are_kept_and_undone(store: Store) -> None:
    applied = RecordAutomaticity((5, 6, 5, 6)).apply(store)
    assert applied.message == "Automaticity 5.5 of 7 saved; hinge nudges from now: twice a week."
    reset = ResetHingeNudges().apply(store)
    records = store.load().automaticity
    assert [r["reset"] for r in records] == [False, True]
    assert records[0]["answers"] == [5, 6, 5, 6] and records[1]["answers"] is None
    assert reset.undo is not None and applied.undo is not None
    reset.undo.apply(store)
    applied.undo.apply(store)
    assert store.load().automaticity == ()


def test_an_old_store_reads_the_hinge_tables_as_empty(data_dir: Path, clock: FakeClock) -> None:
    data_dir.mkdir()
    old = {
        "meta": {"1": {"schema_version": 1, "created": "2026-09-01T08:00:00+01:00"}},
        "sessions": {},
        "marks": {},
        "settings": {},
        "reminders_sent": {},
    }
    (data_dir / "supple.json").write_text(json.dumps(old), encoding="utf-8")
    store = Store(data_dir, clock)
    snapshot = store.load()
    assert snapshot.hinge_checks == () and snapshot.automaticity == ()
    assert status_json(build_status(store.summary(), clock.now()))["hinge_today"] is None
    LogHinge("some").apply(store)
    written = json.loads((data_dir / "supple.json").read_bytes())
    assert {"hinge_checks", "automaticity"} <= set(written)
    assert written["meta"]["1"]["schema_version"] == 1


@pytest.mark.parametrize(
    ("table", "record", "says"),
    [
        ("hinge_checks", {"id": "a", "date": "2026-11-20", "answer": "lots"}, "answer"),
        ("hinge_checks", {"id": "a", "date": "someday", "answer": "most"}, "date"),
        ("automaticity", {"id": "a", "date": "2026-11-20", "answers": [1, 2]}, "automaticity"),
        ("automaticity", {"id": "a", "date": "2026-11-20", "answers": [1, 2, 3, 9]}, "1 to 7"),
    ],
)
def test_a_damaged_hinge_record_stops_the_load_naming_it(
    store: Store, table: str, record: dict[str, object], says: str
) -> None:
    LogHinge("some").apply(store)
    data = json.loads(store.path.read_bytes())
    data[table]["7"] = record
    store.path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreDamagedError) as raised:
        Store(store.data_dir, store.clock).load()
    assert f"{table} entry 7" in str(raised.value) and says in str(raised.value)


def test_the_status_summary_and_its_cache_keep_todays_answer(
    data_dir: Path, clock: FakeClock
) -> None:
    LogHinge("some").apply(Store(data_dir, clock))
    fresh = Store(data_dir, clock)  # a new process: the summary from the cache file
    assert fresh.quick_summary().hinge_days == {TODAY: "some"}
    assert status_json(build_status(fresh.quick_summary(), clock.now()))["hinge_today"] == "some"
    LogHinge("most").apply(fresh)  # a change through the laid-out tables
    assert Store(data_dir, clock).quick_summary().hinge_days == {TODAY: "most"}


def test_export_and_import_carry_the_hinge_records_and_import_is_idempotent(
    tmp_path: Path, clock: FakeClock
) -> None:
    source = Store(tmp_path / "a", clock)
    source.set_setting("hinge-moments", "load the dishwasher;brush my teeth at the sink")
    LogHinge("most", YESTERDAY).apply(source)
    RecordAutomaticity((3, 4, 3, 4)).apply(source)
    exported = tmp_path / "export.json"
    exported.write_text(transfer.export_json(source.load()), encoding="utf-8")
    found = transfer.read_import(exported, today=TODAY)
    target = Store(tmp_path / "b", clock)

    def imported() -> str:
        change = ImportRecords(
            tuple(found.sessions),
            tuple(found.marks),
            found.settings,
            "the file",
            hinge_checks=tuple(found.hinge_checks),
            automaticity=tuple(found.automaticity),
        )
        return change.apply(target).message

    assert "Everyday hinge: 2 new records" in imported()
    assert target.load().hinge_checks == source.load().hinge_checks
    assert target.load().automaticity == source.load().automaticity
    assert target.load().settings.hinge_moments == (
        "load the dishwasher",
        "brush my teeth at the sink",
    )
    assert "Everyday hinge: 0 new records, 0 updated" in imported()


def test_a_bad_hinge_record_in_an_import_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "supple",
                "version": 1,
                "sessions": [],
                "hinge_checks": [{"id": "x", "date": "2026-11-20", "answer": "often"}],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(transfer.ImportFileError) as raised:
        transfer.read_import(bad, today=TODAY)
    assert "hinge check record 1 (id x)" in str(raised.value) and "most, some or none" in str(
        raised.value
    )


def test_undoing_an_import_takes_its_hinge_records_back(tmp_path: Path, clock: FakeClock) -> None:
    source = Store(tmp_path / "a", clock)
    LogHinge("most", YESTERDAY).apply(source)
    RecordAutomaticity((3, 4, 3, 4)).apply(source)
    exported = tmp_path / "export.json"
    exported.write_text(transfer.export_json(source.load()), encoding="utf-8")
    found = transfer.read_import(exported, today=TODAY)
    target = Store(tmp_path / "b", clock)
    LogHinge("none").apply(target)  # its own, kept through the import and its undo
    applied = ImportRecords(
        (),
        (),
        {},
        hinge_checks=tuple(found.hinge_checks),
        automaticity=tuple(found.automaticity),
    ).apply(target)
    assert target.load().hinge_days == {YESTERDAY: "most", TODAY: "none"}
    assert applied.undo is not None
    applied.undo.apply(target)
    assert target.load().hinge_days == {TODAY: "none"}
    assert target.load().automaticity == ()
