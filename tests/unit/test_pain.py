"""The pain rule: this week's mean pain after sessions against last week's."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest

from tracker.core.pain import MIN_RATINGS, RISE, WEEK_DAYS, PainTrend, pain_note, pain_trend
from tracker.core.rules import history_from
from tracker.core.today import build_status, status_json, status_lines
from tracker.store.snapshot import Snapshot, Summary

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def ratings(*pairs: tuple[int, int]) -> dict[date, tuple[int, ...]]:
    """{day: ratings} from (days ago, rating) pairs; several on one day stack up."""
    result: dict[date, tuple[int, ...]] = {}
    for days, rating in pairs:
        day = ago(days)
        result[day] = (*result.get(day, ()), rating)
    return result


def weeks(last: list[int], this: list[int]) -> dict[date, tuple[int, ...]]:
    """Last week's ratings on days 13, 12, ... ago; this week's on days 6, 5, ... ago."""
    return ratings(
        *((13 - i, r) for i, r in enumerate(last)), *((6 - i, r) for i, r in enumerate(this))
    )


def test_the_rule_constants_are_the_documented_ones() -> None:
    assert (WEEK_DAYS, MIN_RATINGS, RISE) == (7, 3, 1.5)


def test_no_ratings_is_no_trend() -> None:
    trend = pain_trend({}, TODAY)
    assert trend == PainTrend(None, None, 0, 0)
    assert not trend.rising
    assert pain_note(trend) is None


def test_a_rise_of_one_and_a_half_points_is_rising() -> None:
    trend = pain_trend(weeks([3, 3, 3], [4, 5, 4, 5]), TODAY)
    assert trend == PainTrend(4.5, 3.0, 4, 3)
    assert trend.rising


def test_a_rise_just_under_the_threshold_is_not() -> None:
    trend = pain_trend(weeks([3, 3, 3], [4, 4, 5, 5, 4]), TODAY)  # 4.4 after 3.0
    assert trend.this_week == pytest.approx(4.4)
    assert not trend.rising


def test_falling_or_steady_pain_is_not_rising() -> None:
    assert not pain_trend(weeks([6, 6, 6], [3, 3, 3]), TODAY).rising
    assert not pain_trend(weeks([4, 4, 4], [4, 4, 4]), TODAY).rising


@pytest.mark.parametrize(
    ("last", "this"),
    [([2, 2], [8, 8, 8]), ([2, 2, 2], [8, 8]), ([], [9, 9, 9, 9, 9, 9, 9]), ([1, 1, 1], [])],
)
def test_too_few_ratings_in_either_week_says_nothing(last: list[int], this: list[int]) -> None:
    trend = pain_trend(weeks(last, this), TODAY)
    assert not trend.rising
    assert pain_note(trend) is None


def test_the_weeks_are_today_and_6_days_back_then_the_7_before() -> None:
    # This week: 0..6 days ago; last week: 7..13; 14 and more are outside; future days too.
    pain = ratings((0, 6), (6, 6), (3, 6), (7, 2), (13, 2), (10, 2), (14, 10), (-1, 10))
    trend = pain_trend(pain, TODAY)
    assert trend == PainTrend(6.0, 2.0, 3, 3)
    assert trend.rising
    # A day later both weeks move on by one: 13 days ago falls out, 6 days ago joins last week,
    # and the rating dated tomorrow joins this week.
    later = pain_trend(pain, TODAY + timedelta(days=1))
    assert later == PainTrend(22 / 3, 10 / 3, 3, 3)


def test_two_ratings_on_one_day_count_as_two() -> None:
    pain = ratings((8, 2), (8, 2), (8, 2), (1, 5), (1, 5), (2, 2))
    trend = pain_trend(pain, TODAY)
    assert trend == PainTrend(4.0, 2.0, 3, 3)
    assert trend.rising


def test_the_note_is_gentle_and_names_both_means() -> None:
    note = pain_note(pain_trend(weeks([2, 3, 2, 3], [5, 4, 5]), TODAY))
    assert note is not None
    assert "4.7 on average this week, 2.5 the week before" in note
    assert "Go gently" in note
    assert "doctor or physiotherapist" in note
    note.encode("ascii")


# -- through the status ------------------------------------------------------------------------


def session(day: date, pain_after: int | None, status: str = "complete") -> dict[str, object]:
    return {
        "id": f"s-{day.isoformat()}-{pain_after}",
        "date": day.isoformat(),
        "kind": "logged",
        "status": status,
        "pain_after": pain_after,
    }


def snapshot(sessions: list[dict[str, object]]) -> Snapshot:
    return Snapshot(exists=True, created="2026-10-01T00:00:00+01:00", sessions=tuple(sessions))


RISING = [session(ago(d), 2) for d in (12, 10, 8)] + [
    session(ago(d), 5, "stopped" if d == 2 else "complete") for d in (4, 3, 2)
]


def test_status_shows_the_note_when_pain_rises() -> None:
    status = build_status(snapshot(RISING), NOW)
    assert status.pain.rising
    lines = status_lines(status, NOW)
    assert lines[-1] == pain_note(status.pain)
    assert status_json(status)["pain_rising"] is True


def test_status_stays_quiet_otherwise() -> None:
    steady = [session(ago(d), 3) for d in (12, 10, 8, 4, 3, 2)]
    status = build_status(snapshot(steady), NOW)
    lines = status_lines(status, NOW)
    assert len(lines) == 5
    assert not any("Pain" in line for line in lines)
    assert status_json(status)["pain_rising"] is False


def test_a_summary_gives_the_same_trend_as_the_snapshot() -> None:
    snap = snapshot(RISING)
    assert build_status(Summary.of(snap), NOW).pain == build_status(snap, NOW).pain


def test_sessions_without_a_rating_do_not_count() -> None:
    history = history_from([session(ago(d), None) for d in range(14)], [], None)
    assert pain_trend(history.pain_after, TODAY) == PainTrend(None, None, 0, 0)


def test_module_is_stdlib_only() -> None:
    code = (
        "import sys, tracker.core.pain\n"
        "ours = sorted(m for m in sys.modules if m.startswith('tracker'))\n"
        # tracker.core.record_type: the stdlib-only record class that spares status importing typing
        "expected = ['tracker', 'tracker.core', 'tracker.core.pain', 'tracker.core.record_type']\n"
        "sys.exit(ours != expected)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
