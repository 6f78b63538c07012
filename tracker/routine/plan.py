"""The guided session's plan: every phase in order, with its length and cue.

Pure (stdlib only, no I/O), and made from the routine's data (`tracker.routine.exercises`).
The plan, in order:

    [pain question] ->
    for each exercise of the routine, and each of its sides if it has sides:
        get ready: the exercise's get-ready time (`get-ready` s standing before the good
        morning; `position-time` s to get down on the floor or turn over before each side of
        the rotation), or, where the exercise allows it and `wait-for-position` is on, until
        a key says "in position" (skipped when the time is 0),
        for each set: every rep's steps, then rest (between sets only; skipped when `rest` is 0)
    -> done

A rep is the exercise's steps, each timed by its setting: for the good morning LOWER (tempo) +
HOLD (hold) + RETURN (tempo); for the rotation LIFT (tempo) + LOWER (tempo), with no hold.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal, TypedDict

from tracker.core.settings import Settings
from tracker.routine.exercises import ROUTINE, Exercise, Routine, Step, fill

PAIN_MIN = 0
PAIN_MAX = 10

# "ready": built, not started. "running": started, not finished (also while paused).
# The other three are final and are what a stored session's `status` holds.
Status = Literal["ready", "running", "complete", "partial", "stopped"]
FINAL_STATUSES: tuple[Status, ...] = ("complete", "partial", "stopped")


class PhaseKind(str, Enum):
    PAIN_BEFORE = "pain-before"  # optional 0-10 question, untimed: waits for answer_pain()
    GET_READY = "get-ready"  # time to get into position, before each exercise and side
    # The steps of a rep (an exercise's `Step.kind`, `exercises.STEP_KINDS`):
    LOWER = "lower"  # e.g. good morning: hinge down; rotation: bring the top foot back down
    HOLD = "hold"  # e.g. good morning: hold the stretch
    RETURN = "return"  # e.g. good morning: come back up
    LIFT = "lift"  # e.g. rotation: raise the top foot
    REST = "rest"  # between sets
    DONE = "done"  # the end; untimed

    @property
    def label(self) -> str:
        """A short name for the screen, e.g. "Hold", "Get ready"."""
        return _LABELS[self]

    @property
    def timed(self) -> bool:
        """Whether the phase runs on a countdown (all but the pain question and the end)."""
        return self not in (PhaseKind.PAIN_BEFORE, PhaseKind.DONE)


_LABELS: dict[PhaseKind, str] = {
    PhaseKind.PAIN_BEFORE: "Pain check",
    PhaseKind.GET_READY: "Get ready",
    PhaseKind.LOWER: "Lower",
    PhaseKind.HOLD: "Hold",
    PhaseKind.RETURN: "Return",
    PhaseKind.LIFT: "Lift",
    PhaseKind.REST: "Rest",
    PhaseKind.DONE: "Done",
}


@dataclass(frozen=True)
class Phase:
    """One step of the plan.

    `exercise` and `title` are None/"" only for PAIN_BEFORE and DONE. `set_number` is the set the
    phase belongs to: for GET_READY the set about to start (1), for REST the set just finished.
    `rep_number`/`rep_total` are None outside reps. `duration` is whole seconds (0 = untimed).
    `starts_rep` and `ends_rep` mark the first and last phase of a rep (for the good morning
    LOWER and RETURN, for the rotation LIFT and LOWER).
    `waits` marks a get-ready that waits for a key instead of a countdown (`wait-for-position`).
    `spec` is the exercise's declaration (None for PAIN_BEFORE and DONE) and `step` the step of
    the rep this phase is (None outside reps): what the voice says and how the figure moves.
    """

    kind: PhaseKind
    exercise: str | None
    title: str
    side: str | None
    set_number: int | None
    set_total: int | None
    rep_number: int | None
    rep_total: int | None
    duration: int
    cue: str
    ends_rep: bool = False
    waits: bool = False
    starts_rep: bool = False
    spec: Exercise | None = field(default=None, repr=False)
    step: Step | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def timed(self) -> bool:
        """Whether the phase ends by itself when its countdown runs out."""
        return self.kind.timed and not self.waits

    @property
    def where(self) -> str:
        """Where in the routine this is, e.g. "Modified good morning · set 1 of 3 · rep 2 of 10"."""
        if self.exercise is None:
            return ""
        parts = [self.title]
        if self.side is not None:
            parts.append(f"{self.side} side")
        if self.set_number is not None and self.set_total is not None:
            parts.append(f"set {self.set_number} of {self.set_total}")
        if self.rep_number is not None and self.rep_total is not None:
            parts.append(f"rep {self.rep_number} of {self.rep_total}")
        return " · ".join(parts)


@dataclass(frozen=True)
class Block:
    """One exercise on one side, as planned: a row of a session's `exercises` list."""

    spec: Exercise
    side: str | None
    sets: int
    reps: int

    @property
    def exercise(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title


class ExerciseResult(TypedDict):
    """Planned and done work for one exercise on one side, as stored in a session."""

    exercise: str
    side: str | None
    planned_sets: int
    planned_reps: int
    done_sets: int
    done_reps: int


def planned_blocks(settings: Settings, routine: Routine = ROUTINE) -> list[Block]:
    """Each exercise in the routine's order, on each of its sides in turn (if it has sides)."""
    return [
        Block(spec, side, settings.number(spec.sets.key), settings.number(spec.reps.key))
        for spec in routine.exercises
        for side in (spec.sides or (None,))
    ]


# The routine's own words for the moments that belong to no exercise; the exercises' cues are
# declared with them (`tracker.routine.exercises`).
_PAIN_CUE = "How much does your back or leg hurt right now, 0 to 10? Enter skips."
_DONE_CUE = "All done. Nice work: doing it regularly is what counts."
_REST_CUE = "Rest. Nothing should cause discomfort or pain. supple's tip: breathe, stay loose."


def _block_phase(
    block: Block,
    kind: PhaseKind,
    seconds: int,
    cue: str,
    set_number: int,
    rep: int | None = None,
    step: Step | None = None,
    position: tuple[bool, bool] = (False, False),
    waits: bool = False,
) -> Phase:
    return Phase(
        kind=kind,
        exercise=block.exercise,
        title=block.title,
        side=block.side,
        set_number=set_number,
        set_total=block.sets,
        rep_number=rep,
        rep_total=None if rep is None else block.reps,
        duration=seconds,
        cue=cue,
        starts_rep=position[0],
        ends_rep=position[1],
        waits=waits,
        spec=block.spec,
        step=step,
    )


def _get_ready(block: Block, settings: Settings) -> tuple[int, bool]:
    """(seconds, waits) of the get-ready before `block`: its own time (standing up is quick,
    getting down on the floor or turning over takes longer), or a wait for a key where the
    exercise allows it and `wait-for-position` is on."""
    ready = block.spec.get_ready
    if ready.waits and settings.wait_for_position:
        return 0, True
    return settings.number(ready.seconds), False


def build_plan(
    settings: Settings, ask_pain: bool = True, routine: Routine = ROUTINE
) -> list[Phase]:
    """Every phase of a guided session, in order, ending with DONE."""
    phases: list[Phase] = []
    if ask_pain:
        phases.append(
            Phase(PhaseKind.PAIN_BEFORE, None, "", None, None, None, None, None, 0, _PAIN_CUE)
        )
    rest = settings.number(routine.rest)
    for block in planned_blocks(settings, routine):
        phase = functools.partial(_block_phase, block)
        seconds, waits = _get_ready(block, settings)
        if seconds > 0 or waits:
            cue = fill(block.spec.get_ready.cue, block.side)
            phases.append(phase(PhaseKind.GET_READY, seconds, cue, 1, waits=waits))
        steps = block.spec.steps
        timed = [(step, PhaseKind(step.kind), settings.number(step.seconds)) for step in steps]
        for set_number in range(1, block.sets + 1):
            for rep in range(1, block.reps + 1):
                for index, (step, kind, seconds) in enumerate(timed):
                    position = (index == 0, index == len(timed) - 1)
                    phases.append(phase(kind, seconds, step.cue, set_number, rep, step, position))
            if set_number < block.sets and rest > 0:
                phases.append(phase(PhaseKind.REST, rest, _REST_CUE, set_number))
    phases.append(Phase(PhaseKind.DONE, None, "", None, None, None, None, None, 0, _DONE_CUE))
    return phases


def overview(settings: Settings, routine: Routine = ROUTINE) -> list[str]:
    """One line per exercise for the start of a session, e.g. "Modified good morning: 3 sets
    of 10 (hold 3 s)." or "Side-lying hip rotation: 2 sets of 10, each side; 15 s to get down
    on the floor and to turn over."."""
    lines = []
    for spec in routine.exercises:
        sets, reps = settings.number(spec.sets.key), settings.number(spec.reps.key)
        line = f"{spec.title}: {sets} set{'' if sets == 1 else 's'} of {reps}"
        own = {number.key for number in spec.numbers}
        timed = [
            f"{PhaseKind(step.kind).label.lower()} {settings.number(step.seconds)} s"
            for step in spec.steps
            if step.seconds in own
        ]
        if timed:
            line += f" ({', '.join(timed)})"
        if spec.sides:
            line += ", each side"
        ready = spec.get_ready
        if ready.waits and settings.wait_for_position and ready.waiting_note:
            line += f"; {ready.waiting_note}"
        elif ready.plan_note:
            line += "; " + ready.plan_note.format(seconds=settings.number(ready.seconds))
        lines.append(line + ".")
    return lines


def total_seconds(phases: Iterable[Phase]) -> int:
    """The planned length of a session in seconds (untimed phases count 0)."""
    return sum(phase.duration for phase in phases)


def check_pain(value: object, name: str = "pain") -> int | None:
    """Accept None or a whole number 0-10; raise ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number from {PAIN_MIN} to {PAIN_MAX}")
    if not PAIN_MIN <= value <= PAIN_MAX:
        raise ValueError(f"{name} must be from {PAIN_MIN} to {PAIN_MAX}, not {value}")
    return value
