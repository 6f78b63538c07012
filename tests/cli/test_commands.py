"""The shell commands as real subprocesses (`python -m tracker ...`), against a real store.

Covers the happy paths of done/skip/status/config/export/import/doctor, a table of bad inputs
(each must exit 2 with exactly one `supple: ` line and leave the store byte-for-byte as it was),
damaged stores (never written over), and that the shell commands never import Textual.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from shlex import quote
from typing import Any

import pytest

from tracker.core.clock import FakeClock
from tracker.core.settings import KEYS
from tracker.store.database import Store

ZONE = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=ZONE)  # the same moment as conftest's NOW
STATUS_FIELDS = {
    "date",
    "today_done",
    "current_streak",
    "best_streak",
    "total_sessions",
    "strength",
    "adherence_7d",
    "adherence_30d",
    "next_reminder",
    "pain_rising",  # supple's own addition to the contract's fields (issue 11)
    "fingertip_cm",
    "activities_mean",
    "hinge_today",  # the everyday hinge (issue 24)
    "today_skipped",
    "skip_reason",
}

RunCli = Callable[..., Any]


# ---- helpers ---------------------------------------------------------------------------------


def ok(result: Any) -> Any:
    assert result.code == 0, f"exit {result.code}; stderr: {result.err!r}"
    assert result.err == ""
    return result


def assert_one_error_line(result: Any, code: int = 2) -> str:
    """Exit `code`, exactly one line on stderr starting with 'supple: ', no traceback."""
    assert result.code == code, f"exit {result.code}; stderr: {result.err!r}"
    assert "Traceback" not in result.err + result.out
    lines = result.err.splitlines()
    assert len(lines) == 1, f"expected one stderr line, got {result.err!r}"
    assert result.err.endswith("\n")
    assert lines[0].startswith("supple: ")
    return str(lines[0])


def status_json(run_cli: RunCli, **kwargs: Any) -> dict[str, Any]:
    result = ok(run_cli("status", "--json", **kwargs))
    data: dict[str, Any] = json.loads(result.out)
    return data


def expected_strength(done: set[date], skips: set[date], first: date, today: date) -> float:
    """The contract's formula, written out independently of tracker.core.rules."""
    m = 0.5 ** (1 / 13)
    s = 0.0
    day = first
    while day <= today:
        if day in done:
            s = s * m + 1 * (1 - m)
        elif day in skips or day == today:
            pass
        else:
            s = s * m + 0 * (1 - m)
        day += timedelta(days=1)
    return s * 100


def is_one_decimal(value: float) -> bool:
    return isinstance(value, float) and round(value, 1) == value


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.tmp")) if folder.exists() else []


RICH_EXPORT: dict[str, Any] = {
    "format": "supple",
    "version": 1,
    "sessions": [
        {
            "id": "g1",
            "date": "2026-11-20",
            "started_at": "2026-11-20T07:30:00+01:00",
            "ended_at": "2026-11-20T07:46:10+01:00",
            "kind": "guided",
            "status": "complete",
            "exercises": [
                {"exercise": "good-morning", "side": None, "planned_sets": 3, "done_sets": 3},
                {"exercise": "rotation", "side": "left", "planned_sets": 2, "done_sets": 2},
                {"exercise": "rotation", "side": "right", "planned_sets": 2, "done_sets": 2},
            ],
            "pain_before": 4,
            "pain_after": 2,
            "note": 'felt looser, "much" better; ünïcode\nsecond line, with a comma',
        },
        {
            "id": "p1",
            "date": "2026-11-21",
            "started_at": "2026-11-21T19:00:00+01:00",
            "ended_at": "2026-11-21T19:05:00+01:00",
            "kind": "guided",
            "status": "partial",
            "exercises": [{"exercise": "good-morning", "planned_sets": 3, "done_sets": 1}],
            "pain_before": 5,
            "pain_after": None,
            "note": "",
        },
        {
            "id": "s1",
            "date": "2026-11-22",
            "started_at": "2026-11-22T08:00:00+01:00",
            "ended_at": "2026-11-22T08:02:00+01:00",
            "kind": "guided",
            "status": "stopped",
            "exercises": None,
            "pain_before": 3,
            "pain_after": 6,
            "note": "sharp pain; stopped",
        },
        {
            "id": "l1",
            "date": "2026-11-23",
            "started_at": None,
            "ended_at": None,
            "kind": "logged",
            "status": "complete",
            "exercises": None,
            "pain_before": None,
            "pain_after": 0,
            "note": "",
        },
    ],
    "marks": [{"date": "2026-11-24", "kind": "skip", "reason": "travel"}],
    "settings": {"rest": 20, "reminders": "07:00,18:30", "bell": False},
}


