"""Shown instead of the app when the store cannot be read. It writes nothing."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tracker.store import Store


class ErrorScreen(Screen[None]):
    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def __init__(self, message: str, store: Store) -> None:
        super().__init__()
        self.message = message
        self.store = store

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.message, id="error-message", markup=False)
        yield Footer()
