"""The guided session's plan: every phase in order, with its length and cue.

Pure (stdlib only, no I/O). The plan, in order:

    [pain question] ->
    for each exercise and side (good morning; rotation left; rotation right):
        get ready: `get-ready` s standing before the good morning; before each side of the
        rotation `position-time` s to get down on the floor or turn over, or, with
        `wait-for-position`, until a key says "in position" (skipped when the time is 0),
        for each set: every rep's phases, then rest (between sets only; skipped when `rest` is 0)
    -> done

A good-morning rep is LOWER (tempo) + HOLD (hold) + RETURN (tempo); a rotation rep is
LIFT (tempo) + LOWER (tempo), with no hold.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Literal, TypedDict

from tracker.core.settings import Settings

GOOD_MORNING = "good-morning"
ROTATION = "rotation"
TITLES: dict[str, str] = {
    GOOD_MORNING: "Modified good morning",
    ROTATION: "Side-lying hip rotation",
}
SIDES = ("left", "right")

PAIN_MIN = 0
PAIN_MAX = 10

# "ready": built, not started. "running": started, not finished (also while paused).
# The other three are final and are what a stored session's `status` holds.
Status = Literal["ready", "running", "complete", "partial", "stopped"]
FINAL_STATUSES: tuple[Status, ...] = ("complete", "partial", "stopped")


class PhaseKind(str, Enum):
    PAIN_BEFORE = "pain-before"  # optional 0-10 question, untimed: waits for answer_pain()
    GET_READY = "get-ready"  # time to get into position, before each exercise and side
    LOWER = "lower"  # good morning: hinge down; rotation: bring the top foot back down
    HOLD = "hold"  # good morning only: hold the stretch
    RETURN = "return"  # good morning: come back up
    LIFT = "lift"  # rotation: raise the top foot
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
    `ends_rep` marks the last phase of a rep (RETURN for good mornings, LOWER for rotations).
    `waits` marks a get-ready that waits for a key instead of a countdown (`wait-for-position`).
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

    exercise: str
    side: str | None
    sets: int
    reps: int

    @property
    def title(self) -> str:
        return TITLES[self.exercise]


class ExerciseResult(TypedDict):
    """Planned and done work for one exercise on one side, as stored in a session."""

    exercise: str
    side: str | None
    planned_sets: int
    planned_reps: int
    done_sets: int
    done_reps: int


def planned_blocks(settings: Settings) -> list[Block]:
    """Good morning (no sides), then the rotation on the left and on the right."""
    return [
        Block(GOOD_MORNING, None, settings.good_morning_sets, settings.good_morning_reps),
        *(Block(ROTATION, side, settings.rotation_sets, settings.rotation_reps) for side in SIDES),
    ]


# Cues: short, in our own words, true to the source routine; what goes beyond the source
# follows "supple's tip:" (the tutorial's marker). A rep cue fits one 80-column line; a
# get-ready or rest cue, read while getting into position, two.
# "Left side" of the rotation means the left leg is on top and does the moving.
_PAIN_CUE = "How much does your back hurt right now, 0 to 10? Enter skips."
_DONE_CUE = "All done. Nice work: doing it daily is what counts."
_REST_CUE = "Rest. Nothing should cause discomfort or pain. supple's tip: breathe, stay loose."
_GET_READY_CUES: dict[tuple[str, str | None], str] = {
    (GOOD_MORNING, None): (
        "Stand with feet hip-width apart, spine straight. supple's tip: breathe normally; "
        "breathe out as you come up."
    ),
    (ROTATION, "left"): (
        "Lie on your right side, left leg on top: knees bent about 45°, small ball between "
        "them. supple's tip: hips stacked; feel it deep at the side of the hip."
    ),
    (ROTATION, "right"): (
        "Lie on your left side, right leg on top: knees bent about 45°, small ball between "
        "them. supple's tip: hips stacked; feel it deep at the side of the hip."
    ),
}
_REP_CUES: dict[tuple[str, PhaseKind], str] = {
    (GOOD_MORNING, PhaseKind.LOWER): (
        "Hinge at the hips, weight back. supple's tip: stop before your back rounds."
    ),
    (GOOD_MORNING, PhaseKind.HOLD): (
        "Hold: feel the backs of your legs stretch. supple's tip: breathe normally."
    ),
    (GOOD_MORNING, PhaseKind.RETURN): (
        "Come back up, hinging at the hips. supple's tip: breathe out as you rise."
    ),
    (ROTATION, PhaseKind.LIFT): (
        "Top foot up, with control. supple's tip: only as far as hips stay stacked."
    ),
    (ROTATION, PhaseKind.LOWER): (
        "Top foot down, with control. supple's tip: don't let your hips roll back."
    ),
}


def _rep_steps(exercise: str, settings: Settings) -> tuple[tuple[PhaseKind, int], ...]:
    if exercise == GOOD_MORNING:
        return (
            (PhaseKind.LOWER, settings.tempo),
            (PhaseKind.HOLD, settings.good_morning_hold),
            (PhaseKind.RETURN, settings.tempo),
        )
    return ((PhaseKind.LIFT, settings.tempo), (PhaseKind.LOWER, settings.tempo))


def _block_phase(
    block: Block,
    kind: PhaseKind,
    seconds: int,
    cue: str,
    set_number: int,
    rep: int | None = None,
    ends_rep: bool = False,
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
        ends_rep=ends_rep,
        waits=waits,
    )


def _get_ready(block: Block, settings: Settings) -> tuple[int, bool]:
    """(seconds, waits) of the get-ready before `block`: standing up is quick, getting down on
    the floor or turning over takes longer, and may wait for a key instead."""
    if block.exercise == GOOD_MORNING:
        return settings.get_ready, False
    if settings.wait_for_position:
        return 0, True
    return settings.position_time, False


def build_plan(settings: Settings, ask_pain: bool = True) -> list[Phase]:
    """Every phase of a guided session, in order, ending with DONE."""
    phases: list[Phase] = []
    if ask_pain:
        phases.append(
            Phase(PhaseKind.PAIN_BEFORE, None, "", None, None, None, None, None, 0, _PAIN_CUE)
        )
    for block in planned_blocks(settings):
        ex, side = block.exercise, block.side
        phase = functools.partial(_block_phase, block)
        seconds, waits = _get_ready(block, settings)
        if seconds > 0 or waits:
            cue = _GET_READY_CUES[(ex, side)]
            phases.append(phase(PhaseKind.GET_READY, seconds, cue, 1, waits=waits))
        steps = _rep_steps(ex, settings)
        for set_number in range(1, block.sets + 1):
            for rep in range(1, block.reps + 1):
                for position, (kind, seconds) in enumerate(steps):
                    last = position == len(steps) - 1
                    phases.append(
                        phase(kind, seconds, _REP_CUES[(ex, kind)], set_number, rep, last)
                    )
            if set_number < block.sets and settings.rest > 0:
                phases.append(phase(PhaseKind.REST, settings.rest, _REST_CUE, set_number))
    phases.append(Phase(PhaseKind.DONE, None, "", None, None, None, None, None, 0, _DONE_CUE))
    return phases


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
