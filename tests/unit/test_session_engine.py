"""The guided-session engine: the plan, the clock-driven walk, and the stored record."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest

from tests.conftest import TINY, TINY_TOTAL
from tracker.core.clock import FakeClock
from tracker.core.settings import Settings
from tracker.routine import exercises
from tracker.routine.engine import SessionEngine
from tracker.routine.plan import Phase, PhaseKind, build_plan, total_seconds

GOOD_MORNING = exercises.GOOD_MORNING.id
ROTATION = exercises.ROTATION.id

START = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
DAY = date(2026, 11, 25)

# tiny total: 1 + 2*2*3 + 1 + 2*(1 + 1*1*2) = 20

K = PhaseKind


def clock() -> FakeClock:
    return FakeClock(START)


def tiny() -> Settings:
    return Settings.from_stored(TINY)


def started(settings: Settings, ask_pain: bool = False) -> tuple[SessionEngine, FakeClock]:
    fake = clock()
    engine = SessionEngine(settings, fake, ask_pain=ask_pain)
    engine.start()
    return engine, fake


def kinds(phases: list[Phase]) -> list[PhaseKind]:
    return [p.kind for p in phases]


def expected_total(s: Settings) -> int:
    """Built independently of the engine, from the routine's description."""
    n = s.number
    gm_rep = s.tempo + n("good-morning.hold") + s.tempo
    rot_rep = s.tempo + s.tempo
    gm = s.get_ready + n("good-morning.sets") * n("good-morning.reps") * gm_rep
    gm += (n("good-morning.sets") - 1) * s.rest
    rot_side = s.position_time + n("rotation.sets") * n("rotation.reps") * rot_rep
    rot_side += (n("rotation.sets") - 1) * s.rest
    return gm + 2 * rot_side


# -- the plan ---------------------------------------------------------------------------------


def test_default_total_is_exact() -> None:
    settings = Settings.defaults()
    # 5 s to get ready standing, 15 s to get down on the floor and 15 s to turn over
    total = 5 + 3 * 10 * 7 + 2 * 30 + 2 * (15 + 2 * 10 * 4 + 1 * 30)
    assert total == 525
    assert expected_total(settings) == total
    assert total_seconds(build_plan(settings)) == total
    assert total_seconds(build_plan(settings, ask_pain=False)) == total


def test_default_plan_order_and_counts() -> None:
    plan = build_plan(Settings.defaults())
    assert plan[0].kind is K.PAIN_BEFORE and plan[0].duration == 0
    assert plan[-1].kind is K.DONE and plan[-1].duration == 0
    counts = Counter((p.exercise, p.side, p.kind) for p in plan)
    assert counts[(GOOD_MORNING, None, K.GET_READY)] == 1
    assert counts[(GOOD_MORNING, None, K.LOWER)] == 30
    assert counts[(GOOD_MORNING, None, K.HOLD)] == 30
    assert counts[(GOOD_MORNING, None, K.RETURN)] == 30
    assert counts[(GOOD_MORNING, None, K.REST)] == 2
    for side in ("left", "right"):
        assert counts[(ROTATION, side, K.GET_READY)] == 1
        assert counts[(ROTATION, side, K.LIFT)] == 20
        assert counts[(ROTATION, side, K.LOWER)] == 20
        assert counts[(ROTATION, side, K.REST)] == 1
        assert counts[(ROTATION, side, K.HOLD)] == 0
    # blocks come in order: good morning, rotation left, rotation right
    blocks = [(p.exercise, p.side) for p in plan if p.kind is K.GET_READY]
    assert blocks == [(GOOD_MORNING, None), (ROTATION, "left"), (ROTATION, "right")]
    # a good morning rep is lower, hold, return; durations 2, 3, 2
    first = plan[2:5]
    assert kinds(first) == [K.LOWER, K.HOLD, K.RETURN]
    assert [p.duration for p in first] == [2, 3, 2]
    assert [p.ends_rep for p in first] == [False, False, True]
    assert all((p.set_number, p.rep_number, p.rep_total) == (1, 1, 10) for p in first)
    # a rotation rep is lift then lower, no hold
    rot = [p for p in plan if p.exercise == ROTATION and p.rep_number is not None][:2]
    assert kinds(rot) == [K.LIFT, K.LOWER]
    assert [p.duration for p in rot] == [2, 2]
    assert [p.ends_rep for p in rot] == [False, True]


