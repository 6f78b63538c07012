"""The pure reminder schedule: when a reminder fires, once, and never on the wrong day."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from tracker.core.clock import FakeClock
from tracker.core.reminder_schedule import (
    RETRY_AFTER,
    Due,
    SentKey,
    Slot,
    due_reminder,
    failed_attempts,
    is_late,
    local_instant,
    next_reminder,
    reminder_text,
    retryable,
    seconds_until_next_check,
    slots_for_day,
)
from tracker.core.settings import Settings
from tracker.notify.check import Outcome, check_and_notify, next_retry
from tracker.notify.delivery import Delivery
from tracker.store.database import Store
from tracker.store.snapshot import Snapshot

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc
MONDAY = date(2026, 6, 15)
SPRING = date(2026, 3, 29)  # Europe/Berlin jumps from 02:00 CET to 03:00 CEST
AUTUMN = date(2026, 10, 25)  # Europe/Berlin goes back from 03:00 CEST to 02:00 CET


def make(
    reminders: str = "18:00",
    days: str = "daily",
    when_done: bool = False,
    grace: int = 180,
    day_start: str = "00:00",
) -> Settings:
    return Settings.from_stored(
        {
            "reminders": reminders,
            "reminder-days": days,
            "remind-when-done": when_done,
            "reminder-grace": grace,
            "day-start": day_start,
        }
    )


def at(day: date, hh: int, mm: int = 0, zone: tzinfo = BERLIN, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=zone)


def utc(year: int, month: int, day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(year, month, day, hh, mm, tzinfo=UTC)


def due_key(
    s: Settings, now: datetime, sent: frozenset[SentKey] = frozenset(), done: bool = False
) -> SentKey | None:
    due = due_reminder(s, now, done, sent)
    return None if due is None else due.slot.key


def test_calendar_assumptions() -> None:
    assert MONDAY.weekday() == 0
    assert SPRING.weekday() == 6 and AUTUMN.weekday() == 6


# --- due_reminder -------------------------------------------------------------------------


@pytest.mark.parametrize("zone", [BERLIN, UTC], ids=["berlin", "utc"])
def test_due_at_exact_time(zone: tzinfo) -> None:
    due = due_reminder(make(), at(MONDAY, 18, zone=zone), False, frozenset())
    assert due is not None
    assert due.slot == Slot(MONDAY, "18:00", at(MONDAY, 18, zone=zone))
    assert due.slot.key == (MONDAY, "18:00")
    assert due.superseded == ()
    assert due.keys == ((MONDAY, "18:00"),)


@pytest.mark.parametrize("zone", [BERLIN, UTC], ids=["berlin", "utc"])
def test_not_due_before_time(zone: tzinfo) -> None:
    assert due_key(make(), at(MONDAY, 17, 59, zone=zone, ss=59)) is None


@pytest.mark.parametrize("zone", [BERLIN, UTC], ids=["berlin", "utc"])
def test_within_grace_and_after_grace(zone: tzinfo) -> None:
    s = make(grace=180)
    assert due_key(s, at(MONDAY, 19, 30, zone=zone)) == (MONDAY, "18:00")
    assert due_key(s, at(MONDAY, 21, 0, zone=zone)) == (MONDAY, "18:00")  # edge: inclusive
    assert due_key(s, at(MONDAY, 21, 0, zone=zone, ss=1)) is None
    assert due_key(s, at(MONDAY, 23, 0, zone=zone)) is None


def test_grace_zero_still_fires_within_its_minute() -> None:
    s = make(grace=0)
    assert due_key(s, at(MONDAY, 18, 0)) == (MONDAY, "18:00")
    assert due_key(s, at(MONDAY, 18, 0, ss=30)) == (MONDAY, "18:00")
    assert due_key(s, at(MONDAY, 18, 2)) is None


def test_already_sent_does_not_fire() -> None:
    sent = frozenset({(MONDAY, "18:00")})
    assert due_key(make(), at(MONDAY, 18, 5), sent) is None


def test_sent_on_another_day_does_not_count() -> None:
    sent = frozenset({(MONDAY - timedelta(days=1), "18:00")})
    assert due_key(make(), at(MONDAY, 18, 5), sent) == (MONDAY, "18:00")


def test_today_done_suppresses_unless_remind_when_done() -> None:
    now = at(MONDAY, 18, 1)
    assert due_key(make(), now, done=True) is None
    assert due_key(make(when_done=True), now, done=True) == (MONDAY, "18:00")
    assert due_key(make(when_done=True), now, done=False) == (MONDAY, "18:00")


def test_reminder_days_filter() -> None:
    s = make(days="mon,wed,fri")
    tuesday, wednesday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
    assert due_key(s, at(MONDAY, 18, 1)) == (MONDAY, "18:00")
    assert due_key(s, at(tuesday, 18, 1)) is None
    assert due_key(s, at(wednesday, 18, 1)) == (wednesday, "18:00")
    assert slots_for_day(s, tuesday, BERLIN) == ()


def test_empty_reminders_never_fire() -> None:
    s = make(reminders="")
    assert due_reminder(s, at(MONDAY, 18), False, frozenset()) is None
    assert slots_for_day(s, MONDAY, BERLIN) == ()


def test_multiple_times_in_a_day() -> None:
    s = make(reminders="08:00,12:30,18:00", grace=60)
    assert due_key(s, at(MONDAY, 7, 59)) is None
    assert due_key(s, at(MONDAY, 8, 10)) == (MONDAY, "08:00")
    sent = frozenset({(MONDAY, "08:00")})
    assert due_key(s, at(MONDAY, 8, 20), sent) is None
    assert due_key(s, at(MONDAY, 12, 30), sent) == (MONDAY, "12:30")
    due = due_reminder(s, at(MONDAY, 12, 30), False, sent)
    assert due is not None and due.superseded == ()
    sent |= {(MONDAY, "12:30")}
    assert due_key(s, at(MONDAY, 17, 0), sent) is None
    assert due_key(s, at(MONDAY, 18, 30), sent) == (MONDAY, "18:00")


def test_suspend_over_two_slots_gives_one_reminder() -> None:
    s = make(reminders="12:00,13:00,14:00", grace=180)
    due = due_reminder(s, at(MONDAY, 14, 30), False, frozenset())
    assert due is not None
    assert due.slot.key == (MONDAY, "14:00")
    assert [x.key for x in due.superseded] == [(MONDAY, "12:00"), (MONDAY, "13:00")]
    assert due.keys == ((MONDAY, "14:00"), (MONDAY, "12:00"), (MONDAY, "13:00"))
    sent = frozenset(due.keys)
    for minute in range(31, 60):
        assert due_key(s, at(MONDAY, 14, minute), sent) is None


def test_superseded_slots_cannot_fire_even_if_caller_claims_only_the_slot() -> None:
    s = make(reminders="12:00,13:00,14:00", grace=180)
    sent = frozenset({(MONDAY, "14:00")})
    assert due_key(s, at(MONDAY, 14, 31), sent) is None


def test_superseded_leaves_out_slots_already_sent() -> None:
    s = make(reminders="12:00,13:00,14:00", grace=180)
    due = due_reminder(s, at(MONDAY, 14, 30), False, frozenset({(MONDAY, "12:00")}))
    assert due is not None
    assert [x.key for x in due.superseded] == [(MONDAY, "13:00")]


def test_late_slot_past_grace_does_not_fire_even_if_an_older_one_is_unsent() -> None:
    s = make(reminders="09:00,10:00", grace=30)
    assert due_key(s, at(MONDAY, 10, 45)) is None


def test_day_start_after_midnight_reminder_belongs_to_previous_day() -> None:
    s = make(reminders="01:00", day_start="04:00")
    tuesday = MONDAY + timedelta(days=1)
    (slot,) = slots_for_day(s, MONDAY, BERLIN)
    assert slot.day == MONDAY
    assert slot.due == at(tuesday, 1, 0)
    due = due_reminder(s, at(tuesday, 1, 0), False, frozenset())
    assert due is not None and due.slot.key == (MONDAY, "01:00")
    # Monday evening: Monday's 01:00 reminder is still ahead, on Tuesday's date.
    assert due_key(s, at(MONDAY, 23, 0)) is None
    assert next_reminder(s, at(MONDAY, 23, 0), False, frozenset()) == at(tuesday, 1, 0)


def test_day_start_orders_slots_by_the_supple_day() -> None:
    s = make(reminders="01:00,22:00", day_start="04:00", grace=240)
    assert [x.time for x in slots_for_day(s, MONDAY, BERLIN)] == ["22:00", "01:00"]
    due = due_reminder(s, at(MONDAY + timedelta(days=1), 1, 30), False, frozenset())
    assert due is not None
    assert due.slot.key == (MONDAY, "01:00")
    assert [x.key for x in due.superseded] == [(MONDAY, "22:00")]


def test_day_start_reminder_days_follow_the_supple_day() -> None:
    s = make(reminders="01:00", days="mon", day_start="04:00")
    tuesday = MONDAY + timedelta(days=1)
    assert due_key(s, at(tuesday, 1, 0)) == (MONDAY, "01:00")  # Monday's, on Tuesday's date
    assert due_key(s, at(MONDAY, 1, 0)) is None  # that is Sunday's slot


def test_today_done_refers_to_the_supple_day() -> None:
    s = make(reminders="01:00", day_start="04:00")
    assert due_key(s, at(MONDAY + timedelta(days=1), 1, 0), done=True) is None


def test_never_fires_on_the_next_day() -> None:
    s = make(reminders="23:30", grace=180)
    tuesday = MONDAY + timedelta(days=1)
    assert due_key(s, at(MONDAY, 23, 59)) == (MONDAY, "23:30")
    assert due_key(s, at(tuesday, 0, 0)) is None
    assert due_key(s, at(tuesday, 0, 30)) is None


def test_never_fires_on_the_next_day_with_day_start() -> None:
    s = make(reminders="03:30", day_start="04:00", grace=180)
    tuesday = MONDAY + timedelta(days=1)
    assert due_key(s, at(tuesday, 3, 59)) == (MONDAY, "03:30")
    assert due_key(s, at(tuesday, 4, 0)) is None
    assert due_key(s, at(tuesday, 4, 10)) is None


def test_spring_forward_gap_fires_once_at_the_first_valid_moment() -> None:
    s = make(reminders="02:30", grace=180)
    (slot,) = slots_for_day(s, SPRING, BERLIN)
    expected = utc(2026, 3, 29, 1, 0)  # 03:00 CEST, the moment of the jump
    assert slot.due == expected
    assert slot.due.utcoffset() == timedelta(hours=2)
    assert (slot.due.hour, slot.due.minute) == (3, 0)
    # 01:59:59 CET, one second before the jump: not yet.
    assert due_reminder(s, utc(2026, 3, 29, 0, 59) + timedelta(seconds=59), False, set()) is None
    due = due_reminder(s, expected.astimezone(BERLIN), False, set())
    assert due is not None and due.slot.key == (SPRING, "02:30")
    sent = set(due.keys)
    for minutes in (1, 10, 60, 179):
        later = (expected + timedelta(minutes=minutes)).astimezone(BERLIN)
        assert due_reminder(s, later, False, sent) is None
    assert next_reminder(s, at(SPRING, 0, 0), False, set()) == expected


def test_spring_forward_times_around_the_gap_are_untouched() -> None:
    s = make(reminders="01:59,03:00,03:30")
    dues = [x.due.astimezone(UTC) for x in slots_for_day(s, SPRING, BERLIN)]
    assert dues == [utc(2026, 3, 29, 0, 59), utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 1, 30)]


def test_fall_back_overlap_fires_once() -> None:
    s = make(reminders="02:30", grace=180)
    (slot,) = slots_for_day(s, AUTUMN, BERLIN)
    first = utc(2026, 10, 25, 0, 30)  # 02:30 CEST
    second = utc(2026, 10, 25, 1, 30)  # 02:30 CET, the same wall time an hour later
    # An ambiguous local time never equals a datetime in another zone (PEP 495): use UTC.
    assert slot.due_utc == first
    assert slot.due.fold == 0
    assert slot.due.utcoffset() == timedelta(hours=2)
    assert due_reminder(s, utc(2026, 10, 25, 0, 29).astimezone(BERLIN), False, set()) is None
    due = due_reminder(s, first.astimezone(BERLIN), False, set())
    assert due is not None and due.slot.key == (AUTUMN, "02:30")
    sent = set(due.keys)
    second_local = second.astimezone(BERLIN)
    assert second_local.fold == 1 and (second_local.hour, second_local.minute) == (2, 30)
    assert due_reminder(s, second_local, False, sent) is None
    assert next_reminder(s, second_local, False, sent) == at(AUTUMN + timedelta(days=1), 2, 30)


def test_fall_back_grace_counts_real_time_not_wall_time() -> None:
    s = make(reminders="02:00", grace=30)
    # 02:00 CEST is 00:00 UTC; at 02:10 CET (01:10 UTC) 70 real minutes have passed.
    late = utc(2026, 10, 25, 1, 10).astimezone(BERLIN)
    assert due_reminder(s, late, False, set()) is None


def test_clock_set_back_does_not_fire_twice() -> None:
    s = make()
    sent: set[SentKey] = set()
    due = due_reminder(s, at(MONDAY, 18, 5), False, sent)
    assert due is not None
    sent |= set(due.keys)
    assert due_key(s, at(MONDAY, 17, 50), frozenset(sent)) is None
    assert due_key(s, at(MONDAY, 18, 0), frozenset(sent)) is None
    assert next_reminder(s, at(MONDAY, 17, 50), False, sent) == at(MONDAY + timedelta(days=1), 18)


def test_clock_set_back_past_a_later_claim_does_not_revive_an_earlier_slot() -> None:
    s = make(reminders="18:00,18:30")
    sent = frozenset({(MONDAY, "18:30")})  # 18:00 was superseded but not claimed
    assert due_key(s, at(MONDAY, 18, 10), sent) is None
    assert due_key(s, at(MONDAY, 18, 40), sent) is None


def test_zone_argument_overrides_the_offset_of_now() -> None:
    s = make()
    now = utc(2026, 6, 15, 16, 0)  # 18:00 CEST
    assert due_reminder(s, now, False, set()) is None  # read as 16:00 UTC
    due = due_reminder(s, now, False, set(), zone=BERLIN)
    assert due is not None and due.slot.due == at(MONDAY, 18)


def test_fixed_offset_now_as_in_production() -> None:
    cest = timezone(timedelta(hours=2), "CEST")
    due = due_reminder(make(), datetime(2026, 6, 15, 18, 1, tzinfo=cest), False, set())
    assert due is not None and due.slot.due == utc(2026, 6, 15, 16, 0)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        due_reminder(make(), datetime(2026, 6, 15, 18, 0), False, set())


# --- next_reminder ------------------------------------------------------------------------


def test_next_reminder_later_today() -> None:
    assert next_reminder(make(), at(MONDAY, 9, 0), False, set()) == at(MONDAY, 18)


def test_next_reminder_today_done_gives_tomorrow() -> None:
    nxt = next_reminder(make(), at(MONDAY, 9, 0), True, set())
    assert nxt == at(MONDAY + timedelta(days=1), 18)


def test_next_reminder_today_done_with_remind_when_done_keeps_today() -> None:
    assert next_reminder(make(when_done=True), at(MONDAY, 9, 0), True, set()) == at(MONDAY, 18)


def test_next_reminder_after_todays_time_gives_tomorrow() -> None:
    sent = {(MONDAY, "18:00")}
    assert next_reminder(make(), at(MONDAY, 18, 5), False, sent) == at(MONDAY + timedelta(1), 18)
    # Past the grace, unsent: nothing more today.
    assert next_reminder(make(), at(MONDAY, 22, 0), False, set()) == at(MONDAY + timedelta(1), 18)


def test_next_reminder_empty_reminders_is_none() -> None:
    assert next_reminder(make(reminders=""), at(MONDAY, 9), False, set()) is None


def test_next_reminder_days_filter() -> None:
    s = make(days="mon,fri")
    tuesday = MONDAY + timedelta(days=1)
    assert next_reminder(s, at(tuesday, 9), False, set()) == at(MONDAY + timedelta(days=4), 18)


def test_next_reminder_a_week_ahead() -> None:
    s = make(days="mon")
    assert next_reminder(s, at(MONDAY, 9), True, set()) == at(MONDAY + timedelta(days=7), 18)


def test_next_reminder_within_grace_and_unsent_is_that_one() -> None:
    s = make(reminders="18:00,21:00")
    assert next_reminder(s, at(MONDAY, 19, 0), False, set()) == at(MONDAY, 18)
    sent = {(MONDAY, "18:00")}
    assert next_reminder(s, at(MONDAY, 19, 0), False, sent) == at(MONDAY, 21)


def test_next_reminder_is_aware_and_iso() -> None:
    nxt = next_reminder(make(), at(MONDAY, 9), False, set())
    assert nxt is not None
    assert nxt.isoformat() == "2026-06-15T18:00:00+02:00"


def test_next_reminder_skips_future_slots_already_claimed() -> None:
    sent = {(MONDAY, "18:00")}  # claimed, then the clock went back
    assert next_reminder(make(), at(MONDAY, 17), False, sent) == at(MONDAY + timedelta(1), 18)


# --- seconds_until_next_check -------------------------------------------------------------


def test_seconds_until_next_check() -> None:
    s = make()
    assert seconds_until_next_check(s, at(MONDAY, 17, 0), False, set()) == 3600.0
    assert seconds_until_next_check(s, at(MONDAY, 18, 30), False, set()) == 0.0
    assert seconds_until_next_check(make(reminders=""), at(MONDAY, 17), False, set()) is None


def test_seconds_until_next_check_across_spring_forward() -> None:
    s = make(reminders="04:00")
    # 01:00 CET to 04:00 CEST is two real hours, not three.
    assert seconds_until_next_check(s, at(SPRING, 1, 0), False, set()) == 2 * 3600.0


# --- helpers ------------------------------------------------------------------------------


def test_local_instant_gap_and_overlap() -> None:
    assert local_instant(datetime(2026, 3, 29, 2, 30), BERLIN) == utc(2026, 3, 29, 1, 0)
    assert local_instant(datetime(2026, 3, 29, 2, 0), BERLIN) == utc(2026, 3, 29, 1, 0)
    overlap = local_instant(datetime(2026, 10, 25, 2, 30), BERLIN)
    assert overlap.astimezone(UTC) == utc(2026, 10, 25, 0, 30)
    assert local_instant(datetime(2026, 6, 15, 18, 0), UTC) == utc(2026, 6, 15, 18, 0)


def test_local_instant_other_zone_gap() -> None:
    new_york = ZoneInfo("America/New_York")
    # 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00 UTC).
    assert local_instant(datetime(2026, 3, 8, 2, 45), new_york) == utc(2026, 3, 8, 7, 0)


def test_reminder_text() -> None:
    slot = Slot(MONDAY, "18:00", at(MONDAY, 18))
    title, body = reminder_text(slot, is_late(slot, at(MONDAY, 18, 0)))
    assert title == "supple: time for your routine"
    assert "routine is due at 18:00" in body
    assert "supple" in body and " s " in body and " d " in body
    assert "`" not in body  # notification servers show it literally
    assert len(body) < 160


def test_a_reminder_sent_after_its_time_says_it_was_due() -> None:
    slot = Slot(MONDAY, "07:30", at(MONDAY, 7, 30))
    assert not is_late(slot, at(MONDAY, 7, 31))  # the daemon wakes within the minute
    assert not is_late(slot, at(MONDAY, 7, 34))  # cron checks every 5 minutes
    assert is_late(slot, at(MONDAY, 9, 10))  # nothing ran at 07:30: sent by the next check
    assert "routine was due at 07:30" in reminder_text(slot, is_late(slot, at(MONDAY, 9, 10)))[1]


def test_due_keys_lists_slot_first() -> None:
    a = Slot(MONDAY, "12:00", at(MONDAY, 12))
    b = Slot(MONDAY, "13:00", at(MONDAY, 13))
    assert Due(b, (a,)).keys == ((MONDAY, "13:00"), (MONDAY, "12:00"))
    assert Due(b).keys == ((MONDAY, "13:00"),)  # nothing superseded unless given


# --- a poller over DST days, with suspends ------------------------------------------------


@hyp_settings(max_examples=150, deadline=None)
@given(
    day=st.sampled_from([SPRING, AUTUMN, MONDAY]),
    times=st.lists(
        st.tuples(st.integers(0, 23), st.sampled_from([0, 15, 30, 45])), min_size=1, max_size=4
    ),
    steps=st.lists(st.integers(1, 240), min_size=1, max_size=80),
    grace=st.sampled_from([0, 10, 60, 180]),
)
def test_poller_fires_each_slot_at_most_once_in_order_and_on_its_day(
    day: date, times: list[tuple[int, int]], steps: list[int], grace: int
) -> None:
    s = make(reminders=",".join(f"{h:02d}:{m:02d}" for h, m in times), grace=grace)
    grace_td = max(timedelta(minutes=grace), timedelta(minutes=1))
    now = at(day, 0, 0).astimezone(UTC)
    sent: set[SentKey] = set()
    fired: list[SentKey] = []
    for step in steps:  # each step: minutes asleep (suspend) before the next check
        now += timedelta(minutes=step)
        local = now.astimezone(BERLIN)
        due = due_reminder(s, local, False, sent)
        if due is None:
            continue
        assert due.slot.key not in sent
        assert due.slot.due_utc <= now <= due.slot.due_utc + grace_td
        assert due.slot.day == local.date()  # day-start 00:00
        fired.append(due.slot.key)
        sent |= set(due.keys)
    assert len(fired) == len(set(fired))
    assert fired == sorted(fired)


# --- retrying a failed reminder ------------------------------------------------------------


def _record(day: date, hhmm: str, status: str, claimed_at: datetime | str) -> dict[str, object]:
    stamp = claimed_at if isinstance(claimed_at, str) else claimed_at.isoformat()
    return {"date": day.isoformat(), "time": hhmm, "status": status, "claimed_at": stamp}


def test_retryable_only_failed_or_stale_claims_and_only_after_the_wait() -> None:
    """A claim that never got an outcome (its sender was killed before showing it) counts as
    failed once it is RETRY_AFTER old; one being sent right now does not."""
    failed_at = at(MONDAY, 18, 5)
    records = [
        _record(MONDAY, "18:00", "failed", failed_at),
        _record(MONDAY, "12:00", "delivered", at(MONDAY, 12)),
        _record(MONDAY, "07:00", "claimed", at(MONDAY, 7)),  # its sender died
        _record(MONDAY, "18:08", "claimed", at(MONDAY, 18, 8)),  # being sent
        _record(MONDAY, "06:00", "failed", "not a time"),
        _record(MONDAY, "05:00", "failed", "2026-06-15T05:00:00"),  # naive: never retried
    ]
    assert failed_attempts(records) == {(MONDAY, "18:00"): failed_at}
    stale = (MONDAY, "07:00")
    assert retryable(records, failed_at + RETRY_AFTER - timedelta(seconds=1)) == {stale}
    assert retryable(records, failed_at + RETRY_AFTER) == {(MONDAY, "18:00"), stale}
    assert (MONDAY, "18:08") not in retryable(records, at(MONDAY, 18, 12))
    assert (MONDAY, "18:08") in retryable(records, at(MONDAY, 18, 13))
    assert RETRY_AFTER == timedelta(minutes=5)


def test_a_failed_slot_is_due_again_only_when_retryable_and_within_grace() -> None:
    s = make(grace=60)
    sent = frozenset({(MONDAY, "18:00")})
    retry = frozenset({(MONDAY, "18:00")})
    assert due_reminder(s, at(MONDAY, 18, 10), False, sent) is None
    due = due_reminder(s, at(MONDAY, 18, 10), False, sent, retry=retry)
    assert due is not None and due.slot.key == (MONDAY, "18:00") and due.superseded == ()
    assert due_reminder(s, at(MONDAY, 19, 1), False, sent, retry=retry) is None  # grace over
    assert due_reminder(s, at(MONDAY, 18, 10), True, sent, retry=retry) is None  # done today


def test_a_retry_never_beats_a_later_slot() -> None:
    s = make(reminders="18:00,18:30", grace=120)
    retry = frozenset({(MONDAY, "18:00")})
    # 18:30 has passed: it is the one to send, the failed 18:00 is not sent again.
    assert due_key(s, at(MONDAY, 18, 40), frozenset({(MONDAY, "18:00")})) == (MONDAY, "18:30")
    both = frozenset({(MONDAY, "18:00"), (MONDAY, "18:30")})
    assert due_reminder(s, at(MONDAY, 18, 40), False, both, retry=retry) is None


class _Sender:
    def __init__(self) -> None:
        self.ok = False
        self.calls: list[str] = []

    def __call__(self, title: str, body: str) -> Delivery:
        self.calls.append(body)
        if self.ok:
            return Delivery(True, "notify-send")
        return Delivery(False, "notify-send", "no D-Bus session bus", "run in a session")


def _statuses(store: Store) -> dict[str, object]:
    return {f"{r['date']} {r['time']}": r["status"] for r in store.load().reminders_sent}


def test_check_and_notify_retries_a_failed_send_every_five_minutes_and_never_after_success(
    tmp_path: Path,
) -> None:
    clock = FakeClock(at(MONDAY, 18, 5, zone=timezone(timedelta(hours=2))))
    store = Store(tmp_path / "data", clock)
    store.set_setting("reminders", "18:00")
    send = _Sender()

    first = check_and_notify(store, clock, "once:1", send)
    assert first is not None and not first.delivery.ok
    assert _statuses(store) == {"2026-06-15 18:00": "failed"}

    send.ok = True  # the bus is back
    clock.advance(60)  # 18:06: too soon to try again
    assert check_and_notify(store, clock, "once:2", send) is None
    pending = next_retry(store.load(), clock)
    assert pending is not None and pending[0].time == "18:00"
    assert pending[1] == at(MONDAY, 18, 10, zone=timezone(timedelta(hours=2)))
    assert len(send.calls) == 1

    clock.advance(4 * 60)  # 18:10
    again = check_and_notify(store, clock, "once:3", send)
    assert again is not None and again.delivery.ok and again.slot.time == "18:00"
    (record,) = store.load().reminders_sent
    assert record["status"] == "delivered" and record["by"] == "once:3"
    assert record["attempts"] == 2 and record["error"] is None

    for _ in range(6):  # delivered: never again, however often it is asked
        clock.advance(5 * 60)
        assert check_and_notify(store, clock, "once:4", send) is None
    assert next_retry(store.load(), clock) is None
    assert len(send.calls) == 2


def test_a_failed_send_is_not_retried_after_grace(tmp_path: Path) -> None:
    clock = FakeClock(at(MONDAY, 18, 0, zone=timezone(timedelta(hours=2))))
    store = Store(tmp_path / "data", clock)
    store.set_setting("reminders", "18:00")
    store.set_setting("reminder-grace", 3)
    send = _Sender()
    assert check_and_notify(store, clock, "a", send) is not None
    assert next_retry(store.load(), clock) is None  # 18:05 is past 18:03
    send.ok = True
    clock.advance(6 * 60)
    assert check_and_notify(store, clock, "b", send) is None
    assert len(send.calls) == 1
    assert _statuses(store) == {"2026-06-15 18:00": "failed"}


def test_two_processes_retrying_at_once_notify_once(tmp_path: Path) -> None:
    clock = FakeClock(at(MONDAY, 18, 0, zone=timezone(timedelta(hours=2))))
    store = Store(tmp_path / "data", clock)
    store.set_setting("reminders", "18:00")
    send = _Sender()
    assert check_and_notify(store, clock, "daemon", send) is not None
    clock.advance(5 * 60)
    send.ok = True
    # The TUI's check runs in the middle of the daemon's: both saw the failed record as
    # retryable, but only the first re-takes the claim under the lock.
    tui_store = Store(tmp_path / "data", clock)
    inner: list[Outcome | None] = []

    def send_and_let_the_tui_check(title: str, body: str) -> Delivery:
        inner.append(check_and_notify(tui_store, clock, "tui", send))
        return send(title, body)

    outcome = check_and_notify(store, clock, "daemon", send_and_let_the_tui_check)
    assert outcome is not None and outcome.delivery.ok
    assert inner == [None]
    assert len(send.calls) == 2  # the failed first try and the one retry
    (record,) = store.load().reminders_sent
    assert record["status"] == "delivered" and record["by"] == "daemon"


def test_a_stale_snapshot_cannot_retake_a_claim(tmp_path: Path) -> None:
    """The lock re-checks the record: a process that read "failed" before another process
    re-took the claim gets nothing."""
    clock = FakeClock(at(MONDAY, 18, 0, zone=timezone(timedelta(hours=2))))
    store = Store(tmp_path / "data", clock)
    store.set_setting("reminders", "18:00")
    send = _Sender()
    check_and_notify(store, clock, "a", send)
    clock.advance(5 * 60)
    stale = store.load()
    assert retryable(stale.reminders_sent, clock.now()) == {(MONDAY, "18:00")}
    send.ok = True
    assert check_and_notify(store, clock, "b", send) is not None

    class StaleStore(Store):
        def load(self) -> Snapshot:
            return stale

    assert check_and_notify(StaleStore(tmp_path / "data", clock), clock, "c", send) is None
    assert len(send.calls) == 2


# --- edges the mutation run found untested -------------------------------------------------


def test_a_reminder_at_exactly_day_start_opens_the_day_on_its_own_date() -> None:
    s = make(reminders="01:00,22:00,04:00", day_start="04:00", grace=60)
    slots = slots_for_day(s, MONDAY, BERLIN)
    assert [x.time for x in slots] == ["04:00", "22:00", "01:00"]
    assert slots[0].due == at(MONDAY, 4, 0)  # Monday's date, not Tuesday's
    assert slots[2].due == at(MONDAY + timedelta(days=1), 1, 0)
    assert due_key(s, at(MONDAY, 4, 0)) == (MONDAY, "04:00")
    assert due_key(s, at(MONDAY, 3, 59, ss=59)) is None  # still Sunday, its slots long past
    assert next_reminder(s, at(MONDAY, 3, 0), False, set()) == at(MONDAY, 4, 0)


def test_a_claim_at_day_start_is_the_first_of_the_day_not_the_last() -> None:
    s = make(reminders="04:00,01:00", day_start="04:00", grace=60)
    tuesday = MONDAY + timedelta(days=1)
    # 04:00 claimed: Monday's 01:00 (on Tuesday's date) comes later that day and still fires.
    claimed_first = frozenset({(MONDAY, "04:00")})
    assert due_key(s, at(tuesday, 1, 0), claimed_first) == (MONDAY, "01:00")
    assert next_reminder(s, at(MONDAY, 12, 0), False, claimed_first) == at(tuesday, 1, 0)


def test_clock_set_back_follows_the_supple_day_when_day_start_is_not_midnight() -> None:
    s = make(reminders="23:00,02:00", day_start="04:00", grace=60)
    tuesday = MONDAY + timedelta(days=1)
    # Monday's 02:00 (Tuesday 02:00 on the clock) was claimed, then the clock went back to
    # Monday 23:10: 23:00 comes *before* 02:00 in Monday's supple day, so it must not fire,
    # though 23 > 2 on the clock face.
    late_claimed = frozenset({(MONDAY, "02:00")})
    assert due_key(s, at(MONDAY, 23, 10), late_claimed) is None
    assert next_reminder(s, at(MONDAY, 22, 0), False, late_claimed) == at(tuesday, 23, 0)
    # The other way round: 23:00 claimed, 02:00 is later in the same supple day and fires.
    early_claimed = frozenset({(MONDAY, "23:00")})
    assert due_key(s, at(tuesday, 2, 0), early_claimed) == (MONDAY, "02:00")
    # The same minutes with day-start at midnight are two different days: nothing blocks.
    midnight = make(reminders="23:00,02:00", grace=60)
    assert due_key(midnight, at(MONDAY, 23, 10), frozenset({(MONDAY, "02:00")})) == (
        MONDAY,
        "23:00",
    )


def test_a_later_claim_blocks_whatever_else_the_claims_hold_and_in_any_order() -> None:
    s = make(reminders="18:00,18:30", grace=60)
    sunday = MONDAY - timedelta(days=1)
    now = at(MONDAY, 18, 10)
    # Claims of other days, or unreadable times, come before the one that matters: a plain
    # list keeps that order (a set would not).
    for sent in (
        [(sunday, "18:30"), (MONDAY, "18:30")],
        [(MONDAY, "junk"), (MONDAY, "18:30")],
        [(MONDAY, "07:00"), (MONDAY, "18:30")],
    ):
        assert due_reminder(s, now, False, sent) is None, sent
        assert next_reminder(s, at(MONDAY, 9), False, sent) == at(MONDAY + timedelta(1), 18)
    # An unreadable claim alone blocks nothing and breaks nothing.
    assert due_key(s, now, frozenset({(MONDAY, "junk")})) == (MONDAY, "18:00")
    assert due_key(s, now, frozenset({(MONDAY, "18")})) == (MONDAY, "18:00")


def test_a_retry_is_due_again_even_with_an_earlier_claim_of_the_same_day() -> None:
    s = make(reminders="08:00,18:00", grace=60)
    sent = [(MONDAY, "08:00"), (MONDAY, "18:00")]
    retry = frozenset({(MONDAY, "18:00")})
    due = due_reminder(s, at(MONDAY, 18, 10), False, sent, retry=retry)
    assert due is not None and due.keys == ((MONDAY, "18:00"),)


def test_next_reminder_when_today_is_done_skips_a_reminder_due_right_now() -> None:
    s = make(reminders="18:00,21:00")
    tomorrow = at(MONDAY + timedelta(days=1), 18)
    # 18:05: 18:00 is within grace and unclaimed, 21:00 still ahead; done, neither counts.
    assert next_reminder(s, at(MONDAY, 18, 5), True, set()) == tomorrow
    assert next_reminder(s, at(MONDAY, 18, 5), False, set()) == at(MONDAY, 18)
    when_done = make(reminders="18:00,21:00", when_done=True)
    assert next_reminder(when_done, at(MONDAY, 18, 5), True, set()) == at(MONDAY, 18)
    sent = {(MONDAY, "18:00")}
    assert next_reminder(when_done, at(MONDAY, 18, 5), True, sent) == at(MONDAY, 21)


def test_next_reminder_when_today_is_done_follows_the_supple_day() -> None:
    s = make(reminders="01:00", day_start="04:00")
    tuesday = MONDAY + timedelta(days=1)
    # Tuesday 00:30 is still Monday: Monday is done, so its 01:00 (in half an hour) is skipped.
    assert next_reminder(s, at(tuesday, 0, 30), True, set()) == at(tuesday + timedelta(1), 1)
    assert next_reminder(s, at(tuesday, 0, 30), False, set()) == at(tuesday, 1)


def test_next_reminder_in_a_named_zone() -> None:
    s = make()
    morning = utc(2026, 6, 15, 9, 0)  # 11:00 in Berlin
    assert next_reminder(s, morning, False, set(), zone=BERLIN) == at(MONDAY, 18)
    assert next_reminder(s, morning, False, set()) == utc(2026, 6, 15, 18, 0)  # without it
    # Due right now in Berlin (18:05 CEST is 16:05 UTC), not yet in UTC.
    now = utc(2026, 6, 15, 16, 5)
    assert next_reminder(s, now, False, set(), zone=BERLIN) == at(MONDAY, 18)
    assert next_reminder(s, now, True, set(), zone=BERLIN) == at(MONDAY + timedelta(1), 18)
    assert seconds_until_next_check(s, now, False, set(), zone=BERLIN) == 0.0
    assert seconds_until_next_check(s, morning, False, set(), zone=BERLIN) == 7 * 3600.0
    # A week out, across no change of offset: the instant is Berlin's 18:00, not 18:00 UTC.
    weekly = make(days="tue")
    assert next_reminder(weekly, now, False, set(), zone=BERLIN) == at(
        MONDAY + timedelta(days=1), 18
    )


def test_next_reminder_in_a_named_zone_across_a_dst_change() -> None:
    s = make(reminders="09:00")
    # Saturday before the spring change, read with a fixed +01:00 offset as in production:
    # with the real zone, Sunday's 09:00 is 07:00 UTC (CEST), not 08:00.
    saturday = datetime(2026, 3, 28, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    assert next_reminder(s, saturday, True, set(), zone=BERLIN) == utc(2026, 3, 29, 7, 0)
    assert next_reminder(s, saturday, True, set()) == utc(2026, 3, 29, 8, 0)


def test_failed_attempts_reads_every_record_whatever_comes_before() -> None:
    records: list[dict[str, object]] = [
        _record(MONDAY, "07:00", "delivered", at(MONDAY, 7)),
        _record(MONDAY, "08:00", "failed", "not a time"),
        _record(MONDAY, "09:00", "failed", "2026-06-15T09:00:00"),  # naive
        {"date": "junk", "time": "10:00", "status": "failed", "claimed_at": "2026-06-15"},
        _record(MONDAY, "12:00", "failed", at(MONDAY, 12, 1)),
        _record(MONDAY, "13:00", "claimed", at(MONDAY, 13)),
        _record(MONDAY, "18:00", "failed", at(MONDAY, 18, 2)),
    ]
    assert failed_attempts(records) == {
        (MONDAY, "12:00"): at(MONDAY, 12, 1),
        (MONDAY, "18:00"): at(MONDAY, 18, 2),
    }
    # 13:00 was claimed hours ago and never shown (its sender died): a stale claim is retried
    # too (issue 26; whether it may still fire is the grace's business, not this set's).
    stale = (MONDAY, "13:00")
    assert retryable(records, at(MONDAY, 18, 6)) == {(MONDAY, "12:00"), stale}
    assert retryable(records, at(MONDAY, 18, 7)) == {(MONDAY, "12:00"), stale, (MONDAY, "18:00")}


def test_local_instant_ignores_the_tzinfo_and_fold_it_is_given() -> None:
    first = utc(2026, 10, 25, 0, 30)  # 02:30 CEST, the first of the two 02:30s
    # (compared in UTC: an ambiguous local time never equals another zone's, PEP 495)
    assert local_instant(datetime(2026, 10, 25, 2, 30, fold=1), BERLIN).astimezone(UTC) == first
    assert local_instant(datetime(2026, 10, 25, 2, 30, tzinfo=UTC), BERLIN).astimezone(UTC) == first
    assert local_instant(datetime(2026, 6, 15, 18, 0, tzinfo=UTC), BERLIN) == at(MONDAY, 18)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"])
def test_every_wall_time_in_a_gap_is_due_at_the_jump_to_the_second(zone: str) -> None:
    """Every minute of a spring-forward gap maps to the exact second of the jump (Lord Howe
    jumps by 30 minutes, the others by an hour)."""
    tz = ZoneInfo(zone)
    gaps = {
        "Europe/Berlin": (datetime(2026, 3, 29, 2, 0), 60, utc(2026, 3, 29, 1, 0)),
        "America/New_York": (datetime(2026, 3, 8, 2, 0), 60, utc(2026, 3, 8, 7, 0)),
        "Australia/Lord_Howe": (datetime(2026, 10, 4, 2, 0), 30, utc(2026, 10, 3, 15, 30)),
    }
    start, minutes, jump = gaps[zone]
    for minute in range(minutes):
        wall = start + timedelta(minutes=minute)
        due = local_instant(wall, tz)
        assert due == jump, (wall, due)
        assert due.microsecond == 0 and due.tzinfo is tz


def test_next_reminder_is_none_beyond_eight_days() -> None:
    s = make(days="wed")  # Monday: Wednesdays are 2 and 9 days ahead
    wednesday = MONDAY + timedelta(days=2)
    assert next_reminder(s, at(MONDAY, 9), False, set()) == at(wednesday, 18)
    # This Wednesday's is already claimed (the clock was set back): the next one is 9 days on.
    assert next_reminder(s, at(MONDAY, 9), False, {(wednesday, "18:00")}) is None


def test_the_days_today_and_done_refer_to_are_the_named_zone_s() -> None:
    s = make()
    # 23:30 UTC on Monday is 01:30 on Tuesday in Berlin: Tuesday is the day that is done.
    late = utc(2026, 6, 15, 23, 30)
    wednesday = MONDAY + timedelta(days=2)
    assert next_reminder(s, late, True, set(), zone=BERLIN) == at(wednesday, 18)
    assert next_reminder(s, late, False, set(), zone=BERLIN) == at(MONDAY + timedelta(1), 18)
    assert seconds_until_next_check(s, late, True, set(), zone=BERLIN) == (40 * 3600 + 1800.0)


def test_seconds_until_next_check_when_today_is_done() -> None:
    s = make()
    assert seconds_until_next_check(s, at(MONDAY, 17, 0), True, set()) == 25 * 3600.0
    assert seconds_until_next_check(s, at(MONDAY, 18, 30), True, set()) == 23.5 * 3600


def test_late_means_more_than_ten_minutes_after() -> None:
    slot = Slot(MONDAY, "07:30", at(MONDAY, 7, 30))
    assert not is_late(slot, at(MONDAY, 7, 40))
    assert is_late(slot, at(MONDAY, 7, 40, ss=1))


def test_the_reminder_text_in_full() -> None:
    slot = Slot(MONDAY, "18:00", at(MONDAY, 18))
    on_time = (
        "Your hamstring and lower-back routine is due at 18:00. "
        "Open supple and press s for a guided session, or d if you already did it."
    )
    assert reminder_text(slot) == ("supple: time for your routine", on_time)
    assert reminder_text(slot, late=True)[1] == on_time.replace("is due", "was due")


class _Floating(tzinfo):
    """A tzinfo that knows no offset: Python counts such a datetime as naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def test_a_now_without_an_offset_is_refused_with_a_clear_message() -> None:
    for now in (datetime(2026, 6, 15, 18, 0), datetime(2026, 6, 15, 18, 0, tzinfo=_Floating())):
        with pytest.raises(
            ValueError, match=r"^the reminder schedule needs a timezone-aware `now`$"
        ):
            due_reminder(make(), now, False, set())
        with pytest.raises(ValueError, match="timezone-aware"):
            next_reminder(make(), now, False, set())


