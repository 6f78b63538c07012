"""`supple completion bash|zsh|fish`: print a completion script made from the parser."""

from __future__ import annotations

import sys

from tracker.cli.completion_scripts import script
from tracker.store.database import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(store: Store, args: argparse.Namespace) -> int:
    sys.stdout.write(script(args.shell))
    return 0
