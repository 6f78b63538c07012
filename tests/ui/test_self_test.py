"""The self-test in the app: offered when due (day 14) and never on a rest or pain day, taken
through its screen into the real store, shown in the charts, the day view, Help and
`supple status --json`; undone with u."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from textual.widgets import Input, Static

from tests.conftest import cli_env
from tests.ui.conftest import MakeApp, ToastedApp, settle, words_shown
from tracker.core.clock import FakeClock
from tracker.store.changes import LogDone, MarkSkip, RecordMeasures
from tracker.store.database import Store
from tracker.ui.screens.day_view import DayScreen
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.self_test import SelfTestScreen
from tracker.ui.widgets.measure_chart import MeasureChart

TODAY = date(2026, 11, 25)
WIDE = (150, 50)


def hint(app: ToastedApp) -> str:
    return str(app.screen.query_one("#hint", Static).render())


def chart_text(chart: MeasureChart) -> str:
    return "\n".join(chart.render_line(y).text.rstrip() for y in range(chart.content_size.height))


async def type_into(pilot: object, app: ToastedApp, field: str, text: str) -> None:
    app.screen.query_one(f"#{field}", Input).value = text
    await pilot.pause()  # type: ignore[attr-defined]


def measured_days_ago(store: Store, days: int, cm: float = 20.0) -> None:
    RecordMeasures(TODAY - timedelta(days=days), cm, (("putting on socks", 4),)).apply(store)


async def test_offered_on_day_14_not_on_day_13(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    store = Store(data_dir, clock)
    measured_days_ago(store, 13)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)  # the records are read after the first frame
        assert "self-test is due" not in hint(app)
        assert isinstance(app.screen, MainScreen) and not app.screen.self_test_offered
        clock.advance(86400)  # day 14
        app.check_for_changes()
        await pilot.pause()
        assert hint(app) == (
            "Press s for a guided session, or d if done. Your self-test is due: press m."
        )


async def test_not_offered_on_a_rest_day_or_a_pain_day(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    store = Store(data_dir, clock)
    measured_days_ago(store, 14)
    MarkSkip((TODAY,), "rest").apply(store)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)  # the records are read after the first frame
        assert "self-test" not in hint(app)
        await pilot.press("k")  # the skip cleared: an ordinary day, the test is due again
        await pilot.pause()
        assert "self-test is due" in hint(app)
    LogDone(TODAY, 3, 8).apply(store)  # pain 8 after: a pain day
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)  # the records are read after the first frame
        assert "self-test" not in hint(app)


async def test_offered_after_a_session_that_did_not_hurt(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    measured_days_ago(Store(data_dir, clock), 15)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)  # the records are read after the first frame
        await pilot.press("d")
        await pilot.pause()
        assert any("self-test is due: press m" in toast for toast in app.toasts)


async def test_the_self_test_lands_in_the_store_the_chart_and_status(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    measured_days_ago(Store(data_dir, clock), 14, cm=20.0)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)  # the records are read after the first frame
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SelfTestScreen)
        shown = " ".join(str(w.render()) for w in screen.query(Static))
        assert "tape measure" in shown and "knees straight" in shown and "step" in shown
        assert "must not hurt" in shown
        assert "Last time: 20 cm" in shown
        assert screen.query_one("#name-0", Input).value == "putting on socks"
        await type_into(pilot, app, "fingertip", "99")
        await pilot.press("enter")
        await pilot.pause()
        problem = str(screen.query_one("#self-test-problem", Static).render())
        assert "-30 to 60 cm" in problem
        assert Store(data_dir).load().measures.fingertip.latest.value == 20.0  # type: ignore[union-attr]
        await type_into(pilot, app, "fingertip", "14")
        await type_into(pilot, app, "score-0", "7")
        await type_into(pilot, app, "name-1", "sitting through a film")
        await type_into(pilot, app, "score-1", "5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        snapshot = Store(data_dir).load()
        fingertip = snapshot.measures.fingertip
        assert fingertip is not None and fingertip.latest.value == 14.0 and fingertip.real
        assert sorted(str(a["name"]) for a in snapshot.activities) == [
            "putting on socks",
            "sitting through a film",
        ]
        assert "self-test is due" not in hint(app)
        chart = app.screen.query_one(MeasureChart)
        assert chart.display
        text = chart_text(chart)
        assert "first 20, now 14 cm" in text and "a real change: 6 cm closer" in text
        assert "real change" in text.splitlines()[1] + text.splitlines()[2] + text.splitlines()[3]
        await pilot.press("u")  # one undo takes the whole self-test back
        await pilot.pause()
        after = Store(data_dir).load()
        assert after.measures.fingertip is not None
        assert after.measures.fingertip.latest.value == 20.0
        assert [str(a["name"]) for a in after.activities] == ["putting on socks"]
        await pilot.press("m")
        await pilot.pause()
        await type_into(pilot, app, "fingertip", "13.5")
        await pilot.press("enter")
        await pilot.pause()
    proc = subprocess.run(
        [sys.executable, "-m", "tracker", "status", "--json"],
        capture_output=True,
        text=True,
        env=cli_env(data_dir, clock.now()),
        timeout=60,
    )
    data = json.loads(proc.stdout)
    assert data["fingertip_cm"]["latest"] == 13.5 and data["fingertip_cm"]["first"] == 20.0
    assert data["activities_mean"]["latest"] == 4.0


async def test_escape_closes_without_saving(data_dir: Path, make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await type_into(pilot, app, "fingertip", "12")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert Store(data_dir).load().measurements == ()


async def test_a_new_activity_needs_a_score_and_a_cleared_name_drops_one(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    measured_days_ago(Store(data_dir, clock), 3)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        await type_into(pilot, app, "name-1", "gardening")
        await pilot.press("enter")
        await pilot.pause()
        assert "Give 'gardening' a score" in str(
            screen.query_one("#self-test-problem", Static).render()
        )
        await type_into(pilot, app, "name-1", "")
        await type_into(pilot, app, "name-0", "")  # stop asking about socks
        await pilot.press("enter")
        await pilot.pause()
    activities = Store(data_dir).load().activities
    assert [a["dropped"] for a in activities] == [TODAY.isoformat()]


async def test_the_chart_stays_off_a_narrow_screen_and_shows_in_the_day_view(
    data_dir: Path, clock: FakeClock, make_app: MakeApp
) -> None:
    store = Store(data_dir, clock)
    measured_days_ago(store, 14, cm=20.0)
    RecordMeasures(TODAY, 17.0).apply(store)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the records are read after the first frame
        assert not app.screen.query_one(MeasureChart).display
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")  # today
        await pilot.pause()
        day = app.screen
        assert isinstance(day, DayScreen)
        line = str(day.query_one("#day-measures", Static).render())
        assert line == "Self-test: fingertip to floor 17 cm"
        chart = day.query_one(MeasureChart)
        text = chart_text(chart)
        assert "first 20, now 17 cm" in text and "no real change yet" in text
        assert "◆" in text or "@" in text  # the day's own reading marked


async def test_help_says_what_the_measures_are_and_their_sources(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = words_shown(app.screen)
        for words in (
            "Fingertip-to-floor",
            "4.5 cm",
            "Ekedahl et al. 2012",
            "Patient-Specific Functional Scale",
            "Abbott & Schmitt, JOSPT 2014",
            "Ostelo et al., Spine 2008",
            "not a diagnosis",
            "Self-test: fingertip to floor, your activities",
        ):
            assert words in shown, words


async def test_m_is_in_the_footer_where_every_key_fits(make_app: MakeApp) -> None:
    from textual.widgets._footer import FooterKey

    def footer_actions(app: ToastedApp) -> list[str]:
        return [key.action for key in app.screen.query(FooterKey)]

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the records are read after the first frame
        await pilot.pause()
        assert "self_test" not in footer_actions(app)
        assert "app.quit" in footer_actions(app)
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        await pilot.pause()
        assert "self_test" in footer_actions(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        assert "self_test" not in footer_actions(app)
        await pilot.press("m")  # the key works all the same
        await pilot.pause()
        assert isinstance(app.screen, SelfTestScreen)
