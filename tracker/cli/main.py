"""The `supple` command: the TUI when run bare, plain-text shell commands otherwise.

Shell commands never import Textual (a test checks), so they start fast. Errors are one line
on stderr: 2 for bad input or unreadable data, 1 for an operation that could not complete.
"""

from __future__ import annotations

import gc
import sys

from tracker.cli.output import OutputError, WatchedOutput, watch_output
from tracker.core.errors import CommandError

# Not `from typing import TYPE_CHECKING`: `supple status` must not pay for importing typing
# (mypy treats any TYPE_CHECKING as true).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from pathlib import Path
    from types import SimpleNamespace

    from tracker.core.clock import Clock
    from tracker.store.database import Store


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    try:
        if words[-1:] in (["status"], ["--json"], ["--short"]):
            from tracker.cli.status_output_cache import quick_status  # imports only os, sys, time

            try:
                quick = quick_status(words)
                if quick is not None:
                    sys.stdout.flush()
                    return quick
            except (OSError, UnicodeEncodeError) as error:  # only the output can fail here
                return _output_failed(error)
            except (OverflowError, ValueError):  # a clock out of range: the full path says so
                pass
        if _just_the_app(words):
            code = _open_app(words[1] if words else None)
        else:
            from tracker.core.paths import data_dir

            watch_output()  # also for argparse's --help
            args = _quick_status_args(words) or _parse(words)
            code = _dispatch(args, data_dir(getattr(args, "data_dir", None)))
        # A full disk or a failing pipe shows at the latest here, while one line can still
        # say so (at exit, Python would print a traceback-like message and exit 120).
        sys.stdout.flush()
        return code
    except CommandError as error:
        _say_error(str(error))
        return error.code
    except KeyboardInterrupt:
        return 130
    except OutputError as failure:
        return _output_failed(failure.error)
    except OSError as error:  # a file a command needed, outside the store (which says more)
        where = f" ({error.filename})" if error.filename else ""
        _say_error(f"cannot complete: {error.strerror or error}{where}")
        return 1
    except SystemExit as done:  # argparse after --help, --version or a usage error
        try:
            sys.stdout.flush()
        except (OSError, OutputError) as error:
            return _output_failed(error.error if isinstance(error, OutputError) else error)
        raise done
    except Exception as error:
        return _unexpected(error)
    finally:
        if isinstance(sys.stdout, WatchedOutput):
            sys.stdout = sys.stdout.stream


def _output_failed(error: OSError | UnicodeEncodeError) -> int:
    import errno

    if isinstance(error, UnicodeEncodeError):
        sys.stderr.write(
            f"supple: this terminal's encoding ({error.encoding}) cannot show the output; "
            "use a UTF-8 locale (for example LC_ALL=C.UTF-8)\n"
        )
        return 1
    _discard_stdout()
    if isinstance(error, BrokenPipeError):  # `supple export | head`: the reader has enough
        return 0
    reason = error.strerror or type(error).__name__
    fix = "free some space" if error.errno == errno.ENOSPC else "check where it goes"
    sys.stderr.write(f"supple: cannot write the output ({reason}); {fix}\n")
    return 1


def _unexpected(error: Exception) -> int:
    """A bug: still one line for the user, details on request."""
    import os

    if os.environ.get("SUPPLE_DEBUG"):
        raise error
    _say_error(
        f"unexpected error ({type(error).__name__}: {error}); please report it "
        "(run again with SUPPLE_DEBUG=1 to see the details)"
    )
    return 1


def _say_error(message: str) -> None:
    """One line on stderr. A message may quote a file name, an argument or a record, so
    every control character is written out (`\\x1b`): none reaches the terminal raw."""
    from tracker.core.text import printable

    sys.stderr.write(f"supple: {printable(message)}\n")


def _discard_stdout() -> None:
    """Point the stdout descriptor at /dev/null, so the flush at exit cannot fail again."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


COMMANDS = frozenset(
    "tutorial session calendar done skip status config export import remind doctor measure "
    "report hinge log undo install-extras sync".split()
)


def _parse(words: list[str]) -> argparse.Namespace:
    from tracker.cli.parser import build_parser

    return build_parser(_named_command(words)).parse_args(words)


def _named_command(words: list[str]) -> str | None:
    """The command `words` name, when plain (`[--data-dir DIR] COMMAND ...`); None for
    anything else (help, a mistake), which the parser of every command handles."""
    rest = words[2:] if words[:1] == ["--data-dir"] else words
    return rest[0] if rest and rest[0] in COMMANDS else None


def _quick_status_args(words: list[str]) -> SimpleNamespace | None:
    """`supple [--data-dir DIR] status [--json | --short]`, read without argparse; None for
    anything else.

    `status` is the command run most often (shell prompts, status bars), and building the
    parser of every command is about a sixth of its time. Help, mistakes and every other
    form of the command line go to the real parser.
    """
    from types import SimpleNamespace

    data_dir = None
    if len(words) > 2 and words[0] == "--data-dir" and not words[1].startswith("-"):
        data_dir, words = words[1], words[2:]
    if words not in (["status"], ["status", "--json"], ["status", "--short"]):
        return None
    json, short = words[1:] == ["--json"], words[1:] == ["--short"]
    return SimpleNamespace(command="status", json=json, short=short, data_dir=data_dir)


def _just_the_app(words: list[str]) -> bool:
    """`supple` or `supple --data-dir DIR`: the app, read without argparse (anything else,
    `--data-dir=DIR` too, goes to the real parser)."""
    return not words or (
        len(words) == 2 and words[0] == "--data-dir" and words[1][:1] not in ("", "-")
    )


def _open_app(folder: str | None) -> int:
    """The app, from `supple [--data-dir DIR]` (`folder`: DIR, or None): skip building the
    argument parser of every command (about 5 ms), the app's start-up is what counts."""
    from types import SimpleNamespace

    from tracker.core.paths import data_dir

    return _dispatch(SimpleNamespace(command=None), data_dir(folder))


