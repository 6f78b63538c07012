"""Placeholder session screen (being written)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from tracker.clock import Clock
from tracker.settings import Settings


class SessionScreen(Screen[dict[str, Any] | None]):
    BINDINGS = [Binding("escape", "close", "Back")]

    def __init__(self, settings: Settings, clock: Clock) -> None:
        super().__init__()
        self.settings = settings
        self.clock = clock

    def compose(self) -> ComposeResult:
        yield Static("Coming soon.")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
