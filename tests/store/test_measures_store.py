"""Measurements and activities in the real store: saved, replaced, undone, refused, read from
an old store without their tables, kept in the status summary, exported and imported."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import NOW
from tracker.core.clock import FakeClock
from tracker.store import transfer
from tracker.store.changes import (
    DropActivity,
    ImportRecords,
    RecordMeasures,
    Refused,
    RenameActivity,
)
from tracker.store.database import Store
from tracker.store.errors import StoreDamagedError
from tracker.store.summary_cache import decode_summary, summary_tag

TODAY = NOW.date()
EARLIER = TODAY - timedelta(days=14)


def ids(store: Store) -> dict[str, str]:
    return {str(a["name"]): str(a["id"]) for a in store.load().activities}


def test_a_self_test_is_saved_with_its_activities(store: Store) -> None:
    applied = RecordMeasures(EARLIER, 18.0, (("putting on socks", 4), ("gardening", 3))).apply(
        store
    )
    assert applied.message == (
        f"Recorded for {EARLIER.isoformat()}: fingertip-to-floor 18 cm; putting on socks 4/10 "
        "(new activity); gardening 3/10 (new activity)."
    )
    snapshot = store.load()
    assert len(snapshot.measurements) == 3
    assert sorted(str(a["name"]) for a in snapshot.activities) == ["gardening", "putting on socks"]
    RecordMeasures(None, 12.0, (("Putting on  Socks", 7),)).apply(store)  # same activity
    snapshot = store.load()
    assert len(snapshot.activities) == 2
    fingertip = snapshot.measures.fingertip
    assert fingertip is not None and fingertip.real and fingertip.change == -6.0
    mean = snapshot.measures.activities
    assert mean is not None and (mean.first.value, mean.latest.value) == (3.5, 5.0)


def test_a_second_reading_on_a_day_replaces_the_first_and_undo_brings_it_back(
    store: Store,
) -> None:
    RecordMeasures(None, 14.0).apply(store)
    applied = RecordMeasures(None, 12.5).apply(store)
    assert "in place of 1 earlier that day" in applied.message
    assert [r["value"] for r in store.load().measurements] == [12.5]
    assert applied.undo is not None
    undone = applied.undo.apply(store)
    assert [r["value"] for r in store.load().measurements] == [14.0]
    assert undone.undo is not None
    undone.undo.apply(store)  # and the undo of the undo makes it again
    assert [r["value"] for r in store.load().measurements] == [12.5]


def test_undo_takes_back_a_new_activity_too(store: Store) -> None:
    RecordMeasures(None, scores=(("socks", 3),)).apply(store)
    before = store.path.read_bytes()
    applied = RecordMeasures(None, 10.0, (("film", 5),)).apply(store)
    assert applied.undo is not None
    applied.undo.apply(store)
    snapshot = store.load()
    assert [str(a["name"]) for a in snapshot.activities] == ["socks"]
    assert [r["measure"] for r in snapshot.measurements] == ["activity"]
    assert json.loads(store.path.read_bytes()) == json.loads(before)


def test_a_fourth_activity_is_refused_and_nothing_is_written(store: Store) -> None:
    RecordMeasures(None, scores=(("a", 1), ("b", 2), ("c", 3))).apply(store)
    before = store.path.read_bytes()
    with pytest.raises(Refused, match="at most 3 activities"):
        RecordMeasures(None, 9.0, (("d", 4),)).apply(store)
    with pytest.raises(Refused, match="0 \\(unable\\) to 10"):
        RecordMeasures(None, scores=(("a", 11),)).apply(store)
    with pytest.raises(Refused, match="-30 to 60 cm"):
        RecordMeasures(None, 61.0).apply(store)
    with pytest.raises(Refused, match="needs a name"):
        RecordMeasures(None, scores=((" ", 4),)).apply(store)
    with pytest.raises(Refused, match="in the future"):
        RecordMeasures(TODAY + timedelta(days=1), 10.0).apply(store)
    with pytest.raises(Refused, match="nothing to record"):
        RecordMeasures().apply(store)
    assert store.path.read_bytes() == before


def test_a_renamed_activity_keeps_its_history_and_a_dropped_one_makes_room(store: Store) -> None:
    RecordMeasures(EARLIER, scores=(("socks", 3), ("film", 4), ("shopping", 2))).apply(store)
    RecordMeasures(None, scores=(("socks", 6),)).apply(store)
    socks = ids(store)["socks"]
    RenameActivity(socks, "putting on socks").apply(store)
    assert ids(store)["putting on socks"] == socks
    RecordMeasures(None, scores=(("putting on socks", 7),)).apply(store)
    scores = [r["value"] for r in store.load().measurements if r["activity"] == socks]
    assert sorted(scores) == [3, 7]  # today's 6 replaced by 7; the first kept
    with pytest.raises(Refused, match="would be called"):
        RenameActivity(socks, "film").apply(store)
    dropped = DropActivity(ids(store)["shopping"]).apply(store)
    assert dropped.message == "No longer asking about shopping."
    shopping = [a for a in store.load().activities if a["name"] == "shopping"][0]
    assert shopping["dropped"] == TODAY.isoformat()
    assert dropped.undo is not None
    dropped.undo.apply(store)  # undone: asked about again
    shopping = [a for a in store.load().activities if a["name"] == "shopping"][0]
    assert shopping["dropped"] is None
    DropActivity(ids(store)["shopping"]).apply(store)
    RecordMeasures(None, scores=(("gardening", 5),)).apply(store)  # room for a new one now
    current = [str(a["name"]) for a in store.load().activities if not a.get("dropped")]
    assert sorted(current) == ["film", "gardening", "putting on socks"]
    kept = [r for r in store.load().measurements if r["activity"] == shopping["id"]]
    assert [r["value"] for r in kept] == [2]  # a dropped activity keeps its scores


def test_an_old_store_without_the_tables_reads_fine_and_gets_them_at_its_next_write(
    data_dir: Path, clock: FakeClock
) -> None:
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
    assert snapshot.measurements == () and snapshot.activities == ()
    assert snapshot.measures.fingertip is None
    RecordMeasures(None, 20.0).apply(store)
    written = json.loads((data_dir / "supple.json").read_bytes())
    assert set(written) >= set(old) | {"measurements", "activities"}
    assert written["meta"]["1"]["schema_version"] == 1  # no schema change was needed


def test_a_damaged_measurement_stops_the_load_naming_it(store: Store) -> None:
    RecordMeasures(None, 20.0).apply(store)
    data = json.loads(store.path.read_bytes())
    data["measurements"]["1"]["value"] = 99
    store.path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreDamagedError, match="measurements entry 1 .*-30 to 60 cm"):
        Store(store.data_dir, store.clock).load()


def test_the_status_summary_keeps_the_first_and_latest(store: Store) -> None:
    RecordMeasures(EARLIER, 18.0, (("socks", 3),)).apply(store)
    RecordMeasures(None, 12.0, (("socks", 6),)).apply(store)
    raw = store.path.read_bytes()
    tag = summary_tag(raw)
    assert tag is not None
    cached = decode_summary(store.summary_path.read_bytes(), tag)
    assert cached is not None
    assert cached.measures == store.load().measures
    assert cached.measures.fingertip is not None and cached.measures.fingertip.real


def test_json_export_and_import_carry_measures_and_merge_by_id(
    store: Store, tmp_path: Path
) -> None:
    RecordMeasures(EARLIER, 18.0, (("socks", 3),)).apply(store)
    RecordMeasures(None, 12.0, (("socks", 6),)).apply(store)
    RenameActivity(ids(store)["socks"], "putting on socks").apply(store)
    exported = tmp_path / "export.json"
    exported.write_text(transfer.export_json(store.load()), encoding="utf-8")
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert len(data["measurements"]) == 4 and len(data["activities"]) == 1
    target = Store(tmp_path / "copy", store.clock)
    found = transfer.read_import(exported, today=TODAY)
    change = ImportRecords(
        tuple(found.sessions),
        tuple(found.marks),
        found.settings,
        "the file",
        tuple(found.measurements),
        tuple(found.activities),
    )
    applied = change.apply(target)
    assert "4 new measurements" in applied.message and "1 new activities" in applied.message
    copy = target.load()
    assert sorted(map(str, copy.measurements)) == sorted(map(str, store.load().measurements))
    assert copy.activities == store.load().activities
    again = change.apply(target)  # idempotent
    assert "0 new measurements, 0 updated; 0 new activities, 0 updated" in again.message
    assert again.undo is None
    assert applied.undo is not None
    applied.undo.apply(target)  # the import taken back
    assert target.load().measurements == () and target.load().activities == ()


def test_an_import_that_would_leave_four_activities_is_refused(
    store: Store, tmp_path: Path
) -> None:
    RecordMeasures(None, scores=(("a", 1), ("b", 2), ("c", 3))).apply(store)
    other = Store(tmp_path / "other", store.clock)
    RecordMeasures(None, scores=(("d", 4),)).apply(other)
    exported = tmp_path / "other.json"
    exported.write_text(transfer.export_json(other.load()), encoding="utf-8")
    found = transfer.read_import(exported, today=TODAY)
    before = store.path.read_bytes()
    with pytest.raises(Refused, match="would leave 4 activities"):
        ImportRecords((), (), {}, "x", tuple(found.measurements), tuple(found.activities)).apply(
            store
        )
    assert store.path.read_bytes() == before


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d["measurements"][0].update(value=70.0), "-30 to 60 cm"),
        (lambda d: d["measurements"][0].update(measure="weight"), "measure must be one of"),
        (lambda d: d["measurements"][1].update(activity="nobody"), "not among the file's"),
        (lambda d: d["measurements"][1].update(value=3.5), "whole number"),
        (lambda d: d["activities"][0].update(name=""), "needs a name"),
        (lambda d: d["measurements"].append(dict(d["measurements"][0])), "appears twice"),
        (lambda d: d["measurements"][0].update(date="2027-01-01"), "in the future"),
        (lambda d: d.update(measurements={}), "must be a list"),
    ],
)
def test_a_bad_measurement_in_an_import_file_is_named(
    store: Store, tmp_path: Path, change: object, says: str
) -> None:
    RecordMeasures(None, 12.0, (("socks", 6),)).apply(store)
    data = json.loads(transfer.export_json(store.load()))
    data["measurements"].sort(key=lambda r: r["measure"] != "fingertip")
    change(data)  # type: ignore[operator]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(transfer.ImportFileError, match=says):
        transfer.read_import(bad, today=TODAY)


def test_the_measurements_csv_imports_back(store: Store, tmp_path: Path) -> None:
    RecordMeasures(EARLIER, -2.5, (("=socks", 3), ("film, long", 4))).apply(store)
    RecordMeasures(None, 12.0, (("=socks", 6),)).apply(store)
    text = transfer.export_measurements_csv(store.load())
    assert text.splitlines()[0] == (
        "id,date,measure,activity_id,activity,value,recorded_at,activity_dropped"
    )
    assert "'=socks" in text  # a formula is neutralised for spreadsheets
    exported = tmp_path / "measurements.csv"
    exported.write_bytes(text.encode("utf-8"))
    found = transfer.read_import(exported, today=TODAY)
    assert found.activities_from_csv
    target = Store(tmp_path / "copy", store.clock)
    ImportRecords((), (), {}, "csv", tuple(found.measurements), tuple(found.activities)).apply(
        target
    )
    assert sorted(map(str, target.load().measurements)) == sorted(
        map(str, store.load().measurements)
    )
    assert sorted(str(a["name"]) for a in target.load().activities) == ["=socks", "film, long"]


def test_the_day_before_is_kept_apart(store: Store) -> None:
    RecordMeasures(date(2026, 11, 24), 14.0).apply(store)
    RecordMeasures(None, 13.0).apply(store)
    assert len(store.load().measurements) == 2
