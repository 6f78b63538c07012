"""Import never rejects what export wrote: random stores, made through the same changes the app
and the shell make (log, guided save, delete, skip ahead, clear, settings, self-tests and
activity scores, renamed and dropped activities), are exported as JSON
and as CSV and imported into an empty store, now and a month later (a backup restored later).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.core.clock import FakeClock
from tracker.core.settings import DEVICE_SETTINGS, KEYS, SettingError
from tracker.store import transfer
from tracker.store.changes import (
    ClearSkip,
    DeleteSession,
    DropActivity,
    ImportRecords,
    LogDone,
    LogHinge,
    MarkSkip,
    RecordAutomaticity,
    RecordMeasures,
    Refused,
    RenameActivity,
    ResetHingeNudges,
    SaveSession,
    SetSetting,
)
from tracker.store.database import Store
from tracker.store.records import check_session

# Behaviour that differs between Pythons (csv and NUL, zip, sqlite3): .ci/run runs these on
# the oldest and the newest Python too.
pytestmark = pytest.mark.every_python

NOW = datetime(2026, 11, 25, 21, 30, tzinfo=timezone(timedelta(hours=-5)))
TODAY = NOW.date()

CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))] + ["\u2028", "\u2029"]
notes = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]) | st.sampled_from(CONTROLS), max_size=40
)  # any text, every control character (NUL too) often, quotes, =formulas included
pains = st.none() | st.integers(0, 10)
past_days = st.integers(0, 500).map(lambda n: TODAY - timedelta(days=n))
# Past the bounds too: whatever the rules let through must import.
any_skip_day = (st.integers(-400, 400) | st.sampled_from([365, 366, 367, 380])).map(
    lambda n: TODAY + timedelta(days=n)
)


@st.composite
def guided(draw: st.DrawFn) -> dict[str, Any]:
    day = draw(past_days)
    status = draw(st.sampled_from(["complete", "partial", "stopped"]))
    started = datetime.combine(day, datetime.min.time(), NOW.tzinfo) + timedelta(
        minutes=draw(st.integers(0, 1439))
    )
    return check_session(
        {
            "id": draw(st.uuids()).hex,
            "date": day.isoformat(),
            "started_at": started.isoformat(timespec="seconds"),
            "ended_at": (started + timedelta(minutes=9)).isoformat(timespec="seconds"),
            "kind": "guided",
            "status": status,
            "exercises": [
                {
                    "exercise": "good-morning",
                    "side": None,
                    "planned_sets": 3,
                    "planned_reps": 10,
                    "done_sets": draw(st.integers(0, 3)),
                    "done_reps": draw(st.integers(0, 10)),
                }
            ],
            "pain_before": draw(pains),
            "pain_after": draw(pains),
            "note": draw(notes),
        }
    )


def setting_value(draw: st.DrawFn) -> SetSetting:
    name = draw(st.sampled_from(sorted(KEYS)))
    key = KEYS[name]
    if key.kind == "bool":
        return SetSetting(name, draw(st.booleans()))
    if key.kind == "int":
        text = str(draw(st.integers(0, 600)))
    elif key.kind == "times":
        text = ",".join(
            f"{h:02d}:{m:02d}"
            for h, m in draw(
                st.lists(st.tuples(st.integers(0, 23), st.integers(0, 59)), max_size=3)
            )
        )
    elif key.kind == "days":
        text = draw(st.sampled_from(["daily", "mon,wed,fri", "sat,sun"]))
    elif key.kind == "time":
        text = f"{draw(st.integers(0, 6)):02d}:{draw(st.integers(0, 59)):02d}"
    else:
        text = key.show(key.default)
    try:
        return SetSetting(name, key.parse(text))
    except SettingError:
        return SetSetting(name, key.default)


ACTIVITY_NAMES = ["socks", "Socks", "film", "=lifting, bags", "gardening", 'say "hi"', "tårta"]


@st.composite
def measures(draw: st.DrawFn) -> RecordMeasures:
    fingertip = draw(st.none() | st.integers(-300, 600).map(lambda n: n / 10))
    scores = draw(
        st.lists(
            st.tuples(st.sampled_from(ACTIVITY_NAMES), st.integers(0, 10)),
            max_size=3,
            unique_by=lambda item: item[0].casefold(),
        )
    )
    return RecordMeasures(draw(st.none() | past_days), fingertip, tuple(scores))


class ChangeActivity(NamedTuple):
    """Rename (to `name`) or drop whichever activity is n-th when the operation runs."""

    n: int
    name: str | None


class DeleteNth(NamedTuple):
    """Delete whichever session is n-th when the operation runs (ids are not known before)."""

    n: int


@st.composite
def operation(draw: st.DrawFn) -> Any:
    kind = draw(
        st.sampled_from(
            [
                "done",
                "guided",
                "delete",
                "skip",
                "range",
                "clear",
                "set",
                "measure",
                "activity",
                "hinge",
                "srbai",
                "moments",
            ]
        )
    )
    if kind == "hinge":  # the everyday hinge's evening check, its weekly answers, a reset
        return LogHinge(draw(st.sampled_from(["most", "some", "none"])), draw(past_days))
    if kind == "srbai":
        if draw(st.booleans()):
            return ResetHingeNudges(draw(st.none() | past_days))
        return RecordAutomaticity(
            tuple(draw(st.lists(st.integers(1, 7), min_size=4, max_size=4))),
            draw(st.none() | past_days),
        )
    if kind == "moments":
        chosen = draw(st.lists(st.sampled_from(ACTIVITY_NAMES), max_size=3, unique_by=str.lower))
        return SetSetting("hinge-moments", ";".join(chosen))
    if kind == "measure":
        return draw(measures())
    if kind == "activity":
        return ChangeActivity(
            draw(st.integers(0, 5)), draw(st.none() | st.sampled_from(ACTIVITY_NAMES))
        )
    if kind == "done":
        return LogDone(draw(past_days), draw(pains), draw(pains), draw(notes))
    if kind == "guided":
        return SaveSession(draw(guided()))
    if kind == "delete":
        return DeleteNth(draw(st.integers(0, 50)))
    if kind == "skip":
        return MarkSkip((draw(any_skip_day),), draw(st.none() | notes))
    if kind == "range":
        first = draw(any_skip_day)
        last = first + timedelta(days=draw(st.integers(0, 20)))
        return MarkSkip(tuple(first + timedelta(days=n) for n in range((last - first).days + 1)))
    if kind == "clear":
        return ClearSkip((draw(any_skip_day),))
    return setting_value(draw)


def build(store: Store, operations: list[Any]) -> None:
    for op in operations:
        if isinstance(op, DeleteNth):  # delete the n-th session, if there is one
            sessions = store.load().sessions
            if not sessions:
                continue
            op = DeleteSession(sessions[op.n % len(sessions)]["id"])
        if isinstance(op, ChangeActivity):
            current = [a for a in store.load().activities if not a.get("dropped")]
            if not current:
                continue
            chosen = str(current[op.n % len(current)]["id"])
            op = DropActivity(chosen) if op.name is None else RenameActivity(chosen, op.name)
        try:
            op.apply(store)
        except Refused:
            pass  # the rules said no, exactly as they would in the app or the shell


def contents(store: Store) -> tuple[Any, ...]:
    snap = store.load()
    return (
        sorted(snap.sessions, key=lambda s: s["id"]),
        sorted((m["date"], m.get("reason")) for m in snap.marks),
        {k: v for k, v in snap.stored_settings.items() if k not in DEVICE_SETTINGS},
        sorted(snap.measurements, key=lambda r: r["id"]),
        sorted(snap.activities, key=lambda r: r["id"]),
        sorted(snap.hinge_checks, key=lambda r: r["id"]),
        sorted(snap.automaticity, key=lambda r: r["id"]),
    )


def restore(exported: Path, into: Path, when: datetime) -> Store:
    target = Store(into, FakeClock(when))
    found = transfer.read_import(exported, today=when.date())
    ImportRecords(
        tuple(found.sessions),
        tuple(found.marks),
        found.settings,
        "the file",
        tuple(found.measurements),
        tuple(found.activities),
        tuple(found.hinge_checks),
        tuple(found.automaticity),
    ).apply(target)
    return target


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=st.lists(operation(), min_size=1, max_size=25), later=st.sampled_from([0, 31]))
def test_an_export_always_imports_into_an_empty_store(
    tmp_path: Path, operations: list[Any], later: int
) -> None:
    case = tmp_path / f"case-{len(list(tmp_path.iterdir()))}"
    source = Store(case / "source", FakeClock(NOW))
    build(source, operations)
    if not source.path.exists():
        return
    snap = source.load()
    when = NOW + timedelta(days=later)

    json_file = case / "export.json"
    json_file.write_text(transfer.export_json(snap), encoding="utf-8")
    assert contents(restore(json_file, case / "from-json", when)) == contents(source)

    csv_file = case / "export.csv"
    csv_file.write_bytes(transfer.export_csv(snap).encode("utf-8"))
    from_csv = restore(csv_file, case / "from-csv", when)
    assert contents(from_csv)[:2] == contents(source)[:2]  # CSV holds sessions and skip days

    measured = case / "measurements.csv"
    measured.write_bytes(transfer.export_measurements_csv(snap).encode("utf-8"))
    from_measured = restore(measured, case / "from-measurements-csv", when)
    assert contents(from_measured)[3] == contents(source)[3]  # and this CSV the readings
    named = {str(a["id"]): (a["name"], a["dropped"]) for a in snap.activities}
    scored = {str(r["activity"]) for r in snap.measurements if r["activity"]}
    assert {str(a["id"]): (a["name"], a["dropped"]) for a in from_measured.load().activities} == {
        i: named[i] for i in scored
    }


def test_every_control_character_and_empty_exercises_round_trip_through_csv(
    tmp_path: Path,
) -> None:
    """On every Python: before 3.11 the csv module refuses NUL both ways."""
    every = "".join(CONTROLS) + '"quoted", =SUM(A1) and \U0001f600'
    source = Store(tmp_path / "source", FakeClock(NOW))
    LogDone(TODAY, 3, 1, every).apply(source)
    record = check_session(
        {
            "id": "a-guided-session",
            "date": TODAY.isoformat(),
            "started_at": NOW.isoformat(timespec="seconds"),
            "kind": "guided",
            "status": "partial",
            "exercises": [],  # stopped before the first exercise
            "note": "\x00",
        }
    )
    SaveSession(record).apply(source)
    MarkSkip((TODAY + timedelta(days=2),), every).apply(source)
    MarkSkip((TODAY + timedelta(days=3),)).apply(source)
    exported = tmp_path / "export.csv"
    exported.write_bytes(transfer.export_csv(source.load()).encode("utf-8"))
    copy = restore(exported, tmp_path / "copy", NOW)
    assert contents(copy)[:2] == contents(source)[:2]
    assert next(s for s in copy.load().sessions if s["id"] == record["id"])["exercises"] == []


def test_a_skip_a_year_ahead_made_in_the_app_survives_its_own_export(tmp_path: Path) -> None:
    """The case that used to fail: the day view took a skip more than 366 days ahead."""
    source = Store(tmp_path / "source", FakeClock(NOW))
    MarkSkip((TODAY + timedelta(days=366),)).apply(source)
    exported = tmp_path / "export.json"
    exported.write_text(transfer.export_json(source.load()), encoding="utf-8")
    assert contents(restore(exported, tmp_path / "copy", NOW)) == contents(source)


def test_the_devices_own_settings_are_neither_exported_nor_imported(tmp_path: Path) -> None:
    """The sync folder and the theme belong to a device: an export made on one and imported on
    another must not point the other at a folder it does not have (or turn its sync on)."""
    source = Store(tmp_path / "source", FakeClock(NOW))
    for change in (
        SetSetting("rest", 45),
        SetSetting("theme", "nord"),
        SetSetting("sync-folder", str(tmp_path / "Sync")),
    ):
        change.apply(source)
    exported = tmp_path / "export.json"
    exported.write_text(transfer.export_json(source.load()), encoding="utf-8")
    assert json.loads(exported.read_text())["settings"] == {"rest": 45}
    target = Store(tmp_path / "target", FakeClock(NOW))
    SetSetting("theme", "dracula").apply(target)
    settings = {"rest": 50, "theme": "nord", "sync-folder": str(tmp_path / "Sync")}
    older = {"format": "supple", "version": 1, "sessions": [], "settings": settings}
    exported.write_text(json.dumps(older), encoding="utf-8")
    restore(exported, tmp_path / "target", NOW)
    assert target.load().stored_settings == {"theme": "dracula", "rest": 50}
