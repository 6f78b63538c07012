"""Pain that stays high or jumps (issue 20 item 4): each rule fires on a store made for it and
not on its near miss. Real stores in tmp_path; the picture is the one `supple status` and the
main screen build."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import RunCli
from tracker.core.clock import FakeClock
from tracker.core.today import build_status, pain_notes
from tracker.store.changes import LogDone, MarkSkip
from tracker.store.database import Store

Pain = tuple[int | None, int | None]


def day(d: int) -> date:
    return date(2026, 11, d)  # conftest's NOW is 2026-11-25 09:30


def concerns(store: Store, clock: FakeClock) -> tuple[str, ...]:
    fresh = build_status(store.summary(), clock.now()).concerns
    cached = build_status(Store(store.data_dir, clock).quick_summary(), clock.now()).concerns
    assert fresh == cached  # the status cache keeps what the rules need
    return fresh


def log(store: Store, sessions: dict[int, Pain]) -> None:
    for d, (before, after) in sessions.items():
        LogDone(day(d), before, after).apply(store)


@pytest.mark.parametrize(
    ("sessions", "fires"),
    [
        ({22: (None, 8), 23: (None, 3), 24: (None, 7)}, True),  # 2 of the last 3 are 7+
        ({22: (None, 8), 23: (None, 3), 24: (None, 6)}, False),  # near miss: 6
        ({20: (None, 8), 21: (None, 8), 23: (None, 3), 24: (None, 3)}, False),  # older
        ({1: (None, 9), 2: (None, 9), 24: (None, 2)}, False),  # a spell over 14 days ago
    ],
)
def test_high_pain_after_in_two_of_the_last_three_rated_sessions(
    store: Store, clock: FakeClock, sessions: dict[int, Pain], fires: bool
) -> None:
    log(store, sessions)
    found = concerns(store, clock)
    assert any("7 or more in 2 of your last 3" in reason for reason in found) is fires
    assert len(found) == int(fires)


@pytest.mark.parametrize(
    ("sessions", "fires"),
    [
        ({24: (3, 6)}, True),  # a rise of 3
        ({19: (2, 9), 20: (4, 4)}, True),  # 6 days ago is in the window
        ({24: (3, 5)}, False),  # near miss: a rise of 2
        ({18: (2, 6)}, False),  # near miss: 7 days ago, out of the window
        ({24: (6, 3)}, False),  # a fall is no concern
    ],
)
def test_a_rise_of_three_points_in_one_session(
    store: Store, clock: FakeClock, sessions: dict[int, Pain], fires: bool
) -> None:
    log(store, sessions)
    found = concerns(store, clock)
    assert any("pain rose by" in reason for reason in found) is fires


@pytest.mark.parametrize(
    ("days", "reason", "fires"),
    [
        ((20, 24), "pain", True),
        ((19, 25), "pain", True),
        ((18, 24), "pain", False),  # near miss: 18 is 7 days before today
        ((24,), "pain", False),  # one stop
        ((20, 24), "travel", False),  # skip days for another reason
    ],
)
def test_two_stops_for_pain_within_seven_days(
    store: Store, clock: FakeClock, days: tuple[int, ...], reason: str, fires: bool
) -> None:
    for d in days:
        MarkSkip((day(d),), reason).apply(store)
    found = concerns(store, clock)
    assert any("stopped for pain on 2 days" in r for r in found) is fires


def test_the_note_is_supples_gentle_and_names_who_to_ask(store: Store, clock: FakeClock) -> None:
    log(store, {24: (2, 8), 23: (None, 7)})
    (note,) = pain_notes(build_status(store.summary(), clock.now()))
    assert note.startswith("supple's tip: ")
    assert "pausing the routine" in note and "doctor or physiotherapist" in note
    assert "7 or more" in note and "rose by 6" in note


def test_status_prints_the_note(run_cli: RunCli) -> None:
    for d, after in (("22", "8"), ("24", "9")):
        assert run_cli("done", "--date", f"2026-11-{d}", "--pain-after", after).code == 0
    for _ in range(2):  # the second read comes from the status cache
        out = run_cli("status").out
        assert out.splitlines()[-1].startswith("supple's tip: pain after was 7 or more")
