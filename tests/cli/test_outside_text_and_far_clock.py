"""Text from outside reaches the terminal printable, everywhere, errors included: a data
folder's name, an import file's name, bad argument values, what `doctor` reports, and an
export shown on a terminal. Text that is not text (a lone surrogate in an import, bytes that
are not UTF-8 in an argument) is one line. And two small ones: an empty --data-dir, and a
clock at year 9999.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.conftest import NOW, cli_env

ESC = "\x1b"
SHOWN_ESC = "\\x1b"
RLO = "\u202e"  # right-to-left override: makes the rest of a line read backwards


def run(
    args: Sequence[str | bytes],
    data_dir: Path | None,
    now: str | None = NOW.isoformat(),
    **env: str,
) -> subprocess.CompletedProcess[bytes]:
    environment = cli_env(data_dir or Path("/nonexistent"), None, **env)
    if data_dir is None:
        del environment["SUPPLE_DATA_DIR"]
    if now is not None:
        environment["SUPPLE_NOW"] = now
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=environment,
        timeout=60,
    )


def one_line(done: subprocess.CompletedProcess[bytes], code: int = 2) -> str:
    assert done.returncode == code, (done.returncode, done.stderr)
    text = done.stderr.decode("utf-8")  # printable: always decodes
    assert "Traceback" not in text and "unexpected error" not in text
    (line,) = text.splitlines()
    assert line.startswith("supple: ")
    return line


def raw_free(*outputs: bytes) -> None:
    """Nothing a terminal would obey, and nothing that is not UTF-8."""
    for output in outputs:
        text = output.decode("utf-8")
        assert ESC not in text and RLO not in text and "\x07" not in text, text


# ---- names and values from outside ---------------------------------------------------------


def test_a_data_folder_named_with_escapes_is_shown_printable_in_errors_and_doctor(
    tmp_path: Path,
) -> None:
    folder = tmp_path / f"data{ESC}]0;owned{chr(7)}{ESC}[2J"
    folder.write_text("a file, not a folder")
    for args in (["status"], ["done"], ["config", "list"]):
        done = run(["--data-dir", str(folder), *args], None)
        line = one_line(done)
        raw_free(done.stdout, done.stderr)
        assert "is a file, not a folder" in line and f"data{SHOWN_ESC}]0;owned\\x07" in line
    folder.unlink()
    assert run(["--data-dir", str(folder), "done", "--note", f"x{ESC}[31m"], None).returncode == 0
    doctor = run(["--data-dir", str(folder), "doctor"], None)
    raw_free(doctor.stdout, doctor.stderr)
    assert f"Data folder:    {tmp_path}/data{SHOWN_ESC}]0;owned" in doctor.stdout.decode()


def test_an_import_file_name_and_bad_values_are_shown_printable(tmp_path: Path) -> None:
    data = tmp_path / "data"
    cases = {
        "import": ["import", str(tmp_path / f"gone{ESC}[2J.json")],
        "config get": ["config", "get", f"rest{ESC}[2J"],
        "config set": ["config", "set", "reminders", f"18:00{ESC}[2J"],
        "config set key": ["config", "set", f"x{ESC}[2J", "1"],
        "done --date": ["done", "--date", f"2026-11-2{ESC}"],
        "skip --until": ["skip", "--until", f"{RLO}2026-11-30"],
    }
    for case, args in cases.items():
        done = run(args, data)
        line = one_line(done)
        raw_free(done.stdout, done.stderr)
        assert SHOWN_ESC in line or "\\u202e" in line, (case, line)
    assert not (data / "supple.json").exists()


def test_export_on_a_terminal_writes_no_bidi_override_or_escape_raw(tmp_path: Path) -> None:
    data = tmp_path / "data"
    note = f"fine {RLO}reversed{chr(0x202C)} {ESC}[2J \x9b31m"
    assert run(["done", "--note", note], data).returncode == 0
    for kind in ("json", "csv", "ics"):
        shown = on_a_terminal(["export", "--format", kind], data)
        assert "fine" in shown, kind
        assert RLO not in shown and ESC not in shown and "\x9b" not in shown, (kind, shown)
        assert "\\u202e" in shown, kind
    # A file keeps the note exactly (the JSON escapes mean the same characters).
    target = tmp_path / "export.json"
    assert run(["export", "-o", str(target)], data).returncode == 0
    assert RLO not in target.read_text(encoding="utf-8")
    assert json.loads(target.read_text(encoding="utf-8"))["sessions"][0]["note"] == note


def on_a_terminal(args: list[str], data_dir: Path) -> str:
    """What `supple ARGS` writes to a terminal (a pseudo-terminal), as the terminal gets it."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=cli_env(data_dir, NOW),
    )
    os.close(slave)
    got = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other end has closed
            break
        if not chunk:
            break
        got += chunk
    os.close(master)
    assert proc.wait(timeout=30) == 0
    return got.decode("utf-8")


