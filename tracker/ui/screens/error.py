"""Shown instead of the app when the store cannot be read. It writes nothing.

It says what is wrong, where the file is, which daily backups exist (newest first) and the
exact commands to put one back, and points to `supple doctor`. Every text is shown with
markup off: paths may contain brackets.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from tracker.store.database import Store
from tracker.store.storage import parse_tables
from tracker.ui.widgets.footer import AppFooter

EXIT_UNREADABLE = 2


def _readable(path: Path) -> bool:
    """Whether a backup parses as a store (read only; nothing is written)."""
    try:
        tables = parse_tables(path, path.read_bytes())
    except Exception:
        return False
    return bool(tables.get("meta"))


def _size(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return "?"
    return f"{size:,} bytes"


def restore_commands(store: Store, backup: Path | None) -> list[str]:
    """The shell commands that set the damaged file aside and put `backup` in its place."""
    name = store.path.name
    lines = [
        f"cd {shlex.quote(str(store.data_dir))}",
        f"mv {name} {name}.damaged",
    ]
    if backup is not None:
        try:
            relative = backup.relative_to(store.data_dir)
        except ValueError:
            relative = backup
        lines.append(f"cp {shlex.quote(str(relative))} {name}")
    return lines


class ErrorScreen(Screen[None]):
    """The store is unreadable: explain, list backups, show how to restore; q quits."""

    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(self, message: str, store: Store) -> None:
        super().__init__()
        self.message = message
        self.store = store

    def compose(self) -> ComposeResult:
        store = self.store
        backups = store.daily_backups()
        readable = [backup for backup in backups if _readable(backup)]
        newest = readable[0] if readable else None

        yield Header()
        with VerticalScroll(id="error-scroll"):
            yield Label("supple cannot read its data", id="error-title", markup=False)
            yield Static(self.message, id="error-message", markup=False)
            with Vertical(classes="error-section"):
                yield Label("Data file", classes="error-heading", markup=False)
                yield Static(str(store.path), id="error-path", markup=False)
                yield Static(
                    "Nothing has been changed: supple will not write to this file while it "
                    "cannot be read, so your history is not overwritten.",
                    classes="error-text",
                    markup=False,
                )
            with Vertical(classes="error-section"):
                yield Label("Backups, newest first", classes="error-heading", markup=False)
                if backups:
                    for backup in backups:
                        note = "" if backup in readable else "   (unreadable too)"
                        yield Static(
                            f"{backup.name}   {_size(backup)}{note}",
                            classes="error-backup",
                            markup=False,
                        )
                    yield Static(f"in {store.backups_dir}", classes="error-text", markup=False)
                else:
                    yield Static(
                        f"There are no backups in {store.backups_dir} yet.",
                        classes="error-text",
                        markup=False,
                    )
            with Vertical(classes="error-section"):
                if newest is not None:
                    heading = "To restore the newest readable backup, quit (q) and run:"
                    after = (
                        "The damaged file is kept as supple.json.damaged. Sessions logged "
                        "after that backup was made are not in it."
                    )
                else:
                    heading = "To start over with an empty store, quit (q) and run:"
                    after = "The damaged file is kept as supple.json.damaged."
                yield Label(heading, classes="error-heading", markup=False)
                yield Static(
                    "\n".join(restore_commands(store, newest)),
                    id="error-commands",
                    markup=False,
                )
                yield Static(after, classes="error-text", markup=False)
                yield Static(
                    "Then start supple again. Run 'supple doctor' to check the store and "
                    "see its backups at any time.",
                    classes="error-text",
                    markup=False,
                )
        yield AppFooter()

    def action_quit(self) -> None:
        self.app.exit(
            return_code=EXIT_UNREADABLE,
            message=Text(f"supple: {self.message}", no_wrap=False),
        )