def test_tiny_plan_exact_sequence() -> None:
    plan = build_plan(tiny(), ask_pain=False)
    gm = [K.LOWER, K.HOLD, K.RETURN]
    assert kinds(plan) == [
        K.GET_READY,
        *gm,
        *gm,
        K.REST,
        *gm,
        *gm,
        K.GET_READY,
        K.LIFT,
        K.LOWER,
        K.GET_READY,
        K.LIFT,
        K.LOWER,
        K.DONE,
    ]
    assert total_seconds(plan) == TINY_TOTAL == expected_total(tiny())
    rest = next(p for p in plan if p.kind is K.REST)
    assert (rest.set_number, rest.set_total, rest.rep_number, rest.rep_total) == (1, 2, None, None)
    ready = plan[0]
    assert (ready.exercise, ready.side, ready.rep_number, ready.duration) == (
        GOOD_MORNING,
        None,
        None,
        1,
    )
    assert [p.side for p in plan if p.kind is K.LIFT] == ["left", "right"]


def test_zero_get_ready_and_rest_are_left_out() -> None:
    settings = Settings.from_stored({**TINY, "get-ready": 0, "position-time": 0, "rest": 0})
    plan = build_plan(settings)
    assert K.GET_READY not in kinds(plan)
    assert K.REST not in kinds(plan)
    assert total_seconds(plan) == expected_total(settings) == 16


def test_no_rest_after_last_set() -> None:
    settings = Settings.from_stored({**TINY, "rotation.sets": 3})
    plan = build_plan(settings, ask_pain=False)
    for side in ("left", "right"):
        rests = [p.set_number for p in plan if p.side == side and p.kind is K.REST]
        assert rests == [1, 2]
    assert total_seconds(plan) == expected_total(settings)


def test_every_phase_has_a_cue_and_titles() -> None:
    for phase in build_plan(Settings.defaults()):
        assert phase.cue and "\n" not in phase.cue
        assert phase.label
        if phase.exercise is not None:
            assert phase.title and phase.where.startswith(phase.title)


# -- running ----------------------------------------------------------------------------------


def test_session_remaining_exact_for_defaults() -> None:
    engine, fake = started(Settings.defaults())
    assert engine.session_remaining() == 525.0
    assert engine.current.kind is K.GET_READY
    assert engine.remaining() == 5.0
    fake.advance(1.5)
    assert engine.session_remaining() == 523.5
    assert engine.remaining() == 3.5
    fake.advance(3.5)  # into the first LOWER
    lower = engine.current
    assert engine.tick() == [lower]
    assert lower.kind is K.LOWER
    assert engine.session_remaining() == 520.0
    assert engine.progress() == pytest.approx(5 / 525)
    fake.advance(515)
    assert engine.session_remaining() == 5.0
    fake.advance(5)
    assert engine.finished and engine.status == "complete"
    assert engine.session_remaining() == 0.0
    assert engine.progress() == 1.0


def test_before_start() -> None:
    engine = SessionEngine(Settings.defaults(), clock())
    assert engine.status == "ready" and not engine.started and not engine.finished
    assert engine.current.kind is K.PAIN_BEFORE
    assert engine.session_remaining() == 525.0
    assert engine.progress() == 0.0
    assert engine.tick() == []
    engine.start()
    with pytest.raises(RuntimeError):
        engine.start()


def test_pain_question_waits_untimed() -> None:
    fake = clock()
    engine = SessionEngine(Settings.defaults(), fake)
    engine.start()
    assert engine.current.kind is K.PAIN_BEFORE
    assert engine.next_phase is not None and engine.next_phase.kind is K.GET_READY
    fake.advance(600)  # nobody answers for ten minutes: nothing moves
    assert engine.tick() == []
    assert engine.current.kind is K.PAIN_BEFORE
    assert engine.session_remaining() == 525.0
    entered = engine.answer_pain(4)
    assert kinds(entered) == [K.GET_READY]
    assert engine.pain_before == 4
    assert engine.remaining() == 5.0
    assert engine.session_remaining() == 525.0


