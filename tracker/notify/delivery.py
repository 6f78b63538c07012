"""Desktop notifications through plyer, made safe for a TUI and a daemon.

`deliver()` never raises, never blocks longer than its time limit, keeps plyer's warnings and
notify-send's stderr out of the terminal, and says what happened in a `Delivery`.

How: each notification is sent by a short-lived child process (`tracker.notify.delivery_child`,
started with the same Python). The child asks plyer which backend it would use, checks what
that backend needs (a session bus, gdbus...), calls `plyer.notification.notify(...)`, and prints
one result line on stdout. A child per notification means plyer's per-process backend cache and
libdbus's per-process bus address never go stale (a restarted bus, a changed
DBUS_SESSION_BUS_ADDRESS), a hung notification server is killed with the child's whole process
group when the time is up, and everything the child or notify-send prints is captured.

plyer 2.1.0 on Linux picks, once per process: `/app` exists -> the Flatpak portal (gdbus);
`import dbus` works -> dbus-python; `notify-send` on PATH -> notify-send (plyer ignores its exit
code, so the child records it); else nothing.

No Textual import here, and plyer is only imported in the child.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib.util
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Delivery", "backend_name", "deliver", "reminder_sender", "sanitize", "sending"]

APP_NAME = "supple"
DEFAULT_TITLE = "Reminder"
WORD_JOINER = "\u2060"
# Every notification looks the same whichever backend sends it: supple's icon, normal
# urgency, the same expiry, and the desktop entry it belongs to (share/applications).
ICON_PATH = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "assets", "supple.svg"
)
URGENCY = "normal"  # libnotify's name; on the D-Bus it is the byte 1
URGENCY_BYTE = 1
EXPIRE_S = 30  # long enough to read it and press Done
DESKTOP_ENTRY = "supple"
# The buttons of a reminder, where the notification server has actions (see ACTIONS_FIX).
ACTIONS = (("done", "Done"), ("snooze", "Snooze 10 min"))
# The buttons of an everyday-hinge nudge (its claim's time is "hinge HH:MM"): the evening
# check's three answers (tracker.core.hinge).
HINGE_ACTIONS = (
    ("hinge-most", "Most times"),
    ("hinge-some", "Sometimes"),
    ("hinge-none", "Not yet"),
)

RESULT_MARK = "SUPPLE-NOTIFY-RESULT "
# The child stops waiting on the backend this long before the parent's hard deadline, so it can
# still report (with the backend's name) instead of being killed.
CHILD_MARGIN_S = 0.4
_MAX_LINE = 240

BUS_CHECK_FIX = (
    "check that a notification daemon answers: dbus-send --session --print-reply "
    "--dest=org.freedesktop.Notifications /org/freedesktop/Notifications "
    "org.freedesktop.Notifications.GetServerInformation"
)
_NO_SERVER = (
    "no notification server is running on the D-Bus session bus",
    "start your desktop's notification daemon (or e.g. dunst) in this session",
)
HUNG_FIX = "restart your desktop's notification daemon (or e.g. dunst), or log out and back in"
NO_ANSWER = "the notification server did not answer"
REPLY_WITHIN_S = 20.0
"""How long a notification may take to be answered. A busy server shows it at once and
answers seconds later; taking that for a failure would show the reminder again at the
retry. (D-Bus itself waits 25 s for an answer, so this is still a hung server's time.)"""

# The reminder (day and time) being sent in this thread, if any: a server that answers even
# later than REPLY_WITHIN_S has still shown it, and the button process records that on it.
_SENDING: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "supple_sending", default=None
)


@contextlib.contextmanager
def sending(day: str, time: str) -> Iterator[None]:
    """Within this block, `reminder_sender` sends the reminder of `day` (ISO) at `time`."""
    token = _SENDING.set({"date": day, "time": time})
    try:
        yield
    finally:
        _SENDING.reset(token)


