"""Placeholder tutorial screen (being written)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from tracker.settings import Settings
from tracker.tutorial import render_text


class TutorialScreen(Screen[None]):
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        yield Static(render_text(self.settings), markup=False)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
