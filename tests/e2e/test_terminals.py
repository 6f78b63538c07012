"""The app on real pseudo-terminals as people run it (issue 25): a locale that is not UTF-8
gets ASCII, TERM=dumb gets one line, NO_COLOR gets no colour, `mouse off` no mouse tracking."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.cli.terminal import Terminal

ROOT = Path(__file__).resolve().parents[2]
SGR = re.compile(rb"\x1b\[([0-9;:]*)m")
COLOURS = {*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)}  # not 39, 49


def colour_codes(output: bytes) -> list[bytes]:
    """The SGR sequences that set a colour (38 and 48 start 256-colour and RGB ones)."""
    found = []
    for match in SGR.finditer(output):
        params = [p for p in match.group(1).replace(b":", b";").split(b";") if p]
        if any(int(p) in COLOURS for p in params):
            found.append(match.group())
    return found


MOUSE_ON = b"\x1b[?1000h"


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(data_dir),
        "SUPPLE_DATA_DIR": str(data_dir),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
    }
    env.update(extra)
    return {k: v for k, v in env.items() if v}


def open_app(data_dir: Path, **extra: str) -> Terminal:
    """The app, its tutorial on screen (the first run opens it), then quit with ctrl+q."""
    app = Terminal([sys.executable, "-m", "tracker"], environment(data_dir, **extra), ROOT)
    try:
        app.read_until(b"Page 1 of 5", timeout=60, plain=True)
        app.settle(0.5)
        app.type("\x11")
        assert app.wait(30) == 0
    finally:
        app.close()
    return app


def test_the_c_locale_gets_ascii_of_the_same_layout(tmp_path: Path) -> None:
    app = open_app(tmp_path, LANG="C")
    assert app.seen.isascii(), sorted({b for b in app.seen if b > 0x7F})[:10]
    assert "Why your hamstrings feel tight" in app.text
    assert "->/l next" not in app.text and ">/l next" in app.text  # one cell for one


def test_a_utf8_locale_gets_unicode(tmp_path: Path) -> None:
    app = open_app(tmp_path)
    assert not app.seen.isascii()


def test_no_color_means_no_colour_codes(tmp_path: Path) -> None:
    coloured = open_app(tmp_path / "a")
    assert colour_codes(coloured.seen)
    plain = open_app(tmp_path / "b", NO_COLOR="1")
    assert colour_codes(plain.seen) == []


def test_mouse_off_asks_for_no_mouse_events(tmp_path: Path) -> None:
    assert MOUSE_ON in open_app(tmp_path).seen
    set_off = subprocess.run(
        [sys.executable, "-m", "tracker", "config", "set", "mouse", "off"],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
    )
    assert set_off.returncode == 0, set_off.stderr
    app = open_app(tmp_path)
    assert MOUSE_ON not in app.seen and b"\x1b[?1006h" not in app.seen


def test_term_dumb_is_one_line_naming_the_shell_commands(tmp_path: Path) -> None:
    app = Terminal([sys.executable, "-m", "tracker"], environment(tmp_path, TERM="dumb"), ROOT)
    try:
        assert app.wait(30) == 2
    finally:
        app.close()
    lines = [line for line in app.text.splitlines() if line.strip()]
    assert lines == [
        "supple: this terminal (TERM=dumb) cannot show the app; use the plain-text commands: "
        "supple status, supple done, supple log, supple tutorial --print (see 'supple --help')"
    ]
