"""Pilot tests of a session followed from the floor: the big stage at real terminal sizes, sound
and voice cues (through recording stand-ins for the players), getting into position, and the
defects found in trials (digit and Enter in one read, ctrl+q, time taken, '²', high pain)."""

from __future__ import annotations

import ast
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.geometry import Region
from textual.widgets import Input

from tests.conftest import TINY, TINY_TOTAL
from tests.ui.conftest import MakeApp
from tests.ui.test_session import (
    advance,
    countdown,
    label,
    phase_word,
    saved_sessions,
    session_screen,
    settle,
    stage,
    start,
    tiny_store,
)
from tracker.core.clock import FakeClock
from tracker.sound import tones
from tracker.store.database import Store
from tracker.ui.app import SuppleApp
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.session_parts import ChoiceModal

BLOCKS = set("▀▄█")


@pytest.fixture
def small_app(make_app: MakeApp, data_dir: Path, clock: FakeClock) -> SuppleApp:
    """The app over a store with the tiny session settings (a 20 s session)."""
    tiny_store(data_dir, clock)
    return make_app()


def tiny_app_with(
    make_app: MakeApp, data_dir: Path, clock: FakeClock, **settings: object
) -> SuppleApp:
    tiny_store(data_dir, clock)
    store = Store(data_dir, clock)
    for key, value in settings.items():
        store.set_setting(key, value)
    return make_app()


def stage_rows(app: SuppleApp) -> list[str]:
    """The stage as the compositor gets it: its rendered lines, as text."""
    widget = stage(app)
    size = widget.size
    strips = widget.render_lines(Region(0, 0, size.width, size.height))
    return [strip.text for strip in strips]


def digit_rows(app: SuppleApp) -> int:
    """How many rows of the stage's digits area hold ink: the digits' rendered height."""
    widget = stage(app)
    box = widget.layout_now.digits
    rows = stage_rows(app)
    inked = [i for i, row in enumerate(rows) if i >= box.y and BLOCKS & set(row[box.x : box.width])]
    return 0 if not inked else inked[-1] - inked[0] + 1


# -- the countdown scales ---------------------------------------------------------------------


