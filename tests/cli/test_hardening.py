"""Issue 14 through the real command line: doctor's restore advice, private files, control
characters from the store, FIFOs and devices, numbers and fields too long to import, a clock
set far ahead and back, and a data folder that is a file."""

from __future__ import annotations

import json
import os
import pty
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import NOW, RunCli, cli_env
from tracker.core.clock import FakeClock
from tracker.core.text import printable
from tracker.notify.check import check_and_notify
from tracker.notify.delivery import Delivery
from tracker.store.database import Store

ESCAPES = "title\x1b]0;pwned\x07 clear\x1b[2J csi\x9b31m bell\x07 cr\r!"


def session(sid: str, day: str, **extra: Any) -> dict[str, Any]:
    return {"id": sid, "date": day, "kind": "logged", "status": "complete", **extra}


def one_error(result: Any, code: int = 2) -> str:
    assert result.code == code, f"exit {result.code}: {result.err!r}"
    assert "Traceback" not in result.out + result.err
    assert "unexpected error" not in result.err
    lines: list[str] = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("supple: "), result.err
    return lines[0]


# ---- doctor's restore advice ----------------------------------------------------------------


def make_backups(data_dir: Path) -> Store:
    """Daily backups of 11-23 (1 session), 11-24 (2 sessions) and 11-25 (3, one damaged)."""
    for n, day in enumerate(("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"), start=1):
        store = Store(data_dir, FakeClock(NOW.replace(day=21 + n)))
        store.add_session(session(f"s{n}", day))
    backups = store.daily_backups()
    assert [b.name for b in backups][:3] == [
        "supple-2026-11-25.json",
        "supple-2026-11-24.json",
        "supple-2026-11-23.json",
    ]
    # The newest backup parses, but one record in it is damaged: never recommend it.
    spoilt = json.loads(backups[0].read_bytes())
    spoilt["sessions"]["1"]["status"] = "finished"
    backups[0].write_text(json.dumps(spoilt))
    return store


def test_doctor_recommends_only_a_fully_checked_backup_and_says_what_it_holds(
    run_cli: RunCli, data_dir: Path
) -> None:
    store = make_backups(data_dir)
    store.path.write_bytes(b"{garbage")
    doctor = run_cli("doctor")
    assert doctor.code == 2
    out = doctor.out
    assert "supple-2026-11-25.json  unusable: sessions entry 1 is damaged" in out
    assert "supple-2026-11-24.json  2 sessions, the last on 2026-11-22" in out
    assert "supple-2026-11-23.json  1 session, the last on 2026-11-21" in out
    assert "The newest readable backup, supple-2026-11-24.json, holds 2 sessions" in out
    assert out.index("holds 2 sessions") < out.index("To restore it")
    assert "supple doctor" not in out


@pytest.mark.parametrize("name", ["it's data", "$(touch PWNED) `touch PWNED2`; touch PWNED3"])
def test_doctor_commands_are_quoted_and_restore_when_pasted(
    tmp_path: Path, name: str, run_cli: RunCli
) -> None:
    data_dir = tmp_path / name
    store = make_backups(data_dir)
    store.path.write_bytes(b"{garbage")
    env = {"SUPPLE_DATA_DIR": str(data_dir)}
    doctor = run_cli("doctor", **env)
    commands = doctor.out.split("To restore it (the damaged file is kept aside), run:\n")[1]
    lines = [line.strip() for line in commands.splitlines() if line.startswith("  ")][:2]
    assert lines[0].startswith("mv ") and lines[1].startswith("cp ")
    subprocess.run(["bash", "-c", "\n".join(lines)], cwd=tmp_path, check=True)
    assert not any(p.name.startswith("PWNED") for p in tmp_path.rglob("*"))
    assert (data_dir / "supple.json.damaged").read_bytes() == b"{garbage"
    status = run_cli("status", "--json", **env)
    assert status.code == 0 and json.loads(status.out)["total_sessions"] == 2


