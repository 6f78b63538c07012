"""The guided session: a plan of timed phases, and an engine that walks it by the clock.

Pure and UI-agnostic (stdlib only, no I/O): the Session screen drives it with a timer and shows
what it says; tests drive it with a FakeClock.

The plan, in order:

    [pain question] ->
    for each exercise and side (good morning; rotation left; rotation right):
        get ready (skipped when `get-ready` is 0),
        for each set: every rep's phases, then rest (between sets only; skipped when `rest` is 0)
    -> done

A good-morning rep is LOWER (tempo) + HOLD (hold) + RETURN (tempo); a rotation rep is
LIFT (tempo) + LOWER (tempo), with no hold.

Timing is a stopwatch, never a counter: the current phase has a monotonic deadline, the next
phase's deadline is the previous deadline plus its duration, and "remaining" is always
`deadline - clock.monotonic()`. However rarely `tick()` is called, nothing drifts; a late tick
simply crosses several phases at once and reports each of them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Literal, TypedDict

from tracker.clock import Clock
from tracker.settings import Settings

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
    GET_READY = "get-ready"  # countdown to get into position, before each exercise and side
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

    @property
    def label(self) -> str:
        return self.kind.label

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


# Cues: one short line each, in our own words, true to the source routine.
# "Left side" of the rotation means the left leg is on top and does the moving.
_PAIN_CUE = "How much does your back hurt right now, 0 to 10? Enter skips."
_DONE_CUE = "All done. Nice work: doing it daily is what counts."
_REST_CUE = "Rest. Breathe and stay loose; nothing should hurt."
_GET_READY_CUES: dict[tuple[str, str | None], str] = {
    (GOOD_MORNING, None): "Stand tall, feet hip-width apart, spine long.",
    (ROTATION, "left"): (
        "Lie on your right side, left leg on top: knees bent about 45°, small ball between them."
    ),
    (ROTATION, "right"): (
        "Lie on your left side, right leg on top: knees bent about 45°, small ball between them."
    ),
}
_REP_CUES: dict[tuple[str, PhaseKind], str] = {
    (GOOD_MORNING, PhaseKind.LOWER): (
        "Hinge at the hips, spine long, and shift your weight back a little."
    ),
    (GOOD_MORNING, PhaseKind.HOLD): "Hold: long spine, feel the back of your legs stretch.",
    (GOOD_MORNING, PhaseKind.RETURN): "Come back up slowly, hinging at the hips, spine long.",
    (ROTATION, PhaseKind.LIFT): "Slowly lift the top foot; the ball stays between your knees.",
    (ROTATION, PhaseKind.LOWER): "Slowly lower the top foot, under control.",
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
    )


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
        if settings.get_ready > 0:
            phases.append(
                phase(PhaseKind.GET_READY, settings.get_ready, _GET_READY_CUES[(ex, side)], 1)
            )
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


class SessionEngine:
    """Walks the plan by the clock. Call `tick()` often (a few times a second); the UI reads
    `current`, `remaining()`, `session_remaining()`, `progress()` and `next_phase`.

    Every reader first catches up with the clock, so the values are right even between ticks;
    phases entered while catching up are kept and handed out by the next `tick()` (or
    `skip_phase()` / `answer_pain()`), so the UI can ring the bell once per phase change.

    Rep counting: a rep counts as done when its last phase (RETURN for a good morning, LOWER for
    a rotation) ends, whether its time ran out or it was skipped with `skip_phase()`. `n` means
    "I have done this bit, move on", so skipping through a rep's phases still counts the rep;
    skipping an earlier phase of a rep just moves to the next phase of the same rep. To stop
    counting, the user ends the session (`end_early()` or `stop_for_pain()`). A set counts as
    done when all its reps are done.
    """

    def __init__(self, settings: Settings, clock: Clock, ask_pain: bool = True) -> None:
        self._clock = clock
        self._phases: tuple[Phase, ...] = tuple(build_plan(settings, ask_pain))
        self._blocks: tuple[Block, ...] = tuple(planned_blocks(settings))
        self._total = total_seconds(self._phases)
        # _after[i]: seconds planned after phase i
        after: list[int] = []
        running_sum = 0
        for phase in reversed(self._phases):
            after.append(running_sum)
            running_sum += phase.duration
        self._after: tuple[int, ...] = tuple(reversed(after))
        self._index = 0
        self._deadline = 0.0  # monotonic end of the current timed phase
        self._paused_at: float | None = None  # monotonic moment of the pause
        self._status: Status = "ready"
        self._started_at: datetime | None = None
        self._ended_at: datetime | None = None
        self._pain_before: int | None = None
        self._final_progress = 0.0
        self._done_reps: set[tuple[str, str | None, int, int]] = set()
        self._entered: list[Phase] = []

    # -- reading -------------------------------------------------------------------------

    @property
    def phases(self) -> tuple[Phase, ...]:
        return self._phases

    @property
    def total(self) -> int:
        """Planned seconds of the whole session."""
        return self._total

    @property
    def status(self) -> Status:
        self._sync()
        return self._status

    @property
    def started(self) -> bool:
        return self._status != "ready"

    @property
    def finished(self) -> bool:
        self._sync()
        return self._status in FINAL_STATUSES

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def started_at(self) -> datetime | None:
        return self._started_at

    @property
    def ended_at(self) -> datetime | None:
        self._sync()
        return self._ended_at

    @property
    def pain_before(self) -> int | None:
        return self._pain_before

    @property
    def current(self) -> Phase:
        """The phase under way (before start: the first one; after an early end: where it
        ended)."""
        self._sync()
        return self._phases[self._index]

    @property
    def next_phase(self) -> Phase | None:
        """What comes after the current phase, for "Next: ..."; None once finished."""
        self._sync()
        if self._status in FINAL_STATUSES or self._index + 1 >= len(self._phases):
            return None
        return self._phases[self._index + 1]

    def remaining(self) -> float:
        """Seconds left in the current phase (0 for the untimed pain question and the end)."""
        self._sync()
        if self._status == "ready":
            return float(self._phases[self._index].duration)
        if self._status != "running" or not self._phases[self._index].kind.timed:
            return 0.0
        return max(0.0, self._deadline - self._now())

    def session_remaining(self) -> float:
        """Seconds left in the whole session: this phase's remainder plus all later phases."""
        self._sync()
        if self._status == "ready":
            return float(self._total)
        if self._status != "running":
            return 0.0
        return self.remaining() + self._after[self._index]

    def progress(self) -> float:
        """How much of the planned time is behind us, 0..1."""
        self._sync()
        if self._status == "ready":
            return 0.0
        if self._status == "complete":
            return 1.0
        if self._status != "running":
            return self._final_progress
        if self._total <= 0:
            return 0.0
        return min(1.0, max(0.0, 1.0 - self.session_remaining() / self._total))

    def results(self) -> list[ExerciseResult]:
        """Planned and done sets and reps, one entry per exercise and side."""
        self._sync()
        rows: list[ExerciseResult] = []
        for block in self._blocks:
            ex, side = block.exercise, block.side
            done_reps = sum(1 for key in self._done_reps if key[:2] == (ex, side))
            done_sets = sum(
                1
                for s in range(1, block.sets + 1)
                if all((ex, side, s, r) in self._done_reps for r in range(1, block.reps + 1))
            )
            rows.append(
                {
                    "exercise": ex,
                    "side": side,
                    "planned_sets": block.sets,
                    "planned_reps": block.reps,
                    "done_sets": done_sets,
                    "done_reps": done_reps,
                }
            )
        return rows

    # -- driving ---------------------------------------------------------------------------

    def start(self) -> None:
        """Begin now. With a pain question first, it waits for `answer_pain()`."""
        if self._status != "ready":
            raise RuntimeError("the session has already started")
        self._started_at = self._clock.now()
        self._status = "running"
        self._enter(0, self._clock.monotonic(), announce=False)

    def tick(self) -> list[Phase]:
        """Catch up with the clock; return the phases entered since the last call, in order."""
        self._sync()
        entered, self._entered = self._entered, []
        return entered

    def answer_pain(self, value: int | None) -> list[Phase]:
        """Answer the pain question (None = skipped) and start the first timed phase."""
        pain = check_pain(value, "pain before")
        if self._status != "running" or self._phases[self._index].kind is not PhaseKind.PAIN_BEFORE:
            raise RuntimeError("no pain question is waiting for an answer")
        self._pain_before = pain
        self._enter(self._index + 1, self._now())
        return self.tick()

    def skip_phase(self) -> list[Phase]:
        """End the current phase now and move on (see the class docstring for reps)."""
        self._sync()
        if self._status != "running":
            return self.tick()
        phase = self._phases[self._index]
        if phase.kind is PhaseKind.PAIN_BEFORE:
            return self.answer_pain(None)
        self._complete_current()
        self._enter(self._index + 1, self._now())
        return self.tick()

    def pause(self) -> None:
        """Freeze the countdowns (no-op unless running)."""
        self._sync()
        if self._status == "running" and self._paused_at is None:
            self._paused_at = self._clock.monotonic()

    def resume(self) -> None:
        """Continue where it was paused: the deadline moves by the time spent paused."""
        if self._paused_at is None:
            return
        self._deadline += self._clock.monotonic() - self._paused_at
        self._paused_at = None

    def toggle_pause(self) -> bool:
        """Pause or resume; returns whether it is now paused."""
        if self._paused_at is None:
            self.pause()
        else:
            self.resume()
        return self.paused

    def stop_for_pain(self) -> None:
        """Something hurts: finish at once with status "stopped"."""
        self._sync()
        if self._status in ("ready", "running"):
            self._final_progress = self.progress()
            self._finish("stopped")
            self._entered.clear()  # the stop is the last change; no bells after it

    def end_early(self) -> None:
        """Finish now with status "partial" (or "complete" if every rep is already done)."""
        self._sync()
        if self._status in ("ready", "running"):
            self._final_progress = self.progress()
            planned = sum(block.sets * block.reps for block in self._blocks)
            self._finish("complete" if len(self._done_reps) >= planned else "partial")
            self._entered.clear()

    def record(
        self, pain_after: int | None, note: str, day: date, session_id: str
    ) -> dict[str, object]:
        """The finished session as a store record (kind "guided")."""
        self._sync()
        if self._status not in FINAL_STATUSES:
            raise RuntimeError("the session is not finished yet")
        after = check_pain(pain_after, "pain after")
        if not isinstance(note, str):
            raise ValueError("note must be text")
        assert self._started_at is not None and self._ended_at is not None
        return {
            "id": session_id,
            "date": day.isoformat(),
            "started_at": self._started_at.isoformat(timespec="seconds"),
            "ended_at": self._ended_at.isoformat(timespec="seconds"),
            "kind": "guided",
            "status": self._status,
            "exercises": self.results(),
            "pain_before": self._pain_before,
            "pain_after": after,
            "note": note,
        }

    # -- internals ---------------------------------------------------------------------------

    def _now(self) -> float:
        """Monotonic time as the countdowns see it: frozen while paused."""
        return self._paused_at if self._paused_at is not None else self._clock.monotonic()

    def _sync(self) -> None:
        """Cross every timed phase whose deadline has passed."""
        if self._status != "running":
            return
        now = self._now()
        while self._phases[self._index].kind.timed and self._deadline <= now:
            ended = self._deadline
            self._complete_current()
            self._enter(self._index + 1, ended)
            if self._status != "running":
                return

    def _complete_current(self) -> None:
        phase = self._phases[self._index]
        if phase.ends_rep:
            assert phase.exercise is not None
            assert phase.set_number is not None and phase.rep_number is not None
            self._done_reps.add((phase.exercise, phase.side, phase.set_number, phase.rep_number))

    def _enter(self, index: int, start: float, announce: bool = True) -> None:
        """Make phase `index` current, beginning at monotonic `start`."""
        self._index = index
        phase = self._phases[index]
        if announce:
            self._entered.append(phase)
        if phase.kind is PhaseKind.DONE:
            self._finish("complete", at=start)
        else:
            self._deadline = start + phase.duration

    def _finish(self, status: Status, at: float | None = None) -> None:
        """End the session; `at` is the monotonic moment it really ended (default: now)."""
        now = self._clock.now()
        if at is not None:
            now -= timedelta(seconds=max(0.0, self._clock.monotonic() - at))
        self._status = status
        self._ended_at = now
        if self._started_at is None:
            self._started_at = now
        self._paused_at = None
