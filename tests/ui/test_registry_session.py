"""The Session screen runs a routine of the test's own: the built-in exercises and a third one
(the bridge of tests/unit/test_registry.py), shown, timed, drawn and saved like the others.

A real Textual app under run_test() hosts the real SessionScreen, given the routine and
settings that hold its keys; the fake clock is moved and the screen's own tick is called (what
its timer calls), so nothing waits on real time.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widgets import Label

from tests.conftest import TINY
from tests.unit.test_registry import THREE, THREE_KEYS
from tracker.core.clock import FakeClock
from tracker.core.settings import Settings
from tracker.sound.players import CuePlayer
from tracker.ui.screens.session import SessionScreen
from tracker.ui.widgets.stage import SessionStage

# The tiny built-in session (20 s) and a bridge of one set of one rep: 1 s to lie down, then a
# lift, a 1 s hold and a lower of 1 s each.
SETTINGS = {**TINY, "bridge.sets": 1, "bridge.reps": 1, "bridge.hold": 1}
TOTAL = 20 + 1 + 3


class Host(App[None]):
    """An app that shows the session with the test's routine and keeps what it saves."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock
        self.saved: list[dict[str, Any] | None] = []

    def on_mount(self) -> None:
        settings = Settings.from_stored(SETTINGS, THREE_KEYS)
        cues = CuePlayer(sound=False, voice=False, bell=False)
        screen = SessionScreen(settings, self.clock, cues, routine=THREE)
        self.push_screen(screen, self.saved.append)


def text(app: App[None], widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}", Label).render())


async def test_the_session_screen_runs_a_third_exercise(clock: FakeClock) -> None:
    app = Host(clock)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        plan = str(screen.query_one("#pain-plan").render())
        assert "Glute bridge: 1 set of 1 (hold 1 s); 1 s to lie down." in plan
        await pilot.press("enter")  # no pain score: start
        await pilot.pause()
        assert screen.stage == "running"

        seen: dict[str, set[str | None]] = {}
        for _ in range(TOTAL * 2):
            clock.advance(0.5)
            screen.tick()
            await pilot.pause()
            if screen.stage != "running":
                break
            view = screen.query_one(SessionStage).view
            seen.setdefault(text(app, "ex-title"), set()).add(view.body)
            if text(app, "ex-title") == "Glute bridge":
                assert text(app, "ex-cue") in {
                    "Lie on your back, knees bent, feet flat on the floor.",
                    "Hips up. supple's tip: squeeze your seat.",
                    "Hold the hips up.",
                    "Hips down, slowly.",
                }
        assert seen["Glute bridge"] == {"standing"}  # drawn with the drawing it names
        assert seen["Side-lying hip rotation · Left side (left leg on top)"] == {"side-lying"}

        assert screen.stage == "summary"
        assert text(app, "summary-title") == "Session complete"
        table = str(screen.query_one("#summary-table").render())
        assert "Glute bridge" in table.splitlines()[-1] and "1 of 1" in table
        await pilot.press("enter")  # save
        await pilot.pause()

    [record] = app.saved
    assert record is not None and record["status"] == "complete"
    assert record["exercises"][-1] == {
        "exercise": "bridge",
        "side": None,
        "planned_sets": 1,
        "planned_reps": 1,
        "done_sets": 1,
        "done_reps": 1,
    }
