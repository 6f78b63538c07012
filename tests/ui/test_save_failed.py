"""A finished session the store cannot take (a full disk) stays on screen until it is saved,
kept in a file, or thrown away on purpose; no traceback at any point.

The disk is really full: the data folder is a 64 KiB tmpfs (needs root, as CI runs). Without
root the test uses a size limit on written files (RLIMIT_FSIZE), which fails writes the same
way (EFBIG instead of ENOSPC).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import ToastedApp, settle
from tracker.core.clock import FakeClock
from tracker.store.changes import SaveSession
from tracker.store.database import Store
from tracker.store.records import check_session
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.save_failed import SaveFailedScreen


def record() -> dict[str, Any]:
    return check_session(
        {"id": "s-1", "date": "2026-11-25", "kind": "guided", "status": "complete", "note": "ok"}
    )


class FullDisk:
    """`fill()` leaves no room for another copy of the store; `free()` gives it back."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ballast = folder / "ballast"
        self.limited = False

    def fill(self) -> None:
        if self.limited:
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))
            return
        with contextlib.suppress(OSError), open(self.ballast, "wb") as file:
            while True:
                file.write(b"x" * 1024)
                file.flush()

    def free(self) -> None:
        if self.limited:
            resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)
        self.ballast.unlink(missing_ok=True)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[FullDisk]:
    folder = tmp_path / "data"
    folder.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    disk = FullDisk(folder)
    disk.limited = not mounted
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG, not a kill
    try:
        yield disk
    finally:
        disk.free()
        signal.signal(signal.SIGXFSZ, old_handler)
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def big_store(folder: Path, clock: FakeClock) -> Store:
    """A store with enough in it that a new copy does not fit in what is left."""
    store = Store(folder, clock)
    store.mark_tutorial_seen()
    store.set_setting("rest", 45)
    return store


async def test_a_full_disk_keeps_the_session_until_space_is_freed(
    full_disk: FullDisk, clock: FakeClock
) -> None:
    store = big_store(full_disk.folder, clock)
    before = store.path.read_bytes()
    app = ToastedApp(store, clock, watch_interval=None, reminders=False)
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await settle(pilot)
        full_disk.fill()
        app.perform(SaveSession(record()))
        await settle(pilot)
        assert isinstance(app.screen, SaveFailedScreen)
        assert store.path.read_bytes() == before  # the old store is whole
        await pilot.press("ctrl+r")  # still full: the session is still there
        await settle(pilot)
        assert isinstance(app.screen, SaveFailedScreen)
        full_disk.free()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.toasts[-1] == "Session saved (complete)."
    assert [s["id"] for s in Store(full_disk.folder).load().sessions] == ["s-1"]


async def test_the_unsaved_session_can_be_kept_in_a_file_and_imported_later(
    full_disk: FullDisk, clock: FakeClock, tmp_path: Path
) -> None:
    store = big_store(full_disk.folder, clock)
    app = ToastedApp(store, clock, watch_interval=None, reminders=False)
    rescue = tmp_path / "rescued.json"
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await settle(pilot)
        full_disk.fill()
        app.perform(SaveSession(record()))
        await settle(pilot)
        field = app.screen.query_one("#rescue-path")
        field.value = str(rescue)  # type: ignore[attr-defined]
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    full_disk.free()
    kept = json.loads(rescue.read_text(encoding="utf-8"))
    assert kept["format"] == "supple" and kept["sessions"] == [record()]


async def test_escape_asks_before_throwing_the_session_away(
    full_disk: FullDisk, clock: FakeClock
) -> None:
    store = big_store(full_disk.folder, clock)
    app = ToastedApp(store, clock, watch_interval=None, reminders=False)
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await settle(pilot)
        full_disk.fill()
        app.perform(SaveSession(record()))
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SaveFailedScreen)  # asked, not gone
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_the_file_a_session_is_kept_in_is_private_whatever_the_umask(
    full_disk: FullDisk, clock: FakeClock, tmp_path: Path
) -> None:
    """Health data: 0600 even under umask 000, and never over a file (or a link) there."""
    store = big_store(full_disk.folder, clock)
    app = ToastedApp(store, clock, watch_interval=None, reminders=False)
    rescue = tmp_path / "rescued.json"
    planted = tmp_path / "planted.json"
    planted.symlink_to(tmp_path / "elsewhere.json")
    old_umask = os.umask(0)
    try:
        async with app.run_test(size=(100, 34), notifications=True) as pilot:
            await pilot.pause()
            full_disk.fill()
            app.perform(SaveSession(record()))
            await pilot.pause()
            field = app.screen.query_one("#rescue-path")
            field.value = str(planted)  # type: ignore[attr-defined]
            field.focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SaveFailedScreen)  # not written through the link
            assert not (tmp_path / "elsewhere.json").exists()
            field.value = str(rescue)  # type: ignore[attr-defined]
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
    finally:
        os.umask(old_umask)
    assert rescue.stat().st_mode & 0o777 == 0o600
    assert json.loads(rescue.read_text(encoding="utf-8"))["sessions"] == [record()]
