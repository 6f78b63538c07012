"""Every read of an import is bounded in bytes, rows, cells and zip entries: a crafted file
(a zip bomb, a line of millions of commas, an endless stream, an encrypted or imploded zip)
is refused in one line with exit 2, within seconds and a fixed amount of memory, and the
store is left as it was.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import IO

import pytest

from tests.conftest import cli_env

# Behaviour that differs between Pythons (csv and NUL, zip, sqlite3): .ci/run runs these on
# the oldest and the newest Python too.
pytestmark = pytest.mark.every_python

MEMORY_LIMIT = 768 * 1024 * 1024  # address space: the interpreter and supple need about 250 MiB


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def supple_import(data_dir: Path, source: str, stdin: int | IO[bytes] | None = None) -> str:
    """`supple import SOURCE` under the memory limit; its one error line (exit 2 asserted)."""
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "tracker", "--data-dir", str(data_dir), "import", source],
        capture_output=True,
        text=True,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        env=cli_env(data_dir),
        preexec_fn=limited,
        timeout=120,
    )
    assert time.monotonic() - started < 30
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-500:])
    assert "Traceback" not in proc.stderr and "unexpected error" not in proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith("supple: import ") and line.endswith("; nothing was imported")
    assert not (data_dir / "supple.json").exists()  # nothing was written
    return line


def loop_zip(path: Path, checkmarks: bytes, extra_entries: int = 0) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("Checkmarks.csv", checkmarks)
        for number in range(extra_entries):
            archive.writestr(f"Habit {number}/Scores.csv", b"")
    return path


def patched_zip(path: Path, flags: int | None = None, method: int | None = None) -> Path:
    """A Loop zip whose Checkmarks.csv says it is encrypted (`flags`) or compressed with
    another method (`method`, 6 is implode), in both its local and its central header."""
    loop_zip(path, b"Date,Stretch\n2026-11-20,YES_MANUAL\n")
    raw = bytearray(path.read_bytes())
    local, central = raw.find(b"PK\x03\x04"), raw.find(b"PK\x01\x02")
    if flags is not None:
        raw[local + 6 : local + 8] = flags.to_bytes(2, "little")
        raw[central + 8 : central + 10] = flags.to_bytes(2, "little")
    if method is not None:
        raw[local + 8 : local + 10] = method.to_bytes(2, "little")
        raw[central + 10 : central + 12] = method.to_bytes(2, "little")
    path.write_bytes(bytes(raw))
    return path


HEADER = b"Date,Stretch\n"


def test_a_zip_bomb_of_commas_is_refused(tmp_path: Path) -> None:
    """60 MiB of commas unpack from about 60 KiB (it took 1 GiB)."""
    bomb = loop_zip(tmp_path / "Loop Habits CSV.zip", HEADER + b"," * (60 << 20))
    assert bomb.stat().st_size < 200_000
    line = supple_import(tmp_path / "data", str(bomb))
    assert "Checkmarks.csv unpacks to 60 MiB" in line


def test_a_line_of_millions_of_commas_within_the_size_bound_is_refused(tmp_path: Path) -> None:
    bomb = loop_zip(tmp_path / "loop.zip", HEADER + b"2026-11-20,YES_MANUAL" + b"," * (20 << 20))
    line = supple_import(tmp_path / "data", str(bomb))
    assert "line 2 is longer than 1 MiB" in line


def test_millions_of_cells_in_short_lines_are_refused(tmp_path: Path) -> None:
    row = b"2026-11-20,YES_MANUAL" + b"," * 40 + b"\n"
    plain = tmp_path / "Checkmarks.csv"
    plain.write_bytes(HEADER + row * 150_000)  # 6.3 million cells, 9 MB
    line = supple_import(tmp_path / "data", str(plain))
    assert "more than 200,000 rows or 4,000,000 cells" in line


def test_a_zip_of_more_entries_than_any_loop_export_is_refused(tmp_path: Path) -> None:
    many = loop_zip(tmp_path / "loop.zip", HEADER, extra_entries=10_001)
    line = supple_import(tmp_path / "data", str(many))
    assert "more than 10,000 files" in line


@pytest.mark.parametrize(
    ("patch", "words"),
    [
        ({"flags": 0x1}, "is encrypted"),
        ({"method": 6}, "compressed in a way supple does not unpack (method 6)"),
    ],
    ids=["encrypted", "imploded"],
)
def test_an_encrypted_or_imploded_zip_is_refused(
    tmp_path: Path, patch: dict[str, int], words: str
) -> None:
    line = supple_import(tmp_path / "data", str(patched_zip(tmp_path / "loop.zip", **patch)))
    assert words in line


def test_an_endless_stream_on_standard_input_is_refused(tmp_path: Path) -> None:
    """`yes 2026-11-20 | supple import -` grew to 2.9 GiB."""
    endless = subprocess.Popen(["yes", "2026-11-20"], stdout=subprocess.PIPE)
    try:
        line = supple_import(tmp_path / "data", "-", stdin=endless.stdout)
    finally:
        endless.kill()
        endless.wait()
        assert endless.stdout is not None
        endless.stdout.close()
    assert "standard input goes on past 32 MiB" in line


def test_dev_zero_on_standard_input_is_refused(tmp_path: Path) -> None:
    with open(os.devnull.replace("null", "zero"), "rb") as zero:
        line = supple_import(tmp_path / "data", "-", stdin=zero)
    assert "standard input goes on past 32 MiB" in line


def test_a_real_sized_history_still_imports(tmp_path: Path) -> None:
    """The bounds are far from real files: 150 habits every day since 2000 (1.4 million
    cells; Loop writes the newest day first)."""
    first = date(2000, 1, 1)
    days = [first + timedelta(days=n) for n in range((date(2026, 10, 1) - first).days)]
    names = ",".join(["Stretch"] + [f"Habit {n}" for n in range(149)])
    text = io.StringIO()
    text.write(f"Date,{names}\n")
    for day in reversed(days):
        text.write(day.isoformat() + ",YES_MANUAL" + ",NO" * 149 + "\n")
    plain = tmp_path / "Checkmarks.csv"
    plain.write_text(text.getvalue())
    proc = subprocess.run(
        [sys.executable, "-m", "tracker", "import", str(plain), "--habit", "Stretch"],
        capture_output=True,
        text=True,
        env=cli_env(tmp_path / "data"),
        preexec_fn=limited,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"{len(days)} new sessions" in proc.stdout, proc.stdout
