"""ASCII of the same width for a terminal whose locale is not UTF-8 (issue 25)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.core.ascii_text import ascii_for, is_utf8_locale, to_ascii

# Behaviour that differs between Pythons (csv and NUL, zip, sqlite3): .ci/run runs these on
# the oldest and the newest Python too.
pytestmark = pytest.mark.every_python


def cells(text: str) -> int:
    return sum(
        0
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf")
        else 2
        if unicodedata.east_asian_width(c) in ("W", "F")
        else 1
        for c in text
    )


@given(st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"])))
def test_ascii_takes_the_same_cells(text: str) -> None:
    shown = to_ascii(text)
    assert shown.isascii()
    assert cells(shown) == cells(text)


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("─", "-"),
        ("│", "|"),
        ("╭", "+"),
        ("┼", "+"),
        ("█", "#"),
        ("░", ":"),
        ("■", "#"),
        ("▣", "@"),
        ("·", "-"),
        ("→", ">"),
        ("⣿", "#"),
        ("⠀", " "),
        ("😀", "??"),
        ("é", "?"),
    ],
)
def test_drawing_characters_have_look_alikes(char: str, expected: str) -> None:
    assert ascii_for(char) == expected


@pytest.mark.parametrize(
    ("environ", "utf8_mode", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, False, True),
        ({"LANG": "de_DE.utf8"}, False, True),
        ({"LANG": "C"}, False, False),
        ({}, False, False),
        ({"LANG": "en_US.ISO-8859-1"}, False, False),
        ({"LANG": "C.UTF-8", "LC_ALL": "C"}, False, False),
        ({"LANG": "C", "LC_ALL": "en_US.UTF-8"}, False, True),
        ({"LC_CTYPE": "C.UTF-8"}, False, True),  # set by the user: Python did not coerce
        ({"LC_CTYPE": "C.UTF-8", "LANG": "C"}, True, False),  # set by Python (PEP 538)
        ({"LC_CTYPE": "C.UTF-8", "LANG": "C", "PYTHONUTF8": "1"}, True, True),
        ({"LANG": "sr_RS.UTF-8@latin"}, False, True),
    ],
)
def test_the_locale_as_the_user_set_it(
    environ: dict[str, str], utf8_mode: bool, expected: bool
) -> None:
    assert is_utf8_locale(environ, utf8_mode) is expected
