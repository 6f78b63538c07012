"""Pieces of the Session screen: the words it shows, and the "keep the partial session?" modal.

The text helpers are pure functions of engine values, so the screen stays a thin shell.
"""

from __future__ import annotations

import math
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tracker.core.settings import whole_number
from tracker.routine.exercises import fill
from tracker.routine.plan import PAIN_MAX, PAIN_MIN, ExerciseResult, Phase, PhaseKind, Status
from tracker.routine.safety import NERVE_SIGNS, NERVE_STOP, red_flag_lines

# A whisker below one second, so that float noise (0.1 * 10 != 1.0) never shows a second too many.
_EPSILON = 1e-6

# When pain keeps coming: supple's words, marked so (the source says only the rule).
_SEE_SOMEONE = (
    "supple's tip: if the pain stays, keeps coming back or runs down a leg, talk to a healthcare "
    "professional (your doctor or a physiotherapist) before you do the routine again."
)

# Shown when a session is stopped because something hurt.
SAFETY_ADVICE = (
    "Stop here for today. These exercises should cause neither discomfort nor pain, so do not "
    "push through it. supple adds: saving makes today a rest day (no reminder today). "
    f"Gentle everyday movement is fine - resting is not bed rest. {NERVE_STOP} "
    f"{_SEE_SOMEONE}"
)

# Under the summary's fields after a stop, so the fields stay in view: supple's red flags.
RED_FLAGS = "\n".join(red_flag_lines())

# Shown before a session when the pain before is already high: nothing has started yet.
HIGH_PAIN_ADVICE = (
    "These exercises should cause neither discomfort nor pain. supple's tip: on a day like "
    "this, resting from the exercises is the safer choice - gentle everyday movement, such as "
    f"walking about the house, is fine (resting is not bed rest). {_SEE_SOMEONE}"
)

# The pain question before a session: the back, and the nerve signs down a leg (supple's).
PAIN_QUESTION = "How much does your back or leg hurt right now, 0 to 10?"
PAIN_QUESTION_NOTE = (
    f"supple adds: if you have {NERVE_SIGNS}, do not start - have it checked by a doctor or "
    "physiotherapist first."
)

# A pain before the session from this score up asks whether to go on at all.
HIGH_PAIN = 7

PAIN_HELP = f"a whole number from {PAIN_MIN} to {PAIN_MAX}, or leave it empty"

STATUS_TITLES: dict[str, str] = {
    "complete": "Session complete",
    "partial": "Session ended early",
    "stopped": "Stopped: something hurt",
}


def whole_seconds(seconds: float) -> int:
    """Seconds as a countdown shows them: rounded up, never negative."""
    return max(0, math.ceil(seconds - _EPSILON))


def mmss(seconds: float) -> str:
    """A countdown as m:ss (rounded up to the second)."""
    minutes, secs = divmod(whole_seconds(seconds), 60)
    return f"{minutes}:{secs:02d}"


