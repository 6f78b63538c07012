"""A word in big letters across its width (the session's DONE), as big as fits up to a limit."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from tracker.ui import bigtext

MAX_SCALE = 2  # 7 rows: big enough to read from the floor, leaving room for the form


class BigBanner(Widget):
    """Draws `word` centred in big letters (plain text when even scale 1 does not fit)."""

    DEFAULT_CSS = """
    BigBanner {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, word: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.word = word

    def show(self, word: str) -> None:
        if word != self.word:
            self.word = word
            self.refresh(layout=True)

    def _scale(self, width: int) -> int:
        rows = MAX_SCALE if self.app.size.height >= 30 else 1
        return bigtext.fit_scale(self.word, width, bigtext.rows_for(rows), limit=MAX_SCALE)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return bigtext.rows_for(self._scale(width)) if self.word else 0

    def render(self) -> Text:
        width = self.content_size.width
        lines = bigtext.render(self.word, self._scale(width)) if self.word else ()
        return Text("\n".join(line.center(width) for line in lines), no_wrap=True, end="")
