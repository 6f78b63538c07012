"""The calendar heatmap widget: draws a `tracker.core.heatmap.Grid`, nothing more.

Layout (content rows):

    row 0       month labels ("Jan", "Feb", ...) above the week where each month starts
    rows 1-7    Monday..Sunday, two columns per day (a glyph and a gap); "Mon", "Wed", "Fri"
    row 8       markers: "▲" under the cursor's week, "today" under today's week
    row 9+      the legend (wrapped to the width)

A terminal cell is about twice as tall as it is wide, so a day drawn as a square glyph and a
blank column reads as a square with a gap around it, as in a contribution graph. Every state
has its own glyph *and* its own theme colour (component classes styled in
`styles/heatmap.tcss`), so nothing depends on telling red from green. Without colour
(NO_COLOR, or a terminal with 16 colours or fewer) the plain ASCII `GLYPHS` are drawn.

The widget fits its width: as many of the most recent weeks as fit (or, with a cursor, the
weeks around it). No domain logic lives here: the states come from the grid, and the grid
from `tracker.core.heatmap`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tracker.core.day_states import DayState
from tracker.core.heatmap import (
    GLYPHS,
    PADDING_GLYPH,
    Cell,
    Grid,
    legend,
    month_labels,
)

GUTTER = 4  # "Mon " on the left
LABEL_ROWS = 1  # month labels on top
DAY_ROWS = 7
MARKER_ROWS = 1
LEGEND_GAP = 2  # spaces between legend entries
CELL_WIDTH = 2  # a glyph and a gap: square days
LABEL_OVERHANG = 1  # a month's 3-letter name over its first 2-column week runs 1 column on
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Glyphs when colours are available: shape and colour both tell the state. Squares fill up
# with how the day went (empty, half, full, full with a mark); the days that do not count
# (skip, today still open, future) are not squares.
UNICODE_GLYPHS: dict[DayState, str] = {
    DayState.EASED: "▣",
    DayState.DONE: "■",
    DayState.PARTIAL: "◩",
    DayState.SKIP: "–",
    DayState.MISSED: "□",
    DayState.PENDING: "○",
    DayState.FUTURE: "·",
    DayState.BEFORE: " ",
}

STATE_CLASSES: dict[DayState, str] = {
    DayState.EASED: "heatmap--eased",
    DayState.DONE: "heatmap--done",
    DayState.PARTIAL: "heatmap--partial",
    DayState.SKIP: "heatmap--skip",
    DayState.MISSED: "heatmap--missed",
    DayState.PENDING: "heatmap--pending",
    DayState.FUTURE: "heatmap--future",
    DayState.BEFORE: "heatmap--before",
}

FEW_COLOUR_SYSTEMS = (None, "standard", "windows")


def colours_are_off(widget: Widget) -> bool:
    """True when colours cannot carry meaning: NO_COLOR, or 16 colours or fewer (TERM=dumb
    has none). Then the widgets draw plain ASCII shapes."""
    if "NO_COLOR" in os.environ:
        return True
    if not widget.is_attached:
        return False
    app = widget.app
    if getattr(app, "no_color", False):
        return True
    return app.console.color_system in FEW_COLOUR_SYSTEMS


@dataclass(frozen=True)
class View:
    """What fits the width: the weeks shown and where they start."""

    grid: Grid  # the grid actually drawn (a window of recent weeks when it had to be cut)
    left: int  # blank columns before the gutter (the drawing is centred)
    columns_per_week: int = CELL_WIDTH

    @property
    def weeks(self) -> int:
        return len(self.grid.weeks)

    @property
    def width(self) -> int:
        return GUTTER + self.columns_per_week * self.weeks

    def x_of(self, column: int) -> int:
        return self.left + GUTTER + column * self.columns_per_week


def window(grid: Grid, start: int, count: int) -> Grid:
    """`count` week-columns of `grid` from `start`, with month labels for that range.

    For a rolling grid cut to its last columns this is exactly `recent_grid` for that many
    weeks: same cells, same labels.
    """
    weeks = grid.weeks[start : start + count]
    days = [cell.day for week in weeks for cell in week if cell.day is not None]
    if not days:
        return Grid(first=grid.first, last=grid.last, weeks=weeks, month_labels=())
    first, last = min(days), max(days)
    shown_last = min(last, grid.last)
    return Grid(
        first=first,
        last=shown_last,
        weeks=weeks,
        month_labels=month_labels(first, shown_last),
        weekday_labels=grid.weekday_labels,
    )


def needed_width(grid: Grid) -> int:
    """The columns `grid` takes: the gutter, the weeks (the last one's gap may be left out)
    and the month labels (a label that starts in the last week runs past it)."""
    weeks = len(grid.weeks)
    ends = [GUTTER + column * CELL_WIDTH + len(name) for column, name in grid.month_labels]
    return max([GUTTER + CELL_WIDTH * weeks - 1, *ends])


def fit(grid: Grid, width: int, focus: date | None = None) -> View:
    """All the weeks, centred, when they fit; else as many as fit (never under one).

    When cutting, the window ends with the last week, or holds `focus` (the cursor) if given.
    A calendar year of 53 weeks fits in 109 columns (issue 25: in a 110-column terminal).
    """
    weeks = len(grid.weeks)
    room = width - GUTTER - LABEL_OVERHANG
    if needed_width(grid) <= width:
        return View(grid, max(0, (room - CELL_WIDTH * weeks) // 2))
    count = max(1, room // CELL_WIDTH)
    start = weeks - count
    if focus is not None and grid.cell(focus) is not None:
        column = _column_of(grid, focus)
        if column is not None and not start <= column < start + count:
            start = max(0, min(column - count // 2, weeks - count))
    return View(window(grid, start, count), 0)


def _column_of(grid: Grid, day: date) -> int | None:
    for column, week in enumerate(grid.weeks):
        for cell in week:
            if cell.day == day:
                return column
    return None


class Heatmap(Widget):
    """A week-by-weekday heatmap of a `Grid`, with month and weekday labels and a legend."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *STATE_CLASSES.values(),
        "heatmap--today",
        "heatmap--cursor",
        "heatmap--label",
        "heatmap--marker",
        "heatmap--cursor-marker",
    }

    DEFAULT_CSS = """
    Heatmap {
        height: auto;
    }
    """

    cursor: reactive[date | None] = reactive(None)
    """The selected day (drawn highlighted, with a marker under its week), or None."""

    class DayClicked(Message):
        """A day of the heatmap was clicked."""

        def __init__(self, heatmap: Heatmap, day: date) -> None:
            super().__init__()
            self.heatmap = heatmap
            self.day = day

        @property
        def control(self) -> Heatmap:
            return self.heatmap

    def __init__(
        self,
        grid: Grid | None = None,
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._grid = grid
        # Styles by (component, modifiers): a year is ~400 cells drawn with a handful of
        # styles, and each lookup walks the stylesheet. Emptied whenever the styles change.
        self._styles: dict[tuple[str, ...], Style] = {}

    # ---- public API ----------------------------------------------------------------------

    @property
    def grid(self) -> Grid | None:
        return self._grid

    def update_grid(self, grid: Grid) -> None:
        """Draw `grid` (a new year, or the same range after the data changed)."""
        self._grid = grid
        self.refresh(layout=True)

    @property
    def ascii_only(self) -> bool:
        """True when colours cannot carry the states: NO_COLOR or 16 colours or fewer."""
        return colours_are_off(self)

    def view(self, width: int | None = None) -> View | None:
        """How the grid is laid out at `width` (default: the current content width)."""
        if self._grid is None:
            return None
        return fit(self._grid, self.content_size.width if width is None else width, self.cursor)

    def day_at(self, x: int, y: int) -> date | None:
        """The day drawn at content offset (x, y), if any."""
        view = self.view()
        if view is None:
            return None
        row = y - LABEL_ROWS
        if not 0 <= row < DAY_ROWS:
            return None
        offset = x - view.left - GUTTER
        if offset < 0:
            return None
        column = offset // view.columns_per_week
        if column >= view.weeks:
            return None
        return view.grid.weeks[column][row].day

    # ---- events --------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        day = self.day_at(offset.x, offset.y)
        if day is not None:
            event.stop()
            self.post_message(self.DayClicked(self, day))

    # ---- sizing --------------------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if self._grid is None:
            return container.width
        return max(needed_width(self._grid), self._legend_width())

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return LABEL_ROWS + DAY_ROWS + MARKER_ROWS + len(self._legend_lines(width))

    # ---- drawing -------------------------------------------------------------------------

    def _glyphs(self) -> dict[DayState, str]:
        return GLYPHS if self.ascii_only else UNICODE_GLYPHS

    def notify_style_update(self) -> None:
        self._styles.clear()  # a new theme, or classes changed: look the styles up again
        super().notify_style_update()

    def _style(self, name: str, *modifiers: str) -> Style:
        """The widget's style, then component `name`, then only what each modifier sets.

        (Textual's multi-name component lookup resets the colour, so modifiers like
        `heatmap--today` are layered here instead.)"""
        key = (name, *modifiers)
        cached = self._styles.get(key)
        if cached is None:
            cached = self._styles[key] = self._build_style(name, *modifiers)
        return cached

    def _build_style(self, name: str, *modifiers: str) -> Style:
        style = self.rich_style + self.get_component_rich_style(name)
        for modifier in modifiers:
            full = self.get_component_rich_style(modifier)
            partial = self.get_component_rich_style(modifier, partial=True)
            style += partial.without_color + Style.from_color(
                full.color if partial.color else None,
                full.bgcolor if partial.bgcolor else None,
            )
        return style

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self.rich_style
        view = self.view(width)
        if view is None:
            return Strip.blank(width, base)
        if y < LABEL_ROWS:
            segments = self._month_row(view, width)
        elif y < LABEL_ROWS + DAY_ROWS:
            segments = self._day_row(view, y - LABEL_ROWS)
        elif y < LABEL_ROWS + DAY_ROWS + MARKER_ROWS:
            segments = self._marker_row(view, width)
        else:
            lines = self._legend_lines(width)
            index = y - LABEL_ROWS - DAY_ROWS - MARKER_ROWS
            if index >= len(lines):
                return Strip.blank(width, base)
            indent = self._legend_indent(view, width)
            segments = [Segment(" " * indent, base), *lines[index]]
        return Strip(segments).adjust_cell_length(width, base).crop(0, width)

    def _month_row(self, view: View, width: int) -> list[Segment]:
        label = self._style("heatmap--label")
        # As wide as the widget, not the grid: the last month's label may start in the last
        # week column and run past it.
        text = [" "] * max(view.width, width - view.left)
        for column, name in view.grid.month_labels:
            x = GUTTER + column * view.columns_per_week
            for i, char in enumerate(name):
                if x + i < len(text):
                    text[x + i] = char
        return [Segment(" " * view.left, self.rich_style), Segment("".join(text), label)]

    def _day_row(self, view: View, row: int) -> list[Segment]:
        glyphs = self._glyphs()
        base = self.rich_style  # once per row: Textual works it out from every ancestor
        gap = " " * (view.columns_per_week - 1)
        cursor = self.cursor
        label_style = self._style("heatmap--label")
        names = dict(view.grid.weekday_labels)
        gutter = names.get(row, "")
        gutter_style = label_style
        if cursor is not None and view.grid.cell(cursor) is not None and cursor.weekday() == row:
            gutter = WEEKDAY_NAMES[row]
            gutter_style = self._style("heatmap--label", "heatmap--cursor")
        segments = [
            Segment(" " * view.left, base),
            Segment(f"{gutter:<{GUTTER}}", gutter_style),
        ]
        for week in view.grid.weeks:
            cell = week[row]
            glyph = self._glyph(cell, glyphs)
            if cell.day is None:  # padding outside the range
                segments.append(Segment(glyph * view.columns_per_week, base))
                continue
            styles = [STATE_CLASSES[cell.state]]
            if cell.is_today:
                styles.append("heatmap--today")
            if cursor is not None and cell.day == cursor:
                styles.append("heatmap--cursor")
            segments.append(Segment(glyph, self._style(styles[0], *styles[1:])))
            segments.append(Segment(gap, base))  # the gap keeps days apart
        return segments

    @staticmethod
    def _glyph(cell: Cell, glyphs: dict[DayState, str]) -> str:
        if cell.day is None:
            return PADDING_GLYPH
        return glyphs[cell.state]

    def _marker_row(self, view: View, width: int) -> list[Segment]:
        """▲ under the cursor's week, △ and "today" under today's week."""
        ascii_only = self.ascii_only
        cursor_arrow, today_arrow = ("^", "*") if ascii_only else ("▲", "△")
        line: list[tuple[str, Style]] = [(" ", self.rich_style)] * width
        cursor_x = today_x = None
        for column, week in enumerate(view.grid.weeks):
            for cell in week:
                if cell.day is not None and cell.day == self.cursor:
                    cursor_x = view.x_of(column)
                if cell.is_today:
                    today_x = view.x_of(column)

        def put(x: int, text: str, style: Style) -> None:
            for i, char in enumerate(text):
                if 0 <= x + i < width:
                    line[x + i] = (char, style)

        def fits(start: int, text: str) -> bool:
            end = start + len(text)
            return (
                start >= 0
                and end <= width
                and not (cursor_x is not None and start <= cursor_x < end)
            )

        marker = self._style("heatmap--marker")
        if cursor_x is not None:
            put(cursor_x, cursor_arrow, self._style("heatmap--cursor-marker"))
        if today_x is not None:
            if today_x != cursor_x:  # else the cursor's arrow already marks the week
                put(today_x, today_arrow, marker)
            for x, text in ((today_x + 1, " today"), (today_x - 6, "today ")):
                if fits(x, text):
                    put(x, text, marker)
                    break
        return [Segment(char, style) for char, style in line]

    def _legend_entries(self) -> list[tuple[str, str, DayState]]:
        glyphs = self._glyphs()
        return [(glyphs[state], label, state) for state, label in legend()]

    def _legend_width(self) -> int:
        entries = self._legend_entries()
        return (
            GUTTER
            + sum(2 + len(label) for _, label, _ in entries)
            + LEGEND_GAP * (len(entries) - 1)
        )

    def _legend_indent(self, view: View, width: int) -> int:
        """Under the grid when the legend fits there on one line, else from the left edge."""
        aligned = view.left + GUTTER
        if aligned + self._legend_width() - GUTTER <= width:
            return aligned
        return 0

    def _legend_lines(self, width: int) -> list[list[Segment]]:
        """The legend, wrapped so that no line is wider than the room after its indent."""
        if self._grid is None:
            return [[]]
        view = fit(self._grid, width, self.cursor)
        room = max(1, width - self._legend_indent(view, width))
        label = self._style("heatmap--label") if self.is_attached else Style()
        lines: list[list[Segment]] = [[]]
        used = 0
        for glyph, text, state in self._legend_entries():
            size = 2 + len(text)
            gap = LEGEND_GAP if used else 0
            if used and used + gap + size > room:
                lines.append([])
                used, gap = 0, 0
            style = self._style(STATE_CLASSES[state]) if self.is_attached else Style()
            if gap:
                lines[-1].append(Segment(" " * gap, label))
            lines[-1].extend([Segment(glyph, style), Segment(f" {text}", label)])
            used += gap + size
        return lines