@dataclass(frozen=True)
class Delivery:
    """What happened to one notification.

    `backend` is the plyer backend that was (or would have been) used: "dbus", "notify-send",
    "portal" on Linux, "macosx" / "win" elsewhere, None when there is none. `error` and `fix`
    are one line of plain words each, None when `ok`.
    """

    ok: bool
    backend: str | None
    error: str | None = None
    fix: str | None = None


# --------------------------------------------------------------------------- shared helpers


def one_line(text: str, limit: int = _MAX_LINE) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."


def _clean(text: object) -> str:
    """A string that can go into argv and JSON: no NUL, no lone surrogates."""
    s = str(text).replace("\x00", "")
    return s.encode("utf-8", "replace").decode("utf-8")


def sanitize(title: str, body: str) -> tuple[str, str]:
    """Make a title and body every backend accepts.

    An empty title becomes "Reminder" (notify-send rejects it). A leading "-" would be read by
    notify-send as an option (and the reminder lost), so it gets an invisible U+2060 word joiner
    in front, in the title and in the body.
    """
    t = _clean(title)
    b = _clean(body)
    if not t.strip():
        t = DEFAULT_TITLE
    if t.startswith("-"):
        t = WORD_JOINER + t
    if b.startswith("-"):
        b = WORD_JOINER + b
    return t, b


def plyer_platform() -> str:
    """plyer.utils.platform, without importing plyer."""
    if hasattr(sys, "getandroidapilevel") or "ANDROID_ARGUMENT" in os.environ:
        return "android"
    if os.environ.get("KIVY_BUILD", "") == "ios":
        return "ios"
    if sys.platform in ("win32", "cygwin"):
        return "win"
    if sys.platform == "darwin":
        return "macosx"
    if sys.platform.startswith("linux"):
        return "linux"
    return "unknown"


def whereis(program: str) -> str | None:
    """plyer.utils.whereis_exe: the first PATH entry that has `program` and is not a folder."""
    sep = ";" if plyer_platform() == "win" else ":"
    for folder in os.environ.get("PATH", "").split(sep):
        candidate = os.path.join(folder, program)
        if os.path.exists(candidate) and not os.path.isdir(candidate):
            return candidate
    return None


