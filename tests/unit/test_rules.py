"""The Rules of PRODUCT.md: day states, streaks, total sessions, strength, adherence, day-start.

Worked examples pin the numbers; hypothesis properties check the rules against brute-force
references written here, independently of tracker.core.rules.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from tracker.core.day_states import DayState, day_state, is_done
from tracker.core.days import day_of
from tracker.core.rules import (
    PAIN_REASON,
    STRENGTH_MULTIPLIER,
    History,
    adherence,
    best_streak,
    current_streak,
    history_from,
    pain_rest_days,
    stats,
    strength,
)

TODAY = date(2026, 11, 20)
ONE_DAY = timedelta(days=1)
M = 0.5 ** (1 / 13)  # written out again here on purpose, not imported


def day(offset: int) -> date:
    """The day `offset` days from TODAY (negative = past)."""
    return TODAY + timedelta(days=offset)


def days(first: int, last: int) -> set[date]:
    """Every day from offset `first` to offset `last`, inclusive."""
    return {day(i) for i in range(first, last + 1)}


_ids = iter(range(10**9))


def session(
    on: date, status: str = "complete", pain_after: int | None = None, kind: str = "logged"
) -> dict[str, object]:
    return {
        "id": f"s{next(_ids)}",
        "date": on.isoformat(),
        "kind": kind,
        "status": status,
        "pain_after": pain_after,
    }


def mark(on: date) -> dict[str, object]:
    return {"date": on.isoformat(), "kind": "skip", "reason": None}


def hist(
    done: Iterable[date] = (),
    skips: Iterable[date] = (),
    attempted: Iterable[date] = (),
    created: date | None = None,
) -> History:
    """A History built the way the store builds it: from session and mark records."""
    sessions = [session(d) for d in sorted(set(done))]
    sessions += [session(d, status="partial") for d in sorted(set(attempted))]
    return history_from(sessions, [mark(d) for d in sorted(set(skips))], created)


# ---------------------------------------------------------------------------------------
# day states
# ---------------------------------------------------------------------------------------


class TestDayState:
    def test_a_past_day_with_a_complete_session_is_done(self) -> None:
        h = hist(done={day(-3)}, created=day(-10))
        assert day_state(h, day(-3), TODAY) is DayState.DONE

    def test_today_with_a_complete_session_is_done(self) -> None:
        h = hist(done={TODAY}, created=day(-10))
        assert day_state(h, TODAY, TODAY) is DayState.DONE

    @pytest.mark.parametrize("offset", [-4, 0])
    def test_a_done_day_that_is_also_a_skip_day_is_done(self, offset: int) -> None:
        h = hist(done={day(offset)}, skips={day(offset)}, created=day(-10))
        assert day_state(h, day(offset), TODAY) is DayState.DONE

    def test_a_skip_day_without_a_session_is_skip(self) -> None:
        h = hist(done={day(-5)}, skips={day(-2)}, created=day(-10))
        assert day_state(h, day(-2), TODAY) is DayState.SKIP

    def test_today_marked_skip_is_skip_not_pending(self) -> None:
        h = hist(skips={TODAY}, created=day(-10))
        assert day_state(h, TODAY, TODAY) is DayState.SKIP

    def test_a_past_day_with_nothing_is_missed(self) -> None:
        h = hist(done={day(-5)}, created=day(-10))
        assert day_state(h, day(-4), TODAY) is DayState.MISSED
        assert day_state(h, day(-10), TODAY) is DayState.MISSED  # the creation day itself

    @pytest.mark.parametrize("status", ["partial", "stopped"])
    def test_partial_or_stopped_sessions_do_not_make_a_day_done(self, status: str) -> None:
        h = history_from([session(day(-2), status=status)], [], day(-10))
        assert day(-2) not in h.done
        state = day_state(h, day(-2), TODAY)
        assert state is DayState.PARTIAL
        assert state is not DayState.DONE

    @pytest.mark.parametrize("status", ["partial", "stopped"])
    def test_today_with_only_a_partial_session_shows_as_partial(self, status: str) -> None:
        h = history_from([session(TODAY, status=status)], [], day(-10))
        assert day_state(h, TODAY, TODAY) is DayState.PARTIAL
        assert current_streak(h, TODAY) == 0 and TODAY not in h.done  # still open, not done

    def test_a_complete_session_with_less_pain_after_is_eased(self) -> None:
        eased = {**session(day(-1)), "pain_before": 5, "pain_after": 3}
        same = {**session(day(-2)), "pain_before": 4, "pain_after": 4}
        worse = {**session(day(-3)), "pain_before": 2, "pain_after": 6}
        only_after = session(day(-4), pain_after=1)
        partial = {**session(day(-5), status="partial"), "pain_before": 6, "pain_after": 2}
        h = history_from([eased, same, worse, only_after, partial], [], day(-10))
        assert h.eased == frozenset({day(-1)})
        assert day_state(h, day(-1), TODAY) is DayState.EASED
        for offset in (-2, -3, -4):
            assert day_state(h, day(offset), TODAY) is DayState.DONE
        assert day_state(h, day(-5), TODAY) is DayState.PARTIAL  # eased, but not complete
        assert is_done(DayState.EASED) and is_done(DayState.DONE)
        assert not is_done(DayState.PARTIAL)

    @pytest.mark.parametrize("odd", [True, "2", 2.0, None])
    def test_a_pain_that_is_not_a_whole_number_counts_as_not_rated(self, odd: object) -> None:
        """True is an int to Python, but never a pain score: it eases nothing, rates nothing."""
        rated = {**session(day(-1)), "pain_before": 5, "pain_after": odd}
        before = {**session(day(-2)), "pain_before": odd, "pain_after": 1}
        h = history_from([rated, before], [], day(-10))
        assert h.eased == frozenset()
        assert h.pain_after == {day(-2): (1,)}
        assert day_state(h, day(-1), TODAY) is DayState.DONE

    def test_one_eased_session_makes_the_day_eased(self) -> None:
        first = {**session(TODAY), "pain_before": 3, "pain_after": 3}
        second = {**session(TODAY), "pain_before": 4, "pain_after": 1}
        h = history_from([first, second], [], day(-10))
        assert day_state(h, TODAY, TODAY) is DayState.EASED

    def test_a_partial_and_a_complete_session_on_one_day_make_it_done(self) -> None:
        h = history_from([session(day(-1), status="stopped"), session(day(-1))], [], day(-10))
        assert day_state(h, day(-1), TODAY) is DayState.DONE
        assert day(-1) not in h.attempted

    def test_today_with_nothing_is_pending(self) -> None:
        h = hist(done={day(-1)}, created=day(-10))
        assert day_state(h, TODAY, TODAY) is DayState.PENDING

    def test_days_after_today_are_future(self) -> None:
        h = hist(done={day(-1)}, created=day(-10))
        assert day_state(h, day(1), TODAY) is DayState.FUTURE
        assert day_state(h, day(40), TODAY) is DayState.FUTURE

    def test_days_before_the_history_are_before(self) -> None:
        h = hist(done={day(-5)}, created=day(-10))
        assert day_state(h, day(-11), TODAY) is DayState.BEFORE
        assert day_state(h, day(-300), TODAY) is DayState.BEFORE

    def test_before_starts_at_the_earlier_of_first_session_and_creation(self) -> None:
        # a session imported from before the store was created moves the start back
        h = hist(done={day(-20)}, created=day(-10))
        assert day_state(h, day(-21), TODAY) is DayState.BEFORE
        assert day_state(h, day(-15), TODAY) is DayState.MISSED

    def test_an_empty_history_has_only_before_pending_and_future(self) -> None:
        h = history_from([], [], None)
        assert day_state(h, day(-1), TODAY) is DayState.BEFORE
        assert day_state(h, TODAY, TODAY) is DayState.PENDING
        assert day_state(h, day(1), TODAY) is DayState.FUTURE


# ---------------------------------------------------------------------------------------
# current streak
# ---------------------------------------------------------------------------------------


class TestCurrentStreak:
    def test_a_run_ending_today(self) -> None:
        assert current_streak(hist(done=days(-2, 0)), TODAY) == 3

    def test_a_run_ending_yesterday_when_today_is_not_done(self) -> None:
        assert current_streak(hist(done=days(-3, -1)), TODAY) == 3

    def test_today_not_done_does_not_break_the_streak(self) -> None:
        before = current_streak(hist(done=days(-4, -1)), TODAY)
        after = current_streak(hist(done=days(-4, 0)), TODAY)
        assert (before, after) == (4, 5)

    def test_a_partial_session_today_neither_breaks_nor_extends(self) -> None:
        assert current_streak(hist(done=days(-3, -1), attempted={TODAY}), TODAY) == 3

    def test_a_missed_day_breaks(self) -> None:
        h = hist(done=days(-6, -4) | days(-2, 0))  # day -3 missed
        assert current_streak(h, TODAY) == 3

    def test_a_missed_yesterday_with_today_not_done_is_zero(self) -> None:
        assert current_streak(hist(done=days(-5, -2)), TODAY) == 0

    def test_a_missed_yesterday_with_today_done_is_one(self) -> None:
        assert current_streak(hist(done=days(-5, -2) | {TODAY}), TODAY) == 1

    def test_a_partial_day_counts_as_missed_and_breaks(self) -> None:
        h = hist(done={day(-3), day(-1)}, attempted={day(-2)})
        assert current_streak(h, TODAY) == 1

    def test_a_skip_day_neither_breaks_nor_extends(self) -> None:
        h = hist(done=days(-4, -3) | days(-1, 0), skips={day(-2)})
        assert current_streak(h, TODAY) == 4

    def test_several_skip_days_in_a_row_neither_break_nor_extend(self) -> None:
        h = hist(done={day(-10), day(-9), TODAY}, skips=days(-8, -1))
        assert current_streak(h, TODAY) == 3

    def test_today_a_skip_day_keeps_the_run_ending_yesterday(self) -> None:
        assert current_streak(hist(done=days(-2, -1), skips={TODAY}), TODAY) == 2

    def test_yesterday_a_skip_day_with_today_not_done_keeps_the_run(self) -> None:
        assert current_streak(hist(done=days(-4, -2), skips={day(-1)}), TODAY) == 3

    def test_a_run_of_skips_alone_is_zero(self) -> None:
        assert current_streak(hist(skips=days(-6, 0)), TODAY) == 0
        assert current_streak(hist(skips=days(-6, -1)), TODAY) == 0

    def test_skips_then_a_missed_day_do_not_reach_an_older_run(self) -> None:
        h = hist(done=days(-9, -7), skips=days(-5, -1))  # -6 missed
        assert current_streak(h, TODAY) == 0

    def test_a_done_day_that_is_a_skip_day_counts(self) -> None:
        h = hist(done=days(-2, 0), skips={day(-1)})
        assert current_streak(h, TODAY) == 3

    def test_empty_history_is_zero(self) -> None:
        assert current_streak(history_from([], [], None), TODAY) == 0

    def test_two_sessions_on_one_day_count_one_streak_day(self) -> None:
        h = history_from([session(TODAY), session(TODAY), session(day(-1))], [], None)
        assert current_streak(h, TODAY) == 2


# ---------------------------------------------------------------------------------------
# best streak
# ---------------------------------------------------------------------------------------


class TestBestStreak:
    def test_the_longest_run(self) -> None:
        h = hist(done=days(-20, -15) | days(-10, -8) | days(-2, 0))
        assert best_streak(h, TODAY) == 6

    def test_the_current_run_can_be_the_best(self) -> None:
        h = hist(done=days(-20, -19) | days(-4, -1))
        assert best_streak(h, TODAY) == 4
        assert current_streak(h, TODAY) == 4

    def test_skips_bridge_runs_but_do_not_count(self) -> None:
        h = hist(done=days(-10, -8) | days(-5, -4), skips=days(-7, -6))
        assert best_streak(h, TODAY) == 5

    def test_a_missed_day_splits_runs(self) -> None:
        h = hist(done=days(-10, -8) | days(-6, -4))  # -7 missed
        assert best_streak(h, TODAY) == 3

    def test_a_partial_day_splits_runs(self) -> None:
        h = hist(done=days(-10, -8) | days(-6, -4), attempted={day(-7)})
        assert best_streak(h, TODAY) == 3

    def test_a_run_of_skips_alone_is_zero(self) -> None:
        assert best_streak(hist(skips=days(-30, 0)), TODAY) == 0

    def test_future_days_are_ignored(self) -> None:
        h = hist(done={day(-1), TODAY} | days(1, 10))
        assert best_streak(h, TODAY) == 2

    def test_future_skips_do_not_bridge_anything(self) -> None:
        h = hist(done=days(-3, 0), skips=days(1, 10))
        assert best_streak(h, TODAY) == 4

    def test_a_done_skip_day_counts(self) -> None:
        h = hist(done=days(-5, -3), skips=days(-5, -3))
        assert best_streak(h, TODAY) == 3

    def test_empty_history_is_zero(self) -> None:
        assert best_streak(history_from([], [], None), TODAY) == 0


# ---------------------------------------------------------------------------------------
# total sessions
# ---------------------------------------------------------------------------------------


class TestTotalSessions:
    def test_complete_sessions_are_counted_one_by_one(self) -> None:
        sessions = [
            session(day(-3)),
            session(TODAY),
            session(TODAY, kind="guided"),
            session(day(-2), status="partial"),
            session(day(-1), status="stopped"),
        ]
        h = history_from(sessions, [mark(day(-5))], None)
        assert h.complete_count == 3
        assert stats(h, TODAY).total_sessions == 3

    def test_two_on_one_day_are_two(self) -> None:
        h = history_from([session(TODAY), session(TODAY)], [], None)
        assert stats(h, TODAY).total_sessions == 2
        assert len(h.done) == 1

    def test_no_sessions_is_zero(self) -> None:
        h = history_from([], [mark(TODAY)], day(-3))
        assert stats(h, TODAY).total_sessions == 0


# ---------------------------------------------------------------------------------------
# strength
# ---------------------------------------------------------------------------------------


def _expected_strength(
    first: date, today: date, done: set[date], skips: frozenset[date] | set[date] = frozenset()
) -> float:
    """s = s*m + v*(1-m) step by step, written out by hand for the examples."""
    s = 0.0
    d = first
    while d <= today:
        if d in done:
            s = s * M + 1 * (1 - M)
        elif d in skips or d == today:
            pass
        else:
            s = s * M + 0 * (1 - M)
        d += ONE_DAY
    return 100 * s


class TestStrength:
    def test_the_multiplier_has_a_13_day_half_life(self) -> None:
        assert STRENGTH_MULTIPLIER == pytest.approx(M, rel=1e-15)
        assert STRENGTH_MULTIPLIER**13 == pytest.approx(0.5, rel=1e-12)

    def test_three_done_days(self) -> None:
        h = hist(done=days(-2, 0))
        assert strength(h, TODAY) == pytest.approx(100 * (1 - M**3), rel=1e-12)

    def test_one_done_day(self) -> None:
        h = hist(done={TODAY})
        assert strength(h, TODAY) == pytest.approx(100 * (1 - M), rel=1e-12)
        assert strength(h, TODAY) == pytest.approx(5.1925, abs=1e-3)

    def test_a_missed_day_decays(self) -> None:
        h = hist(done={day(-2), TODAY})  # -1 missed
        # after -2: (1-m); after -1: (1-m)*m; after today: (1-m)*m*m + (1-m)
        expected = 100 * ((1 - M) * M * M + (1 - M))
        assert strength(h, TODAY) == pytest.approx(expected, rel=1e-12)

    def test_a_skip_day_leaves_it_unchanged(self) -> None:
        with_skip = hist(done={day(-2), TODAY}, skips={day(-1)})
        assert strength(with_skip, TODAY) == pytest.approx(100 * (1 - M**2), rel=1e-12)
        # the same as two consecutive done days
        assert strength(with_skip, TODAY) == pytest.approx(strength(hist(done=days(-1, 0)), TODAY))

    def test_today_counts_only_once_done(self) -> None:
        pending = hist(done=days(-2, -1))
        assert strength(pending, TODAY) == pytest.approx(100 * (1 - M**2), rel=1e-12)
        # and today is not treated as missed: the same as the strength yesterday
        assert strength(pending, TODAY) == pytest.approx(strength(pending, day(-1)), rel=1e-12)
        done = hist(done=days(-2, 0))
        assert strength(done, TODAY) == pytest.approx(100 * (1 - M**3), rel=1e-12)

    def test_a_partial_session_today_does_not_count(self) -> None:
        h = hist(done=days(-2, -1), attempted={TODAY})
        assert strength(h, TODAY) == pytest.approx(100 * (1 - M**2), rel=1e-12)

    def test_a_partial_day_in_the_past_counts_as_missed(self) -> None:
        h = hist(done={day(-2)}, attempted={day(-1)})
        assert strength(h, TODAY) == pytest.approx(100 * (1 - M) * M, rel=1e-12)

    def test_missed_days_before_the_first_session_count_from_creation(self) -> None:
        h = hist(done={day(-2)}, created=day(-5))  # -5..-3 missed at 0, -1 missed
        assert strength(h, TODAY) == pytest.approx(100 * (1 - M) * M, rel=1e-12)

    def test_thirteen_done_days_after_a_long_nothing_reach_fifty(self) -> None:
        h = hist(done=days(-12, 0), created=day(-400))
        assert strength(h, TODAY) == pytest.approx(50.0, abs=1e-9)

    def test_thirteen_missed_days_halve_it(self) -> None:
        full = hist(done=days(-300, -14))
        start = strength(full, day(-14))
        # -13..-1 missed (13 days); today, not done yet, does not count
        assert strength(full, TODAY) == pytest.approx(start / 2, rel=1e-12)

    def test_a_long_run_approaches_but_never_exceeds_100(self) -> None:
        s = strength(hist(done=days(-399, 0)), TODAY)
        assert 99.9 < s <= 100.0

    def test_a_skip_only_history_stays_zero(self) -> None:
        assert strength(hist(skips=days(-30, 0), created=day(-40)), TODAY) == 0.0
        assert strength(hist(skips=days(-30, 0)), TODAY) == 0.0

    def test_an_empty_history_is_zero(self) -> None:
        assert strength(history_from([], [], None), TODAY) == 0.0
        assert strength(history_from([], [], TODAY), TODAY) == 0.0

    def test_a_mixed_history_matches_a_step_by_step_computation(self) -> None:
        done = {day(-20), day(-19), day(-15), day(-10), day(-9), day(-8), day(-3), TODAY}
        skips = {day(-14), day(-13), day(-2), day(-9)}
        h = hist(done=done, skips=skips, created=day(-25))
        expected = _expected_strength(day(-25), TODAY, done, skips)
        assert strength(h, TODAY) == pytest.approx(expected, rel=1e-12)
        assert 0 < expected < 100


# ---------------------------------------------------------------------------------------
# adherence
# ---------------------------------------------------------------------------------------


class TestAdherence:
    def test_every_day_done_is_100_percent(self) -> None:
        h = hist(done=days(-29, 0))
        assert adherence(h, TODAY, 7) == pytest.approx(100.0)
        assert adherence(h, TODAY, 30) == pytest.approx(100.0)

    def test_the_window_ends_yesterday_when_today_is_not_done(self) -> None:
        h = hist(done=days(-7, -1), created=day(-60))
        assert adherence(h, TODAY, 7) == pytest.approx(100.0)

    def test_the_window_ends_today_when_today_is_done(self) -> None:
        # today done, the 6 days before missed, day -7 done: -7 falls outside the window
        h = hist(done={day(-7), TODAY}, created=day(-60))
        assert adherence(h, TODAY, 7) == pytest.approx(100 * 1 / 7)

    def test_the_window_is_the_last_n_days_exactly(self) -> None:
        # today not done: 7d window is -7..-1; -8 is outside
        h = hist(done={day(-8), day(-7)}, created=day(-60))
        assert adherence(h, TODAY, 7) == pytest.approx(100 * 1 / 7)

    def test_values_are_percent_not_fractions(self) -> None:
        h = hist(done={day(-3)}, created=day(-3))  # -3 done, -2 and -1 missed
        assert adherence(h, TODAY, 7) == pytest.approx(100 / 3)
        assert adherence(h, TODAY, 30) == pytest.approx(100 / 3)

    def test_skip_days_are_not_due(self) -> None:
        # window -7..-1: -7 missed, -6..-2 done, -1 skip -> 5 of 6 due
        h = hist(done=days(-6, -2), skips={day(-1)}, created=day(-60))
        assert adherence(h, TODAY, 7) == pytest.approx(100 * 5 / 6)

    def test_a_skip_day_that_was_done_is_due_and_done(self) -> None:
        # window -7..-1: -7 missed, -6 done+skip, -5..-1 skip -> 1 of 2 due
        h = hist(done={day(-6)}, skips=days(-6, -1), created=day(-60))
        assert adherence(h, TODAY, 7) == pytest.approx(50.0)

    def test_partial_days_are_due_but_not_done(self) -> None:
        h = hist(done=days(-7, -2), attempted={day(-1)}, created=day(-60))
        assert adherence(h, TODAY, 7) == pytest.approx(100 * 6 / 7)

    def test_it_starts_no_earlier_than_the_first_session(self) -> None:
        h = hist(done={day(-2)})  # no creation date: the first session starts it
        assert adherence(h, TODAY, 7) == pytest.approx(50.0)  # -2 done, -1 missed

    def test_it_starts_at_creation_when_that_is_earlier(self) -> None:
        h = hist(done={day(-2)}, created=day(-5))  # -5..-1: one of five
        assert adherence(h, TODAY, 7) == pytest.approx(20.0)

    def test_it_starts_at_the_first_session_when_that_is_earlier(self) -> None:
        h = hist(done={day(-3)}, created=day(-1))  # an imported older session: -3..-1
        assert adherence(h, TODAY, 7) == pytest.approx(100 / 3)

    def test_thirty_days(self) -> None:
        # today not done: window -30..-1, every other day done -> 15 of 30
        h = hist(done={day(-i) for i in range(2, 31, 2)}, created=day(-100))
        assert adherence(h, TODAY, 30) == pytest.approx(50.0)
        # the 7-day window -7..-1 holds -6, -4, -2
        assert adherence(h, TODAY, 7) == pytest.approx(100 * 3 / 7)

    def test_thirty_day_window_includes_day_minus_30_only_if_today_is_not_done(self) -> None:
        h = hist(done={day(-30)}, created=day(-100))
        assert adherence(h, TODAY, 30) == pytest.approx(100 / 30)
        h2 = hist(done={day(-30), TODAY}, created=day(-100))
        assert adherence(h2, TODAY, 30) == pytest.approx(100 / 30)  # -29..0, only today

    def test_null_without_any_history(self) -> None:
        assert adherence(history_from([], [], None), TODAY, 7) is None
        assert adherence(history_from([], [], None), TODAY, 30) is None

    def test_null_when_every_day_in_the_window_is_a_skip(self) -> None:
        h = hist(done={day(-20)}, skips=days(-7, -1), created=day(-60))
        assert adherence(h, TODAY, 7) is None
        assert adherence(h, TODAY, 30) == pytest.approx(100 * 1 / 23)

    def test_null_on_the_first_day_before_anything_is_done(self) -> None:
        assert adherence(history_from([], [], TODAY), TODAY, 7) is None

    def test_today_done_on_the_first_day_is_100(self) -> None:
        h = hist(done={TODAY}, created=TODAY)
        assert adherence(h, TODAY, 7) == pytest.approx(100.0)
        assert adherence(h, TODAY, 30) == pytest.approx(100.0)

    def test_stats_reports_both_windows(self) -> None:
        h = hist(done=days(-6, 0), created=day(-29))
        s = stats(h, TODAY)
        assert s.adherence_7d == pytest.approx(100.0)
        assert s.adherence_30d == pytest.approx(100 * 7 / 30)


class TestStats:
    def test_all_fields(self) -> None:
        h = history_from(
            [session(day(-3)), session(day(-1)), session(TODAY), session(TODAY)],
            [mark(day(-2))],
            day(-3),
        )
        s = stats(h, TODAY)
        assert s.date == TODAY
        assert s.today_done is True
        assert s.current_streak == 3
        assert s.best_streak == 3
        assert s.total_sessions == 4
        assert s.strength == pytest.approx(100 * (1 - M**3), rel=1e-12)
        assert s.adherence_7d == pytest.approx(100.0)
        assert s.adherence_30d == pytest.approx(100.0)

    def test_today_not_done(self) -> None:
        s = stats(hist(done=days(-2, -1)), TODAY)
        assert s.today_done is False
        assert s.current_streak == 2


# ---------------------------------------------------------------------------------------
# day-start
# ---------------------------------------------------------------------------------------


BERLIN = ZoneInfo("Europe/Berlin")


class TestDayStart:
    def test_a_night_session_belongs_to_the_day_before(self) -> None:
        moment = datetime(2026, 11, 21, 1, 30, tzinfo=BERLIN)
        assert day_of(moment, time(4, 0)) == date(2026, 11, 20)

    def test_with_midnight_day_start_it_is_the_same_calendar_day(self) -> None:
        moment = datetime(2026, 11, 21, 1, 30, tzinfo=BERLIN)
        assert day_of(moment, time(0, 0)) == date(2026, 11, 21)

    def test_the_day_starts_exactly_at_day_start(self) -> None:
        start = time(4, 0)
        assert day_of(datetime(2026, 11, 21, 3, 59, tzinfo=BERLIN), start) == date(2026, 11, 20)
        assert day_of(datetime(2026, 11, 21, 4, 0, tzinfo=BERLIN), start) == date(2026, 11, 21)
        assert day_of(datetime(2026, 11, 21, 23, 59, tzinfo=BERLIN), start) == date(2026, 11, 21)

    def test_day_start_with_minutes(self) -> None:
        start = time(2, 30)
        assert day_of(datetime(2026, 11, 21, 2, 29, tzinfo=BERLIN), start) == date(2026, 11, 20)
        assert day_of(datetime(2026, 11, 21, 2, 30, tzinfo=BERLIN), start) == date(2026, 11, 21)

    @pytest.mark.parametrize("hours", [-10, -5, 0, 5.5, 9, 14])
    def test_it_uses_the_local_wall_time_of_the_moment(self, hours: float) -> None:
        tz = timezone(timedelta(hours=hours))
        moment = datetime(2026, 11, 21, 1, 30, tzinfo=tz)
        assert day_of(moment, time(4, 0)) == date(2026, 11, 20)
        assert day_of(moment, time(0, 0)) == date(2026, 11, 21)

    def test_night_owls_keep_their_streak(self) -> None:
        # every session at 01:30 the morning after; day-start 04:00 files each under its day
        moments = [datetime(2026, 11, 18 + i, 1, 30, tzinfo=BERLIN) for i in range(3)]
        late = history_from(
            [session(day_of(mo, time(4, 0))) for mo in moments], [], date(2026, 11, 1)
        )
        assert late.done == frozenset({day(-3), day(-2), day(-1)})
        assert current_streak(late, TODAY) == 3  # today (the 20th) not yet done
        # the same moments with day-start 00:00 land one day later
        plain = history_from(
            [session(day_of(mo, time(0, 0))) for mo in moments], [], date(2026, 11, 1)
        )
        assert plain.done == frozenset({day(-2), day(-1), TODAY})


# ---------------------------------------------------------------------------------------
# history_from
# ---------------------------------------------------------------------------------------


class TestHistoryFrom:
    def test_it_reduces_records_to_days(self) -> None:
        sessions: list[dict[str, object]] = [
            {
                "id": "a",
                "date": "2026-11-18",
                "kind": "logged",
                "status": "complete",
                "pain_after": 3,
            },
            {
                "id": "b",
                "date": "2026-11-18",
                "kind": "guided",
                "status": "complete",
                "pain_after": 2,
            },
            {
                "id": "c",
                "date": "2026-11-19",
                "kind": "guided",
                "status": "partial",
                "pain_after": 5,
            },
            {
                "id": "d",
                "date": "2026-11-20",
                "kind": "guided",
                "status": "stopped",
                "pain_after": 7,
            },
            {
                "id": "e",
                "date": "2026-11-20",
                "kind": "logged",
                "status": "complete",
                "pain_after": None,
            },
            {"id": "f", "date": "2026-11-15", "kind": "guided", "status": "stopped"},
        ]
        marks: list[dict[str, object]] = [
            {"date": "2026-11-16", "kind": "skip", "reason": "rest"},
            {"date": "2026-11-20", "kind": "skip", "reason": None},
        ]
        h = history_from(sessions, marks, date(2026, 11, 17))
        assert h.done == frozenset({date(2026, 11, 18), date(2026, 11, 20)})
        assert h.attempted == frozenset({date(2026, 11, 19), date(2026, 11, 15)})
        assert h.skips == frozenset({date(2026, 11, 16), date(2026, 11, 20)})
        assert h.complete_count == 3
        assert h.first_day == date(2026, 11, 15)  # the stopped session predates creation
        assert h.pain_after == {
            date(2026, 11, 18): (3, 2),
            date(2026, 11, 19): (5,),
            date(2026, 11, 20): (7,),
        }

    def test_first_day_is_creation_when_that_is_earlier(self) -> None:
        h = history_from([session(day(-2))], [], day(-9))
        assert h.first_day == day(-9)

    def test_first_day_is_the_first_session_without_a_creation_date(self) -> None:
        h = history_from([session(day(-2)), session(day(-7), status="partial")], [], None)
        assert h.first_day == day(-7)

    def test_marks_do_not_move_the_first_day(self) -> None:
        h = history_from([session(day(-2))], [mark(day(-30))], day(-5))
        assert h.first_day == day(-5)
        assert h.skips == frozenset({day(-30)})

    def test_nothing_at_all(self) -> None:
        h = history_from([], [], None)
        assert h.done == h.attempted == h.skips == frozenset()
        assert h.complete_count == 0
        assert h.first_day is None

    def test_a_day_with_a_complete_session_is_not_attempted(self) -> None:
        h = history_from([session(day(-1), status="partial"), session(day(-1))], [], None)
        assert h.done == frozenset({day(-1)})
        assert h.attempted == frozenset()
        assert h.complete_count == 1

    def test_a_history_made_with_nothing_given_is_empty(self) -> None:
        """History() is what a reader builds before it has records: every field empty."""
        h = History()
        assert h.done == h.attempted == h.skips == h.eased == frozenset()
        assert h.complete_count == 0
        assert h.first_day is None
        assert dict(h.pain_after) == dict(h.skip_reasons) == dict(h.pain_rises) == {}
        assert h == history_from([], [], None)

    def test_pain_rises_keep_the_biggest_rise_of_a_day_and_only_rises(self) -> None:
        def rated(on: date, before: int, after: int) -> dict[str, object]:
            return {**session(on), "pain_before": before, "pain_after": after}

        sessions = [
            rated(day(-3), 2, 5),  # up 3
            rated(day(-3), 4, 5),  # up 1 the same day: the bigger rise stays
            rated(day(-2), 3, 3),  # the same: not a rise
            rated(day(-1), 5, 2),  # eased
        ]
        h = history_from(sessions, [], day(-10))
        assert dict(h.pain_rises) == {day(-3): 3}

    def test_skip_reasons_are_kept_and_pain_ones_are_rest_days(self) -> None:
        marks = [
            {**mark(day(-1)), "reason": "pain"},
            {**mark(day(-2)), "reason": "travel"},
            mark(day(-3)),
        ]
        h = history_from([], marks, day(-10))
        assert dict(h.skip_reasons) == {day(-1): "pain", day(-2): "travel"}
        assert pain_rest_days(h) == frozenset({day(-1)})
        assert PAIN_REASON == "pain"  # the word stored in the file and shown by status --json


# ---------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------

WINDOW = (-100, 19)  # ~120 days around TODAY, a few in the future
offsets = st.integers(*WINDOW)
day_sets = st.frozensets(offsets.map(day), max_size=80)

# SUPPLE_RULES_EXAMPLES=N: fewer for a mutation run (each mutant runs this file), more for a
# longer search.
FAST = hyp_settings(max_examples=int(os.environ.get("SUPPLE_RULES_EXAMPLES", "200")), deadline=None)


@dataclass(frozen=True)
class Records:
    """Raw store content: what the generated history is built from."""

    sessions: tuple[Mapping[str, object], ...]
    marks: tuple[Mapping[str, object], ...]
    created: date | None

    def history(self) -> History:
        return history_from(self.sessions, self.marks, self.created)

    def with_done(self, on: date) -> Records:
        return Records((*self.sessions, session(on)), self.marks, self.created)

    def with_skip(self, on: date) -> Records:
        return Records(self.sessions, (*self.marks, mark(on)), self.created)


@st.composite
def records(draw: st.DrawFn, past_only: bool = False) -> Records:
    sets = day_sets
    if past_only:
        sets = st.frozensets(st.integers(WINDOW[0], 0).map(day), max_size=80)
    done = draw(sets)
    attempted = draw(sets)
    skips = draw(day_sets)
    created = draw(st.none() | st.integers(WINDOW[0], 0).map(day))
    extra = draw(st.lists(st.sampled_from(sorted(done)), max_size=5)) if done else []
    sessions = [session(d) for d in sorted(done)] + [session(d) for d in extra]
    sessions += [
        session(d, status=draw(st.sampled_from(["partial", "stopped"]))) for d in attempted
    ]
    return Records(tuple(sessions), tuple(mark(d) for d in sorted(skips)), created)


# --- brute-force references, written without looking at the walk in rules.py -----------


def _span(h: History) -> list[date]:
    """Every day that could matter, oldest first, ending today."""
    known = [d for d in h.done | h.skips | h.attempted if d <= TODAY]
    first = min(known, default=TODAY) - ONE_DAY
    return [first + timedelta(days=i) for i in range((TODAY - first).days + 1)]


def _kept(h: History, d: date) -> bool:
    return d in h.done or d in h.skips


def ref_best(h: History) -> int:
    """Max over every interval of kept days up to today of its done count."""
    span = _span(h)
    best = 0
    for i in range(len(span)):
        count = 0
        for j in range(i, len(span)):
            if not _kept(h, span[j]):
                break
            count += span[j] in h.done
            best = max(best, count)
    return best


def ref_current(h: History) -> int:
    """The done count of the longest interval of kept days ending at the run's end day."""
    end = TODAY if TODAY in h.done else TODAY - ONE_DAY
    span = [d for d in _span(h) if d <= end]
    best = 0
    for i in range(len(span)):
        window = span[i:]
        if window and all(_kept(h, d) for d in window):
            best = max(best, sum(d in h.done for d in window))
    return best


