"""A stick figure of the routine, drawn from a few joint angles on a braille canvas.

Pure (stdlib only). The same drawings serve the tutorial and the guided session. Each exercise
names its drawing (`Exercise.body`, a key of `BODIES`) and says where in its movement each step
of a rep is (`Step.pose`); `pose_amount` turns that into an `amount` from 0 (the start pose)
to 1 (the far pose):

- "standing" is seen from the side (the good morning): `amount` 0 is standing tall, 1 is the
  hinge (hips back, spine long, knees soft); the tutorial's "rounded back" is the same body
  with its spine curled instead;
- "side-lying" is seen from in front and a little above, lying on the floor with the knees
  bent and a ball between them (the side-lying hip rotation): `amount` 0 has the top foot
  down, 1 lifted (the shin turns about the thigh, which is the hip's rotation).

A braille character holds 2 x 4 dots, and a dot is about square on a terminal, so the figure
keeps its proportions at any size: it is scaled to fit the canvas, the same scale for every
pose of an exercise, so it never jumps while it moves.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tracker.routine.exercises import Step

Point = tuple[float, float]  # world units, y up
Segment = tuple[Point, Point]

# How finely a movement is drawn: the pose changes at most this many times per phase, so the
# screen redraws the figure at most this many times per lowering or return.
FRAMES = 12
MIN_ROWS = 6  # fewer braille rows than this do not make a readable body

_BRAILLE = 0x2800
# Dot (column, row) within a cell -> its bit in the braille code point.
_DOT_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))


class Canvas:
    """A grid of braille cells, `width` x `height` characters, 2x as many dots across and 4x
    as many down; (0, 0) is the top-left dot."""

    def __init__(self, width: int, height: int) -> None:
        self.width = max(1, width)
        self.height = max(1, height)
        self._cells = [[0] * self.width for _ in range(self.height)]

    @property
    def dots_wide(self) -> int:
        return self.width * 2

    @property
    def dots_high(self) -> int:
        return self.height * 4

    def dot(self, x: int, y: int) -> None:
        if 0 <= x < self.dots_wide and 0 <= y < self.dots_high:
            self._cells[y // 4][x // 2] |= _DOT_BITS[x % 2][y % 4]

    def line(self, x0: float, y0: float, x1: float, y1: float, thickness: int = 1) -> None:
        steps = max(1, math.ceil(max(abs(x1 - x0), abs(y1 - y0))))
        for i in range(steps + 1):
            t = i / steps
            self._stamp(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, thickness)

    def circle(self, cx: float, cy: float, radius: float, thickness: int = 1) -> None:
        steps = max(8, math.ceil(2 * math.pi * radius * 1.5))
        for i in range(steps):
            angle = 2 * math.pi * i / steps
            self._stamp(cx + radius * math.cos(angle), cy + radius * math.sin(angle), thickness)

    def _stamp(self, x: float, y: float, thickness: int) -> None:
        left = round(x - (thickness - 1) / 2)
        top = round(y - (thickness - 1) / 2)
        for dx in range(thickness):
            for dy in range(thickness):
                self.dot(left + dx, top + dy)

    def rows(self) -> tuple[str, ...]:
        """The canvas as text, blank cells as spaces (U+2800 looks blank but is not)."""
        return tuple(
            "".join(chr(_BRAILLE + bits) if bits else " " for bits in row) for row in self._cells
        )


@dataclass(frozen=True)
class Body:
    """A drawing in world units: line segments and circles (centre, radius)."""

    segments: tuple[Segment, ...]
    circles: tuple[tuple[Point, float], ...]
    floor: float  # y of the floor line

    def points(self) -> Iterable[Point]:
        for a, b in self.segments:
            yield a
            yield b
        for (x, y), r in self.circles:
            yield (x - r, y - r)
            yield (x + r, y + r)


def _ease(t: float) -> float:
    """Slow at both ends, like a controlled movement."""
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def _step(start: Point, length: float, degrees_from_up: float) -> Point:
    """`length` from `start`, at an angle from straight up (positive leans forward, +x)."""
    angle = math.radians(degrees_from_up)
    return (start[0] + length * math.sin(angle), start[1] + length * math.cos(angle))


# Body proportions (about a person's height = 1).
_FOOT, _SHIN, _THIGH = 0.14, 0.25, 0.25
_TRUNK, _NECK, _HEAD = 0.31, 0.04, 0.065
_UPPER_ARM, _FOREARM = 0.16, 0.13


def standing_body(amount: float, rounded: float = 0.0) -> Body:
    """Standing, seen from the side, facing right. `amount` 0 stands tall, 1 is the hinge;
    `rounded` > 0 bends forward by curling the spine instead (the tutorial's "not like this")."""
    t = min(1.0, max(0.0, amount))
    r = min(1.0, max(0.0, rounded))
    shin_lean = _lerp(_lerp(3, 14, t), 2, r)  # knees soften, forward (locked when rounding)
    thigh_lean = _lerp(_lerp(-3, -36, t), 4, r)  # hips go back (stay over the feet when rounding)
    trunk_lean = _lerp(0, 72, t)
    ankle = (0.0, 0.035)
    knee = _step(ankle, _SHIN, shin_lean)
    hip = _step(knee, _THIGH, thigh_lean)
    # The spine in three parts: in line when hinging, each part bending further when rounded.
    spine = [hip]
    for curl in (35, 70, 105):
        spine.append(_step(spine[-1], _TRUNK / 3, _lerp(trunk_lean, curl, r)))
    shoulder = spine[-1]
    neck_lean = _lerp(trunk_lean - 20 * t, 135, r)
    head = _step(shoulder, _NECK + _HEAD, neck_lean)
    # Arms folded on the chest: elbow in front of the ribs, hand back at the breastbone.
    chest = _lerp(trunk_lean, 105, r)
    elbow = _step(shoulder, _UPPER_ARM, chest + 150)
    hand = _step(elbow, _FOREARM * 0.9, chest - 10)
    segments: list[Segment] = [
        ((ankle[0] - 0.03, 0.0), (ankle[0] + _FOOT, 0.0)),  # foot
        ((ankle[0] - 0.03, 0.0), ankle),
        (ankle, knee),
        (knee, hip),
        *zip(spine[:-1], spine[1:], strict=True),
        (shoulder, elbow),
        (elbow, hand),
    ]
    return Body(tuple(segments), ((head, _HEAD),), floor=0.0)


# Lying on one side, in 3D: x along the body (head to feet), y up, z out of the body's front.
Point3 = tuple[float, float, float]
_HIP_FLEX = 45.0  # the source's "knees at a 45 degree angle", read as the thighs 45° forward
_KNEE_FLEX = 90.0
_FOOT_LIFT = 45.0  # degrees of hip rotation at the top of a lift
_BALL = 0.045


def _project(p: Point3) -> Point:
    """Seen from in front and a little above: the body's front comes toward the viewer, so it
    is drawn a little lower and further right."""
    x, y, z = p
    return (x + 0.4 * z, y - 0.5 * z)


def _add(a: Point3, b: Point3, scale: float = 1.0) -> Point3:
    return (a[0] + b[0] * scale, a[1] + b[1] * scale, a[2] + b[2] * scale)


def _rotate(v: Point3, axis: Point3, degrees: float) -> Point3:
    """Rodrigues' rotation of `v` about the unit vector `axis`."""
    angle = math.radians(degrees)
    c, s = math.cos(angle), math.sin(angle)
    ax, ay, az = axis
    vx, vy, vz = v
    dot = ax * vx + ay * vy + az * vz
    cross = (ay * vz - az * vy, az * vx - ax * vz, ax * vy - ay * vx)
    return (
        vx * c + cross[0] * s + ax * dot * (1 - c),
        vy * c + cross[1] * s + ay * dot * (1 - c),
        vz * c + cross[2] * s + az * dot * (1 - c),
    )


def side_lying_body(amount: float) -> Body:
    """Lying on one side, knees bent, a ball between them; `amount` lifts the top foot."""
    t = min(1.0, max(0.0, amount))
    hip_angle = math.radians(_HIP_FLEX)
    thigh_dir = (math.cos(hip_angle), 0.0, math.sin(hip_angle))
    shin_angle = math.radians(_HIP_FLEX - _KNEE_FLEX)
    shin_dir = (math.cos(shin_angle), 0.0, math.sin(shin_angle))
    hip_low: Point3 = (0.52, 0.07, 0.0)
    hip_high: Point3 = (0.52, 0.07 + 2 * _BALL + 0.02, 0.0)
    knee_low = _add(hip_low, thigh_dir, _THIGH)
    knee_high = _add(hip_high, thigh_dir, _THIGH)
    foot_low = _add(knee_low, shin_dir, _SHIN)
    # The top shin turns about the thigh's axis: the foot rises, the knee stays on the ball.
    lifted = _rotate(shin_dir, thigh_dir, _FOOT_LIFT * t)
    foot_high = _add(knee_high, lifted, _SHIN)
    shoulder: Point3 = (0.2, 0.13, 0.0)
    waist: Point3 = (0.36, 0.11, 0.0)
    head: Point3 = (0.2 - _NECK - _HEAD, 0.13, 0.0)
    under_arm: Point3 = (-0.08, 0.035, 0.0)  # the lower arm under the head, along the floor
    elbow: Point3 = (0.22, 0.035, 0.0)
    hand: Point3 = (0.34, 0.02, 0.14)  # the top hand steadies the body on the floor in front
    top_elbow: Point3 = (0.3, 0.1, 0.1)
    ball_centre = tuple((a + b) / 2 for a, b in zip(knee_low, knee_high, strict=True))
    p = _project
    segments: list[Segment] = [
        (p(under_arm), p(elbow)),
        (p(elbow), p(shoulder)),
        (p(shoulder), p(waist)),
        (p(waist), p(hip_low)),
        (p(waist), p(hip_high)),
        (p(hip_low), p(knee_low)),
        (p(knee_low), p(foot_low)),
        (p(hip_high), p(knee_high)),
        (p(knee_high), p(foot_high)),
        (p(shoulder), p(top_elbow)),
        (p(top_elbow), p(hand)),
    ]
    ball = p((ball_centre[0], ball_centre[1], ball_centre[2]))
    return Body(tuple(segments), ((p(head), _HEAD), (ball, _BALL * 0.8)), floor=-0.045)


@dataclass(frozen=True)
class Drawing:
    """A body that moves: its pose at an `amount` (0-1), and any other poses that must be
    drawn to the same scale (so that the figure keeps its size from one to the other)."""

    pose: Callable[[float], Body]
    also: tuple[Callable[[], Body], ...] = ()


BODIES: dict[str, Drawing] = {
    "standing": Drawing(standing_body, (lambda: standing_body(0.0, rounded=1.0),)),
    "side-lying": Drawing(side_lying_body),
}


def drawing(name: str) -> Drawing:
    try:
        return BODIES[name]
    except KeyError:
        raise ValueError(f"no drawing called '{name}'; there are: {', '.join(BODIES)}") from None


def body(name: str, amount: float) -> Body:
    """The drawing `name` at pose `amount`."""
    return drawing(name).pose(amount)


def _extent(bodies: Sequence[Body]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for b in bodies:
        for x, y in b.points():
            xs.append(x)
            ys.append(y)
        ys.append(b.floor)
    return min(xs), min(ys), max(xs), max(ys)


@functools.lru_cache(maxsize=16)
def _frame_of(name: str) -> tuple[float, float, float, float]:
    """The box every pose of a drawing fits in (so the scale is the same for all of them)."""
    shown = drawing(name)
    bodies = [shown.pose(i / 4) for i in range(5)]
    bodies += [other() for other in shown.also]
    return _extent(bodies)


def draw_body(shape: Body, frame: tuple[float, float, float, float], canvas: Canvas) -> None:
    """Fit `frame` (world box) into the canvas, bottom-centred, and draw `shape` in it."""
    left, bottom, right, top = frame
    margin = 1.0
    usable_w = canvas.dots_wide - 2 * margin
    usable_h = canvas.dots_high - 2 * margin
    scale = min(usable_w / max(1e-9, right - left), usable_h / max(1e-9, top - bottom))
    off_x = margin + (usable_w - (right - left) * scale) / 2

    def to_dots(point: Point) -> Point:
        x, y = point
        return (off_x + (x - left) * scale, canvas.dots_high - 1 - margin - (y - bottom) * scale)

    thickness = 1 if scale < 60 else 2
    for a, b in shape.segments:
        (x0, y0), (x1, y1) = to_dots(a), to_dots(b)
        canvas.line(x0, y0, x1, y1, thickness)
    for centre, radius in shape.circles:
        cx, cy = to_dots(centre)
        canvas.circle(cx, cy, radius * scale, thickness)
    fx0, fy = to_dots((left, shape.floor))
    fx1, _ = to_dots((right, shape.floor))
    canvas.line(fx0 - margin, fy, fx1 + margin, fy)


def quantise(amount: float) -> float:
    """The pose rounded to one of FRAMES + 1 steps: the figure changes only when this does."""
    return round(min(1.0, max(0.0, amount)) * FRAMES) / FRAMES


@functools.lru_cache(maxsize=128)
def render(name: str, amount: float, width: int, height: int) -> tuple[str, ...]:
    """The drawing `name` at pose `amount` (0-1) as `height` lines of `width` braille
    characters. Call with a `quantise`d amount so the cache is useful."""
    canvas = Canvas(width, height)
    draw_body(body(name, amount), _frame_of(name), canvas)
    return canvas.rows()


def render_overlay(name: str, amounts: Sequence[float], width: int, height: int) -> tuple[str, ...]:
    """Several poses of the drawing `name` on one canvas: a movement drawn as a still picture."""
    canvas = Canvas(width, height)
    for amount in amounts:
        draw_body(body(name, amount), _frame_of(name), canvas)
    return canvas.rows()


def render_rounded(width: int, height: int) -> tuple[str, ...]:
    """The standing body bending the wrong way: by rounding the back."""
    canvas = Canvas(width, height)
    draw_body(standing_body(0.0, rounded=1.0), _frame_of("standing"), canvas)
    return canvas.rows()


def pose_amount(step: Step | None, progress: float) -> float:
    """How far into the movement the body is, `progress` (0-1) of the way through `step`.

    A step's pose says it: "out" moves from the start pose to the far one (the good morning's
    LOWER, the rotation's LIFT), "held" stays there (HOLD), "back" returns (RETURN; the
    rotation's LOWER). Outside a rep (get ready, rest: no step) the body is at rest (0).
    """
    if step is None:
        return 0.0
    if step.pose == "held":
        return 1.0
    if step.pose == "out":
        return _ease(progress)
    if step.pose == "back":
        return 1.0 - _ease(progress)
    return 0.0


def side_by_side(columns: Sequence[Sequence[str]], gap: int = 3) -> list[str]:
    """Blocks of lines next to each other, each padded to its own width."""
    height = max(len(column) for column in columns)
    widths = [max((len(line) for line in column), default=0) for column in columns]
    lines = []
    for row in range(height):
        parts = [
            (column[row] if row < len(column) else "").ljust(width)
            for column, width in zip(columns, widths, strict=True)
        ]
        lines.append((" " * gap).join(parts).rstrip())
    return lines
