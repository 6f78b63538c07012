"""Reminders in the background: the systemd user service that runs the daemon (its unit
text, install and uninstall), or, without systemd, the cron line that runs `remind --once`."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from tracker.core.errors import CommandError
from tracker.store.database import Store
from tracker.store.storage import NotDurableError, make_private_folder, write_atomically

SERVICE_NAME = "supple-remind.service"
# Where a system booted with systemd keeps its runtime state (what sd_booted(3) looks at).
SYSTEMD_RUNTIME = Path("/run/systemd/system")
CRON_SCHEDULE = "*/5 * * * *"


def _service_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user" / SERVICE_NAME


_SYSTEMD_C_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def systemd_quote(arg: str) -> str:
    """One ExecStart word that systemd reads back as exactly `arg`.

    systemd expands `%` specifiers and `$VAR` in ExecStart, so `%` becomes `%%` and `$`
    becomes `$$`. A word with spaces, quotes, backslashes or other unusual characters goes in
    double quotes, with `\\` and `"` (and control characters) backslash-escaped.
    """
    text = arg.replace("%", "%%").replace("$", "$$")
    if text and all(c.isalnum() or c in "/._-+,:@=%$" for c in text):
        return text
    escaped = "".join("\\" + c if c in '\\"' else _SYSTEMD_C_ESCAPES.get(c, c) for c in text)
    return f'"{escaped}"'


def exec_start(store: Store) -> str:
    """The service's ExecStart: this Python, this package, an absolute data folder."""
    data_dir = os.path.abspath(store.data_dir)
    argv = [sys.executable, "-m", "tracker", "--data-dir", data_dir, "remind"]
    return " ".join(systemd_quote(arg) for arg in argv)


def service_text(store: Store) -> str:
    # Started with the graphical session and stopped with it (a notification needs the
    # session's bus and display). Restart=on-failure covers a crash; a second daemon for the
    # same folder exits 0 ("one is enough"), so it is not restarted over and over.
    return (
        "[Unit]\n"
        "Description=supple reminders for the daily hamstring and lower-back routine\n"
        "Documentation=man:supple(1)\n"
        "PartOf=graphical-session.target\n"
        "After=graphical-session.target\n"
        "\n"
        "[Service]\n"
        f"ExecStart={exec_start(store)}\n"
        "Restart=on-failure\n"
        "RestartSec=30\n"
        "\n"
        "[Install]\n"
        "WantedBy=graphical-session.target\n"
    )


def systemd_problem() -> str | None:
    """Why a systemd user service cannot work here, or None if systemd is there."""
    if shutil.which("systemctl") is None:
        return "there is no systemd here (no systemctl on PATH)"
    if not SYSTEMD_RUNTIME.is_dir():
        return f"this system does not run systemd ({SYSTEMD_RUNTIME} does not exist)"
    return None


def install_service(store: Store) -> int:
    problem = systemd_problem()
    if problem is not None:
        raise CommandError(
            f"{problem}; run the reminders from cron instead: supple remind --install --cron",
            1,
        )
    path = _service_path()
    text = service_text(store)
    try:  # private whatever the umask: another user must not change what it runs
        make_private_folder(path.parent)
        write_atomically(path, text.encode("utf-8"))
    except NotDurableError:
        pass  # in place: systemd reads it next (only a power cut now could lose it)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror}", 1) from None
    print(f"Wrote {path}:\n")
    print(text)
    print("Enable and start it with:")
    print(f"  systemctl --user daemon-reload && systemctl --user enable --now {SERVICE_NAME}")
    print(f"Check it with: systemctl --user status {SERVICE_NAME}")
    return 0


def uninstall_service() -> int:
    path = _service_path()
    if not path.exists():
        print(f"No service file at {path}; nothing to remove.")
        return 0
    try:
        path.unlink()
    except OSError as error:
        raise CommandError(f"cannot remove {path}: {error.strerror}", 1) from None
    print(f"Removed {path}.")
    print("Stop the running daemon and forget the service with:")
    print(f"  systemctl --user disable --now {SERVICE_NAME}; systemctl --user daemon-reload")
    return 0


def cron_command(store: Store) -> str:
    """`remind --once` with absolute paths and the session bus, as cron's /bin/sh runs it.

    cron starts jobs with a bare PATH and no session environment: the bus address is given,
    and this very Python runs supple. In a crontab a `%` ends the command, so it is escaped.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    bus = f"DBUS_SESSION_BUS_ADDRESS=unix:path={runtime}/bus"
    argv = [
        sys.executable,
        "-m",
        "tracker",
        "--data-dir",
        os.path.abspath(store.data_dir),
        "remind",
        "--once",
    ]
    words = [shlex.quote(bus)] + [shlex.quote(arg) for arg in argv]
    return " ".join(words).replace("%", "\\%")


def print_cron_line(store: Store) -> int:
    """The crontab line alone on stdout (so it can be piped), how to add it on stderr."""
    print(f"{CRON_SCHEDULE} {cron_command(store)}")
    sys.stderr.write(
        "Add this line with 'crontab -e', or in one go:\n"
        "  (crontab -l 2>/dev/null; supple remind --install --cron 2>/dev/null) | crontab -\n"
        "It checks every 5 minutes, so a reminder comes at most 5 minutes after its time.\n"
    )
    return 0
