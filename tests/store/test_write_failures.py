"""A change that cannot be saved: one line and exit 1, the store as it was, the errno kept.

Real failures only: a full tmpfs (ENOSPC), a read-only bind mount (EROFS), a folder without
write permission (EACCES), a file size limit (EFBIG), a symbolic link planted as the lock
(ELOOP), and the lock held by another process.
"""

from __future__ import annotations

import errno
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import NOW, cli_env
from tests.store.conftest import as_ordinary_user, file_size_limit, fill
from tracker.cli import main as cli
from tracker.core.clock import FakeClock
from tracker.store import database, storage
from tracker.store.database import Store
from tracker.store.errors import StoreBusyError, StoreError, StoreWriteError


def session(sid: str, day: str = "2026-11-24", note: str = "") -> dict[str, object]:
    return {"id": sid, "date": day, "kind": "logged", "status": "complete", "note": note}


class Result:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code, self.out, self.err = proc.returncode, proc.stdout, proc.stderr


def supple(data_dir: Path, *args: str, preexec: Callable[[], None] | None = None) -> Result:
    proc = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        capture_output=True,
        text=True,
        env=cli_env(data_dir),
        preexec_fn=preexec,
        timeout=60,
    )
    return Result(proc)


def one_line(result: Result, code: int = 1) -> str:
    assert result.code == code, f"exit {result.code}: {result.err!r}"
    assert "Traceback" not in result.out + result.err
    assert "unexpected error" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("supple: "), result.err
    return lines[0]


def seeded(data_dir: Path) -> Store:
    store = Store(data_dir, FakeClock(NOW))
    store.add_session(session("a", "2026-11-23", note="a note only the store holds"))
    store.add_session(session("b"))
    return store


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


# ---- a full disk ----------------------------------------------------------------------------


def test_a_full_disk_is_a_write_error_and_the_same_change_saves_once_there_is_room(
    small_disk: Path,
) -> None:
    store = seeded(small_disk / "data")
    before = store.path.read_bytes()
    filler = fill(small_disk)
    with pytest.raises(StoreWriteError) as caught:
        store.add_session(session("c", "2026-11-25"))
    error = caught.value
    assert error.errno == errno.ENOSPC and error.exit_code == 1
    assert "free some space" in str(error) and "nothing was changed" in str(error)
    assert "note only the store holds" not in str(error)
    assert store.path.read_bytes() == before
    assert leftovers(small_disk / "data") == []
    assert [s["id"] for s in store.load().sessions] == ["a", "b"]
    filler.unlink()
    store.add_session(session("c", "2026-11-25"))  # the retry the app offers
    assert [s["id"] for s in Store(store.data_dir).load().sessions] == ["a", "b", "c"]


def test_the_shell_on_a_full_disk_says_so_in_one_line(small_disk: Path) -> None:
    store = seeded(small_disk / "data")
    before = store.path.read_bytes()
    fill(small_disk)
    for args in (("done",), ("config", "set", "rest", "20"), ("skip", "--date", "2026-11-26")):
        line = one_line(supple(store.data_dir, *args))
        assert "No space left on device" in line and "free some space" in line, args
    assert store.path.read_bytes() == before
    doctor = supple(store.data_dir, "doctor")
    assert doctor.code == 1
    assert "Saving:         NOT POSSIBLE" in doctor.out and "free some space" in doctor.out
    assert "Store health:   ok" in doctor.out  # reading still works


def test_the_first_write_of_a_day_fails_alike_when_the_backup_does_not_fit(
    small_disk: Path,
) -> None:
    store = seeded(small_disk / "data")
    fill(small_disk)
    tomorrow = Store(store.data_dir, FakeClock(NOW.replace(day=26)))  # a new daily backup
    with pytest.raises(StoreWriteError) as caught:
        tomorrow.add_session(session("c", "2026-11-26"))
    assert caught.value.errno == errno.ENOSPC
    assert [p.name for p in store.daily_backups()] == ["supple-2026-11-25.json"]


def test_a_file_size_limit_is_a_write_error_too(data_dir: Path) -> None:
    """The same path without a mount, for any user: the kernel refuses to grow the file."""
    store = seeded(data_dir)
    before = store.path.read_bytes()
    result = supple(data_dir, "done", "--note", "x" * 1500, preexec=file_size_limit(len(before)))
    line = one_line(result)
    assert "File too large" in line and "nothing was changed" in line
    assert store.path.read_bytes() == before
    assert leftovers(data_dir) == []


# ---- no permission, read-only ---------------------------------------------------------------