def ref_strength(h: History) -> float:
    """Closed form: each done day contributes (1-m) * m**(ticks after it)."""
    if h.first_day is None:
        return 0.0
    n = (TODAY - h.first_day).days + 1
    every = [h.first_day + timedelta(days=i) for i in range(max(n, 0))]

    def ticks(d: date) -> bool:  # a day that moves the score: done, or a missed past day
        return d in h.done or (d not in h.skips and d != TODAY)

    total = 0.0
    for i, d in enumerate(every):
        if d in h.done:
            later = sum(1 for e in every[i + 1 :] if ticks(e))
            total += (1 - M) * M**later
    return 100 * total


def ref_adherence(h: History, n: int) -> float | None:
    if h.first_day is None:
        return None
    end = TODAY if TODAY in h.done else TODAY - ONE_DAY
    window = [end - timedelta(days=i) for i in range(n)]
    window = [d for d in window if d >= h.first_day]
    due = [d for d in window if d in h.done or d not in h.skips]
    if not due:
        return None
    return 100 * len([d for d in due if d in h.done]) / len(due)


# --- the properties -------------------------------------------------------------------


@FAST
@given(records())
def test_current_streak_matches_a_brute_force_reference(rec: Records) -> None:
    h = rec.history()
    assert current_streak(h, TODAY) == ref_current(h)