@pytest.fixture
def rich_store(run_cli: RunCli, tmp_path: Path, data_dir: Path) -> Path:
    """A store with varied sessions, a mark and settings (import) plus one `done` today."""
    source = write_json(tmp_path / "rich.json", RICH_EXPORT)
    ok(run_cli("import", str(source)))
    ok(run_cli("done", "--pain-before", "3", "--pain-after", "1", "--note", "today, easy"))
    return data_dir / "supple.json"


# ---- done and status -------------------------------------------------------------------------


def test_done_then_status_json_has_every_field(run_cli: RunCli) -> None:
    result = ok(run_cli("done"))
    assert "2026-11-25" in result.out
    data = status_json(run_cli)
    assert set(data) == STATUS_FIELDS
    assert data["date"] == "2026-11-25"
    assert data["today_done"] is True
    assert data["current_streak"] == 1
    assert data["best_streak"] == 1
    assert data["total_sessions"] == 1
    strength = expected_strength({NOW.date()}, set(), NOW.date(), NOW.date())
    assert data["strength"] == round(strength, 1) == 5.2
    assert data["adherence_7d"] == 100.0
    assert data["adherence_30d"] == 100.0
    # Today is done, so the next reminder is tomorrow's 18:00.
    assert data["next_reminder"] == "2026-11-26T18:00:00+01:00"
    assert datetime.fromisoformat(data["next_reminder"]) == datetime(
        2026, 11, 26, 18, 0, tzinfo=ZONE
    )


def test_status_json_with_a_missed_day_rounds_to_one_decimal(run_cli: RunCli) -> None:
    done_days = [date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 23), date(2026, 11, 24)]
    for day in done_days:
        ok(run_cli("done", "--date", day.isoformat()))
    data = status_json(run_cli)
    assert set(data) == STATUS_FIELDS
    assert data["date"] == "2026-11-25"
    assert data["today_done"] is False
    assert data["current_streak"] == 2  # 23, 24; today not done yet does not break it
    assert data["best_streak"] == 2
    assert data["total_sessions"] == 4
    strength = expected_strength(set(done_days), set(), done_days[0], NOW.date())
    assert data["strength"] == round(strength, 1)
    # 20..24 are due (5 days), 4 done: 80 %.
    assert data["adherence_7d"] == 80.0
    assert data["adherence_30d"] == 80.0
    for name in ("strength", "adherence_7d", "adherence_30d"):
        assert is_one_decimal(data[name]), (name, data[name])
    assert data["next_reminder"] == "2026-11-25T18:00:00+01:00"
    # Adherence that is not a round number is rounded too: 2 of 3 due days.
    ok(run_cli("done", "--date", "2026-11-10", SUPPLE_NOW="2026-11-13T12:00:00+01:00"))
    ok(run_cli("done", "--date", "2026-11-12", SUPPLE_NOW="2026-11-13T12:00:00+01:00"))
    early = status_json(run_cli, now=datetime(2026, 11, 13, 12, 0, tzinfo=ZONE))
    assert early["adherence_7d"] == 66.7


def test_plain_status_prints_the_same_picture(run_cli: RunCli) -> None:
    ok(run_cli("done", "--date", "2026-11-24"))
    out = ok(run_cli("status")).out
    assert "2026-11-25" in out
    assert "not done yet" in out
    assert "Current streak: 1 day" in out
    assert "today 18:00" in out


def test_a_reminder_past_its_time_but_not_sent_says_so(run_cli: RunCli) -> None:
    """At 09:30 with a 07:30 reminder no daemon sent (within reminder-grace), the next
    reminder is that one, late: status says it was not sent, not just "today 07:30"."""
    ok(run_cli("config", "set", "reminders", "07:30,18:00"))
    out = ok(run_cli("status")).out
    assert "Next reminder: today 07:30, not sent yet" in out
    assert status_json(run_cli)["next_reminder"] == "2026-11-25T07:30:00+01:00"  # as ever
    sent = run_cli("remind", "--once")  # no desktop here: it is claimed, and says it failed
    assert sent.code == 1 and "the reminder due 07:30 could not be shown" in sent.err
    assert "Next reminder: today 18:00\n" in ok(run_cli("status")).out


