"""Imports that never guess (issue 25), through the real CLI: Loop Habit Tracker's zip and full
backup built exactly as Loop writes them, harsh's and habitctl's logs.

How Loop writes its files (uhabits-core, io/HabitsCSVExporter.kt, models/HabitList.kt):
- `Habits.csv` and each habit's `Checkmarks.csv` through opencsv's CSVWriter with quotes only
  where needed (a field with a comma, a quote or a line break is quoted, a quote doubled),
  lines ending in \\n;
- the combined `Checkmarks.csv` by hand: `Date,` then each name and a comma, unquoted;
- each habit's folder "%03d %s" of its position and its name with only [ a-zA-Z0-9._-] kept;
- the backup: SQLite, tables Habits (type 0 yes/no, 1 measurable) and Repetitions (timestamp
  in ms at UTC midnight, value 2 done, 3 skip, 0 no, notes), as its migrations 09-25 make them.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RunCli, cli_env

# Behaviour that differs between Pythons (csv and NUL, zip, sqlite3): .ci/run runs these on
# the oldest and the newest Python too.
pytestmark = pytest.mark.every_python

# conftest's NOW: 2026-11-25 09:30 +01:00.


def opencsv(cells: list[str]) -> str:
    """One line as opencsv's CSVWriter writes it with applyQuotesToAll=false."""
    out = []
    for cell in cells:
        if any(c in cell for c in ',"\n\r'):
            cell = '"' + cell.replace('"', '""') + '"'
        out.append(cell)
    return ",".join(out) + "\n"


@dataclass
class Habit:
    name: str
    entries: list[tuple[str, str, str]]  # (date, value, notes), newest first
    kind: str = "YES_NO"
    unit: str = ""
    selected: bool = True

    def folder(self, position: int) -> str:
        kept = "".join(
            c for c in self.name if c == " " or c in "._-" or (c.isascii() and c.isalnum())
        )
        return f"{position:03d} {kept[:100]}".strip()


@dataclass
class LoopExport:
    habits: list[Habit] = field(default_factory=list)

    def habits_csv(self) -> str:
        header = "Position,Name,Type,Question,Description,FrequencyNumerator,"
        header += "FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?"
        text = opencsv(header.split(","))
        for n, habit in enumerate(self.habits, start=1):
            numerical = habit.kind == "NUMERICAL"
            text += opencsv(
                [
                    f"{n:03d}",
                    habit.name,
                    habit.kind,
                    f"{habit.name}?",
                    "",
                    "1",
                    "1",
                    "#D32F2F",
                    habit.unit if numerical else "",
                    "AT_LEAST" if numerical else "",
                    "2000.0" if numerical else "",
                    "false",
                ]
            )
        return text

    def own_checkmarks(self, habit: Habit) -> str:
        text = opencsv(["Date", "Value", "Notes"])
        for day, value, notes in habit.entries:
            if value != "UNKNOWN":  # entries.getKnown()
                text += opencsv([day, value, notes])
        return text

    def combined(self) -> str:
        chosen = [h for h in self.habits if h.selected]
        text = "Date," + "".join(h.name + "," for h in chosen) + "\n"
        days = sorted({d for h in chosen for d, _, _ in h.entries}, reverse=True)
        for day in days:
            values = [dict((d, v) for d, v, _ in h.entries).get(day, "UNKNOWN") for h in chosen]
            text += day + "," + "".join(v + "," for v in values) + "\n"
        return text

    def write(self, path: Path) -> Path:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("Habits.csv", self.habits_csv())
            for n, habit in enumerate(self.habits, start=1):
                if habit.selected:
                    folder = habit.folder(n)
                    archive.writestr(f"{folder}/Scores.csv", "Date,Score\n2026-11-24,0.5000\n")
                    archive.writestr(f"{folder}/Checkmarks.csv", self.own_checkmarks(habit))
            archive.writestr("Scores.csv", "Date,\n")
            archive.writestr("Checkmarks.csv", self.combined())
        return path


STRETCH = Habit(
    "Stretch",
    [
        ("2026-11-25", "UNKNOWN", ""),
        ("2026-11-24", "YES_MANUAL", "hamstrings, then back"),
        ("2026-11-23", "SKIP", "travel"),
        ("2026-11-22", "SKIP", ""),
        ("2026-11-21", "YES_AUTO", ""),
        ("2026-11-20", "NO", "too tired"),
    ],
)
READ = Habit(
    "Read, 20 pages",
    [
        ("2026-11-24", "NO", ""),
        ("2026-11-23", "YES_MANUAL", 'finished "Dune"'),
        ("2026-11-19", "YES_MANUAL", "two lines\nof notes"),
    ],
)
WATER = Habit(
    "Water (ml)", [("2026-11-24", "2500", ""), ("2026-11-23", "1500", "")], "NUMERICAL", "ml"
)
THANKS = Habit('Say "thanks" \U0001f64f', [("2026-11-18", "YES_MANUAL", "\U0001f600 ok")])


