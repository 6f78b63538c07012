"""A snooze shared by every process, end to end on the private bus: the real daemon delivers
the reminder, the app (running at the same time, over the same store) snoozes it with `z`,
and `supple status`, `remind --once`, the daemon and the app all keep to that snooze: it comes
back once, at its time, and not before.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from tests.conftest import RunCli
from tests.e2e.conftest import NotifyServer
from tests.e2e.test_actions import wait_for
from tests.e2e.test_remind import EVENING
from tests.ui.conftest import ToastedApp
from tracker.core.clock import FakeClock
from tracker.store.database import Store

REMINDERS = "supple: time for your routine"


def reminders_shown(server: NotifyServer) -> int:
    return sum(1 for n in server.notifications() if n["summary"] == REMINDERS)


async def test_a_snooze_from_the_app_holds_for_the_daemon_status_and_once(
    data_dir: Path, bus_env: str, notify_server: NotifyServer, run_cli: RunCli
) -> None:
    assert run_cli("config", "set", "reminders", "18:00", now=EVENING).code == 0
    Store(data_dir).mark_tutorial_seen()
    env = dict(
        os.environ,
        SUPPLE_DATA_DIR=str(data_dir),
        SUPPLE_NOW=EVENING.isoformat(),
        DBUS_SESSION_BUS_ADDRESS=bus_env,
    )
    daemon = subprocess.Popen(
        [sys.executable, "-m", "tracker", "remind"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    clock = FakeClock(EVENING + timedelta(minutes=1))
    try:
        wait_for(lambda: reminders_shown(notify_server) == 1, "the daemon's reminder")
        app = ToastedApp(Store(data_dir, clock), clock, watch_interval=None, reminders=True)
        async with app.run_test(size=(100, 34), notifications=True) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert reminders_shown(notify_server) == 1  # the app sent nothing: it was claimed
            await pilot.press("z")  # on the reminder the daemon delivered
            await pilot.pause()
            assert app.toasts[-1] == "Snoozed until 18:13 (1 of 3)."
            before = (data_dir / "supple.json").read_bytes()
            await pilot.press("z")
            await pilot.pause()
            assert app.toasts[-1].startswith("Already snoozed until 18:13")
            assert (data_dir / "supple.json").read_bytes() == before

            # The shell sees the snooze, and nothing shows it early.
            shown = run_cli("status", now=EVENING + timedelta(minutes=2)).out
            assert "Next reminder: snoozed until 18:13" in shown
            data = json.loads(run_cli("status", "--json", now=EVENING).out)
            assert data["next_reminder"] == "2026-11-25T18:13:00+01:00"
            early = run_cli(
                "remind",
                "--once",
                now=EVENING + timedelta(minutes=9),
                DBUS_SESSION_BUS_ADDRESS=bus_env,
            )
            assert early.out == "No reminder is due now.\n"
            clock.advance(5 * 60)
            app.check_reminders()
            await app.workers.wait_for_complete()
            assert reminders_shown(notify_server) == 1

            # At 18:13 it comes back once, whoever looks first (here `remind --once`).
            late = EVENING + timedelta(minutes=11)
            again = run_cli("remind", "--once", now=late, DBUS_SESSION_BUS_ADDRESS=bus_env)
            assert again.code == 0 and "Reminder due 18:00 sent" in again.out
            clock.advance(6 * 60)
            app.check_reminders()
            await app.workers.wait_for_complete()
            await pilot.pause()
            once_more = run_cli("remind", "--once", now=late, DBUS_SESSION_BUS_ADDRESS=bus_env)
            assert once_more.out == "No reminder is due now.\n"
            assert reminders_shown(notify_server) == 2
        # No wait for the daemon here: its own clock is still near 18:02, so it sleeps until
        # the snooze ends (see daemon._sleep_for); it showed the reminder once, and no more.
        assert reminders_shown(notify_server) == 2
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.communicate(timeout=10)
        for n, call in enumerate(notify_server.notifications(), start=1):
            if call["summary"] == REMINDERS:
                with contextlib.suppress(AssertionError):
                    notify_server.close(n)  # the button helpers stop waiting
    assert daemon.returncode == 0