@pytest.mark.parametrize("bad", [-1, 11, 100, True, 2.5, "3"])
def test_pain_answer_validation(bad: object) -> None:
    engine = SessionEngine(Settings.defaults(), clock())
    engine.start()
    with pytest.raises(ValueError):
        engine.answer_pain(bad)  # type: ignore[arg-type]
    assert engine.current.kind is K.PAIN_BEFORE
    assert engine.pain_before is None


@pytest.mark.parametrize("good", [0, 10, None])
def test_pain_answer_bounds(good: int | None) -> None:
    engine = SessionEngine(Settings.defaults(), clock())
    engine.start()
    engine.answer_pain(good)
    assert engine.pain_before == good
    assert engine.current.kind is K.GET_READY


def test_answer_pain_without_question_is_an_error() -> None:
    engine, _ = started(tiny(), ask_pain=False)
    with pytest.raises(RuntimeError):
        engine.answer_pain(3)
    not_started = SessionEngine(tiny(), clock())
    with pytest.raises(RuntimeError):
        not_started.answer_pain(3)


def test_skip_phase_on_pain_question_means_no_answer() -> None:
    engine = SessionEngine(tiny(), clock())
    engine.start()
    assert kinds(engine.skip_phase()) == [K.GET_READY]
    assert engine.pain_before is None


def test_big_jump_crosses_several_phases_and_returns_them() -> None:
    engine, fake = started(tiny())
    fake.advance(1 + 1 + 1)  # get ready, lower, hold -> now in RETURN of rep 1
    entered = engine.tick()
    assert kinds(entered) == [K.LOWER, K.HOLD, K.RETURN]
    assert engine.current.kind is K.RETURN
    assert engine.tick() == []
    fake.advance(0.5)
    assert engine.tick() == []
    assert engine.remaining() == 0.5
    fake.advance(0.5 + 3)  # finish rep 1, do rep 2, into rest
    assert kinds(engine.tick()) == [K.LOWER, K.HOLD, K.RETURN, K.REST]
    assert engine.remaining() == 1.0


def test_one_late_tick_finishes_everything_without_drift() -> None:
    engine, fake = started(tiny())
    fake.advance(1000)
    entered = engine.tick()
    assert len(entered) == len(engine.phases) - 1  # every phase after the first
    assert entered[-1].kind is K.DONE
    assert engine.status == "complete"
    # ended_at is when the plan really ended, not when we noticed
    assert engine.ended_at == START + timedelta(seconds=TINY_TOTAL)
    assert [(r["done_sets"], r["done_reps"]) for r in engine.results()] == [(2, 4), (1, 1), (1, 1)]


def test_ticking_often_or_rarely_ends_at_the_same_moment() -> None:
    often, fake_often = started(Settings.defaults())
    steps = 0
    while not often.finished:
        fake_often.advance(0.1)
        often.tick()
        steps += 1
    assert steps == pytest.approx(5250, abs=1)
    assert often.ended_at == START + timedelta(seconds=525)


def test_readers_catch_up_and_keep_bell_events() -> None:
    engine, fake = started(tiny())
    fake.advance(2)
    assert engine.current.kind is K.HOLD  # catching up by reading
    assert engine.remaining() == 1.0
    assert kinds(engine.tick()) == [K.LOWER, K.HOLD]  # nothing lost


def test_next_phase() -> None:
    engine, fake = started(tiny())
    nxt = engine.next_phase
    assert nxt is not None and nxt.kind is K.LOWER and nxt.rep_number == 1
    fake.advance(1 + 1 + 1 + 1)  # into the second rep's LOWER
    nxt = engine.next_phase
    assert nxt is not None and (nxt.kind, nxt.rep_number) == (K.HOLD, 2)
    fake.advance(1000)
    assert engine.next_phase is None


