"""Weekly pain means, the recent sessions and the pain chart's bar arithmetic."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.core.progress import (
    PainWeek,
    has_pain,
    one_line,
    pain_text,
    recent_sessions,
    weekly_pain,
)
from tracker.ui.widgets.pain_chart import EIGHTHS, ascii_cell, bar_cell, bar_height, latest_text

TODAY = date(2026, 11, 25)  # a Wednesday
MONDAY = date(2026, 11, 23)


def session(day: date, sid: str = "", **fields: Any) -> dict[str, Any]:
    return {
        "id": sid or f"{day}-{len(fields)}",
        "date": day.isoformat(),
        "kind": "guided",
        "status": "complete",
        **fields,
    }


# --- weekly pain --------------------------------------------------------------------------------


def test_weekly_pain_means_per_monday_week_oldest_first() -> None:
    sessions = [
        session(MONDAY, pain_before=6, pain_after=4),
        session(TODAY, pain_before=4, pain_after=1),
        session(MONDAY - timedelta(days=1), pain_before=8),  # Sunday: the week before
        session(MONDAY - timedelta(weeks=2), pain_after=3, status="stopped"),
    ]
    weeks = weekly_pain(sessions, TODAY, weeks=4)
    assert [w.monday for w in weeks] == [MONDAY - timedelta(weeks=n) for n in (3, 2, 1, 0)]
    assert weeks[-1] == PainWeek(MONDAY, 5.0, 2.5)
    assert weeks[-2] == PainWeek(MONDAY - timedelta(weeks=1), 8.0, None)
    assert weeks[-3] == PainWeek(MONDAY - timedelta(weeks=2), None, 3.0)  # stopped counts
    assert weeks[0] == PainWeek(MONDAY - timedelta(weeks=3), None, None)


def test_weekly_pain_leaves_out_what_is_outside_the_weeks() -> None:
    sessions = [
        session(MONDAY - timedelta(weeks=12), pain_before=9, pain_after=9),  # 13 weeks back
        session(TODAY + timedelta(days=1), pain_before=9, pain_after=9),  # tomorrow
        session(TODAY, pain_before=None, pain_after=None, note="no ratings"),
        session(TODAY, pain_before=True, pain_after=False),  # not numbers
    ]
    weeks = weekly_pain(sessions, TODAY)
    assert len(weeks) == 12
    assert not has_pain(weeks)
    assert weekly_pain(sessions, TODAY, weeks=0) == []


@given(
    st.lists(
        st.tuples(st.integers(-120, 0), st.integers(0, 10) | st.none(), st.integers(0, 10)),
        max_size=40,
    )
)
def test_every_rated_session_in_range_lands_in_its_week(
    rows: list[tuple[int, int | None, int]],
) -> None:
    sessions = [
        session(TODAY + timedelta(days=offset), f"s{i}", pain_before=before, pain_after=after)
        for i, (offset, before, after) in enumerate(rows)
    ]
    weeks = weekly_pain(sessions, TODAY)
    first = weeks[0].monday
    for week in weeks:
        inside = [
            s
            for s in sessions
            if week.monday <= date.fromisoformat(s["date"]) < week.monday + timedelta(7)
        ]
        afters = [s["pain_after"] for s in inside]
        assert week.after == (sum(afters) / len(afters) if afters else None)
        befores = [s["pain_before"] for s in inside if s["pain_before"] is not None]
        assert week.before == (sum(befores) / len(befores) if befores else None)
        for value in (week.before, week.after):
            assert value is None or 0 <= value <= 10
    counted = sum(1 for s in sessions if date.fromisoformat(s["date"]) >= first)
    assert has_pain(weeks) == (counted > 0)


# --- recent sessions ----------------------------------------------------------------------------


def test_recent_sessions_are_newest_first_with_a_limit() -> None:
    sessions = [
        session(TODAY - timedelta(days=3), note="old"),
        session(TODAY, note="evening", started_at="2026-11-25T18:00:00+01:00"),
        session(TODAY, note="morning", started_at="2026-11-25T07:00:00+01:00"),
        session(TODAY - timedelta(days=1), note="logged", kind="logged", started_at=None),
    ]
    assert [r.note for r in recent_sessions(sessions, limit=3)] == [
        "evening",
        "morning",
        "logged",
    ]
    assert [r.note for r in recent_sessions(sessions)][-1] == "old"
    assert recent_sessions(sessions, limit=0) == []
    assert recent_sessions([], limit=5) == []


def test_recent_sessions_order_ties_by_start_then_storage() -> None:
    a = session(TODAY, "a", note="first stored", started_at=None)
    b = session(TODAY, "b", note="second stored", started_at=None)
    c = session(TODAY, "c", note="started", started_at="2026-11-25T08:00:00+01:00")
    assert [r.note for r in recent_sessions([a, b, c])] == [
        "started",
        "second stored",
        "first stored",
    ]


def test_a_recent_session_row_carries_its_fields() -> None:
    row = recent_sessions(
        [session(TODAY, status="stopped", pain_before=7, pain_after=8, note="sharp\nthen ok")]
    )[0]
    assert (row.day, row.kind, row.status) == (TODAY, "guided", "stopped")
    assert (row.pain_before, row.pain_after, row.pain) == (7, 8, "7 → 8")
    assert row.note == "sharp then ok"


def test_pain_text() -> None:
    assert pain_text(5, 3) == "5 → 3"
    assert pain_text(5, None) == "5 → -"
    assert pain_text(None, 0) == "- → 0"
    assert pain_text(None, None) == ""


@pytest.mark.parametrize(
    ("note", "shown"),
    [
        ("felt loose", "felt loose"),
        ("line one\nline two\r\n", "line one line two"),
        ("\x1b[31mred\x1b[0m", "red"),  # the whole escape sequence goes
        ("a\x1b]0;title\x07b", "a0;title b"),  # an OSC: its introducer and BEL go
        ("\x1b", ""),
        ("bell\x07 tab\there", "bell tab here"),
        ("\u202eevil bidi", "evil bidi"),
        ("zero\u200bwidth", "zero width"),
        ("  spaced   out  ", "spaced out"),
        ("[b]not markup[/b]", "[b]not markup[/b]"),
        (None, ""),
        (42, ""),
    ],
)
def test_notes_become_one_printable_line(note: object, shown: str) -> None:
    assert one_line(note) == shown


@given(st.text())
def test_one_line_never_keeps_a_control_character(note: str) -> None:
    shown = one_line(note)
    assert "\n" not in shown and "\x1b" not in shown
    assert all(ch.isprintable() for ch in shown)


# --- the chart's bars ---------------------------------------------------------------------------


def test_bar_heights() -> None:
    assert bar_height(None, 6) == 0
    assert bar_height(0, 6) == 1  # a rating of 0 still shows
    assert bar_height(10, 6) == 48
    assert bar_height(5, 6) == 25
    assert bar_height(12, 6) == 48 and bar_height(-1, 6) == 1  # clamped


@given(st.floats(0, 10), st.integers(1, 12))
def test_a_bar_drawn_row_by_row_adds_up_to_its_height(value: float, rows: int) -> None:
    eighths = bar_height(value, rows)
    cells = [bar_cell(eighths, row, rows) for row in range(rows)]
    assert sum(EIGHTHS.index(cell) for cell in cells) == eighths
    # solid from the bottom up: no gap under a filled cell
    filled = [EIGHTHS.index(cell) for cell in reversed(cells)]
    assert filled == sorted(filled, reverse=True)


def test_ascii_bars_fill_whole_rows_and_always_show_a_rating() -> None:
    rows = 4
    assert [ascii_cell(bar_height(10, rows), r, rows, "#") for r in range(rows)] == ["#"] * 4
    assert [ascii_cell(bar_height(0, rows), r, rows, "#") for r in range(rows)] == [" "] * 3 + ["#"]
    assert [ascii_cell(bar_height(None, rows), r, rows, "#") for r in range(rows)] == [" "] * 4


def test_the_latest_rated_week_in_numbers() -> None:
    weeks = weekly_pain(
        [session(MONDAY - timedelta(weeks=1), pain_before=6, pain_after=3)], TODAY, 3
    )
    assert latest_text(weeks) == "Week of Nov 16: 6.0 before, 3.0 after"
    weeks = weekly_pain([session(TODAY, pain_after=2)], TODAY, 3)
    assert latest_text(weeks) == "This week: - before, 2.0 after"
    assert latest_text(weekly_pain([], TODAY, 3)) == ""
