"""Two small dot charts: the fingertip-to-floor self-test and the mean of your activities over
time, each with a dashed line where a change from the first reading becomes a real one
(`tracker.core.measures.chart_series`).

Layout, for each of the two (content rows):

    row 0       the title
    rows 1..4   the readings, one dot each (oldest on the left, as many as fit), the dashed
                line of a real change across (named at its end); the scale's top and bottom
                (and the line's value) on the left
    row 5       the first and the latest reading in words
    row 6       whether the change is a real one
    row 7       a gap before the next

The dots are read in the words too, so nothing depends on colour; without colour (NO_COLOR,
16 colours or fewer) they are ASCII: 'o' for a reading, '-' for the line, '@' for the day
shown (in the calendar's day view).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip

from tracker.core.measures import Series
from tracker.ui.widgets.heatmap import colours_are_off
from tracker.ui.widgets.line_widget import LineWidget

PLOT_ROWS = 4
BLOCK = PLOT_ROWS + 4  # title, plot, two lines of words, a gap
GUTTER = 6  # "-12.5 "
STEP = 2  # columns per reading
LINE_NAME = " real change"
GLYPHS = {"point": ("●", "o"), "line": ("┄", "-"), "day": ("◆", "@")}


def _number(value: float) -> str:
    return f"{value:g}"


def plot_rows(
    values: list[float], line: float | None, rows: int = PLOT_ROWS
) -> tuple[float, float, list[int], int | None]:
    """The scale's top and bottom, the row of each value (0 is the top) and the line's row."""
    every = values + ([line] if line is not None else [])
    top, bottom = max(every), min(every)
    if top == bottom:
        top, bottom = top + 1, bottom - 1

    def row(value: float) -> int:
        return round((top - value) / (top - bottom) * (rows - 1))

    return top, bottom, [row(v) for v in values], None if line is None else row(line)


def words(series: Series, unit: str) -> tuple[str, str]:
    """The two lines under a chart: the first and latest reading, and the verdict."""
    p = series.progress
    if p is None:
        return "No readings yet.", "Press m for the self-test."
    if p.first.day == p.latest.day:
        return f"{_number(p.first.value)}{unit} on {p.first.day:%d %b}", "the first reading"
    first, latest = _number(p.first.value), _number(p.latest.value)
    return f"first {first}, now {latest}{unit} ({p.latest.day:%d %b})", p.short_words()


class MeasureChart(LineWidget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "measure-chart--title",
        "measure-chart--point",
        "measure-chart--day",
        "measure-chart--line",
        "measure-chart--label",
    }

    DEFAULT_CSS = """
    MeasureChart {
        height: auto;
    }
    """

    _series: tuple[Series, ...] = ()  # until `show`
    _day: date | None = None

    @property
    def series(self) -> tuple[Series, ...]:
        return self._series

    @property
    def has_readings(self) -> bool:
        return any(s.readings for s in self._series)

    def show(self, series: tuple[Series, ...], day: date | None = None) -> None:
        """Draw these series; `day` (the calendar's day view) is marked where it has a reading."""
        self._series, self._day = tuple(series), day
        self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max(40, container.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return BLOCK * len(self._series) - 1 if self._series else 1

    # ---- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self._style()
        index, row = divmod(y, BLOCK)
        segments: list[Segment] = []
        if index < len(self._series):
            series = self._series[index]
            unit = " cm" if series.lower_is_better else ""
            label = self._style("measure-chart--label")
            if row == 0:
                segments = self._title(series)
            elif row <= PLOT_ROWS and series.readings:
                segments = self._plot_row(series, row - 1, width)
            elif not series.readings and row in (1, 2):
                segments = [Segment(words(series, unit)[row - 1], label)]
            elif row in (PLOT_ROWS + 1, PLOT_ROWS + 2) and series.readings:
                segments = [Segment(words(series, unit)[row - PLOT_ROWS - 1], label)]
        return Strip(segments).adjust_cell_length(width, base).crop(0, width)

    def _glyph(self, name: str) -> str:
        fancy, plain = GLYPHS[name]
        return plain if colours_are_off(self) else fancy

    def _title(self, series: Series) -> list[Segment]:
        segments = [Segment(series.title, self._style("measure-chart--title"))]
        return segments

    def _plot_row(self, series: Series, row: int, width: int) -> list[Segment]:
        fits = max(1, (width - GUTTER) // STEP)
        shown = series.readings[-fits:]
        top, bottom, rows, line_row = plot_rows([r.value for r in shown], series.line)
        label = self._style("measure-chart--label")
        scale = {0: _number(top), PLOT_ROWS - 1: _number(bottom)}
        if line_row is not None and series.line is not None:
            scale.setdefault(line_row, _number(series.line))
        segments = [Segment(f"{scale.get(row, ''):>{GUTTER - 1}} ", label)]
        line = self._style("measure-chart--line")
        for reading, at in zip(shown, rows, strict=True):
            if at == row:
                name = "day" if reading.day == self._day else "point"
                segments.append(Segment(self._glyph(name), self._style(f"measure-chart--{name}")))
                filler = self._glyph("line") if row == line_row else " "
                segments.append(Segment(filler, line))
            elif row == line_row:
                segments.append(Segment(self._glyph("line") * STEP, line))
            else:
                segments.append(Segment(" " * STEP, self._style()))
        if row == line_row:  # the line, named at its end when there is room
            rest = max(0, width - GUTTER - STEP * len(shown))
            name = LINE_NAME if rest >= len(LINE_NAME) + 2 else ""
            segments.append(Segment(self._glyph("line") * (rest - len(name)), line))
            segments.append(Segment(name, self._style("measure-chart--label")))
        return segments
