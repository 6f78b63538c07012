"""Which cue each moment of a session deserves: pure, so it is tested without any sound.

A phase that begins gets the `phase` tone and its spoken line; the end of the session gets the
`finish` chime; a change of position says "Starting in 5" 5 s before it ends; a countdown
longer than 3 s gets a `tick` on each of its last 3 seconds (a 2 s lowering does not tick: its
own tone already keeps the beat).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.routine.plan import Phase, PhaseKind
from tracker.sound import tones
from tracker.sound.voice import line_for

FINAL_SECONDS = 3
# A change of position longer than this says "Starting in 5" at 5 s left: the person on the
# floor hears when it goes on, and can press Space for more time.
STARTING_IN = 5
_EPSILON = 1e-6


@dataclass(frozen=True)
class Cue:
    """One thing to play: a tone, a spoken line, or both."""

    tone: str | None = None
    say: str = ""


def in_final_seconds(phase: Phase, remaining: float) -> bool:
    """Whether the countdown of `phase` is in its marked last seconds."""
    return phase.timed and phase.duration > FINAL_SECONDS and remaining <= FINAL_SECONDS


class Director:
    """Feed it what the engine says at each tick; it answers with the cues to play now."""

    def __init__(self) -> None:
        self._phase: Phase | None = None
        self._ticked: int | None = None  # the last whole second that ticked in this phase
        self._warned = False  # "Starting in 5" said in this phase (again after more time)

    def cues(self, entered: Sequence[Phase], current: Phase, remaining: float) -> list[Cue]:
        out: list[Cue] = []
        if entered:
            # A late tick may cross several phases: one tone and the latest line, not a burst.
            latest = entered[-1]
            if latest.kind is PhaseKind.DONE:
                out.append(Cue(tones.FINISH, line_for(latest)))
            else:
                out.append(Cue(tones.PHASE, line_for(latest)))
        if current is not self._phase:
            self._phase = current
            self._ticked = None
            self._warned = False
        if current.headline and current.timed and current.duration > STARTING_IN + 1:
            if remaining > STARTING_IN:
                self._warned = False  # more time was given: say it again when it comes
            elif not self._warned and remaining > STARTING_IN - 1:
                self._warned = True
                out.append(Cue(None, f"Starting in {STARTING_IN}."))
        if in_final_seconds(current, remaining):
            second = max(0, math.ceil(remaining - _EPSILON))
            if 1 <= second <= FINAL_SECONDS and second != self._ticked:
                self._ticked = second
                if not entered:  # a phase tone already sounds at this moment
                    out.append(Cue(tones.TICK))
        return out
