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
    sys.stdout.write(render_text(store.quick_summary().settings, drawings))
    return 0
