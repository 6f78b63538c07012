"""A small bar chart of pain: the weekly mean before and after sessions, 0 to 10.

Our own widget (about a hundred lines) rather than a plotting library: the chart is one kind
of bar at one scale, eighth-height block characters draw it finely enough, and a library would
be a new runtime dependency that starts up on every launch.

Layout (content rows):

    row 0        the title and the legend
    rows 1..N    bars: for each week, before then after, a gap between weeks; 10 at the top
    row N+1      the baseline
    row N+2      the dates of some weeks (their Mondays)
    row N+3      the newest rated week in numbers

A rated week always shows at least a sliver (an eighth), so a mean of 0 is not mistaken for a
week without ratings. Without colour (NO_COLOR, 16 colours or fewer) the bars are ASCII, in
whole rows: ':' before and '#' after.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip

from tracker.core.progress import PAIN_WEEKS, PainWeek, has_pain
from tracker.ui.widgets.heatmap import colours_are_off
from tracker.ui.widgets.line_widget import LineWidget

TOP = 10  # the scale: pain 0..10
GUTTER = 3  # "10 " on the left
EIGHTHS = " ▁▂▃▄▅▆▇█"
ASCII_BARS = (":", "#")  # before, after
LABEL_EVERY = 4  # weeks between date labels
TITLE = "Pain, weekly mean"
EMPTY = (
    "No pain ratings in the last 12 weeks. Rate your pain before and after a session "
    "(the guided session asks) to see it here."
)


def bar_height(value: float | None, rows: int) -> int:
    """How many eighths of `rows` rows a bar for `value` fills: 0 without a value, at least 1
    for a rating (so 0 shows), all of them at 10."""
    if value is None:
        return 0
    top = rows * 8
    share = min(max(value, 0.0), TOP) / TOP
    return 1 + round(share * (top - 1))


def bar_cell(eighths: int, row: int, rows: int) -> str:
    """The block character for a bar of `eighths` at `row` (0 is the top row)."""
    below = (rows - 1 - row) * 8  # eighths under this row
    return EIGHTHS[min(8, max(0, eighths - below))]


def ascii_cell(eighths: int, row: int, rows: int, glyph: str) -> str:
    """Whole rows only: a row is drawn when the bar reaches at least half of it."""
    below = (rows - 1 - row) * 8
    return glyph if eighths - below >= 4 or (row == rows - 1 and eighths) else " "


def latest_text(weeks: Sequence[PainWeek]) -> str:
    """The newest rated week in numbers, so the bars are never the only way to read it."""
    for index in range(len(weeks) - 1, -1, -1):
        week = weeks[index]
        if week.before is None and week.after is None:
            continue
        monday = week.monday
        when = "This week" if index == len(weeks) - 1 else f"Week of {monday:%b} {monday.day}"
        before, after = ("-" if v is None else f"{v:.1f}" for v in (week.before, week.after))
        return f"{when}: {before} before, {after} after"
    return ""


class PainChart(LineWidget):
    """Before and after bars for each of the last weeks (`tracker.core.progress.weekly_pain`)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "pain-chart--before",
        "pain-chart--after",
        "pain-chart--label",
        "pain-chart--title",
    }

    DEFAULT_CSS = """
    PainChart {
        height: 12;
    }
    """

    _weeks: tuple[PainWeek, ...] = ()  # until `show`

    @property
    def weeks(self) -> list[PainWeek]:
        return list(self._weeks)

    def show(self, weeks: list[PainWeek]) -> None:
        self._weeks = tuple(weeks)
        self.refresh(layout=True)

    @property
    def ascii_only(self) -> bool:
        return colours_are_off(self)

    # ---- sizing --------------------------------------------------------------------------

    @property
    def slot(self) -> tuple[int, int]:
        """(columns per bar, columns between weeks): the weeks share out the width, with
        two-column bars when a week has five columns or more."""
        weeks = max(1, len(self._weeks))
        slot = max(3, (self.content_size.width - GUTTER) // weeks)
        bar = 2 if slot >= 5 else 1
        return bar, slot - 2 * bar

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return GUTTER + max(PAIN_WEEKS, len(self._weeks)) * 4

    # ---- drawing -------------------------------------------------------------------------

    def _rows(self) -> int:
        return max(1, self.content_size.height - 4)

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self._style()
        label = self._style("pain-chart--label")
        if y == 0:
            segments = self._title()
        elif not has_pain(self._weeks):
            text = EMPTY if y == 1 else ""
            segments = [Segment(text, label)]
        elif y <= self._rows():
            segments = self._bar_row(y - 1)
        elif y == self._rows() + 1:
            segments = [Segment("0 ".rjust(GUTTER), label), Segment("─" * (width - GUTTER), label)]
            if self.ascii_only:
                segments[-1] = Segment("-" * (width - GUTTER), label)
        elif y == self._rows() + 2:
            segments = self._dates(label)
        elif y == self._rows() + 3:
            segments = [Segment(latest_text(self._weeks), label)]
        else:
            segments = []
        return Strip(segments).adjust_cell_length(width, base).crop(0, width)

    def _styles(self) -> tuple[Style, Style]:
        return (
            self._style("pain-chart--before"),
            self._style("pain-chart--after"),
        )

    def _title(self) -> list[Segment]:
        title = self._style("pain-chart--title")
        label = self._style("pain-chart--label")
        before, after = self._styles()
        marks = ASCII_BARS if self.ascii_only else ("█", "█")
        segments = [
            Segment(f"{TITLE}  ", title),
            Segment(marks[0], before),
            Segment(" before  ", label),
            Segment(marks[1], after),
            Segment(" after", label),
        ]
        return segments

    def _bar_row(self, row: int) -> list[Segment]:
        rows = self._rows()
        label = self._style("pain-chart--label")
        scale = {0: str(TOP), rows // 2: str(TOP // 2)} if rows >= 3 else {0: str(TOP)}
        segments = [Segment(f"{scale.get(row, ''):>{GUTTER - 1}} ", label)]
        styles = self._styles()
        width, gap = self.slot
        ascii_only = self.ascii_only
        for week in self._weeks:
            for kind, value in enumerate((week.before, week.after)):
                eighths = bar_height(value, rows)
                if ascii_only:
                    char = ascii_cell(eighths, row, rows, ASCII_BARS[kind])
                else:
                    char = bar_cell(eighths, row, rows)
                segments.append(Segment(char * width, styles[kind]))
            segments.append(Segment(" " * gap, self._style()))
        return segments

    def _dates(self, label: Style) -> list[Segment]:
        bar, gap = self.slot
        slot = 2 * bar + gap
        text = [" "] * (GUTTER + slot * len(self._weeks) + 6)
        for index in range(0, len(self._weeks), LABEL_EVERY):
            monday = self._weeks[index].monday
            for i, char in enumerate(f"{monday:%b} {monday.day}"):
                text[GUTTER + index * slot + i] = char
        return [Segment("".join(text).rstrip(), label)]
