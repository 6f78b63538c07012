"""The guided session: a hands-free walk through the routine with big countdowns.

Three stages on one screen: the optional pain question, the running session, and the summary.
The engine (tracker.session_engine) does all the timing from the injected clock; this screen
only asks it what to show, a few times a second, and rings the bell when it says a phase began.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Header, Input, Label, ProgressBar, Static

from tracker.clock import Clock
from tracker.days import day_of
from tracker.paths import styles_dir
from tracker.session_engine import SessionEngine
from tracker.session_plan import TITLES, Phase
from tracker.settings import Settings
from tracker.ui.screens.session_parts import (
    SAFETY_ADVICE,
    Answer,
    block_name,
    counters_text,
    keep_partial_modal,
    leave_summary_modal,
    mmss,
    next_text,
    parse_pain,
    side_text,
    status_title,
    summary_lines,
    taken_text,
    whole_seconds,
)
from tracker.ui.widgets.footer import AppFooter
from tracker.ui.words import plural

TICK_S = 0.1

Stage = Literal["pain", "running", "summary"]
STAGES: tuple[Stage, ...] = ("pain", "running", "summary")

# Which bindings belong to which stage (the others are hidden and inactive).
_STAGE_ACTIONS: dict[str, Stage] = {
    "begin": "pain",
    "leave": "pain",
    "pause": "running",
    "skip": "running",
    "hurts": "running",
    "end": "running",
    "save": "summary",
    "discard": "summary",
}


class SessionScreen(Screen[dict[str, Any] | None]):
    """Dismisses with the session record to save, or None when nothing should be saved."""

    # Parsed when the screen is first shown, not at start-up.
    CSS_PATH = [styles_dir() / "session.tcss"]

    # Focus is placed by hand: hidden Inputs must never catch Space, n or ! during a session.
    AUTO_FOCUS = ""  # "" (not None, which means "use the app's")

    BINDINGS = [
        # Enter has priority so that the footer shows what it does while an Input has focus.
        Binding("enter", "begin", "Start", priority=True),
        Binding("escape", "leave", "Back"),
        Binding("space", "pause", "Pause/resume"),
        Binding("n", "skip", "Skip phase"),
        Binding("exclamation_mark", "hurts", "It hurts: stop", key_display="!"),
        Binding("escape", "end", "End early"),
        Binding("enter", "save", "Save", priority=True),
        Binding("escape", "discard", "Leave"),
    ]

    def __init__(self, settings: Settings, clock: Clock) -> None:
        super().__init__()
        self.settings = settings
        self.clock = clock
        self.engine = SessionEngine(settings, clock, ask_pain=True)
        self.stage: Stage = "pain"
        self._shown: dict[str, str] = {}
        self._phase_class = ""
        self._dismissed = False

    # ---- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="session-body"):
            with Vertical(id="pain-view", classes="session-view"):
                yield Label("Guided session", classes="session-heading")
                yield Static(self._plan_text(), id="pain-plan", markup=False)
                yield Label(
                    "How much does your back hurt right now, 0 to 10?",
                    id="pain-question",
                    markup=False,
                )
                yield Input(placeholder="0-10, or leave empty", id="pain-before", max_length=3)
                yield Label("", id="pain-error", classes="session-error", markup=False)
                yield Static(
                    "Enter starts (an empty answer skips the question). From then on it runs by "
                    "itself: no key per rep. Space pauses, n skips a phase, and ! stops at once "
                    "if anything hurts.",
                    id="pain-hint",
                    markup=False,
                )
            with Vertical(id="run-view", classes="session-view"):
                yield Label("", id="ex-title", markup=False)
                yield Label("", id="ex-side", markup=False)
                yield Label("", id="ex-cue", markup=False)
                with Center():
                    with Vertical(id="clock"):
                        yield Label("", id="phase-name", markup=False)
                        yield Digits("", id="countdown")
                yield Label("", id="counters", markup=False)
                with Center():
                    yield Label("Paused: press Space to carry on", id="paused-banner", markup=False)
                with Center():
                    yield ProgressBar(
                        total=max(1, self.engine.total), show_eta=False, id="session-progress"
                    )
                yield Label("", id="session-left", markup=False)
                yield Label("", id="next-up", markup=False)
            with Vertical(id="summary-view", classes="session-view"):
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
        s = self.settings
        return (
            f"Modified good morning: {plural(s.good_morning_sets, 'set')} of "
            f"{s.good_morning_reps} (hold {s.good_morning_hold} s).\n"
            f"Side-lying hip rotation: {plural(s.rotation_sets, 'set')} of {s.rotation_reps}, "
            "each side.\n"
            f"About {mmss(self.engine.total)} in all, rests and get-ready time included."
        )

    def _set_stage(self, stage: Stage) -> None:
        self.stage = stage
        for name in STAGES:
            self.set_class(name == stage, f"-stage-{name}")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        stage = _STAGE_ACTIONS.get(action)
        if stage is not None and stage != self.stage:
            return False
        if self._dismissed and stage is not None:
            return False
        return True

    # ---- the clock -------------------------------------------------------------------------

    def tick(self) -> None:
        """Catch up with the clock, ring for each phase begun, redraw (called by a timer)."""
        if self.stage != "running" or self._dismissed:
            return
        self._ring(self.engine.tick())
        if self.engine.finished:
            self._show_summary()
        else:
            self._draw()

    def _ring(self, entered: list[Phase]) -> None:
        if not self.settings.bell:
            return
        for _ in entered:
            self.app.bell()

    def _show(self, widget_id: str, text: str) -> None:
        """Update a label only when its text changes (the timer runs ten times a second)."""
        if self._shown.get(widget_id) == text:
            return
        self._shown[widget_id] = text
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, Digits):
            widget.update(text)
        elif isinstance(widget, Label):
            widget.update(text)

    def _draw(self) -> None:
        engine = self.engine
        phase = engine.current
        self._show("ex-title", phase.title)
        self._show("ex-side", side_text(phase))
        self._show("ex-cue", phase.cue)
        self._show("phase-name", phase.label)
        self._show("countdown", str(whole_seconds(engine.remaining())))
        self._show("counters", counters_text(phase))
        self._show(
            "session-left",
            f"Session: {mmss(engine.session_remaining())} left of {mmss(engine.total)}",
        )
        self._show("next-up", next_text(phase, engine.next_phase))
        self.query_one("#session-progress", ProgressBar).update(
            progress=engine.progress() * max(1, engine.total)
        )
        self.query_one("#ex-side").display = phase.side is not None
        phase_class = f"phase-{phase.kind.value}"
        if phase_class != self._phase_class:
            clock_box = self.query_one("#clock")
            if self._phase_class:
                clock_box.remove_class(self._phase_class)
            clock_box.add_class(phase_class)
            self._phase_class = phase_class
        self.set_class(engine.paused, "-paused")

    # ---- stage 1: the pain question --------------------------------------------------------

    @on(Input.Submitted, "#pain-before")
    def _pain_before_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_begin()

    def action_begin(self) -> None:
        field = self.query_one("#pain-before", Input)
        try:
            pain = parse_pain(field.value)
        except ValueError as error:
            self.query_one("#pain-error", Label).update(str(error))
            field.focus()
            return
        self._ring(self.engine.answer_pain(pain))
        field.disabled = True
        self._set_stage("running")
        self.set_focus(None)
        self._draw()

    def action_leave(self) -> None:
        """Escape at the pain question: nothing has happened yet, so just go back."""
        self._close(None)

    # ---- stage 2: running ------------------------------------------------------------------

    def action_pause(self) -> None:
        self.engine.toggle_pause()
        self._draw()

    def action_skip(self) -> None:
        self._ring(self.engine.skip_phase())
        if self.engine.finished:
            self._show_summary()
        else:
            self._draw()

    def action_hurts(self) -> None:
        self.engine.stop_for_pain()
        self._show_summary()

    def action_end(self) -> None:
        was_paused = self.engine.paused
        if not was_paused:
            self.engine.pause()
        self._draw()

        def answered(answer: Answer | None) -> None:
            if answer == "yes":
                self.engine.end_early()
                self._show_summary()
            elif answer == "no":
                self._close(None)
            else:
                if not was_paused:
                    self.engine.resume()
                self.tick()

        self.app.push_screen(keep_partial_modal(), answered)

    # ---- stage 3: the summary --------------------------------------------------------------

    def _show_summary(self) -> None:
        engine = self.engine
        status = engine.status
        self.set_class(False, "-paused")
        self.set_class(status == "stopped", "-stopped")
        self.query_one("#summary-title", Label).update(status_title(status))
        self.query_one("#safety").display = status == "stopped"
        pain = engine.pain_before
        facts = [
            f"Status: {status}",
            f"Time taken {taken_text(engine.started_at, engine.ended_at)}",
            f"Pain before: {'-' if pain is None else pain}",
        ]
        self.query_one("#summary-facts", Label).update(" · ".join(facts))
        rows = [(block_name(row, TITLES[row["exercise"]]), row) for row in engine.results()]
        self.query_one("#summary-table", Static).update("\n".join(summary_lines(rows)))
        self._set_stage("summary")
        self.query_one("#pain-after", Input).focus()

    @on(Input.Submitted, "#pain-after, #note")
    def _summary_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self._dismissed or not self.engine.finished:
            return
        field = self.query_one("#pain-after", Input)
        try:
            pain_after = parse_pain(field.value)
        except ValueError as error:
            self.query_one("#summary-error", Label).update(f"Not saved yet. {error}")
            field.focus()
            return
        note = self.query_one("#note", Input).value.strip()
        started = self.engine.started_at
        assert started is not None  # the engine started on mount
        day = day_of(started, self.settings.day_start)
        self._close(self.engine.record(pain_after, note, day, str(uuid.uuid4())))

    def action_discard(self) -> None:
        def answered(answer: Answer | None) -> None:
            if answer == "yes":
                self._close(None)
            else:
                self.query_one("#pain-after", Input).focus()

        self.app.push_screen(leave_summary_modal(), answered)

    def _close(self, record: dict[str, Any] | None) -> None:
        if self._dismissed:
            return
        self._dismissed = True
        self._ticker.stop()
        self.dismiss(record)
