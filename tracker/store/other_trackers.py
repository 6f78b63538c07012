"""Files from other trackers, read as supple records: Loop Habit Tracker's export, lists of dates.

Loop Habit Tracker (Android) exports a zip, "Loop Habits CSV <date>.zip", that holds a
`Checkmarks.csv` with a `Date` column and one column per habit, newest day first, and a folder
per habit whose own `Checkmarks.csv` has `Date,Value,Notes`. A value is YES_MANUAL (done),
YES_AUTO (not due that day, by the habit's frequency), NO, SKIP or UNKNOWN; older versions
wrote 2, 1 and 0 (and 3, -1). supple reads YES_MANUAL as a done day, YES_AUTO and SKIP as skip
days (both keep a streak without adding to it, as in Loop), and nothing else.

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
    first = text.split("\n", 1)[0]
    reader = csv.reader(bounded_lines(text), delimiter=sniff_delimiter(first))
    return bounded_rows(reader, [])


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


def is_loop_checkmarks(rows: list[list[str]]) -> bool:
    """A header `Date,<habit>...` (the first cell exactly "Date", as Loop writes it), or
    an old headerless per-habit file: `2017-01-01,2`."""
    if not rows or not _trimmed(rows[0]):
        return False
    header = _trimmed(rows[0])
    if header[0] == "Date" and len(header) >= 2:
        return True
    return len(header) == 2 and looks_like_date(header[0]) and header[1].strip() in _ALL_VALUES


def _pick_habit(names: list[str], habit: str | None) -> int:
    """The index among `names` of the habit to import (by --habit, or the only one)."""
    listed = ", ".join(f"'{n}'" for n in names)
    if habit is None:
        if len(names) == 1:
            return 0
        raise OtherFormatError(
            f"the Loop export has {len(names)} habits ({listed}); pick one with --habit NAME"
        )
    for candidates in (names, [n.casefold() for n in names]):
        wanted = habit if candidates is names else habit.casefold()
        if wanted in candidates:
            return candidates.index(wanted)
    raise OtherFormatError(f"the Loop export has no habit '{habit}'; it has {listed}")


def read_loop_checkmarks(rows: list[list[str]], habit: str | None) -> Days:
    """A combined Checkmarks.csv (pick the column with `habit`), or one habit's own file
    (`Date,Value[,Notes]`, or no header in old versions: then `habit` is not needed)."""
    header = _trimmed(rows[0])
    note_at: int | None = None
    if header[0] != "Date":  # an old one-habit file without a header
        body, first_line, value_at = rows, 1, 1
        source = "Loop Habit Tracker"
    elif [h.strip() for h in header[1:]] in (["Value"], ["Value", "Notes"]):  # one habit
        body, first_line, value_at = rows[1:], 2, 1
        note_at = 2 if len(header) > 2 else None
        source = "Loop Habit Tracker"
    else:  # the combined file: one column per habit
        names = [h.strip() for h in header[1:]]
        value_at = 1 + _pick_habit(names, habit)
        body, first_line = rows[1:], 2
        source = f"Loop Habit Tracker, habit '{names[value_at - 1]}'"
    days = Days(source)
    for number, row in enumerate(body, start=first_line):
        if not _trimmed(row):
            continue
        day = _parse_day(row[0], f"line {number}")
        value = row[value_at].strip() if value_at < len(row) else ""
        note = row[note_at].strip() if note_at is not None and note_at < len(row) else ""
        if value in DONE_VALUES:
            days.done[day] = note
        elif value in NOT_DUE_VALUES:
            days.skipped[day] = "not due in Loop Habit Tracker (YES_AUTO)"
        elif value in SKIP_VALUES:
            days.skipped[day] = "skipped in Loop Habit Tracker"
        elif value not in NOTHING_VALUES:
            raise OtherFormatError(
                f"line {number}: {value!r} is not a Loop check value ({LOOP_VALUES}); "
                "supple imports yes/no habits, not measurable ones"
            )
    return days


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
        try:
            info = archive.getinfo("Checkmarks.csv")
        except KeyError:
            raise OtherFormatError(
                "the zip has no Checkmarks.csv; is it a Loop Habit Tracker export "
                "(Settings, Export as CSV)?"
            ) from None
        if info.flag_bits & 0x1:
            raise OtherFormatError(
                "its Checkmarks.csv is encrypted; export it again from Loop Habit Tracker "
                "without a password"
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise OtherFormatError(
                f"its Checkmarks.csv is compressed in a way supple does not unpack (method "
                f"{info.compress_type}); Loop Habit Tracker's own zip uses deflate"
            )
        if info.file_size > MAX_MEMBER_BYTES:
            raise OtherFormatError(
                f"its Checkmarks.csv unpacks to {info.file_size // (1024 * 1024)} MiB, more "
                f"than any habit history (at most {MAX_MEMBER_BYTES // (1024 * 1024)} MiB)"
            )
        try:
            # zipfile reads no more than the size the entry declares (and checks its CRC)
            text = archive.read(info).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise OtherFormatError("its Checkmarks.csv is not UTF-8 text") from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError):
            raise OtherFormatError("its Checkmarks.csv cannot be unpacked") from None
    rows = read_rows(text)
    if not is_loop_checkmarks(rows):
        raise OtherFormatError("its Checkmarks.csv has no 'Date' column")
    return read_loop_checkmarks(rows, habit)
