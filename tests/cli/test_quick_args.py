"""The parser built for one command (build_parser(only)) reads that command as the parser of
every command does."""

from __future__ import annotations

import argparse
import contextlib
import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.cli.main import _just_the_app, _named_command
from tracker.cli.parser import build_parser

WORDS = st.sampled_from(
    [
        "--date",
        "--date=2026-11-20",
        "2026-11-20",
        "2026-11-2",
        "1999-12-31",
        "2099-01-01",
        "--pain-before",
        "--pain-after",
        "--pain-b",
        "--pain-after=3",
        "3",
        "10",
        "11",
        "-1",
        "05",
        "²",
        "--note",
        "--note=",
        "--note=x",
        "a note",
        "-x",
        "",
        "--data-dir",
        "dir",
        "--data-dir=d",
        "--",
        "-h",
        "--help",
        "done",
        "status",
        "--json",
        "x" * 2001,
    ]
)


def parsed(words: list[str], only: str | None = None) -> dict[str, Any] | str:
    """What the parser makes of `words`: its values, or the error it would print."""
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            return vars(build_parser(only).parse_args(words))
    except SystemExit:
        return err.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS | st.sampled_from(["skip", "config", "set", "rest", "import"]), max_size=6))
def test_one_commands_parser_reads_it_as_the_whole_parser(words: list[str]) -> None:
    only = _named_command(words)
    if only is None:
        return
    assert parsed(words, only) == parsed(words)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS | st.sampled_from(["-", "-d", "d", "--data-dir"]), max_size=3))
def test_the_words_that_open_the_app_without_the_parser_open_it_with_it(words: list[str]) -> None:
    """`supple [--data-dir DIR]` skips argparse: the parser reads those words as the app
    (no command) in that folder, and the words it reads otherwise do not skip it."""
    if not _just_the_app(words):
        return
    values = parsed(words)
    assert isinstance(values, dict) and values.get("command", "no command") is None
    assert values.get("data_dir") == (words[1] if words else None)


def test_only_the_bare_app_forms_skip_the_parser() -> None:
    assert _just_the_app([]) and _just_the_app(["--data-dir", "d"])
    for words in (
        ["--data-dir"],
        ["--data-dir=d"],
        ["--data-dir", "-h"],
        ["--data-dir", ""],
        ["--data-dir", "d", "status"],
        ["-h"],
        ["d"],
        ["--data-dir", "d", "d"],
    ):
        assert not _just_the_app(words), words


def test_help_of_one_command_is_the_same() -> None:
    for command in ("done", "skip", "status", "config", "export", "import", "remind"):
        full, one = io.StringIO(), io.StringIO()
        for parser, out in ((build_parser(), full), (build_parser(command), one)):
            with contextlib.suppress(SystemExit), contextlib.redirect_stdout(out):
                parser.parse_args([command, "--help"])
        assert one.getvalue() == full.getvalue() and full.getvalue()


def test_the_parser_s_width_follows_columns(monkeypatch: Any) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    formatter = build_parser()._get_formatter()
    assert isinstance(formatter, argparse.HelpFormatter) and formatter._width == 48