def export(tmp_path: Path, *habits: Habit) -> Path:
    chosen = habits or (STRETCH, READ, WATER, THANKS)
    return LoopExport(list(chosen)).write(tmp_path / "Loop Habits CSV 2026-11-25.zip")


def ok(result: Any) -> str:
    assert result.code == 0, result.err
    assert result.err == ""
    return str(result.out)


def refused(result: Any, data_dir: Path) -> str:
    """Exit 2, one line, and nothing written."""
    assert result.code == 2, (result.code, result.out, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("supple: "), result.err
    assert "nothing was imported" in lines[0]
    assert not (data_dir / "supple.json").exists()
    return str(lines[0])


def exported(run_cli: RunCli) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(run_cli("export")))
    return data


def notes(run_cli: RunCli) -> dict[str, str]:
    return {s["date"]: s["note"] for s in exported(run_cli)["sessions"]}


def skips(run_cli: RunCli) -> dict[str, str]:
    return {m["date"]: m["reason"] for m in exported(run_cli)["marks"]}


# ---- the zip ---------------------------------------------------------------------------------


def test_a_habit_with_a_comma_is_read_from_its_own_file_with_notes(
    run_cli: RunCli, tmp_path: Path
) -> None:
    out = ok(run_cli("import", str(export(tmp_path)), "--habit", "Read, 20 pages"))
    assert "Loop Habit Tracker, habit 'Read, 20 pages'" in out
    assert notes(run_cli) == {"2026-11-23": 'finished "Dune"', "2026-11-19": "two lines\nof notes"}


def test_notes_of_done_and_skipped_days(run_cli: RunCli, tmp_path: Path) -> None:
    ok(run_cli("import", str(export(tmp_path)), "--habit", "Stretch"))
    assert notes(run_cli) == {"2026-11-24": "hamstrings, then back"}
    assert skips(run_cli) == {
        "2026-11-23": "travel",  # the skip's note is its reason
        "2026-11-22": "skipped in Loop Habit Tracker",
        "2026-11-21": "not due in Loop Habit Tracker (YES_AUTO)",
    }


def test_quotes_and_emoji_in_a_name(run_cli: RunCli, tmp_path: Path) -> None:
    ok(run_cli("import", str(export(tmp_path)), "--habit", 'say "THANKS" \U0001f64f'))
    assert notes(run_cli) == {"2026-11-18": "\U0001f600 ok"}


def test_part_of_a_name_with_a_comma_is_no_habit(
    run_cli: RunCli, tmp_path: Path, data_dir: Path
) -> None:
    line = refused(run_cli("import", str(export(tmp_path)), "--habit", "20 pages"), data_dir)
    assert "has no habit '20 pages'; it has 'Stretch', 'Read, 20 pages'," in line


def test_a_measurable_habit_is_refused(run_cli: RunCli, tmp_path: Path, data_dir: Path) -> None:
    line = refused(run_cli("import", str(export(tmp_path)), "--habit", "Water (ml)"), data_dir)
    assert "'Water (ml)' is a measurable habit in Loop (NUMERICAL)" in line


def test_several_habits_need_habit(run_cli: RunCli, tmp_path: Path, data_dir: Path) -> None:
    line = refused(run_cli("import", str(export(tmp_path))), data_dir)
    assert "has 4 habits" in line and "--habit NAME" in line


def test_two_habits_of_one_name_are_refused(
    run_cli: RunCli, tmp_path: Path, data_dir: Path
) -> None:
    archive = export(tmp_path, STRETCH, Habit("Stretch", [("2026-11-10", "YES_MANUAL", "")]))
    line = refused(run_cli("import", str(archive), "--habit", "Stretch"), data_dir)
    assert "has 2 habits named 'Stretch'" in line


def test_a_habit_left_out_of_the_export_is_refused(
    run_cli: RunCli, tmp_path: Path, data_dir: Path
) -> None:
    left_out = Habit("Yoga", [("2026-11-10", "YES_MANUAL", "")], selected=False)
    archive = export(tmp_path, STRETCH, left_out)
    line = refused(run_cli("import", str(archive), "--habit", "Yoga"), data_dir)
    assert "the zip has no 002 Yoga/Checkmarks.csv" in line


