"""Imports from other trackers, and exports that other tools read: through the real CLI.

The Loop Habit Tracker files are written here from its published export format
(HabitsCSVExporter: a zip "Loop Habits CSV <date>.zip" with a combined `Checkmarks.csv`,
`Date` then one column per habit, newest day first, a delimiter at the end of every line, and a
folder per habit whose `Checkmarks.csv` has `Date,Value,Notes`). Values: YES_MANUAL, YES_AUTO,
NO, SKIP, UNKNOWN; older versions wrote 2, 1, 0.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import icalendar
import pytest

from tests.conftest import RunCli

# Behaviour that differs between Pythons (csv and NUL, zip, sqlite3): .ci/run runs these on
# the oldest and the newest Python too.
pytestmark = pytest.mark.every_python

# conftest's NOW: 2026-11-25 09:30 +01:00.

LOOP_COMBINED = (
    "Date,Stretch,Read,\n"
    "2026-11-25,UNKNOWN,NO,\n"
    "2026-11-24,YES_MANUAL,NO,\n"
    "2026-11-23,YES_AUTO,YES_MANUAL,\n"
    "2026-11-22,SKIP,UNKNOWN,\n"
    "2026-11-21,YES_MANUAL,YES_MANUAL,\n"
    "2026-11-20,NO,NO,\n"
)
LOOP_COMBINED_OLD = (  # Loop 1.x: numbers instead of names
    "Date,Stretch,Read,\n2026-11-24,2,0,\n2026-11-23,1,2,\n2026-11-21,2,2,\n2026-11-20,0,0,\n"
)
LOOP_ONE_HABIT = "Date,Value,Notes\n2026-11-24,YES_MANUAL,felt loose\n2026-11-21,YES_MANUAL,\n"
# As Loop writes them (HabitList.writeCSV, HabitsCSVExporter.writeEntries): every column of
# Habits.csv; each habit's own file with its known days only (no UNKNOWN), newest first.
LOOP_HABITS = (
    "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,"
    "Unit,Target Type,Target Value,Archived?\n"
    "001,Stretch,YES_NO,Did you stretch today?,,1,1,#D32F2F,,,,false\n"
    "002,Read,YES_NO,Did you read today?,,1,1,#1976D2,,,,false\n"
)
LOOP_STRETCH = (
    "Date,Value,Notes\n2026-11-25,UNKNOWN,\n2026-11-24,YES_MANUAL,\n2026-11-23,YES_AUTO,\n"
    "2026-11-22,SKIP,\n2026-11-21,YES_MANUAL,\n2026-11-20,NO,\n"
)
LOOP_READ = (
    "Date,Value,Notes\n2026-11-25,NO,\n2026-11-24,NO,\n2026-11-23,YES_MANUAL,\n"
    "2026-11-21,YES_MANUAL,\n2026-11-20,NO,\n"
)


def ok(result: Any) -> str:
    assert result.code == 0, result.err
    assert result.err == ""
    return str(result.out)


def one_error(result: Any) -> str:
    assert result.code == 2, (result.code, result.out, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("supple: "), result.err
    assert "nothing was imported" in lines[0]
    return str(lines[0])


def exported(run_cli: RunCli) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(run_cli("export")))
    return data


def done_days(run_cli: RunCli) -> list[str]:
    return sorted({s["date"] for s in exported(run_cli)["sessions"] if s["status"] == "complete"})


def skip_days(run_cli: RunCli) -> dict[str, str]:
    return {m["date"]: m["reason"] for m in exported(run_cli)["marks"]}


def loop_zip(tmp_path: Path, combined: str = LOOP_COMBINED) -> Path:
    path = tmp_path / "Loop Habits CSV 2026-11-25.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Habits.csv", LOOP_HABITS)
        archive.writestr("001 Stretch/Scores.csv", "Date,Score\n2026-11-24,0.1000\n")
        archive.writestr("001 Stretch/Checkmarks.csv", LOOP_STRETCH)
        archive.writestr("002 Read/Scores.csv", "Date,Score\n2026-11-24,0.1000\n")
        archive.writestr("002 Read/Checkmarks.csv", LOOP_READ)
        archive.writestr("Scores.csv", "Date,Stretch,Read,\n2026-11-24,0.1000,0.0000,\n")
        archive.writestr("Checkmarks.csv", combined)
    return path


# --------------------------------------------------------------------------- Loop Habit Tracker


def test_the_loop_zip_imports_the_chosen_habit(run_cli: RunCli, tmp_path: Path) -> None:
    archive = loop_zip(tmp_path)
    out = ok(run_cli("import", str(archive), "--habit", "Stretch"))
    assert "Loop Habit Tracker, habit 'Stretch'" in out
    assert "2 new sessions" in out and "2 skip days" in out
    assert done_days(run_cli) == ["2026-11-21", "2026-11-24"]
    skips = skip_days(run_cli)
    assert set(skips) == {"2026-11-22", "2026-11-23"}
    assert "YES_AUTO" in skips["2026-11-23"]
    sessions = exported(run_cli)["sessions"]
    assert {(s["kind"], s["status"]) for s in sessions} == {("logged", "complete")}
    # 21 done, 22 and 23 skipped (they keep the run), 24 done: one run of two done days.
    status = json.loads(ok(run_cli("status", "--json")))
    assert (status["current_streak"], status["total_sessions"]) == (2, 2)


def test_importing_the_same_loop_days_again_adds_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    archive = loop_zip(tmp_path)
    ok(run_cli("import", str(archive), "--habit", "stretch"))  # the name, any case
    store = tmp_path / "data" / "supple.json"
    before = store.read_bytes()
    again = ok(run_cli("import", str(archive), "--habit", "Stretch"))
    assert "0 new sessions" in again and "0 skip days" in again
    assert "Left alone: 2 days already done in supple." in again
    assert store.read_bytes() == before


def test_a_loop_export_with_several_habits_needs_habit(run_cli: RunCli, tmp_path: Path) -> None:
    line = one_error(run_cli("import", str(loop_zip(tmp_path))))
    assert "2 habits ('Stretch', 'Read')" in line and "--habit NAME" in line
    line = one_error(run_cli("import", str(loop_zip(tmp_path)), "--habit", "Yoga"))
    assert "no habit 'Yoga'" in line
    assert not (tmp_path / "data" / "supple.json").exists()


@pytest.mark.parametrize("style", ["names", "numbers"])
def test_loop_checkmarks_csv_in_both_styles(run_cli: RunCli, tmp_path: Path, style: str) -> None:
    source = tmp_path / "Checkmarks.csv"
    source.write_text(LOOP_COMBINED if style == "names" else LOOP_COMBINED_OLD, encoding="utf-8")
    ok(run_cli("import", str(source), "--habit", "Read"))
    assert done_days(run_cli) == ["2026-11-21", "2026-11-23"]
    assert skip_days(run_cli) == {}


def test_one_habits_own_checkmarks_keep_their_notes(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "Checkmarks.csv"
    source.write_text(LOOP_ONE_HABIT, encoding="utf-8")
    ok(run_cli("import", str(source)))
    notes = {s["date"]: s["note"] for s in exported(run_cli)["sessions"]}
    assert notes == {"2026-11-24": "felt loose", "2026-11-21": ""}


def test_a_measurable_loop_habit_is_refused_by_name(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "Checkmarks.csv"
    source.write_text("Date,Water,\n2026-11-24,2500,\n", encoding="utf-8")
    line = one_error(run_cli("import", str(source)))
    assert "line 2: '2500' is not a Loop check value" in line and "measurable" in line


def test_a_day_done_in_supple_keeps_its_own_session(run_cli: RunCli, tmp_path: Path) -> None:
    ok(run_cli("done", "--date", "2026-11-24", "--note", "from supple"))
    archive = loop_zip(tmp_path)
    out = ok(run_cli("import", str(archive), "--habit", "Stretch"))
    assert "1 new sessions" in out and "Left alone: 1 day already done in supple." in out
    notes = {s["date"]: s["note"] for s in exported(run_cli)["sessions"]}
    assert notes == {"2026-11-24": "from supple", "2026-11-21": ""}


def test_a_zip_that_is_not_from_loop(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "no Checkmarks.csv" in one_error(run_cli("import", str(path)))


# --------------------------------------------------------------------------- dates, ; and stdin


def test_a_plain_list_of_dates_from_standard_input(run_cli: RunCli) -> None:
    out = ok(run_cli("import", "-", stdin="2026-11-20\n\n2026-11-21\n2026-11-21\n"))
    assert "Imported from standard input (a list of dates): 2 new sessions" in out
    assert done_days(run_cli) == ["2026-11-20", "2026-11-21"]


def test_a_csv_with_only_a_date_column(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "days.csv"
    source.write_text("date\n2026-11-22\n2026-11-23\n", encoding="utf-8")
    ok(run_cli("import", str(source)))
    assert done_days(run_cli) == ["2026-11-22", "2026-11-23"]


def test_a_bad_line_in_a_list_of_dates_is_named(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "days.txt"
    source.write_text("2026-11-22\n22.11.2026\n", encoding="utf-8")
    line = one_error(run_cli("import", str(source)))
    assert "line 2: '22.11.2026' is not a date like 2026-11-25" in line


def test_a_semicolon_csv_of_supple_sessions(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "excel.csv"
    source.write_text(
        "id;date;kind;status;pain_after;note\n"
        "x1;2026-11-23;logged;complete;2;a note, with a comma\n",
        encoding="utf-8",
    )
    assert "1 new sessions" in ok(run_cli("import", str(source)))
    (session,) = exported(run_cli)["sessions"]
    assert (session["id"], session["pain_after"], session["note"]) == (
        "x1",
        2,
        "a note, with a comma",
    )


def test_a_semicolon_loop_file(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "Checkmarks.csv"
    source.write_text("Date;Stretch;\n2026-11-24;YES_MANUAL;\n", encoding="utf-8")
    ok(run_cli("import", str(source)))
    assert done_days(run_cli) == ["2026-11-24"]


def test_an_ics_file_is_refused_with_what_supple_reads(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "cal.ics"
    source.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    line = one_error(run_cli("import", str(source)))
    assert "supple reads JSON or CSV" in line


# --------------------------------------------------------------------------- exports


def test_csv_export_neutralises_formulas_and_reimports_them_unchanged(
    run_cli: RunCli, tmp_path: Path
) -> None:
    notes = ["=1+2", "+49 30 1234", "-stiff", "@home", "'=quoted already", "'tis fine", "plain"]
    for day, note in enumerate(notes, start=10):
        ok(run_cli("done", "--date", f"2026-11-{day}", f"--note={note}"))
    dump = tmp_path / "out.csv"
    ok(run_cli("export", "--format", "csv", "-o", str(dump)))
    cells = [row["note"] for row in csv.DictReader(io.StringIO(dump.read_text("utf-8")))]
    assert cells == ["'=1+2", "'+49 30 1234", "'-stiff", "'@home", "''=quoted already"] + [
        "'tis fine",
        "plain",
    ]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    fresh = tmp_path / "fresh"
    ok(run_cli("import", str(dump), SUPPLE_DATA_DIR=str(fresh)))
    again = json.loads(ok(run_cli("export", SUPPLE_DATA_DIR=str(fresh))))
    assert [s["note"] for s in again["sessions"]] == notes


def test_icalendar_reads_the_export_with_a_utc_dtstamp(run_cli: RunCli) -> None:
    ok(run_cli("done", "--date", "2026-11-24", "--pain-after", "2", "--note", "Hüfte; locker"))
    ok(run_cli("done"))
    text = ok(run_cli("export", "--format", "ics"))
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    for event in events:
        stamp = event.decoded("DTSTAMP")
        assert isinstance(stamp, datetime) and stamp.utcoffset() is not None
        assert stamp.utcoffset() == timedelta(0)
        assert stamp == datetime(2026, 11, 25, 8, 30, tzinfo=timezone.utc)  # 09:30 +01:00
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert isinstance(event.decoded("DTSTART"), date)
    assert [e.decoded("DTSTART") for e in events] == [date(2026, 11, 24), date(2026, 11, 25)]
    assert "Hüfte; locker" in str(events[0]["DESCRIPTION"])
    assert "DTSTAMP:20261125T083000Z" in text.splitlines()


def test_next_reminder_in_json_has_seconds(run_cli: RunCli) -> None:
    data = json.loads(ok(run_cli("status", "--json")))
    assert data["next_reminder"] == "2026-11-25T18:00:00+01:00"  # RFC 3339: seconds and offset