def duration_text(seconds: float) -> str:
    """A time taken as m:ss (rounded to the nearest second)."""
    minutes, secs = divmod(max(0, round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def parse_pain(text: str) -> int | None:
    """'' -> None (skipped); '0'..'10' -> the number; anything else -> ValueError."""
    word = text.strip()
    if not word:
        return None
    number = whole_number(word)  # ASCII digits only: '²' is a digit to str.isdigit()
    if number is None or not PAIN_MIN <= number <= PAIN_MAX:
        raise ValueError(f"Pain is {PAIN_HELP}; '{word}' is not.")
    return number


def side_text(phase: Phase) -> str:
    """The side as the exercise words it, e.g. 'Left side (left leg on top)'; '' where the
    exercise has no sides."""
    if phase.side is None:
        return ""
    label = phase.spec.side_label if phase.spec is not None else ""
    return fill(label or "{Side} side", phase.side)


def counters_text(phase: Phase) -> str:
    """'Set 2 of 3 · Rep 4 of 10'; for a rest 'Set 1 of 3 done'; for get ready 'Set 1 of 3'."""
    if phase.set_number is None or phase.set_total is None:
        return ""
    sets = f"Set {phase.set_number} of {phase.set_total}"
    if phase.kind is PhaseKind.REST:
        return f"{sets} done"
    if phase.rep_number is not None and phase.rep_total is not None:
        return f"{sets} · Rep {phase.rep_number} of {phase.rep_total}"
    return sets


def next_text(current: Phase, nxt: Phase | None) -> str:
    """What comes next, in one short line."""
    if nxt is None:
        return ""
    if nxt.kind is PhaseKind.DONE:
        return "Next: the end, then a short summary"
    if nxt.kind is PhaseKind.GET_READY:
        place = nxt.title + (f", {nxt.side} side" if nxt.side else "")
        return f"Next: Get ready for {place}"
    text = f"Next: {nxt.label} {nxt.duration} s"
    if nxt.kind is PhaseKind.REST:
        return text
    if (nxt.set_number, nxt.rep_number) != (current.set_number, current.rep_number):
        text += f" · {counters_text(nxt)}"
    return text


def block_name(row: ExerciseResult, title: str) -> str:
    return title + (f", {row['side']} side" if row["side"] else "")


def row_state(row: ExerciseResult) -> str:
    planned = row["planned_sets"] * row["planned_reps"]
    if row["done_reps"] >= planned:
        return "done"
    if row["done_reps"] == 0:
        return "not started"
    return "part done"


def summary_lines(rows: list[tuple[str, ExerciseResult]]) -> list[str]:
    """An aligned little table: one line per exercise and side, with done vs planned."""
    name_width = max([len("Exercise")] + [len(name) for name, _ in rows])
    lines = [f"{'Exercise':<{name_width}}   {'Sets':<8} {'Reps':<10} "]
    for name, row in rows:
        planned_reps = row["planned_sets"] * row["planned_reps"]
        sets = f"{row['done_sets']} of {row['planned_sets']}"
        reps = f"{row['done_reps']} of {planned_reps}"
        lines.append(f"{name:<{name_width}}   {sets:<8} {reps:<10} {row_state(row)}")
    return lines


def taken_text(active: float, paused: float) -> str:
    """'8:25', or '8:25 (paused 1:10)': the time spent exercising, and the pauses if any."""
    text = duration_text(active)
    if round(paused) >= 1:
        text += f" (paused {duration_text(paused)})"
    return text


def status_title(status: Status) -> str:
    return STATUS_TITLES.get(status, "Session")


Answer = Literal["yes", "no"]


class ChoiceModal(ModalScreen[Answer | None]):
    """A small y/n question; Escape (None) means "never mind, carry on"."""

    BINDINGS = [
        Binding("y", "answer('yes')", "Yes"),
        Binding("n", "answer('no')", "No"),
        Binding("escape", "answer('')", "Continue"),
    ]

    def __init__(self, title: str, question: str, help_text: str) -> None:
        super().__init__(classes="session-modal")
        self.title_text = title
        self.question = question
        self.help_text = help_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-dialog"):
            yield Label(self.title_text, classes="choice-title", markup=False)
            yield Label(self.question, classes="choice-question", markup=False)
            yield Static(self.help_text, classes="choice-help", markup=False)

    def action_answer(self, answer: str) -> None:
        if answer == "yes":
            self.dismiss("yes")
        elif answer == "no":
            self.dismiss("no")
        else:
            self.dismiss(None)


def keep_partial_modal() -> ChoiceModal:
    """Asked on Escape during a session."""
    return ChoiceModal(
        "End the session now?",
        "Keep the partial session? y/n/escape to continue",
        "y keeps what you did so far, n ends without saving,\nEscape carries on with the session.",
    )


def high_pain_modal(pain: int) -> ChoiceModal:
    """Asked before the session starts when the pain before is HIGH_PAIN or more."""
    return ChoiceModal(
        f"It hurts a lot today ({pain} of {PAIN_MAX})",
        "Start the session anyway? y/n",
        f"{HIGH_PAIN_ADVICE}\n\nn makes today a rest day (no session is saved; k takes it "
        "back).\n"
        "y starts the session.\nEscape goes back to the pain question.",
    )


def quit_modal(running: bool) -> ChoiceModal:
    """Asked on ctrl+q while a session runs (or waits at its summary to be saved)."""
    if running:
        return ChoiceModal(
            "Quit supple now?",
            "The session is still running. Quit? y/n",
            "y keeps what you did so far (saved as partial) and quits,\n"
            "n or Escape carry on with the session.",
        )
    return ChoiceModal(
        "Quit supple now?",
        "Save this session and quit? y/n",
        "y saves the session as it is here and quits,\nn or Escape go back to the summary.",
    )


def leave_summary_modal() -> ChoiceModal:
    """Asked on Escape at the summary, where Enter would save."""
    return ChoiceModal(
        "Leave without saving?",
        "Throw this session away? y/n/escape to stay",
        "y leaves and saves nothing, n or Escape go back\nto the summary (where Enter saves).",
    )