def test_status_says_gently_when_pain_after_rises_over_two_weeks(run_cli: RunCli) -> None:
    for day, pain in (("11-12", 2), ("11-14", 3), ("11-17", 2), ("11-20", 5), ("11-22", 4)):
        ok(run_cli("done", "--date", f"2026-{day}", "--pain-after", str(pain)))
    # Two weeks, but this week has only 2 ratings: not enough to say anything yet.
    assert "Pain" not in ok(run_cli("status")).out
    assert status_json(run_cli)["pain_rising"] is False
    ok(run_cli("done", "--pain-after", "5"))  # 4.7 this week against 2.3 the week before
    for _ in range(2):  # the second read comes from the status cache and must say the same
        out = ok(run_cli("status")).out
        assert out.splitlines()[-1] == (
            "Pain after sessions has gone up: 4.7 on average this week, 2.3 the week before "
            "(0-10). Go gently, and consider talking to a doctor or physiotherapist about it."
        )
        assert status_json(run_cli)["pain_rising"] is True


def test_next_reminder_is_null_without_reminders(run_cli: RunCli) -> None:
    assert ok(run_cli("config", "set", "reminders", "")).out.strip() == "reminders = (none)"
    assert ok(run_cli("config", "get", "reminders")).out == "\n"
    data = status_json(run_cli)
    assert data["next_reminder"] is None
    assert "none set" in ok(run_cli("status")).out


def test_done_with_a_past_date(run_cli: RunCli, data_dir: Path) -> None:
    result = ok(run_cli("done", "--date", "2026-11-01", "--pain-after", "0", "--note", "late"))
    assert "2026-11-01" in result.out
    data = status_json(run_cli)
    assert data["today_done"] is False
    assert data["total_sessions"] == 1
    assert data["current_streak"] == 0
    assert data["best_streak"] == 1
    sessions = json.loads(ok(run_cli("export")).out)["sessions"]
    assert len(sessions) == 1
    assert sessions[0]["date"] == "2026-11-01"
    assert sessions[0]["kind"] == "logged"
    assert sessions[0]["status"] == "complete"
    assert sessions[0]["pain_after"] == 0
    assert sessions[0]["note"] == "late"
    # Yesterday is named as such.
    assert "yesterday" in ok(run_cli("done", "--date", "2026-11-24")).out


def test_day_start_logs_the_previous_date_after_midnight(run_cli: RunCli) -> None:
    ok(run_cli("config", "set", "day-start", "04:00"))
    night = datetime(2026, 11, 26, 1, 30, tzinfo=ZONE)
    result = ok(run_cli("done", now=night))
    assert "2026-11-25" in result.out
    sessions = json.loads(ok(run_cli("export", now=night)).out)["sessions"]
    assert [s["date"] for s in sessions] == ["2026-11-25"]
    at_night = status_json(run_cli, now=night)
    assert at_night["date"] == "2026-11-25"
    assert at_night["today_done"] is True
    # The calendar date of that night (11-26) is still in the future for supple.
    future = run_cli("done", "--date", "2026-11-26", now=night)
    assert_one_error_line(future)
    morning = status_json(run_cli, now=datetime(2026, 11, 26, 4, 30, tzinfo=ZONE))
    assert morning["date"] == "2026-11-26"
    assert morning["today_done"] is False
    assert morning["current_streak"] == 1


def test_skip_days_keep_the_streak(run_cli: RunCli) -> None:
    ok(run_cli("done", "--date", "2026-11-20"))
    ok(run_cli("done", "--date", "2026-11-21"))
    result = ok(run_cli("skip", "--date", "2026-11-22", "--until", "2026-11-24", "--reason", "flu"))
    assert "3 days" in result.out
    data = status_json(run_cli)
    assert data["current_streak"] == 2
    assert data["best_streak"] == 2
    assert data["today_done"] is False
    assert data["adherence_7d"] == 100.0  # skipped days are not due
    done, skips = (
        {date(2026, 11, 20), date(2026, 11, 21)},
        {date(2026, 11, 22 + i) for i in range(3)},
    )
    assert data["strength"] == round(
        expected_strength(done, skips, date(2026, 11, 20), NOW.date()), 1
    )
    marks = json.loads(ok(run_cli("export")).out)["marks"]
    assert [(m["date"], m["reason"]) for m in marks] == [
        ("2026-11-22", "flu"),
        ("2026-11-23", "flu"),
        ("2026-11-24", "flu"),
    ]
    # Marking again changes nothing; today done extends the run over the skips.
    assert "already" in ok(run_cli("skip", "--date", "2026-11-23")).out
    ok(run_cli("done"))
    after = status_json(run_cli)
    assert (after["current_streak"], after["best_streak"], after["total_sessions"]) == (3, 3, 3)


def test_a_skip_day_alone_is_no_streak(run_cli: RunCli) -> None:
    ok(run_cli("skip"))
    data = status_json(run_cli)
    assert (data["current_streak"], data["best_streak"], data["today_done"]) == (0, 0, False)
    assert "skip day" in ok(run_cli("status")).out
    assert (data["today_skipped"], data["skip_reason"]) == (True, None)


