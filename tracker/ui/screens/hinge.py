"""The everyday hinge in the app: the one-key evening check, the weekly four questions
(SRBAI, skippable) and the choice of moments. Words and rules are tracker.core.hinge's; each
screen hands the change to make to its opener, which posts it as an `Edit`."""

from __future__ import annotations

import math
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tracker.core import hinge
from tracker.core.paths import styles_dir
from tracker.core.settings import SettingError, parse_value
from tracker.store.changes import LogHinge, RecordAutomaticity, ResetHingeNudges
from tracker.ui.screens.form import FormScreen
from tracker.ui.widgets.footer import AppFooter

CHECK_KEYS = (("1", hinge.MOST), ("2", hinge.SOME), ("3", hinge.NONE))


class HingeCheckScreen(ModalScreen["LogHinge | ResetHingeNudges | None"]):
    """ "Did you hinge at your moments today?" - one key: 1 most times, 2 sometimes, 3 not yet."""

    CSS_PATH = [styles_dir() / "hinge.tcss"]
    BINDINGS = [
        *(
            Binding(key, f"answer('{answer}')", hinge.ANSWER_WORDS[answer])
            for key, answer in CHECK_KEYS
        ),
        Binding("m", f"answer('{hinge.MOST}')", show=False),
        Binding("s", f"answer('{hinge.SOME}')", show=False),
        Binding("n", f"answer('{hinge.NONE}')", show=False),
        Binding("r", "reset_nudges", "Nudges back to every day"),
        Binding("escape", "close", "Close", key_display="Esc"),
    ]

    def __init__(
        self, moments: tuple[str, ...], answered: str | None, day: date | None = None
    ) -> None:
        super().__init__()
        self.moments = moments
        self.answered = answered
        self.day = day  # None: today

    def compose(self) -> ComposeResult:
        with Vertical(id="hinge-box") as box:
            box.border_title = "Everyday hinge"
            question = hinge.CHECK_QUESTION
            if self.day is not None:
                question = question.replace("today", f"on {self.day:%a %d %b}")
            yield Label(question, id="hinge-question")
            plans = [hinge.plan_of(m) for m in self.moments] or [
                "No moments chosen yet: pick them in Settings (,) under Everyday hinge."
            ]
            yield Static("\n".join(plans), id="hinge-plans", markup=False)
            choices = "   ".join(
                f"{key} {hinge.ANSWER_WORDS[answer]}" for key, answer in CHECK_KEYS
            )
            yield Static(choices, id="hinge-choices", markup=False)
            if self.answered is not None:
                yield Static(
                    f"So far: {hinge.ANSWER_WORDS[self.answered]} (a new answer replaces it)",
                    id="hinge-answered",
                    markup=False,
                )
            yield Static(
                "A missed day does not matter: habits grow over weeks (Lally et al. 2010). "
                "r sets the nudges back to every day · Esc closes.",
                id="hinge-keys",
                markup=False,
            )
        yield AppFooter(keys_at_once=True)

    def action_answer(self, answer: str) -> None:
        self.dismiss(LogHinge(answer, self.day))

    def action_reset_nudges(self) -> None:
        self.dismiss(ResetHingeNudges())

    def action_close(self) -> None:
        self.dismiss(None)


