"""The systemd user service that runs the reminder daemon: its unit text, install and uninstall."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tracker.errors import CommandError
from tracker.store.database import Store

SERVICE_NAME = "supple-remind.service"


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
    return (
        "[Unit]\n"
        "Description=supple reminders for the daily hamstring and lower-back routine\n"
        "After=graphical-session.target\n"
        "\n"
        "[Service]\n"
        f"ExecStart={exec_start(store)}\n"
        "Restart=on-failure\n"
        "RestartSec=30\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def install_service(store: Store) -> int:
    path = _service_path()
    text = service_text(store)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
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
