"""The exercise registry: the routine is data, and every part is made from it.

A third exercise (a glute bridge: a hold, no sides), declared here in a routine of the test's
own, runs through the session plan, the engine (a whole session by a fake clock), the voice,
the figure, the tutorial, the config keys and `config list`, without a change anywhere else.
The built-in routine is pinned too: its keys, defaults and whose each default is.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest

from tracker.cli.commands.config import list_lines
from tracker.core.clock import FakeClock
from tracker.core.record_type import fields
from tracker.core.settings import KEYS, SettingError, Settings, keys_for, parse_value
from tracker.routine import figure
from tracker.routine.engine import SessionEngine
from tracker.routine.exercises import (
    GOOD_MORNING,
    ROTATION,
    ROUTINE,
    STEP_KINDS,
    Exercise,
    GetReady,
    Lesson,
    Number,
    Panel,
    Routine,
    Step,
    check,
)
from tracker.routine.plan import Phase, PhaseKind, build_plan, overview, total_seconds
from tracker.routine.tutorial import dose, pages, render_text
from tracker.sound.voice import line_for

START = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)

BRIDGE = Exercise(
    id="bridge",
    title="Glute bridge",
    source_name="glute bridge",
    sets=Number("bridge.sets", 2, 1, 10, "Sets of the glute bridge", "Bridge sets"),
    reps=Number("bridge.reps", 8, 1, 30, "Reps per set of the glute bridge", "Bridge reps"),
    numbers=(Number("bridge.hold", 5, 1, 30, "Seconds to hold the hips up", "Bridge hold", "s"),),
    steps=(
        Step("lift", "tempo", "Hips up. supple's tip: squeeze your seat.", "Up", "out"),
        Step("hold", "bridge.hold", "Hold the hips up.", "Hold", "held"),
        Step("lower", "tempo", "Hips down, slowly.", "Down", "back"),
    ),
    get_ready=GetReady(
        seconds="position-time",
        cue="Lie on your back, knees bent, feet flat on the floor.",
        say="Get ready: glute bridge. Lie on your back.",
        waits=True,
        plan_note="{seconds} s to lie down",
        waiting_note="you press Space when you are lying down",
    ),
    body="standing",  # a drawing the figure has (the test is about the data, not the drawing)
    lesson=Lesson(
        body=(
            "This one wakes up the muscles of the seat.",
            "Dose: {dose}.",
            "A rep is a lift over {tempo}, a hold of {bridge_hold} and a lower over {tempo}, "
            "with {rest} of rest between sets.",
        ),
        points=("Lie on your back, knees bent.", "Lift the hips, hold, lower them."),
        tips=("Keep the ribs down.",),
        panels=(Panel((0.0,), "1 down"), Panel((1.0,), "2 up")),
        notes=("feet flat, knees bent",),
    ),
)

THREE = Routine(exercises=(GOOD_MORNING, ROTATION, BRIDGE), shared=ROUTINE.shared)
THREE_KEYS = keys_for(THREE)


def settings(stored: dict[str, object] | None = None) -> Settings:
    return Settings.from_stored(stored or {}, THREE_KEYS)


# ---- the built-in routine ------------------------------------------------------------------


def test_the_built_in_routine_is_the_good_morning_then_the_rotation() -> None:
    check(ROUTINE)
    assert [ex.id for ex in ROUTINE.exercises] == ["good-morning", "rotation"]
    assert GOOD_MORNING.source_name == "modified good morning"
    assert ROTATION.source_name == "internal and external rotator exercise"
    assert [step.kind for step in GOOD_MORNING.steps] == ["lower", "hold", "return"]
    assert [step.seconds for step in GOOD_MORNING.steps] == ["tempo", "good-morning.hold", "tempo"]
    assert [step.kind for step in ROTATION.steps] == ["lift", "lower"]
    assert [step.seconds for step in ROTATION.steps] == ["tempo", "tempo"]
    assert (GOOD_MORNING.sides, ROTATION.sides) == ((), ("left", "right"))


def test_the_config_keys_keep_their_names_defaults_and_whose_default_it_is() -> None:
    routine_keys = {
        name: (key.default, key.source) for name, key in KEYS.items() if key.kind == "int"
    }
    assert routine_keys == {
        "good-morning.sets": (3, True),  # the source's 3 x 10, 3 s hold
        "good-morning.reps": (10, True),
        "good-morning.hold": (3, True),
        "rotation.sets": (2, False),  # the source gives no count: supple's
        "rotation.reps": (10, False),
        "tempo": (2, False),
        "rest": (30, False),
        "get-ready": (5, False),
        "position-time": (15, False),
        "reminder-grace": (180, False),
        "self-test-every": (14, False),
    }
    assert list(KEYS)[:10] == [
        "good-morning.sets",
        "good-morning.reps",
        "good-morning.hold",
        "rotation.sets",
        "rotation.reps",
        "tempo",
        "rest",
        "get-ready",
        "position-time",
        "wait-for-position",
    ]
    assert not any(key.source for key in KEYS.values() if key.kind != "int")
    assert KEYS["good-morning.sets"].default_text() == "source's default 3"
    assert KEYS["rotation.sets"].default_text() == "supple's default 2"


def test_every_step_kind_is_a_phase_of_the_session() -> None:
    assert {kind.value for kind in PhaseKind} >= set(STEP_KINDS)


# ---- checking a routine --------------------------------------------------------------------


def broken(**changes: object) -> Exercise:
    """The bridge with some of its fields changed."""
    values: dict[str, Any] = {name: getattr(BRIDGE, name) for name in fields(Exercise)}
    values.update(changes)
    return Exercise(**values)


@pytest.mark.parametrize(
    ("exercise", "message"),
    [
        (broken(steps=()), "has no steps"),
        (broken(steps=(Step("jump", "tempo", "", "", "out"),)), "step kind 'jump'"),
        (broken(steps=(Step("lift", "tempo", "", "", "up"),)), "pose 'up'"),
        (broken(steps=(Step("lift", "speed", "", "", "out"),)), "unknown 'speed'"),
        (broken(steps=(Step("hold", "good-morning.hold", "", "", "held"),)), "unknown"),
        (broken(get_ready=GetReady("lie-down", "", "")), "get-ready is timed by unknown"),
        (broken(sides=("left",)), "sides must be none"),
        (broken(id="rotation"), "unique"),
        (broken(sets=GOOD_MORNING.sets), "declared twice: good-morning.sets"),
        (broken(reps=Number("reps", 8, 1, 30, "", "")), "must start with 'bridge.'"),
        (broken(reps=Number("bridge.reps", 80, 1, 30, "", "")), "outside 1-30"),
        (broken(lesson=Lesson(("{speed}",), (), (), (), ())), "text names unknown 'speed'"),
    ],
)
def test_a_routine_the_session_cannot_run_is_refused(exercise: Exercise, message: str) -> None:
    routine = Routine((GOOD_MORNING, ROTATION, exercise), ROUTINE.shared)
    with pytest.raises(ValueError, match=message):
        check(routine)


def test_a_routine_may_not_take_one_of_supples_own_keys() -> None:
    shared = (*ROUTINE.shared, Number("bell", 1, 0, 1, "", ""))
    with pytest.raises(ValueError, match="'bell'"):
        keys_for(Routine(ROUTINE.exercises, shared))


# ---- a third exercise, through every part --------------------------------------------------


def test_the_third_exercise_has_config_keys_after_the_others() -> None:
    check(THREE)
    names = list(THREE_KEYS)
    assert names[:8] == [
        "good-morning.sets",
        "good-morning.reps",
        "good-morning.hold",
        "rotation.sets",
        "rotation.reps",
        "bridge.sets",
        "bridge.reps",
        "bridge.hold",
    ]
    assert names[8:] == [name for name in KEYS if name not in names[:5]]
    assert settings().number("bridge.hold") == 5
    assert settings({"bridge.hold": 9}).number("bridge.hold") == 9
    assert settings({"bridge.hold": 99}).number("bridge.hold") == 5  # bad stored: default
    assert parse_value("bridge.reps", "12", THREE_KEYS) == 12
    with pytest.raises(SettingError, match="bridge.hold must be from 1 to 30 s, not 99"):
        parse_value("bridge.hold", "99", THREE_KEYS)
    with pytest.raises(SettingError, match="unknown config key 'bridge.sets'"):
        parse_value("bridge.sets", "2")  # not a key of the built-in routine


def test_config_list_shows_the_third_exercise_and_whose_defaults_they_are() -> None:
    lines = list_lines(settings({"bridge.reps": 12}).values, THREE_KEYS)
    by_name = {line.split()[0]: line for line in lines}
    assert [line.split()[0] for line in lines] == list(THREE_KEYS)
    assert by_name["bridge.sets"].split() == [
        "bridge.sets",
        "2",
        *"Sets of the glute bridge (supple's default 2)".split(),
    ]
    assert by_name["bridge.reps"].split()[1] == "12"
    assert by_name["bridge.reps"].endswith("(supple's default 8)")
    assert by_name["bridge.hold"].endswith("Seconds to hold the hips up (supple's default 5)")
    assert by_name["good-morning.sets"].endswith("(source's default 3)")
    widths = {line.index(line.split()[1], len(line.split()[0])) for line in lines}
    assert len(widths) == 1  # the values line up


def bridge_phases(plan: list[Phase]) -> list[Phase]:
    return [phase for phase in plan if phase.exercise == "bridge"]


def test_the_plan_runs_the_third_exercise_last_with_its_hold_and_no_sides() -> None:
    s = settings()
    plan = build_plan(s, ask_pain=False, routine=THREE)
    built_in = build_plan(Settings.defaults(), ask_pain=False)
    assert plan[: len(built_in) - 1] == built_in[:-1]  # the built-in part is unchanged
    bridge = bridge_phases(plan)
    assert plan[len(built_in) - 1] is bridge[0]
    assert {phase.side for phase in bridge} == {None}
    ready = bridge[0]
    assert (ready.kind, ready.duration, ready.cue) == (
        PhaseKind.GET_READY,
        15,
        "Lie on your back, knees bent, feet flat on the floor.",
    )
    rep = bridge[1:4]
    assert [(p.kind, p.duration) for p in rep] == [
        (PhaseKind.LIFT, 2),
        (PhaseKind.HOLD, 5),
        (PhaseKind.LOWER, 2),
    ]
    assert [(p.starts_rep, p.ends_rep) for p in rep] == [
        (True, False),
        (False, False),
        (False, True),
    ]
    assert rep[1].where == "Glute bridge · set 1 of 2 · rep 1 of 8"
    kinds = [p.kind for p in bridge]
    assert kinds.count(PhaseKind.REST) == 1 and kinds.count(PhaseKind.HOLD) == 16
    # 15 s to lie down, 2 sets x 8 reps x (2 + 5 + 2) s, one rest of 30 s
    assert total_seconds(plan) == total_seconds(built_in) + 15 + 2 * 8 * 9 + 30
    waiting = build_plan(settings({"wait-for-position": True}), ask_pain=False, routine=THREE)
    assert bridge_phases(waiting)[0].waits and bridge_phases(waiting)[0].duration == 0


def test_the_session_overview_names_every_exercise() -> None:
    assert overview(settings({"bridge.hold": 7}), THREE) == [
        "Modified good morning: 3 sets of 10 (hold 3 s).",
        "Side-lying hip rotation: 2 sets of 10, each side; 15 s to get down on the floor and "
        "to turn over.",
        "Glute bridge: 2 sets of 8 (hold 7 s); 15 s to lie down.",
    ]
    waiting = overview(settings({"wait-for-position": True}), THREE)
    assert (
        waiting[2]
        == "Glute bridge: 2 sets of 8 (hold 5 s); you press Space when you are lying down."
    )


def test_a_whole_session_with_the_third_exercise_runs_by_the_clock() -> None:
    clock = FakeClock(START)
    engine = SessionEngine(settings({"bridge.reps": 3}), clock, ask_pain=False, routine=THREE)
    engine.start()
    entered: list[Phase] = []
    while not engine.finished:
        clock.advance(0.5)
        entered += engine.tick()
    assert engine.status == "complete"
    assert entered[-1].kind is PhaseKind.DONE
    rows = engine.results()
    assert [(r["exercise"], r["side"]) for r in rows] == [
        ("good-morning", None),
        ("rotation", "left"),
        ("rotation", "right"),
        ("bridge", None),
    ]
    assert rows[-1] == {
        "exercise": "bridge",
        "side": None,
        "planned_sets": 2,
        "planned_reps": 3,
        "done_sets": 2,
        "done_reps": 6,
    }
    record = engine.record(None, "", date(2026, 11, 25), "id-1")
    assert record["status"] == "complete" and record["exercises"] == rows
    # The voice says the bridge's own words, with the set at the start of each set.
    spoken = [line_for(phase) for phase in bridge_phases(entered)]
    assert spoken[:5] == [
        "Get ready: glute bridge. Lie on your back.",
        "Set 1 of 2. Up",
        "Hold",
        "Down",
        "Up",
    ]
    assert "Set 2 of 2. Up" in spoken


def test_stopping_part_way_counts_only_the_reps_done() -> None:
    clock = FakeClock(START)
    s = settings()
    engine = SessionEngine(s, clock, ask_pain=False, routine=THREE)
    engine.start()
    plan = engine.phases
    first_bridge = next(i for i, p in enumerate(plan) if p.exercise == "bridge")
    # Up to the end of the bridge's first rep: its get-ready, lift, hold and lower.
    clock.advance(sum(p.duration for p in plan[: first_bridge + 4]) + 0.5)
    engine.end_early()
    assert engine.status == "partial"
    bridge = engine.results()[-1]
    assert (bridge["done_reps"], bridge["done_sets"]) == (1, 0)


def test_the_figure_moves_with_the_third_exercises_steps() -> None:
    lift, hold, lower = BRIDGE.steps
    assert [figure.pose_amount(lift, t) for t in (0.0, 1.0)] == [0.0, 1.0]
    assert figure.pose_amount(hold, 0.4) == 1.0
    assert [figure.pose_amount(lower, t) for t in (0.0, 1.0)] == [1.0, 0.0]
    assert figure.render(BRIDGE.body, 1.0, 18, 8) != figure.render(BRIDGE.body, 0.0, 18, 8)


def test_the_tutorial_gets_a_page_for_the_third_exercise() -> None:
    all_pages = pages(settings(), THREE)
    assert [p.number for p in all_pages] == [1, 2, 3, 4, 5, 6]
    assert [p.title for p in all_pages[2:5]] == [
        "Modified good morning",
        "Side-lying hip rotation",
        "Glute bridge",
    ]
    assert pages(Settings.defaults())[2:4] == all_pages[2:4]  # the others are unchanged
    bridge = all_pages[4]
    assert (
        "Dose: 2 sets x 8 reps, hold about 5 s (supple's default; the source gives no count)."
        in (" ".join(bridge.body.split()))
    )
    assert "a lift over 2 s, a hold of 5 s and a lower over 2 s" in " ".join(bridge.body.split())
    assert bridge.points == BRIDGE.lesson.points and bridge.tips == BRIDGE.lesson.tips
    assert "1 down   2 up" in bridge.caption and "feet flat, knees bent" in bridge.figure
    assert any(0x2800 < ord(c) <= 0x28FF for c in bridge.figure)

    changed = pages(settings({"bridge.reps": 12, "bridge.hold": 6, "tempo": 3}), THREE)[4]
    words = " ".join(changed.body.split())
    assert "2 sets x 8 reps (you: 12), hold about 5 s (you: 6 s)" in words
    assert "a lift over 2 s (you: 3 s)" in words

    text = render_text(settings(), routine=THREE)
    assert "Page 5 of 6 - Glute bridge" in text
    assert "Page 6 of 6 - Stay safe and keep at it" in text


def test_a_dose_marks_supples_numbers_beside_the_sources() -> None:
    from_source = Number("bridge.sets", 3, 1, 10, "", "", source=True)
    mixed = broken(sets=from_source, reps=Number("bridge.reps", 10, 1, 30, "", "", source=True))
    routine = Routine((GOOD_MORNING, ROTATION, mixed), ROUTINE.shared)
    s = Settings.defaults(keys_for(routine))
    assert dose(s, mixed) == "3 sets x 10 reps, hold about 5 s (supple's default)"
    assert dose(s, GOOD_MORNING) == "3 sets x 10 reps, hold about 3 s"
