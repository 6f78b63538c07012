"""The command line of `supple`: every subcommand, flag and its validation.

Bad values are rejected here with one line (`supple: ...`) and exit code 2, before any
command runs.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import NoReturn

from tracker import __version__
from tracker.days import SKIP_DAYS_AHEAD, calendar_today, date_bound_problem, parse_date
from tracker.settings import whole_number
from tracker.store.records import NOTE_LIMIT


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block.
        sys.stderr.write(f"supple: {message}; see '{self.prog} --help'\n")
        raise SystemExit(2)


def _date_arg(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD") from None


def _bounded_date(text: str, days_ahead: int | None) -> date:
    day = _date_arg(text)
    problem = date_bound_problem(day, calendar_today(), days_ahead)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return day


def _session_date_arg(text: str) -> date:
    """A day to log: from 2000 on (`supple done` itself refuses days after today)."""
    return _bounded_date(text, None)


def _skip_date_arg(text: str) -> date:
    """A skip day: from 2000 on, at most about a year ahead (a planned holiday)."""
    return _bounded_date(text, SKIP_DAYS_AHEAD)


def _pain_arg(text: str) -> int:
    level = whole_number(text)
    if level is None or not 0 <= level <= 10:
        raise argparse.ArgumentTypeError(f"'{text}' is not a pain level; use a number from 0 to 10")
    return level


def _text_arg(text: str) -> str:
    if len(text) > NOTE_LIMIT:
        raise argparse.ArgumentTypeError(f"is longer than {NOTE_LIMIT} characters")
    return text


def build_parser() -> Parser:
    common = Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)",
    )
    parser = Parser(
        prog="supple",
        description="A habit tracker for a daily hamstring and lower-back routine. "
        "Run without a command to open the app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"supple {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    tutorial = sub.add_parser("tutorial", parents=[common], help="open the tutorial")
    tutorial.add_argument("--print", action="store_true", help="print it as plain text")
    sub.add_parser("session", parents=[common], help="open the app on a guided session")
    sub.add_parser("calendar", parents=[common], help="open the app on the calendar")

    done = sub.add_parser("done", parents=[common], help="log a complete session")
    done.add_argument("--date", type=_session_date_arg, help="the day (YYYY-MM-DD, default today)")
    done.add_argument("--pain-before", type=_pain_arg, metavar="N", help="pain before, 0-10")
    done.add_argument("--pain-after", type=_pain_arg, metavar="N", help="pain after, 0-10")
    done.add_argument("--note", type=_text_arg, default="", help="a short note")

    skip = sub.add_parser("skip", parents=[common], help="mark rest or pause days")
    skip.add_argument("--date", type=_skip_date_arg, help="first day (default today)")
    skip.add_argument("--until", type=_skip_date_arg, help="last day of a pause (inclusive)")
    skip.add_argument("--reason", type=_text_arg, help="why (shown in the calendar)")
    skip.add_argument("--clear", action="store_true", help="make these days ordinary days again")

    status = sub.add_parser("status", parents=[common], help="today, streaks, strength")
    status.add_argument("--json", action="store_true", help="print JSON")

    config = sub.add_parser("config", parents=[common], help="show or change settings")
    config_sub = config.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    config_sub.required = True
    config_sub.add_parser("list", parents=[common], help="every key and its value")
    get = config_sub.add_parser("get", parents=[common], help="one key's value")
    get.add_argument("key")
    set_ = config_sub.add_parser("set", parents=[common], help="change a key")
    set_.add_argument("key")
    set_.add_argument("value")

    export = sub.add_parser("export", parents=[common], help="write your data out")
    export.add_argument("--format", choices=("json", "csv", "ics"), default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default stdout)")
    imp = sub.add_parser("import", parents=[common], help="merge sessions from an export")
    imp.add_argument("file")

    remind = sub.add_parser("remind", parents=[common], help="the reminder daemon")
    mode = remind.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="check now, notify if due, exit")
    mode.add_argument("--test", action="store_true", help="send a test notification now")
    mode.add_argument("--install", action="store_true", help="write a systemd user service")
    mode.add_argument("--uninstall", action="store_true", help="remove the systemd user service")

    sub.add_parser("doctor", parents=[common], help="check the data, backups and notifications")
    return parser
