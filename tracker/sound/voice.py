"""What the voice says as each phase begins: a word or two, to follow with the eyes shut.

Pure. The exercises' own words (a step's word, the get-ready line) are declared with them in
`tracker.routine.exercises`; this adds the set number at the start of each set, the count of
each rep as it begins ("Seven. Lower", "Last one. Lower"), "Halfway" at the start of a set's
second half, and the lines that belong to no exercise. The lines are short on purpose: a rep's
phases last a couple of seconds, and a spoken word must be over before the next one is due.
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
        return f"Rest, {phase.duration} second{'' if phase.duration == 1 else 's'}."
    if kind is PhaseKind.DONE:
        return "All done. Well done."
    if kind is PhaseKind.GET_READY:
        if phase.spec is None:
            return "Get ready."
        ready = phase.spec.get_ready
        line = fill(ready.say, phase.side)
        if phase.turn and ready.turn_say:
            line = f"{fill(ready.turn_say, phase.side)} {line}"
        if phase.waits:
            line += " Press space when you are in position."
        return line
    word = phase.step.say if phase.step is not None else phase.label
    if not phase.starts_rep or phase.rep_number is None or phase.rep_total is None:
        return word
    parts = []
    if phase.rep_number == 1 and phase.set_number is not None and phase.set_total is not None:
        parts.append(f"Set {phase.set_number} of {phase.set_total}.")
    if phase.rep_number == halfway(phase.rep_total):
        parts.append("Halfway.")
    parts.append(f"{rep_count(phase.rep_number, phase.rep_total)}. {word}")
    return " ".join(parts)


_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()


def rep_count(rep: int, total: int) -> str:
    """How the voice counts a rep as it begins: "Seven", and "Last one" for the last of
    several."""
    if rep == total and total > 1:
        return "Last one"
    word = _NUMBERS[rep] if 0 <= rep < len(_NUMBERS) else str(rep)
    return word.capitalize()


def halfway(total: int) -> int | None:
    """The rep that begins the second half of a set (6 of 10), said as "Halfway"; None for
    sets too short to have a halfway worth saying (under 4 reps)."""
    return total // 2 + 1 if total >= 4 else None
