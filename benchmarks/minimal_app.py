"""The baseline for bench_startup.py: a minimal Textual app (Header, one Static, Footer)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("minimal app ready")
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
