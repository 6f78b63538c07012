"""A stop for pain means rest (issue 20 item 1): `!` then save, or "rest today" at the high-pain
question, makes today a rest day - on the main screen, in `supple status --json`, and no
reminder fires. A real app over a real store, then the real CLI on the same store.
"""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Static

from tests.conftest import RunCli
from tests.ui.conftest import MakeApp
from tests.ui.test_session import advance, saved_sessions, settle, start, tiny_app
from tests.waiting import pause_until
from tracker.core.clock import FakeClock
from tracker.store.database import Store
from tracker.ui.app import SuppleApp
from tracker.ui.screens.main import MainScreen, PainNote
from tracker.ui.screens.session import SessionScreen
from tracker.ui.screens.tutorial import PageText, TutorialScreen

__all__ = ["tiny_app"]  # the fixture, used by name


def hint(app: SuppleApp) -> str:
    assert isinstance(app.screen, MainScreen)
    return str(app.screen.query_one("#hint", Static).render())


def status_json(run_cli: RunCli) -> dict[str, object]:
    result = run_cli("status", "--json")
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def assert_rest_day_everywhere(run_cli: RunCli, data_dir: Path) -> None:
    data = status_json(run_cli)
    assert (data["today_done"], data["today_skipped"], data["skip_reason"]) == (
        False,
        True,
        "pain",
    )
    plain = run_cli("status").out
    assert "rest day (pain)" in plain and "not bed rest" in plain
    # The 07:30 reminder is due at 09:30 (within reminder-grace) but today is a rest day.
    sent = run_cli("remind", "--once")
    assert (sent.code, sent.out, sent.err) == (0, "No reminder is due now.\n", "")
    assert Store(data_dir).load().reminders_sent == ()


async def test_a_stop_for_pain_then_save_makes_today_a_rest_day(
    tiny_app: SuppleApp, data_dir: Path, clock: FakeClock, run_cli: RunCli
) -> None:
    assert run_cli("config", "set", "reminders", "07:30").code == 0
    async with tiny_app.run_test(size=(100, 34)) as pilot:
        screen = await start(pilot, pain="3")
        await advance(pilot, clock, 5)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        advice = str(screen.query_one("#safety", Static).render())
        assert "rest day" in advice and "tingling" in advice
        flags = screen.query_one("#red-flags", Static)
        assert flags.display and "TODAY" in str(flags.render())
        await pilot.press("8", "enter")
        await settle(pilot)
        text = hint(tiny_app)
        assert "rest day" in text and "not bed rest" in text and "Press s" not in text
    (record,) = saved_sessions(data_dir)
    assert record["status"] == "stopped"
    assert_rest_day_everywhere(run_cli, data_dir)


async def test_u_takes_the_stop_and_the_rest_day_back_in_one_step(
    tiny_app: SuppleApp, data_dir: Path, clock: FakeClock
) -> None:
    async with tiny_app.run_test(size=(100, 34)) as pilot:
        await start(pilot, pain="3")
        await pilot.press("exclamation_mark")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "rest day" in hint(tiny_app)
        await pilot.press("u")
        await settle(pilot)
        assert "Press s" in hint(tiny_app)
    snapshot = Store(data_dir).load()
    assert snapshot.sessions == () and snapshot.marks == ()


async def test_rest_today_at_the_high_pain_question_makes_today_a_rest_day(
    tiny_app: SuppleApp, data_dir: Path, clock: FakeClock, run_cli: RunCli
) -> None:
    assert run_cli("config", "set", "reminders", "07:30").code == 0
    async with tiny_app.run_test(size=(100, 34)) as pilot:
        await start(pilot, pain="8")
        modal = str(tiny_app.screen.query_one(".choice-help", Static).render())
        assert "not bed rest" in modal and "rest day" in modal
        await pilot.press("n")
        await settle(pilot)
        assert "rest day" in hint(tiny_app)
        await pilot.press("k")  # k takes it back
        await settle(pilot)
        assert "Press s" in hint(tiny_app)
        await pilot.press("u")  # and u puts it back, reason and all
        await settle(pilot)
        assert "rest day" in hint(tiny_app)
    assert saved_sessions(data_dir) == []  # no session, only the day
    assert_rest_day_everywhere(run_cli, data_dir)


async def test_a_stop_on_a_day_already_done_leaves_it_done(
    tiny_app: SuppleApp, data_dir: Path, clock: FakeClock, run_cli: RunCli
) -> None:
    assert run_cli("done").code == 0
    async with tiny_app.run_test(size=(100, 34)) as pilot:
        await start(pilot, pain="3")
        await pilot.press("exclamation_mark")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    data = status_json(run_cli)
    assert (data["today_done"], data["today_skipped"], data["skip_reason"]) == (True, False, None)


async def test_the_first_session_from_supple_session_shows_the_notice_and_red_flags_first(
    make_app: MakeApp, data_dir: Path
) -> None:
    app = make_app(start="session", seen=False)  # `supple session` on a fresh store
    async with app.run_test(size=(100, 34)) as pilot:
        # nothing has started yet: the tutorial opens once the records are read
        def page_words() -> str:
            if not isinstance(app.screen, TutorialScreen):
                return ""
            return " ".join(app.screen.query_one(PageText).text.split())

        words = await pause_until(pilot, page_words, "the tutorial's first page")
        assert "not medical advice" in words
        assert "Get medical help TODAY" in words and "NICE guideline NG59" in words
        await pilot.press("escape")
        # then the session, at its pain question
        await pause_until(
            pilot,
            lambda: isinstance(app.screen, SessionScreen) and app.screen.query("HeaderTitle"),
            "the session screen, composed",
        )
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.stage == "pain"
    assert Store(data_dir).load().tutorial_seen

    again = make_app(start="session", seen=False)  # the next time: straight to the session
    async with again.run_test(size=(100, 34)) as pilot:
        await pause_until(
            pilot,  # and composed: its header's title is there to be set
            lambda: isinstance(again.screen, SessionScreen) and again.screen.query("HeaderTitle"),
            "the session screen, composed",
        )
        await pilot.pause()


async def test_pain_that_stays_high_is_said_on_the_main_screen_and_at_the_next_session_start(
    tiny_app: SuppleApp, run_cli: RunCli
) -> None:
    for d, after in (("22", "8"), ("24", "9")):
        assert run_cli("done", "--date", f"2026-11-{d}", "--pain-after", after).code == 0
    async with tiny_app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)  # the records are read after the first frame
        note = str(tiny_app.screen.query_one(PainNote).render())
        assert note.startswith("supple's tip: pain after was 7 or more")
        await pilot.press("s")
        await settle(pilot)
        notice = tiny_app.screen.query_one("#pain-notice", Static)
        assert notice.display and "talking to a doctor or physiotherapist" in str(notice.render())
