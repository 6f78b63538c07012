"""The command line of `supple`: every subcommand, flag and its validation.

Bad values are rejected here with one line (`supple: ...`) and exit code 2, before any
command runs.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from tracker import __version__
from tracker.core.days import (
    DAY_WORDS_HELP,
    SKIP_DAYS_AHEAD,
    DayWord,
    calendar_today,
    date_bound_problem,
    parse_day,
)
from tracker.core.settings import whole_number
from tracker.store.records import NOTE_LIMIT

TYPE_CHECKING = False  # not from typing: `supple done` loads this module
if TYPE_CHECKING:
    from typing import Any, NoReturn


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size gives it, without importing shutil
    (with bz2 and lzma) for every parser built: argparse asks on each add_argument."""
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            stdout = sys.__stdout__
            columns = os.get_terminal_size(stdout.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


class Parser(argparse.ArgumentParser):
    examples: list[str] = []  # shown in --help and in the man page

    def _get_formatter(self) -> argparse.HelpFormatter:
        make: Any = self.formatter_class  # HelpFormatter or a subclass: takes a width
        formatter: argparse.HelpFormatter = make(prog=self.prog, width=_columns() - 2)
        return formatter

    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block; the value quoted shown printable.
        from tracker.core.text import printable

        message = printable(_with_suggestion(message))
        sys.stderr.write(f"supple: {message}; see '{self.prog} --help'\n")
        raise SystemExit(2)


def _with_suggestion(message: str) -> str:
    """argparse's "invalid choice" message, shorter for a command, with the nearest choice:
    "unknown command 'stauts'; did you mean 'status'?"."""
    head, found, rest = message.partition("invalid choice: ")
    if not found:
        return message
    given, _, choices = rest.partition(" (choose from ")
    given = given.strip("'\"")
    names = [c.strip().strip("'\"") for c in choices.rstrip(")").split(",")]
    from tracker.core.suggest import nearest

    close = nearest(given, names)
    if head.startswith(("argument COMMAND", "argument ACTION")):
        message = f"unknown command '{given}'"
    return f"{message} (did you mean '{close}'?)" if close else message


def _date_arg(text: str) -> date | DayWord:
    """A date, or a day as a word (today, yesterday, -N, a weekday name), which the command
    counts from supple's today (`tracker.core.days.resolve_day`)."""
    try:
        return parse_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use {DAY_WORDS_HELP}") from None


def _bounded_date(text: str, days_ahead: int | None) -> date | DayWord:
    day = _date_arg(text)
    if isinstance(day, DayWord):
        return day  # its range is checked once it is a date, as every change checks it
    problem = date_bound_problem(day, calendar_today(), days_ahead)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return day


def _session_date_arg(text: str) -> date | DayWord:
    """A day to log: from 2000 on (`supple done` itself refuses days after today)."""
    return _bounded_date(text, None)


def _skip_date_arg(text: str) -> date | DayWord:
    """A skip day: from 2000 on, at most about a year ahead (a planned holiday)."""
    return _bounded_date(text, SKIP_DAYS_AHEAD)


def _pain_arg(text: str) -> int:
    level = whole_number(text)
    if level is None or not 0 <= level <= 10:
        raise argparse.ArgumentTypeError(f"'{text}' is not a pain level; use a number from 0 to 10")
    return level


def _text_arg(text: str) -> str:
    from tracker.core.text import is_text

    if len(text) > NOTE_LIMIT:
        raise argparse.ArgumentTypeError(f"is longer than {NOTE_LIMIT} characters")
    if not is_text(text):  # bytes that are not UTF-8 (a Latin-1 terminal): Python kept them
        raise argparse.ArgumentTypeError(
            f"'{text}' is not UTF-8 text; type it in a UTF-8 terminal (LC_ALL=C.UTF-8)"
        )
    return text


def _fingertip_arg(text: str) -> float:
    from tracker.core.measures import MeasureError, parse_fingertip

    try:
        return parse_fingertip(text)
    except MeasureError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _score_arg(text: str) -> int:
    from tracker.core.measures import MeasureError, parse_score

    try:
        return parse_score(text)
    except MeasureError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _hinge_answer_arg(text: str) -> str:
    from tracker.core.hinge import HingeError, parse_answer

    try:
        return parse_answer(text)
    except HingeError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _hinge_command(sub: Any, common: Parser) -> None:
    hinge = _command(
        sub,
        "hinge",
        common,
        "the evening check of the everyday hinge",
        "Say whether you hinged from your hips at your everyday moments today: most (most "
        "times), some (sometimes) or none (not yet). A second answer on one day replaces the "
        "first. Choose the moments with 'supple config set hinge-moments'.",
        ["supple hinge most", "supple hinge some --date yesterday"],
    )
    hinge.add_argument(
        "answer", type=_hinge_answer_arg, metavar="most|some|none", help="most, some or none"
    )
    hinge.add_argument(
        "--date", type=_session_date_arg, help=f"the day ({DAY_WORDS_HELP}; default today)"
    )


def _activity_name_arg(text: str) -> str:
    from tracker.core.measures import MeasureError, clean_name

    try:
        return clean_name(text)
    except MeasureError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _weeks_arg(text: str) -> int:
    from tracker.routine.report import MAX_WEEKS

    weeks = whole_number(text)
    if weeks is None or not 1 <= weeks <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of weeks from 1 to {MAX_WEEKS}")
    return weeks


class _HelpFormatter(argparse.HelpFormatter):
    """Descriptions wrapped to the terminal as usual; the examples kept one a line."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("example"):
            return "\n".join(indent + line for line in text.splitlines())
        return super()._fill_text(text, width, indent)


def _command(
    sub: Any, name: str, common: Parser, summary: str, description: str, examples: list[str]
) -> Parser:
    """A subcommand whose --help (and man page section) has a description and examples."""
    lines = "\n".join(f"  {example}" for example in examples)
    parser: Parser = sub.add_parser(
        name,
        parents=[common],
        help=summary,
        description=description,
        epilog=f"example{'s' if len(examples) > 1 else ''}:\n{lines}",
        formatter_class=_HelpFormatter,
    )
    parser.examples = examples
    return parser


def _completes(action: argparse.Action, what: str) -> argparse.Action:
    """Say what a value is, for the shell completions: "file", "dir" or "config-key"."""
    action.complete = what  # type: ignore[attr-defined]
    return action


class _Unwanted:
    """Stands in for the parser of a command that is not on the command line: building them
    all takes longer than a whole `supple done` (see `build_parser(only=...)`)."""

    required = False

    def __getattr__(self, name: str) -> Any:  # add_argument, add_subparsers, ...: no-ops
        return lambda *args, **kwargs: self


class _OnlyCommand:
    """A subparsers action that builds the parser of one command and stubs the others."""

    def __init__(self, action: Any, only: str | None) -> None:
        self.action, self.only = action, only

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if self.only is None or name == self.only:
            return self.action.add_parser(name, **kwargs)
        return _Unwanted()


def _measure_commands(sub: Any, common: Parser) -> None:
    measure = _command(
        sub,
        "measure",
        common,
        "record the self-test and your activities",
        "Record the fingertip-to-floor self-test (cm from the middle fingertip to the floor in a "
        "forward bend, knees straight; 0 touching, negative past the floor) and scores of up to "
        "three activities of your own (0 unable .. 10 as before). supple's addition, not a "
        "diagnosis: see 'Is it working?' in the README.",
        [
            "supple measure fingertip 12",
            'supple measure activity "putting on socks" 6',
            "supple measure list",
        ],
    )
    measure_sub = measure.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    measure_sub.required = True
    fingertip = _command(
        measure_sub,
        "fingertip",
        common,
        "record the fingertip-to-floor distance",
        "Record the self-test: cm from the middle fingertip to the floor, -30 to 60 (0 "
        "touching the floor, negative past it when standing on a step). A second reading on "
        "one day replaces the first.",
        ["supple measure fingertip 12", "supple measure fingertip -3 --date yesterday"],
    )
    fingertip.add_argument("cm", type=_fingertip_arg, metavar="CM", help="the distance in cm")
    fingertip.add_argument(
        "--date", type=_session_date_arg, help=f"the day ({DAY_WORDS_HELP}; default today)"
    )
    activity = _command(
        measure_sub,
        "activity",
        common,
        "score one of your activities",
        "Score an activity your back makes hard, 0 (unable) to 10 (as before the problem). A "
        "new name adds the activity (at most three); use rename or drop to change the list.",
        ['supple measure activity "putting on socks" 6'],
    )
    activity.add_argument("name", type=_activity_name_arg, metavar="NAME", help="the activity")
    activity.add_argument("score", type=_score_arg, metavar="SCORE", help="0 (unable) to 10")
    activity.add_argument(
        "--date", type=_session_date_arg, help=f"the day ({DAY_WORDS_HELP}; default today)"
    )
    listing = _command(
        measure_sub,
        "list",
        common,
        "every measurement",
        "List every self-test and activity score, with the first and latest of each and "
        "whether the change is a real one.",
        ["supple measure list", "supple measure list --json"],
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    rename = _command(
        measure_sub,
        "rename",
        common,
        "rename an activity (its scores stay)",
        "Give one of your activities a new name; its scores stay with it.",
        ['supple measure rename "socks" "putting on socks"'],
    )
    rename.add_argument("old", type=_activity_name_arg, metavar="OLD", help="its name now")
    rename.add_argument("new", type=_activity_name_arg, metavar="NEW", help="its new name")
    drop = _command(
        measure_sub,
        "drop",
        common,
        "stop scoring an activity",
        "Stop asking about an activity (its scores are kept), to make room for another.",
        ['supple measure drop "gardening"'],
    )
    drop.add_argument("name", type=_activity_name_arg, metavar="NAME", help="the activity")


def _report_command(sub: Any, common: Parser) -> None:
    report = _command(
        sub,
        "report",
        common,
        "a one-page report for a clinician",
        "Write a one-page report to show a doctor or physiotherapist: the routine and its "
        "dose, adherence and pain by week, stops for pain, the self-test and activity scores "
        "against their thresholds, and your notes. PDF by default, or Markdown text.",
        ["supple report -o report.pdf", "supple report --format md --weeks 8"],
    )
    _completes(
        report.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="file to write (default: supple-report-DATE.pdf here; for md, stdout); "
            "- for stdout",
        ),
        "file",
    )
    report.add_argument(
        "--weeks", type=_weeks_arg, default=12, metavar="N", help="weeks to cover (default 12)"
    )
    report.add_argument(
        "--format", choices=("pdf", "md"), default="pdf", help="pdf (the default) or md"
    )


def build_parser(only: str | None = None) -> Parser:
    """The parser of every command, or with `only`, of that command alone (for a command
    line that names it: its help, errors and values are the same)."""
    common = Parser(add_help=False)
    _completes(
        common.add_argument(
            "--data-dir",
            metavar="DIR",
            default=argparse.SUPPRESS,
            help="where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)",
        ),
        "dir",
    )
    parser = Parser(
        prog="supple",
        description="A habit tracker for a daily hamstring and lower-back routine. "
        "Run without a command to open the app.",
        parents=[common],
        epilog="Run 'supple COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"supple {__version__}")
    sub = _OnlyCommand(
        parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser), only
    )

    tutorial = _command(
        sub,
        "tutorial",
        common,
        "open the tutorial",
        "Open the app on the tutorial: why hamstrings feel tight, the hip hinge, the two "
        "exercises and safety, with the numbers of your settings.",
        ["supple tutorial", "supple tutorial --print | less"],
    )
    tutorial.add_argument("--print", action="store_true", help="print it as plain text")
    tutorial.add_argument(
        "--figures",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="with --print: draw the figures (the default on a terminal), or describe each in "
        "words (--no-figures, the default when piped)",
    )
    _command(
        sub,
        "session",
        common,
        "open the app on a guided session",
        "Open the app and start a hands-free guided session at once.",
        ["supple session"],
    )
    _command(
        sub,
        "calendar",
        common,
        "open the app on the calendar",
        "Open the app on the calendar: a year as a heatmap, where any day can be fixed.",
        ["supple calendar"],
    )

    done = _command(
        sub,
        "done",
        common,
        "log a complete session",
        "Log a complete session done without the guided timer (kind 'logged'), today or on "
        "an earlier day.",
        [
            "supple done",
            'supple done --date 2026-11-20 --pain-before 4 --pain-after 2 --note "stiff"',
        ],
    )
    done.add_argument(
        "--date",
        type=_session_date_arg,
        help="the day: YYYY-MM-DD, today, yesterday, -N (days ago) or a weekday (the last one); "
        "default today",
    )
    done.add_argument("--pain-before", type=_pain_arg, metavar="N", help="pain before, 0-10")
    done.add_argument("--pain-after", type=_pain_arg, metavar="N", help="pain after, 0-10")
    done.add_argument("--note", type=_text_arg, default="", help="a short note")
    _quiet(done)

    skip = _command(
        sub,
        "skip",
        common,
        "mark rest or pause days",
        "Mark a rest day, or a pause of several days: a skip day neither breaks nor extends "
        "a streak.",
        ["supple skip", "supple skip --date 2026-12-24 --until 2026-12-27 --reason travel"],
    )
    skip.add_argument(
        "--date",
        type=_skip_date_arg,
        help="first day: YYYY-MM-DD, today, yesterday, -N or a weekday (the last one); "
        "default today",
    )
    skip.add_argument(
        "--until",
        type=_skip_date_arg,
        help="last day of a pause (inclusive; a weekday name means the next one)",
    )
    skip.add_argument("--reason", type=_text_arg, help="why (shown in the calendar)")
    skip.add_argument("--clear", action="store_true", help="make these days ordinary days again")
    _quiet(skip)

    status = _command(
        sub,
        "status",
        common,
        "today, streaks, strength",
        "Show today (done or not), the current and best streak, strength, adherence and the "
        "next reminder.",
        ["supple status", "supple status --json", "supple status --short"],
    )
    status_form = status.add_mutually_exclusive_group()
    status_form.add_argument("--json", action="store_true", help="print JSON")
    status_form.add_argument(
        "--short",
        action="store_true",
        help="one line for a prompt or a status bar (done, streak, next reminder)",
    )

    config = _command(
        sub,
        "config",
        common,
        "show or change settings",
        "Show or change the settings: the routine's numbers, reminders, the day start, the theme.",
        ["supple config list", "supple config set good-morning.reps 8"],
    )
    config_sub = config.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    config_sub.required = True
    config_list = _command(
        config_sub,
        "list",
        common,
        "every key and its value",
        "List every config key with its value, what it means, and its default when changed.",
        ["supple config list", "supple config list --json"],
    )
    config_list.add_argument(
        "--json", action="store_true", help="print JSON: each key's value, default and help"
    )
    get = _command(
        config_sub,
        "get",
        common,
        "one key's value",
        "Print the value of one config key.",
        ["supple config get reminders"],
    )
    _completes(
        get.add_argument("key", help="a config key (see 'supple config list')"), "config-key"
    )
    set_ = _command(
        config_sub,
        "set",
        common,
        "change a key",
        "Change one config key; a bad value changes nothing and says what is allowed.",
        ["supple config set reminders 07:30,18:00", "supple config set good-morning.hold 5"],
    )
    _completes(
        set_.add_argument("key", help="a config key (see 'supple config list')"), "config-key"
    )
    set_.add_argument("value", help="its new value")

    export = _command(
        sub,
        "export",
        common,
        "write your data out",
        "Write every session out: JSON (everything, for import), CSV (one row per session) "
        "or iCalendar (one all-day event per session).",
        ["supple export -o backup.json", "supple export --format csv -o sessions.csv"],
    )
    export.add_argument(
        "--format",
        choices=("json", "csv", "ics"),
        default="json",
        help="json (the default), csv or ics",
    )
    _completes(
        export.add_argument(
            "-o", "--output", metavar="FILE", help="file to write (default stdout)"
        ),
        "file",
    )
    export.add_argument(
        "--what",
        choices=("sessions", "measurements"),
        default="sessions",
        help="with --format csv: the sessions (the default) or the self-test and activity scores",
    )
    imp = _command(
        sub,
        "import",
        common,
        "merge sessions from an export or another tracker",
        "Merge sessions from a supple export (by session id, so twice changes nothing), or "
        "done days from Loop Habit Tracker, Habitica, harsh, habitctl or a list of dates.",
        [
            "supple import backup.json",
            "supple import 'Loop Habits CSV 2026-11-25.zip' --habit Stretch",
            "printf '2026-11-20\\n2026-11-21\\n' | supple import -",
        ],
    )
    _completes(
        imp.add_argument(
            "file",
            help="a supple export (JSON or CSV), a Loop Habit Tracker export (its zip, "
            "Checkmarks.csv or .db backup), Habitica's history CSV, harsh's or habitctl's log, "
            "or a list of dates; "
            "- reads standard input",
        ),
        "file",
    )
    imp.add_argument(
        "--habit", metavar="NAME", help="which habit of another tracker's file to import"
    )
    _quiet(imp)

    remind = _command(
        sub,
        "remind",
        common,
        "the reminder daemon",
        "Run the reminder daemon in the foreground, check once (for timers and cron), send a "
        "test notification, or set the daemon up to start with your desktop session.",
        ["supple remind --test", "supple remind --install", "supple remind --install --cron"],
    )
    mode = remind.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="check now, notify if due, exit")
    mode.add_argument("--test", action="store_true", help="send a test notification now")
    mode.add_argument("--install", action="store_true", help="write a systemd user service")
    mode.add_argument("--uninstall", action="store_true", help="remove the systemd user service")
    remind.add_argument(
        "--cron",
        action="store_true",
        help="with --install: print a crontab line instead (for systems without systemd)",
    )

    _measure_commands(sub, common)
    _hinge_command(sub, common)
    _report_command(sub, common)
    sync = _command(
        sub,
        "sync",
        common,
        "sync through a folder (Syncthing, Nextcloud, Dropbox)",
        "Keep your record the same on your devices through a folder that Syncthing, "
        "Nextcloud or Dropbox keeps: each device writes only its own log there and merges "
        "the others'. Without an option: merge now.",
        [
            "supple sync --folder ~/Sync/supple",
            "supple sync",
            "supple sync --status",
            "supple sync --off",
        ],
    )
    sync_mode = sync.add_mutually_exclusive_group()
    _completes(
        sync_mode.add_argument(
            "--folder", metavar="PATH", help="turn sync on, through this folder"
        ),
        "dir",
    )
    sync_mode.add_argument("--off", action="store_true", help="turn sync off")
    sync_mode.add_argument(
        "--status", action="store_true", help="the devices, the last change from each, problems"
    )
    sync.add_argument("--json", action="store_true", help="with --status: print JSON")

    doctor = _command(
        sub,
        "doctor",
        common,
        "check the data, backups and notifications",
        "Check the data folder, the store's health and schema, the backups and the "
        "notification backend, and say how to fix what is wrong.",
        ["supple doctor", "supple doctor --json"],
    )
    doctor.add_argument("--json", action="store_true", help="print the same findings as JSON")
    completion = _command(
        sub,
        "completion",
        common,
        "print a shell completion script",
        "Print the completion script for bash, zsh or fish, made from this very command line.",
        [
            "supple completion bash > ~/.local/share/bash-completion/completions/supple",
            "supple completion zsh > ~/.zfunc/_supple",
            "supple completion fish > ~/.config/fish/completions/supple.fish",
        ],
    )
    completion.add_argument("shell", choices=("bash", "zsh", "fish"), help="which shell")
    _shell_habit_commands(sub, common)
    return parser


def _quiet(command: Parser) -> None:
    command.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing but errors (for scripts)"
    )


def _since_arg(text: str) -> date | DayWord:
    return _bounded_date(text, None)


def _count_arg(text: str) -> int:
    number = whole_number(text)
    if number is None or number < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a count; use a whole number from 1")
    return number


def _shell_habit_commands(sub: Any, common: Parser) -> None:
    """`log`, `undo` and `install-extras`: what people expect of a command-line tool."""
    log = _command(
        sub,
        "log",
        common,
        "the sessions, newest first",
        "List the sessions, newest first: date, kind, status, pain before and after, note.",
        ["supple log --limit 10", "supple log --since -30 --json"],
    )
    log.add_argument("--since", type=_since_arg, help=f"from this day on ({DAY_WORDS_HELP})")
    log.add_argument("--limit", type=_count_arg, metavar="N", help="the newest N sessions only")
    log.add_argument("--json", action="store_true", help="print a JSON list of the sessions")
    _command(
        sub,
        "undo",
        common,
        "take back the last change made from the shell",
        "Take back the last change a shell command made (done, skip, config set, import), "
        "saying what it was first. The app's u key undoes the app's own changes.",
        ["supple undo"],
    )
    extras = _command(
        sub,
        "install-extras",
        common,
        "install the manual page, completions and desktop entry",
        "Put the manual page, the bash, zsh and fish completions, the desktop entry and the "
        "icon into your XDG folders (under ~/.local/share), so that man, your shell and your "
        "desktop find them; --uninstall removes exactly what it wrote.",
        ["supple install-extras", "supple install-extras --uninstall"],
    )
    extras.add_argument(
        "--uninstall", action="store_true", help="remove the files install-extras wrote"
    )
