"""The session's counts in big digits of their own: the rep ("7/10"), the set ("2/3") and the
time left in the session ("7:12"), each with a small word over it, readable from the floor.

How big depends on the terminal's height (two-pixel-high digits from 36 rows, one from 20);
below that the board hides and the one-line counters under the stage say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from tracker.ui import bigtext
from tracker.ui.contrast import readable_rich

GAP = 6  # columns between two groups
TALL = 36  # terminal rows from which the digits are drawn at scale 2 (7 rows)
SHORT = 20  # ... at scale 1 (4 rows); below, no board


@dataclass(frozen=True)
class Count:
    label: str  # the small word over it: "rep", "set", "left"
    text: str  # drawn big: "7/10"


def board_scale(terminal_rows: int) -> int:
    """The scale of the board's digits for a terminal this tall (0: no board)."""
    if terminal_rows >= TALL:
        return 2
    return 1 if terminal_rows >= SHORT else 0


def fit(counts: tuple[Count, ...], scale: int, width: int) -> tuple[tuple[Count, int], ...]:
    """Each count with its scale: all at `scale` if they fit `width`; else the last ones a
    scale smaller, or left out, from the end (the time left goes first)."""
    chosen = [(count, scale) for count in counts]
    while chosen:
        total = sum(bigtext.width_for(c.text, s) for c, s in chosen) + GAP * (len(chosen) - 1)
        if total <= width:
            return tuple(chosen)
        last, last_scale = chosen[-1]
        if last_scale > 1:
            chosen[-1] = (last, last_scale - 1)
        else:
            chosen.pop()
    return ()


class CountsBoard(Widget):
    """Draws the counts it is given, as big as the terminal's height allows."""

    COMPONENT_CLASSES = {"counts--digits", "counts--label"}

    DEFAULT_CSS = """
    CountsBoard {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self.counts: tuple[Count, ...] = ()

    def show(self, counts: tuple[Count, ...]) -> None:
        if counts != self.counts:
            self.counts = counts
            self.refresh()

    @property
    def scale(self) -> int:
        return board_scale(self.app.size.height)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        scale = self.scale
        return 0 if scale == 0 else 1 + bigtext.rows_for(scale)

    def _style(self, name: str) -> Style:
        style = self.get_component_rich_style(name)
        colour = readable_rich(style.color, self.background_colors[1])
        return style if colour is style.color else style + Style(color=colour)

    def render(self) -> Text:
        width = self.content_size.width
        scale = self.scale
        placed = fit(self.counts, scale, width) if scale else ()
        if not placed:
            return Text()
        rows = bigtext.rows_for(scale)
        widths = [bigtext.width_for(count.text, s) for count, s in placed]
        total = sum(widths) + GAP * (len(placed) - 1)
        left = max(0, (width - total) // 2)
        label_line = Text(" " * left, end="")
        lines = [Text(" " * left, end="") for _ in range(rows)]
        digits, label = self._style("counts--digits"), self._style("counts--label")
        for index, ((count, s), w) in enumerate(zip(placed, widths, strict=True)):
            gap = " " * (GAP if index else 0)
            label_line.append(gap + count.label.center(w), label)
            drawn = bigtext.render(count.text, s)
            pad = rows - len(drawn)  # a smaller count sits on the same baseline
            for row in range(rows):
                part = drawn[row - pad] if row >= pad else " " * w
                lines[row].append(gap + part, digits)
        out = Text(no_wrap=True, overflow="crop", end="")
        out.append_text(label_line)
        for line in lines:
            out.append("\n")
            out.append_text(line)
        return out
