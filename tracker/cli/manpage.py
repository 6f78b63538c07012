"""supple(1), the manual page, written in roff from supple's own argument parser.

The wheel carries it as share/man/man1/supple.1 (see `tracker.cli.shared_files`);
`supple install-extras` writes it into ~/.local/share/man, where `man supple` finds it.
"""

from __future__ import annotations

from tracker import __version__
from tracker.cli.parser_spec import Command, Option, supple_command_line
from tracker.routine import safety

# The date on the page's title line (mandoc warns when there is none): the day its text last
# changed. A fixed date, not today's, so that share/ is the same whenever it is made.
PAGE_DATE = "2026-12-07"

ENVIRONMENT = [
    ("SUPPLE_DATA_DIR", "The data folder, as with --data-dir (which wins when both are given)."),
    (
        "DBUS_SESSION_BUS_ADDRESS",
        "The desktop session's bus, which desktop notifications go through. A cron job has "
        "to set it (see 'supple remind --install --cron').",
    ),
    ("SUPPLE_DEBUG", "Set to 1 to see the details of an unexpected error (a bug)."),
]
FILES = [
    ("~/.local/share/supple/supple.json", "The store (on Linux; 'supple doctor' prints the path)."),
    ("~/.local/share/supple/backups/", "A copy of the store from each of the last 7 days."),
    (
        "~/.config/systemd/user/supple-remind.service",
        "The service 'supple remind --install' writes.",
    ),
    (
        "~/.local/share/supple/shell-undo.json",
        "The undo of the last change made from the shell ('supple undo').",
    ),
    (
        "~/.local/share/supple/install-extras.json",
        "What 'supple install-extras' wrote, for 'supple install-extras --uninstall'.",
    ),
]
EXIT_STATUS = [
    ("0", "Success."),
    ("1", "Something could not be done (for example no notification backend)."),
    ("2", "Bad input or unreadable data; nothing was changed."),
]


def roff_text(text: str) -> str:
    """Plain text for a roff line: backslashes escaped, a leading . or ' made harmless."""
    escaped = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + escaped if escaped.startswith((".", "'")) else escaped


def _bold(text: str) -> str:
    return f"\\fB{roff_text(text)}\\fR"


def _option_line(option: Option) -> str:
    flags = ", ".join(_bold(flag) for flag in option.flags)
    if option.metavar:
        value = "{" + ",".join(option.choices) + "}" if option.choices else option.metavar
        flags += f" \\fI{roff_text(value)}\\fR"
    return flags


def _section(command: Command) -> list[str]:
    lines = [f'.SS "{roff_text(command.name)}"']
    lines.append(roff_text(command.description or command.summary))
    for positional in command.positionals:
        value = "{" + ",".join(positional.choices) + "}" if positional.choices else positional.name
        lines += [".TP", f"\\fI{roff_text(value)}\\fR", roff_text(positional.help)]
    for option in command.options:
        if option.flags in (("-h", "--help"), ("--data-dir",)):  # every command has them
            continue
        lines += [".TP", _option_line(option), roff_text(option.help)]
    if command.examples:
        lines += [".PP", "Example" + ("s:" if len(command.examples) > 1 else ":")]
        for example in command.examples:
            lines += [".RS", ".nf", roff_text(example), ".fi", ".RE"]
    return lines


def _list(entries: list[tuple[str, str]], style: str) -> list[str]:
    lines: list[str] = []
    for name, text in entries:
        lines += [".TP", f"\\f{style}{roff_text(name)}\\fR", roff_text(text)]
    return lines


def _safety() -> list[str]:
    """supple's red flags and who should ask first (tracker.routine.safety), as a section."""
    lines = [
        ".SH SAFETY",
        roff_text(f"{safety.MARK} (the source does not list these; from {safety.SOURCE}):"),
    ]
    groups = (
        ("Get medical help TODAY if you have:", safety.TODAY),
        ("See a doctor SOON, and pause the routine until then, if you have:", safety.SOON),
        ("Ask a doctor or physiotherapist BEFORE STARTING if:", safety.ASK_FIRST),
    )
    for heading, items in groups:
        lines += [".PP", roff_text(heading)]
        for item in items:
            lines += [".IP \\(bu 2", roff_text(item)]
    lines += [".PP", roff_text(safety.NERVE_STOP)]
    lines += [".PP", roff_text(" ".join(safety.REST_DAY[:2]))]
    return lines


def manpage(root: Command | None = None) -> str:
    root = root or supple_command_line()
    commands = root.walk()[1:]
    lines = [
        f'.TH SUPPLE 1 "{PAGE_DATE}" "supple {__version__}" "User Commands"',
        ".nh",  # no hyphenation: options and key names stay whole
        ".SH NAME",
        "supple \\- a terminal habit tracker for a hamstring and lower-back routine",
        ".SH SYNOPSIS",
        f"{_bold('supple')} [{_bold('--data-dir')} \\fIDIR\\fR]",
        ".br",
        f"{_bold('supple')} [{_bold('--data-dir')} \\fIDIR\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]",
        ".SH DESCRIPTION",
        roff_text(
            "supple tracks one hamstring and lower-back routine, from a short public tutorial: "
            "a modified good morning and a side-lying hip rotation. The source says to practise "
            "regularly; once a day is supple's default rhythm. Run without a command, "
            "it opens the app in the terminal: a tutorial, a hands-free guided session with big "
            "countdowns, a calendar heatmap and desktop reminders on the days not done yet. The "
            "commands below print plain text and never open the app."
        ),
        ".PP",
        roff_text(
            "supple is not medical advice. Check with a healthcare provider before you start, "
            "and stop if an exercise hurts."
        ),
        *_safety(),
        ".SH OPTIONS",
    ]
    for option in root.options:
        if option.flags != ("-h", "--help"):
            lines += [".TP", _option_line(option), roff_text(option.help)]
            if option.flags == ("--data-dir",):
                lines.append(roff_text("It may come before or after the command."))
    lines += [".TP", f"{_bold('-h')}, {_bold('--help')}", roff_text("Show the help and exit.")]
    lines.append(".SH COMMANDS")
    for command in commands:
        lines += _section(command)
    lines += [".SH ENVIRONMENT", *_list(ENVIRONMENT, "B")]
    lines += [".SH FILES", *_list(FILES, "I")]
    lines += [".SH EXIT STATUS", *_list(EXIT_STATUS, "B")]
    lines += [
        ".SH SEE ALSO",
        "\\fBsystemctl\\fR(1), \\fBcrontab\\fR(1), \\fBnotify\\-send\\fR(1)",
        "",
    ]
    return "\n".join(lines)