async def test_the_hold_countdown_fills_the_terminal_at_each_size(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    heights: dict[tuple[int, int], int] = {}
    for size in ((120, 40), (80, 24), (40, 12)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await start(pilot)
            await advance(pilot, clock, 5 + 2 + 1, step=1)  # into the first hold
            assert phase_word(app) == "Hold" and countdown(app) == "2"
            heights[size] = digit_rows(app)
            assert stage(app).digit_rows() == heights[size]
            rows = stage_rows(app)
            # never cut off: the ink ends inside the stage, every row the stage's width
            assert all(len(row) == stage(app).size.width for row in rows)
            assert not BLOCKS & set(rows[-1])
    assert heights[(120, 40)] >= 13
    assert heights[(80, 24)] >= 7
    assert 1 <= heights[(40, 12)] < 7  # plain large text


async def test_the_figure_moves_with_the_phase_and_redraws_only_when_the_pose_changes(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app_with(make_app, data_dir, clock, tempo=2, **{"good-morning.hold": 2})
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        assert stage(app).view.amount == 0.0  # get ready: standing tall
        standing = stage_rows(app)
        await advance(pilot, clock, 1 + 1)  # half way down
        assert phase_word(app) == "Lower"
        assert 0.3 < stage(app).view.amount < 0.7
        await advance(pilot, clock, 1.5)  # holding
        assert phase_word(app) == "Hold" and stage(app).view.amount == 1.0
        hinged = stage_rows(app)
        assert hinged != standing
        shows: list[bool] = []
        widget = stage(app)
        original = widget.show

        def counting(view: Any) -> bool:
            changed = original(view)
            shows.append(changed)
            return changed

        widget.show = counting  # type: ignore[method-assign]
        await settle(pilot)  # the timer looks ten times a second; nothing changed in a hold
        assert shows and not any(shows)
        await advance(pilot, clock, 1.5 + 1)  # half way back up
        assert phase_word(app) == "Return"
        assert 0.3 < stage(app).view.amount < 0.7


async def test_the_last_three_seconds_of_a_rest_are_marked(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app_with(make_app, data_dir, clock, rest=10)
    async with app.run_test(size=(100, 34)) as pilot:
        await start(pilot)
        await advance(pilot, clock, 1 + 2 * 3 + 2)  # 2 s into the rest
        assert phase_word(app) == "Rest" and countdown(app) == "8"
        assert not stage(app).has_class("-final")
        await advance(pilot, clock, 5.5)
        assert countdown(app) == "3"
        assert stage(app).has_class("-final") and stage(app).view.final


# -- sound and voice ----------------------------------------------------------------------


def recording_player(bin_dir: Path, name: str, log: Path) -> None:
    """Stands in for a player: notes which file or line it was given."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        f"with open({str(log)!r}, 'a') as f: f.write(repr(sys.argv[1:]) + '\\n')\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def heard(log: Path) -> list[str]:
    """What was played, in order: tone names and spoken lines."""
    out = []
    for line in log.read_text().splitlines() if log.exists() else []:
        last = ast.literal_eval(line)[-1]
        out.append(Path(last).stem if last.endswith(".wav") else f"say:{last}")
    return out


async def wait_for(predicate: Callable[[], bool], pilot: Any) -> None:
    for _ in range(100):
        if predicate():
            return
        await pilot.pause(0.05)


async def test_a_whole_tiny_session_plays_the_expected_tones(
    make_app: MakeApp,
    data_dir: Path,
    clock: FakeClock,
    tmp_path: Path,
    sound_programs: Callable[[Path], None],
) -> None:
    log = tmp_path / "played.log"
    recording_player(tmp_path / "bin", "paplay", log)
    sound_programs(tmp_path / "bin")
    app = tiny_app_with(make_app, data_dir, clock, rest=5)
    rings = 0

    def ring() -> None:
        nonlocal rings
        rings += 1

    app.bell = ring  # type: ignore[method-assign]
    async with app.run_test(size=(100, 34)) as pilot:
        await start(pilot)
        await advance(pilot, clock, TINY_TOTAL + 4 + 1, step=0.5)
        assert session_screen(app).stage == "summary"
        expected_phases = len(session_screen(app).engine.phases) - 1  # all but the question
        await wait_for(lambda: len(heard(log)) >= expected_phases + 3, pilot)
    played = heard(log)
    # one tone per phase begun, the chime at the end, a tick on each of the rest's last 3 s
    assert played.count(tones.FINISH) == 1 and played[-1] == tones.FINISH
    assert played.count(tones.PHASE) == expected_phases - 1
    assert played.count(tones.TICK) == 3
    rest_at = [i for i, name in enumerate(played) if name == tones.TICK]
    assert rest_at == [rest_at[0], rest_at[0] + 1, rest_at[0] + 2]  # in a row, in the rest
    assert not any(name.startswith("say:") for name in played)  # voice is off by default
    assert rings == 0  # tones, not the bell


async def test_voice_speaks_each_phase_when_turned_on(
    make_app: MakeApp,
    data_dir: Path,
    clock: FakeClock,
    tmp_path: Path,
    sound_programs: Callable[[Path], None],
) -> None:
    log = tmp_path / "played.log"
    recording_player(tmp_path / "bin", "espeak-ng", log)
    sound_programs(tmp_path / "bin")
    app = tiny_app_with(make_app, data_dir, clock, voice=True, sound=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await start(pilot)
        await advance(pilot, clock, 2.5, step=0.5)
        await wait_for(lambda: len(heard(log)) >= 3, pilot)
    said = heard(log)
    assert said[:3] == [
        "say:Get ready: modified good morning. Stand tall, feet hip-width apart.",
        "say:Set 1 of 2. Lower",
        "say:Hold",
    ]


async def test_with_nothing_installed_the_session_runs_and_says_once_it_rings_the_bell(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app_with(make_app, data_dir, clock)
    said: list[str] = []
    rings = 0
    original_notify = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        said.append(message)
        original_notify(message, **kwargs)

    def ring() -> None:
        nonlocal rings
        rings += 1

    app.notify = notify  # type: ignore[method-assign]
    app.bell = ring  # type: ignore[method-assign]
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot)
        assert "Sound: the terminal bell (no sound player found)" in str(
            screen.query_one("#pain-plan").render()
        )
        await advance(pilot, clock, TINY_TOTAL + 1)
        assert screen.stage == "summary"
    about_sound = [m for m in said if "sound player" in m]
    assert len(about_sound) == 1 and "terminal bell" in about_sound[0]
    assert rings >= 10  # a bell for every phase change instead


# -- getting into position ------------------------------------------------------------------


async def test_position_time_is_the_get_ready_before_each_side(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app_with(make_app, data_dir, clock, **{"position-time": 12})
    async with app.run_test(size=(100, 34)) as pilot:
        await start(pilot)
        assert countdown(app) == "1"  # the standing start keeps get-ready
        await advance(pilot, clock, 1 + 2 * 2 * 3 + 1)
        assert phase_word(app) == "Get ready" and countdown(app) == "12"
        assert "Left side" in label(app, "ex-title")


async def test_wait_for_position_waits_for_space_before_each_side(
    make_app: MakeApp, data_dir: Path, clock: FakeClock
) -> None:
    app = tiny_app_with(make_app, data_dir, clock, **{"wait-for-position": True})
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 1 + 2 * 2 * 3 + 1)
        assert phase_word(app) == "Get ready" and countdown(app) == "SPACE"
        assert "when you are in position" in label(app, "next-up")
        await advance(pilot, clock, 60, step=20)
        assert phase_word(app) == "Get ready"  # still waiting, a minute later
        await pilot.press("space")
        await settle(pilot)
        assert phase_word(app) == "Lift" and not screen.engine.paused
        await advance(pilot, clock, 2)
        assert countdown(app) == "SPACE"  # the other side
        await pilot.press("enter")
        await settle(pilot)
        assert phase_word(app) == "Lift"
        await advance(pilot, clock, 2.5)
        assert screen.stage == "summary"
        # 14 s of good mornings, a minute getting down, 2 s a side: waiting counts as active
        assert "Time taken 1:18" in label(app, "summary-facts")


# -- defects found in trials -----------------------------------------------------------------


async def test_a_digit_and_enter_in_one_read_keep_the_pain_score(
    small_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = small_app
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        # Both keys in one read, as from `tmux send-keys 3 Enter`: no pause between them.
        driver = app._driver
        assert driver is not None
        for key, char in (("3", "3"), ("enter", "\r")):
            event = events.Key(key, char)
            event.set_sender(app)
            driver.send_message(event)
        await settle(pilot)
        screen = session_screen(app)
        assert screen.stage == "running"
        assert screen.engine.pain_before == 3
        await advance(pilot, clock, TINY_TOTAL + 1, step=5)
        for key, char in (("7", "7"), ("enter", "\r")):  # and the same for the pain after
            event = events.Key(key, char)
            event.set_sender(app)
            driver.send_message(event)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    (record,) = saved_sessions(data_dir)
    assert (record["pain_before"], record["pain_after"]) == (3, 7)


async def test_ctrl_q_mid_session_asks_and_no_carries_on_with_the_clock_right(
    small_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = small_app
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 1.5)
        left = screen.engine.session_remaining()
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)  # asked, not quit
        assert app.return_code is None
        await advance(pilot, clock, 30, step=10)  # the question waits; so does the session
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and not screen.engine.paused
        assert screen.engine.session_remaining() == left
        await advance(pilot, clock, 1)
        assert screen.engine.session_remaining() == left - 1
    assert not saved_sessions(data_dir)


async def test_ctrl_q_then_y_keeps_the_partial_session_and_quits(
    small_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = small_app
    async with app.run_test(size=(100, 34)) as pilot:
        await start(pilot, pain="2")
        await advance(pilot, clock, 4)
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.return_code is not None  # the app quit
    (record,) = saved_sessions(data_dir)
    assert (record["status"], record["pain_before"]) == ("partial", 2)


async def test_ctrl_q_before_the_session_starts_quits_at_once(
    small_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = small_app
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.return_code is not None


async def test_time_taken_counts_active_time_and_shows_the_pause(
    small_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = small_app
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        await advance(pilot, clock, 25, step=25)  # a while at the pain question
        await pilot.press("enter")
        await settle(pilot)
        await advance(pilot, clock, 3)
        await pilot.press("space")
        await advance(pilot, clock, 70, step=35)
        await pilot.press("space")
        await advance(pilot, clock, TINY_TOTAL - 3 + 1)
        facts = label(app, "summary-facts")
    assert "Time taken 0:20 (paused 1:10)" in facts


async def test_a_pain_answer_in_other_digits_is_explained_not_a_python_error(
    small_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = small_app
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        screen = session_screen(app)
        screen.query_one("#pain-before", Input).value = "²"
        await pilot.press("enter")
        await settle(pilot)
        error = label(app, "pain-error")
        assert screen.stage == "pain"
        assert re.search(r"whole number from 0 to 10", error)
        assert "invalid literal" not in error and "'²'" in error


async def test_high_pain_before_asks_first_and_no_saves_no_session_but_a_rest_day(
    small_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = small_app
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot, pain="8")
        modal = app.screen
        assert isinstance(modal, ChoiceModal)
        text = " ".join(str(w.render()) for w in modal.query("Label, Static"))
        assert "8 of 10" in text and "healthcare" in text and "resting" in text
        assert "Stop here" not in text  # nothing has started: the stop screen's words
        assert "Start the session anyway? y/n" in text
        assert screen.stage == "pain"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    after = Store(data_dir).load()
    assert after.sessions == ()  # no session saved: only today made a rest day (issue 20)
    assert after.history.skip_reasons == {clock.now().date(): "pain"}


async def test_high_pain_before_then_yes_starts_and_keeps_the_score(
    small_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    app = small_app
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot, pain="7")
        await pilot.press("y")
        await settle(pilot)
        assert screen.stage == "running" and screen.engine.pain_before == 7


async def test_moderate_pain_before_starts_without_asking(
    small_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    async with small_app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot, pain="6")
        assert screen.stage == "running"


__all__ = ["TINY"]
