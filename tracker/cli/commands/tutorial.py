"""`supple tutorial --print`: the tutorial's pages as plain text."""

from __future__ import annotations

import sys

from tracker.routine.tutorial import render_text
from tracker.store.database import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(store: Store, args: argparse.Namespace) -> int:
    # The figures are braille; a terminal or pipe that cannot take it gets their captions.
    try:
        "\u28ff".encode(sys.stdout.encoding or "ascii")
        drawings = True
    except (UnicodeEncodeError, LookupError):
        drawings = False
    # Piped (to a file, a pager or a screen reader) the figures are words: a speech engine
    # reads braille art cell by cell. --figures and --no-figures decide instead.
    figures = args.figures if args.figures is not None else sys.stdout.isatty()
    settings = store.quick_summary().settings
    sys.stdout.write(render_text(settings, drawings, figures=figures))
    return 0
