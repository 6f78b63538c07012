"""The child side of `delivery.deliver`: runs plyer once and reports one result line.

Started as `python -c <bootstrap>` by `deliver()`, with the request as JSON on stdin. Keeping
this in its own process (and module) means plyer's backend cache and libdbus's bus address are
fresh for every notification, and nothing plyer or notify-send prints reaches the terminal.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
import warnings
from dataclasses import asdict
from typing import Any

from tracker.notify.delivery import (
    APP_NAME,
    BUS_CHECK_FIX,
    CHILD_MARGIN_S,
    DESKTOP_ENTRY,
    EXPIRE_S,
    HUNG_FIX,
    ICON_PATH,
    NO_ANSWER,
    RESULT_MARK,
    URGENCY_BYTE,
    Delivery,
    ask_bus,
    backend_name,
    bootstrap,
    classify,
    no_backend,
    one_line,
    package_root,
    plyer_platform,
    session_bus_problem,
    whereis,
)
from tracker.notify.plyer_adapter import SubprocessRecorder, chosen_backend, gvariant_text


def main() -> int:
    """Entry point of the child process: request JSON on stdin, one result line on stdout."""
    warnings.simplefilter("ignore")  # plyer's UserWarnings ("dbus package is not installed"...)
    start = time.monotonic()
    result: Delivery
    hung = False
    try:
        request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        title = str(request["title"])
        body = str(request["body"])
        timeout_s = float(request.get("timeout_s", 5.0))
        deadline = start + max(0.05, timeout_s - CHILD_MARGIN_S)
        actions_for = request.get("actions_for")
        reminder = request.get("reminder")
        result, hung = _child_notify(title, body, deadline, actions_for, reminder)
    except Exception as exc:
        result = Delivery(
            False,
            backend_name(),
            one_line(f"notification failed: {type(exc).__name__}: {exc}"),
            BUS_CHECK_FIX,
        )
    sys.stdout.write(RESULT_MARK + json.dumps(asdict(result)) + "\n")
    sys.stdout.flush()
    if hung:  # a backend call is stuck in a worker thread: don't wait for it
        sys.stderr.flush()
        os._exit(0)
    return 0


def _child_notify(
    title: str,
    body: str,
    deadline: float,
    actions_for: str | None = None,
    reminder: dict[str, str] | None = None,
) -> tuple[Delivery, bool]:
    try:
        from plyer import notification
    except ImportError as exc:
        return (
            Delivery(
                False,
                backend_name(),
                one_line(f"plyer cannot be imported: {exc}"),
                "install it into supple's environment: pip install plyer==2.1.0",
            ),
            False,
        )

    platform = plyer_platform()
    predicted = backend_name()
    if platform == "linux" and predicted is None:
        return no_backend(platform), False
    if platform == "linux":
        problem = session_bus_problem()
        if problem is not None:
            return Delivery(False, predicted, problem[0], problem[1]), False
        if predicted == "portal" and not whereis("gdbus"):
            return (
                Delivery(
                    False,
                    "portal",
                    "plyer chose the Flatpak portal (a /app directory exists) "
                    "but gdbus is not installed",
                    "install libglib2.0-bin (sudo apt install libglib2.0-bin), "
                    "or run supple where /app does not exist",
                ),
                False,
            )
        # Buttons need notify-send -A (plyer has no actions) and a server that has them.
        if (
            actions_for
            and predicted != "portal"
            and whereis("notify-send")
            and "actions" in server_capabilities(deadline)
        ):
            return _notify_with_buttons(title, body, deadline, actions_for, reminder), False

    kwargs: dict[str, Any] = {
        "title": title,
        "message": body,
        "app_name": APP_NAME,
        "app_icon": ICON_PATH,
        "timeout": EXPIRE_S,  # seconds, an int
    }  # plyer's notify-send backend drops icon and timeout: see with_supple_look
    if predicted == "portal":  # the portal takes a title and a body, nothing else
        kwargs["title"] = gvariant_text(title)
        kwargs["message"] = gvariant_text(body)
    elif predicted == "notify-send":
        kwargs["message"] = body.replace("\\", "\\\\")  # it runs g_strcompress on the body
    elif predicted == "dbus":
        with contextlib.suppress(Exception):
            dbus = importlib.import_module("dbus")
            kwargs["hints"] = {  # an int would arrive as int32, which servers ignore
                "urgency": dbus.Byte(URGENCY_BYTE),
                "desktop-entry": dbus.String(DESKTOP_ENTRY),
            }

    recorder = SubprocessRecorder(deadline)
    outcome: dict[str, BaseException | None] = {}

    def send() -> None:
        try:
            with recorder.installed():
                notification.notify(**kwargs)
            outcome["failure"] = None
        except BaseException as exc:  # reported below
            outcome["failure"] = exc

    worker = threading.Thread(target=send, name="supple-notify", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()) + 0.1)
    backend = chosen_backend(notification, predicted)

    if worker.is_alive():
        return Delivery(False, backend, NO_ANSWER, HUNG_FIX), True
    failure = outcome.get("failure")
    if isinstance(failure, NotImplementedError):
        return no_backend(platform), False
    if failure is not None:
        error, fix = classify(f"{type(failure).__name__}: {failure}", backend)
        return Delivery(False, backend, error, fix), False
    for program, code, stderr in recorder.runs:
        if code != 0:
            if code is None:
                hung = Delivery(False, backend, NO_ANSWER, HUNG_FIX)
                return hung, False
            error, fix = classify(stderr or f"{program} exited with status {code}", backend)
            return Delivery(False, backend, error, fix), False
    return Delivery(True, backend), False


_CAPABILITY_QUERIES = (
    [
        "gdbus",
        "call",
        "--session",
        "--dest",
        "org.freedesktop.Notifications",
        "--object-path",
        "/org/freedesktop/Notifications",
        "--method",
        "org.freedesktop.Notifications.GetCapabilities",
    ],
    [
        "dbus-send",
        "--session",
        "--print-reply",
        "--dest=org.freedesktop.Notifications",
        "/org/freedesktop/Notifications",
        "org.freedesktop.Notifications.GetCapabilities",
    ],
)


def server_capabilities(deadline: float) -> list[str]:
    """What the notification server says it can do (GetCapabilities), through gdbus or
    dbus-send; [] when neither is installed or the server does not answer in time."""
    done = ask_bus(_CAPABILITY_QUERIES, timeout=max(0.05, deadline - time.monotonic()))
    if done is None or done.returncode != 0:
        return []
    return re.findall(r"[\"']([^\"']+)[\"']", done.stdout.decode("utf-8", "replace"))


def _notify_with_buttons(
    title: str, body: str, deadline: float, data_dir: str, reminder: dict[str, str] | None
) -> Delivery:
    """Hand the reminder to `tracker.notify.buttons`, in a session of its own so that it
    outlives this child, and wait only until it says the notification is shown (or that the
    server has not answered in time: then, for a `reminder`, it goes on listening for a late
    answer, and records it on the reminder)."""
    request: dict[str, Any] = {
        "title": title,
        "body": body,
        "data_dir": data_dir,
        "show_within_s": max(0.05, deadline - time.monotonic()),
        "show_until": deadline,  # the same monotonic clock for every process: no start-up lag
    }
    if reminder is not None:
        request["reminder"] = reminder
    waiter = subprocess.Popen(
        [
            sys.executable,
            "-c",
            bootstrap("tracker.notify.buttons"),
            package_root(),
            json.dumps(request),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )
    assert waiter.stdout is not None
    line = b""
    fd = waiter.stdout.fileno()
    while not line.endswith(b"\n"):
        left = deadline + CHILD_MARGIN_S / 2 - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(0.0, left))
        chunk = os.read(fd, 4096) if ready else b""
        if not chunk:
            break
        line += chunk
    waiter.stdout.close()
    text = line.decode("utf-8", "replace").strip()
    if text.startswith("shown"):
        return Delivery(True, "notify-send")
    if not text:  # no word in time: it is stuck on the server
        with contextlib.suppress(OSError):
            os.killpg(waiter.pid, signal.SIGKILL)
        return Delivery(False, "notify-send", NO_ANSWER, HUNG_FIX)
    error, fix = classify(text.removeprefix("failed").strip(), "notify-send")
    return Delivery(False, "notify-send", error, fix)
