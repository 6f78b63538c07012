"""Sync through two real Syncthing instances on loopback (tests/e2e/syncthing.py): a session
logged on one device shows in the other's `supple status`, and on its open app, within 60 s.

Each device has its own data folder and its own copy of the synced folder, as on two
machines; only Syncthing carries files between them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from tests.conftest import NOW
from tests.e2e.syncthing import Syncthing, wait_for
from tests.sync.test_sync_cli import ok, supple
from tests.ui.test_main_screen import card
from tracker.core.clock import FakeClock
from tracker.sync.setup import turn_on
from tracker.sync.watch import watch
from tracker.ui.app import SuppleApp
from tracker.ui.launch import open_app_store

DEADLINE_S = 60.0


class Pair:
    def __init__(self, root: Path, a: Syncthing, b: Syncthing) -> None:
        self.root, self.a, self.b = root, a, b

    def share(self, folder_id: str) -> tuple[Path, Path]:
        """A new folder shared by both; returns its path on a and on b."""
        on_a = self.root / folder_id / "laptop" / "Sync" / "supple"
        on_b = self.root / folder_id / "desktop" / "Sync" / "supple"
        self.a.add_folder(folder_id, on_a, [self.b])
        self.b.add_folder(folder_id, on_b, [self.a])
        for one in (self.a, self.b):
            wait_for(f"{one.name} to scan {folder_id}", partial(one.folder_idle, folder_id), 60)
        return on_a, on_b

    def diagnose(self) -> str:
        return f"laptop's log:\n{self.a.tail()}\ndesktop's log:\n{self.b.tail()}"


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("syncthing")
    a = Syncthing(root / "home-laptop", "laptop")
    b = Syncthing(root / "home-desktop", "desktop")
    try:
        a.start()
        b.start()
        a.add_device(b)
        b.add_device(a)
        wait_for(
            "the two Syncthing instances to connect",
            lambda: a.connected_to(b) and b.connected_to(a),
            90,
        )
        yield Pair(root, a, b)
    finally:
        a.stop()
        b.stop()


@pytest.mark.slow
def test_a_session_logged_on_one_device_shows_in_the_others_status(
    pair: Pair, tmp_path: Path
) -> None:
    on_a, on_b = pair.share("status")
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    ok(supple(laptop, "sync", "--folder", str(on_a)))
    ok(supple(desktop, "sync", "--folder", str(on_b)))
    assert ok(supple(desktop, "status", "--json")).json()["today_done"] is False
    started = time.monotonic()
    ok(supple(laptop, "done", "--note", "on the laptop"))

    def shown() -> bool:
        return bool(ok(supple(desktop, "status", "--json")).json()["today_done"])

    try:
        took = wait_for("the desktop's status to show the session", shown, DEADLINE_S, 0.5)
    except pytest.fail.Exception:
        print(pair.diagnose())
        raise
    print(f"status on the other device after {time.monotonic() - started:.1f} s ({took:.1f})")
    assert "Today (2026-11-25): done" in ok(supple(desktop, "status")).out
    # And the way back, with the folders in step (Syncthing says the other has it all).
    ok(supple(desktop, "skip", "--date", "2026-11-27", "--reason", "travel"))
    wait_for(
        "the laptop to have the desktop's files",
        lambda: (
            pair.b.has_sent("status", pair.a)
            and (on_a / "devices").is_dir()
            and len(list((on_a / "devices").glob("*/2026-11.jsonl"))) == 2
        ),
        DEADLINE_S,
    )
    marks = ok(supple(laptop, "export")).json()["marks"]
    assert [(m["date"], m["reason"]) for m in marks] == [("2026-11-27", "travel")]


@pytest.mark.slow
async def test_the_same_while_the_other_devices_app_is_open(pair: Pair, tmp_path: Path) -> None:
    on_a, on_b = pair.share("app")
    laptop = tmp_path / "laptop"
    ok(supple(laptop, "sync", "--folder", str(on_a)))
    clock = FakeClock(NOW)
    store = open_app_store(tmp_path / "desktop", clock)  # as `supple` opens the app
    store.mark_tutorial_seen()
    turn_on(store, on_b)
    stop = watch(store)
    app = SuppleApp(store, clock, reminders=False)
    try:
        async with app.run_test(size=(100, 34)) as pilot:
            await pilot.pause()
            assert card(app, "Today") == "Not done yet"
            started = time.monotonic()
            ok(supple(laptop, "done", "--note", "on the laptop"))
            while time.monotonic() - started < DEADLINE_S and card(app, "Today") != "Done":
                await pilot.pause(0.25)
            took = time.monotonic() - started
            if card(app, "Today") != "Done":
                print(pair.diagnose())
            assert card(app, "Today") == "Done", f"not shown after {took:.0f} s"
            print(f"the open app showed it after {took:.1f} s")
    finally:
        stop()
