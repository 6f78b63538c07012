"""The routine as data: every exercise declared once, and everything else derived from it.

An `Exercise` says what it is called (and what the source calls it), its rep as `Step`s (each
timed by a setting, with its cue, its spoken word and where the figure is), whether it has
sides, how to get into position, its whole-number settings (`Number`: the config key, its
default, and whether that default is the source's number or supple's), which drawing the
figure uses, and its tutorial page. The session plan, the engine, the figure, the cues and the
voice, the tutorial, the config keys (`tracker.core.settings`), the Settings screen and
`supple config list` are all made from a `Routine` of exercises; `ROUTINE` is the built-in one.
Everything that takes a routine takes it as an argument with `ROUTINE` as its default, so a
test can run a routine of its own through every part.

Stdlib only, and cheap to import: `supple status` loads it (through the config keys), so it
uses record types, not dataclasses or enums (see `tracker.core.record_type`).

Text templates: `{side}`, `{Side}` and `{other}` in a get-ready cue or spoken line are filled
with the side being worked ("left"), capitalised ("Left") and the other side ("right"). A
tutorial paragraph may use `{dose}` (the exercise's sets and reps, with the user's values
beside the defaults) and any number of the routine by its config key with "-" and "." as "_"
(`{tempo}`, `{position_time}`, `{good_morning_hold}`).
"""

from __future__ import annotations

from tracker.core.record_type import record_type

# What a step of a rep may be (the session's phase kinds, `tracker.routine.plan.PhaseKind`).
STEP_KINDS = ("lower", "hold", "return", "lift")

# Where the figure is during a step: moving out of the start pose (0 -> 1), held at the far
# pose (1), or moving back to the start (1 -> 0).
POSES = ("out", "held", "back")

SIDES = ("left", "right")


@record_type
class Number:
    """A whole-number setting the routine declares: a config key of its own."""

    key: str  # the config key, e.g. "good-morning.sets"
    default: int
    low: int
    high: int
    help: str  # what it means, one line (config list, Settings)
    label: str  # its row's title on the Settings screen
    unit: str = ""  # "s" for seconds, "" for a count
    source: bool = False  # the default is the source's own number (else it is supple's)


@record_type
class Step:
    """One part of a rep: a phase of the guided session."""

    kind: str  # one of STEP_KINDS
    seconds: str  # the config key that times it: "tempo" or one of the exercise's own
    cue: str  # shown on screen; supple's own advice follows "supple's tip:"
    say: str  # spoken as the step begins: a word or two
    pose: str  # one of POSES


@record_type
class GetReady:
    """The countdown before the exercise (and before each side): time to get into position."""

    seconds: str  # the config key that times it
    cue: str  # shown on screen (a template, see the module doc)
    say: str  # spoken (a template)
    waits: bool = False  # `wait-for-position` makes it wait for a key instead
    plan_note: str = ""  # shown before the session, e.g. "{seconds} s to get down on the floor"
    waiting_note: str = ""  # the same while waiting for a key instead


@record_type
class Panel:
    """One drawing of a tutorial figure: the figure's poses (0 start .. 1 far) on one canvas,
    with a caption under it."""

    poses: tuple[float, ...]
    label: str = ""
    width: int = 18  # braille characters
    height: int = 8


@record_type
class Lesson:
    """An exercise's tutorial page (its title is the exercise's)."""

    body: tuple[str, ...]  # paragraphs (templates, see the module doc)
    points: tuple[str, ...]  # the steps, from the source
    tips: tuple[str, ...]  # supple's own guidance
    panels: tuple[Panel, ...]  # the figure, side by side
    notes: tuple[str, ...]  # ASCII lines under the figure


@record_type
class Exercise:
    """One exercise of the routine."""

    id: str  # as stored in a session's `exercises`, and the config keys' prefix
    title: str  # supple's name for it
    source_name: str  # the source's name for it
    sets: Number
    reps: Number
    steps: tuple[Step, ...]  # one rep, in order
    get_ready: GetReady
    body: str  # which drawing the figure uses (`tracker.routine.figure.BODIES`)
    lesson: Lesson
    sides: tuple[str, ...] = ()  # SIDES for an exercise done on each side in turn
    side_label: str = ""  # e.g. "{Side} side ({side} leg on top)"
    numbers: tuple[Number, ...] = ()  # its other settings, e.g. the hold

    def own_numbers(self) -> tuple[Number, ...]:
        """Its settings in the order `config list` shows them: sets, reps, then the rest."""
        return (self.sets, self.reps, *self.numbers)


