"""The guided session's cues: short enough for the screen, true to the source, with supple's own
guidance marked as in the tutorial and enough of it to do each exercise alone."""

from __future__ import annotations

import pytest

from tracker.core.settings import Settings
from tracker.routine import exercises
from tracker.routine.plan import Phase, PhaseKind, build_plan
from tracker.routine.tutorial import TIP

GOOD_MORNING = exercises.GOOD_MORNING.id
ROTATION = exercises.ROTATION.id

MARK = f"{TIP}:"
REP_KINDS = (PhaseKind.LOWER, PhaseKind.HOLD, PhaseKind.RETURN, PhaseKind.LIFT)
# A rep lasts a few seconds: its cue must read at a glance on one line of an 80-column
# terminal. A get-ready or rest cue is read while getting into position: two lines.
REP_CUE_MAX = 76
LONG_CUE_MAX = 156


def phases() -> list[Phase]:
    return build_plan(Settings.defaults())


def cues(exercise: str | None = None) -> set[str]:
    return {p.cue for p in phases() if exercise is None or p.exercise == exercise}


def tips(exercise: str) -> str:
    """Everything after the marker in the exercise's cues, lower case."""
    return " ".join(cue.split(MARK, 1)[1] for cue in cues(exercise) if MARK in cue).lower()


def test_rep_cues_fit_one_line_and_the_others_two() -> None:
    for phase in phases():
        limit = REP_CUE_MAX if phase.kind in REP_KINDS else LONG_CUE_MAX
        assert len(phase.cue) <= limit, (phase.kind, phase.cue)


def test_every_cue_with_supples_guidance_uses_the_tutorials_marker_once() -> None:
    for cue in cues():
        assert cue.count(MARK) <= 1, cue
        assert "tip" not in cue.replace(MARK, ""), cue  # no other spelling of the marker


@pytest.mark.parametrize(
    "guidance",
    ["breathe", "stacked", "round", "roll", "deep at the side", "stay loose"],
)
def test_guidance_beyond_the_source_comes_after_the_marker(guidance: str) -> None:
    holding = [cue for cue in cues() if guidance in cue.lower()]
    assert holding, guidance
    for cue in holding:
        before, mark, after = cue.lower().partition(MARK)
        assert mark and guidance in after and guidance not in before, cue


@pytest.mark.parametrize(
    ("exercise", "what", "words"),
    [
        (GOOD_MORNING, "breathing", "breathe normally"),
        (GOOD_MORNING, "breathing out on the way up", "breathe out as you"),
        (GOOD_MORNING, "how far", "stop before your back rounds"),
        (ROTATION, "how far", "only as far as hips stay stacked"),
        (ROTATION, "what to feel", "deep at the side of the hip"),
        (ROTATION, "what to avoid", "don't let your hip roll forward"),
        (ROTATION, "position", "hips stacked"),
    ],
)
def test_each_exercise_has_guidance_to_do_it_alone(exercise: str, what: str, words: str) -> None:
    assert words in tips(exercise), what


def test_rest_keeps_the_sources_safety_rule() -> None:
    rests = {p.cue for p in phases() if p.kind is PhaseKind.REST}
    assert len(rests) == 1
    (rest,) = rests
    assert "discomfort or pain" in rest.split(MARK)[0]


def test_cues_keep_the_sources_positions() -> None:
    ready = {p.side: p.cue for p in phases() if p.kind is PhaseKind.GET_READY}
    assert "hip-width apart" in ready[None]
    assert "spine straight" in ready[None]
    for side in ("left", "right"):
        assert "knees at a 45° angle" in ready[side] and "small ball between them" in ready[side]
    assert "Lie on your right side, left leg on top" in ready["left"]
    assert "Lie on your left side, right leg on top" in ready["right"]
    moves = " ".join(p.cue for p in phases() if p.exercise == ROTATION and p.kind in REP_KINDS)
    assert "with control" in moves
    lower = {p.cue for p in phases() if p.exercise == GOOD_MORNING and p.kind is PhaseKind.LOWER}
    assert [cue.startswith("Hinge at the hips") for cue in lower] == [True]
