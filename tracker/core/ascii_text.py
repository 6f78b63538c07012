"""Plain ASCII for a terminal whose locale is not UTF-8 (`LANG=C`, a Latin-1 xterm).

Such a terminal shows each byte of a UTF-8 character as a character of its own: a box line
`─` comes out as `â\\x94\\x80`. So where the locale is not UTF-8 the app writes ASCII, each
character turned into one that takes the same number of cells (a box line into `-`, a corner
into `+`, a block into `#`, a wide character into `??`), so nothing moves on the screen.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not from typing: `supple status --short` may load this module
if TYPE_CHECKING:
    from collections.abc import Mapping

# Single characters supple and Textual draw, and their ASCII look-alikes (one cell each).
_TABLE = {
    # the heatmap's day shapes, as its own ASCII mode draws them (see the README)
    "\u25a3": "@",
    "\u25a0": "#",
    "\u25a9": "+",
    "\u2013": "~",
    "\u25a1": ".",
    "\u25cb": "o",
    "\u00b7": "-",
    # arrows, bullets, marks and punctuation
    "\u2190": "<",
    "\u2192": ">",
    "\u2191": "^",
    "\u2193": "v",
    "\u2039": "<",
    "\u203a": ">",
    "\u00ab": "<",
    "\u00bb": ">",
    "\u2022": "*",
    "\u25cf": "*",
    "\u25c9": "*",
    "\u2b58": "o",
    "\u2026": ".",
    "\u2014": "-",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00d7": "x",
    "\u2713": "v",
    "\u2714": "v",
    "\u2717": "x",
    "\u00b0": "o",
    "\u00a0": " ",
    "\u2581": "_",
    "\u2594": "-",
    "\u258f": "|",
    "\u2595": "|",
    "\u258e": "|",
    "\u258d": "|",
    "\u258c": "|",
    "\u2590": "|",
}


def ascii_for(char: str) -> str:
    """An ASCII stand-in for `char`, as many cells wide as it is."""
    if char.isascii():
        return char
    found = _TABLE.get(char)
    if found is not None:
        return found
    code = ord(char)
    if 0x2500 <= code <= 0x257F:  # box drawing
        name = _box_name(code)
        if "HORIZONTAL" in name and "VERTICAL" not in name:
            return "-"
        if "VERTICAL" in name and "HORIZONTAL" not in name:
            return "|"
        return "+"
    if 0x2580 <= code <= 0x259F:  # block elements
        return ":" if code in (0x2591, 0x2592) else "#"
    if 0x2800 <= code <= 0x28FF:  # braille (the figures)
        return " " if code == 0x2800 else "#"
    import unicodedata

    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return ""  # takes no cell of its own
    return "??" if unicodedata.east_asian_width(char) in ("W", "F") else "?"


def _box_name(code: int) -> str:
    import unicodedata

    return unicodedata.name(chr(code), "")


def to_ascii(text: str) -> str:
    if text.isascii():
        return text
    return "".join(ascii_for(char) for char in text)


def is_utf8_locale(environ: Mapping[str, str], python_utf8_mode: bool) -> bool:
    """Whether the terminal's locale, as the user set it, is UTF-8.

    The locale is LC_ALL, else LC_CTYPE, else LANG. Python, started in the C locale, sets
    LC_CTYPE=C.UTF-8 for itself and turns on its UTF-8 mode (PEP 538, 540): then LC_CTYPE says
    what Python chose, not what the terminal shows, and LANG is what the user set.
    """
    every = environ.get("LC_ALL", "")
    if every:
        return _names_utf8(every)
    ctype = environ.get("LC_CTYPE", "")
    coerced = python_utf8_mode and "PYTHONUTF8" not in environ and ctype == "C.UTF-8"
    if ctype and not coerced:
        return _names_utf8(ctype)
    return _names_utf8(environ.get("LANG", ""))


def _names_utf8(locale_name: str) -> bool:
    charset = locale_name.partition(".")[2].partition("@")[0].lower().replace("-", "")
    return charset == "utf8"