@FAST
@given(records())
def test_best_streak_matches_a_brute_force_reference(rec: Records) -> None:
    h = rec.history()
    assert best_streak(h, TODAY) == ref_best(h)


@FAST
@given(records())
def test_current_streak_never_exceeds_best_streak(rec: Records) -> None:
    h = rec.history()
    assert 0 <= current_streak(h, TODAY) <= best_streak(h, TODAY)


@FAST
@given(records(), offsets.map(day))
def test_adding_a_done_day_never_lowers_the_streaks(rec: Records, extra: date) -> None:
    before, after = rec.history(), rec.with_done(extra).history()
    assert best_streak(after, TODAY) >= best_streak(before, TODAY)
    assert current_streak(after, TODAY) >= current_streak(before, TODAY)


@FAST
@given(records(), offsets.map(day))
def test_adding_a_skip_day_never_lowers_the_streaks(rec: Records, extra: date) -> None:
    before, after = rec.history(), rec.with_skip(extra).history()
    assert current_streak(after, TODAY) >= current_streak(before, TODAY)
    assert best_streak(after, TODAY) >= best_streak(before, TODAY)


@FAST
@given(records(), offsets.map(day))
def test_a_skip_day_never_adds_a_done_day(rec: Records, extra: date) -> None:
    # a skip may bridge two runs, but the run can never be longer than its done days
    after = rec.with_skip(extra).history()
    assert best_streak(after, TODAY) <= len([d for d in after.done if d <= TODAY])


