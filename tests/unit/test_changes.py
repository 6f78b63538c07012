"""The changes module against a real store in tmp_path: each change, its rules, and its undo.

Undo is checked the strictest way: after a change and its undo the store holds the same
sessions, skip days and settings as before (and for deletes, the same bytes).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tracker.core.clock import FakeClock
from tracker.store.changes import (
    ClearSkip,
    DeleteSession,
    ImportRecords,
    LogDone,
    MarkSkip,
    MarkTutorialSeen,
    Refused,
    ResetSetting,
    SaveSession,
    SetSetting,
)
from tracker.store.database import Store
from tracker.store.records import check_session

TODAY = date(2026, 11, 25)  # conftest's NOW


def contents(store: Store) -> tuple[Any, ...]:
    snap = store.load()
    return (
        sorted((s["id"], tuple(sorted(s.items(), key=str))) for s in snap.sessions),
        sorted((m["date"], m.get("reason")) for m in snap.marks),
        sorted(snap.stored_settings.items()),
    )


def guided(sid: str, day: date = TODAY, status: str = "complete") -> dict[str, Any]:
    """A checked record, as `transfer.read_import` and the session screen give them."""
    return check_session({"id": sid, "date": day.isoformat(), "kind": "guided", "status": status})


def test_log_done_saves_a_logged_session_today_and_undo_removes_it(store: Store) -> None:
    store.mark_tutorial_seen()  # the store exists
    before = store.path.read_bytes()
    applied = LogDone().apply(store)
    assert applied.message == "Logged today (2026-11-25) as done."
    (saved,) = store.load().sessions
    assert (saved["date"], saved["kind"], saved["status"]) == ("2026-11-25", "logged", "complete")
    assert saved["started_at"] == "2026-11-25T09:30:00+01:00"
    assert applied.undo is not None
    applied.undo.apply(store)
    assert store.load().sessions == ()
    assert store.path.read_bytes() == before


def test_a_second_session_on_a_done_day_is_saved_and_said_so(store: Store) -> None:
    LogDone().apply(store)
    second = LogDone(pain_before=3, note="again").apply(store)
    assert second.message == (
        "Logged today (2026-11-25) as done (another session on a day already done)."
    )
    assert len(store.load().sessions) == 2
    assert "another session" in SaveSession(guided("g")).apply(store).message


def test_log_done_refuses_the_future_and_before_2000(store: Store) -> None:
    with pytest.raises(Refused, match="2026-11-26 is in the future"):
        LogDone(day=TODAY + timedelta(days=1)).apply(store)
    with pytest.raises(Refused, match="before 2000-01-01"):
        LogDone(day=date(1999, 12, 31)).apply(store)
    assert not store.path.exists()


def test_log_done_on_yesterday_is_untimed(store: Store) -> None:
    applied = LogDone(day=TODAY - timedelta(days=1)).apply(store)
    assert applied.message == "Logged yesterday (2026-11-24) as done."
    assert store.load().sessions[0]["started_at"] is None


def test_the_day_follows_day_start(store: Store, clock: FakeClock) -> None:
    store.set_setting("day-start", "10:00")  # at 09:30 it is still yesterday
    assert "yesterday" not in LogDone().apply(store).message
    assert store.load().sessions[0]["date"] == "2026-11-24"


def test_save_session_keeps_the_record_and_undo_deletes_it(store: Store) -> None:
    applied = SaveSession(guided("g1", status="partial")).apply(store)
    assert applied.message == "Session saved (partial)."
    assert [s["id"] for s in store.load().sessions] == ["g1"]
    assert applied.undo == DeleteSession("g1")
    applied.undo.apply(store)
    assert store.load().sessions == ()


def test_delete_and_its_undo_give_back_the_same_bytes(store: Store) -> None:
    for sid in "abc":
        SaveSession(guided(sid)).apply(store)
    before = store.path.read_bytes()
    applied = DeleteSession("b").apply(store)
    assert [s["id"] for s in store.load().sessions] == ["a", "c"]
    assert applied.undo is not None
    redo = applied.undo.apply(store)
    assert store.path.read_bytes() == before
    assert redo.undo == DeleteSession("b")
    with pytest.raises(Refused, match="no longer there"):
        DeleteSession("nope").apply(store)


def test_skip_marks_today_and_undo_clears_it(store: Store) -> None:
    store.mark_tutorial_seen()
    before = contents(store)
    applied = MarkSkip((TODAY,), "travel").apply(store)
    assert applied.message == "Marked today (2026-11-25) as a skip day."
    assert [(m["date"], m["reason"]) for m in store.load().marks] == [("2026-11-25", "travel")]
    assert applied.undo == ClearSkip((TODAY,))
    applied.undo.apply(store)
    assert contents(store) == before


def test_skip_again_changes_nothing_and_has_no_undo(store: Store) -> None:
    MarkSkip((TODAY,)).apply(store)
    again = MarkSkip((TODAY,)).apply(store)
    assert again.message == "Marked today (2026-11-25) as a skip day (it already was)."
    assert again.undo is None


def test_a_done_day_is_not_marked_as_a_skip_day(store: Store) -> None:
    LogDone().apply(store)
    with pytest.raises(Refused, match=r"today \(2026-11-25\) is already done, so it needs no skip"):
        MarkSkip((TODAY,)).apply(store)
    assert store.load().marks == ()


def test_a_range_of_skips_leaves_done_days_alone(store: Store) -> None:
    LogDone(day=TODAY - timedelta(days=1)).apply(store)
    days = tuple(TODAY - timedelta(days=n) for n in range(3))
    applied = MarkSkip(days).apply(store)
    assert applied.message == (
        "Marked 2 of 3 days (2026-11-23 to 2026-11-25) as skip days; 1 already done, left as "
        "they are."
    )
    assert sorted(m["date"] for m in store.load().marks) == ["2026-11-23", "2026-11-25"]
    assert applied.undo is not None
    applied.undo.apply(store)
    assert store.load().marks == ()


def test_skips_may_be_planned_up_to_366_days_ahead_and_no_further(store: Store) -> None:
    MarkSkip((TODAY + timedelta(days=366),)).apply(store)
    with pytest.raises(Refused, match="is more than 366 days ahead; give a date up to 2027-11-26"):
        MarkSkip((TODAY + timedelta(days=367),)).apply(store)
    assert len(store.load().marks) == 1


def test_clear_skip_and_its_undo_restore_the_reason(store: Store) -> None:
    MarkSkip((TODAY,), "ill").apply(store)
    before = store.path.read_bytes()
    applied = ClearSkip((TODAY,)).apply(store)
    assert applied.message == "Today (2026-11-25) is no longer a skip day."
    assert store.load().marks == ()
    assert applied.undo is not None
    applied.undo.apply(store)
    assert store.path.read_bytes() == before
    with pytest.raises(Refused, match="is not a skip day"):
        ClearSkip((TODAY - timedelta(days=5),)).apply(store)


def test_set_setting_and_undo_back_to_unset_and_back_to_the_old_value(store: Store) -> None:
    store.mark_tutorial_seen()
    empty = contents(store)
    first = SetSetting("rest", 45).apply(store)
    assert first.message == "rest = 45"
    assert store.load().stored_settings["rest"] == 45
    second = SetSetting("rest", 60).apply(store)
    assert second.undo == SetSetting("rest", 45)
    second.undo.apply(store)
    assert store.load().stored_settings["rest"] == 45
    assert first.undo == ResetSetting("rest")
    first.undo.apply(store)
    assert contents(store) == empty


def test_setting_the_same_value_writes_nothing(store: Store) -> None:
    SetSetting("rest", 45).apply(store)
    before = store.path.read_bytes()
    same = SetSetting("rest", 45).apply(store)
    assert same.undo is None
    assert store.path.read_bytes() == before


def test_reset_setting_and_its_undo(store: Store) -> None:
    SetSetting("reminders", "07:30,19:00").apply(store)
    applied = ResetSetting("reminders").apply(store)
    assert applied.message == "reminders reset to the default (18:00)."
    assert "reminders" not in store.load().stored_settings
    assert applied.undo == SetSetting("reminders", "07:30,19:00")
    applied.undo.apply(store)
    assert store.load().stored_settings["reminders"] == "07:30,19:00"
    assert ResetSetting("rest").apply(store).undo is None  # nothing stored, nothing to undo


def test_import_and_its_undo_put_everything_back(store: Store) -> None:
    SaveSession(guided("kept")).apply(store)
    SaveSession(guided("changed", status="partial")).apply(store)
    SetSetting("rest", 45).apply(store)
    before = contents(store)
    applied = ImportRecords(
        sessions=(
            guided("kept"),
            guided("changed", status="complete"),
            guided("new", day=TODAY - timedelta(days=3)),
        ),
        marks=({"date": "2026-11-20", "reason": None},),
        settings={"rest": 60, "tempo": 3},
        source="backup.json",
    ).apply(store)
    assert applied.message == (
        "Imported from backup.json: 1 new sessions, 1 updated, 1 already there; 1 skip days; "
        "2 settings changed."
    )
    assert contents(store) != before
    assert applied.undo is not None
    applied.undo.apply(store)
    assert contents(store) == before


def test_an_import_that_changes_nothing_has_no_undo(store: Store) -> None:
    SaveSession(guided("a")).apply(store)
    applied = ImportRecords((guided("a"),), (), {}).apply(store)
    assert applied.undo is None


def test_mark_tutorial_seen(store: Store) -> None:
    assert not store.load().tutorial_seen
    assert MarkTutorialSeen().apply(store).undo is None
    assert store.load().tutorial_seen