def test_the_only_yes_no_habit_needs_no_name(run_cli: RunCli, tmp_path: Path) -> None:
    ok(run_cli("import", str(export(tmp_path, THANKS))))
    assert list(notes(run_cli)) == ["2026-11-18"]


def test_the_combined_file_alone_is_refused_when_a_name_splits(
    run_cli: RunCli, tmp_path: Path, data_dir: Path
) -> None:
    combined = tmp_path / "Checkmarks.csv"
    combined.write_text(LoopExport([STRETCH, READ]).combined(), encoding="utf-8")
    line = refused(run_cli("import", str(combined), "--habit", "Stretch"), data_dir)
    assert "a name with a comma makes the columns impossible to tell apart" in line


def test_the_combined_file_refuses_a_measurable_column(
    run_cli: RunCli, tmp_path: Path, data_dir: Path
) -> None:
    combined = tmp_path / "Checkmarks.csv"
    low_water = Habit("Water", [("2026-11-24", "0", ""), ("2026-11-23", "2", "")], "NUMERICAL")
    combined.write_text(LoopExport([STRETCH, low_water]).combined(), encoding="utf-8")
    line = refused(run_cli("import", str(combined), "--habit", "Water"), data_dir)
    assert "it is a measurable habit" in line
    ok(run_cli("import", str(combined), "--habit", "Stretch"))  # the other column is clear


# ---- the full backup (SQLite) ----------------------------------------------------------------

LOOP_SCHEMA = """
create table Habits (id integer primary key autoincrement, archived integer, color integer,
    description text, freq_den integer, freq_num integer, highlight integer, name text,
    position integer, reminder_hour integer, reminder_min integer,
    reminder_days integer not null default 127, type integer not null default 0,
    target_type integer not null default 0, target_value real not null default 0,
    unit text not null default "", question text, uuid text);
create table Repetitions (id integer primary key autoincrement,
    habit integer not null references habits(id), timestamp integer not null,
    value integer not null, notes text);
create unique index idx_repetitions_habit_timestamp on Repetitions(habit, timestamp);
create table Events (id integer primary key autoincrement, timestamp integer, message text,
    server_id integer);
"""
OLD_SCHEMA = """
create table Habits (id integer primary key autoincrement, archived integer, color integer,
    description text, freq_den integer, freq_num integer, highlight integer, name text,
    position integer, reminder_hour integer, reminder_min integer);
create table Repetitions (id integer primary key autoincrement,
    habit integer references habits(id), timestamp integer);
"""


def millis(day: str) -> int:
    return (date.fromisoformat(day) - date(1970, 1, 1)).days * 86_400_000


def backup(tmp_path: Path, old: bool = False) -> Path:
    path = tmp_path / "Loop Habits Backup 2026-11-25 093000.db"
    db = sqlite3.connect(path)
    db.executescript(OLD_SCHEMA if old else LOOP_SCHEMA)
    habits = [(1, "Stretch", 0), (2, "Read, 20 pages", 0), (3, "Water (ml)", 1)]
    for hid, name, kind in habits:
        if old:
            db.execute("insert into Habits (id, name, position) values (?, ?, ?)", (hid, name, hid))
        else:
            db.execute(
                "insert into Habits (id, name, position, type) values (?, ?, ?, ?)",
                (hid, name, hid - 1, kind),
            )
    reps = [
        (1, "2026-11-24", 2, "hamstrings, then back"),
        (1, "2026-11-23", 3, "travel"),
        (1, "2026-11-22", 3, None),
        (1, "2026-11-20", 0, "too tired"),
        (2, "2026-11-23", 2, None),
        (3, "2026-11-24", 2500, None),
    ]
    for hid, day, value, note in reps:
        if old:
            db.execute(
                "insert into Repetitions (habit, timestamp) values (?, ?)", (hid, millis(day))
            )
        else:
            db.execute(
                "insert into Repetitions (habit, timestamp, value, notes) values (?, ?, ?, ?)",
                (hid, millis(day), value, note),
            )
    db.commit()
    db.close()
    return path


def test_loops_backup_is_read(run_cli: RunCli, tmp_path: Path) -> None:
    out = ok(run_cli("import", str(backup(tmp_path)), "--habit", "Stretch"))
    assert "Loop Habit Tracker backup, habit 'Stretch'" in out
    assert notes(run_cli) == {"2026-11-24": "hamstrings, then back"}
    assert skips(run_cli) == {"2026-11-23": "travel", "2026-11-22": "skipped in Loop Habit Tracker"}