def test_malformed_claimed_times_never_break_the_schedule() -> None:
    s = make(reminders="18:00,18:30", grace=60)
    for junk in ("18:xx", "xx:30", "18", ":", "18:30:00"):
        assert due_key(s, at(MONDAY, 18, 10), frozenset({(MONDAY, junk)})) == (MONDAY, "18:00")


def test_a_claim_late_in_the_evening_blocks_the_earlier_evening_slot() -> None:
    s = make(reminders="23:00,23:50", grace=60)
    assert due_key(s, at(MONDAY, 23, 10), frozenset({(MONDAY, "23:50")})) is None
    assert due_key(s, at(MONDAY, 23, 55), frozenset({(MONDAY, "23:00")})) == (MONDAY, "23:50")


def test_clock_set_back_with_a_day_start_that_is_not_on_the_hour() -> None:
    # Day-start 04:30: Monday's supple day runs to Tuesday 04:29, so its 04:00 comes last.
    s = make(reminders="04:00,23:00", day_start="04:30", grace=60)
    tuesday = MONDAY + timedelta(days=1)
    assert [x.time for x in slots_for_day(s, MONDAY, BERLIN)] == ["23:00", "04:00"]
    assert due_key(s, at(MONDAY, 23, 10), frozenset({(MONDAY, "04:00")})) is None
    assert due_key(s, at(tuesday, 4, 10), frozenset({(MONDAY, "23:00")})) == (MONDAY, "04:00")
    # 04:40 is after day-start: it opens Monday, before 23:00; a claim of it blocks nothing.
    s2 = make(reminders="04:40,23:00", day_start="04:30", grace=60)
    assert due_key(s2, at(MONDAY, 23, 10), frozenset({(MONDAY, "04:40")})) == (MONDAY, "23:00")


def test_next_reminder_passes_over_skip_days_ahead_not_behind() -> None:
    """A skip day tomorrow (travel, a pain rest) moves the next reminder to the day after; a
    skip day yesterday changes nothing (mutmut found the direction untested)."""
    tuesday, wednesday = MONDAY + timedelta(1), MONDAY + timedelta(2)
    after_today, sent = at(MONDAY, 19), {(MONDAY, "18:00")}  # today's has gone out
    assert next_reminder(make(), after_today, False, sent, skips={tuesday}) == at(wednesday, 18)
    yesterday = MONDAY - timedelta(1)
    assert next_reminder(make(), after_today, False, sent, skips={yesterday}) == at(tuesday, 18)
