"""Files from other trackers, read as supple records: Loop Habit Tracker's export, lists of dates.

Loop Habit Tracker (Android) exports a zip, "Loop Habits CSV <date>.zip" (its
HabitsCSVExporter), that holds:

- `Habits.csv`: one row per habit, with its `Position` (001, 002, ...), `Name` and `Type`
  (YES_NO or NUMERICAL), written by a CSV writer (a name with a comma is quoted);
- a folder per exported habit, "<Position> <name with only letters, digits, space, . _ ->",
  whose own `Checkmarks.csv` has `Date,Value,Notes`, newest day first;
- a combined `Checkmarks.csv`: `Date` and one column per exported habit, whose names Loop
  writes unquoted, so a name with a comma takes two columns there.

So a habit is picked by its name in `Habits.csv`, and read from its own folder, with its
notes: nothing is taken from a column that might belong to another habit. A value is
YES_MANUAL (done), YES_AUTO (not due that day, by the habit's frequency), NO, SKIP or UNKNOWN;
older versions wrote 2, 1 and 0 (and 3, -1). supple reads YES_MANUAL as a done day (its note
as the session's note), YES_AUTO and SKIP as skip days (both keep a streak without adding to
it, as in Loop; a skip's note is its reason), and nothing else. A measurable habit, a habit
the export does not have, two habits of the same name and a combined file whose columns
cannot be told apart are refused. Loop's full backup (a SQLite file) is read by `loop_backup`.

A list of dates (one a line, or a CSV with a single `date` column) is a list of done days.

Each imported day gets one logged session whose id comes from its date, so importing the same
days again, from any of these files, adds nothing.
"""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# The id of an imported day's session: uuid5 in supple's own namespace, from the date alone.
IMPORT_NAMESPACE = uuid.UUID("5c1b6f0e-63a4-4a53-9d5e-7d0c2f0b9a61")
# Bounds on what an import file may hold, far above any real one, so that a crafted file (a
# zip bomb, a line of millions of commas, an endless stream) is refused in one line instead
# of taking the memory: a Checkmarks.csv of 50 habits over a century is about 20 MB, 36,500
# rows and 1.9 million cells.
MAX_MEMBER_BYTES = 32 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000  # Loop's zip holds a few files per habit
MAX_LINE_CHARS = 1024 * 1024  # above csv's own limit of a field (128 KiB), which names it
MAX_ROWS = 200_000
MAX_CELLS = 4_000_000

DONE_VALUES = {"YES_MANUAL", "2"}
NOT_DUE_VALUES = {"YES_AUTO", "1"}
SKIP_VALUES = {"SKIP", "SKIPPED", "3"}
NOTHING_VALUES = {"NO", "0", "UNKNOWN", "-1", ""}
_ALL_VALUES = DONE_VALUES | NOT_DUE_VALUES | SKIP_VALUES | NOTHING_VALUES
LOOP_VALUES = "YES_MANUAL, YES_AUTO, NO, SKIP or UNKNOWN (or 2, 1, 0)"


class OtherFormatError(ValueError):
    """The file looks like one of these formats but cannot be read; nothing is written."""


@dataclass
class Days:
    """What a file from another tracker says: done days (with a note each) and skip days."""

    source: str
    done: dict[date, str] = field(default_factory=dict)
    skipped: dict[date, str] = field(default_factory=dict)

    def sessions(self) -> list[dict[str, Any]]:
        return [imported_session(day, note) for day, note in sorted(self.done.items())]

    def marks(self) -> list[dict[str, Any]]:
        return [
            {"date": day.isoformat(), "kind": "skip", "reason": reason}
            for day, reason in sorted(self.skipped.items())
            if day not in self.done
        ]


def imported_session(day: date, note: str = "") -> dict[str, Any]:
    return {
        "id": str(uuid.uuid5(IMPORT_NAMESPACE, day.isoformat())),
        "date": day.isoformat(),
        "started_at": None,
        "ended_at": None,
        "kind": "logged",
        "status": "complete",
        "exercises": None,
        "pain_before": None,
        "pain_after": None,
        "note": note,
    }


def _parse_day(text: str, where: str) -> date:
    value = text.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise OtherFormatError(f"{where}: {value!r} is not a date like 2026-11-25")


def looks_like_date(text: str) -> bool:
    try:
        _parse_day(text, "")
        return True
    except OtherFormatError:
        return False