def test_a_skip_day_says_its_reason_and_silences_its_reminders(run_cli: RunCli) -> None:
    ok(run_cli("config", "set", "reminders", "07:30,18:00"))
    ok(run_cli("skip", "--until", "2026-11-26", "--reason", "travel"))
    data = status_json(run_cli)
    assert (data["today_skipped"], data["skip_reason"]) == (True, "travel")
    # 07:30 is due at 09:30 (within grace), but a pause silences today and tomorrow.
    assert data["next_reminder"] == "2026-11-27T07:30:00+01:00"
    sent = run_cli("remind", "--once")
    assert (sent.code, sent.out, sent.err) == (0, "No reminder is due now.\n", "")
    ok(run_cli("skip", "--clear", "--until", "2026-11-26"))
    assert status_json(run_cli)["skip_reason"] is None
    assert run_cli("remind", "--once").code == 1  # no desktop here: it tried, and said so


# ---- config ----------------------------------------------------------------------------------


def test_config_list_get_set(run_cli: RunCli) -> None:
    listed = ok(run_cli("config", "list")).out.splitlines()
    assert [line.split()[0] for line in listed] == list(KEYS)
    # Each line says whose default it is: the source's numbers for the good morning, supple's
    # for the rest (PRODUCT.md).
    whose = {line.split()[0]: line[line.rindex("(") :] for line in listed}
    assert whose["good-morning.sets"] == "(source's default 3)"
    assert whose["good-morning.reps"] == "(source's default 10)"
    assert whose["good-morning.hold"] == "(source's default 3)"
    assert whose["rotation.sets"] == "(supple's default 2)"
    assert whose["rotation.reps"] == "(supple's default 10)"
    for name in ("tempo", "rest", "get-ready", "position-time", "voice", "theme"):
        assert whose[name] == f"(supple's default {KEYS[name].show(KEYS[name].default)})"
    for name, key in KEYS.items():
        assert ok(run_cli("config", "get", name)).out == f"{key.show(key.default)}\n"

    assert ok(run_cli("config", "set", "rest", "10")).out == "rest = 10\n"
    assert ok(run_cli("config", "get", "rest")).out == "10\n"
    rest_line = next(
        line for line in ok(run_cli("config", "list")).out.splitlines() if line.startswith("rest ")
    )
    assert rest_line.endswith("(supple's default 30)")
    assert ok(run_cli("config", "set", "bell", "off")).out == "bell = off\n"
    assert ok(run_cli("config", "get", "bell")).out == "off\n"
    # Values are stored in their canonical form.
    ok(run_cli("config", "set", "reminders", "18:00, 7:05,07:05"))
    assert ok(run_cli("config", "get", "reminders")).out == "07:05,18:00\n"
    ok(run_cli("config", "set", "reminder-days", "Mon,wed"))
    assert ok(run_cli("config", "get", "reminder-days")).out == "mon,wed\n"
    ok(run_cli("config", "set", "theme", "nord"))
    assert ok(run_cli("config", "get", "theme")).out == "nord\n"
    assert json.loads(ok(run_cli("export")).out)["settings"] == {
        "rest": 10,
        "bell": False,
        "reminders": "07:05,18:00",
        "reminder-days": "mon,wed",
    }  # not the theme: it belongs to this device (see README, Sync)


def test_setting_the_same_value_again_does_not_write(run_cli: RunCli, data_dir: Path) -> None:
    ok(run_cli("config", "set", "rest", "10"))
    before = (data_dir / "supple.json").read_bytes()
    ok(run_cli("config", "set", "rest", "10"))
    assert (data_dir / "supple.json").read_bytes() == before


# ---- export ----------------------------------------------------------------------------------


def test_export_json_to_stdout_and_file(run_cli: RunCli, rich_store: Path, tmp_path: Path) -> None:
    out = ok(run_cli("export")).out
    data = json.loads(out)
    assert (data["format"], data["version"]) == ("supple", 1)
    assert [s["id"] for s in data["sessions"]][:4] == ["g1", "p1", "s1", "l1"]
    assert len(data["sessions"]) == 5
    assert data["sessions"][0] == RICH_EXPORT["sessions"][0]
    assert data["marks"] == RICH_EXPORT["marks"]
    assert data["settings"] == RICH_EXPORT["settings"]
    target = tmp_path / "out.json"
    result = ok(run_cli("export", "--format", "json", "-o", str(target)))
    assert str(target) in result.out
    assert target.read_text(encoding="utf-8") == out


