"""The argument parser read back as plain data, for the shell completions and the man page.

Both are made from `tracker.cli.parser.build_parser()`, so they can never list an option that
the command line does not have. This walks argparse's own records of the parser (the same
ones that shtab reads).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]  # "-o", "--output"
    help: str
    metavar: str | None  # None: a flag without a value
    choices: tuple[str, ...] = ()
    complete: str | None = None  # "file", "dir", "config-key" or None


@dataclass(frozen=True)
class Positional:
    name: str
    help: str
    choices: tuple[str, ...] = ()
    complete: str | None = None


@dataclass
class Command:
    path: tuple[str, ...]  # () for `supple` itself, ("config", "get") for `supple config get`
    summary: str
    description: str
    examples: list[str]
    usage: str
    options: list[Option] = field(default_factory=list)
    positionals: list[Positional] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)

    @property
    def name(self) -> str:
        return " ".join(("supple", *self.path))

    def walk(self) -> list[Command]:
        """This command and every subcommand under it, depth first."""
        found = [self]
        for command in self.commands:
            found += command.walk()
        return found


def _help(action: argparse.Action) -> str:
    text = action.help or ""
    return "" if text == argparse.SUPPRESS else text % {"default": action.default}


def read(parser: argparse.ArgumentParser, path: tuple[str, ...] = (), summary: str = "") -> Command:
    """The whole command tree below `parser`."""
    usage = parser.format_usage().removeprefix("usage: ").strip()
    command = Command(
        path=path,
        summary=summary,
        description=parser.description or "",
        examples=list(getattr(parser, "examples", [])),
        usage=" ".join(usage.split()),
    )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            summaries = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, subparser in action.choices.items():
                command.commands.append(read(subparser, (*path, name), summaries.get(name, "")))
            continue
        complete = getattr(action, "complete", None)
        choices = tuple(str(c) for c in action.choices) if action.choices else ()
        if action.option_strings:
            takes_value = action.nargs != 0
            metavar = None
            if takes_value:
                metavar = action.metavar or action.dest.upper()
            if isinstance(metavar, tuple):
                metavar = " ".join(metavar)
            command.options.append(
                Option(tuple(action.option_strings), _help(action), metavar, choices, complete)
            )
        else:
            name = action.metavar if isinstance(action.metavar, str) else action.dest
            command.positionals.append(Positional(name, _help(action), choices, complete))
    return command


def supple_command_line() -> Command:
    from tracker.cli.parser import build_parser

    return read(build_parser())