def test_pause_across_a_phase_boundary() -> None:
    engine, fake = started(Settings.defaults())
    fake.advance(5 + 2 + 3 + 1.5)  # 0.5 s before the end of rep 1's RETURN
    engine.tick()
    phase = engine.current
    assert phase.kind is K.RETURN and phase.rep_number == 1
    assert engine.remaining() == 0.5
    before = engine.session_remaining()
    engine.pause()
    assert engine.paused
    fake.advance(100)
    assert engine.tick() == []
    assert engine.current is phase
    assert engine.remaining() == 0.5
    assert engine.session_remaining() == before
    engine.resume()
    assert not engine.paused
    assert engine.current is phase
    assert engine.remaining() == 0.5
    assert engine.session_remaining() == before
    fake.advance(0.5)
    assert kinds(engine.tick()) == [K.LOWER]
    assert engine.current.rep_number == 2
    assert engine.remaining() == 2.0


def test_toggle_pause_and_pause_is_noop_when_not_running() -> None:
    engine = SessionEngine(tiny(), clock(), ask_pain=False)
    engine.pause()
    assert not engine.paused  # not started
    engine.start()
    assert engine.toggle_pause() is True
    assert engine.toggle_pause() is False
    engine.resume()  # resuming when not paused is harmless
    assert engine.remaining() == 1.0


def test_deadline_passed_before_pause_is_still_crossed() -> None:
    engine, fake = started(tiny())
    fake.advance(1.5)  # into LOWER, not yet ticked
    engine.pause()
    fake.advance(50)
    assert engine.current.kind is K.LOWER
    assert engine.remaining() == 0.5
    assert kinds(engine.tick()) == [K.LOWER]


def test_skip_phase() -> None:
    engine, fake = started(tiny())
    fake.advance(0.25)
    assert kinds(engine.skip_phase()) == [K.LOWER]  # get ready skipped
    assert engine.remaining() == 1.0
    assert engine.session_remaining() == TINY_TOTAL - 1
    fake.advance(0.5)
    assert kinds(engine.skip_phase()) == [K.HOLD]  # skip LOWER: same rep goes on
    assert engine.current.rep_number == 1
    assert engine.results()[0]["done_reps"] == 0
    assert kinds(engine.skip_phase()) == [K.RETURN]
    assert engine.results()[0]["done_reps"] == 0
    assert kinds(engine.skip_phase()) == [K.LOWER]  # skipping the rep's last phase counts it
    assert engine.results()[0]["done_reps"] == 1
    # skipping REST just moves on
    for _ in range(3):
        engine.skip_phase()
    assert engine.current.kind is K.REST
    assert kinds(engine.skip_phase()) == [K.LOWER]
    assert engine.current.set_number == 2
    assert engine.results()[0]["done_sets"] == 1


def test_skip_while_paused_stays_paused_with_full_phase() -> None:
    engine, fake = started(tiny())
    engine.pause()
    engine.skip_phase()
    assert engine.paused
    fake.advance(30)
    assert engine.current.kind is K.LOWER
    assert engine.remaining() == 1.0
    engine.resume()
    fake.advance(1)
    assert kinds(engine.tick()) == [K.HOLD]


def test_skipping_everything_completes() -> None:
    engine, _ = started(tiny())
    for _ in range(len(engine.phases)):
        engine.skip_phase()
    assert engine.status == "complete"
    for row in engine.results():
        assert row["done_reps"] == row["planned_sets"] * row["planned_reps"]


def test_stop_for_pain() -> None:
    engine, fake = started(tiny(), ask_pain=True)
    engine.answer_pain(2)
    fake.advance(1 + 3 + 1)  # get ready, rep 1, into rep 2's HOLD
    engine.stop_for_pain()
    assert engine.finished and engine.status == "stopped"
    assert engine.remaining() == 0.0 and engine.session_remaining() == 0.0
    assert engine.progress() == pytest.approx(5 / TINY_TOTAL)
    fake.advance(100)
    assert engine.tick() == []
    assert engine.status == "stopped"  # stays stopped; the clock no longer matters
    record = engine.record(pain_after=6, note="twinge", day=DAY, session_id="abc")
    assert record["status"] == "stopped"
    assert record["pain_before"] == 2 and record["pain_after"] == 6
    assert record["ended_at"] == "2026-11-25T08:00:05+00:00"
    assert record["exercises"] == [
        {
            "exercise": "good-morning",
            "side": None,
            "planned_sets": 2,
            "planned_reps": 2,
            "done_sets": 0,
            "done_reps": 1,
        },
        {
            "exercise": "rotation",
            "side": "left",
            "planned_sets": 1,
            "planned_reps": 1,
            "done_sets": 0,
            "done_reps": 0,
        },
        {
            "exercise": "rotation",
            "side": "right",
            "planned_sets": 1,
            "planned_reps": 1,
            "done_sets": 0,
            "done_reps": 0,
        },
    ]