# ---- privacy --------------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_fresh_store_and_all_its_files_are_private_under_umask_022(
    data_dir: Path, tmp_path: Path
) -> None:
    def supple(*args: str, when: Any = NOW) -> None:
        subprocess.run(
            [sys.executable, "-m", "tracker", *args],
            env=cli_env(data_dir, when),
            preexec_fn=lambda: os.umask(0o022) and None,
            check=True,
            capture_output=True,
        )

    supple("done", "--date", "2026-11-24")
    supple("done")  # the second write of the day makes today's backup
    supple("status")
    export = tmp_path / "out.json"
    supple("export", "-o", str(export))
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "backups") == 0o700
    for path in [data_dir / "supple.json", data_dir / "supple.json.lock", export]:
        assert mode(path) == 0o600, path
    assert mode(data_dir / "status-summary.cache") == 0o600
    backups = list((data_dir / "backups").iterdir())
    assert backups and all(mode(b) == 0o600 for b in backups)
    # A stricter mode the user chose is kept by the next write; a looser one is not.
    (data_dir / "supple.json").chmod(0o400)
    supple("done", "--date", "2026-11-23")
    assert mode(data_dir / "supple.json") == 0o400
    (data_dir / "supple.json").chmod(0o644)
    supple("skip", "--date", "2026-11-26")
    assert mode(data_dir / "supple.json") == 0o600


def test_doctor_warns_about_a_store_others_can_read(run_cli: RunCli, data_dir: Path) -> None:
    Store(data_dir, FakeClock(NOW)).add_session(session("a", "2026-11-24"))
    assert "Privacy:" not in run_cli("doctor").out
    (data_dir / "supple.json").chmod(0o644)
    doctor = run_cli("doctor")
    assert "Privacy:        other users can read supple.json" in doctor.out
    assert "chmod -R go=" in doctor.out


# ---- control characters from the store ------------------------------------------------------


def test_printable_writes_control_characters_out() -> None:
    assert printable("plain text, ünïcode ✓") == "plain text, ünïcode ✓"
    shown = printable(ESCAPES)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert "\\x1b]0;pwned\\x07" in shown and "\\x1b[2J" in shown and "\\x9b31m" in shown
    assert printable("a\nb\tc") == "a\\x0ab\\x09c"
    assert printable("a\nb\tc\r", lines=True) == "a\nb\tc\\x0d"
    assert printable("\u202eevil") == "\\u202eevil"  # right-to-left override


def no_raw_controls(text: str, allowed: str = "\n") -> None:
    raw = [c for c in text if (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F) and c not in allowed]
    assert not raw, f"raw control characters reach the output: {raw!r}"


def test_a_note_with_escapes_never_reaches_the_terminal_raw(
    run_cli: RunCli, data_dir: Path, tmp_path: Path
) -> None:
    assert run_cli("done", "--note", ESCAPES).code == 0
    ics = run_cli("export", "--format", "ics")
    no_raw_controls(ics.out, allowed="\r\n")
    assert "\\x1b[2J" in ics.out.replace("\r\n ", "")
    exported = run_cli("export").out  # JSON: escaped, and the same note when read back
    no_raw_controls(exported)
    assert json.loads(exported)["sessions"][0]["note"] == ESCAPES
    # CSV shown on a terminal is made visible; written to a file it is the exact data.
    leader, follower = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "tracker", "export", "--format", "csv"],
        env=cli_env(data_dir),
        stdout=follower,
        stderr=subprocess.PIPE,
        check=True,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert proc.returncode == 0
    no_raw_controls(shown.decode(), allowed="\r\n")
    assert "\\x1b]0;pwned" in shown.decode()
    to_file = tmp_path / "out.csv"
    assert run_cli("export", "--format", "csv", "-o", str(to_file)).code == 0
    assert ESCAPES in to_file.read_bytes().decode()


def test_doctor_shows_a_stored_delivery_error_visibly(run_cli: RunCli, data_dir: Path) -> None:
    store = Store(data_dir, FakeClock(NOW))
    store.claim_reminder(date(2026, 11, 25), "09:00", "test")
    store.record_delivery(date(2026, 11, 25), "09:00", False, "notify-send", ESCAPES)
    doctor = run_cli("doctor")
    no_raw_controls(doctor.out)
    assert "Last failed reminder: 2026-11-25 09:00 - title\\x1b]0;pwned" in doctor.out


# ---- FIFOs, devices, long numbers and fields -------------------------------------------------


