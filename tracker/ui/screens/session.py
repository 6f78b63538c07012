"""The guided session: a hands-free walk through the routine, followed from the floor.

Three stages on one screen: the optional pain question, the running session, and the summary.
The engine (tracker.routine.engine) does all the timing from the injected clock; this screen
asks it what to show a few times a second, draws the stage (the phase word and the countdown in
big letters, and a figure doing the movement), and plays the cues (tracker.sound) when a phase
begins or a countdown nears its end.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Label, ProgressBar, Static

from tracker.core.clock import Clock
from tracker.core.days import day_of
from tracker.core.paths import styles_dir
from tracker.core.settings import Settings
from tracker.notify.keep_awake import KeepAwake
from tracker.routine import figure
from tracker.routine.engine import SessionEngine
from tracker.routine.exercises import ROUTINE, Routine
from tracker.routine.plan import Phase, overview
from tracker.sound import tones
from tracker.sound.director import Cue, Director, in_final_seconds
from tracker.sound.players import CuePlayer, check_player
from tracker.ui import bigtext
from tracker.ui.screens.session_parts import (
    HIGH_PAIN,
    PAIN_QUESTION,
    PAIN_QUESTION_NOTE,
    RED_FLAGS,
    SAFETY_ADVICE,
    Answer,
    big_counts,
    block_name,
    counters_text,
    done_facts,
    high_pain_modal,
    keep_partial_modal,
    leave_summary_modal,
    mmss,
    next_text,
    parse_pain,
    quit_modal,
    side_text,
    status_title,
    summary_lines,
    taken_text,
    whole_seconds,
)
from tracker.ui.widgets.banner import BigBanner
from tracker.ui.widgets.counts import Count, CountsBoard
from tracker.ui.widgets.footer import AppFooter
from tracker.ui.widgets.stage import SessionStage, StageView

# The screen's clock: ten looks a second keep the countdown and the figure smooth; the stage
# itself redraws only when the second or the pose changes.
TICK_S = 0.1

# The big word over the summary, by how the session ended (none after a stop for pain).
DONE_WORDS = {"complete": "DONE", "partial": "ENDED"}

# What the stage says while a get-ready waits for a key.
WAITING_DIGITS = "SPACE"
PAUSED_WORD = "Paused"

NOTHING_SAVED = "Ended before the first rep: nothing was done, so nothing was saved."

Stage = Literal["pain", "running", "summary"]
STAGES: tuple[Stage, ...] = ("pain", "running", "summary")

# Which bindings belong to which stage (the others are hidden and inactive).
_STAGE_ACTIONS: dict[str, Stage] = {
    "begin": "pain",
    "leave": "pain",
    "pause": "running",
    "more_time": "running",
    "in_position": "running",
    "skip": "running",
    "hurts": "running",
    "end": "running",
    "save": "summary",
    "discard": "summary",
}


def stage_templates(phases: tuple[Phase, ...]) -> tuple[str, str]:
    """The widest phase word and countdown of a plan, so the stage keeps its sizes."""
    words = {phase.label for phase in phases if phase.kind.timed} | {PAUSED_WORD}
    word = max(sorted(words), key=lambda w: bigtext.width_for(w, 1))
    longest = max((phase.duration for phase in phases), default=0)
    digits = "".join("0" if char.isdigit() else char for char in bigtext.countdown_text(longest))
    return word, digits


class SessionScreen(Screen[dict[str, Any] | None]):
    """Dismisses with the session record to save, or None when nothing should be saved.

    `quit_requested` is set when the user chose to quit supple (ctrl+q) once the record, if
    any, is saved. `nothing_saved` is set when the session ended before its first rep: there
    was nothing to keep (NOTHING_SAVED says so). `rest_today` is set when the user chose to
    rest at the high-pain question (no record; the app makes today a rest day, as it does
    after a stopped session).
    """

    # Parsed when the screen is first shown, not at start-up.
    CSS_PATH = [styles_dir() / "session.tcss"]

    # Focus is placed by hand: hidden Inputs must never catch Space, n or ! during a session.
    AUTO_FOCUS = ""  # "" (not None, which means "use the app's")

    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]

    BINDINGS = [
        # Enter has priority so that the footer shows what it does while an Input has focus.
        Binding("enter", "begin", "Start", priority=True),
        Binding("escape", "leave", "Back"),
        Binding("space", "pause", "Pause/resume"),
        Binding("m", "more_time", "More time"),
        Binding("enter", "in_position", "In position"),
        Binding("n", "skip", "Skip phase"),
        Binding("exclamation_mark", "hurts", "It hurts: stop", key_display="!"),
        Binding("escape", "end", "End early"),
        Binding("enter", "save", "Save", priority=True),
        Binding("escape", "discard", "Leave"),
        # Asks before quitting mid-session (the app's own ctrl+q yields to this one).
        Binding("ctrl+q", "quit_supple", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        cues: CuePlayer | None = None,
        routine: Routine = ROUTINE,
        pain_notice: str = "",
        keep_awake: KeepAwake | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.pain_notice = pain_notice  # pain that stays high or jumps: said before it starts
        self.clock = clock
        self.engine = SessionEngine(settings, clock, ask_pain=True, routine=routine)
        self.cues = cues or CuePlayer(
            settings.sound, settings.voice, settings.bell, check=check_player
        )
        self.director = Director()
        # Held while the session runs and is not paused (the person is on the floor).
        self.keep_awake = keep_awake if keep_awake is not None else KeepAwake()
        self._holding_awake = False
        self.stage: Stage = "pain"
        self.quit_requested = False
        self.rest_today = False  # "rest today" at the high-pain question: make it a rest day
        self.nothing_saved = False  # ended before the first rep: nothing was saved
        self._shown: dict[str, str] = {}
        self._phase_class = ""
        self._progress_shown = -1
        self._dismissed = False
        self._asking = False
        self._waiting_shown = (False, False)

    @property
    def asks_before_quit(self) -> bool:
        """Whether ctrl+q should ask first: a session is under way or waits to be saved."""
        return self.stage in ("running", "summary") and not self._dismissed

    # ---- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="session-body"):
            with Vertical(id="pain-view", classes="session-view"):
                yield Label("Guided session", classes="session-heading")
                yield Static(self._plan_text(), id="pain-plan", markup=False)
                yield Label(PAIN_QUESTION, id="pain-question", markup=False)
                yield Input(placeholder="0-10, or leave empty", id="pain-before", max_length=3)
                yield Label("", id="pain-error", classes="session-error", markup=False)
                yield Static(PAIN_QUESTION_NOTE, id="pain-nerve", markup=False)
                notice = Static(self.pain_notice, id="pain-notice", markup=False)
                notice.display = bool(self.pain_notice)
                yield notice
                yield Static(
                    "Enter starts (an empty answer skips the question). From then on it runs by "
                    "itself: no key per rep. Space pauses, n skips a phase, and ! stops at once "
                    "if anything hurts.",
                    id="pain-hint",
                    markup=False,
                )
            with Vertical(id="run-view", classes="session-view"):
                yield Label("", id="ex-title", markup=False)
                yield Label("", id="ex-cue", markup=False)
                word, digits = stage_templates(self.engine.phases)
                yield SessionStage(word, digits, id="stage")
                yield CountsBoard(id="counts")
                with Horizontal(id="run-status"):
                    yield Label("", id="counters", markup=False)
                    yield ProgressBar(
                        total=max(1, self.engine.total),
                        show_eta=False,
                        show_percentage=False,
                        id="session-progress",
                    )
                    yield Label("", id="session-left", markup=False)
                yield Label("", id="next-up", markup=False)
            with Vertical(id="summary-view", classes="session-view"):
                yield BigBanner(id="done-word")
                yield Label("", id="done-facts", markup=False)
                yield Label("", id="summary-title", classes="session-heading", markup=False)
                safety = Static(SAFETY_ADVICE, id="safety", markup=False)
                safety.border_title = "Your safety"
                yield safety
                yield Label("", id="summary-facts", markup=False)
                yield Static("", id="summary-table", markup=False)
                with Horizontal(classes="summary-field"):
                    yield Label("Pain after (0-10)", classes="field-label", markup=False)
                    yield Input(placeholder="optional", id="pain-after", max_length=3)
                with Horizontal(classes="summary-field"):
                    yield Label("Note", classes="field-label", markup=False)
                    yield Input(placeholder="optional", id="note", max_length=500)
                yield Label("", id="summary-error", classes="session-error", markup=False)
                yield Label(
                    "Enter saves · Tab moves between the fields", id="summary-hint", markup=False
                )
                flags = Static(RED_FLAGS, id="red-flags", markup=False)
                flags.border_title = "When to get help"
                yield flags
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = "Guided session"
        for field in self.query(Input):
            field.cursor_blink = False
        self.engine.start()
        self._set_stage("pain")
        self.query_one("#pain-before", Input).focus()
        self._ticker = self.set_interval(TICK_S, self.tick)

    def _plan_text(self) -> str:
        return "\n".join(
            [
                *overview(self.settings, self.engine.routine),
                f"About {mmss(self.engine.total)} in all, rests and get-ready time included.",
                f"Sound: {self.cues.status()}.",
            ]
        )

    def _set_stage(self, stage: Stage) -> None:
        self.stage = stage
        # One restyle of the whole screen for the change, not one per class changed.
        wanted = f"-stage-{stage}"
        stale = [f"-stage-{n}" for n in STAGES if n != stage and self.has_class(f"-stage-{n}")]
        if stale or not self.has_class(wanted):
            self.remove_class(*stale, update=False)
            self.add_class(wanted, update=False)
            self.update_node_styles()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        stage = _STAGE_ACTIONS.get(action)
        if stage is not None and stage != self.stage:
            return False
        if self._dismissed and stage is not None:
            return False
        if action == "in_position":
            return self.engine.waiting
        if action == "more_time":  # in the footer only while getting into position
            return self.stage == "running" and self._more_seconds() > 0
        return True

    # ---- the clock -------------------------------------------------------------------------

    def tick(self) -> None:
        """Catch up with the clock, cue each phase begun, redraw (called by a timer)."""
        if self._dismissed:
            return
        self._tell(self.cues.notices())
        if self.stage != "running":
            return
        self._cue(self.engine.tick())
        if self.engine.finished:
            self._show_summary()
        else:
            self._draw()

    def _cue(self, entered: list[Phase]) -> None:
        """Tones and voice for what just happened; the bell when no tone can play."""
        engine = self.engine
        current = engine.current
        for cue in self.director.cues(entered, current, engine.remaining()):
            self.cues.play(cue)
            if cue.tone != tones.TICK and self.settings.bell and not self.cues.plays_tones:
                self.app.bell()
        self._tell(self.cues.notices())

    def _tell(self, notices: list[str]) -> None:
        for notice in notices:
            self.notify(notice, title="Sound", timeout=8, markup=False)

    def _show(self, widget_id: str, text: str) -> None:
        """Update a label only when its text changes (the timer runs ten times a second)."""
        if self._shown.get(widget_id) == text:
            return
        self._shown[widget_id] = text
        self.query_one(f"#{widget_id}", Label).update(text)

    def stage_view(self) -> StageView:
        """What the stage should show now."""
        engine = self.engine
        phase = engine.current
        remaining = engine.remaining()
        if engine.waiting:
            digits = WAITING_DIGITS
        else:
            digits = bigtext.countdown_text(whole_seconds(remaining))
        progress = 0.0
        if phase.duration > 0 and phase.timed:
            progress = 1.0 - remaining / phase.duration
        amount = figure.quantise(figure.pose_amount(phase.step, progress))
        return StageView(
            word=PAUSED_WORD if engine.paused else phase.label,
            digits=digits,
            body=None if phase.spec is None else phase.spec.body,
            amount=amount,
            final=in_final_seconds(phase, remaining) and not engine.paused,
            headline=() if engine.paused else phase.headline,
            mirror=phase.spec is not None
            and phase.side is not None
            and phase.spec.sides.index(phase.side) > 0,
        )

    def _draw(self) -> None:
        engine = self.engine
        phase = engine.current
        title = phase.title + (f" · {side_text(phase)}" if phase.side else "")
        self._show("ex-title", title)
        self._show("ex-cue", phase.cue)
        view = self.stage_view()
        stage = self.query_one(SessionStage)
        stage.show(view)
        self._show("counters", counters_text(phase))
        left = mmss(engine.session_remaining())
        self._show("session-left", f"{left} left")
        board = self.query_one(CountsBoard)
        board.show(tuple(Count(label, text) for label, text in big_counts(phase, left)))
        # A change of position on a small screen needs the rows more than the counts do.
        board.display = not (view.headline and board.scale < 2)
        if engine.paused:
            below = "Paused: press Space to carry on"
        elif engine.waiting:
            below = "Press Space or Enter when you are in position"
        elif self._more_seconds():
            below = f"m: {self._more_seconds()} s more · {next_text(phase, engine.next_phase)}"
        else:
            below = next_text(phase, engine.next_phase)
        self._show("next-up", below)
        done = int(engine.progress() * max(1, engine.total))
        if done != self._progress_shown:
            self._progress_shown = done
            self.query_one("#session-progress", ProgressBar).update(progress=done)
        phase_class = f"phase-{phase.kind.value}"
        if phase_class != self._phase_class:
            if self._phase_class:  # restyled once, by add_class
                stage.remove_class(self._phase_class, update=False)
            stage.add_class(phase_class)
            self._phase_class = phase_class
        stage.set_class(view.final, "-final")
        self.set_class(engine.paused, "-paused")
        self._keep_awake()
        # the footer shows Enter only while waiting, m only while more time can be had
        shown = (engine.waiting, self._more_seconds() > 0)
        if shown != self._waiting_shown:
            self._waiting_shown = shown
            self.refresh_bindings()

    def _keep_awake(self) -> None:
        """Hold the screen awake while the session runs unpaused; let go otherwise."""
        engine = self.engine
        wanted = (
            self.stage == "running"
            and not self._dismissed
            and not engine.paused
            and not engine.finished
        )
        if wanted != self._holding_awake:
            self._holding_awake = wanted
            if wanted:
                self.keep_awake.hold()
            else:
                self.keep_awake.release()

    # ---- stage 1: the pain question --------------------------------------------------------

    @on(Input.Submitted, "#pain-before")
    def _pain_before_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_begin()

    def action_begin(self) -> None:
        # Enter is a priority binding, so it can overtake keys still on their way to the field
        # (a digit and Enter in one read: a paste, a fast typist, a slow link). Reading the
        # field from the field's own queue sees every key that came before Enter.
        field = self.query_one("#pain-before", Input)
        field.call_later(self._begin)

    def _begin(self) -> None:
        if self.stage != "pain" or self._dismissed or self._asking:
            return
        field = self.query_one("#pain-before", Input)
        try:
            pain = parse_pain(field.value)
        except ValueError as error:
            self.query_one("#pain-error", Label).update(str(error))
            field.focus()
            return
        if pain is not None and pain >= HIGH_PAIN:
            self._ask_high_pain(pain)
            return
        self._start(pain)

    def _ask_high_pain(self, pain: int) -> None:
        """A bad day: say what the safety advice says and let the user choose."""

        def answered(answer: Answer | None) -> None:
            self._asking = False
            if answer == "yes":
                self._start(pain)
            elif answer == "no":
                self.rest_today = True  # no session is saved; today becomes a rest day
                self._close(None)
            else:
                self.query_one("#pain-before", Input).focus()

        self._asking = True
        self.app.push_screen(high_pain_modal(pain), answered)

    def _start(self, pain: int | None) -> None:
        self.query_one("#pain-before", Input).disabled = True
        self._set_stage("running")
        self.set_focus(None)
        self._cue(self.engine.answer_pain(pain))
        self._draw()

    def action_leave(self) -> None:
        """Escape at the pain question: nothing has happened yet, so just go back."""
        self._close(None)

    # ---- stage 2: running ------------------------------------------------------------------

    def action_pause(self) -> None:
        if self.engine.waiting:  # Space is the big key to press from the floor
            self.action_in_position()
            return
        self.engine.toggle_pause()
        self._draw()

    def action_more_time(self) -> None:
        """m while getting into position: a few more seconds, the countdown going on (Space
        pauses, as everywhere in the session)."""
        more = self._more_seconds()
        if more and self.engine.extend(more):
            self.cues.play(Cue(None, f"{more} more seconds."))
            self._draw()

    def _more_seconds(self) -> int:
        """What m adds now: a change of position's more time (0 elsewhere, or paused)."""
        engine = self.engine
        phase = engine.current
        if engine.paused or phase.spec is None or not phase.headline or not phase.timed:
            return 0
        return phase.spec.get_ready.more_seconds

    def action_in_position(self) -> None:
        if self.engine.waiting:
            self.action_skip()

    def action_skip(self) -> None:
        self._cue(self.engine.skip_phase())
        if self.engine.finished:
            self._show_summary()
        else:
            self._draw()

    def action_hurts(self) -> None:
        self.engine.stop_for_pain()
        self._show_summary()

    def _ask_paused(self, modal: Any, answered_yes: Any, answered_no: Any) -> None:
        """Pause, ask, and carry on (with the clock right) unless the answer says otherwise."""
        was_paused = self.engine.paused
        if not was_paused:
            self.engine.pause()
        self._draw()

        def answered(answer: Answer | None) -> None:
            self._asking = False
            if answer == "yes":
                answered_yes()
            elif answer == "no" and answered_no is not None:
                answered_no()
            else:
                if not was_paused:
                    self.engine.resume()
                self.tick()

        self._asking = True
        self.app.push_screen(modal, answered)

    @property
    def nothing_done(self) -> bool:
        """Whether not one rep has been done yet (ending now would save an empty session)."""
        return not any(row["done_reps"] for row in self.engine.results())

    def _end_with_nothing_done(self) -> None:
        """Ending before the first rep: nothing to keep, so nothing is saved (and it says so)."""
        self.nothing_saved = True
        self.engine.end_early()
        self._close(None)

    def action_end(self) -> None:
        def keep() -> None:
            if self.nothing_done:
                self._end_with_nothing_done()
                return
            self.engine.end_early()
            self._show_summary()

        self._ask_paused(keep_partial_modal(), keep, lambda: self._close(None))

    def action_quit_supple(self) -> None:
        """ctrl+q: quit at once when nothing would be lost; otherwise ask first."""
        if self._asking:
            return
        if not self.asks_before_quit:
            self.app.exit()
            return
        if self.stage == "running":

            def keep_and_quit() -> None:
                self.quit_requested = True
                if self.nothing_done:
                    self._end_with_nothing_done()
                    return
                self.engine.end_early()
                self._save(None, "")

            self._ask_paused(quit_modal(running=True), keep_and_quit, None)
            return

        def save_and_quit() -> None:
            self._asking = False
            self.quit_requested = True
            self._save_fields()
            if not self._dismissed:  # the pain-after field needs fixing first
                self.quit_requested = False

        def answered(answer: Answer | None) -> None:
            self._asking = False
            if answer == "yes":
                save_and_quit()
            else:
                self.query_one("#pain-after", Input).focus()

        self._asking = True
        self.app.push_screen(quit_modal(running=False), answered)

    # ---- stage 3: the summary --------------------------------------------------------------

    def _show_summary(self) -> None:
        engine = self.engine
        status = engine.status
        self.set_class(False, "-paused")
        self.set_class(status == "stopped", "-stopped")
        self.query_one("#summary-title", Label).update(status_title(status))
        self.query_one("#safety").display = status == "stopped"
        self.query_one("#red-flags").display = status == "stopped"
        pain = engine.pain_before
        facts = [
            f"Status: {status}",
            f"Time taken {taken_text(engine.active_seconds(), engine.paused_seconds())}",
            f"Pain before: {'-' if pain is None else pain}",
        ]
        self.query_one("#summary-facts", Label).update(" · ".join(facts))
        titles = engine.routine.title
        results = engine.results()
        rows = [(block_name(row, titles(row["exercise"])), row) for row in results]
        # The big finish (not after a stop for pain: that screen is about safety).
        word = DONE_WORDS.get(status, "")
        self.query_one(BigBanner).show(word)
        done = self.query_one("#done-facts", Label)
        done.display = bool(word)
        done.update(done_facts(engine.active_seconds(), results))
        self.query_one("#summary-table", Static).update("\n".join(summary_lines(rows)))
        self._set_stage("summary")
        self._keep_awake()
        self.query_one("#pain-after", Input).focus()

    @on(Input.Submitted, "#pain-after, #note")
    def _summary_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        # As at the pain question: read the fields after the keys that came before Enter.
        focused = self.focused
        if isinstance(focused, Input):
            focused.call_later(self._save_fields)
        else:
            self._save_fields()

    def _save_fields(self) -> None:
        if self._dismissed or not self.engine.finished:
            return
        field = self.query_one("#pain-after", Input)
        try:
            pain_after = parse_pain(field.value)
        except ValueError as error:
            self.query_one("#summary-error", Label).update(f"Not saved yet. {error}")
            field.focus()
            return
        self._save(pain_after, self.query_one("#note", Input).value.strip())

    def _save(self, pain_after: int | None, note: str) -> None:
        started = self.engine.started_at
        assert started is not None  # the engine started on mount
        day = day_of(started, self.settings.day_start)
        self._close(self.engine.record(pain_after, note, day, str(uuid.uuid4())))

    def action_discard(self) -> None:
        def answered(answer: Answer | None) -> None:
            self._asking = False
            if answer == "yes":
                self._close(None)
            else:
                self.query_one("#pain-after", Input).focus()

        self._asking = True
        self.app.push_screen(leave_summary_modal(), answered)

    def _close(self, record: dict[str, Any] | None) -> None:
        if self._dismissed:
            return
        self._dismissed = True
        self._ticker.stop()
        self._keep_awake()
        # close() waits a moment for the worker: not on the UI thread.
        threading.Thread(target=self.keep_awake.close, daemon=True).start()
        self.cues.close()
        self.dismiss(record)