@FAST
@given(records(), st.integers(1, 30).map(lambda i: TODAY + timedelta(days=i)))
def test_future_days_change_no_streak(rec: Records, future: date) -> None:
    h = rec.history()
    for changed in (rec.with_done(future).history(), rec.with_skip(future).history()):
        assert current_streak(changed, TODAY) == current_streak(h, TODAY)
        assert best_streak(changed, TODAY) == best_streak(h, TODAY)


@FAST
@given(records())
def test_strength_is_within_0_and_100(rec: Records) -> None:
    s = strength(rec.history(), TODAY)
    assert 0.0 <= s <= 100.0
    assert not math.isnan(s)


@FAST
@given(records())
def test_strength_matches_a_closed_form_reference(rec: Records) -> None:
    h = rec.history()
    assert strength(h, TODAY) == pytest.approx(ref_strength(h), rel=1e-9, abs=1e-9)


@FAST
@given(records())
def test_doing_today_never_lowers_strength(rec: Records) -> None:
    before = rec.history()
    after = rec.with_done(TODAY).history()
    assert strength(after, TODAY) >= strength(before, TODAY) - 1e-9
    if TODAY not in before.done:
        assert strength(after, TODAY) > strength(before, TODAY)


@FAST
@given(records())
def test_today_not_done_leaves_strength_as_it_was_at_the_end_of_yesterday(rec: Records) -> None:
    h = rec.history()
    yesterday = TODAY - ONE_DAY
    if TODAY in h.done or h.first_day is None or h.first_day > yesterday:
        return
    # strength(h, yesterday) leaves yesterday out unless done; a missed yesterday decays once
    at_yesterday = strength(h, yesterday)
    if yesterday not in h.done and yesterday not in h.skips:
        at_yesterday *= M
    assert strength(h, TODAY) == pytest.approx(at_yesterday, rel=1e-12, abs=1e-12)