def test_stop_for_pain_during_pain_question() -> None:
    engine = SessionEngine(tiny(), clock())
    engine.start()
    engine.stop_for_pain()
    assert engine.status == "stopped"


def test_end_early_is_partial_with_done_counts() -> None:
    engine, fake = started(Settings.defaults())
    # get ready 5, set 1 (70), rest 30, then 4 reps of set 2 (28), and 1 s into rep 5
    fake.advance(5 + 70 + 30 + 28 + 1)
    engine.tick()
    assert (engine.current.set_number, engine.current.rep_number) == (2, 5)
    engine.end_early()
    assert engine.finished and engine.status == "partial"
    record = engine.record(None, "", DAY, "id-1")
    assert record["exercises"] == engine.results()
    gm, left, right = engine.results()
    assert (gm["done_sets"], gm["done_reps"]) == (1, 14)
    assert (gm["planned_sets"], gm["planned_reps"]) == (3, 10)
    assert (left["done_sets"], left["done_reps"]) == (0, 0)
    assert (right["planned_sets"], right["planned_reps"]) == (2, 10)
    assert record["status"] == "partial"
    assert record["started_at"] == "2026-11-25T08:00:00+00:00"
    assert record["ended_at"] == "2026-11-25T08:02:14+00:00"
    assert engine.progress() == pytest.approx(134 / 525)


def test_end_early_counts_reps_whose_time_passed_without_a_tick() -> None:
    engine, fake = started(tiny())
    fake.advance(1 + 3)  # rep 1 done, never ticked
    engine.end_early()
    assert engine.results()[0]["done_reps"] == 1


def test_end_early_after_complete_keeps_complete() -> None:
    engine, fake = started(tiny())
    fake.advance(TINY_TOTAL)
    engine.end_early()
    engine.stop_for_pain()
    assert engine.status == "complete"


def test_full_run_tiny_settings_gives_a_complete_record() -> None:
    fake = clock()
    engine = SessionEngine(tiny(), fake, ask_pain=True)
    engine.start()
    bells = 0
    assert engine.current.kind is K.PAIN_BEFORE
    bells += len(engine.answer_pain(3))
    while not engine.finished:
        fake.advance(0.25)
        bells += len(engine.tick())
    assert bells == len(engine.phases) - 1  # one bell per phase change, none lost
    assert engine.status == "complete"
    assert engine.progress() == 1.0
    record = engine.record(pain_after=1, note="felt loose", day=DAY, session_id="s-1")
    assert set(record) == {
        "id",
        "date",
        "started_at",
        "ended_at",
        "kind",
        "status",
        "exercises",
        "pain_before",
        "pain_after",
        "note",
    }
    assert record["id"] == "s-1"
    assert record["date"] == "2026-11-25"
    assert record["kind"] == "guided"
    assert record["status"] == "complete"
    assert record["pain_before"] == 3 and record["pain_after"] == 1
    assert record["note"] == "felt loose"
    assert record["started_at"] == "2026-11-25T08:00:00+00:00"
    assert record["ended_at"] == "2026-11-25T08:00:20+00:00"
    assert datetime.fromisoformat(str(record["ended_at"])).utcoffset() is not None
    exercises = record["exercises"]
    assert isinstance(exercises, list)
    assert [(e["exercise"], e["side"]) for e in exercises] == [
        ("good-morning", None),
        ("rotation", "left"),
        ("rotation", "right"),
    ]
    for entry in exercises:
        assert entry["done_sets"] == entry["planned_sets"]
        assert entry["done_reps"] == entry["planned_sets"] * entry["planned_reps"]


