"""The measures' rules (tracker.core.measures): values, real changes, the activities' mean and
when the self-test is offered."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tracker.core import measures as m

DAY0 = date(2026, 9, 1)


def reading(
    day: date, value: float, measure: str = m.FINGERTIP, activity: str | None = None, n: int = 0
) -> dict[str, Any]:
    return {
        "id": f"{measure}-{day}-{activity}-{n}",
        "date": day.isoformat(),
        "measure": measure,
        "activity": activity,
        "value": value,
        "recorded_at": f"{day.isoformat()}T10:00:0{n}+01:00",
    }


def activity(activity_id: str, name: str, dropped: date | None = None) -> dict[str, Any]:
    return {
        "id": activity_id,
        "name": name,
        "added": DAY0.isoformat(),
        "dropped": dropped.isoformat() if dropped else None,
    }


@pytest.mark.parametrize(
    ("typed", "cm"),
    [
        ("12", 12.0),
        ("-3.5", -3.5),
        ("12,5", 12.5),
        ("12 cm", 12.0),
        ("0", 0.0),
        ("-0", 0.0),
        ("60", 60.0),
        ("-30", -30.0),
        ("+4", 4.0),
        ("7.25", 7.2),
    ],
)
def test_a_fingertip_distance_is_read_in_cm(typed: str, cm: float) -> None:
    assert m.parse_fingertip(typed) == cm


@pytest.mark.parametrize("typed", ["61", "-30.5", "abc", "", "nan", "1e3", "12..5", "١٢", "--3"])
def test_a_fingertip_distance_outside_the_range_or_not_a_number_is_refused(typed: str) -> None:
    with pytest.raises(m.MeasureError, match="cm"):
        m.parse_fingertip(typed)


def test_scores_are_whole_numbers_from_0_to_10() -> None:
    assert [m.parse_score(str(n)) for n in range(11)] == list(range(11))
    for typed in ("11", "-1", "2.5", "", "ten", "²"):
        with pytest.raises(m.MeasureError, match="0 \\(unable\\) to 10"):
            m.parse_score(typed)
    assert m.score_problem(True) is not None  # a bool is not a score


def test_an_activity_needs_a_name_of_one_short_line() -> None:
    assert m.clean_name("  putting   on socks ") == "putting on socks"
    for bad in ("", "   ", "x" * 61):
        with pytest.raises(m.MeasureError):
            m.clean_name(bad)
    assert m.name_problem("a\x1b[2Jb") is not None
    assert m.same_name("Putting On  Socks", "putting on socks")


def test_six_cm_closer_is_a_real_change_and_three_is_not() -> None:
    better = m.fingertip_progress([reading(DAY0, 20.0), reading(DAY0 + timedelta(14), 14.0)])
    assert better is not None and better.real and better.better
    assert better.words() == "a real change (6 cm closer to the floor)"
    small = m.fingertip_progress([reading(DAY0, 20.0), reading(DAY0 + timedelta(14), 17.0)])
    assert small is not None and not small.real
    assert small.words() == "no real change yet"
    at_the_line = m.fingertip_progress([reading(DAY0, 20.0), reading(DAY0 + timedelta(1), 15.5)])
    assert at_the_line is not None and at_the_line.real  # 4.5 cm is the smallest real change
    worse = m.fingertip_progress([reading(DAY0, 10.0), reading(DAY0 + timedelta(1), 16.0)])
    assert worse is not None and worse.words() == "a real change (6 cm further from the floor)"


def test_the_words_never_say_more_than_a_real_change() -> None:
    for first, latest in ((30.0, -20.0), (20.0, 19.0), (0.0, 30.0)):
        p = m.fingertip_progress([reading(DAY0, first), reading(DAY0 + timedelta(1), latest)])
        assert p is not None
        assert p.words().startswith(("a real change (", "no real change yet"))


def test_one_reading_a_day_the_last_entered() -> None:
    found = m.readings([reading(DAY0, 20.0, n=1), reading(DAY0, 18.0, n=2)], m.FINGERTIP)
    assert found == [m.Reading(DAY0, 18.0)]


def test_the_activities_mean_is_the_mean_of_each_ones_first_and_latest() -> None:
    later = DAY0 + timedelta(days=28)
    records = [
        reading(DAY0, 2, m.ACTIVITY, "a"),
        reading(later, 6, m.ACTIVITY, "a"),
        reading(DAY0 + timedelta(days=14), 5, m.ACTIVITY, "b"),  # added later: its own first
        reading(later, 6, m.ACTIVITY, "b"),
        reading(DAY0, 0, m.ACTIVITY, "gone"),
        reading(later, 10, m.ACTIVITY, "gone"),
    ]
    mean = m.activities_mean_progress(
        records, [activity("a", "socks"), activity("b", "film"), activity("gone", "x", later)]
    )
    assert mean is not None
    assert (mean.first.value, mean.latest.value) == (3.5, 6.0)  # (2+5)/2, (6+6)/2
    assert (mean.first.day, mean.latest.day) == (DAY0, later)
    assert mean.change == 2.5 and mean.real
    assert mean.words() == "a real change (2.5 points better)"
    assert m.activities_mean_progress([], [activity("a", "socks")]) is None


def test_a_renamed_activity_keeps_its_scores() -> None:
    records = [reading(DAY0, 2, m.ACTIVITY, "a"), reading(DAY0 + timedelta(1), 3, m.ACTIVITY, "a")]
    before = m.activities_mean_progress(records, [activity("a", "socks")])
    after = m.activities_mean_progress(records, [activity("a", "putting on socks")])
    assert before == after is not None


def test_status_line_and_json() -> None:
    assert m.status_line(m.NO_MEASURES) is None
    now = m.measures_now(
        [
            reading(DAY0, 20.0),
            reading(DAY0 + timedelta(14), 14.0),
            reading(DAY0, 4, m.ACTIVITY, "a"),
        ],
        [activity("a", "socks")],
    )
    line = m.status_line(now)
    assert line == (
        "Self-test: fingertip-to-floor 14 cm, first 20 cm: a real change (6 cm closer to the "
        "floor); activities 4/10 (2026-09-01, the first)"
    )
    assert now.fingertip is not None
    assert now.fingertip.as_json() == {
        "first": 20.0,
        "first_date": "2026-09-01",
        "latest": 14.0,
        "latest_date": "2026-09-15",
        "change": -6.0,
        "real_change": True,
    }


@pytest.mark.parametrize(
    ("first", "latest", "real"),
    [(6, 4, True), (5, 3.6, False), (3, 2, True), (2, 1.5, False), (0, 1, False), (4, 6, True)],
)
def test_pain_a_real_change_is_2_points_or_30_percent(
    first: float, latest: float, real: bool
) -> None:
    assert m.pain_change_is_real(first, latest) is real
    assert m.pain_words(first, latest).startswith("a real change" if real else "no real change")


def test_the_self_test_is_offered_every_n_days_never_on_a_rest_or_pain_day() -> None:
    every = m.SELF_TEST_EVERY
    assert m.self_test_due(None, every, DAY0, False, False)  # never taken: a first one now
    assert not m.self_test_due(DAY0, every, DAY0, False, False)  # not twice on a day
    assert not m.self_test_due(DAY0, every, DAY0 + timedelta(13), False, False)
    assert m.self_test_due(DAY0, every, DAY0 + timedelta(14), False, False)
    assert m.self_test_due(DAY0, every, DAY0 + timedelta(20), False, False)  # still due
    assert not m.self_test_due(DAY0, every, DAY0 + timedelta(14), True, False)  # rest day
    assert not m.self_test_due(DAY0, every, DAY0 + timedelta(14), False, True)  # pain day
    assert not m.self_test_due(None, 0, DAY0, False, False)  # 0: never offered
    assert m.next_self_test(DAY0, 7, DAY0) == DAY0 + timedelta(7)


def test_a_pain_day() -> None:
    assert not m.is_pain_day([{"status": "complete", "pain_before": 4}], [])
    assert m.is_pain_day([{"status": "stopped"}], [])
    assert m.is_pain_day([{"status": "complete", "pain_after": m.PAIN_DAY_LEVEL}], [])
    assert m.is_pain_day([], [{"date": "2026-09-01", "reason": "Pain"}])
    assert not m.is_pain_day([], [{"date": "2026-09-01", "reason": "travel"}])