@record_type
class Routine:
    """The exercises in the order a session does them, and the numbers they share."""

    exercises: tuple[Exercise, ...]
    shared: tuple[Number, ...]  # the tempo, the rest, the get-ready times
    rest: str = "rest"  # the shared key that times the rest between sets

    def all_numbers(self) -> tuple[Number, ...]:
        """Every number of the routine: each exercise's, then the shared ones."""
        own = tuple(number for exercise in self.exercises for number in exercise.own_numbers())
        return own + self.shared

    def number(self, key: str) -> Number:
        for number in self.all_numbers():
            if number.key == key:
                return number
        raise KeyError(key)

    def exercise(self, exercise_id: str) -> Exercise | None:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        return None

    def title(self, exercise_id: str) -> str:
        """The exercise's name, or its id for one the routine does not know (an old record)."""
        exercise = self.exercise(exercise_id)
        return exercise_id if exercise is None else exercise.title


def other_side(side: str) -> str:
    """The side you are not working: "right" for "left"."""
    return SIDES[1 - SIDES.index(side)] if side in SIDES else "other"


def fill(template: str, side: str | None) -> str:
    """A get-ready template with the side filled in."""
    if side is None:
        return template
    return template.format(side=side, Side=side.capitalize(), other=other_side(side))


def check(routine: Routine) -> None:
    """Raise ValueError naming the first thing in `routine` that the session cannot run."""
    ids = [exercise.id for exercise in routine.exercises]
    if not ids or len(set(ids)) != len(ids):
        raise ValueError(f"exercise ids must be given and unique: {ids}")
    keys = [number.key for number in routine.all_numbers()]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"config keys declared twice: {', '.join(repeated)}")
    shared = {number.key for number in routine.shared}
    if routine.rest not in shared:
        raise ValueError(f"the rest key '{routine.rest}' is not one of the shared numbers")
    for exercise in routine.exercises:
        where = f"exercise '{exercise.id}'"
        known = shared | {number.key for number in exercise.own_numbers()}
        if not exercise.steps:
            raise ValueError(f"{where} has no steps")
        for step in exercise.steps:
            if step.kind not in STEP_KINDS:
                raise ValueError(f"{where}: step kind '{step.kind}' is not one of {STEP_KINDS}")
            if step.pose not in POSES:
                raise ValueError(f"{where}: pose '{step.pose}' is not one of {POSES}")
            if step.seconds not in known:
                raise ValueError(
                    f"{where}: step '{step.kind}' is timed by unknown '{step.seconds}'"
                )
        if exercise.get_ready.seconds not in known:
            raise ValueError(
                f"{where}: get-ready is timed by unknown '{exercise.get_ready.seconds}'"
            )
        if exercise.sides not in ((), SIDES):
            raise ValueError(f"{where}: sides must be none or {SIDES}")
        names = {number.key.replace("-", "_").replace(".", "_") for number in routine.all_numbers()}
        for paragraph in exercise.lesson.body:
            try:
                paragraph.format(dose="", **dict.fromkeys(names, ""))
            except (KeyError, IndexError, ValueError) as error:
                raise ValueError(f"{where}: its tutorial text names unknown {error}") from None
        for number in exercise.own_numbers():
            if not number.key.startswith(f"{exercise.id}."):
                raise ValueError(
                    f"{where}: its key '{number.key}' must start with '{exercise.id}.'"
                )
            if not number.low <= number.default <= number.high:
                raise ValueError(f"{number.key}: the default is outside {number.low}-{number.high}")


# ---- the built-in routine -------------------------------------------------------------------
# Cues: short, in our own words, true to the source; what goes beyond the source follows
# "supple's tip:" (the tutorial's marker). A rep cue fits one 80-column line; a get-ready cue,
# read while getting into position, two. "Left side" of the rotation means the left leg is on
# top and does the moving.

TEMPO = Number("tempo", 2, 1, 10, "Seconds for each lowering and each return", "Tempo", "s")
REST = Number("rest", 30, 0, 600, "Seconds of rest between sets", "Rest between sets", "s")
GET_READY = Number(
    "get-ready", 5, 0, 120, "Seconds to get ready before the standing exercise", "Get ready", "s"
)
POSITION_TIME = Number(
    "position-time",
    15,
    0,
    300,
    "Seconds to get down on the floor, and to change sides",
    "Time to get in position",
    "s",
)