def test_record_keeps_the_local_offset() -> None:
    zone = timezone(timedelta(hours=1))
    fake = FakeClock(START.astimezone(zone))
    engine = SessionEngine(tiny(), fake, ask_pain=False)
    engine.start()
    fake.advance(TINY_TOTAL)
    record = engine.record(None, "", DAY, "x")
    assert record["started_at"] == "2026-11-25T09:00:00+01:00"
    assert record["ended_at"] == "2026-11-25T09:00:20+01:00"


def test_record_validation() -> None:
    engine, fake = started(tiny())
    with pytest.raises(RuntimeError):
        engine.record(None, "", DAY, "x")  # not finished
    fake.advance(TINY_TOTAL)
    for bad in (-1, 11, True):
        with pytest.raises(ValueError):
            engine.record(bad, "", DAY, "x")
    assert engine.record(None, "", DAY, "x")["pain_after"] is None
    assert engine.record(0, "", DAY, "x")["pain_after"] == 0
    assert engine.record(10, "", DAY, "x")["pain_after"] == 10


# -- getting into position --------------------------------------------------------------------


def get_readies(settings: Settings) -> list[tuple[str | None, str | None, int, bool]]:
    return [
        (p.exercise, p.side, p.duration, p.waits)
        for p in build_plan(settings)
        if p.kind is K.GET_READY
    ]


def test_the_floor_and_each_side_get_position_time_the_standing_start_get_ready() -> None:
    settings = Settings.from_stored({"get-ready": 4, "position-time": 20})
    assert get_readies(settings) == [
        (GOOD_MORNING, None, 4, False),
        (ROTATION, "left", 20, False),
        (ROTATION, "right", 20, False),
    ]


def test_wait_for_position_waits_for_a_key_before_each_side() -> None:
    settings = Settings.from_stored({**TINY, "wait-for-position": True})
    assert get_readies(settings) == [
        (GOOD_MORNING, None, 1, False),
        (ROTATION, "left", 0, True),
        (ROTATION, "right", 0, True),
    ]
    engine, fake = started(settings)
    fake.advance(1 + 2 * 2 * 3 + 1)  # the whole good morning: now on the floor
    engine.tick()
    assert engine.current.kind is K.GET_READY and engine.current.side == "left"
    assert engine.waiting and engine.remaining() == 0.0
    fake.advance(600)  # ten minutes to get down: nothing moves on by itself
    assert engine.tick() == []
    assert engine.waiting and engine.current.side == "left"
    left = engine.session_remaining()
    assert left == 2.0 + 2.0  # this side's rep and the other side's; waiting counts nothing
    (lift,) = engine.skip_phase()  # "in position"
    assert lift.kind is K.LIFT and not engine.waiting
    assert engine.remaining() == 1.0
    fake.advance(2)
    engine.tick()
    assert engine.waiting and engine.current.side == "right"
    engine.skip_phase()
    fake.advance(2)
    assert engine.finished and engine.status == "complete"


def test_time_taken_leaves_out_the_pain_question_and_the_pauses() -> None:
    engine = SessionEngine(tiny(), clock := FakeClock(START), ask_pain=True)
    engine.start()
    clock.advance(40)  # thinking about the pain question
    engine.answer_pain(2)
    clock.advance(5)
    engine.pause()
    clock.advance(60)
    assert engine.paused_seconds() == 60.0
    assert engine.active_seconds() == 5.0
    engine.resume()
    clock.advance(TINY_TOTAL - 5)
    assert engine.finished
    assert engine.active_seconds() == TINY_TOTAL
    assert engine.paused_seconds() == 60.0
    clock.advance(100)  # the summary stays open a while: no more time counts
    assert engine.active_seconds() == TINY_TOTAL


def test_a_session_ended_while_paused_counts_that_pause_as_a_pause() -> None:
    engine, fake = started(tiny())
    fake.advance(3)
    engine.pause()
    fake.advance(30)
    engine.end_early()
    assert engine.paused_seconds() == 30.0
    assert engine.active_seconds() == 3.0
