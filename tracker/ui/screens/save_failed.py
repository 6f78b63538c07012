"""When a finished session cannot be saved (a full disk, a read-only folder, a held lock):
the session stays on screen, with a way to try again or to keep it in a file of your choice.

Nothing is lost unless you say so: Escape asks before it throws the session away. A file
written here is a supple export, so `supple import FILE` puts the session back later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tracker.core.paths import styles_dir
from tracker.store.storage import create_private_file
from tracker.store.transfer import sessions_json

Choice = Literal["retry", "saved", "discard"]


def default_rescue_path(record: dict[str, Any]) -> Path:
    return Path.home() / f"supple-session-{record.get('date', 'unsaved')}.json"


class SaveFailedScreen(ModalScreen[Choice]):
    CSS_PATH = [styles_dir() / "session.tcss"]
    BINDINGS = [
        Binding("ctrl+r", "retry", "Try again", key_display="^r", priority=True),
        Binding("escape", "discard", "Throw away", key_display="Esc"),
    ]

    def __init__(self, record: dict[str, Any], error: str) -> None:
        super().__init__(classes="session-modal")
        self.record = record
        self.error = error
        self._confirm_discard = False

    def compose(self) -> ComposeResult:
        status = self.record.get("status", "complete")
        with Vertical(classes="choice-dialog", id="save-failed"):
            yield Label("Your session is not saved yet", classes="choice-title")
            yield Static(self.error, id="save-error", classes="choice-question", markup=False)
            yield Static(
                f"The {status} session of {self.record.get('date')} is kept here. Free some "
                "space or fix the folder, then press ctrl+r to try again - or type a file "
                "to keep it in and press Enter (supple import FILE brings it back later).",
                classes="choice-help",
                markup=False,
            )
            yield Input(str(default_rescue_path(self.record)), id="rescue-path")
            yield Static("", id="save-note", classes="choice-help", markup=False)

    def action_retry(self) -> None:
        self.dismiss("retry")

    @on(Input.Submitted, "#rescue-path")
    def save_elsewhere(self, event: Input.Submitted) -> None:
        target = Path(event.value.strip() or str(default_rescue_path(self.record))).expanduser()
        try:  # never over another file; private (0600) whatever the umask: health data
            create_private_file(target, sessions_json([self.record]).encode("utf-8"))
        except FileExistsError:
            self._note(f"{target} already exists; give another file name.")
            return
        except OSError as error:
            self._note(f"Cannot write {target}: {error.strerror}. Try another place.")
            return
        self.notify(
            f"Session kept in {target}. Run: supple import {target}",
            title="Kept in a file",
            markup=False,
            timeout=15,
        )
        self.dismiss("saved")

    def action_discard(self) -> None:
        if not self._confirm_discard:
            self._confirm_discard = True
            self._note("Press Escape again to throw this session away, or ctrl+r to try again.")
            return
        self.dismiss("discard")

    def _note(self, text: str) -> None:
        self.query_one("#save-note", Static).update(text)