def test_export_csv_to_stdout_and_file(run_cli: RunCli, rich_store: Path, tmp_path: Path) -> None:
    out = ok(run_cli("export", "--format", "csv")).out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["type"] for row in rows].count("session") == 5  # and its skip days
    assert [(r["date"], r["note"]) for r in rows if r["type"] == "skip"] == [
        (m["date"], m.get("reason") or "") for m in RICH_EXPORT["marks"]
    ]
    assert {"id", "date", "kind", "status", "pain_before", "pain_after", "note"} <= set(rows[0])
    first = rows[0]
    assert (first["id"], first["date"], first["kind"], first["status"]) == (
        "g1",
        "2026-11-20",
        "guided",
        "complete",
    )
    assert first["note"] == RICH_EXPORT["sessions"][0]["note"]
    assert json.loads(first["exercises"]) == RICH_EXPORT["sessions"][0]["exercises"]
    target = tmp_path / "out.csv"
    ok(run_cli("export", "--format", "csv", "-o", str(target)))
    assert target.read_text(encoding="utf-8") == out


def test_export_ics_to_stdout_and_file(run_cli: RunCli, rich_store: Path, tmp_path: Path) -> None:
    out = ok(run_cli("export", "--format", "ics")).out  # text mode: CRLF read as LF
    lines = out.splitlines()
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 5
    assert "UID:g1@supple" in lines
    assert "DTSTART;VALUE=DATE:20261120" in lines
    target = tmp_path / "out.ics"
    ok(run_cli("export", "--format", "ics", "-o", str(target)))
    raw = target.read_bytes()
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # RFC 5545: CRLF line ends only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))

    def without_stamp(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("DTSTAMP:")]

    assert without_stamp(raw.decode("utf-8")) == without_stamp(out)


def test_export_of_an_empty_store(run_cli: RunCli, data_dir: Path) -> None:
    data = json.loads(ok(run_cli("export")).out)
    assert data["sessions"] == [] and data["marks"] == []
    assert not (data_dir / "supple.json").exists()  # reading creates nothing


# ---- import ----------------------------------------------------------------------------------


def test_json_export_round_trips_through_a_fresh_store(
    run_cli: RunCli, rich_store: Path, tmp_path: Path
) -> None:
    exported = ok(run_cli("export")).out
    dump = tmp_path / "export.json"
    dump.write_text(exported, encoding="utf-8")
    fresh = tmp_path / "fresh"
    result = ok(run_cli("import", str(dump), SUPPLE_DATA_DIR=str(fresh)))
    assert "5 new sessions" in result.out
    again = ok(run_cli("export", SUPPLE_DATA_DIR=str(fresh))).out
    assert again == exported
    assert status_json(run_cli, SUPPLE_DATA_DIR=str(fresh)) == status_json(run_cli)


def test_import_twice_is_idempotent(run_cli: RunCli, tmp_path: Path, data_dir: Path) -> None:
    source = write_json(tmp_path / "rich.json", RICH_EXPORT)
    first = ok(run_cli("import", str(source))).out
    assert "4 new sessions" in first
    assert "1 skip days" in first
    assert "3 settings changed" in first
    before = (data_dir / "supple.json").read_bytes()
    second = ok(run_cli("import", str(source))).out
    assert "0 new sessions" in second
    assert "0 updated" in second
    assert "4 already there" in second
    assert "0 skip days" in second
    assert "0 settings changed" in second
    assert (data_dir / "supple.json").read_bytes() == before


def test_csv_export_reimports(run_cli: RunCli, rich_store: Path, tmp_path: Path) -> None:
    exported = json.loads(ok(run_cli("export")).out)
    dump = tmp_path / "export.csv"
    ok(run_cli("export", "--format", "csv", "-o", str(dump)))
    # Into the same store: nothing new, nothing changed, not a byte written.
    before = rich_store.read_bytes()
    same = ok(run_cli("import", str(dump))).out
    assert "0 new sessions, 0 updated, 5 already there" in same
    assert rich_store.read_bytes() == before
    # Into a fresh store: the same sessions (CSV carries no marks or settings).
    fresh = tmp_path / "fresh"
    assert "5 new sessions" in ok(run_cli("import", str(dump), SUPPLE_DATA_DIR=str(fresh))).out
    again = json.loads(ok(run_cli("export", SUPPLE_DATA_DIR=str(fresh))).out)
    assert again["sessions"] == exported["sessions"]


def test_a_minimal_session_imports(run_cli: RunCli, tmp_path: Path) -> None:
    source = write_json(
        tmp_path / "min.json",
        {"sessions": [{"id": "m1", "date": "2026-11-24", "kind": "logged", "status": "complete"}]},
    )
    assert "1 new sessions" in ok(run_cli("import", str(source))).out
    session = json.loads(ok(run_cli("export")).out)["sessions"][0]
    assert session["id"] == "m1"
    assert session["date"] == "2026-11-24"
    assert session["pain_before"] is None and session["pain_after"] is None
    assert session["note"] == ""
    data = status_json(run_cli)
    assert (data["total_sessions"], data["current_streak"]) == (1, 1)