def test_a_fifo_as_the_store_is_refused_at_once(run_cli: RunCli, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    os.mkfifo(data_dir / "supple.json")
    for args in (("status",), ("done",), ("config", "list")):
        line = one_error(run_cli(*args))  # run_cli times out after 60 s if it hangs
        assert "named pipe" in line, args
    doctor = run_cli("doctor")
    assert doctor.code == 2 and "named pipe" in doctor.out


def test_a_link_to_dev_zero_as_the_store_is_refused(run_cli: RunCli, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "supple.json").symlink_to("/dev/zero")
    line = one_error(run_cli("status"))
    assert "a device" in line


def test_a_huge_store_file_is_refused_not_read(
    run_cli: RunCli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir.mkdir(parents=True)
    with open(data_dir / "supple.json", "wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: no disk used
    line = one_error(run_cli("status"))
    assert "larger than 64 MiB" in line


def test_importing_from_a_fifo_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    fifo = tmp_path / "in.json"
    os.mkfifo(fifo)
    line = one_error(run_cli("import", str(fifo)))
    assert "named pipe" in line and "nothing was imported" in line


def test_an_import_with_a_5000_digit_number_names_the_record(
    run_cli: RunCli, tmp_path: Path
) -> None:
    target = tmp_path / "big.json"
    good = json.dumps(session("ok", "2026-11-20"))
    bad = '{"id": "big", "date": "2026-11-21", "kind": "logged", "status": "complete", '
    bad += '"pain_before": ' + "7" * 5000 + "}"
    target.write_text('{"sessions": [' + good + ", " + bad + "]}")
    line = one_error(run_cli("import", str(target)))
    assert "record 2 (id big)" in line and "5000 digits" in line
    nested = tmp_path / "nested.json"
    exercises = '[{"exercise": "good-morning", "done_sets": ' + "1" * 5000 + "}]"
    nested.write_text(
        '{"sessions": [' + good[:-1] + ', "exercises": ' + exercises + "}]}",
    )
    assert "record 1 (id ok)" in one_error(run_cli("import", str(nested)))
    pain = one_error(run_cli("done", "--pain-before", "1" * 5000))
    assert "pain level" in pain


def test_an_import_with_a_csv_field_over_128_kib_names_the_record(
    run_cli: RunCli, tmp_path: Path
) -> None:
    target = tmp_path / "big.csv"
    rows = ["id,date,kind,status,note", "a,2026-11-20,logged,complete,fine"]
    rows.append("b,2026-11-21,logged,complete," + "x" * (129 * 1024))
    target.write_text("\n".join(rows) + "\n")
    line = one_error(run_cli("import", str(target)))
    assert "session record 2" in line and "longer than 128 KiB" in line


def test_a_deeply_nested_import_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "deep.json"
    target.write_text('{"sessions": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "nested too deeply" in one_error(run_cli("import", str(target)))


# ---- a clock set far ahead and back ---------------------------------------------------------


def test_a_clock_jump_ahead_and_back_does_not_resend_todays_reminder(data_dir: Path) -> None:
    sent: list[str] = []

    def send(title: str, body: str) -> Delivery:
        sent.append(body)
        return Delivery(True, "test", None, None)

    evening = NOW.replace(hour=18, minute=1)
    clock = FakeClock(evening)
    store = Store(data_dir, clock)
    store.set_setting("reminders", "18:00")
    for days_back in range(59, 0, -1):  # two months of claims, as a daemon leaves them
        store.claim_reminder(evening.date() - timedelta(days=days_back), "18:00", "old")
    assert check_and_notify(store, clock, "test", send) is not None
    store.clock = clock = FakeClock(evening + timedelta(days=90))  # the clock jumps ahead
    assert check_and_notify(store, clock, "test", send) is not None
    store.clock = clock = FakeClock(evening.replace(minute=2))  # and back
    assert check_and_notify(store, clock, "test", send) is None
    assert len(sent) == 2
    days = {r["date"] for r in store.load().reminders_sent}
    assert evening.date().isoformat() in days and len(days) == 60


# ---- a data folder that is a file ------------------------------------------------------------


def test_a_data_dir_that_is_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine")
    doctor = run_cli("--data-dir", str(not_a_folder), "doctor")
    assert doctor.code == 2 and "is a file, not a folder" in doctor.out
    assert "no store yet" not in doctor.out
    for args in (("status",), ("done",)):
        line = one_error(run_cli("--data-dir", str(not_a_folder), *args))
        assert "is a file, not a folder" in line
    assert not_a_folder.read_text() == "mine"
