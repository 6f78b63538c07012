"""Text from the store made safe to show: no control character reaches a terminal raw.

A note or a skip reason may hold anything (typed with `--note`, or in an imported file), and a
terminal obeys control characters: `\\x1b]0;...\\x07` retitles the window, `\\x1b[2J` clears
the screen. Everything shown from the store goes through `printable`, which writes each
control character out visibly (`\\x1b`) instead. Pure and tiny: the shell, the export and the
app all use it.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls (\x9b is an 8-bit CSI), the Unicode controls that reorder
# or hide text (bidi overrides and isolates, zero-width joiners are left alone as emoji need
# them), and lone surrogates (bytes that were not UTF-8, in a file name or an argument: no
# terminal can be sent them). Tab and newline only where the caller allows them.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_CONTROLS_AND_LINES = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ud800-\udfff]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # how Python keeps a byte that was not UTF-8: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, lines: bool = False) -> str:
    """`text` with every control character written out (`\\x1b`), so it shows as it is.

    `lines=True` keeps newlines and tabs (a multi-line field shown as lines); by default they
    are written out too, so one field stays on one line.
    """
    pattern = _CONTROLS if lines else _CONTROLS_AND_LINES
    if pattern.search(text) is None:  # the usual case: nothing to do
        return text
    return pattern.sub(_visible, text)


def is_text(value: str) -> bool:
    """Whether UTF-8 can hold `value`: no lone surrogate (from a JSON escape such as
    `\\ud800`, or from bytes that were not UTF-8 in a command's arguments)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