def test_a_minimal_csv_imports(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "min.csv"
    source.write_text("id,date,kind,status\nc1,2026-11-24,logged,complete\n", encoding="utf-8")
    assert "1 new sessions" in ok(run_cli("import", str(source))).out
    assert status_json(run_cli)["total_sessions"] == 1


def test_import_updates_a_changed_session(run_cli: RunCli, tmp_path: Path) -> None:
    source = write_json(tmp_path / "rich.json", RICH_EXPORT)
    ok(run_cli("import", str(source)))
    changed = json.loads(json.dumps(RICH_EXPORT))
    changed["sessions"][3]["note"] = "edited elsewhere"
    write_json(source, changed)
    assert "0 new sessions, 1 updated, 3 already there" in ok(run_cli("import", str(source))).out
    notes = {s["id"]: s["note"] for s in json.loads(ok(run_cli("export")).out)["sessions"]}
    assert notes["l1"] == "edited elsewhere"


# ---- doctor ----------------------------------------------------------------------------------


def test_doctor_on_a_healthy_store(run_cli: RunCli, rich_store: Path) -> None:
    result = ok(run_cli("doctor"))
    assert str(rich_store) in result.out
    assert "Store health:   ok" in result.out
    assert "Schema version: 1" in result.out
    assert "5 sessions, 1 skip days" in result.out
    assert "DAMAGED" not in result.out


def test_doctor_says_when_there_is_no_session_bus(run_cli: RunCli, tmp_path: Path) -> None:
    gone = tmp_path / "no-such-bus"
    result = ok(run_cli("doctor", DBUS_SESSION_BUS_ADDRESS=f"unix:path={gone}", XDG_RUNTIME_DIR=""))
    line = next(x for x in result.out.splitlines() if x.startswith("Notifications:"))
    if "no backend found" in line:  # a machine without notify-send or dbus-python
        assert "libnotify-bin" in line
    else:  # a backend is installed (as in CI), so the missing bus is the problem to report
        assert "no D-Bus session bus" in line and str(gone) in line


def test_doctor_without_a_store(run_cli: RunCli, data_dir: Path) -> None:
    result = ok(run_cli("doctor"))
    assert "no store yet" in result.out
    assert not (data_dir / "supple.json").exists()


def test_doctor_on_a_damaged_store_names_a_backup_to_restore(
    run_cli: RunCli, data_dir: Path, clock: FakeClock
) -> None:
    store = Store(data_dir, clock)
    store.add_session({"id": "a", "date": "2026-11-20", "kind": "logged", "status": "complete"})
    store.add_session({"id": "b", "date": "2026-11-21", "kind": "logged", "status": "complete"})
    backups = store.daily_backups()
    assert backups, "the second write of the day should have made a backup"
    store.path.write_bytes(b'{"meta": {"1": {"schema_version": 1}}, "sess')
    damaged = store.path.read_bytes()
    result = run_cli("doctor")
    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    assert "DAMAGED" in result.out
    assert f"cp {quote(str(backups[0]))} {quote(str(store.path))}" in result.out
    assert f"mv {quote(str(store.path))} {quote(str(store.path))}.damaged" in result.out
    assert store.path.read_bytes() == damaged
    # Following the printed commands gives a working store again.
    os.replace(store.path, f"{store.path}.damaged")
    store.path.write_bytes(backups[0].read_bytes())
    assert ok(run_cli("doctor")).out.count("Store health:   ok") == 1
    assert status_json(run_cli)["total_sessions"] == 1


def test_doctor_on_a_damaged_store_without_backups(run_cli: RunCli, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "supple.json"
    path.write_bytes(b"\x00\x00garbage")
    result = run_cli("doctor")
    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    assert "DAMAGED" in result.out
    assert "No readable backup" in result.out
    assert f"mv {quote(str(path))} {quote(str(path))}.damaged" in result.out
    assert path.read_bytes() == b"\x00\x00garbage"


# ---- bad input: exit 2, one line, store untouched --------------------------------------------


def session_rec(sid: str, day: str = "2026-11-20", **extra: Any) -> dict[str, Any]:
    return {"id": sid, "date": day, "kind": "logged", "status": "complete", **extra}


IMPORT_FILES: dict[str, bytes | None] = {
    "missing": None,
    "garbage": b"\xff\xfe\x00\x01 garbage \x9c\x00",
    "broken json": b'{"sessions": [{"id": "a", ',
    "empty": b"",
    "no sessions": json.dumps({"format": "supple", "version": 1, "marks": []}).encode(),
    "a list": b"[1, 2, 3]",
    "missing id": json.dumps(
        {"sessions": [{"date": "2026-11-20", "kind": "logged", "status": "complete"}]}
    ).encode(),
    "bad date in record 3": json.dumps(
        {"sessions": [session_rec("r1"), session_rec("r2"), session_rec("r3-bad", "2026-02-30")]}
    ).encode(),
    "duplicate ids": json.dumps(
        {"sessions": [session_rec("d1"), session_rec("d1", "2026-11-21")]}
    ).encode(),
    "bad pain": json.dumps({"sessions": [session_rec("p1", pain_before=11)]}).encode(),
    "float pain": json.dumps({"sessions": [session_rec("p1", pain_after=3.5)]}).encode(),
    "unknown kind": json.dumps({"sessions": [{**session_rec("k1"), "kind": "jog"}]}).encode(),
    "unknown settings key": json.dumps(
        {"sessions": [session_rec("u1")], "settings": {"volume": 3}}
    ).encode(),
    "bad settings value": json.dumps(
        {"sessions": [session_rec("u1")], "settings": {"rest": 9999}}
    ).encode(),
    "bad mark": json.dumps({"sessions": [], "marks": [{"date": "someday"}]}).encode(),
    "csv without status": b"id,date,kind\nc1,2026-11-20,logged\n",
    "csv bad pain": b"id,date,kind,status,pain_before\nc1,2026-11-20,logged,complete,abc\n",
    # Found while writing these tests: digits that str.isdigit() accepts but int() does not.
    "csv superscript pain": (
        "id,date,kind,status,pain_before\nc1,2026-11-20,logged,complete,²\n".encode()
    ),
    "settings superscript time": json.dumps(
        {"sessions": [], "settings": {"reminders": "1²:00"}}, ensure_ascii=False
    ).encode(),
    # Impossible dates (found in review): far future, before 2000, skip days years ahead.
    "session in 2099": json.dumps(
        {"sessions": [session_rec("ok1"), session_rec("f2099", "2099-01-01")]}
    ).encode(),
    "session two days ahead": json.dumps({"sessions": [session_rec("t2", "2026-11-27")]}).encode(),
    "session in year 1": json.dumps({"sessions": [session_rec("y1", "0001-01-01")]}).encode(),
    "csv session in 2099": b"id,date,kind,status\nc1,2099-01-01,logged,complete\n",
    "mark in 9999": json.dumps({"sessions": [], "marks": [{"date": "9999-12-31"}]}).encode(),
    "mark in 1999": json.dumps({"sessions": [], "marks": [{"date": "1999-12-31"}]}).encode(),
    "mark kind holiday": json.dumps(
        {"sessions": [], "marks": [{"date": "2026-11-20", "kind": "holiday"}]}
    ).encode(),
}

BAD_INPUT: dict[str, tuple[str, ...]] = {
    "done bad month": ("done", "--date", "2026-13-01"),
    "done short year": ("done", "--date", "26-11-01"),
    "done not a date": ("done", "--date", "someday"),
    "done future date": ("done", "--date", "2026-11-26"),
    "pain-before 11": ("done", "--pain-before", "11"),
    "pain-before -1": ("done", "--pain-before", "-1"),
    "pain-before abc": ("done", "--pain-before", "abc"),
    "pain-after 3.5": ("done", "--pain-after", "3.5"),
    "note too long": ("done", "--note", "x" * 2001),
    "skip until before date": ("skip", "--date", "2026-11-20", "--until", "2026-11-19"),
    "skip over 366 days": ("skip", "--date", "2025-01-01", "--until", "2026-01-02"),
    "skip bad date": ("skip", "--date", "2026-02-30"),
    "done year 1": ("done", "--date", "0001-01-01"),
    "done 1999": ("done", "--date", "1999-12-31"),
    "done 2099": ("done", "--date", "2099-01-01"),
    "skip 9999": ("skip", "--date", "9999-12-31"),
    "skip a year and a day ahead": ("skip", "--date", "2027-11-27"),
    "skip until 9999": ("skip", "--until", "9999-12-31"),
    "skip 1999": ("skip", "--date", "1999-12-31"),
    "config set unknown key": ("config", "set", "unknown.key", "1"),
    "config get unknown key": ("config", "get", "nope"),
    "config no action": ("config",),
    "sets 0": ("config", "set", "good-morning.sets", "0"),
    "sets 11": ("config", "set", "good-morning.sets", "11"),
    "sets x": ("config", "set", "good-morning.sets", "x"),
    "tempo 0": ("config", "set", "tempo", "0"),
    "rest -5": ("config", "set", "rest", "-5"),
    "rest superscript two": ("config", "set", "rest", "²"),  # found bug: int('²') traceback
    "reminders 25:00": ("config", "set", "reminders", "25:00"),
    "reminders 7pm": ("config", "set", "reminders", "7pm"),
    "reminders 18:00,xx": ("config", "set", "reminders", "18:00,xx"),
    "reminders superscript": ("config", "set", "reminders", "1²:00"),  # found bug, as above
    "reminder-days funday": ("config", "set", "reminder-days", "funday"),
    "reminder-days empty": ("config", "set", "reminder-days", ""),
    "remind-when-done maybe": ("config", "set", "remind-when-done", "maybe"),
    "day-start 13:00": ("config", "set", "day-start", "13:00"),
    "theme nope": ("config", "set", "theme", "nope"),
    "unknown command": ("frobnicate",),
    "unknown option": ("status", "--yaml"),
    "export bad format": ("export", "--format", "xml"),
    **{f"import {name}": ("import", f"@{name}") for name in IMPORT_FILES},
}


@pytest.fixture
def one_session_store(data_dir: Path, clock: FakeClock) -> Path:
    store = Store(data_dir, clock)
    store.add_session(session_rec("seed", "2026-11-20", note="the one session"))
    return store.path


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    run_cli: RunCli, one_session_store: Path, tmp_path: Path, case: str
) -> None:
    args = list(BAD_INPUT[case])
    if args[-1].startswith("@"):
        name = args[-1][1:]
        target = tmp_path / f"import-{name.replace(' ', '-')}"
        content = IMPORT_FILES[name]
        if content is not None:
            target.write_bytes(content)
        args[-1] = str(target)
    before = one_session_store.read_bytes()
    listing = sorted(p.name for p in one_session_store.parent.iterdir())
    result = run_cli(*args)
    line = assert_one_error_line(result)
    assert one_session_store.read_bytes() == before
    assert sorted(p.name for p in one_session_store.parent.iterdir()) == listing
    if case == "import bad date in record 3":
        assert "record 3" in line
        assert "r3-bad" in line
    if case.startswith("import ") and case != "import missing":
        assert "nothing was imported" in line


def test_export_to_a_missing_folder_exits_1(run_cli: RunCli, one_session_store: Path) -> None:
    before = one_session_store.read_bytes()
    result = run_cli("export", "-o", "/nonexistent/dir/x.json")
    line = assert_one_error_line(result, code=1)
    assert "/nonexistent/dir/x.json" in line
    assert result.out == ""
    assert one_session_store.read_bytes() == before


def test_a_bad_supple_now_is_one_line(run_cli: RunCli) -> None:
    assert_one_error_line(run_cli("status", SUPPLE_NOW="tomorrow"))


# ---- damaged store: never written over -------------------------------------------------------

DAMAGED: dict[str, bytes] = {
    "garbage": b"\x00\x01\x02 this is not a store \xff",
    "truncated": b'{"meta":{"1":{"schema_version":1,"created":"2026-11-01T08:00:00+01:00"}},'
    b'"sessions":{"1":{"id":"a","date":"2026-11-',
    "zero bytes": b"",
    "a list": b"[]",
    "newer schema": b'{"meta":{"1":{"schema_version":99,"created":"2030-01-01T08:00:00+01:00"}},'
    b'"sessions":{},"marks":{},"settings":{},"reminders_sent":{}}',
}

DAMAGED_COMMANDS: dict[str, tuple[str, ...]] = {
    "status": ("status",),
    "status --json": ("status", "--json"),
    "done": ("done",),
    "skip": ("skip",),
    "config set": ("config", "set", "rest", "10"),
    "config list": ("config", "list"),
    "export": ("export",),
    "import": ("import", "@good"),
}


@pytest.mark.parametrize("command", DAMAGED_COMMANDS)
@pytest.mark.parametrize("damage", DAMAGED)
def test_a_damaged_store_is_reported_and_never_written(
    run_cli: RunCli, data_dir: Path, tmp_path: Path, damage: str, command: str
) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "supple.json"
    path.write_bytes(DAMAGED[damage])
    args = list(DAMAGED_COMMANDS[command])
    if args[-1] == "@good":
        good = write_json(tmp_path / "good.json", {"sessions": [session_rec("g")]})
        args[-1] = str(good)
    result = run_cli(*args)
    line = assert_one_error_line(result)
    assert str(path) in line
    assert path.read_bytes() == DAMAGED[damage]
    assert temp_files(data_dir) == []
    assert not (data_dir / "backups").exists()
    if damage == "newer schema":
        assert "newer" in line
    else:
        assert "backups" in line or "doctor" in line
