"""The last few sessions as a small table: date, kind, status, pain, note.

Rows come from `tracker.core.progress.recent_sessions`, whose notes are already one printable
line; they are drawn as plain text (never parsed as markup), cut with an ellipsis. The table
is drawn line by line (a Rich Table took ~5 ms to lay out at start-up); with a fixed height,
only the newest rows that fit are drawn.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip

from tracker.core.progress import RecentSession
from tracker.ui.widgets.line_widget import LineWidget

TITLE = "Recent sessions"
EMPTY = "No sessions yet. Press s for a guided session, or d once you have done the routine."
HEADERS = ("Date", "Kind", "Status", "Pain", "Note")
GAP = 2  # columns between the table's columns
STATUS_CLASSES = {
    "complete": "recent--complete",
    "partial": "recent--partial",
    "stopped": "recent--stopped",
}


def fit_text(text: str, width: int) -> str:
    """`text` in at most `width` cells, cut with an ellipsis (wide characters counted as 2)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


def cells(row: RecentSession) -> tuple[str, str, str, str, str]:
    return (f"{row.day:%a %d %b}", row.kind, row.status, row.pain or "-", row.note)


class RecentSessions(LineWidget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *STATUS_CLASSES.values(),
        "recent--title",
        "recent--header",
        "recent--muted",
    }

    DEFAULT_CSS = """
    RecentSessions {
        height: auto;
    }
    """

    _rows: tuple[RecentSession, ...] = ()  # until `show`
    _widths: tuple[int, ...] = ()  # of the first four columns

    @property
    def rows(self) -> list[RecentSession]:
        return list(self._rows)

    def show(self, rows: list[RecentSession]) -> None:
        self._rows = tuple(rows)
        # The first four columns as wide as their widest cell; the note takes the rest.
        table = [HEADERS[:4], *(cells(row)[:4] for row in self._rows)]
        self._widths = tuple(max(cell_len(line[i]) for line in table) for i in range(4))
        self.refresh(layout=True)

    # ---- sizing --------------------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 2 + len(self._rows) if self._rows else 2

    def _fits(self) -> int:
        """How many rows fit under the title and the header."""
        return max(0, self.content_size.height - 2)

    # ---- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self._style()
        if y == 0:
            segments = [Segment(TITLE, self._style("recent--title"))]
        elif not self._rows:
            segments = [Segment(EMPTY if y == 1 else "", self._style("recent--muted"))]
        elif y == 1:
            header = self._style("recent--header")
            segments = self._line(HEADERS, (header,) * 5, width)
        elif y - 2 < min(len(self._rows), self._fits()):
            row = self._rows[y - 2]
            muted = self._style("recent--muted")
            status = STATUS_CLASSES.get(row.status)
            styles = (
                base,
                muted,
                self._style(status) if status else muted,
                base if row.pain else muted,
                muted,
            )
            segments = self._line(cells(row), styles, width)
        else:
            segments = []
        return Strip(segments).adjust_cell_length(width, base).crop(0, width)

    def _line(self, texts: tuple[str, ...], styles: tuple[Style, ...], width: int) -> list[Segment]:
        gap = Segment(" " * GAP, self._style())
        segments: list[Segment] = []
        used = 0
        for index, (text, style) in enumerate(zip(texts, styles, strict=True)):
            if index < 4:
                column = self._widths[index]
                if index == 3:  # pain: centred under its header
                    text = text.center(column)
                shown = set_cell_size(text, column)
            else:
                shown = fit_text(text, width - used)
            # The style (the header's underline) only under the words, not the padding.
            words = shown.strip()
            lead = shown[: len(shown) - len(shown.lstrip())]
            trail = shown[len(lead) + len(words) :]
            for part, part_style in ((lead, self._style()), (words, style), (trail, self._style())):
                if part:
                    segments.append(Segment(part, part_style))
            used += cell_len(shown)
            if index < 4:
                segments.append(gap)
                used += GAP
        return segments
