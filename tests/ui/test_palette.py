"""The command palette: every action the main screen's keys have, and no second "Keys"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.command import CommandPalette
from textual.pilot import Pilot

from tests.conftest import NOW
from tests.ui.conftest import MakeApp, settle
from tracker.core.clock import FakeClock
from tracker.store.database import Store
from tracker.ui.app import SuppleApp
from tracker.ui.keys import action_name
from tracker.ui.palette import COMMAND_WORDS
from tracker.ui.screens.calendar import CalendarScreen
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.main import MainScreen

TODAY = NOW.date()


def titles(app: SuppleApp) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


async def test_every_key_of_the_main_screen_has_a_command(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        shown = titles(app)
        for binding in MainScreen.BINDINGS:
            assert isinstance(binding, Binding)
            name = action_name(binding.action)
            assert shown.count(COMMAND_WORDS[name][0]) == 1, binding.key
        for title in ("Log today as done", "Skip today, or unskip it", "Snooze the reminder"):
            assert title in shown
        assert "Keys" not in shown  # Textual's key panel: our Help lists every key
        assert "Help: keys and rules" in shown
        assert "Theme" in shown
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert helps["Log today as done"].endswith("(key d)")
        assert helps["Settings"].endswith("(key ,)")
        assert helps["Quit"].endswith("(key q)")  # ours, not Textual's


async def test_the_commands_are_there_on_other_screens_too(make_app: MakeApp) -> None:
    app = make_app(start="calendar")
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert "Log today as done" in titles(app)


async def run_from_palette(app: SuppleApp, pilot: Pilot[Any], words: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*words)
    await app.workers.wait_for_complete()  # the palette searches in a worker
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)
    await pilot.pause()


async def test_done_and_skip_from_the_palette_change_today(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    app = make_app(start="calendar")  # from another screen than the main one
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await run_from_palette(app, pilot, "skip today")
        assert TODAY in Store(data_dir, clock).load().history.skips
        await run_from_palette(app, pilot, "skip today")
        assert TODAY not in Store(data_dir, clock).load().history.skips
        await run_from_palette(app, pilot, "log today as done")
        assert TODAY in Store(data_dir, clock).load().history.done
        assert isinstance(app.screen, CalendarScreen)  # it stays where it was


async def test_help_from_the_palette(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await run_from_palette(app, pilot, "help keys")
        assert isinstance(app.screen, HelpScreen)