# ---- text that is not text -----------------------------------------------------------------


def test_a_lone_surrogate_in_an_imported_note_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    sessions = [{"id": "s1", "date": "2026-11-20", "kind": "logged", "status": "complete"}]
    source = tmp_path / "import.json"
    good = json.dumps({"format": "supple", "sessions": sessions})
    source.write_text(good.replace('"complete"', '"complete", "note": "stiff \\ud800"'))
    line = one_line(run(["import", str(source)], data))
    assert "session record 1 (id s1)" in line and "lone surrogate" in line
    assert line.endswith("nothing was imported")
    settings = json.dumps({"format": "supple", "sessions": [], "settings": {"theme": "x"}})
    source.write_text(settings.replace('"x"', '"\\udcff"'))
    assert "settings" in one_line(run(["import", str(source)], data))
    assert not (data / "supple.json").exists()


@pytest.mark.parametrize(
    "args",
    [
        [b"done", b"--note", b"caf\xe9 au lait"],
        [b"done", b"--note=caf\xe9"],
        [b"skip", b"--date", b"2026-11-26", b"--reason", b"f\xeate"],
    ],
    ids=["done --note", "done --note=", "skip --reason"],
)
def test_bytes_that_are_not_utf8_in_an_argument_are_one_line(
    tmp_path: Path, args: list[str | bytes]
) -> None:
    """A Latin-1 terminal sends é as one byte; Python keeps it as a lone surrogate."""
    data = tmp_path / "data"
    assert run(["done", "--date", "2026-11-20"], data).returncode == 0
    before = (data / "supple.json").read_bytes()
    done = run(args, data)
    line = one_line(done)
    assert "is not UTF-8 text" in line and "\\xe" in line
    assert (data / "supple.json").read_bytes() == before


# ---- small ones ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--data-dir", "", "status"],
        ["--data-dir", "", "status", "--json"],
        ["--data-dir", "", "done"],
        ["done", "--data-dir", ""],
        ["--data-dir", "", "config", "list"],
        ["--data-dir=", "export"],
    ],
)
def test_an_empty_data_dir_is_refused_not_taken_for_the_default(
    tmp_path: Path, args: list[str | bytes]
) -> None:
    """`--data-dir "$DIR"` with DIR unset must not log into the default store."""
    home = tmp_path / "home"
    line = one_line(run(args, None, HOME=str(home), XDG_DATA_HOME=str(home / "share")))
    assert "--data-dir is empty" in line
    assert not home.exists()


@pytest.mark.parametrize("now", ["9999-12-31T23:59:00+00:00", "9999-12-31T23:59:59.999999+00:00"])
@pytest.mark.parametrize(
    "args",
    [["status"], ["status", "--json"], ["done"], ["remind", "--once"], ["config", "list"]],
    ids=" ".join,
)
def test_a_clock_at_year_9999_is_one_line(tmp_path: Path, now: str, args: list[str]) -> None:
    data = tmp_path / "data"
    assert run(["done", "--date", "2026-11-20"], data).returncode == 0
    before = (data / "supple.json").read_bytes()
    line = one_line(run(list(args), data, now=now))
    assert "the clock says" in line and "set the system clock" in line
    assert (data / "supple.json").read_bytes() == before
