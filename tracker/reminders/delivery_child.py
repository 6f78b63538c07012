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
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from typing import Any

from tracker.reminders.delivery import (
    APP_NAME,
    BUS_CHECK_FIX,
    CHILD_MARGIN_S,
    HUNG_FIX,
    PLYER_TIMEOUT_S,
    RESULT_MARK,
    Delivery,
    backend_name,
    classify,
    no_backend,
    one_line,
    plyer_platform,
    session_bus_problem,
    whereis,
)


class _SubprocessRecorder:
    """Stands in for subprocess.call / subprocess.run while plyer runs, in the child only.

    plyer 2.1.0 runs notify-send with `subprocess.call` (exit code ignored) and gdbus with
    `subprocess.run` (stderr not captured). This runs the same argv with stdin closed, output
    captured and a time limit, and keeps each exit code and stderr for the report.
    """

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.runs: list[tuple[str, int | None, str]] = []  # (program, exit code or None, stderr)
        self._real_run = subprocess.run

    def _run(self, args: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
        argv = [str(a) for a in args]
        program = os.path.basename(argv[0]) if argv else "?"
        remaining = max(0.05, self.deadline - time.monotonic())
        try:
            done = self._real_run(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                timeout=remaining,
                check=False,
            )
        except subprocess.TimeoutExpired:
            self.runs.append((program, None, "Timeout was reached"))
            return subprocess.CompletedProcess(argv, -9, b"", b"")
        except OSError as exc:
            self.runs.append((program, 127, f"cannot run {program}: {exc}"))
            return subprocess.CompletedProcess(argv, 127, b"", b"")
        self.runs.append((program, done.returncode, done.stderr.decode("utf-8", "replace")))
        return done

    def call(self, args: Sequence[str], *_a: Any, **_kw: Any) -> int:
        return self._run(args).returncode

    def run(self, args: Sequence[str], *_a: Any, **_kw: Any) -> subprocess.CompletedProcess[bytes]:
        return self._run(args)

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        saved = subprocess.call, subprocess.run
        subprocess.call = self.call  # type: ignore[assignment]
        subprocess.run = self.run  # type: ignore[assignment]
        try:
            yield
        finally:
            subprocess.call, subprocess.run = saved


def _gvariant_text(s: str) -> str:
    """plyer pastes the portal's title/body into GVariant text inside '...': escape them."""
    return s.replace("\\", "\\\\").replace("'", "\\'")


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
        result, hung = _child_notify(title, body, deadline)
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


def _child_notify(title: str, body: str, deadline: float) -> tuple[Delivery, bool]:
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

    kwargs: dict[str, Any] = {
        "title": title,
        "message": body,
        "app_name": APP_NAME,
        "timeout": PLYER_TIMEOUT_S,
    }
    if predicted == "portal":
        kwargs["title"] = _gvariant_text(title)
        kwargs["message"] = _gvariant_text(body)
    elif predicted == "notify-send":
        kwargs["message"] = body.replace("\\", "\\\\")  # it runs g_strcompress on the body
    elif predicted == "dbus":
        with contextlib.suppress(Exception):
            dbus = importlib.import_module("dbus")
            kwargs["hints"] = {"urgency": dbus.Byte(1)}  # an int would arrive as int32

    recorder = _SubprocessRecorder(deadline)
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
    backend = _chosen_backend(notification, predicted)

    if worker.is_alive():
        return Delivery(False, backend, "the notification server did not answer", HUNG_FIX), True
    failure = outcome.get("failure")
    if isinstance(failure, NotImplementedError):
        return no_backend(platform), False
    if failure is not None:
        error, fix = classify(f"{type(failure).__name__}: {failure}", backend)
        return Delivery(False, backend, error, fix), False
    for program, code, stderr in recorder.runs:
        if code != 0:
            if code is None:
                hung = Delivery(False, backend, "the notification server did not answer", HUNG_FIX)
                return hung, False
            error, fix = classify(stderr or f"{program} exited with status {code}", backend)
            return Delivery(False, backend, error, fix), False
    return Delivery(True, backend), False


def _chosen_backend(proxy: Any, predicted: str | None) -> str | None:
    """The backend plyer's Proxy actually instantiated (peeks at plyer 2.1.0's `_obj` slot)."""
    names = {
        "NotifyDesktopPortals": "portal",
        "NotifyDbus": "dbus",
        "NotifySendNotification": "notify-send",
    }
    try:
        obj = object.__getattribute__(proxy, "_obj")
    except Exception:
        return predicted
    if obj is None:
        return predicted
    cls = type(obj).__name__
    if cls in names:
        return names[cls]
    if type(obj).__module__.startswith("plyer.facades"):
        return None  # the bare facade: plyer found nothing
    return predicted if predicted is not None else plyer_platform()
