"""What the voice says as each phase begins: a word or two, to follow with the eyes shut.

Pure. The lines are short on purpose: a rep's phases last a couple of seconds, and a spoken
word must be over before the next one is due.
"""

from __future__ import annotations

from tracker.routine.plan import GOOD_MORNING, Phase, PhaseKind

_OTHER_SIDE = {"left": "right", "right": "left"}


def _get_ready(phase: Phase) -> str:
    if phase.exercise == GOOD_MORNING:
        return "Get ready: modified good morning. Stand tall, feet hip-width apart."
    side = phase.side or "left"
    # "Left side" works the left leg, on top, so you lie on the other side.
    line = f"{side.capitalize()} side: lie on your {_OTHER_SIDE.get(side, 'other')} side"
    line += ", knees bent, the ball between your knees."
    if phase.waits:
        line += " Press space when you are in position."
    return line


def line_for(phase: Phase) -> str:
    """The spoken cue for the start of `phase` ('' for the pain question)."""
    kind = phase.kind
    if kind is PhaseKind.PAIN_BEFORE:
        return ""
    if kind is PhaseKind.GET_READY:
        return _get_ready(phase)
    if kind is PhaseKind.REST:
        return f"Rest, {phase.duration} seconds."
    if kind is PhaseKind.DONE:
        return "All done. Well done."
    word = {
        PhaseKind.LOWER: "Lower",
        PhaseKind.HOLD: "Hold",
        PhaseKind.RETURN: "Up",
        PhaseKind.LIFT: "Lift",
    }[kind]
    starts_rep = kind is PhaseKind.LIFT or (
        kind is PhaseKind.LOWER and phase.exercise == GOOD_MORNING
    )
    first_of_set = starts_rep and phase.rep_number == 1
    if first_of_set and phase.set_number is not None and phase.set_total is not None:
        return f"Set {phase.set_number} of {phase.set_total}. {word}"
    return word
