"""Pain after sessions over two weeks: is it rising? The rule behind the gentle note on the main
screen and in `supple status`.

Pure (stdlib only, no clock). The rule, in full:

- *This week* is today and the 6 days before it; *last week* is the 7 days before that.
- A week's mean is the mean of every pain-after rating (0-10) recorded on its days, whatever
  the session's status; two rated sessions on one day count as two ratings.
- Pain is *rising* when both weeks have at least `MIN_RATINGS` ratings and this week's mean
  is at least `RISE` points above last week's.

Why these numbers: pain ratings vary from day to day. Farrar et al. (Pain 2001) found that a
fall of about 2 points, or about 30%, on the 0-10 scale is one that people count as a real
improvement; for low back pain Ostelo et al. (Spine 2008) proposed a similar smallest change
that matters. supple uses that size for a change either way, which is its own reading: a rise
of 1.5 in means of at least 3 ratings each flags a change a little before that, without
reacting to one bad evening.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from tracker.core.record_type import record_type

WEEK_DAYS = 7
MIN_RATINGS = 3
RISE = 1.5


@record_type  # not a dataclass or NamedTuple: `supple status` loads this module
class PainTrend:
    """The two weekly means of pain after sessions (None for a week without ratings)."""

    this_week: float | None
    last_week: float | None
    this_count: int
    last_count: int

    @property
    def rising(self) -> bool:
        if self.this_count < MIN_RATINGS or self.last_count < MIN_RATINGS:
            return False
        assert self.this_week is not None and self.last_week is not None
        # Rounded, so 4.5 after 3.0 counts although 4.5 - 3.0 is 1.4999... in floats.
        return round(self.this_week - self.last_week, 9) >= RISE


NO_PAIN_TREND = PainTrend(None, None, 0, 0)


def _week(pain_after: Mapping[date, tuple[int, ...]], last_day: date) -> tuple[float | None, int]:
    ratings = [
        rating
        for offset in range(WEEK_DAYS)
        for rating in pain_after.get(last_day - timedelta(days=offset), ())
    ]
    if not ratings:
        return None, 0
    return sum(ratings) / len(ratings), len(ratings)


def pain_trend(pain_after: Mapping[date, tuple[int, ...]], today: date) -> PainTrend:
    """This week's and last week's mean pain after sessions (`History.pain_after`)."""
    this_mean, this_count = _week(pain_after, today)
    last_mean, last_count = _week(pain_after, today - timedelta(days=WEEK_DAYS))
    return PainTrend(this_mean, last_mean, this_count, last_count)


def pain_note(trend: PainTrend) -> str | None:
    """The gentle note when pain is rising, else None. Plain text, for the shell and the TUI."""
    if not trend.rising:
        return None
    assert trend.this_week is not None and trend.last_week is not None
    return (
        f"Pain after sessions has gone up: {trend.this_week:.1f} on average this week, "
        f"{trend.last_week:.1f} the week before (0-10). Go gently, and consider talking to a "
        "doctor or physiotherapist about it."
    )


# ---- pain that stays high or jumps (issue 20) ------------------------------------------------
# supple's own rules, not the source's: each is a nudge to pause and ask someone who can
# examine you, never a diagnosis. In full:
# - *high*: a pain-after of HIGH_AFTER or more in HIGH_OF of the last LAST_RATED rated sessions,
#   counting only ratings of the last RECENT_DAYS days (an old bad spell does not nag forever);
# - *jump*: one session in the last WEEK_DAYS days whose pain rose by JUMP points or more from
#   before to after;
# - *stops*: STOPS rest days after a stop for pain (`!`, or "rest today" at the high-pain
#   question) within the last WEEK_DAYS days.
HIGH_AFTER = 7
HIGH_OF = 2
LAST_RATED = 3
RECENT_DAYS = 14
JUMP = 3
STOPS = 2


def _recent_ratings(pain_after: Mapping[date, tuple[int, ...]], today: date) -> list[int]:
    ratings: list[int] = []
    for offset in range(RECENT_DAYS - 1, -1, -1):  # oldest first, store order within a day
        ratings += pain_after.get(today - timedelta(days=offset), ())
    return ratings


def pain_concerns(
    pain_after: Mapping[date, tuple[int, ...]],
    pain_rises: Mapping[date, int],
    pain_rests: frozenset[date],
    today: date,
) -> tuple[str, ...]:
    """Which of the three rules fire today, each as a short reason (empty: none)."""
    reasons: list[str] = []
    last = _recent_ratings(pain_after, today)[-LAST_RATED:]
    if sum(1 for rating in last if rating >= HIGH_AFTER) >= HIGH_OF:
        reasons.append(
            f"pain after was {HIGH_AFTER} or more in {HIGH_OF} of your last {len(last)} "
            "rated sessions"
        )
    week = [today - timedelta(days=offset) for offset in range(WEEK_DAYS)]
    rise = max((pain_rises.get(day, 0) for day in week), default=0)
    if rise >= JUMP:
        reasons.append(
            f"pain rose by {rise} points during one session in the last {WEEK_DAYS} days"
        )
    stops = sum(1 for day in week if day in pain_rests)
    if stops >= STOPS:
        reasons.append(f"you stopped for pain on {stops} days in the last {WEEK_DAYS} days")
    return tuple(reasons)


def concern_note(reasons: tuple[str, ...]) -> str | None:
    """The gentle note when a rule fires, else None. Plain text, for the shell and the TUI."""
    if not reasons:
        return None
    return (
        f"supple's tip: {'; '.join(reasons)}. Consider pausing the routine and talking to a "
        "doctor or physiotherapist before you go on."
    )
