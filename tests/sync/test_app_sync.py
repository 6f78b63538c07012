"""The app with sync: another device's change shows on the open screen, and sync can be
turned on from the Settings screen. A real app under run_test(), over real stores."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import Input

from tests.conftest import NOW
from tests.ui.test_main_screen import card
from tracker.core.clock import FakeClock
from tracker.store.changes import LogDone
from tracker.sync.setup import turn_on
from tracker.sync.synced_store import SyncedStore
from tracker.sync.watch import watch
from tracker.ui.app import SuppleApp
from tracker.ui.launch import open_app_store
from tracker.ui.screens.settings import SettingsScreen


async def test_another_devices_session_shows_on_the_open_screen(tmp_path: Path) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    laptop = SyncedStore(tmp_path / "laptop", FakeClock(NOW))
    turn_on(laptop, folder)
    clock = FakeClock(NOW)
    store = open_app_store(tmp_path / "desktop", clock)  # as `supple` opens it
    store.mark_tutorial_seen()
    assert isinstance(store, SyncedStore)
    turn_on(store, folder)
    stop = watch(store)  # as `supple` starts it, with the app's own store watch below
    app = SuppleApp(store, clock, reminders=False)
    try:
        async with app.run_test(size=(100, 34)) as pilot:
            await pilot.pause()
            assert card(app, "Today") == "Not done yet"
            LogDone().apply(laptop)  # on the other device
            started = time.monotonic()
            while time.monotonic() - started < 5 and card(app, "Today") != "Done":
                await pilot.pause(0.1)
            took = time.monotonic() - started
            assert card(app, "Today") == "Done"
            assert took < 3.0, f"the screen took {took:.1f} s"  # 2 s by the two watches
    finally:
        stop()


async def test_sync_turned_on_in_the_settings_screen_starts_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    clock = FakeClock(NOW)
    store = open_app_store(tmp_path / "data", clock)
    store.mark_tutorial_seen()
    LogDone().apply(store)
    app = SuppleApp(store, clock, watch_interval=None, reminders=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        field = app.screen.query_one("#field-sync-folder", Input)
        field.focus()
        field.value = str(folder)
        await pilot.press("enter")
        await pilot.pause()
    assert store.load().settings.values["sync-folder"] == str(folder)
    logs = list((folder / "devices").glob("*/2026-11.jsonl"))
    assert len(logs) == 1 and logs[0].read_bytes().count(b"\n") == 1  # the session went out


async def test_a_sync_folder_typed_in_settings_that_cannot_be_used_is_refused_there(
    tmp_path: Path,
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    clock = FakeClock(NOW)
    data = tmp_path / "data"
    store = open_app_store(data, clock)
    store.mark_tutorial_seen()
    LogDone().apply(store)
    before = (data / "supple.json").read_bytes()
    app = SuppleApp(store, clock, watch_interval=None, reminders=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        field = app.screen.query_one("#field-sync-folder", Input)
        for wrong, words in ((a_file, "is a file"), (data, "supple's data folder")):
            field.focus()
            field.value = str(wrong)
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SettingsScreen) and words in screen.row("sync-folder").error
    assert (data / "supple.json").read_bytes() == before
    assert not (data / "sync").exists() and a_file.read_text() == "mine"
