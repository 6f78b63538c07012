"""Messages that screens post up to the app (attributes down, messages up)."""

from __future__ import annotations

from textual.message import Message

from tracker.store.changes import Change


class Edit(Message):
    """Make this change: the app applies it, keeps its undo, and redraws every screen."""

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change
