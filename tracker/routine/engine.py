"""The guided session's engine: walks the plan (`tracker.routine.plan`) by the clock.

Pure and UI-agnostic (stdlib only, no I/O): the Session screen drives it with a timer and shows
what it says; tests drive it with a FakeClock.

Timing is a stopwatch, never a counter: the current phase has a monotonic deadline, the next
phase's deadline is the previous deadline plus its duration, and "remaining" is always
`deadline - clock.monotonic()`. However rarely `tick()` is called, nothing drifts; a late tick
simply crosses several phases at once and reports each of them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tracker.core.clock import Clock
from tracker.core.settings import Settings
from tracker.routine.exercises import ROUTINE, Routine
from tracker.routine.plan import (
    FINAL_STATUSES,
    Block,
    ExerciseResult,
    Phase,
    PhaseKind,
    Status,
    build_plan,
    check_pain,
    planned_blocks,
    total_seconds,
)


class SessionEngine:
    """Walks the plan by the clock. Call `tick()` often (a few times a second); the UI reads
    `current`, `remaining()`, `session_remaining()`, `progress()` and `next_phase`.

    Every reader first catches up with the clock, so the values are right even between ticks;
    phases entered while catching up are kept and handed out by the next `tick()` (or
    `skip_phase()` / `answer_pain()`), so the UI can ring the bell once per phase change.

    `routine` is the exercises to walk through (the built-in routine unless given); `settings`
    must hold its keys.

    Rep counting: a rep counts as done when its last phase (RETURN for a good morning, LOWER for
    a rotation) ends, whether its time ran out or it was skipped with `skip_phase()`. `n` means
    "I have done this bit, move on", so skipping through a rep's phases still counts the rep;
    skipping an earlier phase of a rep just moves to the next phase of the same rep. To stop
    counting, the user ends the session (`end_early()` or `stop_for_pain()`). A set counts as
    done when all its reps are done.
    """

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        ask_pain: bool = True,
        routine: Routine = ROUTINE,
    ) -> None:
        self._clock = clock
        self.routine = routine
        self._phases: tuple[Phase, ...] = tuple(build_plan(settings, ask_pain, routine))
        self._blocks: tuple[Block, ...] = tuple(planned_blocks(settings, routine))
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
        self._paused_total = 0.0  # seconds spent paused, pauses that ended
        self._active_from: float | None = None  # monotonic start of the first timed phase
        self._ended_mono: float | None = None
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
    def waiting(self) -> bool:
        """Whether the current phase waits for a key ("I am in position") instead of a clock."""
        self._sync()
        phase = self._phases[self._index]
        return self._status == "running" and phase.waits

    def paused_seconds(self) -> float:
        """Time spent paused so far (the pause under way included)."""
        ongoing = 0.0
        if self._paused_at is not None:
            ongoing = self._clock.monotonic() - self._paused_at
        return self._paused_total + ongoing

    def active_seconds(self) -> float:
        """Time spent exercising: from the first timed phase to the end (or now), pauses left
        out. The pain question before it does not count."""
        self._sync()
        if self._active_from is None:
            return 0.0
        end = self._ended_mono if self._ended_mono is not None else self._clock.monotonic()
        return max(0.0, end - self._active_from - self.paused_seconds())

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
        if self._status != "running" or not self._phases[self._index].timed:
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
        paused = self._clock.monotonic() - self._paused_at
        self._deadline += paused
        self._paused_total += paused
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
        while self._phases[self._index].timed and self._deadline <= now:
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
        if self._active_from is None and phase.kind.timed:
            self._active_from = start
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
        self._ended_mono = at if at is not None else self._clock.monotonic()
        if self._started_at is None:
            self._started_at = now
        if self._paused_at is not None:  # ended while paused: that pause counts as a pause
            self._paused_total += self._ended_mono - self._paused_at
        self._paused_at = None
