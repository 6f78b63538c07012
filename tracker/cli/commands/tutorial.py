"""`supple tutorial --print`: the tutorial's pages as plain text."""

from __future__ import annotations

import os
import sys

from tracker.core.ascii_text import is_utf8_locale, to_ascii
from tracker.routine.tutorial import render_text
from tracker.store.database import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(store: Store, args: argparse.Namespace) -> int:
    # The figures are braille; a terminal or pipe that cannot take it gets their captions,
    # and a locale that is not UTF-8 (LANG=C) gets the text in ASCII.
    utf8 = is_utf8_locale(os.environ, bool(sys.flags.utf8_mode))
    try:
        "\u28ff".encode(sys.stdout.encoding or "ascii")
        drawings = utf8
    except (UnicodeEncodeError, LookupError):
        drawings = False
    # Piped (to a file, a pager or a screen reader) the figures are words: a speech engine
    # reads braille art cell by cell. --figures and --no-figures decide instead.
    figures = args.figures if args.figures is not None else sys.stdout.isatty()
    text = render_text(store.quick_summary().settings, drawings, figures=figures)
    sys.stdout.write(text if utf8 else to_ascii(text))
    return 0
