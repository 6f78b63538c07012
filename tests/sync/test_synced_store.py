"""Real stores syncing through copies of a folder: every local change reaches the others, in
any order, twice, late or torn, with clocks hours apart; nothing is lost when the folder is
away or a write fails."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sync.conftest import Device, MakeDevice, deliver
from tracker.core.clock import FakeClock
from tracker.core.hinge import ANSWERS
from tracker.notify.check import check_and_notify
from tracker.notify.delivery import Delivery
from tracker.store.changes import (
    ClearSkip,
    DeleteSession,
    DropActivity,
    LogDone,
    LogHinge,
    MarkSkip,
    RecordAutomaticity,
    RecordMeasures,
    RenameActivity,
    ResetHingeNudges,
    ResetSetting,
    RestForPain,
    SetSetting,
    logged_session,
)
from tracker.sync import mark
from tracker.sync.entries import parse_log

TODAY = date(2026, 11, 25)
DAYS = [TODAY - timedelta(days=n) for n in range(5)]
ACTIVITIES = ["gardening", "tying shoes", "sitting at work", "lifting a child"]


def log_lines(device: Device) -> list[dict[str, object]]:
    return [
        json.loads(line)
        for file in sorted((device.data / "sync" / "log").glob("*.jsonl"))
        for line in file.read_bytes().splitlines()
    ]


# ---- any interleaving, on real stores ------------------------------------------------------


@st.composite
def steps(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]], list[tuple[str, ...]]]:
    count = draw(st.integers(2, 4))
    skews = [draw(st.integers(-8, 8)) for _ in range(count)]  # hours
    moves: list[tuple[str, ...]] = []
    for _ in range(draw(st.integers(1, 14))):
        device = str(draw(st.integers(0, count - 1)))
        what = draw(
            st.sampled_from(
                ["done", "delete", "undo", "skip", "clear", "set", "reset", "deliver"]
                + ["measure", "score", "rename", "drop", "rest", "hinge", "weekly", "nudges"]
            )
        )
        day = str(draw(st.integers(0, len(DAYS) - 1)))
        other = str(draw(st.integers(0, count - 1)))
        how = draw(st.sampled_from(["whole", "torn", "conflict"]))
        value = str(draw(st.integers(0, 600)))
        minutes = str(draw(st.integers(0, 90)))
        moves.append((device, what, day, other, how, value, minutes))
    return count, [(n, s) for n, s in enumerate(skews)], moves


def run_moves(
    root: Path, skews: list[tuple[int, int]], moves: list[tuple[str, ...]]
) -> list[Device]:
    devices = [Device(root, f"d{n}", timedelta(hours=skew)) for n, skew in skews]
    for device in devices:
        device.turn_on()
    for device_no, what, day_no, other_no, how, value, minutes in moves:
        device = devices[int(device_no)]
        day = DAYS[int(day_no)]
        for each in devices:  # time passes on every device alike; their clocks stay apart
            each.clock.advance(int(minutes) * 60)
        if what == "done":
            device.do(LogDone(day, note=device.name))
        elif what == "delete":
            sessions = device.store.load().sessions
            if sessions:
                device.do(DeleteSession(sorted(s["id"] for s in sessions)[0]))
        elif what == "undo":
            device.undo_last()
        elif what == "skip":
            device.do(MarkSkip((day,), device.name))
        elif what == "clear":
            device.do(ClearSkip((day,)))
        elif what == "set":
            device.do(SetSetting("rest", int(value)))
        elif what == "reset":
            device.do(ResetSetting("rest"))
        elif what == "measure":  # the self-test: one reading a day, a new one replaces it
            device.do(RecordMeasures(day, fingertip=int(value) % 90 - 30.0))
        elif what == "score":  # an activity's score; a new name adds the activity
            device.do(RecordMeasures(day, scores=((ACTIVITIES[int(value) % 4], int(value) % 11),)))
        elif what == "rest":  # a stop for pain: the stopped session (or none), a rest day
            record = None
            if int(value) % 2:
                now = device.clock.now()
                record = {**logged_session(day, now, now.date()), "status": "stopped"}
            device.do(RestForPain(record))
        elif what == "hinge":  # the evening check: a new answer replaces the day's
            device.do(LogHinge(ANSWERS[int(value) % 3], day))
        elif what == "weekly":
            device.do(RecordAutomaticity(tuple(1 + (int(value) + n) % 7 for n in range(4)), day))
        elif what == "nudges":
            device.do(ResetHingeNudges(day))
        elif what in ("rename", "drop"):
            current = [a for a in device.store.load().activities if not a.get("dropped")]
            if current:
                chosen = sorted(current, key=lambda a: a["id"])[int(value) % len(current)]
                if what == "rename":
                    device.do(RenameActivity(chosen["id"], f"{chosen['name']} {device.name}"))
                else:
                    device.do(DropActivity(chosen["id"]))
        else:
            other = devices[int(other_no)]
            if other is not device:
                deliver(device, other, how)
                other.store.load()  # any read merges what has arrived
    return devices


@settings(
    max_examples=int(os.environ.get("SUPPLE_SYNC_EXAMPLES", "25")),  # more: a longer search
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps())
def test_any_interleaving_ends_with_the_same_records_everywhere(
    plan: tuple[int, list[tuple[int, int]], list[tuple[str, ...]]],
) -> None:
    _, skews, moves = plan
    with tempfile.TemporaryDirectory() as root:
        devices = run_moves(Path(root), skews, moves)
        for source in devices:  # in the end every file reaches every device
            for target in devices:
                if source is not target:
                    deliver(source, target)
        for device in devices:
            device.store.merge()
        first = devices[0].records()
        for device in devices[1:]:
            assert device.records() == first


# ---- what the folder holds -----------------------------------------------------------------


def test_the_first_time_the_whole_history_goes_into_the_folder_once(
    make_device: MakeDevice,
) -> None:
    a = make_device("a", on=False)
    a.do(LogDone(DAYS[1]))
    a.do(MarkSkip((DAYS[2],), "travel"))
    a.do(SetSetting("rest", 45))
    a.do(SetSetting("theme", "nord"))  # this device's own: never in the folder
    a.turn_on()
    kinds = sorted(str(line["kind"]) for line in log_lines(a))
    assert kinds == ["session", "setting", "skip"]
    a.store.journal.folder()
    from tracker.sync.setup import turn_off

    turn_off(a.store)
    a.turn_on()  # again: nothing is written twice
    assert len(log_lines(a)) == 3
    copied = b"".join(file.read_bytes() for file in a.own_files() if file.suffix == ".jsonl")
    assert len(parse_log(copied).entries) == 3


def test_changes_on_two_devices_give_both_the_union(make_device: MakeDevice) -> None:
    a, b = make_device("a"), make_device("b", timedelta(hours=-3))
    a.do(LogDone(DAYS[0], note="a"))
    b.do(LogDone(DAYS[1], note="b"))
    b.do(MarkSkip((DAYS[3],), "ill"))
    deliver(a, b)
    deliver(b, a)
    assert a.records() == b.records()
    assert sorted(s["note"] for s in a.records()["sessions"]) == ["a", "b"]


def test_records_merged_from_another_device_are_not_logged_again_as_its_own(
    make_device: MakeDevice,
) -> None:
    a, b = make_device("a"), make_device("b", timedelta(hours=2))  # b's clock is ahead
    a.do(LogDone(DAYS[0]))
    logged = len(log_lines(b))
    deliver(a, b)
    assert len(b.records()["sessions"]) == 1
    assert len(log_lines(b)) == logged  # merged, not logged: b wrote nothing of its own
    session_id = a.records()["sessions"][0]["id"]
    a.clock.advance(60)
    a.do(DeleteSession(session_id))  # a deletion made after b's (later) clock saw it...
    deliver(a, b)
    deliver(b, a)
    assert a.records()["sessions"] == [] == b.records()["sessions"]  # ...is not undone by b


def test_a_merge_that_changes_one_record_and_adds_another_keeps_both(
    make_device: MakeDevice,
) -> None:
    a, b = make_device("a"), make_device("b")
    b.do(MarkSkip((DAYS[0],), "b"))
    a.clock.advance(60)  # a's skip of the same day is the later one...
    a.do(MarkSkip((DAYS[1],), "a"))
    a.do(MarkSkip((DAYS[0],), "a"))
    deliver(a, b)  # ...so b's record changes in place, and a new one joins it
    assert b.records()["marks"] == [(DAYS[1].isoformat(), "a"), (DAYS[0].isoformat(), "a")]


def test_a_torn_last_line_is_left_for_later_and_never_an_error(make_device: MakeDevice) -> None:
    a, b = make_device("a"), make_device("b")
    a.do(LogDone(DAYS[0]))
    a.do(LogDone(DAYS[1]))
    deliver(a, b, "torn")
    assert len(b.records()["sessions"]) == 1  # the whole line only
    assert b.store.last_merge is not None and b.store.last_merge.problems == ()
    deliver(a, b)  # the rest of the file arrives
    assert len(b.records()["sessions"]) == 2


def test_a_conflict_copy_is_merged_too(make_device: MakeDevice) -> None:
    a, b = make_device("a"), make_device("b")
    a.do(LogDone(DAYS[0]))
    deliver(a, b, "conflict")
    assert len(b.records()["sessions"]) == 1
    deliver(a, b)  # and the same entries again under the usual name: still one
    assert len(b.records()["sessions"]) == 1


def test_a_log_from_a_newer_supple_is_refused_naming_the_device(make_device: MakeDevice) -> None:
    a, b = make_device("a"), make_device("b")
    a.do(LogDone(DAYS[0]))
    deliver(a, b)
    newer = b.folder / mark.DEVICES / a.id / "2026-11.jsonl"
    line = {"v": 2, "id": "x", "device": a.id, "hlc": [1, 0], "kind": "session", "key": "k"}
    with open(newer, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")
    report = b.store.merge()
    assert len(report.problems) == 1
    assert a.id in report.problems[0] and "newer supple" in report.problems[0]
    assert len(b.records()["sessions"]) == 1  # its older entries are still merged


def test_a_deletion_and_its_undo_reach_the_other_device(make_device: MakeDevice) -> None:
    a, b = make_device("a"), make_device("b")
    a.do(LogDone(DAYS[0], note="to delete"))
    deliver(a, b)
    session_id = b.records()["sessions"][0]["id"]
    a.clock.advance(60)
    a.do(DeleteSession(session_id))
    deliver(a, b)
    assert b.records()["sessions"] == []
    a.clock.advance(60)
    assert a.undo_last()  # the undo is a new entry: the session is back everywhere
    deliver(a, b)
    assert [s["id"] for s in b.records()["sessions"]] == [session_id]


def test_a_later_edit_wins_over_an_earlier_deletion_elsewhere(make_device: MakeDevice) -> None:
    a, b = make_device("a"), make_device("b")
    a.do(SetSetting("rest", 40))
    deliver(a, b)
    b.records()
    a.do(ResetSetting("rest"))  # a resets...
    b.clock.advance(60)
    b.do(SetSetting("rest", 50))  # ...b sets it a minute later (by the clocks)
    deliver(a, b)
    deliver(b, a)
    assert a.records()["settings"] == {"rest": 50} == b.records()["settings"]


# ---- the folder away, a failed write -------------------------------------------------------


def test_a_folder_that_is_away_pauses_sync_and_the_changes_wait(make_device: MakeDevice) -> None:
    a, b = make_device("a"), make_device("b")
    away = a.folder.with_name("unmounted")
    a.folder.rename(away)
    assert a.store.pause_line() is not None and "not there" in str(a.store.pause_line())
    a.do(LogDone(DAYS[0]))  # saved here all the same
    assert len(a.records()["sessions"]) == 1
    assert a.store.journal.waiting() == 1
    away.rename(a.folder)
    a.store.load()  # the next read sees the folder back: the change goes out
    assert a.store.pause_line() is None and a.store.journal.waiting() == 0
    deliver(a, b)
    assert len(b.records()["sessions"]) == 1


def test_a_day_done_on_another_device_silences_its_reminder(make_device: MakeDevice) -> None:
    a, b = make_device("a"), make_device("b")
    a.do(LogDone(TODAY))
    deliver(a, b)
    sent: list[str] = []

    def send(title: str, body: str) -> Delivery:
        sent.append(title)
        return Delivery(True, "test")

    evening = FakeClock(b.clock.now().replace(hour=18, minute=5))
    b.store.clock = evening
    assert check_and_notify(b.store, evening, "test", send) is None
    assert sent == []


def test_a_folder_set_another_way_that_is_the_data_folder_never_starts_sync(
    make_device: MakeDevice,
) -> None:
    """The Settings screen stores the folder as typed (`sync --folder` checks it first): the
    store then refuses to sync into its own data folder, or a folder around it."""
    a = make_device("a", on=False)
    a.do(LogDone(DAYS[0]))
    for wrong in (a.data, a.data.parent):
        a.do(SetSetting("sync-folder", str(wrong)))
        assert a.store.setup_problem is not None and "data folder" in a.store.setup_problem
        assert a.store.journal.folder() is None
        assert not (a.data / "devices").exists() and not (a.data.parent / "devices").exists()
