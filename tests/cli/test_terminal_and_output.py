"""The shell as it really is: no terminal at all, a full disk, a terminal that is not UTF-8.

Every case runs the real command as a subprocess and expects one plain `supple: ` line.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NOW, cli_env

APP_COMMANDS = [[], ["session"], ["tutorial"], ["calendar"]]


def run(
    args: list[str], data_dir: Path, stdin: int | None = subprocess.DEVNULL, **extra: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        stdin=stdin,
        capture_output=True,
        env=cli_env(data_dir, NOW, **extra),
        timeout=10,  # a hang fails here; the app would wait for keys forever
    )


def one_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8")
    lines = text.splitlines()
    assert len(lines) == 1 and lines[0].startswith("supple: "), text
    return lines[0]


@pytest.mark.parametrize("args", APP_COMMANDS, ids=lambda a: " ".join(["supple", *a]))
def test_the_app_without_a_terminal_says_so_and_exits_2(args: list[str], data_dir: Path) -> None:
    done = run(args, data_dir)  # stdin from /dev/null, stdout a pipe
    assert done.returncode == 2
    line = one_line(done.stderr)
    assert "needs a terminal" in line and "stdin" in line
    assert b"\x1b" not in done.stdout + done.stderr  # no escape codes anywhere
    assert done.stdout == b""
    assert not (data_dir / "supple.json").exists()


def test_a_terminal_for_input_but_a_pipe_for_output_is_refused_too(data_dir: Path) -> None:
    master, slave = pty.openpty()
    try:
        done = run(["calendar"], data_dir, stdin=slave)
    finally:
        os.close(slave)
        os.close(master)
    assert done.returncode == 2
    assert "stdout is not one" in one_line(done.stderr)
    assert b"\x1b" not in done.stdout + done.stderr


def test_tutorial_print_still_works_without_a_terminal(data_dir: Path) -> None:
    done = run(["tutorial", "--print"], data_dir)
    assert done.returncode == 0, done.stderr
    assert b"Page 1 of 5" in done.stdout


@pytest.mark.parametrize(
    "args",
    [["status"], ["status", "--json"], ["config", "list"], ["export"], ["--help"], ["done", "-h"]],
    ids=" ".join,
)
def test_a_full_disk_on_stdout_is_exit_1_with_a_plain_line(args: list[str], data_dir: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "tracker", *args],
            stdin=subprocess.DEVNULL,
            stdout=full,
            stderr=subprocess.PIPE,
            env=cli_env(data_dir, NOW),
            timeout=30,
        )
    assert done.returncode == 1
    line = one_line(done.stderr)
    assert "cannot write the output (No space left on device)" in line
    assert "unexpected" not in line


def test_a_closed_pipe_is_quiet(data_dir: Path, tmp_path: Path) -> None:
    for day in range(1, 20):
        assert run(["done", "--date", f"2026-11-{day:02d}"], data_dir).returncode == 0
    shell = f"{sys.executable} -m tracker export | head -c 1"
    done = subprocess.run(
        ["bash", "-c", f'{shell}; echo "${{PIPESTATUS[0]}}" >&2'],
        capture_output=True,
        env=cli_env(data_dir, NOW),
        timeout=30,
    )
    assert done.stdout == b"{"
    assert done.stderr.decode().strip() == "0"


def test_export_writes_utf8_whatever_the_terminal_encoding(data_dir: Path) -> None:
    assert run(["done", "--note", "Hüfte gelockert ✓"], data_dir).returncode == 0
    for fmt in ("json", "csv", "ics"):
        done = run(["export", "--format", fmt], data_dir, PYTHONIOENCODING="ascii")
        assert done.returncode == 0, done.stderr
        assert "Hüfte gelockert ✓" in done.stdout.decode("utf-8")


def test_a_terminal_that_cannot_show_the_output_is_exit_1_with_a_plain_line(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "Dätä"
    done = run(["doctor"], folder, PYTHONIOENCODING="ascii")
    assert done.returncode == 1
    line = one_line(done.stderr)
    assert "encoding (ascii) cannot show the output" in line
    assert "UTF-8" in line