def ask_bus(
    queries: tuple[list[str], ...], timeout: float
) -> subprocess.CompletedProcess[bytes] | None:
    """Run the first of these bus queries (gdbus, dbus-send, ...: each a command line) whose
    program is installed; None when none is, or it cannot be run or does not end in time."""
    for query in queries:
        program = whereis(query[0])
        if program is None:
            continue
        try:
            return subprocess.run(
                [program, *query[1:]],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except (subprocess.TimeoutExpired, OSError):
            return None
    return None


def _module_available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def backend_name() -> str | None:
    """The backend plyer would use in a new process, without sending anything.

    Linux: "portal" (a /app directory exists: plyer's Flatpak guess), "dbus" (dbus-python is
    importable), "notify-send" (on PATH), or None. "macosx" needs pyobjus; "win" is built in.
    """
    try:
        platform = plyer_platform()
        if platform == "linux":
            if os.path.isdir("/app"):
                return "portal"
            if _module_available("dbus"):
                return "dbus"
            if whereis("notify-send"):
                return "notify-send"
            return None
        if platform == "macosx":
            return "macosx" if _module_available("pyobjus") else None
        if platform == "win":
            return "win"
        return None
    except Exception:
        return None


def no_backend(platform: str) -> Delivery:
    if platform == "linux":
        return Delivery(
            False,
            None,
            "no desktop notification backend: notify-send is not installed "
            "(and dbus-python is not importable)",
            "install libnotify-bin (sudo apt install libnotify-bin) "
            "and run inside a desktop session",
        )
    if platform == "macosx":
        return Delivery(
            False,
            None,
            "no desktop notification backend: plyer needs pyobjus on macOS",
            "install it: pip install 'plyer[macosx]'",
        )
    return Delivery(
        False,
        None,
        f"plyer has no desktop notifications on this platform ({sys.platform})",
        "use the in-app reminders (keep supple open) instead",
    )


def _no_bus_fix() -> str:
    uid = os.getuid() if hasattr(os, "getuid") else 1000
    return (
        "run inside a desktop session, or set "
        f"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{uid}/bus"
    )


def _unescape_dbus(value: str) -> str:
    out = bytearray()
    i = 0
    raw = value.encode("utf-8", "replace")
    while i < len(raw):
        if raw[i] == 0x25 and i + 3 <= len(raw):  # "%xx"
            with contextlib.suppress(ValueError):
                out.append(int(raw[i + 1 : i + 3].decode("ascii"), 16))
                i += 3
                continue
        out.append(raw[i])
        i += 1
    return out.decode("utf-8", "replace")


def session_bus_problem() -> tuple[str, str] | None:
    """(error, fix) if there is clearly no D-Bus session bus to talk to, else None.

    Only cheap local checks: the address is set (or $XDG_RUNTIME_DIR/bus exists, which libdbus
    and GLib use when it is not), and a unix:path= socket exists. Other transports are trusted.
    """
    addr = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if not addr:
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        if runtime and os.path.exists(os.path.join(runtime, "bus")):
            return None
        return ("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set", _no_bus_fix())
    paths: list[str] = []
    for entry in addr.split(";"):
        if not entry.strip():
            continue
        transport, _, params = entry.strip().partition(":")
        keys: dict[str, str] = {}
        for part in params.split(","):
            key, _, value = part.partition("=")
            keys[key] = value
        if transport != "unix" or "path" not in keys:
            return None  # tcp:, unix:abstract=, unix:dir=...: can't check cheaply, trust it
        paths.append(_unescape_dbus(keys["path"]))
    if not paths or any(os.path.exists(p) for p in paths):
        return None
    return (
        f"no D-Bus session bus: {paths[0]} (from DBUS_SESSION_BUS_ADDRESS) does not exist",
        _no_bus_fix(),
    )


def classify(text: str, backend: str | None) -> tuple[str, str]:
    """Turn a backend's error output (stderr, exception text) into (error, fix)."""
    t = text
    if "ServiceUnknown" in t or "NameHasNoOwner" in t or "not provided by any" in t:
        if backend == "portal":
            return (
                "no desktop portal (org.freedesktop.portal.Desktop) on the session bus",
                "plyer chose the Flatpak portal because a /app directory exists; run outside "
                "that container or start xdg-desktop-portal",
            )
        return _NO_SERVER
    if "Timeout was reached" in t or "NoReply" in t or "did not receive a reply" in t:
        return (NO_ANSWER, HUNG_FIX)
    if (
        "autolaunch" in t
        or "Could not connect" in t
        or "Failed to connect" in t
        or "Disconnected" in t
        or "Connection refused" in t
    ):
        return (f"cannot connect to the D-Bus session bus: {_first_line(t)}", _no_bus_fix())
    detail = _first_line(t) or "no error message"
    return (f"{backend or 'notification'} failed: {detail}", BUS_CHECK_FIX)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return one_line(line, 160)
    return ""


# --------------------------------------------------------------------------- parent side


def package_root() -> str:
    """The folder that holds the `tracker` package (source tree or site-packages)."""
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bootstrap(module: str) -> str:
    """`python -c` code that runs `module`'s main() from this very `tracker` package.

    It replaces sys.path[0] (the current directory, for -c) with the folder holding the
    package (argv[1]), so a source checkout works and nothing in the cwd shadows plyer.
    """
    return (
        "import sys\n"
        "root = sys.argv[1]\n"
        "if sys.path and sys.path[0] in ('', '.'):\n"
        "    sys.path[0] = root\n"
        "else:\n"
        "    sys.path.insert(0, root)\n"
        f"from {module} import main\n"
        "raise SystemExit(main())\n"
    )


_BOOTSTRAP = bootstrap("tracker.notify.delivery_child")


def _kill_child(proc: subprocess.Popen[bytes]) -> None:
    """Kill the child and anything it started (notify-send, gdbus): its own process group.

    Called before the child is reaped, so its pid (= the group id) cannot have been reused.
    """
    with contextlib.suppress(OSError):
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()


def reminder_sender(data_dir: Path) -> Callable[[str, str], Delivery]:
    """`deliver` for a due reminder of the store in `data_dir`: with the buttons "Done" (log
    today) and "Snooze 10 min", where the notification server offers buttons."""

    def send(title: str, body: str) -> Delivery:
        return deliver(title, body, actions_for=data_dir, reminder=_SENDING.get())

    return send


def deliver(
    title: str,
    body: str,
    timeout_s: float = REPLY_WITHIN_S,
    actions_for: Path | None = None,
    reminder: dict[str, str] | None = None,
) -> Delivery:
    """Show a desktop notification; never raises, returns within about `timeout_s`.

    With `actions_for` (a data folder), the notification gets the Done and Snooze buttons
    where the server has actions; a small process then waits for the click and changes that
    store (see `tracker.notify.buttons`). `reminder` ({"date", "time"}) names the reminder
    record: should the server answer only after `timeout_s`, that process marks it as shown
    (it was), so the retry does not show it again. Control characters are written out
    visibly first: a text may come from the store.
    """
    from tracker.core.text import printable

    try:
        title, body = printable(title), printable(body, lines=True)
        return _deliver(title, body, timeout_s, actions_for, reminder)
    except Exception as exc:  # never crash the caller
        return Delivery(
            False,
            backend_name(),
            one_line(f"could not run the notification helper: {type(exc).__name__}: {exc}"),
            "check that supple's Python can start a subprocess (see `supple doctor`)",
        )


def _deliver(
    title: str,
    body: str,
    timeout_s: float,
    actions_for: Path | None,
    reminder: dict[str, str] | None = None,
) -> Delivery:
    timeout_s = max(0.1, float(timeout_s))
    title, body = sanitize(title, body)
    request: dict[str, Any] = {"title": title, "body": body, "timeout_s": timeout_s}
    if actions_for is not None:
        request["actions_for"] = os.path.abspath(actions_for)
        if reminder is not None:
            request["reminder"] = reminder
    payload = json.dumps(request).encode("ascii")
    if not sys.executable:
        raise RuntimeError("sys.executable is empty")
    proc = subprocess.Popen(
        [sys.executable, "-c", _BOOTSTRAP, package_root()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=(os.name == "posix"),
        close_fds=True,
    )
    try:
        out, err = proc.communicate(payload, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_child(proc)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.communicate(timeout=1.0)
        return Delivery(
            False,
            backend_name(),
            f"{NO_ANSWER} within {timeout_s:g} s",
            HUNG_FIX,
        )
    except BaseException:
        _kill_child(proc)
        with contextlib.suppress(Exception):
            proc.communicate(timeout=1.0)
        raise
    return _parse_child_output(out, err, proc.returncode)


def _parse_child_output(out: bytes, err: bytes, returncode: int | None) -> Delivery:
    for raw in reversed(out.decode("utf-8", "replace").splitlines()):
        if raw.startswith(RESULT_MARK):
            data = json.loads(raw[len(RESULT_MARK) :])
            return Delivery(
                bool(data["ok"]),
                _opt_str(data.get("backend")),
                _opt_str(data.get("error")),
                _opt_str(data.get("fix")),
            )
    stderr = err.decode("utf-8", "replace")
    lines = [line for line in stderr.splitlines() if line.strip()]
    detail = one_line(lines[-1], 160) if lines else f"exit status {returncode}"
    fix = "report this as a bug with the output of `supple remind --test`"
    if "No module named 'plyer'" in stderr:
        fix = "install plyer into supple's environment: pip install plyer==2.1.0"
    return Delivery(False, backend_name(), f"the notification helper failed: {detail}", fix)


def _opt_str(value: Any) -> str | None:
    return None if value is None else one_line(str(value))