@FAST
@given(day_sets, st.none() | st.integers(WINDOW[0], 0).map(day))
def test_a_skip_only_history_has_zero_strength_and_streaks(
    skips: frozenset[date], created: date | None
) -> None:
    h = history_from([], [mark(d) for d in skips], created)
    assert strength(h, TODAY) == 0.0
    assert current_streak(h, TODAY) == 0
    assert best_streak(h, TODAY) == 0


@FAST
@given(records(), st.sampled_from([7, 30]))
def test_adherence_is_none_or_a_percentage(rec: Records, n: int) -> None:
    value = adherence(rec.history(), TODAY, n)
    assert value is None or 0.0 <= value <= 100.0


@FAST
@given(records(), st.sampled_from([1, 7, 30]))
def test_adherence_matches_a_reference(rec: Records, n: int) -> None:
    h = rec.history()
    expected = ref_adherence(h, n)
    got = adherence(h, TODAY, n)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


@FAST
@given(records(past_only=True))
def test_stats_agrees_with_the_single_rules(rec: Records) -> None:
    h = rec.history()
    s = stats(h, TODAY)
    assert s.today_done is (TODAY in h.done)
    assert s.current_streak == current_streak(h, TODAY)
    assert s.best_streak == best_streak(h, TODAY)
    assert s.strength == strength(h, TODAY)
    assert s.adherence_7d == adherence(h, TODAY, 7)
    assert s.adherence_30d == adherence(h, TODAY, 30)
    assert s.total_sessions == sum(1 for r in rec.sessions if r["status"] == "complete")


@FAST
@given(records())
def test_history_from_keeps_every_record(rec: Records) -> None:
    h = rec.history()
    complete = {
        date.fromisoformat(str(r["date"])) for r in rec.sessions if r["status"] == "complete"
    }
    other = {date.fromisoformat(str(r["date"])) for r in rec.sessions if r["status"] != "complete"}
    assert h.done == complete
    assert h.attempted == other - complete
    assert h.skips == {date.fromisoformat(str(m["date"])) for m in rec.marks}
    starts = [date.fromisoformat(str(r["date"])) for r in rec.sessions]
    if rec.created is not None:
        starts.append(rec.created)
    assert h.first_day == min(starts, default=None)
    for d in days(*WINDOW):
        state = day_state(h, d, TODAY)
        if d in h.done and d <= TODAY:
            assert state is DayState.DONE
        elif d > TODAY:
            assert state in (DayState.FUTURE, DayState.SKIP)
