"""Text from the store shown in the app: control characters never reach the terminal raw,
and a skip day's reason is shown in the day view (issue 14)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.content import Content
from textual.widgets import OptionList, Static

from tests.ui.conftest import MakeApp
from tracker.core.clock import FakeClock
from tracker.store.database import Store
from tracker.ui.screens.day_view import DayScreen

TODAY = date(2026, 11, 25)
ESCAPES = "title\x1b]0;pwned\x07 clear\x1b[2J csi\x9b31m"


def raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F]


def plain(value: object) -> str:
    return value.plain if isinstance(value, Content) else str(value)


async def test_the_day_view_shows_escapes_in_notes_visibly(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    day = TODAY - timedelta(days=1)
    store = Store(data_dir, clock)
    store.add_session(
        {
            "id": "n",
            "date": day.isoformat(),
            "kind": "guided",
            "status": "complete",
            "note": ESCAPES,
            "exercises": [{"exercise": "good\x1b[31m", "side": "le\x07ft", "done_sets": 1}],
        }
    )
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("up", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        prompt = plain(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert raw_controls(prompt) == []
        assert "\\x1b]0;pwned\\x07" in prompt and "\\x1b[2J" in prompt and "\\x9b31m" in prompt
        assert "good\\x1b[31m" in prompt and "le\\x07ft" in prompt
        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot and "\x07" not in screenshot


async def test_the_day_view_shows_the_skip_reason(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    day = TODAY - timedelta(days=1)
    Store(data_dir, clock).mark_skip([day], "knee sore \x1b[2J after the hike")
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("up", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        state = plain(app.screen.query_one("#day-state", Static).content)
        assert "Reason: knee sore \\x1b[2J after the hike" in state
        assert raw_controls(state) == []
