"""Keys typed right after `q` in one read (a fast typist, or "question" typed into the main
screen) open nothing while the app closes: `s` there once opened a session whose on_mount
crashed (NoMatches '#pain-before') and printed a traceback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_session_terminal import ROOT, Terminal, require
from tracker.store.database import Store


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(require("tmux"), tmp_path / "tmux.sock", name="quit")
    yield term
    term.run("kill-server")


def test_s_right_after_q_opens_nothing_and_the_app_exits_cleanly(
    terminal: Terminal, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    Store(data_dir).mark_tutorial_seen()
    terminal.start(
        f"cd {ROOT} && env -i HOME={tmp_path} TERM=xterm-256color PATH=/usr/bin:/bin "
        f"SUPPLE_DATA_DIR={data_dir} {sys.executable} -m tracker; echo EXIT=$?; sleep 30",
        (100, 30),
    )
    terminal.wait_for("Streak")
    terminal.keys("q", "u", "e", "s", "t", "i", "o", "n")  # one send-keys: one read
    screen = terminal.wait_for("EXIT=")
    assert "EXIT=0" in screen
    assert "Traceback" not in screen and "NoMatches" not in screen
