"""What the voice says as each phase begins: a word or two, to follow with the eyes shut.

Pure. The exercises' own words (a step's word, the get-ready line) are declared with them in
`tracker.routine.exercises`; this adds the set number at the start of each set, and the lines
that belong to no exercise. The lines are short on purpose: a rep's phases last a couple of
seconds, and a spoken word must be over before the next one is due.
"""

from __future__ import annotations

from tracker.routine.exercises import fill
from tracker.routine.plan import Phase, PhaseKind


def line_for(phase: Phase) -> str:
    """The spoken cue for the start of `phase` ('' for the pain question)."""
    kind = phase.kind
    if kind is PhaseKind.PAIN_BEFORE:
        return ""
    if kind is PhaseKind.REST:
        return f"Rest, {phase.duration} seconds."
    if kind is PhaseKind.DONE:
        return "All done. Well done."
    if kind is PhaseKind.GET_READY:
        if phase.spec is None:
            return "Get ready."
        line = fill(phase.spec.get_ready.say, phase.side)
        if phase.waits:
            line += " Press space when you are in position."
        return line
    word = phase.step.say if phase.step is not None else phase.label
    first_of_set = phase.starts_rep and phase.rep_number == 1
    if first_of_set and phase.set_number is not None and phase.set_total is not None:
        return f"Set {phase.set_number} of {phase.set_total}. {word}"
    return word
