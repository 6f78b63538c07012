"""Snapshot tests: fixed size, fixed clock, fixed history, no animations, a settled screen."""

from __future__ import annotations

import inspect
import os
import random
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Footer

from tests.conftest import NOW
from tests.waiting import pause_until
from tracker.core.clock import FakeClock
from tracker.store.database import Store
from tracker.ui.app import SuppleApp

os.environ["TEXTUAL_ANIMATIONS"] = "none"

SIZE = (100, 34)

RunBefore = Callable[[Pilot[Any]], Awaitable[None] | None]


async def keys_shown(pilot: Pilot[Any]) -> None:
    """Wait until the screen's footer shows its keys. The main screen builds them after its
    first frame (so that the frame comes sooner), and Textual's "idle" is a guess from CPU
    time that a loaded machine fools: without this, a picture could show an empty footer."""

    def ready() -> bool:
        footers = pilot.app.screen.query(Footer)
        return not footers or bool(footers.first().children)

    await pilot.pause()
    await pause_until(pilot, ready, "the footer to show its keys")


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's snap_compare, which takes its picture once the screen has
    settled (see `keys_shown`) and always without animations."""

    def compare(
        app: App[Any],
        press: Iterable[str] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: RunBefore | None = None,
    ) -> bool:
        # TEXTUAL_ANIMATIONS above is read once, when textual is first imported: in a whole
        # suite another test module has imported it already.
        app.animation_level = "none"

        async def then_settle(pilot: Pilot[Any]) -> None:
            if isinstance(app, SuppleApp):  # the records, read in a worker after the first frame
                await app.wait_for_store()
                await pilot.pause()
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await pilot.pause()
            await pilot.press(*press)
            await keys_shown(pilot)

        return snap_compare(app, terminal_size=terminal_size, run_before=then_settle)

    return compare


def fixed_history(store: Store) -> None:
    """Eight weeks of a realistic history ending yesterday: mostly done, some skips and misses."""
    start = NOW.date() - timedelta(days=56)
    records = []
    for offset in range(56):
        day = start + timedelta(days=offset)
        if offset % 9 == 4:
            continue  # a missed day
        status = "partial" if offset % 13 == 7 else "complete"
        records.append(
            {
                "id": f"fixed-{offset:03d}",
                "date": day.isoformat(),
                "kind": "logged",
                "status": status,
                "started_at": None,
                "ended_at": None,
                "exercises": None,
                "pain_before": None,
                "pain_after": 3 + offset % 3,
                "note": "",
            }
        )
    skips = [
        {"date": (start + timedelta(days=o)).isoformat(), "kind": "skip", "reason": None}
        for o in (20, 21)
    ]
    store.import_records(records, skips, {})


NOTES = (
    "felt loose",
    "tight after the drive",
    "",
    "hips stiff in the morning",
    "",
    "",
    "easy today",
    "back twinged on the\nlast set",  # a newline: the list shows one line
)


def year_history(store: Store) -> None:
    """A year ending yesterday, as a person would build it: mostly done, a holiday missed,
    skips on some Sundays, partial and stopped sessions, pain easing over the months."""
    rng = random.Random(10)
    today = NOW.date()
    records: list[dict[str, object]] = []
    skips: list[dict[str, object]] = []
    for back in range(365, 0, -1):
        day = today - timedelta(days=back)
        if 200 <= back < 208 or (back > 3 and rng.random() < 0.06):
            continue  # a week away, and the odd forgotten day
        if day.weekday() == 6 and rng.random() < 0.3:
            skips.append({"date": day.isoformat(), "kind": "skip", "reason": "rest"})
            continue
        roll = rng.random()
        status = "stopped" if roll < 0.03 else "partial" if roll < 0.09 else "complete"
        if back <= 3:
            status = "complete"  # a current streak
        guided = rng.random() < 0.7
        level = 2 + 5 * back / 365  # pain comes down over the year
        before = max(0, min(10, round(level + rng.uniform(-1.5, 1.5)))) if guided else None
        after = None
        if guided:
            after = max(0, min(10, (before or 0) + rng.choice((-2, -1, -1, 0, 0, 1))))
        records.append(
            {
                "id": f"year-{back:03d}",
                "date": day.isoformat(),
                "kind": "guided" if guided else "logged",
                "status": status,
                "started_at": f"{day.isoformat()}T18:{back % 50 + 10:02d}:00+01:00"
                if guided
                else None,
                "ended_at": None,
                "exercises": None,
                "pain_before": before,
                "pain_after": after,
                "note": NOTES[back % len(NOTES)],
            }
        )
    store.import_records(records, skips, {})


@pytest.fixture
def snapshot_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(
        start: str | None = None,
        seen: bool = True,
        history: bool | str = True,
        settings: dict[str, object] | None = None,
    ) -> SuppleApp:
        clock = FakeClock(NOW)
        store = Store(tmp_path / "data", clock)
        if seen:
            store.mark_tutorial_seen()
        if history == "year":
            year_history(store)
        elif history:
            fixed_history(store)
        for key, value in (settings or {}).items():
            store.set_setting(key, value)
        return SuppleApp(store, clock, start=start, watch_interval=None, reminders=False)

    return make


__all__ = ["SIZE", "date"]
