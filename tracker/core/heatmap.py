"""The calendar heatmap as plain data: weeks are columns, Monday..Sunday are rows.

Pure functions (no Textual, no I/O, no clock). The main screen draws `last_months_grid` or
`recent_grid`, the calendar screen draws `year_grid`; every cell's state comes from
`tracker.core.day_states.day_state`, so the heatmap can never disagree with the streak numbers.

Cost depends only on the number of cells shown: each cell is a few set lookups in the
`History`, which is never iterated as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.core.day_states import DayState, day_state
from tracker.core.rules import History

ONE_DAY = timedelta(days=1)
ONE_WEEK = timedelta(days=7)

MONTH_NAMES = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip

WEEKDAY_LABELS: tuple[tuple[int, str], ...] = ((0, "Mon"), (2, "Wed"), (4, "Fri"))

# Month labels closer than this many columns to the previous label are dropped.
MIN_LABEL_GAP = 4

# Single-width ASCII glyphs, one per state, for terminals without colour (NO_COLOR, TERM=dumb).
GLYPHS: dict[DayState, str] = {
    DayState.EASED: "@",
    DayState.DONE: "#",
    DayState.PARTIAL: "+",
    DayState.SKIP: "~",
    DayState.MISSED: ".",
    DayState.PENDING: "o",
    DayState.FUTURE: "-",
    DayState.BEFORE: " ",
}

# The glyph for a padding cell (`Cell.day is None`).
PADDING_GLYPH = " "

# Short enough for one line under the grid at 80 columns.
_LEGEND: tuple[tuple[DayState, str], ...] = (
    (DayState.EASED, "pain eased"),
    (DayState.DONE, "complete"),
    (DayState.PARTIAL, "partial"),
    (DayState.SKIP, "skip"),
    (DayState.MISSED, "missed"),
    (DayState.PENDING, "today"),
    (DayState.FUTURE, "future"),
)


@dataclass(frozen=True)
class Cell:
    """One day of the heatmap; `day` is None for padding outside the range."""

    day: date | None
    state: DayState
    is_today: bool = False


PADDING = Cell(day=None, state=DayState.BEFORE)


@dataclass(frozen=True)
class Grid:
    """A heatmap: `weeks[column][row]`, row 0 is Monday and row 6 is Sunday.

    `first`..`last` is the range shown. `year_grid` pads the columns with `day=None` cells
    outside the year; the rolling grids (`last_months_grid`, `recent_grid`) end on `last` =
    today and fill the rest of today's week with dated cells (FUTURE, or SKIP when planned).
    """

    first: date
    last: date
    weeks: tuple[tuple[Cell, ...], ...]
    month_labels: tuple[tuple[int, str], ...]
    weekday_labels: tuple[tuple[int, str], ...] = WEEKDAY_LABELS

    def cell(self, day: date) -> Cell | None:
        """The cell showing `day`, or None when the grid does not show it."""
        if not self.weeks:
            return None
        offset = (day - _monday(self.first)).days
        if offset < 0 or offset >= 7 * len(self.weeks):
            return None
        found = self.weeks[offset // 7][offset % 7]
        return found if found.day is not None else None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _months_back(day: date, months: int) -> date:
    """`day` minus `months` calendar months (negative: forward), clamped to the end of a
    shorter month."""
    index = day.year * 12 + (day.month - 1) - months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    next_month = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    last_day = (next_month - ONE_DAY).day
    return date(year, month, min(day.day, last_day))


def _build(history: History, first: date, last: date, today: date, *, pad: bool) -> Grid:
    """Columns from the Monday of `first` to the Sunday of `last`.

    With `pad`, days outside `first`..`last` are padding cells; without it, only days before
    `first` are (the rest of the final week is shown as dated cells).
    """
    start = _monday(first)
    columns = ((last - start).days // 7) + 1
    weeks: list[tuple[Cell, ...]] = []
    for column in range(columns):
        monday = start + column * ONE_WEEK
        cells: list[Cell] = []
        for row in range(7):
            day = monday + row * ONE_DAY
            if day < first or (pad and day > last):
                cells.append(PADDING)
                continue
            cells.append(Cell(day=day, state=day_state(history, day, today), is_today=day == today))
        weeks.append(tuple(cells))
    return Grid(first=first, last=last, weeks=tuple(weeks), month_labels=month_labels(first, last))


def month_labels(
    first: date, last: date, min_gap: int = MIN_LABEL_GAP
) -> tuple[tuple[int, str], ...]:
    """(column, "Jan".."Dec") for each 1st of a month in `first`..`last`, at the column of
    its week (column 0 holds `first`); a label closer than `min_gap` columns to the previous
    one is dropped."""
    start = _monday(first)
    labels: list[tuple[int, str]] = []
    day = first if first.day == 1 else _months_back(first.replace(day=1), -1)
    while day <= last:
        column = (day - start).days // 7
        if not labels or column - labels[-1][0] >= min_gap:
            labels.append((column, MONTH_NAMES[day.month - 1]))
        day = _months_back(day, -1)
    return tuple(labels)


def year_grid(history: History, year: int, today: date) -> Grid:
    """Jan 1 .. Dec 31 of `year`, padded with `day=None` cells outside the year."""
    return _build(history, date(year, 1, 1), date(year, 12, 31), today, pad=True)


def last_months_grid(history: History, today: date, months: int = 12) -> Grid:
    """The range ending today and starting on the Monday of the week that holds the day
    `months` months back plus one day (for 12 months from 2028-02-29: 2027-03-01)."""
    if months < 1:
        raise ValueError("months must be at least 1")
    first = _monday(_months_back(today, months) + ONE_DAY)
    return _build(history, first, today, today, pad=False)


def recent_grid(history: History, today: date, weeks: int) -> Grid:
    """The last `weeks` week-columns, the final one holding today (to fit a width)."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    first = _monday(today) - (weeks - 1) * ONE_WEEK
    return _build(history, first, today, today, pad=False)


def legend() -> list[tuple[DayState, str]]:
    """The states the legend shows, in order, with their labels."""
    return list(_LEGEND)


def week_pain_trend(history: History, today: date, weeks: int = 12) -> list[float | None]:
    """Average pain after sessions per Monday-based week, oldest first, ending with today's
    week; None for a week without a recording. Only the days of those weeks are looked up."""
    if weeks < 1:
        return []
    trend: list[float | None] = []
    start = _monday(today) - (weeks - 1) * ONE_WEEK
    for column in range(weeks):
        monday = start + column * ONE_WEEK
        values: list[int] = []
        for row in range(7):
            day = monday + row * ONE_DAY
            if day > today:
                break
            values.extend(history.pain_after.get(day, ()))
        trend.append(sum(values) / len(values) if values else None)
    return trend
