"""The caches beside the store never make a command print a wrong figure, wait, or take
hundreds of MiB (issue 26 item 7): whatever stands in their place (an edited file whose byte
sum is kept, a FIFO, a symlink to /dev/zero, 22 crafted bytes) is a miss, and the temp files
of killed cache and backup writes are removed by the next write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import NOW, cli_env
from tracker.cli import status_output_cache
from tracker.core.clock import FakeClock
from tracker.store.database import Store
from tracker.store.summary_cache import SUMMARY_NAME, sealed

OUTPUT = status_output_cache.NAME
READERS: tuple[tuple[str, ...], ...] = (
    ("status",),
    ("status", "--json"),
    ("config", "list"),
    ("config", "get", "rest"),
    ("tutorial", "--print"),
)


def supple(data_dir: Path, *args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        capture_output=True,
        text=True,
        env=cli_env(data_dir),
        timeout=timeout,  # a command that waits on a FIFO fails the test here
        check=False,
    )


@pytest.fixture
def month(data_dir: Path) -> Path:
    """A store with a month of sessions (14 days in a row up to yesterday), written by
    supple, and the two caches a status leaves."""
    store = Store(data_dir, FakeClock(NOW))
    today = NOW.date()
    for n in range(1, 31):
        if n <= 12 or n % 3:
            day = today.fromordinal(today.toordinal() - n).isoformat()
            store.add_session({"id": f"s{n}", "date": day, "kind": "logged", "status": "complete"})
    store.set_setting("rest", 45)
    time.sleep(status_output_cache.RACY_NS / 1e9 + 0.05)
    assert supple(data_dir, "status").returncode == 0  # leaves its output
    assert (data_dir / OUTPUT).is_file() and (data_dir / SUMMARY_NAME).is_file()
    return data_dir


def expected_outputs(folder: Path) -> dict[tuple[str, ...], str]:
    """What each reader prints, worked out from the store alone (no cache there)."""
    saved = {name: (folder / name).read_bytes() for name in (OUTPUT, SUMMARY_NAME)}
    outputs: dict[tuple[str, ...], str] = {}
    for args in READERS:
        for name in saved:
            (folder / name).unlink(missing_ok=True)
        result = supple(folder, *args)
        assert result.returncode == 0 and result.stderr == "", (args, result.stderr)
        outputs[args] = result.stdout
    for name, data in saved.items():
        (folder / name).unlink(missing_ok=True)
        (folder / name).write_bytes(data)
    return outputs


def test_an_output_cache_edited_with_its_byte_sum_kept_is_a_miss(month: Path) -> None:
    right = supple(month, "status").stdout
    assert "Current streak: 14 days" in right
    cache = month / OUTPUT
    raw = cache.read_bytes()
    edited = raw.replace(b"Current streak: 14 days", b"Current streak: 41 days")
    assert edited != raw and sum(edited) == sum(raw) and len(edited) == len(raw)
    cache.write_bytes(edited)
    assert supple(month, "status").stdout == right


def test_an_output_cache_resealed_for_another_store_is_a_miss(month: Path) -> None:
    right = supple(month, "status", "--json").stdout
    cache = month / OUTPUT
    body = cache.read_bytes().partition(b"\n")[2]
    forged = body.replace(b'"current_streak": 14', b'"current_streak": 99')
    assert forged != body
    cache.write_bytes(sealed(forged))  # a real seal: what it names is still checked
    assert json.loads(supple(month, "status", "--json").stdout)["current_streak"] in (14, 99)
    # ...and the key still has to match this store: changed, the forged figure is gone.
    Store(month, FakeClock(NOW)).set_setting("rest", 50)
    time.sleep(status_output_cache.RACY_NS / 1e9 + 0.05)
    assert json.loads(supple(month, "status", "--json").stdout)["current_streak"] == 14
    assert json.loads(right)["current_streak"] == 14


@pytest.mark.parametrize("which", [SUMMARY_NAME, OUTPUT])
@pytest.mark.parametrize("what", ["fifo", "dev-zero", "folder"])
def test_a_cache_that_is_no_regular_file_is_ignored(month: Path, which: str, what: str) -> None:
    expected = expected_outputs(month)
    for args in READERS:
        for name in (OUTPUT, SUMMARY_NAME):  # the other cache as a miss would leave it
            path = month / name
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        target = month / which
        if what == "fifo":
            os.mkfifo(target)
        elif what == "dev-zero":
            target.symlink_to("/dev/zero")
        else:
            target.mkdir()
        result = supple(month, *args, timeout=15)
        assert (result.returncode, result.stderr) == (0, ""), (args, result.stderr)
        assert result.stdout == expected[args], args
    assert json.loads(supple(month, "status", "--json").stdout)["total_sessions"] == 24


def test_a_crafted_summary_cannot_make_status_take_hundreds_of_mib(month: Path) -> None:
    """22 bytes: a marshalled tuple that claims 2**26 items (marshal makes room for them all,
    and clears it, before it finds they are not there: 512 MiB), behind a good CRC-32."""
    (month / OUTPUT).unlink()
    crafted = sealed(b"(" + (1 << 26).to_bytes(4, "little") + b"N" * 8)
    assert len(crafted) == 22
    (month / SUMMARY_NAME).write_bytes(crafted)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker", "status"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=cli_env(month),
    )
    assert proc.stdout is not None
    out = proc.stdout.read()  # small: no pipe fills up
    # The child's own peak memory: wait4 on it alone (RUSAGE_CHILDREN is any child's peak).
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0
    assert b"Current streak: 14 days" in out
    peak_mib = usage.ru_maxrss / 1024
    assert peak_mib < 150, f"status took {peak_mib:.0f} MiB"


def test_leftover_temp_files_are_removed_by_the_next_write(month: Path) -> None:
    """Killed writes of the summary, the saved output and a daily backup left their temp
    files (named as the writers name them); the next writes remove them."""
    backups = month / "backups"
    leftovers = [
        month / f".{SUMMARY_NAME}.4242.0badf00d.tmp",
        month / f".{OUTPUT}.4242.0badf00d.tmp",
        backups / ".supple-2026-11-20.json.4242.0badf00d.tmp",
    ]
    for path in leftovers:
        path.write_bytes(b"half a write")
    (month / OUTPUT).unlink()
    (month / SUMMARY_NAME).unlink()
    assert supple(month, "status").returncode == 0  # writes the summary and the output
    assert supple(month, "done").returncode == 0  # a change: writes the store
    assert [p for p in leftovers if p.exists()] == []
    assert sorted(p.name for p in month.glob(".*.tmp")) == []
