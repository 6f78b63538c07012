"""Snapshots of the guided session at fixed moments of fake time (default routine, bell off)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot

from tests.snapshots.conftest import SIZE
from tests.waiting import pause_until
from tracker.core.clock import FakeClock
from tracker.ui.app import SuppleApp
from tracker.ui.screens.session import SessionScreen

SnapCompare = Callable[..., bool]
SnapshotApp = Callable[..., SuppleApp]

# No bell, no tones (and so no "no sound player" toast on the picture).
QUIET = {"bell": False, "sound": False}


async def open_session(pilot: Pilot[Any], pain: str) -> SessionScreen:
    """Press s, answer the pain question with `pain` and Enter; the session screen."""
    await pilot.press("s")
    await pause_until(
        pilot, lambda: isinstance(pilot.app.screen, SessionScreen), "the session screen"
    )
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    await pilot.press(*pain, "enter")
    return screen


def after(seconds: float, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Start a session (pain 4), let `seconds` of fake time pass, then press `keys`."""

    async def run(pilot: Pilot[Any]) -> None:
        screen = await open_session(pilot, "4")
        await pause_until(pilot, lambda: screen.stage == "running", "the session to start")
        clock = pilot.app.clock  # type: ignore[attr-defined]
        assert isinstance(clock, FakeClock)
        clock.advance(seconds)
        screen.tick()  # what its 0.1 s timer calls: catch up with the clock, now
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run


def test_session_hold_phase(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    # get ready 5 s, lower 2 s, then 1.5 s into the 3 s hold of the first good morning
    app = snapshot_app(settings=QUIET)
    assert snap_compare(app, terminal_size=SIZE, run_before=after(8.5))


def test_session_hold_phase_120x40(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    # the stage fills a big terminal: digits at least 13 rows, the figure hinged beside them
    app = snapshot_app(settings=QUIET)
    assert snap_compare(app, terminal_size=(120, 40), run_before=after(8.5))


def test_session_hold_phase_80x24(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    # digits at least 7 rows, the phase word big, the figure beside
    app = snapshot_app(settings=QUIET)
    assert snap_compare(app, terminal_size=(80, 24), run_before=after(8.5))


def test_session_lowering_40x12(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    # a tiny terminal: plain word, small block digits, no figure, nothing cut off
    app = snapshot_app(settings=QUIET)
    assert snap_compare(app, terminal_size=(40, 12), run_before=after(6))


def test_session_last_seconds_of_a_rest_120x40(
    snap_compare: SnapCompare, snapshot_app: SnapshotApp
) -> None:
    # 5 s get ready + 10 reps of 7 s = 75 s, then 28 s into the 30 s rest: 2 s left, marked
    app = snapshot_app(settings=QUIET)
    assert snap_compare(app, terminal_size=(120, 40), run_before=after(103.5))


def test_session_rotation_lifting_120x40(
    snap_compare: SnapCompare, snapshot_app: SnapshotApp
) -> None:
    # good mornings 5 + 210 + 60 = 275 s, 15 s to get down, then 1 s into the first lift
    app = snapshot_app(settings=QUIET)
    assert snap_compare(app, terminal_size=(120, 40), run_before=after(291))


def test_session_rest_between_sets(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    # 5 s get ready + 10 reps of 7 s = 75 s, then 10 s into the 30 s rest
    app = snapshot_app(settings=QUIET)
    assert snap_compare(app, terminal_size=SIZE, run_before=after(85))


def test_session_paused(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    app = snapshot_app(settings=QUIET)
    assert snap_compare(app, terminal_size=SIZE, run_before=after(8.5, "space"))


def test_session_stopped_for_pain(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    app = snapshot_app(settings=QUIET)
    assert snap_compare(app, terminal_size=SIZE, run_before=after(40, "exclamation_mark"))


def test_session_summary(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    app = snapshot_app(settings=QUIET)
    assert snap_compare(app, terminal_size=SIZE, run_before=after(526))


def test_session_high_pain_asks_first(snap_compare: SnapCompare, snapshot_app: SnapshotApp) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        screen = await open_session(pilot, "8")
        await pause_until(pilot, lambda: pilot.app.screen is not screen, "the question")

    app = snapshot_app(settings=QUIET)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)