def test_a_folder_without_write_permission(data_dir: Path) -> None:
    store = seeded(data_dir)
    before = store.path.read_bytes()
    data_dir.chmod(0o500)
    try:
        line = one_line(supple(data_dir, "done", preexec=as_ordinary_user))
        assert "Permission denied" in line and "--data-dir" in line
        probe = (
            "from pathlib import Path\n"
            "from tracker.store.database import Store\n"
            "from tracker.store.errors import StoreWriteError\n"
            "try:\n"
            f"    Store(Path({str(data_dir)!r})).set_setting('rest', 20)\n"
            "except StoreWriteError as error:\n"
            "    print(error.errno, error.exit_code)\n"
        )
        kept = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            preexec_fn=as_ordinary_user,
            check=True,
        )
        assert kept.stdout.split() == [str(errno.EACCES), "1"]
        doctor = supple(data_dir, "doctor", preexec=as_ordinary_user)
        assert doctor.code == 1 and "Saving:         NOT POSSIBLE" in doctor.out
        assert "Permission denied" in doctor.out
    finally:
        data_dir.chmod(0o700)
    assert store.path.read_bytes() == before


def test_a_read_only_file_system(data_dir: Path, read_only: Callable[[Path], None]) -> None:
    store = seeded(data_dir)
    before = store.path.read_bytes()
    read_only(data_dir)
    line = one_line(supple(data_dir, "done"))
    assert "Read-only file system" in line and "--data-dir" in line
    status = supple(data_dir, "status", "--json")  # reading still works
    assert status.code == 0 and '"total_sessions": 2' in status.out
    doctor = supple(data_dir, "doctor")
    assert doctor.code == 1 and "Read-only file system" in doctor.out
    assert store.path.read_bytes() == before


# ---- the lock -------------------------------------------------------------------------------


def test_a_symbolic_link_planted_as_the_lock_is_not_followed(
    data_dir: Path, tmp_path: Path
) -> None:
    store = seeded(data_dir)
    before = store.path.read_bytes()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    store.lock_path.unlink()
    store.lock_path.symlink_to(victim)
    line = one_line(supple(data_dir, "done"))
    assert "symbolic link" in line
    assert victim.read_text() == "keep me"
    assert store.path.read_bytes() == before
    doctor = supple(data_dir, "doctor")
    assert doctor.code == 1 and "Lock file:" in doctor.out and "symbolic link" in doctor.out


HOLD_LOCK = """
import sys, time
from pathlib import Path
from tracker.store.lock import FileLock
with FileLock(Path(sys.argv[1]), 5):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_lock_held_too_long_is_a_busy_write_error(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = seeded(data_dir)
    before = store.path.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(store.lock_path), "30"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        store.lock_timeout = 0.3
        began = time.monotonic()
        with pytest.raises(StoreBusyError) as caught:
            store.add_session(session("c"))
        assert 0.3 <= time.monotonic() - began < 5
        assert isinstance(caught.value, StoreWriteError) and caught.value.exit_code == 1
        assert caught.value.errno is None
        # The shell's mapping of the same error (its timeout shortened, not 15 s).
        monkeypatch.setattr(database, "LOCK_TIMEOUT_S", 0.3)
        monkeypatch.setenv("SUPPLE_NOW", NOW.isoformat())
        code = cli.main(["--data-dir", str(data_dir), "done"])
        err = capsys.readouterr().err
        assert code == 1 and err.count("\n") == 1
        assert "held the lock" in err and "try again" in err
    finally:
        holder.kill()
        holder.wait()
    assert store.path.read_bytes() == before
    store.add_session(session("c"))  # the holder is gone: the kernel released its lock
    assert len(store.load().sessions) == 3


def test_a_killed_holder_never_leaves_the_store_locked(data_dir: Path) -> None:
    store = seeded(data_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(store.lock_path), "30"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    holder.kill()
    holder.wait()
    store.lock_timeout = 1.0
    store.add_session(session("c"))
    assert len(store.load().sessions) == 3


# ---- one change, written whole or not at all -------------------------------------------------


def test_an_import_is_one_write_so_a_failure_leaves_nothing_half_done(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = seeded(small_disk / "data")
    writes: list[Path] = []
    real = storage.write_atomically

    def counted(
        path: Path, payload: bytes, durable: bool = True, follow_link: bool = False
    ) -> None:
        writes.append(path)
        real(path, payload, durable, follow_link)

    monkeypatch.setattr(storage, "write_atomically", counted)
    records = (
        [session("n1"), {**session("a", "2026-11-23"), "note": "changed"}],
        [{"date": "2026-11-22", "kind": "skip", "reason": None}],
        {"rest": 20},
    )
    store.import_records(*records)
    assert writes.count(store.path) == 1, "sessions, marks and settings go out in one write"
    store.path.write_bytes(before := Store(store.data_dir).path.read_bytes())
    fill(small_disk)
    with pytest.raises(StoreWriteError):
        Store(store.data_dir).import_records([session("n2")], [], {"rest": 25})
    assert store.path.read_bytes() == before


def test_a_store_error_in_a_change_is_still_exit_2_not_a_write_error(data_dir: Path) -> None:
    store = seeded(data_dir)
    store.path.write_bytes(b"{")
    with pytest.raises(StoreError) as caught:
        store.add_session(session("c"))
    assert not isinstance(caught.value, StoreWriteError) and caught.value.exit_code == 2