GOOD_MORNING = Exercise(
    id="good-morning",
    title="Modified good morning",
    source_name="modified good morning",
    sets=Number(
        "good-morning.sets",
        3,
        1,
        10,
        "Sets of the modified good morning",
        "Good morning sets",
        source=True,
    ),
    reps=Number(
        "good-morning.reps",
        10,
        1,
        50,
        "Reps per set of the modified good morning",
        "Good morning reps",
        source=True,
    ),
    numbers=(
        Number(
            "good-morning.hold",
            3,
            1,
            60,
            "Seconds to hold the stretch in each good morning",
            "Good morning hold",
            "s",
            source=True,
        ),
    ),
    steps=(
        Step(
            "lower",
            "tempo",
            "Hinge at the hips, weight back. supple's tip: stop before your back rounds.",
            "Lower",
            "out",
        ),
        Step(
            "hold",
            "good-morning.hold",
            "Hold: feel the backs of your legs stretch. supple's tip: breathe normally.",
            "Hold",
            "held",
        ),
        Step(
            "return",
            "tempo",
            "Come back up, hinging at the hips. supple's tip: breathe out as you rise.",
            "Up",
            "back",
        ),
    ),
    get_ready=GetReady(
        seconds="get-ready",
        cue=(
            "Stand with feet hip-width apart, spine straight. supple's tip: breathe normally; "
            "breathe out as you come up."
        ),
        say="Get ready: modified good morning. Stand tall, feet hip-width apart.",
    ),
    body="standing",
    lesson=Lesson(
        body=(
            "This exercise helps wake up the hamstrings and reinforces the hip hinge from the "
            "last page.",
            'Where the source says "lean back slightly", supple reads it as: shift your weight '
            "back a little (the steps below).",
            "Dose from the source: {dose}.",
            "In a guided session supple counts out every rep: lower over {tempo}, hold, then "
            "return over {tempo}, with {rest} of rest between sets. The lowering and return "
            "time (tempo) and the rest are supple's defaults, not the source's.",
        ),
        points=(
            "Stand with your feet hip-width apart.",
            "Hinge at the hips, keeping your spine straight.",
            "Shift your weight back a little, until you feel a stretch in the backs of your legs.",
            "Hold that position, with the hamstrings doing the work, then come back up to "
            "standing.",
        ),
        tips=(
            "Breathe normally; breathe out as you come back up.",
            "Go only as far as you can keep your spine long.",
            "Avoid rounding your back: once it starts to round, you have gone far enough.",
        ),
        panels=(Panel((0.0,), "1 stand tall"), Panel((1.0,), "2 hinge, hold")),
        notes=("feet hip-width apart;", "back long and straight, hips go back"),
    ),
)

ROTATION = Exercise(
    id="rotation",
    title="Side-lying hip rotation",
    source_name="internal and external rotator exercise",
    # The source gives no count for this one: 2 x 10 per side is supple's.
    sets=Number(
        "rotation.sets",
        2,
        1,
        10,
        "Sets of the side-lying hip rotation, per side",
        "Hip rotation sets",
    ),
    reps=Number(
        "rotation.reps", 10, 1, 50, "Reps per set of the hip rotation", "Hip rotation reps"
    ),
    steps=(
        Step(
            "lift",
            "tempo",
            "Top foot up, with control. supple's tip: only as far as hips stay stacked.",
            "Lift",
            "out",
        ),
        Step(
            "lower",
            "tempo",
            "Top foot down, with control. supple's tip: don't let your hip roll forward.",
            "Lower",
            "back",
        ),
    ),
    get_ready=GetReady(
        seconds="position-time",
        cue=(
            "Lie on your {other} side, {side} leg on top: knees at a 45° angle, small ball "
            "between them. supple's tip: hips stacked; feel it deep at the side of the hip."
        ),
        say="{Side} side: lie on your {other} side, knees bent, the ball between your knees.",
        waits=True,
        plan_note="{seconds} s to get down on the floor and to turn over",
        waiting_note="you press Space when you are in position on the floor",
    ),
    body="side-lying",
    sides=SIDES,
    side_label="{Side} side ({side} leg on top)",
    lesson=Lesson(
        body=(
            'The source calls it the "internal and external rotator exercise". Its controlled '
            "movements are meant to activate the stabiliser muscles around the hip joint. Moving "
            "the top foot up and down rotates the hip in and out: internal and external "
            "rotation, kept under your control. supple's reading of the angle, as the figure "
            "draws it: thighs 45 degrees forward of your body, knees bent to a right angle.",
            "Dose: {dose}. The source asks for controlled movements; change the count in "
            "Settings if it is too much or too little.",
            "In a guided session a rep is a lift over {tempo} and a lower over {tempo}, with no "
            "hold. There are {rest} of rest between sets, and {position_time} to get into "
            "position before each side. These times are supple's defaults too.",
        ),
        points=(
            "Lie on one side with your knees at a 45 degree angle.",
            "Place a small ball between the knees and keep both knees against it.",
            "Lift the top foot, then lower it again, with control; do not swing.",
        ),
        tips=(
            "Breathe normally; breathe out as the foot comes up.",
            "Lift only as far as you can keep your hips stacked, one above the other.",
            "Feel it in the deep muscles at the side of your hip.",
            "Keep your top hip from rolling forward as the foot rises.",
            "Do both sides: turn over and repeat, so both hips get the same work.",
        ),
        panels=(Panel((0.0, 1.0), width=38, height=6),),
        notes=(
            "on one side, knees at a 45 degree angle,",
            "a small ball between the knees:",
            "lift the top foot, then lower it",
        ),
    ),
)

ROUTINE = Routine(
    exercises=(GOOD_MORNING, ROTATION),
    shared=(TEMPO, REST, GET_READY, POSITION_TIME),
)
