"""Standard output for the shell commands: its failures told apart, and UTF-8 bytes on request.

A full disk (`> /dev/full`), a closed pipe or a terminal whose encoding lacks a character
must end a command with one plain line, not look like a bug; every other OSError (a file
that cannot be read, say) is still a bug or has its own message. So while a shell command
runs, sys.stdout is wrapped and its write errors become OutputError.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not from typing: every shell command loads this module
if TYPE_CHECKING:
    from typing import Any, TextIO


class OutputError(Exception):
    """Writing to standard output failed: a full disk, a closed pipe, an encoding it lacks."""

    def __init__(self, error: OSError | UnicodeEncodeError) -> None:
        super().__init__(str(error))
        self.error = error


class WatchedOutput:
    """sys.stdout for the shell commands: its write errors become OutputError, so that they
    are told apart from every other OSError (a file that cannot be read, say)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except (OSError, UnicodeEncodeError) as error:
            raise OutputError(error) from error

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as error:
            raise OutputError(error) from error

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def watch_output() -> None:
    if sys.stdout is not None and not isinstance(sys.stdout, WatchedOutput):
        sys.stdout = WatchedOutput(sys.stdout)  # a TextIO to every caller


def write_utf8(text: str) -> None:
    """Write `text` as UTF-8 whatever the locale says (exports are files, not terminal text)."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stand-in
        stream.write(text)
        return
    stream.flush()
    try:
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    except OSError as error:
        raise OutputError(error) from error
