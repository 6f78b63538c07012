"""Keep the screen awake while a guided session runs: the person is on the floor, not typing.

The ways, tried in this order:
1. The desktop's screensaver over D-Bus, `org.freedesktop.ScreenSaver.Inhibit` on the session
   bus (GNOME, KDE, Xfce and others implement it). The inhibit belongs to our D-Bus
   connection, so the desktop lifts it by itself if supple dies: nothing can stay inhibited.
2. `systemd-inhibit --what=idle`, holding a child that ends with supple (`tail --pid`).
3. `xdg-screensaver suspend $WINDOWID` (X11 terminals that set WINDOWID), which also watches
   the window and resumes when it goes.

Every call returns at once: the work runs on a thread of its own, so a slow or hung bus never
stalls the session's clock. `jeepney` (pure Python) is imported only when a session starts.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Callable, Mapping
from typing import Any

APP_NAME = "supple"
REASON = "A guided session is running"
BUS_NAME = "org.freedesktop.ScreenSaver"
OBJECT_PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")
CALL_TIMEOUT_S = 2.0

DBUS = "screensaver"
SYSTEMD = "systemd-inhibit"
XDG = "xdg-screensaver"


def _session_bus_address(env: Mapping[str, str]) -> str | None:
    address = env.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and os.path.exists(os.path.join(runtime, "bus")):
        return f"unix:path={os.path.join(runtime, 'bus')}"
    return None


def _screensaver_on_bus(address: str) -> bool:
    """Whether some program owns org.freedesktop.ScreenSaver on that bus."""
    try:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        return False
    try:
        with open_dbus_connection(address, enable_fds=False) as conn:
            reply = conn.send_and_get_reply(
                message_bus.NameHasOwner(BUS_NAME), timeout=CALL_TIMEOUT_S
            )
            return bool(reply.body and reply.body[0])
    except Exception:  # no bus, refused, timed out: this way is not there
        return False


def choose_way(
    env: Mapping[str, str] | None = None, which: Callable[[str], str | None] = shutil.which
) -> tuple[str | None, str]:
    """(way, words): the way the screen will be kept awake here, and a line for `doctor`."""
    env = os.environ if env is None else env
    address = _session_bus_address(env)
    if address and _screensaver_on_bus(address):
        return DBUS, "the desktop's screensaver (org.freedesktop.ScreenSaver on D-Bus)"
    if which("systemd-inhibit") and which("tail") and os.path.isdir("/run/systemd/system"):
        return SYSTEMD, "systemd-inhibit --what=idle"
    if which("xdg-screensaver") and env.get("WINDOWID"):
        return XDG, f"xdg-screensaver suspend (window {env['WINDOWID']})"
    return None, (
        "no way found (no screensaver on the session D-Bus, no systemd-inhibit, no "
        "xdg-screensaver with $WINDOWID); set your screen to blank after more than 10 minutes"
    )


class KeepAwake:
    """hold() while the session runs, release() on pause, end or quit; close() at the end.

    Calls never block: they are queued for one worker thread, which keeps the D-Bus
    connection (and with it the inhibit) open while held.
    """

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self._env = dict(os.environ if env is None else env)
        self._orders: queue.Queue[str] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.way: str | None = None
        self.held = threading.Event()  # set while the screen is kept awake (for tests and doctor)
        self.failure: str | None = None
        # worker state
        self._conn: Any = None
        self._cookie: tuple[str, int] | None = None
        self._child: subprocess.Popen[bytes] | None = None

    def hold(self) -> None:
        self._send("hold")

    def release(self) -> None:
        self._send("release")

    def close(self) -> None:
        """Release and end the worker; waits a moment for it so nothing is left behind."""
        if self._thread is None:
            return
        self._orders.put("close")
        self._thread.join(timeout=CALL_TIMEOUT_S + 1)
        self._thread = None

    def _send(self, order: str) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="supple-keep-awake", daemon=True)
            self._thread.start()
        self._orders.put(order)

    # ------------------------------------------------------------------ worker thread

    def _run(self) -> None:
        self.way, _ = choose_way(self._env)
        while True:
            order = self._orders.get()
            try:
                if order == "hold":
                    self._do_hold()
                else:
                    self._do_release()
            except Exception as error:  # a desktop that says no must never end the session
                self.failure = f"{type(error).__name__}: {error}"
            if order == "close":
                return

    def _do_hold(self) -> None:
        if self.held.is_set() or self.way is None:
            return
        if self.way == DBUS:
            self._dbus_inhibit()
        elif self.way == SYSTEMD:
            self._child = subprocess.Popen(
                [
                    "systemd-inhibit", "--what=idle", f"--who={APP_NAME}", f"--why={REASON}",
                    "--mode=block", "tail", f"--pid={os.getpid()}", "-f", "/dev/null",
                ],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        elif self.way == XDG:
            window = self._env.get("WINDOWID", "")
            subprocess.run(
                ["xdg-screensaver", "suspend", window],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                timeout=CALL_TIMEOUT_S * 3, check=False,
            )  # fmt: skip
        self.held.set()

    def _do_release(self) -> None:
        if not self.held.is_set():
            return
        try:
            if self.way == DBUS:
                self._dbus_uninhibit()
            elif self.way == SYSTEMD and self._child is not None:
                self._child.terminate()
                self._child.wait(timeout=CALL_TIMEOUT_S)
                self._child = None
            elif self.way == XDG:
                subprocess.run(
                    ["xdg-screensaver", "resume", self._env.get("WINDOWID", "")],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, timeout=CALL_TIMEOUT_S * 3, check=False,
                )  # fmt: skip
        finally:
            self.held.clear()

    def _dbus_inhibit(self) -> None:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        address = _session_bus_address(self._env)
        if address is None:
            raise ConnectionError("no session bus")
        conn = open_dbus_connection(address, enable_fds=False)
        last: Exception | None = None
        for path in OBJECT_PATHS:
            where = DBusAddress(path, bus_name=BUS_NAME, interface=BUS_NAME)
            call = new_method_call(where, "Inhibit", "ss", (APP_NAME, REASON))
            try:
                reply = conn.send_and_get_reply(call, timeout=CALL_TIMEOUT_S)
            except Exception as error:
                last = error
                continue
            if reply.body and isinstance(reply.body[0], int):
                self._conn, self._cookie = conn, (path, reply.body[0])
                return
            last = RuntimeError(f"Inhibit at {path} answered {reply.body!r}")
        conn.close()
        raise last or RuntimeError("Inhibit failed")

    def _dbus_uninhibit(self) -> None:
        from jeepney import DBusAddress, new_method_call

        conn, cookie = self._conn, self._cookie
        self._conn = self._cookie = None
        if conn is None or cookie is None:
            return
        path, number = cookie
        where = DBusAddress(path, bus_name=BUS_NAME, interface=BUS_NAME)
        try:
            conn.send_and_get_reply(
                new_method_call(where, "UnInhibit", "u", (number,)), timeout=CALL_TIMEOUT_S
            )
        finally:
            conn.close()