def test_loops_backup_from_standard_input(run_cli: RunCli, tmp_path: Path, data_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "import", "-", "--habit", "read, 20 PAGES"],
        input=backup(tmp_path).read_bytes(),
        env=cli_env(data_dir),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert list(notes(run_cli)) == ["2026-11-23"]


def test_loops_backup_refuses_a_measurable_or_unknown_habit(
    run_cli: RunCli, tmp_path: Path, data_dir: Path
) -> None:
    path = str(backup(tmp_path))
    assert "measurable" in refused(run_cli("import", path, "--habit", "Water (ml)"), data_dir)
    line = refused(run_cli("import", path, "--habit", "20 pages"), data_dir)
    assert "backup has no habit '20 pages'" in line
    assert "3 habits" in refused(run_cli("import", path), data_dir)


def test_an_old_backup_counts_every_repetition_as_done(run_cli: RunCli, tmp_path: Path) -> None:
    ok(run_cli("import", str(backup(tmp_path, old=True)), "--habit", "Stretch"))
    assert sorted(notes(run_cli)) == ["2026-11-20", "2026-11-22", "2026-11-23", "2026-11-24"]


def test_another_sqlite_file_is_refused(run_cli: RunCli, tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("create table t (x)")
    db.commit()
    db.close()
    assert "not a Loop Habit Tracker backup" in refused(run_cli("import", str(path)), data_dir)
    path.write_bytes(path.read_bytes()[:200])  # torn
    assert "SQLite file cannot be" in refused(run_cli("import", str(path)), data_dir)


# ---- harsh and habitctl ----------------------------------------------------------------------

# harsh writes date + " : " + habit + " : " + y/n/s + " : " + comment + " : " + amount.
HARSH_LOG = (
    "# harsh log\n"
    "2026-11-20 : Stretch : y :  : \n"
    "2026-11-20 : Meditated : n :  : \n"
    "2026-11-21 : Stretch : s : flight home : \n"
    "2026-11-22 : Stretch : n :  : \n"
    "2026-11-23 : Stretch : y : felt loose, finally : 0\n"
    "2026-11-24 : Stretch : s\n"  # older harsh: no comment or amount
    "2026-11-24 : Stretch : y : changed my mind\n"
)
HABITCTL_LOG = (
    "2026-11-20\tStretch\ty\n2026-11-20\tFloss\tn\n\n"
    "2026-11-21\tStretch\ts\n2026-11-21\tFloss\ty\n\n"
    "2026-11-22\tStretch\t\n\n"
    "2026-11-23\tStretch\ty\n"
)


def test_harshs_log(run_cli: RunCli, tmp_path: Path, data_dir: Path) -> None:
    log = tmp_path / "log"
    log.write_text(HARSH_LOG, encoding="utf-8")
    assert "2 habits ('Stretch', 'Meditated')" in refused(run_cli("import", str(log)), data_dir)
    out = ok(run_cli("import", str(log), "--habit", "Stretch"))
    assert "(harsh, habit 'Stretch')" in out
    assert notes(run_cli) == {
        "2026-11-20": "",
        "2026-11-23": "felt loose, finally",
        "2026-11-24": "changed my mind",  # the later line wins, as in harsh
    }
    assert skips(run_cli) == {"2026-11-21": "flight home"}


def test_habitctls_log(run_cli: RunCli, tmp_path: Path) -> None:
    log = tmp_path / "log"
    log.write_text(HABITCTL_LOG, encoding="utf-8")
    out = ok(run_cli("import", str(log), "--habit", "stretch"))
    assert "(habitctl, habit 'Stretch')" in out
    assert sorted(notes(run_cli)) == ["2026-11-20", "2026-11-23"]
    assert skips(run_cli) == {"2026-11-21": "skipped in habitctl"}


def test_a_bad_line_in_a_log_is_named(run_cli: RunCli, tmp_path: Path, data_dir: Path) -> None:
    log = tmp_path / "log"
    log.write_text("2026-11-20 : Stretch : y\n2026-11-21 : Stretch : maybe\n", encoding="utf-8")
    line = refused(run_cli("import", str(log)), data_dir)
    assert "line 2 of the harsh log: 'maybe' is not y, n or s" in line
    log.write_text("2026-11-20\tStretch\ty\n2026-11-21 Stretch y\n", encoding="utf-8")
    assert "line 2 of the habitctl log" in refused(run_cli("import", str(log)), data_dir)


# ---- Habitica's history CSV --------------------------------------------------------------------


def csv_stringify(rows: list[list[str]]) -> str:
    """As Habitica's /export/history.csv writes it (csv-stringify's defaults: a cell quoted
    when it holds a comma, a quote or a line break; "\\n" after each record)."""
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            if any(c in cell for c in ',"\n\r'):
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


STRETCH_ID = "e826ddfa-dc2e-445f-a06c-64d3881982ea"
HABITICA_ROWS = [
    ["Task Name", "Task ID", "Task Type", "Date", "Value"],
    # a habit: + on the 20th, 21st and 23rd, - on the 22nd (its value falls), nothing after
    ["Stretch, then walk \U0001f6b6", STRETCH_ID, "habit", "2026-11-20 07:26:05", "1"],
    ["Stretch, then walk \U0001f6b6", STRETCH_ID, "habit", "2026-11-21 18:06:55", "1.9746"],
    ["Stretch, then walk \U0001f6b6", STRETCH_ID, "habit", "2026-11-22 12:00:00", "0.9746"],
    ["Stretch, then walk \U0001f6b6", STRETCH_ID, "habit", "2026-11-23 21:40:13", "1.9237"],
    # a daily: its entries are written when Habitica closes a day, checked or not
    [
        'Floss "properly"',
        "0b7f5a5e-1d1c-4f6e-9a53-2f3f6a4c1e10",
        "daily",
        "2026-11-21 08:00:01",
        "1",
    ],
    [
        'Floss "properly"',
        "0b7f5a5e-1d1c-4f6e-9a53-2f3f6a4c1e10",
        "daily",
        "2026-11-22 09:12:44",
        "0",
    ],
    ["No sugar", "7d5e1b2a-5c1f-4d0e-8b1a-3e2f9c4d5a66", "habit", "2026-11-24 10:00:00", "-1"],
]


def habitica_history(tmp_path: Path, rows: list[list[str]] | None = None) -> Path:
    path = tmp_path / "habitica-tasks-history.csv"
    path.write_text(csv_stringify(rows or HABITICA_ROWS), encoding="utf-8")
    return path


def test_habiticas_history_a_day_a_habit_was_checked(run_cli: RunCli, tmp_path: Path) -> None:
    path = habitica_history(tmp_path)
    name = "stretch, then walk \U0001f6b6"  # any case, a comma and an emoji
    out = ok(run_cli("import", str(path), "--habit", name))
    assert "(Habitica, habit 'Stretch, then walk \U0001f6b6'): 3 new sessions" in out
    assert sorted(notes(run_cli)) == ["2026-11-20", "2026-11-21", "2026-11-23"]
    assert "Left alone: 3 days already done" in ok(run_cli("import", str(path), "--habit", name))
    assert "0 new sessions" in ok(run_cli("import", str(path), "--habit", "No sugar"))
    assert sorted(notes(run_cli)) == ["2026-11-20", "2026-11-21", "2026-11-23"]


def test_habiticas_history_never_guesses(run_cli: RunCli, tmp_path: Path, data_dir: Path) -> None:
    path = habitica_history(tmp_path)
    line = refused(run_cli("import", str(path)), data_dir)
    assert "the Habitica history has 3 habits" in line and "--habit NAME" in line
    line = refused(run_cli("import", str(path), "--habit", 'Floss "properly"'), data_dir)
    assert "'Floss \"properly\"' is a daily in Habitica" in line
    line = refused(run_cli("import", str(path), "--habit", "Stretch"), data_dir)
    assert "has no habit 'Stretch'" in line
    twice = [*HABITICA_ROWS, ["No sugar", "another-id", "habit", "2026-11-24 10:00:00", "1"]]
    line = refused(
        run_cli("import", str(habitica_history(tmp_path, twice)), "--habit", "No sugar"), data_dir
    )
    assert "2 habits named 'No sugar'" in line
    bad = [*HABITICA_ROWS[:2], ["Stretch", STRETCH_ID, "habit", "2026-11-21 18:06:55", "lots"]]
    line = refused(run_cli("import", str(habitica_history(tmp_path, bad))), data_dir)
    assert "line 3: 'lots' is not a task value" in line


def test_another_trackers_csv_is_refused_naming_what_supple_reads(
    run_cli: RunCli, tmp_path: Path, data_dir: Path
) -> None:
    streaks = tmp_path / "streaks.csv"
    streaks.write_text("task_id,title,date,entry_type\n1,Stretch,20261120,completed_manually\n")
    line = refused(run_cli("import", str(streaks)), data_dir)
    assert "Habitica's history CSV" in line and "Loop Habit Tracker's zip" in line
