"""What a backup (or any store file) holds, checked as the store itself is read.

`supple doctor` (and the app's error screen) recommend a backup only after this full check:
a backup that merely parses may still hold a damaged record, and restoring it would give the
same error again.
"""

from __future__ import annotations

import shlex
from datetime import date
from pathlib import Path
from typing import NamedTuple

from tracker.store.errors import StoreError
from tracker.store.snapshot import read_tables
from tracker.store.storage import UnreadableFileError, read_file


class Contents(NamedTuple):
    """A readable store file: how many sessions it holds, and the day of the last one."""

    path: Path
    sessions: int
    last_day: date | None

    def describe(self) -> str:
        if not self.sessions:
            return "no sessions"
        count = "1 session" if self.sessions == 1 else f"{self.sessions} sessions"
        return f"{count}, the last on {self.last_day}"


def contents(path: Path) -> Contents | str:
    """What the store file at `path` holds, or why it cannot be used (one phrase)."""
    try:
        raw = read_file(path)
    except UnreadableFileError as error:
        return error.reason
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if raw is None:
        return "is gone"
    try:
        tables, _ = read_tables(path, raw)
    except StoreError as error:
        return getattr(error, "reason", str(error))
    sessions = tables["sessions"].values()
    last = max((str(s["date"]) for s in sessions), default=None)
    return Contents(path, len(sessions), date.fromisoformat(last) if last else None)


def aside_name(path: Path) -> Path:
    """Where to move a damaged file: `supple.json.damaged`, or `.damaged-2`... if taken."""
    candidate = path.with_name(f"{path.name}.damaged")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.damaged-{number}")
        number += 1
    return candidate


def restore_commands(path: Path, backup: Path | None) -> list[str]:
    """Shell commands that move the damaged store aside and put `backup` in its place, each
    path quoted for the shell (a folder may have a space or a quote in its name)."""
    q = shlex.quote
    lines = [f"mv {q(str(path))} {q(str(aside_name(path)))}"]
    if backup is not None:
        lines.append(f"cp {q(str(backup))} {q(str(path))}")
    return lines
