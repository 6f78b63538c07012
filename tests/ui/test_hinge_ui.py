"""The everyday hinge in the app, over a real store: the offer after the first tutorial, the
moments chosen (g without moments), the one-key evening check into the store and
`supple status --json`, the weekly questions when due, the day view, and undo."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from textual.widgets import Input, Static

from tests.conftest import cli_env
from tests.ui.conftest import MakeApp, settle
from tracker.core.clock import FakeClock
from tracker.store.changes import LogHinge
from tracker.store.database import Store
from tracker.ui.screens.day_view import DayScreen
from tracker.ui.screens.hinge import AutomaticityScreen, HingeCheckScreen, MomentsScreen
from tracker.ui.screens.main import MainScreen

TODAY = date(2026, 11, 25)


async def test_g_without_moments_chooses_them_first_then_checks_in_one_key(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, MomentsScreen)
        app.screen.query_one("#moments", Input).value = "2; take out the bins"
        app.screen.query_one("#nudges", Input).value = "9:00"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        settings = Store(data_dir, clock).load().settings
        assert settings.hinge_moments == (
            "load the dishwasher or washing machine",
            "take out the bins",
        )
        assert settings.values["hinge-nudges"] == "09:00"
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, HingeCheckScreen)
        plans = str(app.screen.query_one("#hinge-plans", Static).render())
        assert "When I take out the bins, I hinge from my hips." in plans
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert Store(data_dir, clock).load().hinge_days == {TODAY: "some"}
    status = subprocess.run(
        [sys.executable, "-m", "tracker", "status", "--json"],
        capture_output=True,
        text=True,
        env=cli_env(data_dir),
        check=True,
    )
    assert json.loads(status.stdout)["hinge_today"] == "some"


async def test_bad_moments_say_why_and_save_nothing(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        app.screen.query_one("#moments", Input).value = "a; b; c; d"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MomentsScreen)
        problem = str(app.screen.query_one("#hinge-problem", Static).render())
        assert "at most 3 moments" in problem
    assert Store(data_dir, clock).load().settings.hinge_moments == ()


async def test_the_check_is_undone_with_u(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    Store(data_dir, clock).set_setting("hinge-moments", "lift a bag")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g", "1")
        await settle(pilot)
        assert Store(data_dir, clock).load().hinge_days == {TODAY: "most"}
        await pilot.press("u")
        await settle(pilot)
    assert Store(data_dir, clock).load().hinge_days == {}


async def test_the_weekly_questions_follow_a_check_a_week_after_the_first(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    store = Store(data_dir, clock)
    store.set_setting("hinge-moments", "lift a bag")
    LogHinge("some", TODAY - timedelta(days=7)).apply(store)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g", "3")
        await settle(pilot)
        assert isinstance(app.screen, AutomaticityScreen)
        await pilot.press("5", "6", "5", "6")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    (record,) = Store(data_dir, clock).load().automaticity
    assert record["answers"] == [5, 6, 5, 6]


async def test_the_day_view_shows_the_days_answer(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    store = Store(data_dir, clock)
    LogHinge("some").apply(store)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        line = app.screen.query_one("#day-hinge", Static)
        assert line.display and str(line.render()) == "Everyday hinge: sometimes"


async def test_the_moments_are_offered_once_after_the_first_tutorial(
    make_app: MakeApp,
) -> None:
    app = make_app(seen=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # closes the tutorial, read for the first time
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("press g to choose" in toast for toast in app.toasts)
        app.toasts.clear()
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not any("press g to choose" in toast for toast in app.toasts)


async def test_settings_take_the_moments_and_refuse_a_fourth(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    from tests.ui.test_tutorial_help_settings import open_settings

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_settings(pilot, app)
        await settle(pilot)
        field = screen.query_one("#field-hinge-moments", Input)
        field.focus()
        field.value = "a; b; c; d"
        await pilot.pause()
        assert "at most 3 moments" in screen.row("hinge-moments").error
        await pilot.press("enter")
        await settle(pilot)
        assert Store(data_dir, clock).load().settings.hinge_moments == ()
        field.value = "load the dishwasher; lift a bag"
        await pilot.press("enter")
        await settle(pilot)
        nudges = screen.query_one("#field-hinge-nudges", Input)
        nudges.focus()
        nudges.value = "9:00,25:00"
        await pilot.pause()
        assert "25:00" in screen.row("hinge-nudges").error
    settings = Store(data_dir, clock).load().settings
    assert settings.hinge_moments == ("load the dishwasher", "lift a bag")
    assert settings.hinge_nudges == ()


def test_the_practice_is_three_slow_hinges_down_hold_up() -> None:
    from tracker.core import hinge

    assert hinge.drill_length() == 3 + 3 * (3 + 2 + 3)
    start = hinge.drill_at(0)
    assert start is not None and start.amount == 0 and start.words.startswith("Get ready")
    down = hinge.drill_at(3 + 1.5)
    assert down is not None and down.rep == 1 and down.amount == 0.5
    held = hinge.drill_at(3 + 3 + 1)
    assert held is not None and held.amount == 1 and held.words.startswith("Hold")
    third = hinge.drill_at(3 + 2 * 8 + 1)
    assert third is not None and third.rep == 3
    assert hinge.drill_at(hinge.drill_length()) is None


async def test_p_on_the_hinge_page_practises_with_the_moving_figure(
    clock: FakeClock, make_app: MakeApp
) -> None:
    from tracker.core import hinge
    from tracker.ui.screens.hinge import HingeDrillScreen
    from tracker.ui.screens.tutorial import TutorialScreen

    app = make_app(start="tutorial")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")  # page 1: nothing to practise
        await pilot.pause()
        assert isinstance(app.screen, TutorialScreen)
        await pilot.press("l", "p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HingeDrillScreen)
        first = str(screen.query_one("#drill-figure", Static).render())
        clock.advance(3 + 3)  # at the bottom of the first hinge
        screen.tick()
        await pilot.pause()
        assert "Hinge 1 of 3" in str(screen.query_one("#drill-rep").render())
        assert str(screen.query_one("#drill-figure", Static).render()) != first
        clock.advance(hinge.drill_length())
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, TutorialScreen)
        assert any("Three hinges done" in toast for toast in app.toasts)


async def test_the_calendar_says_the_days_answer_under_the_cursor(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    LogHinge("none", TODAY - timedelta(days=1)).apply(Store(data_dir, clock))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        line = app.screen.query_one("#cal-day", Static)
        assert "Hinge" not in str(line.render())
        await pilot.press("up")  # a day back
        await pilot.pause()
        assert "Hinge: not yet." in str(line.render())
