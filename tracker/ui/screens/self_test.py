"""The guided self-test: how to measure fingertip to floor, a safety line, then the distance and
the scores of your own activities (up to three), saved as one undoable change.

The words are `tracker.core.self_test_guide`'s; the rules (ranges, at most three activities,
one reading a day) are `tracker.core.measures`' and `tracker.store.changes.RecordMeasures`',
the same as `supple measure` in the shell. The screen hands the change to its opener, which
posts it up as an `Edit`.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static

from tracker.core import measures as m
from tracker.core import self_test_guide as guide
from tracker.core.paths import styles_dir
from tracker.store.changes import RecordMeasures
from tracker.store.snapshot import Snapshot
from tracker.ui.screens.form import FormScreen
from tracker.ui.widgets.footer import AppFooter

SLOTS = m.MAX_ACTIVITIES


class SelfTestScreen(FormScreen[RecordMeasures]):
    """Dismissed with the change to make (the opener posts it as an `Edit`), or None."""

    CSS_PATH = [styles_dir() / "measures.tcss"]
    PROBLEM_ID = "self-test-problem"  # Esc closes, Enter or ctrl+s saves (FormScreen)

    def __init__(self, snapshot: Snapshot, today: date) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.today = today
        self.activities = m.current_activities(snapshot.activities)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="self-test-box") as box:
            box.border_title = guide.TITLE
            for number, step in enumerate(guide.STEPS, start=1):
                with Horizontal(classes="self-test-step"):
                    yield Label(f"{number}.", classes="self-test-number")
                    yield Static(step, classes="self-test-text", markup=False)
            yield Static(guide.SAFETY, id="self-test-safety", markup=False)
            with Horizontal(classes="self-test-row"):
                yield Label("Fingertip to floor, cm", classes="self-test-label")
                yield Input(
                    placeholder="e.g. 12 (0 touching, -3 past the floor)",
                    id="fingertip",
                    compact=True,
                )
            yield Static(self._last_time(), id="self-test-last", markup=False)
            yield Static(guide.ACTIVITIES_INTRO, id="self-test-activities", markup=False)
            for slot in range(SLOTS):
                known = self.activities[slot] if slot < len(self.activities) else None
                with Horizontal(classes="self-test-row"):
                    yield Input(
                        known.name if known else "",
                        placeholder=f"activity {slot + 1} (optional)",
                        id=f"name-{slot}",
                        classes="self-test-name",
                        compact=True,
                        max_length=m.NAME_LIMIT,
                    )
                    yield Input(
                        placeholder="0-10",
                        id=f"score-{slot}",
                        classes="self-test-score",
                        compact=True,
                        max_length=3,
                    )
            yield Static("", id="self-test-problem", markup=False)
            yield Static(
                "Enter or ctrl+s saves · Tab next field · Esc closes without saving",
                id="self-test-keys",
                markup=False,
            )
        yield AppFooter(keys_at_once=True)

    def on_mount(self) -> None:
        self.query_one("#fingertip", Input).focus()

    def _last_time(self) -> str:
        found = m.readings(self.snapshot.measurements, m.FINGERTIP)
        if not found:
            return "Your first self-test: the next ones are compared with it."
        last = found[-1]
        return f"Last time: {m.show_cm(last.value)} on {last.day:%d %b %Y}."

    # ---- saving --------------------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def result(self) -> RecordMeasures | str:
        """The change the fields ask for, or what is wrong with them (one line)."""
        typed = self._value("fingertip")
        try:
            fingertip = m.parse_fingertip(typed) if typed else None
        except m.MeasureError as error:
            return str(error)
        scores: list[tuple[str, int]] = []
        renames: list[tuple[str, str]] = []
        drops: list[str] = []
        for slot in range(SLOTS):
            known = self.activities[slot] if slot < len(self.activities) else None
            name, score_text = self._value(f"name-{slot}"), self._value(f"score-{slot}")
            if not name:
                if score_text:
                    return f"Give activity {slot + 1} a name, or clear its score."
                if known is not None:
                    drops.append(known.id)
                continue
            if known is not None and not m.same_name(known.name, name):
                renames.append((known.id, name))
            if not score_text:
                if known is None:
                    return f"Give '{name}' a score from 0 (unable) to 10 (as before)."
                continue
            try:
                scores.append((name, m.parse_score(score_text)))
            except m.MeasureError as error:
                return f"{name}: {error}"
        if fingertip is None and not (scores or renames or drops):
            return "Enter the distance in cm, or a score, then press Enter."
        return RecordMeasures(None, fingertip, tuple(scores), tuple(renames), tuple(drops))
