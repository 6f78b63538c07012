"""`supple sync` end to end: two data folders sharing one sync folder, through the real
command line (each command a process of its own, as a user runs them)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import NOW, cli_env
from tests.store.conftest import as_ordinary_user, file_size_limit
from tracker.core.clock import FakeClock
from tracker.store.changes import DeleteSession
from tracker.sync.synced_store import SyncedStore


class Result:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code, self.out, self.err = proc.returncode, proc.stdout, proc.stderr

    def json(self) -> Any:
        return json.loads(self.out)


def supple(
    data: Path,
    *args: str,
    now: datetime = NOW,
    preexec: Callable[[], None] | None = None,
) -> Result:
    proc = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        capture_output=True,
        text=True,
        env=cli_env(data, now),
        preexec_fn=preexec,
        timeout=60,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return Result(proc)


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    return result


def one_line(result: Result, code: int = 2) -> str:
    assert result.code == code, (result.code, result.out, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("supple: "), result.err
    return lines[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shared = tmp_path / "Sync" / "supple"
    shared.mkdir(parents=True)
    return shared


@pytest.fixture
def a(tmp_path: Path) -> Path:
    return tmp_path / "a"


@pytest.fixture
def b(tmp_path: Path) -> Path:
    return tmp_path / "b"


def sessions(data: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = ok(supple(data, "export")).json()["sessions"]
    return found


def test_two_devices_end_with_the_union_of_their_changes(a: Path, b: Path, folder: Path) -> None:
    ok(supple(a, "done", "--note", "on a"))
    ok(supple(a, "config", "set", "rest", "45"))
    turned = ok(supple(a, "sync", "--folder", str(folder)))
    assert "Sync is on" in turned.out and "2 sent out" in turned.out
    ok(supple(b, "done", "--date", "2026-11-24", "--note", "on b"))
    ok(supple(b, "skip", "--date", "2026-11-26", "--reason", "travel"))
    ok(supple(b, "sync", "--folder", str(folder)))
    ok(supple(a, "sync"))  # merge now
    for data in (a, b):
        status = ok(supple(data, "status", "--json")).json()
        assert status["total_sessions"] == 2 and status["current_streak"] == 2
        assert sorted(s["note"] for s in sessions(data)) == ["on a", "on b"]
        assert ok(supple(data, "config", "get", "rest")).out.strip() == "45"
        exported = ok(supple(data, "export")).json()
        assert [m["date"] for m in exported["marks"]] == ["2026-11-26"]


def test_a_status_shown_before_sees_the_other_devices_change_after(
    a: Path, b: Path, folder: Path
) -> None:
    ok(supple(a, "sync", "--folder", str(folder)))
    ok(supple(b, "sync", "--folder", str(folder)))
    assert "not done yet" in ok(supple(a, "status")).out  # saved for the next call
    assert "not done yet" in ok(supple(a, "status")).out  # (and answered from it)
    ok(supple(b, "done"))
    assert "Today (2026-11-25): done" in ok(supple(a, "status")).out
    assert ok(supple(a, "status", "--json")).json()["today_done"] is True


def test_no_saved_figure_is_stale_once_another_devices_entries_arrive(
    a: Path, b: Path, folder: Path
) -> None:
    for data in (a, b):
        ok(supple(data, "sync", "--folder", str(folder)))
    ok(supple(a, "done", "--date", "2026-11-24"))
    for _ in range(2):  # worked out and saved (output and summary), then answered from them
        before = ok(supple(a, "status", "--json")).json()
    assert before["current_streak"] == 1 and before["fingertip_cm"] is None
    ok(supple(b, "done", "--date", "2026-11-23"))
    ok(supple(b, "measure", "fingertip", "12"))
    for _ in range(2):
        after = ok(supple(a, "status", "--json")).json()
        assert after["current_streak"] == 2 and after["total_sessions"] == 2
        assert after["fingertip_cm"]["latest"] == 12.0
    assert "Current streak: 2 days" in ok(supple(a, "status")).out
    ok(supple(b, "skip", "--date", "2026-11-22", "--reason", "travel"))
    ok(supple(b, "done", "--date", "2026-11-21"))
    # `done` prints the streak from the summary its write leaves: b's days are in it
    assert "Current streak: 4" in ok(supple(a, "done")).out
    assert ok(supple(b, "status", "--json")).json()["current_streak"] == 4


def test_a_deletion_and_an_undo_on_one_device_reach_the_other(
    a: Path, b: Path, folder: Path
) -> None:
    for data in (a, b):
        ok(supple(data, "sync", "--folder", str(folder)))
    ok(supple(a, "done", "--note", "kept"))
    ok(supple(a, "skip", "--date", "2026-11-27"))
    assert len(sessions(b)) == 1
    # The calendar deletes a session (and `u` undoes it) with these same change objects.
    store = SyncedStore(a, FakeClock(NOW + timedelta(minutes=1)))
    undo = DeleteSession(sessions(a)[0]["id"]).apply(store).undo
    ok(supple(a, "skip", "--date", "2026-11-27", "--clear"))
    assert sessions(b) == []
    assert ok(supple(b, "export")).json()["marks"] == []
    assert undo is not None
    store.clock = FakeClock(NOW + timedelta(minutes=2))
    undo.apply(store)
    assert [s["note"] for s in sessions(b)] == ["kept"]


def test_the_same_setting_changed_on_both_takes_the_later_change_everywhere(
    a: Path, b: Path, folder: Path
) -> None:
    for data in (a, b):
        ok(supple(data, "sync", "--folder", str(folder)))
    # Both change it while apart (b's folder is away: its change waits), b a minute later
    # by the clocks, though a's change is made after it here.
    away = folder.with_name("away")
    folder.rename(away)
    ok(supple(b, "config", "set", "rest", "60", now=NOW + timedelta(minutes=1)))
    away.rename(folder)
    ok(supple(a, "config", "set", "rest", "50", now=NOW))
    assert "1 sent out" in ok(supple(b, "sync")).out  # b's change goes out when it is back
    for data in (a, b):
        assert ok(supple(data, "config", "get", "rest")).out.strip() == "60"
    # Changed again after seeing that, on the device whose clock is behind: that wins.
    ok(supple(a, "config", "set", "rest", "55", now=NOW))
    for data in (a, b):
        assert ok(supple(data, "config", "get", "rest")).out.strip() == "55"


def test_the_theme_and_the_folder_itself_stay_on_each_device(
    a: Path, b: Path, folder: Path, tmp_path: Path
) -> None:
    ok(supple(a, "sync", "--folder", str(folder)))
    link = tmp_path / "elsewhere"
    link.symlink_to(folder)  # the same folder under another path on b
    ok(supple(b, "sync", "--folder", str(link)))
    ok(supple(a, "config", "set", "theme", "nord"))
    ok(supple(b, "sync"))
    assert ok(supple(b, "config", "get", "theme")).out.strip() == "textual-dark"
    assert ok(supple(b, "config", "get", "sync-folder")).out.strip() == str(link)
    assert ok(supple(a, "config", "get", "sync-folder")).out.strip() == str(folder)


# ---- status, doctor, problems --------------------------------------------------------------


def test_sync_status_lists_the_devices_and_the_last_change_of_each(
    a: Path, b: Path, folder: Path
) -> None:
    assert ok(supple(a, "sync", "--status")).out.startswith("Sync: off")
    ok(supple(a, "sync", "--folder", str(folder)))
    ok(supple(a, "done"))
    ok(supple(b, "sync", "--folder", str(folder)))
    found = ok(supple(b, "sync", "--status", "--json")).json()
    assert found["sync"] == "on" and found["folder"] == str(folder) and found["problems"] == []
    rows = {row["this_device"]: row for row in found["devices"]}
    assert rows[False]["changes"] == 1 and rows[False]["last_change"].startswith("2026-11-25T08:30")
    assert rows[True]["changes"] == 0 and rows[True]["last_change"] is None
    shown = ok(supple(b, "sync", "--status")).out
    assert "(this device)" in shown and "1 change, last 2026-11-25T08:30" in shown
    assert "(this device): no changes yet" in shown


def test_a_log_from_a_newer_supple_is_one_line_naming_the_device(
    a: Path, b: Path, folder: Path
) -> None:
    ok(supple(a, "sync", "--folder", str(folder)))
    ok(supple(a, "done"))
    ok(supple(b, "sync", "--folder", str(folder)))
    device = (a / "sync" / "device").read_text().strip()
    info = folder / "devices" / device / "device.json"
    info.write_text(json.dumps({"format": 2, "device": device, "name": "desktop"}))
    with open(folder / "devices" / device / "2026-11.jsonl", "a", encoding="utf-8") as log:
        line = {"v": 2, "id": "n", "device": device, "hlc": [1, 0], "future": 1}
        log.write(json.dumps(line) + "\n")
    merged = ok(supple(b, "sync"))
    problems = [line for line in merged.out.splitlines() if line.startswith("Problem:")]
    assert len(problems) == 1 and "'desktop'" in problems[0] and "newer supple" in problems[0]
    assert ok(supple(b, "status", "--json")).json()["total_sessions"] == 1  # the rest merged
    shown = ok(supple(b, "sync", "--status")).out
    assert sum("'desktop'" in line for line in shown.splitlines()) == 1


def test_a_folder_that_disappears_pauses_sync_and_the_changes_go_out_on_its_return(
    a: Path, b: Path, folder: Path
) -> None:
    for data in (a, b):
        ok(supple(data, "sync", "--folder", str(folder)))
    away = folder.with_name("unmounted")
    folder.rename(away)
    done = ok(supple(a, "done"))  # saved here all the same
    assert "Logged today" in done.out
    status = ok(supple(a, "status")).out
    paused = [line for line in status.splitlines() if line.startswith("Sync paused")]
    assert len(paused) == 1 and str(folder) in paused[0]
    assert ok(supple(a, "status")).out == status  # the same, from the saved output
    doctor = supple(a, "doctor")
    assert doctor.code == 1
    assert sum(line.startswith("Sync:           PAUSED") for line in doctor.out.splitlines()) == 1
    assert "(1 so far)" in doctor.out
    away.rename(folder)
    assert "Sync paused" not in ok(supple(a, "status")).out  # the status merges: it goes out
    assert ok(supple(b, "status", "--json")).json()["today_done"] is True
    assert "Sync:           on" in ok(supple(a, "doctor")).out


def test_merging_now_when_sync_is_off_or_paused_is_one_line(a: Path, folder: Path) -> None:
    line = one_line(supple(a, "sync"), 1)
    assert "sync is off" in line and "--folder" in line
    ok(supple(a, "sync", "--folder", str(folder)))
    folder.rename(folder.with_name("away"))
    line = one_line(supple(a, "sync"), 1)
    assert "paused" in line and str(folder) in line


def test_sync_off_stops_and_changes_made_meanwhile_go_out_when_it_is_on_again(
    a: Path, b: Path, folder: Path
) -> None:
    for data in (a, b):
        ok(supple(data, "sync", "--folder", str(folder)))
    assert "Sync is off" in ok(supple(a, "sync", "--off")).out
    assert ok(supple(a, "config", "get", "sync-folder")).out.strip() == ""
    ok(supple(a, "done", "--note", "while off"))
    assert sessions(b) == []
    ok(supple(a, "config", "set", "sync-folder", str(folder)))  # the same as sync --folder
    assert [s["note"] for s in sessions(b)] == ["while off"]


# ---- bad input -----------------------------------------------------------------------------


def unchanged(data: Path) -> Callable[[], None]:
    """A check that nothing in `data` changed (the store's bytes, no sync folder made)."""
    before = (data / "supple.json").read_bytes()

    def check() -> None:
        assert (data / "supple.json").read_bytes() == before
        assert not (data / "sync").exists()
        assert ok(supple(data, "config", "get", "sync-folder")).out.strip() == ""

    return check


@pytest.mark.parametrize("command", [("sync", "--folder"), ("config", "set", "sync-folder")])
def test_a_folder_that_is_a_file_or_the_data_folder_is_refused(
    a: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    ok(supple(a, "done"))
    check = unchanged(a)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    assert "is a file, not a folder" in one_line(supple(a, *command, str(a_file)))
    assert "supple's data folder" in one_line(supple(a, *command, str(a)))
    (a / "inside").mkdir()
    assert "inside it" in one_line(supple(a, *command, str(a / "inside")))
    assert "holds supple's data folder" in one_line(supple(a, *command, str(tmp_path)))
    assert "does not exist" in one_line(supple(a, *command, str(tmp_path / "nowhere")))
    check()
    assert a_file.read_text() == "mine"


def test_a_bad_folder_while_sync_is_on_leaves_it_on_where_it_was(
    a: Path, folder: Path, tmp_path: Path
) -> None:
    ok(supple(a, "sync", "--folder", str(folder)))
    ok(supple(a, "done"))
    before = (a / "supple.json").read_bytes()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    for wrong in (a_file, a, a / "sync"):
        assert str(wrong) in one_line(supple(a, "sync", "--folder", str(wrong)))
        assert (a / "supple.json").read_bytes() == before
        assert ok(supple(a, "config", "get", "sync-folder")).out.strip() == str(folder)
    assert ok(supple(a, "sync", "--status", "--json")).json()["folder"] == str(folder)
    assert a_file.read_text() == "mine" and not (a / "devices").exists()


def test_a_folder_that_cannot_be_written_is_refused(a: Path, tmp_path: Path) -> None:
    ok(supple(a, "done"))
    check = unchanged(a)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        line = one_line(supple(a, "sync", "--folder", str(locked), preexec=as_ordinary_user))
    finally:
        locked.chmod(0o700)
    assert "is not writable (Permission denied)" in line and "nothing was changed" in line
    check()
    assert list(locked.iterdir()) == []


def test_the_log_is_taken_back_when_the_store_cannot_be_written(a: Path, folder: Path) -> None:
    ok(supple(a, "sync", "--folder", str(folder)))
    # The store holds more than the log (reminder records stay on each device and are not
    # logged), so the store can be kept from growing while the log still can.
    store = SyncedStore(a, FakeClock(NOW))
    for day in range(60):
        store.claim_reminder(NOW.date() - timedelta(days=day), "18:00", "test")
    log = a / "sync" / "log" / "2026-11.jsonl"
    logged = log.read_bytes() if log.exists() else b""
    size = (a / "supple.json").stat().st_size
    assert size > len(logged) + 2000
    result = supple(a, "done", "--note", "x" * 1500, preexec=file_size_limit(size))
    assert "File too large" in one_line(result, 1)
    assert (log.read_bytes() if log.exists() else b"") == logged
    assert ok(supple(a, "sync", "--status", "--json")).json()["waiting"] == 0


def test_a_folder_emptied_on_purpose_is_filled_again_by_turning_sync_on_again(
    a: Path, folder: Path
) -> None:
    ok(supple(a, "done"))
    ok(supple(a, "sync", "--folder", str(folder)))
    shutil.rmtree(folder / "devices")
    paused = [line for line in ok(supple(a, "status")).out.splitlines() if "Sync paused" in line]
    assert len(paused) == 1 and "has no devices/ folder" in paused[0]
    again = ok(supple(a, "sync", "--folder", str(folder)))
    assert "1 sent out" in again.out
    assert len(list((folder / "devices").glob("*/2026-11.jsonl"))) == 1
