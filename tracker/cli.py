"""The `supple` command: the TUI when run bare, plain-text shell commands otherwise.

Shell commands never import Textual (a test checks), so they start fast. Errors are one line
on stderr: 2 for bad input or unreadable data, 1 for an operation that could not complete.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from tracker.errors import CommandError

if TYPE_CHECKING:
    import argparse


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    try:
        if not words:
            return _open_app()
        from tracker.paths import data_dir

        args = _quick_status_args(words) or _parse(words)
        return _dispatch(args, data_dir(getattr(args, "data_dir", None)))
    except CommandError as error:
        sys.stderr.write(f"supple: {error}\n")
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # a file a command needed, outside the store (which says more)
        where = f" ({error.filename})" if error.filename else ""
        sys.stderr.write(f"supple: cannot complete: {error.strerror or error}{where}\n")
        return 1
    except Exception as error:  # a bug: still one line for the user, details on request
        import os

        if os.environ.get("SUPPLE_DEBUG"):
            raise
        sys.stderr.write(
            f"supple: unexpected error ({type(error).__name__}: {error}); please report it "
            "(run again with SUPPLE_DEBUG=1 to see the details)\n"
        )
        return 1


def _parse(words: list[str]) -> argparse.Namespace:
    from tracker.arguments import build_parser

    return build_parser().parse_args(words)


def _quick_status_args(words: list[str]) -> SimpleNamespace | None:
    """`supple [--data-dir DIR] status [--json]`, read without argparse; None for anything else.

    `status` is the command run most often (shell prompts, status bars), and building the
    parser of every command is about a sixth of its time. Help, mistakes and every other
    form of the command line go to the real parser.
    """
    data_dir = None
    if len(words) > 2 and words[0] == "--data-dir" and not words[1].startswith("-"):
        data_dir, words = words[1], words[2:]
    if words not in (["status"], ["status", "--json"]):
        return None
    return SimpleNamespace(command="status", json=len(words) == 2, data_dir=data_dir)


def _open_app() -> int:
    """Bare `supple`: skip building the argument parser, the app's start-up is what counts."""
    from tracker.paths import data_dir

    return _dispatch(SimpleNamespace(command=None), data_dir(None))


def _dispatch(args: argparse.Namespace | SimpleNamespace, folder: Path) -> int:
    from tracker.clock import clock_from_env

    try:
        clock = clock_from_env()
    except ValueError:
        raise CommandError(
            "$SUPPLE_NOW is not an ISO time like 2026-11-25T18:02:00+01:00"
        ) from None
    command = args.command
    if command in (None, "session", "calendar") or (command == "tutorial" and not args.print):
        from tracker.ui.launch import launch  # the only path that loads Textual

        code: int = launch(folder, clock, screen=command)
        return code
    from tracker import commands
    from tracker.store.database import Store
    from tracker.store.errors import StoreError

    store = Store(folder, clock)
    # A shell command lives for a split second and makes no cyclic garbage worth collecting,
    # while the cyclic collector would walk the whole store's objects again and again as
    # they are built. The reminder daemon runs for days: it keeps the collector.
    paused = command != "remind" and gc.isenabled()
    if paused:
        gc.disable()
    try:
        code = getattr(commands, f"cmd_{command}")(store, args)
        return code
    except StoreError as error:
        raise CommandError(str(error), error.exit_code) from None
    finally:
        if paused:
            gc.enable()