class AutomaticityScreen(ModalScreen["RecordAutomaticity | None"]):
    """The weekly four questions, each 1-7 (a key per answer); Esc skips this week."""

    CSS_PATH = [styles_dir() / "hinge.tcss"]
    BINDINGS = [
        *(Binding(str(n), f"rate({n})", show=False) for n in range(1, 8)),
        Binding("escape", "close", "Skip", key_display="Esc"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="hinge-box") as box:
            box.border_title = "Everyday hinge: once a week"
            yield Label(hinge.SRBAI_STEM, id="hinge-question")
            yield Static(self._item(), id="srbai-item", markup=False)
            yield Static(
                "1 strongly disagree  ...  4 neither  ...  7 strongly agree",
                id="hinge-choices",
                markup=False,
            )
            yield Static(
                "Four questions (SRBAI, Gardner et al. 2012): how automatic the hinge has "
                "become. The answers thin the nudges out. Esc skips this week.",
                id="hinge-keys",
                markup=False,
            )
        yield AppFooter(keys_at_once=True)

    def _item(self) -> str:
        n = len(self.answers)
        return f"{n + 1} of {len(hinge.SRBAI_ITEMS)}: ... {hinge.SRBAI_ITEMS[n]}"

    def action_rate(self, value: int) -> None:
        self.answers.append(value)
        if len(self.answers) == len(hinge.SRBAI_ITEMS):
            self.dismiss(RecordAutomaticity(tuple(self.answers)))
            return
        self.query_one("#srbai-item", Static).update(self._item())

    def action_close(self) -> None:
        self.dismiss(None)


class MomentsScreen(FormScreen["tuple[str, str]"]):
    """Choose up to three everyday moments (keys 1-5 toggle the suggestions, or own words)
    and the nudge times; dismissed with the hinge-moments and hinge-nudges values."""

    CSS_PATH = [styles_dir() / "hinge.tcss"]
    PROBLEM_ID = "hinge-problem"
    BINDINGS = [
        Binding("escape", "close", "Not now", key_display="Esc"),
        Binding("ctrl+s", "save", "Save", key_display="^s", priority=True),
    ]

    def __init__(self, moments: tuple[str, ...] = (), nudges: str = "") -> None:
        super().__init__()
        self.moments = moments
        self.nudges = nudges

    def compose(self) -> ComposeResult:
        with Vertical(id="hinge-box") as box:
            box.border_title = "Your everyday hinge moments"
            yield Static(
                "Pick one to three moments of your day to hinge from the hips, as if-then "
                "plans: 'When I load the dishwasher, I hinge from my hips.' Plans tied to a "
                "moment of the day help a habit form (Gollwitzer & Sheeran 2006).",
                id="hinge-question",
                markup=False,
            )
            suggestions = "\n".join(
                f"  {n}. {moment}" for n, moment in enumerate(hinge.SUGGESTED_MOMENTS, start=1)
            )
            yield Static(
                f"Suggestions (type the number, or your own words):\n{suggestions}",
                id="hinge-plans",
                markup=False,
            )
            yield Label("Moments, separated by ';'")
            yield Input(
                "; ".join(self.moments),
                placeholder="e.g. 1; 3  or  take out the bins",
                id="moments",
                compact=True,
            )
            yield Label("Nudges (up to two times, empty for none)")
            yield Input(self.nudges, placeholder="e.g. 09:00,17:30", id="nudges", compact=True)
            yield Static("", id="hinge-problem", markup=False)
            yield Static("Enter saves · Esc: not now (Settings has them too)", id="hinge-keys")
        yield AppFooter(keys_at_once=True)

    def on_mount(self) -> None:
        self.query_one("#moments", Input).focus()

    def result(self) -> tuple[str, str] | str:
        """(hinge-moments, hinge-nudges) as typed, checked; or what is wrong (one line)."""
        typed = self.query_one("#moments", Input).value
        parts = [p.strip() for p in typed.split(";")] if typed.strip() else []
        named = [
            hinge.SUGGESTED_MOMENTS[int(p) - 1]
            if p.isdigit() and 1 <= int(p) <= len(hinge.SUGGESTED_MOMENTS)
            else p
            for p in parts
        ]
        try:
            moments = str(parse_value("hinge-moments", ";".join(named)))
            nudges = str(parse_value("hinge-nudges", self.query_one("#nudges", Input).value))
        except SettingError as error:
            return str(error)
        if not moments:
            return "Choose at least one moment, or press Esc for not now."
        return moments, nudges


class HingeDrillScreen(ModalScreen[bool]):
    """The tutorial's practice: three slow hinges with the moving figure (no key per rep);
    dismissed with True when all three were done, False when left early (Esc)."""

    CSS_PATH = [styles_dir() / "hinge.tcss"]
    BINDINGS = [Binding("escape", "close", "Stop", key_display="Esc")]
    TICK_S = 0.2

    def compose(self) -> ComposeResult:
        with Vertical(id="hinge-box") as box:
            box.border_title = "Practise the hinge: 3 slow hinges"
            yield Label("", id="drill-rep")
            yield Static("", id="drill-figure", markup=False)
            yield Static("", id="drill-words", markup=False)
            yield Static("Stop if it hurts · Esc stops", id="hinge-keys", markup=False)
        yield AppFooter(keys_at_once=True)

    def on_mount(self) -> None:
        self.started = self._now()
        self.tick()
        self.set_interval(self.TICK_S, self.tick)

    def _now(self) -> float:
        clock = getattr(self.app, "clock", None)
        return float(clock.monotonic()) if clock is not None else 0.0

    def tick(self) -> None:
        from tracker.routine import figure as drawing

        moment = hinge.drill_at(self._now() - self.started)
        if moment is None:
            self.dismiss(True)
            return
        pose = drawing.render("standing", drawing.quantise(moment.amount), 18, 8)
        self.query_one("#drill-figure", Static).update("\n".join(pose))
        self.query_one("#drill-rep", Label).update(f"Hinge {moment.rep} of {hinge.DRILL_REPS}")
        self.query_one("#drill-words", Static).update(
            f"{moment.words}  ({math.ceil(moment.left)} s)"
        )

    def action_close(self) -> None:
        self.dismiss(False)
