"""A calendar year is shown whole in a 110-column terminal (issue 25)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.ui.conftest import MakeApp
from tracker.core.heatmap import year_grid
from tracker.core.rules import History
from tracker.ui.screens.calendar import CalendarScreen
from tracker.ui.widgets.heatmap import Heatmap, fit, needed_width


async def test_the_calendar_year_is_whole_at_110_columns(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(110, 38)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        heatmap = app.screen.query_one(Heatmap)
        view = heatmap.view()
        assert heatmap.grid is not None and view is not None
        assert view.weeks == len(heatmap.grid.weeks) == 53  # January to December
        assert view.grid.month_labels[0][1] == "Jan"


@pytest.mark.parametrize("year", range(2000, 2050))
def test_every_53_week_year_needs_at_most_109_columns(year: int) -> None:
    grid = year_grid(History(), year, date(2026, 11, 25))
    if len(grid.weeks) == 53:
        assert needed_width(grid) <= 109
        assert fit(grid, 109).weeks == 53
