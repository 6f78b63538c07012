"""What people expect of a command-line tool (issue 25): `status --short`, `log`, `undo`,
relative dates, `--json` for `config list` and `doctor`, `--quiet`, and "did you mean".

Real subprocesses against a real store, at conftest's NOW (Wednesday 2026-11-25, 09:30).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_commands import assert_one_error_line, ok
from tests.cli.test_quick_status import (
    AS_INSTALLED,
    IMPORTS,
    OUTPUT,
    SUMMARY,
    imported,
    settle,
    supple,
)
from tests.conftest import NOW, RunCli
from tracker.core.clock import FakeClock
from tracker.core.days import DayWord, parse_day, resolve_day
from tracker.core.settings import KEYS
from tracker.core.suggest import nearest
from tracker.store.database import Store

WEDNESDAY = NOW.date()


def sessions(data_dir: Path) -> list[dict[str, Any]]:
    return list(Store(data_dir, FakeClock(NOW)).load().sessions)


def days_done(data_dir: Path) -> list[str]:
    return sorted(s["date"] for s in sessions(data_dir))


# ---- relative dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", WEDNESDAY),
        ("Yesterday", WEDNESDAY - timedelta(days=1)),
        ("-0", WEDNESDAY),
        ("-3", WEDNESDAY - timedelta(days=3)),
        ("wed", WEDNESDAY),  # today included
        ("monday", date(2026, 11, 23)),
        ("Thu", date(2026, 11, 19)),
        ("2026-11-02", date(2026, 11, 2)),
    ],
)
def test_a_day_word_means_a_day_counted_back_from_today(text: str, expected: date) -> None:
    assert resolve_day(parse_day(text), WEDNESDAY) == expected


def test_a_weekday_as_the_end_of_a_range_is_the_next_one() -> None:
    friday = parse_day("fri")
    assert friday.on(WEDNESDAY, after=WEDNESDAY) == date(2026, 11, 27)  # type: ignore[union-attr]
    assert friday.on(WEDNESDAY, after=date(2026, 11, 27)) == date(2026, 11, 27)  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["someday", "mo", "-", "-1.5", "-x", "tomorrow", "+1", "-100001"])
def test_other_words_are_not_days(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day(text)


def test_day_words_compare_by_meaning() -> None:
    assert parse_day("Monday") == parse_day("mon") == DayWord("x", weekday=0)
    assert parse_day("yesterday") == parse_day("-1")


def test_done_takes_day_words(run_cli: RunCli, data_dir: Path) -> None:
    ok(run_cli("done", "--date", "yesterday"))
    ok(run_cli("done", "--date", "-3"))
    ok(run_cli("done", "--date=mon"))
    ok(run_cli("done", "--date", "today"))
    assert days_done(data_dir) == ["2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25"]


def test_today_is_supples_day_after_midnight_with_a_later_day_start(
    run_cli: RunCli, data_dir: Path
) -> None:
    ok(run_cli("config", "set", "day-start", "04:00"))
    night = datetime(2026, 11, 26, 1, 30, tzinfo=NOW.tzinfo)  # still Wednesday's day
    out = ok(run_cli("done", "--date", "today", now=night)).out
    assert "today (2026-11-25)" in out
    ok(run_cli("done", "--date", "yesterday", now=night))
    assert days_done(data_dir) == ["2026-11-24", "2026-11-25"]


def test_skip_takes_day_words_and_until_a_weekday_is_the_next(
    run_cli: RunCli, data_dir: Path
) -> None:
    out = ok(run_cli("skip", "--until", "fri", "--reason", "travel")).out
    assert "(2026-11-25 to 2026-11-27)" in out
    ok(run_cli("skip", "--date", "-7"))
    marks = sorted(m["date"] for m in Store(data_dir, FakeClock(NOW)).load().marks)
    assert marks == ["2026-11-18", "2026-11-25", "2026-11-26", "2026-11-27"]


@pytest.mark.parametrize(
    "args",
    [
        ("done", "--date", "someday"),
        ("done", "--date", "-10000"),  # 1999: before 2000
        ("done", "--date", "-99999999"),
        ("skip", "--date", "-10000"),
        ("skip", "--date", "fri", "--until", "-30"),  # the end before the start
        ("log", "--since", "someday"),
        ("log", "--limit", "0"),
        ("log", "--limit", "-1"),
    ],
    ids=" ".join,
)
def test_a_bad_day_or_count_is_one_line_and_writes_nothing(
    run_cli: RunCli, data_dir: Path, args: tuple[str, ...]
) -> None:
    ok(run_cli("done", "--date", "2026-11-20"))
    before = (data_dir / "supple.json").read_bytes()
    assert_one_error_line(run_cli(*args))
    assert (data_dir / "supple.json").read_bytes() == before


# ---- status --short ------------------------------------------------------------------------


def test_status_short_is_one_line(run_cli: RunCli) -> None:
    assert ok(run_cli("status", "--short")).out == "not done \u00b7 streak 0 \u00b7 next 18:00\n"
    ok(run_cli("done", "--date", "yesterday"))
    ok(run_cli("done"))
    assert ok(run_cli("status", "--short")).out == "done \u00b7 streak 2 \u00b7 next Thu 18:00\n"


def test_status_short_on_a_skip_day_and_without_reminders(run_cli: RunCli) -> None:
    ok(run_cli("skip"))
    ok(run_cli("config", "set", "reminders", ""))
    assert ok(run_cli("status", "--short")).out == "skip day \u00b7 streak 0\n"


def test_status_short_says_a_late_reminder_is_due(run_cli: RunCli) -> None:
    evening = datetime(2026, 11, 25, 18, 5, tzinfo=NOW.tzinfo)
    assert ok(run_cli("status", "--short", now=evening)).out.endswith("\u00b7 due 18:00\n")


def test_status_short_in_ascii_output_uses_dashes(run_cli: RunCli) -> None:
    result = ok(run_cli("status", "--short", PYTHONIOENCODING="ascii"))
    assert result.out == "not done - streak 0 - next 18:00\n"


def test_status_short_and_json_together_are_refused(run_cli: RunCli) -> None:
    line = assert_one_error_line(run_cli("status", "--short", "--json"))
    assert "not allowed with" in line


# ---- log -----------------------------------------------------------------------------------


def test_log_lists_sessions_newest_first(run_cli: RunCli) -> None:
    assert ok(run_cli("log")).out == "No sessions.\n"
    ok(run_cli("done", "--date", "-2", "--pain-before", "5", "--pain-after", "3"))
    ok(run_cli("done", "--date", "yesterday", "--note", "stiff, \x1b[2J then fine"))
    ok(run_cli("done"))
    lines = ok(run_cli("log")).out.splitlines()
    assert [line[:10] for line in lines] == ["2026-11-25", "2026-11-24", "2026-11-23"]
    assert lines[0].split() == ["2026-11-25", "logged", "complete"]
    assert lines[1].endswith("stiff, \\x1b[2J then fine")  # shown, not obeyed
    assert "pain 5 -> 3" in lines[2]
    assert ok(run_cli("log", "--limit", "1")).out.splitlines() == lines[:1]
    assert ok(run_cli("log", "--since", "yesterday")).out.splitlines() == lines[:2]
    assert ok(run_cli("log", "--since", "2026-11-26")).out == "No sessions since then.\n"


def test_log_json_is_the_session_records(run_cli: RunCli, data_dir: Path) -> None:
    ok(run_cli("done", "--date", "-2", "--note", "caf\u00e9"))
    ok(run_cli("done"))
    listed = json.loads(ok(run_cli("log", "--json")).out)
    stored = {s["id"]: dict(s) for s in sessions(data_dir)}
    assert [s["date"] for s in listed] == ["2026-11-25", "2026-11-23"]
    assert all(s == stored[s["id"]] for s in listed)
    assert json.loads(ok(run_cli("log", "--json", "--since", "-1")).out) == listed[:1]


# ---- undo ----------------------------------------------------------------------------------


def test_undo_says_what_it_undoes_then_undoes_it(run_cli: RunCli, data_dir: Path) -> None:
    ok(run_cli("done", "--date", "2026-11-20"))
    ok(run_cli("done"))
    result = ok(run_cli("undo"))
    first, second = result.out.splitlines()
    assert first == (
        "Undoing the last change made from the shell (today 09:30): "
        "Logged today (2026-11-25) as done."
    )
    assert second == "Deleted the session of 2026-11-25."
    assert days_done(data_dir) == ["2026-11-20"]
    line = assert_one_error_line(run_cli("undo"), code=1)
    assert "no change from the shell to undo" in line
    assert days_done(data_dir) == ["2026-11-20"]  # one undo, not a stack


def test_undo_of_a_skip_a_setting_and_an_import(
    run_cli: RunCli, data_dir: Path, tmp_path: Path
) -> None:
    ok(run_cli("skip", "--until", "fri"))
    assert "Cleared 3 skip days" in ok(run_cli("undo")).out
    assert Store(data_dir, FakeClock(NOW)).load().marks == ()

    ok(run_cli("config", "set", "rest", "45"))
    ok(run_cli("config", "set", "rest", "50"))
    assert ok(run_cli("undo")).out.endswith("rest = 45\n")
    assert ok(run_cli("config", "get", "rest")).out == "45\n"

    dates = tmp_path / "dates.txt"
    dates.write_text("2026-11-01\n2026-11-02\n", encoding="utf-8")
    ok(run_cli("import", str(dates)))
    assert days_done(data_dir) == ["2026-11-01", "2026-11-02"]
    assert ok(run_cli("undo")).out.endswith("The import was taken back.\n")
    assert days_done(data_dir) == []


def test_undo_of_a_measurement_a_rename_and_a_measure_dated_by_a_word(
    run_cli: RunCli, data_dir: Path
) -> None:
    def measured() -> tuple[list[tuple[str, object]], list[str]]:
        snap = Store(data_dir, FakeClock(NOW)).load()
        readings = sorted((str(r["date"]), r["value"]) for r in snap.measurements)
        return readings, sorted(str(a["name"]) for a in snap.activities)

    ok(run_cli("measure", "fingertip", "12", "--date", "yesterday"))
    ok(run_cli("measure", "activity", "putting on socks", "5"))
    ok(run_cli("measure", "rename", "putting on socks", "socks"))
    assert measured() == ([("2026-11-24", 12), ("2026-11-25", 5)], ["socks"])
    result = ok(run_cli("undo"))
    assert result.out.splitlines()[0].endswith(": Renamed putting on socks to socks.")
    assert measured() == ([("2026-11-24", 12), ("2026-11-25", 5)], ["putting on socks"])
    ok(run_cli("measure", "fingertip", "9"))
    assert "fingertip-to-floor 9 cm" in ok(run_cli("undo")).out
    assert measured() == ([("2026-11-24", 12), ("2026-11-25", 5)], ["putting on socks"])


def test_undo_of_a_hinge_check_dated_by_a_word(run_cli: RunCli, data_dir: Path) -> None:
    ok(run_cli("hinge", "some", "--date", "yesterday"))
    answers = Store(data_dir, FakeClock(NOW)).load().hinge_checks
    assert [str(a["date"]) for a in answers] == ["2026-11-24"]
    first = ok(run_cli("undo")).out.splitlines()[0]
    assert first.endswith(": Everyday hinge, yesterday (2026-11-24): sometimes.")
    assert Store(data_dir, FakeClock(NOW)).load().hinge_checks == ()


def test_undo_of_a_change_already_taken_back_elsewhere(run_cli: RunCli, data_dir: Path) -> None:
    ok(run_cli("done"))
    store = Store(data_dir, FakeClock(NOW))
    store.delete_session(sessions(data_dir)[0]["id"])  # the app's u, say
    before = store.path.read_bytes()
    line = assert_one_error_line(run_cli("undo"))
    assert "cannot undo it: that session is no longer there" in line
    assert store.path.read_bytes() == before
    assert_one_error_line(run_cli("undo"), code=1)  # forgotten: it could never apply


def test_a_damaged_undo_record_is_one_line(run_cli: RunCli, data_dir: Path) -> None:
    ok(run_cli("done"))
    (data_dir / "shell-undo.json").write_text('{"format": "supple shell undo 1", "undo": 3}')
    before = (data_dir / "supple.json").read_bytes()
    line = assert_one_error_line(run_cli("undo"))
    assert "shell-undo.json is damaged" in line
    assert (data_dir / "supple.json").read_bytes() == before


def test_undo_never_builds_what_the_record_does_not_allow(run_cli: RunCli, data_dir: Path) -> None:
    ok(run_cli("done"))
    record = json.loads((data_dir / "shell-undo.json").read_text())
    record["undo"]["$record"] = "Snooze"  # a change, but not one an undo may be
    (data_dir / "shell-undo.json").write_text(json.dumps(record))
    assert "damaged" in assert_one_error_line(run_cli("undo"))


# ---- --json, --quiet, did you mean ---------------------------------------------------------


def test_config_list_json(run_cli: RunCli) -> None:
    ok(run_cli("config", "set", "rest", "45"))
    listed = json.loads(ok(run_cli("config", "list", "--json")).out)
    assert list(listed) == list(KEYS)
    assert listed["rest"] == {
        "value": 45,
        "default": 30,
        "default_from": "supple",
        "help": KEYS["rest"].help,
    }
    assert listed["good-morning.reps"]["default_from"] == "source"  # as config list says
    assert listed["mouse"]["value"] is True


def test_doctor_json(run_cli: RunCli, data_dir: Path) -> None:
    ok(run_cli("done", "--date", "yesterday"))
    ok(run_cli("done"))  # the day's backup is taken before this write: it holds the first
    result = run_cli("doctor", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["data_dir"] == str(data_dir)
    assert report["store"]["health"] == "ok" and report["store"]["sessions"] == 2
    assert report["saving"]["ok"] and report["exit_code"] == 0
    assert report["backups"][0]["holds"].startswith("1 session")


def test_doctor_json_of_a_damaged_store_says_how_to_restore(
    run_cli: RunCli, data_dir: Path
) -> None:
    ok(run_cli("done"))
    ok(run_cli("done", "--date", "yesterday"))  # today's backup holds the first session
    (data_dir / "supple.json").write_text('{"sessions": {"1": {"id": 5', encoding="utf-8")
    result = run_cli("doctor", "--json")
    assert result.code == 2
    report = json.loads(result.out)
    assert report["store"]["health"] == "damaged" and report["exit_code"] == 2
    assert report["restore_commands"][0].startswith("mv ")
    assert report["restore_commands"][1].startswith("cp ")


def test_quiet_prints_nothing_but_still_acts(
    run_cli: RunCli, data_dir: Path, tmp_path: Path
) -> None:
    assert ok(run_cli("done", "-q")).out == ""
    assert ok(run_cli("skip", "--date", "yesterday", "--quiet")).out == ""
    assert ok(run_cli("skip", "--date", "yesterday", "--clear", "-q")).out == ""
    dates = tmp_path / "dates.txt"
    dates.write_text("2026-11-01\n", encoding="utf-8")
    assert ok(run_cli("import", str(dates), "--quiet")).out == ""
    assert days_done(data_dir) == ["2026-11-01", "2026-11-25"]
    assert_one_error_line(run_cli("skip", "--quiet"))  # today is done: errors still speak


@pytest.mark.parametrize(
    ("args", "suggested"),
    [
        (("stauts",), "status"),
        (("lgo",), "log"),
        (("udno",), "undo"),
        (("install-extra",), "install-extras"),
        (("config", "lsit"), "list"),
        (("config", "get", "remindrs"), "reminders"),
        (("config", "set", "mose", "off"), "mouse"),
        (("export", "--format", "cvs"), "csv"),
    ],
    ids=" ".join,
)
@pytest.mark.every_python  # argparse's "invalid choice" message changed in 3.12
def test_a_mistyped_name_gets_a_did_you_mean(
    run_cli: RunCli, args: tuple[str, ...], suggested: str
) -> None:
    line = assert_one_error_line(run_cli(*args))
    assert f"(did you mean '{suggested}'?)" in line


@pytest.mark.every_python
def test_no_suggestion_when_nothing_is_close(run_cli: RunCli) -> None:
    line = assert_one_error_line(run_cli("xyzzy"))
    assert line == "supple: unknown command 'xyzzy'; see 'supple --help'"


def test_nearest_prefers_swapped_letters() -> None:
    assert nearest("cvs", ["json", "csv", "ics"]) == "csv"
    assert nearest("stats", ["status", "skip"]) == "status"
    assert nearest("zzz", ["status", "skip"]) is None


# ---- status --short from the saved output --------------------------------------------------


@pytest.fixture
def year(data_dir: Path) -> Path:
    """A year of sessions, written through the store, older than the cache's racy window."""
    store = Store(data_dir, FakeClock(NOW))
    days = [WEDNESDAY - timedelta(days=n) for n in range(1, 365) if n % 11]
    store.import_records(
        [
            {"id": f"s{d}", "date": d.isoformat(), "kind": "logged", "status": "complete"}
            for d in days
        ],
        [],
        {},
    )
    settle()
    return data_dir


def test_status_short_hit_miss_and_full_agree_and_a_hit_loads_nothing_heavy(year: Path) -> None:
    (year / OUTPUT).unlink(missing_ok=True)
    (year / SUMMARY).unlink()
    full = supple(year, "status", "--short")  # from the store itself
    miss = supple(year, "status", "--short")  # from the status summary
    hit = supple(year, "status", "--short", script=AS_INSTALLED, PYTHONPROFILEIMPORTTIME="1")
    assert full.stdout == miss.stdout == hit.stdout
    assert full.stdout.startswith("not done \u00b7 streak ") and full.stdout.count("\n") == 1
    loaded = imported(hit)
    assert "tracker.cli.status_output_cache" in loaded and "tracker.core.today" not in loaded
    assert not loaded & set(IMPORTS), loaded & set(IMPORTS)
    plain = supple(year, "status")  # the same saved output holds all three texts
    assert plain.stdout.startswith("Today (") and (year / OUTPUT).exists()
