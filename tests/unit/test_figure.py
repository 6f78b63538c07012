"""The stick figure: braille canvas, poses per phase, and stable sizes while it moves."""

from __future__ import annotations

import pytest

from tracker.core.settings import Settings
from tracker.routine import exercises, figure
from tracker.routine.figure import Canvas, pose_amount, quantise, render
from tracker.routine.plan import PhaseKind, build_plan

K = PhaseKind
GOOD_MORNING = exercises.GOOD_MORNING.id
ROTATION = exercises.ROTATION.id
STANDING = exercises.GOOD_MORNING.body
SIDE_LYING = exercises.ROTATION.body


def pose(exercise: str, kind: PhaseKind, progress: float) -> float:
    """The figure's pose `progress` of the way through the first such phase of a session."""
    plan = build_plan(Settings.defaults())
    phase = next(p for p in plan if p.exercise == exercise and p.kind is kind)
    return pose_amount(phase.step, progress)


def dots(lines: tuple[str, ...]) -> set[tuple[int, int]]:
    """The lit dots of a braille drawing, as (x, y)."""
    lit = set()
    for row, line in enumerate(lines):
        for col, char in enumerate(line):
            bits = ord(char) - 0x2800 if char != " " else 0
            for dx in range(2):
                for dy in range(4):
                    if bits & figure._DOT_BITS[dx][dy]:  # noqa: SLF001
                        lit.add((col * 2 + dx, row * 4 + dy))
    return lit


def test_the_canvas_draws_lines_into_braille_cells() -> None:
    canvas = Canvas(3, 2)
    canvas.line(0, 0, 5, 0)
    canvas.dot(100, 100)  # off the canvas: ignored
    lines = canvas.rows()
    assert lines[0] == "⠉⠉⠉" and lines[1] == "   "
    assert dots(lines) == {(x, 0) for x in range(6)}


def test_every_exercise_has_a_drawing() -> None:
    assert [ex.body for ex in exercises.ROUTINE.exercises] == ["standing", "side-lying"]
    assert set(figure.BODIES) == {"standing", "side-lying"}
    with pytest.raises(ValueError, match="no drawing called 'bridge'"):
        render("bridge", 0.0, 10, 6)


@pytest.mark.parametrize("name", sorted(figure.BODIES))
@pytest.mark.parametrize("size", [(14, 6), (27, 12), (42, 21)])
def test_every_pose_fits_its_canvas(name: str, size: tuple[int, int]) -> None:
    for step in range(figure.FRAMES + 1):
        lines = render(name, step / figure.FRAMES, *size)
        assert len(lines) == size[1]
        assert all(len(line) == size[0] for line in lines)
        assert len(dots(lines)) > 20


def test_the_good_morning_hinges_forward_and_the_head_goes_down() -> None:
    def top_of_head(amount: float) -> int:
        return min(y for _, y in dots(render(STANDING, amount, 30, 15)))

    assert top_of_head(0.0) < top_of_head(0.5) < top_of_head(1.0)


def test_the_rotation_lifts_the_top_foot_and_keeps_the_rest_still() -> None:
    down = dots(render(SIDE_LYING, 0.0, 40, 12))
    up = dots(render(SIDE_LYING, 1.0, 40, 12))
    moved = down ^ up
    assert moved
    # only the top shin moves: everything that changed is on the feet's side of the picture
    assert min(x for x, _ in moved) > 40  # of 80 dots across
    assert min(y for x, y in up if x > 60) < min(y for x, y in down if x > 60)  # foot higher


def test_the_scale_is_the_same_in_every_pose() -> None:
    floors = {max(y for _, y in dots(render(STANDING, a / 4, 30, 15))) for a in range(5)}
    assert len(floors) == 1  # the floor line stays put


@pytest.mark.parametrize(
    ("exercise", "kind", "progress", "amount"),
    [
        (GOOD_MORNING, K.GET_READY, 0.5, 0.0),
        (GOOD_MORNING, K.LOWER, 0.0, 0.0),
        (GOOD_MORNING, K.LOWER, 0.5, 0.5),
        (GOOD_MORNING, K.LOWER, 1.0, 1.0),
        (GOOD_MORNING, K.HOLD, 0.3, 1.0),
        (GOOD_MORNING, K.RETURN, 0.0, 1.0),
        (GOOD_MORNING, K.RETURN, 1.0, 0.0),
        (GOOD_MORNING, K.REST, 0.5, 0.0),
        (ROTATION, K.GET_READY, 0.9, 0.0),
        (ROTATION, K.LIFT, 1.0, 1.0),
        (ROTATION, K.LOWER, 0.0, 1.0),
        (ROTATION, K.LOWER, 1.0, 0.0),
    ],
)
def test_poses_follow_the_phase(
    exercise: str, kind: PhaseKind, progress: float, amount: float
) -> None:
    assert pose(exercise, kind, progress) == pytest.approx(amount)


def test_movement_is_eased_and_quantised_to_a_few_frames() -> None:
    early = pose(GOOD_MORNING, K.LOWER, 0.1)
    assert 0 < early < 0.1  # slow at the start
    frames = {quantise(pose(GOOD_MORNING, K.LOWER, i / 100)) for i in range(101)}
    assert len(frames) == figure.FRAMES + 1