def _require_terminal(command: str | None) -> None:
    """The app draws on a terminal and reads keys from it: without one it would wait forever
    (stdin at end of file) or paint escape codes into a file or pipe. Say so instead."""
    streams = (sys.stdin, sys.stdout)
    if all(stream is not None and stream.isatty() for stream in streams):
        import os

        if os.environ.get("TERM") == "dumb":  # no cursor moves, no colours: no app
            raise CommandError(
                "this terminal (TERM=dumb) cannot show the app; use the plain-text commands: "
                "supple status, supple done, supple log, supple tutorial --print "
                "(see 'supple --help')"
            )
        return
    which = "stdin" if sys.stdin is None or not sys.stdin.isatty() else "stdout"
    plain = "supple tutorial --print" if command == "tutorial" else "supple status"
    raise CommandError(
        f"the app needs a terminal, and {which} is not one; run it in a terminal, "
        f"or use a plain-text command such as '{plain}' (see 'supple --help')"
    )


EARLIEST_YEAR, LATEST_YEAR = 1900, 8999
"""The clock supple works with: days, a year of heatmap and a year of planned skip days around
now must all be dates Python can count (up to 9999-12-31)."""


def _check_clock(clock: Clock) -> None:
    """A clock far off (a dead clock battery, faketime, $SUPPLE_NOW at year 9999) is one line,
    exit 2, before anything counts days from it."""
    try:
        now = clock.now()
    except OverflowError:  # $SUPPLE_NOW so near the end of time that it runs past it
        now = None
    if now is not None and EARLIEST_YEAR <= now.year <= LATEST_YEAR:
        return
    shown = f"{now.date().isoformat()} {now:%H:%M}" if now is not None else "a time past 9999-12-31"
    raise CommandError(
        f"the clock says {shown}, which supple cannot work with (it counts days in the years "
        f"{EARLIEST_YEAR} to {LATEST_YEAR}); set the system clock (or $SUPPLE_NOW) right"
    )


# Commands that may turn sync on (or run for days, or report on it): they always record and
# merge. Any other command does once sync was ever on here (tracker.sync.synced_store).
_SYNC_AWARE = frozenset(("sync", "config", "import", "remind"))


def _open_store(command: str, folder: Path, clock: Clock) -> Store:
    from tracker.store.database import Store

    if command in _SYNC_AWARE or (folder / "sync").is_dir():
        from tracker.sync.synced_store import SyncedStore

        return SyncedStore(folder, clock)
    return Store(folder, clock)


def _dispatch(args: argparse.Namespace | SimpleNamespace, folder: Path) -> int:
    from tracker.core.clock import clock_from_env

    try:
        clock = clock_from_env()
    except ValueError:
        raise CommandError(
            "$SUPPLE_NOW is not an ISO time like 2026-11-25T18:02:00+01:00"
        ) from None
    _check_clock(clock)
    command = args.command
    if command in (None, "session", "calendar") or (command == "tutorial" and not args.print):
        _require_terminal(command)
        from tracker.ui.launch import launch  # the only path that loads Textual

        code: int = launch(folder, clock, screen=command)
        return code
    watch_output()
    from tracker.cli.commands import runner_module
    from tracker.store.errors import StoreError

    store = _open_store(command, folder, clock)
    # A shell command lives for a split second and makes no cyclic garbage worth collecting,
    # while the cyclic collector would walk the whole store's objects again and again as
    # they are built. The reminder daemon runs for days: it keeps the collector.
    paused = command != "remind" and gc.isenabled()
    if paused:
        gc.disable()
    try:
        runner = __import__(runner_module(command), fromlist=["run"])  # only this command's module
        code = runner.run(store, args)
        return code
    except StoreError as error:
        raise CommandError(str(error), error.exit_code) from None
    finally:
        if paused:
            gc.enable()