def sniff_delimiter(first_line: str) -> str:
    """',' unless the header uses ';' more (a spreadsheet saved in a European locale)."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def nul_stand_in(text: str) -> str | None:
    """A character that `text` does not hold, to stand for NUL while Python's csv module
    reads or writes it (before Python 3.11 it refuses NUL: "line contains NUL", "need to
    escape"); None when there is no NUL. A private-use character, found by looking."""
    if "\0" not in text:
        return None
    for code in range(0xF0000, 0xFFFFE):
        if chr(code) not in text:
            return chr(code)
    raise OtherFormatError("the file uses every private-use character")  # over 65,000 of them


def bounded_lines(text: str) -> Iterator[str]:
    """The lines of `text` for a csv reader; OtherFormatError at a line over MAX_LINE_CHARS
    (the reader would make a list of all its cells first)."""
    for number, line in enumerate(io.StringIO(text), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise OtherFormatError(
                f"line {number} is longer than {MAX_LINE_CHARS // (1024 * 1024)} MiB, more "
                "than any row of a habit export"
            )
        yield line


def bounded_rows(reader: Iterator[list[str]], rows: list[list[str]]) -> list[list[str]]:
    """Rows of `reader` appended to `rows` (so a caller sees how far it got), at most
    MAX_ROWS of them and MAX_CELLS cells in all, else OtherFormatError."""
    cells = 0
    for row in reader:
        cells += len(row)
        if len(rows) >= MAX_ROWS or cells > MAX_CELLS:
            raise OtherFormatError(
                f"the file has more than {MAX_ROWS:,} rows or {MAX_CELLS:,} cells, more than "
                "any habit history"
            )
        rows.append(row)
    return rows


def read_rows(text: str) -> list[list[str]]:
    """The rows of CSV `text` (`,` or `;` between cells), NUL characters and all."""
    first = text.split("\n", 1)[0]
    stand_in = nul_stand_in(text)
    if stand_in is not None:
        text = text.replace("\0", stand_in)
    reader = csv.reader(bounded_lines(text), delimiter=sniff_delimiter(first))
    rows = bounded_rows(reader, [])
    if stand_in is None:
        return rows
    return [[cell.replace(stand_in, "\0") for cell in row] for row in rows]


def _trimmed(row: Sequence[str]) -> list[str]:
    """Loop ends every line with a delimiter: drop the empty cells at the end."""
    cells = list(row)
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


# --------------------------------------------------------------------------- date lists


def is_date_list(rows: list[list[str]]) -> bool:
    """One cell a line: a `date` header or a date on the first line."""
    cells = [_trimmed(row) for row in rows if _trimmed(row)]
    if not cells or len(cells[0]) != 1:
        return False
    head = cells[0][0].strip()
    return head.lower() == "date" or looks_like_date(head)


def read_date_list(rows: list[list[str]]) -> Days:
    days = Days("a list of dates")
    for number, row in enumerate(rows, start=1):
        cells = _trimmed(row)
        if not cells:
            continue
        if number == 1 and cells[0].strip().lower() == "date":
            continue
        if len(cells) != 1:
            raise OtherFormatError(f"line {number}: expected one date, found {len(cells)} cells")
        days.done.setdefault(_parse_day(cells[0], f"line {number}"), "")
    return days


# --------------------------------------------------------------------------- Loop Habit Tracker


def pick_habit(names: Sequence[str], habit: str | None, tracker: str, what: str = "export") -> int:
    """The index among `names` of the habit to import: by --habit (its exact name, or the
    only one equal ignoring case), or the only habit there is. Never a guess: several
    habits without --habit, a name the file does not have, and two habits of that name are
    refused."""
    listed = ", ".join(f"'{n}'" for n in names)
    if habit is None:
        if len(names) == 1:
            return 0
        raise OtherFormatError(
            f"the {tracker} {what} has {len(names)} habits ({listed}); pick one with --habit NAME"
        )
    for found in (
        [n for n, name in enumerate(names) if name == habit],
        [n for n, name in enumerate(names) if name.casefold() == habit.casefold()],
    ):
        if len(found) > 1:
            raise OtherFormatError(
                f"the {tracker} {what} has {len(found)} habits named '{names[found[0]]}'; "
                f"rename one in {tracker} and export again"
            )
        if found:
            return found[0]
    raise OtherFormatError(f"the {tracker} {what} has no habit '{habit}'; it has {listed}")


# --------------------------------------------------------------------------- Loop Habit Tracker

LOOP = "Loop Habit Tracker"
LOOP_SKIPPED = "skipped in Loop Habit Tracker"
LOOP_NOT_DUE = "not due in Loop Habit Tracker (YES_AUTO)"
_WORD_VALUES = {"YES_MANUAL", "YES_AUTO", "NO", "SKIP", "UNKNOWN"}


def is_loop_checkmarks(rows: list[list[str]]) -> bool:
    """A header `Date,<habit>...` (the first cell exactly "Date", as Loop writes it), or
    an old headerless per-habit file: `2017-01-01,2`."""
    if not rows or not _trimmed(rows[0]):
        return False
    header = _trimmed(rows[0])
    if header[0] == "Date" and len(header) >= 2:
        return True
    return len(header) == 2 and looks_like_date(header[0]) and header[1].strip() in _ALL_VALUES


def _add_loop_day(days: Days, day: date, value: str, note: str, where: str) -> None:
    if value in DONE_VALUES:
        days.done[day] = note
    elif value in NOT_DUE_VALUES:
        days.skipped[day] = LOOP_NOT_DUE
    elif value in SKIP_VALUES:
        days.skipped[day] = note or LOOP_SKIPPED
    elif value not in NOTHING_VALUES:
        raise OtherFormatError(
            f"{where}: {value!r} is not a Loop check value ({LOOP_VALUES}); "
            "supple imports yes/no habits, not measurable ones"
        )


def read_loop_habit_file(rows: list[list[str]], source: str = LOOP) -> Days:
    """One habit's own Checkmarks.csv: `Date,Value,Notes` (or `Date,Value`, or no header in
    old versions)."""
    header = _trimmed(rows[0]) if rows else []
    has_header = bool(header) and header[0] == "Date"
    note_at = 2 if has_header and len(header) > 2 else None
    days = Days(source)
    first_line = 2 if has_header else 1
    for number, row in enumerate(rows[1:] if has_header else rows, start=first_line):
        if not _trimmed(row):
            continue
        day = _parse_day(row[0], f"line {number}")
        value = row[1].strip() if len(row) > 1 else ""
        note = row[note_at].strip() if note_at is not None and note_at < len(row) else ""
        _add_loop_day(days, day, value, note, f"line {number}")
    return days


def _is_one_habit_header(header: list[str]) -> bool:
    return [h.strip() for h in header[1:]] in (["Value"], ["Value", "Notes"])


def read_loop_checkmarks(rows: list[list[str]], habit: str | None) -> Days:
    """A Checkmarks.csv on its own: one habit's (see read_loop_habit_file), or the combined
    one, whose column is taken only where the file leaves no doubt which it is."""
    header = _trimmed(rows[0])
    if header[0] != "Date" or _is_one_habit_header(header):
        return read_loop_habit_file(rows)
    return read_loop_combined(rows, habit)


def read_loop_combined(rows: list[list[str]], habit: str | None) -> Days:
    """The combined Checkmarks.csv: `Date` and a column per habit. Loop writes the names
    unquoted, so a name with a comma splits in two: then the header has more cells than the
    rows, and no column is taken (the zip has every habit's own file instead)."""
    header = _trimmed(rows[0])
    names = [h.strip() for h in header[1:]]
    body = [(n, _trimmed(r)) for n, r in enumerate(rows[1:], start=2) if _trimmed(r)]
    for number, cells in body:
        if len(cells) != len(header):
            raise OtherFormatError(
                f"line {number} has {len(cells) - 1} values for {len(names)} habit names in "
                "the header: a name with a comma makes the columns impossible to tell apart; "
                "import the zip Loop exported (it has each habit's own file)"
            )
    column = 1 + pick_habit(names, habit, LOOP)
    values = [cells[column].strip() for _, cells in body]
    words = any(cell.strip() in _WORD_VALUES for _, cells in body for cell in cells[1:])
    if words and any(value and value not in _WORD_VALUES for value in values):
        raise OtherFormatError(
            f"habit '{names[column - 1]}' has numbers where Loop writes YES_MANUAL or NO: "
            "it is a measurable habit; supple imports yes/no habits"
        )
    days = Days(f"{LOOP}, habit '{names[column - 1]}'")
    for (number, cells), value in zip(body, values, strict=True):
        _add_loop_day(days, _parse_day(cells[0], f"line {number}"), value, "", f"line {number}")
    return days


@dataclass(frozen=True)
class LoopHabit:
    position: str  # "001": also the start of its folder's name
    name: str
    kind: str  # "YES_NO" or "NUMERICAL" (older exports, without Type: "YES_NO")


def loop_habits(rows: list[list[str]]) -> list[LoopHabit]:
    """The habits of Habits.csv, by its header's column names."""
    if not rows or "Name" not in rows[0]:
        raise OtherFormatError("its Habits.csv has no 'Name' column")
    header = rows[0]
    columns: tuple[str, ...] = ("Position", "Name", "Type", "Unit")
    at = {name: header.index(name) for name in columns if name in header}

    def cell(row: list[str], name: str) -> str:
        index = at.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    habits = []
    for row in rows[1:]:
        if not any(c.strip() for c in row):
            continue
        kind = cell(row, "Type") or ("NUMERICAL" if cell(row, "Unit") else "YES_NO")
        habits.append(LoopHabit(cell(row, "Position"), row[at["Name"]], kind))
    if not habits:
        raise OtherFormatError("its Habits.csv lists no habit")
    return habits


def loop_folder(habit: LoopHabit) -> str:
    """The folder Loop writes a habit's own files into: its position, then its name with
    only ASCII letters, digits, space, '.', '_' and '-' kept (at most 100 of them)."""
    kept = "".join(c for c in habit.name if c == " " or c in "._-" or (c.isascii() and c.isalnum()))
    return f"{habit.position} {kept[:100]}".strip()


def _member_text(archive: zipfile.ZipFile, name: str) -> str:
    info = archive.getinfo(name)
    if info.flag_bits & 0x1:
        raise OtherFormatError(
            f"its {name} is encrypted; export it again from Loop Habit Tracker without a password"
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise OtherFormatError(
            f"its {name} is compressed in a way supple does not unpack (method "
            f"{info.compress_type}); Loop Habit Tracker's own zip uses deflate"
        )
    if info.file_size > MAX_MEMBER_BYTES:
        raise OtherFormatError(
            f"its {name} unpacks to {info.file_size // (1024 * 1024)} MiB, more than any "
            f"habit history (at most {MAX_MEMBER_BYTES // (1024 * 1024)} MiB)"
        )
    try:
        # zipfile reads no more than the size the entry declares (and checks its CRC)
        return archive.read(info).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OtherFormatError(f"its {name} is not UTF-8 text") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError):
        raise OtherFormatError(f"its {name} cannot be unpacked") from None


def _zip_entries(raw: bytes) -> int | None:
    """How many entries the zip's end record says it has (None: no end record found), read
    before zipfile lists them all: a crafted zip may claim millions."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    if end < 0 or end + 22 > len(raw):
        return None
    return int.from_bytes(raw[end + 10 : end + 12], "little")  # 0xFFFF: ZIP64, even more


def read_loop_zip(raw: bytes, habit: str | None) -> Days:
    entries = _zip_entries(raw)
    if entries is not None and entries > MAX_ZIP_ENTRIES:
        raise OtherFormatError(
            f"the zip holds more than {MAX_ZIP_ENTRIES:,} files; a Loop Habit Tracker export "
            "holds a few per habit"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise OtherFormatError("the file is a damaged zip") from None
    with archive:
        if len(archive.infolist()) > MAX_ZIP_ENTRIES:
            raise OtherFormatError(f"the zip holds more than {MAX_ZIP_ENTRIES:,} files")
        members = set(archive.namelist())
        if "Habits.csv" in members:
            habits = loop_habits(read_rows(_member_text(archive, "Habits.csv")))
            chosen = habits[pick_habit([h.name for h in habits], habit, LOOP)]
            if chosen.kind != "YES_NO":
                raise OtherFormatError(
                    f"'{chosen.name}' is a measurable habit in Loop ({chosen.kind}); "
                    "supple imports yes/no habits"
                )
            own = f"{loop_folder(chosen)}/Checkmarks.csv"
            if own not in members:
                raise OtherFormatError(
                    f"the zip has no {own} for habit '{chosen.name}'; export it from Loop "
                    "with that habit selected"
                )
            rows = read_rows(_member_text(archive, own))
            return read_loop_habit_file(rows, f"{LOOP}, habit '{chosen.name}'")
        if "Checkmarks.csv" not in members:
            raise OtherFormatError(
                "the zip has no Checkmarks.csv; is it a Loop Habit Tracker export "
                "(Settings, Export as CSV)?"
            )
        rows = read_rows(_member_text(archive, "Checkmarks.csv"))
    if not is_loop_checkmarks(rows):
        raise OtherFormatError("its Checkmarks.csv has no 'Date' column")
    return read_loop_checkmarks(rows, habit)
