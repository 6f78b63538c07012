"""`supple measure`, the status fields and line, and `supple report` as real subprocesses
against a real store; the PDF is read back with poppler's pdftotext and pdfinfo."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_commands import assert_one_error_line, ok
from tests.conftest import NOW, RunCli
from tracker.core.clock import FakeClock
from tracker.core.ids import new_id
from tracker.store.changes import LogDone, MarkSkip, RecordMeasures, SaveSession
from tracker.store.database import Store

TODAY = NOW.date()
TWO_WEEKS_AGO = (TODAY - timedelta(days=14)).isoformat()
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()


def test_measure_fingertip_activity_and_list(run_cli: RunCli, data_dir: Path) -> None:
    first = ok(run_cli("measure", "fingertip", "18", "--date", TWO_WEEKS_AGO))
    assert first.out.splitlines() == [
        f"Recorded for {(TODAY - timedelta(days=14)).isoformat()}: fingertip-to-floor 18 cm.",
        "This is the first reading: the next ones are compared with it.",
    ]
    again = ok(run_cli("measure", "fingertip", "12"))
    assert again.out.splitlines()[1] == (
        f"Fingertip-to-floor: first 18 cm ({(TODAY - timedelta(days=14)).isoformat()}), now 12 "
        "cm: a real change (6 cm closer to the floor)."
    )
    ok(run_cli("measure", "activity", "putting on socks", "4", "--date", YESTERDAY))
    ok(run_cli("measure", "activity", "Putting on socks", "5"))
    listed = ok(run_cli("measure", "list")).out
    assert "  putting on socks: " in listed and " 4, " in listed
    assert "First to latest: a real change (6 cm closer to the floor)" in listed
    data = json.loads(ok(run_cli("measure", "list", "--json")).out)
    assert [r["value"] for r in data["measurements"] if r["measure"] == "fingertip"] == [18.0, 12.0]
    assert {r["activity"] for r in data["measurements"] if r["measure"] == "activity"} == {
        "putting on socks"
    }
    assert data["fingertip_cm"]["real_change"] is True
    assert data["activities_mean"]["first"] == 4.0 and data["activities_mean"]["latest"] == 5.0


def test_rename_and_drop(run_cli: RunCli) -> None:
    ok(run_cli("measure", "activity", "socks", "4"))
    renamed = ok(run_cli("measure", "rename", "SOCKS", "putting on socks"))
    assert renamed.out == "Renamed socks to putting on socks.\n"
    assert_one_error_line(run_cli("measure", "rename", "film", "x"))
    ok(run_cli("measure", "drop", "putting on socks"))
    listed = ok(run_cli("measure", "list")).out
    assert "putting on socks (dropped; scores kept): " in listed


@pytest.mark.parametrize(
    "args",
    [
        ("measure", "fingertip", "61"),
        ("measure", "fingertip", "-31"),
        ("measure", "fingertip", "ten"),
        ("measure", "fingertip", "12", "--date", (TODAY + timedelta(days=1)).isoformat()),
        ("measure", "activity", "socks", "11"),
        ("measure", "activity", "socks", "-1"),
        ("measure", "activity", "socks", "4.5"),
        ("measure", "activity", "", "4"),
        ("measure", "activity", "   ", "4"),
        ("measure", "activity", "a fourth one", "4"),
        ("measure", "drop", "nobody"),
        ("measure", "rename", "a", "b"),
        ("measure", "rename", "a", ""),
        ("export", "--what", "measurements"),
        ("report", "--weeks", "0"),
        ("report", "--weeks", "27"),
        ("report", "--format", "docx"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    run_cli: RunCli, data_dir: Path, args: tuple[str, ...]
) -> None:
    ok(run_cli("measure", "activity", "a", "1"))
    ok(run_cli("measure", "activity", "b", "2"))
    ok(run_cli("measure", "activity", "c", "3"))
    before = (data_dir / "supple.json").read_bytes()
    assert_one_error_line(run_cli(*args))
    assert (data_dir / "supple.json").read_bytes() == before


def test_status_says_a_real_change_at_6_cm_and_not_at_3(run_cli: RunCli) -> None:
    plain = ok(run_cli("status")).out
    assert "Self-test" not in plain
    assert json.loads(ok(run_cli("status", "--json")).out)["fingertip_cm"] is None
    ok(run_cli("measure", "fingertip", "20", "--date", TWO_WEEKS_AGO))
    ok(run_cli("measure", "fingertip", "17"))
    data = json.loads(ok(run_cli("status", "--json")).out)
    assert data["fingertip_cm"] == {
        "first": 20.0,
        "first_date": (TODAY - timedelta(days=14)).isoformat(),
        "latest": 17.0,
        "latest_date": TODAY.isoformat(),
        "change": -3.0,
        "real_change": False,
    }
    assert data["activities_mean"] is None
    assert "fingertip-to-floor 17 cm, first 20 cm: no real change yet" in ok(run_cli("status")).out
    ok(run_cli("measure", "fingertip", "14"))  # replaces today's 17
    data = json.loads(ok(run_cli("status", "--json")).out)
    assert data["fingertip_cm"]["latest"] == 14.0 and data["fingertip_cm"]["real_change"] is True
    line = [x for x in ok(run_cli("status")).out.splitlines() if x.startswith("Self-test")]
    assert line == [
        "Self-test: fingertip-to-floor 14 cm, first 20 cm: a real change (6 cm closer to the floor)"
    ]


def test_export_csv_of_measurements_imports_back(run_cli: RunCli, tmp_path: Path) -> None:
    ok(run_cli("measure", "fingertip", "12"))
    ok(run_cli("measure", "activity", "socks", "6"))
    exported = tmp_path / "m.csv"
    said = ok(run_cli("export", "--format", "csv", "--what", "measurements", "-o", str(exported)))
    assert said.out == f"Exported 2 measurements to {exported} (csv).\n"
    other = tmp_path / "other"
    result = ok(run_cli("import", str(exported), SUPPLE_DATA_DIR=str(other)))
    assert "2 new measurements" in result.out and "1 new activities" in result.out
    again = ok(run_cli("import", str(exported), SUPPLE_DATA_DIR=str(other)))
    assert "0 new measurements, 0 updated" in again.out


# ---- the report ------------------------------------------------------------------------------


def twelve_weeks(data_dir: Path) -> dict[str, Any]:
    """A store of 12 weeks of sessions, two stops, a rest day, self-tests every 14 days and
    three activities; returns what the report must show."""
    random.seed(7)
    start = TODAY - timedelta(weeks=12)
    fingertips = []
    for n in range((TODAY - start).days + 1):
        day = start + timedelta(days=n)
        store = Store(data_dir, FakeClock(NOW - timedelta(days=(TODAY - day).days)))
        if n == 30:
            MarkSkip((day,), "travel").apply(store)
            continue
        if n in (20, 47):
            record = {
                "id": new_id(),
                "date": day.isoformat(),
                "started_at": None,
                "ended_at": None,
                "kind": "guided",
                "status": "stopped",
                "exercises": None,
                "pain_before": 6,
                "pain_after": 8,
                "note": "sharp twinge on the second set",
            }
            SaveSession(record).apply(store)
            continue
        before = 6 if n < 42 else 3
        LogDone(day, before, before - 1, "felt looser" if n % 9 == 0 else "").apply(store)
        if n % 14 == 0:
            cm = 20.0 - n / 10
            fingertips.append(cm)
            RecordMeasures(
                day, cm, (("putting on socks", 3 + n // 28), ("sitting through a film", 5))
            ).apply(store)
    return {"fingertips": fingertips}


needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext, pdfinfo) not installed"
)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = [line for line in info.stdout.splitlines() if line.startswith("Pages:")]
    return int(pages[0].split()[1])


@needs_poppler
def test_the_report_of_12_weeks_is_one_page_holding_the_figures(
    run_cli: RunCli, data_dir: Path, tmp_path: Path
) -> None:
    made = twelve_weeks(data_dir)
    target = tmp_path / "r.pdf"
    said = ok(run_cli("report", "-o", str(target)))
    assert said.out == f"Wrote the report of 12 weeks to {target}.\n"
    assert target.read_bytes().startswith(b"%PDF-")
    assert pdf_pages(target) == 1
    text = pdf_text(target)
    words = " ".join(text.split())
    md = ok(run_cli("report", "--format", "md")).out
    adherence = [line for line in md.splitlines() if line.startswith("Done ")][0]
    assert adherence.split(";")[0] in words  # "Done N of M due days (P%)"
    for line in md.splitlines():  # every week's row: adherence and the pain means
        if line.startswith("| 20"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            assert " ".join([cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]]) in words
    assert "6.0" in words and "3.0" in words  # pain before, early and late weeks
    for cm in made["fingertips"][-4:]:  # the readings in these weeks
        assert f"{cm:g}" in words
    assert "putting on socks" in words and "sitting through a film" in words
    assert "Fingertip-to-floor" in words and "4.5 cm (Ekedahl et al. 2012)" in words
    assert "2 points (Abbott & Schmitt, JOSPT 2014)" in words
    assert "sharp twinge on the second set" in words  # the stops
    assert "felt looser" in words  # the notes
    assert "not medical advice" in words
    assert "Modified good morning: 3 sets x 10 reps" in words


@needs_poppler
def test_26_weeks_and_long_notes_still_fit_one_page(
    run_cli: RunCli, data_dir: Path, tmp_path: Path
) -> None:
    store = Store(data_dir, FakeClock(NOW))
    for n in range(26 * 7):
        day = TODAY - timedelta(days=n)
        if n % 5 == 0:
            record = {
                "id": new_id(),
                "date": day.isoformat(),
                "started_at": None,
                "ended_at": None,
                "kind": "guided",
                "status": "stopped",
                "exercises": None,
                "pain_before": 7,
                "pain_after": 9,
                "note": "ouch " * 60 + "→ ünïcödé ✓ 漢字",
            }
            SaveSession(record).apply(store)
        else:
            LogDone(day, 5, 4, "a long note about the day " * 20).apply(store)
    target = tmp_path / "long.pdf"
    ok(run_cli("report", "--weeks", "26", "-o", str(target)))
    assert pdf_pages(target) == 1
    assert "more." in " ".join(pdf_text(target).split())  # stops beyond the page: counted


def test_the_report_as_markdown(run_cli: RunCli, data_dir: Path) -> None:
    twelve_weeks(data_dir)
    md = ok(run_cli("report", "--format", "md", "--weeks", "4")).out
    assert md.startswith("# supple: home exercise report\n")
    assert md.count("\n| 20") == 4  # four weeks
    assert "| Fingertip-to-floor, cm (lower is better) |" in md
    assert "## Stops for pain" in md and "## Notes" in md
    assert "supple is a habit tracker, not medical advice." in md


def test_a_report_of_an_empty_store(run_cli: RunCli, tmp_path: Path) -> None:
    md = ok(run_cli("report", "--format", "md")).out
    assert "Done 0 of 0 due days (-)" in md and "| Fingertip-to-floor" in md
    target = tmp_path / "empty.pdf"
    ok(run_cli("report", "-o", str(target)))
    assert target.read_bytes().startswith(b"%PDF-")


def test_a_report_that_cannot_be_written_is_one_line_exit_1(
    run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli("report", "-o", str(tmp_path / "no-such-folder" / "r.pdf"))
    assert_one_error_line(result, code=1)
    assert "choose another file with -o" in result.err


def test_the_default_report_file_is_dated_in_the_current_folder(
    data_dir: Path, tmp_path: Path
) -> None:
    import sys

    from tests.conftest import cli_env

    work = tmp_path / "here"
    work.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "tracker", "report"],
        capture_output=True,
        text=True,
        cwd=work,
        env=cli_env(data_dir, NOW),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert (work / f"supple-report-{TODAY.isoformat()}.pdf").is_file()
