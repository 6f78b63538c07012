"""Where supple leans on plyer 2.1.0 beyond its published API (`notification.notify(...)`).

plyer is pinned; tests/unit/test_plyer_adapter.py runs these against the installed plyer and
fails loudly if an upgrade changes any of them:
- its notify-send backend runs `subprocess.call(["notify-send", TITLE, BODY, -i ICON, -h
  HINT, -u URGENCY, -c CATEGORY, -a APP, -t MS])`, ignoring the exit code and filling -i, -h
  and -t from keywords its facade never passes on; the portal backend runs gdbus with
  `subprocess.run`, pasting title and body into GVariant text inside '...'. `SubprocessRecorder`
  stands in for both calls while plyer runs (in the delivery child only), to set supple's look,
  keep exit codes and stderr, and bound the time;
- its `notification` is a Proxy that keeps the backend it chose in a `_obj` slot
  (`chosen_backend`).
The mirror of plyer's backend choice that needs no plyer import (`delivery.plyer_platform`,
`whereis`, `backend_name`) is checked against plyer by the same test.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator, Sequence
from typing import Any

from tracker.notify.delivery import DESKTOP_ENTRY, EXPIRE_S, ICON_PATH, URGENCY, plyer_platform


class SubprocessRecorder:
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
        if program == "notify-send":
            argv = with_supple_look(argv)
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


def with_supple_look(argv: list[str]) -> list[str]:
    """plyer 2.1.0's notify-send command with supple's icon, urgency, expiry and desktop entry.

    plyer runs `notify-send TITLE BODY -i ICON -h HINT -u URGENCY -c CATEGORY -a APP -t MS`,
    but fills -i, -h and -t from keywords its own facade never passes on (so: no icon, a
    meaningless hint, a notification that never expires). The values are set here instead;
    an empty category is dropped.
    """
    wanted = {
        "-i": ICON_PATH,
        "-u": URGENCY,
        "-t": str(EXPIRE_S * 1000),
        "-h": f"string:desktop-entry:{DESKTOP_ENTRY}",
    }
    out = argv[:3]  # notify-send, title, body
    rest = argv[3:]
    for flag, value in zip(rest[::2], rest[1::2], strict=False):
        if flag == "-c" and not value:
            continue
        out += [flag, wanted.pop(flag, value)]
    for flag, value in wanted.items():
        out += [flag, value]
    return out


def gvariant_text(s: str) -> str:
    """plyer pastes the portal's title/body into GVariant text inside '...': escape them."""
    return s.replace("\\", "\\\\").replace("'", "\\'")


def chosen_backend(proxy: Any, predicted: str | None) -> str | None:
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
