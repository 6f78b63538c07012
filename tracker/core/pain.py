"""Pain after sessions over two weeks: is it rising? The rule behind the gentle note on the main
screen and in `supple status`.

Pure (stdlib only, no clock). The rule, in full:

- *This week* is today and the 6 days before it; *last week* is the 7 days before that.
- A week's mean is the mean of every pain-after rating (0-10) recorded on its days, whatever
  the session's status; two rated sessions on one day count as two ratings.
- Pain is *rising* when both weeks have at least `MIN_RATINGS` ratings and this week's mean
  is at least `RISE` points above last week's.

Why these numbers: pain ratings vary from day to day, and pain research commonly counts a change
of about 2 points on the 0-10 scale as one that matters (Farrar et al., Pain 2001); a rise of
1.5 in means of at least 3 ratings each flags a change a little before that, without reacting
to one bad evening.
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
