"""A program on a pseudo-terminal, typed at as a person would (real shells, the app)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import termios
import time
from pathlib import Path

# CSI sequences, OSC strings, character set choices, and any other ESC + one character.
ESCAPES = re.compile(
    rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)


class Terminal:
    def __init__(
        self, argv: list[str], env: dict[str, str], cwd: Path, size: tuple[int, int] = (24, 100)
    ) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the program
            os.chdir(cwd)
            os.execve(argv[0], argv, env)
        rows, columns = size
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.seen = b""
        self.status = -1  # its exit status, once it has ended

    @property
    def text(self) -> str:
        """What it printed, without escape sequences."""
        return ESCAPES.sub(b"", self.seen).decode("utf-8", "replace")

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the program is gone
            return False
        self.seen += chunk
        return bool(chunk)

    def read_until(self, marker: bytes, timeout: float = 30, plain: bool = False) -> None:
        """Read until `marker` shows (in the text without escapes, with `plain`)."""
        deadline = time.monotonic() + timeout
        while marker not in (self.text.encode() if plain else self.seen):
            left = deadline - time.monotonic()
            assert left > 0, f"{marker!r} did not show: {self.seen[-800:]!r}"
            if not self._read(min(left, 1.0)) and not self.alive():
                raise AssertionError(f"it ended before {marker!r} showed: {self.seen[-800:]!r}")

    def settle(self, quiet_s: float = 0.7) -> None:
        """Read until nothing has come for `quiet_s` (at most 20 s)."""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self._read(quiet_s):
            pass

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def alive(self) -> bool:
        if self.pid:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.pid, self.status = 0, os.waitstatus_to_exitcode(status)
        return bool(self.pid)

    def wait(self, timeout: float = 30) -> int:
        """The exit status, once it ends (reading what it prints meanwhile)."""
        deadline = time.monotonic() + timeout
        while self.alive():
            assert time.monotonic() < deadline, f"it did not end: {self.seen[-800:]!r}"
            self._read(0.2)
        return self.status

    def close(self) -> None:
        try:
            if self.pid:
                os.kill(self.pid, 9)
                os.waitpid(self.pid, 0)
        finally:
            os.close(self.fd)
