"""Under the heatmap on a large terminal: the pain chart and the recent sessions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import NOW
from tests.ui.conftest import MakeApp, settle
from tracker.core.clock import FakeClock
from tracker.store.database import Store
from tracker.ui.screens.main import PROGRESS_MIN_HEIGHT, PROGRESS_MIN_WIDTH
from tracker.ui.widgets.pain_chart import EMPTY, PainChart
from tracker.ui.widgets.recent_sessions import RecentSessions

TODAY = NOW.date()


def seed(data_dir: Path, clock: FakeClock, note: str = "felt loose") -> None:
    store = Store(data_dir, clock)
    for n in range(1, 30):
        day = TODAY - timedelta(days=n)
        store.add_session(
            {
                "id": f"s{n:02d}",
                "date": day.isoformat(),
                "kind": "guided",
                "status": "stopped" if n == 2 else "complete",
                "pain_before": 6,
                "pain_after": 6 - n % 4,
                "note": note if n == 1 else "",
            }
        )


@pytest.fixture(autouse=True)
def colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLORTERM", "truecolor")


def lines(widget: RecentSessions | PainChart) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


@pytest.mark.parametrize("size", [(PROGRESS_MIN_WIDTH, PROGRESS_MIN_HEIGHT), (120, 40), (160, 50)])
async def test_a_large_terminal_shows_the_chart_and_the_sessions(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    seed(data_dir, clock)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        chart = app.screen.query_one(PainChart)
        recent = app.screen.query_one(RecentSessions)
        assert chart.display and chart.region.height >= 8 and chart.region.width >= 40
        assert recent.display and recent.region.height >= 6
        footer = app.screen.query_one("AppFooter")
        assert chart.region.bottom <= footer.region.y  # nothing under the footer
        text = lines(chart)
        assert text[0].startswith("Pain, weekly mean")
        assert any("█" in row for row in text)
        assert "This week: 6.0 before, 4.5 after" in text[-1]  # Monday and Tuesday
        rows = lines(recent)
        assert rows[0].startswith("Recent sessions")
        assert rows[2].split()[:6] == ["Tue", "24", "Nov", "guided", "complete", "6"]
        assert "felt loose" in rows[2]
        assert "stopped" in rows[3]
        shown = [row for row in rows[2:] if row.strip()]
        assert len(shown) == min(len(recent.rows), recent.region.height - 2)


@pytest.mark.parametrize(
    "size",
    [(80, 24), (100, 34), (PROGRESS_MIN_WIDTH - 1, 40), (120, PROGRESS_MIN_HEIGHT - 1)],
)
async def test_a_smaller_terminal_hides_them(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    seed(data_dir, clock)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)  # the records are read after the first frame
        assert not app.screen.query_one("#progress").display
        assert app.screen.query_one("#hint").region.height == 1  # the hint keeps its room


async def test_they_come_and_go_with_the_size(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    seed(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the records are read after the first frame
        panel = app.screen.query_one("#progress")
        assert not panel.display
        await pilot.resize_terminal(130, 44)
        await pilot.pause()
        assert panel.display
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not panel.display


async def test_a_note_is_drawn_as_text_on_one_line(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    seed(data_dir, clock, note="[bold]loud[/bold]\x1b[2J\nsecond line\x07")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the records are read after the first frame
        recent = app.screen.query_one(RecentSessions)
        assert recent.rows[0].note == "[bold]loud[/bold] second line"
        row = lines(recent)[2]
        assert "[bold]loud[/bold]" in row  # not taken as markup
        assert "\x1b" not in row and "\x07" not in row


async def test_a_new_session_shows_at_once(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    seed(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        recent = app.screen.query_one(RecentSessions)
        assert recent.rows[0].day == TODAY and recent.rows[0].kind == "logged"


async def test_without_ratings_the_chart_says_how_to_get_one(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the records are read after the first frame
        chart = app.screen.query_one(PainChart)
        assert EMPTY[:40] in " ".join(lines(chart))
        recent = app.screen.query_one(RecentSessions)
        assert "No sessions yet" in " ".join(lines(recent))


def test_a_long_note_is_cut_to_the_room_with_an_ellipsis() -> None:
    from rich.cells import cell_len

    from tracker.ui.widgets.recent_sessions import fit_text

    assert fit_text("felt loose", 20) == "felt loose"
    assert fit_text("felt loose today", 8) == "felt lo…"
    wide = fit_text("腰がとても楽になった", 9)  # two cells a character
    assert cell_len(wide) <= 9 and wide.endswith("…")
    assert fit_text("anything", 0) == ""


async def test_a_new_theme_recolours_the_chart(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    seed(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the records are read after the first frame
        chart = app.screen.query_one(PainChart)

        def bar_colours() -> set[object]:
            return {
                segment.style.color
                for y in range(1, chart.size.height)
                for segment in chart.render_line(y)
                if "█" in segment.text and segment.style is not None
            }

        before = bar_colours()
        app.theme = "textual-light"
        await pilot.pause()
        after = bar_colours()
        assert len(before) == 2 and len(after) == 2 and before != after
