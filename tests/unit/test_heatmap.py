"""The heatmap grid: layout (weeks are columns, Monday first), ranges, labels and states."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.core.day_states import DayState, day_state
from tracker.core.days import day_of
from tracker.core.heatmap import (
    GLYPHS,
    MONTH_NAMES,
    WEEKDAY_LABELS,
    Grid,
    last_months_grid,
    legend,
    month_labels,
    recent_grid,
    week_pain_trend,
    year_grid,
)
from tracker.core.rules import History, history_from

ONE_DAY = timedelta(days=1)
TODAY = date(2026, 3, 11)  # a Wednesday

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


def dated(grid: Grid) -> list[date]:
    return [cell.day for week in grid.weeks for cell in week if cell.day is not None]


def span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


class NoIterSet(frozenset[date]):
    """A set that answers membership but refuses to be walked: proves no full scan."""

    def __iter__(self) -> Iterator[date]:
        raise AssertionError("the heatmap iterated over the whole history")


class CountingLookups(Mapping[date, tuple[int, ...]]):
    """A mapping that counts lookups and refuses to be walked."""

    def __init__(self, data: dict[date, tuple[int, ...]]) -> None:
        self.data = data
        self.looked_up: list[date] = []

    def __getitem__(self, key: date) -> tuple[int, ...]:
        self.looked_up.append(key)
        return self.data[key]

    def __iter__(self) -> Iterator[date]:
        raise AssertionError("the pain trend iterated over the whole history")

    def __len__(self) -> int:
        raise AssertionError("the pain trend asked for the size of the history")


# --- layout ---------------------------------------------------------------------------------


def assert_monday_columns(grid: Grid) -> None:
    assert grid.weeks
    start = grid.first - timedelta(days=grid.first.weekday())
    for column, week in enumerate(grid.weeks):
        assert len(week) == 7
        monday = start + timedelta(weeks=column)
        assert monday.weekday() == 0
        for row, cell in enumerate(week):
            if cell.day is not None:
                assert cell.day == monday + timedelta(days=row)
                assert cell.day.weekday() == row


@given(today=dates, weeks=st.integers(min_value=1, max_value=60))
def test_every_column_starts_on_monday(today: date, weeks: int) -> None:
    assert_monday_columns(year_grid(History(), today.year, today))
    assert_monday_columns(last_months_grid(History(), today))
    grid = recent_grid(History(), today, weeks)
    assert_monday_columns(grid)
    first_cell = grid.weeks[0][0].day
    assert first_cell is not None and first_cell.weekday() == 0


def test_weekday_labels() -> None:
    grid = year_grid(History(), 2026, TODAY)
    assert grid.weekday_labels == ((0, "Mon"), (2, "Wed"), (4, "Fri")) == WEEKDAY_LABELS


# --- year grid --------------------------------------------------------------------------------


def test_year_2026_starts_on_thursday_with_three_padding_cells() -> None:
    grid = year_grid(History(), 2026, TODAY)
    assert grid.first == date(2026, 1, 1)
    assert grid.last == date(2026, 12, 31)
    first_week = [cell.day for cell in grid.weeks[0]]
    assert first_week == [None, None, None] + [date(2026, 1, d) for d in range(1, 5)]
    assert all(cell.day is None for cell in grid.weeks[0][:3])


def test_year_2026_ends_with_padding_after_december_31() -> None:
    grid = year_grid(History(), 2026, TODAY)
    last_week = [cell.day for cell in grid.weeks[-1]]
    # Dec 31 2026 is a Thursday: Friday to Sunday are padding.
    assert last_week == [date(2026, 12, d) for d in range(28, 32)] + [None, None, None]
    assert len(grid.weeks) == 53


@pytest.mark.parametrize(("year", "days"), [(2023, 365), (2024, 366), (2026, 365), (2000, 366)])
def test_year_grid_has_one_cell_per_day(year: int, days: int) -> None:
    grid = year_grid(History(), year, TODAY)
    real = dated(grid)
    assert len(real) == days
    assert real == span(date(year, 1, 1), date(year, 12, 31))


def test_year_grid_month_labels_2026() -> None:
    grid = year_grid(History(), 2026, TODAY)
    assert grid.month_labels == (
        (0, "Jan"), (4, "Feb"), (8, "Mar"), (13, "Apr"), (17, "May"), (22, "Jun"),
        (26, "Jul"), (30, "Aug"), (35, "Sep"), (39, "Oct"), (43, "Nov"), (48, "Dec"),
    )  # fmt: skip


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026, 2027, 2028])
def test_month_label_sits_on_the_column_holding_the_first(year: int) -> None:
    grid = year_grid(History(), year, date(year, 6, 1))
    assert [name for _, name in grid.month_labels] == list(MONTH_NAMES)
    for (column, name), month in zip(grid.month_labels, range(1, 13), strict=True):
        assert name == MONTH_NAMES[month - 1]
        assert date(year, month, 1) in [cell.day for cell in grid.weeks[column]]
    columns = [column for column, _ in grid.month_labels]
    assert all(b - a >= 4 for a, b in pairwise(columns))


def test_colliding_month_labels_are_dropped() -> None:
    # With a wider gap, months only 4 columns after the previous label lose theirs.
    labels = month_labels(date(2026, 1, 1), date(2026, 12, 31), min_gap=5)
    columns = [column for column, _ in labels]
    assert labels[0] == (0, "Jan")
    assert "Feb" not in [name for _, name in labels]  # Feb 1 is only 4 columns after Jan 1
    assert all(b - a >= 5 for a, b in pairwise(columns))
    assert len(labels) < 12


def test_year_grid_cell_lookup() -> None:
    grid = year_grid(History(), 2026, TODAY)
    cell = grid.cell(TODAY)
    assert cell is not None and cell.day == TODAY and cell.is_today
    assert grid.cell(date(2025, 12, 31)) is None  # padding before Jan 1
    assert grid.cell(date(2027, 1, 1)) is None  # padding after Dec 31
    assert grid.cell(date(2030, 1, 1)) is None


def test_year_grid_of_a_past_year_has_no_today() -> None:
    grid = year_grid(History(first_day=date(2020, 1, 1)), 2025, TODAY)
    cells = [cell for week in grid.weeks for cell in week if cell.day is not None]
    assert not any(cell.is_today for cell in cells)
    assert {cell.state for cell in cells} == {DayState.MISSED}


# --- rolling grids -----------------------------------------------------------------------------


@pytest.mark.parametrize("weeks", [1, 2, 17, 26, 53])
def test_recent_grid_has_the_requested_columns_ending_with_todays_week(weeks: int) -> None:
    grid = recent_grid(History(first_day=date(2020, 1, 1)), TODAY, weeks)
    assert len(grid.weeks) == weeks
    assert grid.last == TODAY
    assert grid.first == date(2026, 3, 9) - timedelta(weeks=weeks - 1)
    last_week = grid.weeks[-1]
    assert [cell.day for cell in last_week] == span(date(2026, 3, 9), date(2026, 3, 15))
    assert [cell.state for cell in last_week] == [
        DayState.MISSED,
        DayState.MISSED,
        DayState.PENDING,
        DayState.FUTURE,
        DayState.FUTURE,
        DayState.FUTURE,
        DayState.FUTURE,
    ]
    assert [cell.is_today for cell in last_week] == [False, False, True] + [False] * 4
    assert dated(grid) == span(grid.first, date(2026, 3, 15))


def test_recent_grid_on_a_sunday_has_no_future_and_on_a_monday_six() -> None:
    sunday = date(2026, 3, 15)
    grid = recent_grid(History(), sunday, 4)
    assert not any(cell.state is DayState.FUTURE for week in grid.weeks for cell in week)
    monday = date(2026, 3, 16)
    grid = recent_grid(History(), monday, 4)
    states = [cell.state for cell in grid.weeks[-1]]
    assert states == [DayState.PENDING] + [DayState.FUTURE] * 6


@given(today=dates, weeks=st.integers(min_value=1, max_value=80))
def test_recent_grid_always_ends_with_the_week_of_today(today: date, weeks: int) -> None:
    grid = recent_grid(History(), today, weeks)
    assert len(grid.weeks) == weeks
    assert today in [cell.day for cell in grid.weeks[-1]]
    assert sum(cell.is_today for week in grid.weeks for cell in week) == 1


def test_recent_grid_rejects_no_weeks() -> None:
    with pytest.raises(ValueError):
        recent_grid(History(), TODAY, 0)
    with pytest.raises(ValueError):
        last_months_grid(History(), TODAY, months=0)


def test_last_months_grid_covers_a_year_ending_today() -> None:
    grid = last_months_grid(History(), TODAY)
    # One year back plus one day is 2025-03-12, a Wednesday; its week starts on Monday 2025-03-10.
    assert grid.first == date(2025, 3, 10)
    assert grid.last == TODAY
    real = dated(grid)
    assert real[0] == date(2025, 3, 10)
    assert real[-1] == date(2026, 3, 15)  # the rest of today's week is shown as future
    assert len(grid.weeks) == 53
    assert grid.month_labels[0] == (3, "Apr")
    assert [name for _, name in grid.month_labels] == [
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
    ]  # fmt: skip


def test_last_months_grid_on_february_29() -> None:
    today = date(2028, 2, 29)
    grid = last_months_grid(History(), today)
    # 2027 has no Feb 29: a year back is Feb 28, plus one day is Mar 1 2027, a Monday.
    assert grid.first == date(2027, 3, 1)
    assert grid.last == today
    real = dated(grid)
    assert real[0] == date(2027, 3, 1)
    assert date(2027, 2, 28) not in real
    assert today in real
    assert grid.month_labels[0] == (0, "Mar")
    assert grid.month_labels[-1][1] == "Feb"
    cell = grid.cell(today)
    assert cell is not None and cell.is_today


@pytest.mark.parametrize(
    ("today", "months", "first"),
    [
        (date(2025, 3, 31), 1, date(2025, 2, 24)),  # no Feb 31: Feb 28 + 1 = Sat Mar 1
        (date(2026, 1, 15), 6, date(2025, 7, 14)),  # Jul 15 + 1 = Wed Jul 16
        (date(2024, 12, 31), 12, date(2024, 1, 1)),  # Dec 31 + 1 = Mon Jan 1 itself
    ],
)
def test_last_months_grid_with_other_spans(today: date, months: int, first: date) -> None:
    grid = last_months_grid(History(), today, months)
    assert grid.first == first
    assert grid.last == today
    assert dated(grid)[0] == first


# --- states ------------------------------------------------------------------------------------


def sample_history() -> History:
    return History(
        done=frozenset({date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 7)}),
        attempted=frozenset({date(2026, 3, 4)}),
        skips=frozenset({date(2026, 3, 5), date(2026, 3, 7), date(2026, 3, 13)}),
        complete_count=3,
        first_day=date(2026, 3, 2),
    )


def test_states_come_from_day_state() -> None:
    history = sample_history()
    grid = recent_grid(history, TODAY, 3)
    expected = {
        date(2026, 3, 1): DayState.BEFORE,  # before the first recorded day
        date(2026, 3, 2): DayState.DONE,
        date(2026, 3, 3): DayState.DONE,
        date(2026, 3, 4): DayState.PARTIAL,
        date(2026, 3, 5): DayState.SKIP,
        date(2026, 3, 6): DayState.MISSED,
        date(2026, 3, 7): DayState.DONE,  # done on a skip day is done
        date(2026, 3, 10): DayState.MISSED,
        date(2026, 3, 11): DayState.PENDING,
        date(2026, 3, 12): DayState.FUTURE,
        date(2026, 3, 13): DayState.SKIP,  # a planned rest day
    }
    for day, state in expected.items():
        cell = grid.cell(day)
        assert cell is not None, day
        assert cell.state is state, day
    for week in grid.weeks:
        for cell in week:
            assert cell.day is not None
            assert cell.state is day_state(history, cell.day, TODAY)


def test_today_done_is_done_and_still_today() -> None:
    history = History(done=frozenset({TODAY}), complete_count=1, first_day=TODAY)
    cell = last_months_grid(history, TODAY).cell(TODAY)
    assert cell is not None and cell.state is DayState.DONE and cell.is_today


@given(today=dates, data=st.data())
def test_every_cell_agrees_with_day_state(today: date, data: st.DataObject) -> None:
    nearby = st.dates(min_value=today - timedelta(days=400), max_value=today + timedelta(days=30))
    history = History(
        done=frozenset(data.draw(st.sets(nearby, max_size=40))),
        attempted=frozenset(data.draw(st.sets(nearby, max_size=20))),
        skips=frozenset(data.draw(st.sets(nearby, max_size=20))),
        first_day=data.draw(st.none() | nearby),
    )
    for grid in (last_months_grid(history, today), year_grid(history, today.year, today)):
        for week in grid.weeks:
            for cell in week:
                if cell.day is not None:
                    assert cell.state is day_state(history, cell.day, today)
                    assert cell.is_today == (cell.day == today)


def test_a_session_after_midnight_lands_on_the_supple_day() -> None:
    # With day-start 04:00, a session begun at 01:30 on the 11th belongs to the 10th; the
    # stored record already carries that day as its `date`.
    started = datetime(2026, 3, 11, 1, 30)
    supple_day = day_of(started, time(4, 0))
    assert supple_day == date(2026, 3, 10)
    session = {
        "id": "b3f1",
        "date": supple_day.isoformat(),
        "started_at": started.isoformat() + "+01:00",
        "kind": "guided",
        "status": "complete",
        "pain_after": 2,
    }
    history = history_from([session], [], created=date(2026, 3, 1))
    grid = recent_grid(history, TODAY, 2)
    before, after = grid.cell(date(2026, 3, 10)), grid.cell(date(2026, 3, 11))
    assert before is not None and before.state is DayState.DONE
    assert after is not None and after.state is DayState.PENDING
    assert week_pain_trend(history, TODAY, 1) == [2.0]


# --- cost ----------------------------------------------------------------------------------------


def test_grid_does_not_depend_on_older_history() -> None:
    window = last_months_grid(History(), TODAY)
    ten_years = span(TODAY - timedelta(days=3652), TODAY)
    last_year = span(window.first, TODAY)
    long = History(done=frozenset(ten_years), complete_count=len(ten_years), first_day=ten_years[0])
    short = History(
        done=frozenset(last_year), complete_count=len(last_year), first_day=last_year[0]
    )
    assert last_months_grid(long, TODAY) == last_months_grid(short, TODAY)
    assert recent_grid(long, TODAY, 26) == recent_grid(short, TODAY, 26)
    assert year_grid(long, 2026, TODAY) == year_grid(short, 2026, TODAY)


def test_grids_never_walk_the_history() -> None:
    history = History(
        done=NoIterSet(span(date(2010, 1, 1), TODAY)),
        attempted=NoIterSet({date(2025, 6, 1)}),
        skips=NoIterSet({date(2025, 7, 1)}),
        first_day=date(2010, 1, 1),
    )
    grid = last_months_grid(history, TODAY)
    states = {cell.state for week in grid.weeks for cell in week}
    assert states == {DayState.DONE, DayState.FUTURE}
    year_grid(history, 2011, TODAY)
    recent_grid(history, TODAY, 10)


# --- pain trend -----------------------------------------------------------------------------------


def test_week_pain_trend_averages_per_monday_week() -> None:
    pain = {
        date(2026, 3, 9): (4, 2),  # this week (Mon): two sessions counted one by one
        date(2026, 3, 11): (3,),  # today
        date(2026, 3, 1): (6,),  # Sunday: last day of the week of Feb 23
        date(2026, 2, 23): (8,),  # Monday of that same week
        date(2026, 2, 22): (10,),  # Sunday before: three weeks back
        date(2025, 1, 1): (0,),  # long ago: outside the trend
    }
    history = History(pain_after=pain)
    trend = week_pain_trend(history, TODAY, weeks=4)
    assert trend == [10.0, 7.0, None, 3.0]
    assert len(week_pain_trend(history, TODAY)) == 12
    assert week_pain_trend(history, TODAY)[-1] == 3.0


def test_week_pain_trend_is_none_without_recordings() -> None:
    assert week_pain_trend(History(), TODAY, weeks=5) == [None] * 5
    assert week_pain_trend(History(), TODAY, weeks=0) == []


def test_week_pain_trend_only_looks_at_its_weeks() -> None:
    lookups = CountingLookups({date(2026, 3, 10): (5,), date(2016, 1, 1): (9,)})
    history = History(pain_after=lookups)
    assert week_pain_trend(history, TODAY, weeks=3) == [None, None, 5.0]
    # Two full weeks and Monday..Wednesday of this week; never the days after today.
    assert len(lookups.looked_up) <= 3 * 7
    assert min(lookups.looked_up) >= date(2026, 2, 23)
    assert max(lookups.looked_up) <= TODAY


# --- legend and glyphs ----------------------------------------------------------------------------


def test_legend_order() -> None:
    assert [state for state, _ in legend()] == [
        DayState.EASED,
        DayState.DONE,
        DayState.PARTIAL,
        DayState.SKIP,
        DayState.MISSED,
        DayState.PENDING,
        DayState.FUTURE,
    ]
    assert all(label for _, label in legend())


def test_glyphs_are_single_width_and_distinct() -> None:
    assert set(GLYPHS) == set(DayState)
    assert all(len(glyph) == 1 and glyph.isascii() for glyph in GLYPHS.values())
    assert len(set(GLYPHS.values())) == len(GLYPHS)
    assert GLYPHS[DayState.DONE] == "#"
