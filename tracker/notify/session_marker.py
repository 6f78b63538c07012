"""Whether a guided session is running, for every process of one data folder.

The app writes `session-running` (its process id) in the data folder when a guided session
starts and removes it when the session ends; the daemon and `remind --once` read it so that
no everyday-hinge nudge interrupts a session. A marker left by a process that died (no such
process, or older than MAX_AGE) counts as no session.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

NAME = "session-running"
MAX_AGE_S = 3 * 3600  # no guided session lasts this long


def mark_running(data_dir: Path) -> None:
    with contextlib.suppress(OSError):
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / NAME).write_text(f"{os.getpid()}\n", encoding="ascii")


def mark_ended(data_dir: Path) -> None:
    with contextlib.suppress(OSError):
        path = data_dir / NAME
        if path.read_text(encoding="ascii").strip() == str(os.getpid()):
            path.unlink()


def session_running(data_dir: Path) -> bool:
    path = data_dir / NAME
    try:
        text = path.read_text(encoding="ascii").strip()
        age = time.time() - path.stat().st_mtime
    except (OSError, UnicodeDecodeError):
        return False
    if not text.isdigit() or age > MAX_AGE_S:
        return False
    try:
        os.kill(int(text), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
