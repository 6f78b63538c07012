"""One day, opened from the calendar: its sessions, and log / skip / delete (all undoable).

Every change is posted up as an `Edit`; the app keeps its undo, so `u` (here, on the calendar,
or on the main screen) puts the store back exactly as it was. The rules (what may be logged or
skipped, and how far ahead) are those of `tracker.store.changes`, the same as in the shell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tracker.core import hinge
from tracker.core import measures as m
from tracker.core.day_states import DayState, day_state
from tracker.core.paths import styles_dir
from tracker.core.text import printable
from tracker.routine.exercises import ROUTINE
from tracker.store.changes import DeleteSession, LogDone, LogHinge, ResetHingeNudges
from tracker.store.snapshot import Snapshot
from tracker.ui.messages import Edit, toggle_skip
from tracker.ui.widgets.footer import AppFooter
from tracker.ui.widgets.measure_chart import MeasureChart

STATE_LINES: dict[DayState, str] = {
    DayState.EASED: "Done, with less pain after than before.",
    DayState.DONE: "Done.",
    DayState.PARTIAL: "Only a partial or stopped session: not done yet.",
    DayState.SKIP: "A skip day: it keeps the streak but does not add to it.",
    DayState.MISSED: "Missed.",
    DayState.PENDING: "Today, not done yet.",
    DayState.FUTURE: "In the future: you can plan a skip day, but not log a session.",
    DayState.BEFORE: "Before your history starts.",
}


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def exercises_line(exercises: object) -> str:
    """ "Modified good morning 3/3 sets · Side-lying hip rotation left 2/2, right 1/2"."""
    if not isinstance(exercises, list):
        return ""
    parts: list[str] = []
    by_title: dict[str, list[str]] = {}
    for entry in exercises:
        if not isinstance(entry, Mapping):
            continue
        name = str(entry.get("exercise", "exercise"))
        title = printable(ROUTINE.title(name))
        done, planned = _number(entry.get("done_sets")), _number(entry.get("planned_sets"))
        if done is None:
            continue
        sets = f"{done}/{planned}" if planned is not None else str(done)
        side = entry.get("side")
        by_title.setdefault(title, []).append(f"{printable(str(side))} {sets}" if side else sets)
    for title, values in by_title.items():
        parts.append(f"{title} {', '.join(values)} sets")
    return " · ".join(parts)


def pain_line(before: object, after: object) -> str:
    b, a = _number(before), _number(after)
    if b is not None and a is not None:
        return f"pain {b} → {a}"
    if b is not None:
        return f"pain before {b}"
    if a is not None:
        return f"pain after {a}"
    return ""


def session_text(session: Mapping[str, Any]) -> str:
    """One session as up to three plain lines: what, how much, the note."""
    head: list[str] = []
    started = session.get("started_at")
    if isinstance(started, str):
        try:
            head.append(f"{datetime.fromisoformat(started):%H:%M}")
        except ValueError:
            pass
    head.append(str(session.get("kind", "")))
    head.append(str(session.get("status", "")))
    pain = pain_line(session.get("pain_before"), session.get("pain_after"))
    if pain:
        head.append(pain)
    lines = [" · ".join(head)]
    work = exercises_line(session.get("exercises"))
    if work:
        lines.append(f"  {work}")
    note = session.get("note")
    if isinstance(note, str) and note.strip():
        lines.append(f"  “{printable(' '.join(note.split()))}”")
    return "\n".join(lines)


def skip_reason(marks: Iterable[Mapping[str, Any]], day: date) -> str:
    """The reason given for a skip day (`supple skip --reason`), ready to show; "" if none."""
    iso = day.isoformat()
    for mark in marks:
        reason = mark.get("reason")
        if mark.get("date") == iso and isinstance(reason, str) and reason.strip():
            return printable(" ".join(reason.split()))
    return ""


def measures_line(
    measurements: Iterable[Mapping[str, Any]],
    activities: Iterable[Mapping[str, Any]],
    day: date,
) -> str:
    """The day's self-test and activity scores, e.g. "Self-test: 12 cm · socks 6/10"."""
    iso = day.isoformat()
    names = {str(a["id"]): printable(str(a["name"])) for a in activities}
    parts: list[str] = []
    for record in measurements:
        if record.get("date") != iso:
            continue
        if record.get("measure") == m.FINGERTIP:
            parts.insert(0, f"fingertip to floor {m.show_cm(float(record['value']))}")
        else:
            name = names.get(str(record.get("activity")), "an activity")
            parts.append(f"{name} {record['value']}/10")
    return f"Self-test: {' · '.join(parts)}" if parts else ""


class DayScreen(ModalScreen[None]):
    """The sessions of one day, with log / skip / delete."""

    # Parsed when the screen is first shown, not at start-up.
    CSS_PATH = [styles_dir() / "calendar.tcss"]

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("d", "log", "Log done"),
        Binding("k", "toggle_skip", "Skip / unskip"),
        Binding("x,delete", "delete", "Delete session", key_display="x"),
        Binding("g", "hinge_check", "Hinge check", show=False),
        Binding("u", "app.undo", "Undo"),
    ]

    def __init__(self, day: date, snapshot: Snapshot, today: date) -> None:
        super().__init__()
        self.day = day
        self.snapshot = snapshot
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="day-box") as box:
            box.border_title = f"{self.day:%A %d %B %Y}"
            yield Static("", id="day-state", markup=False)
            yield OptionList(id="day-sessions", markup=False)
            yield Static("", id="day-empty", markup=False)
            yield Static("", id="day-measures", markup=False)
            yield Static("", id="day-hinge", markup=False)
            yield MeasureChart(id="day-measure-chart")
            yield Static(
                "d log a complete session · k skip or unskip · x delete the selected "
                "session · u undo · Esc close",
                id="day-keys",
                markup=False,
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.show_data(self.snapshot, self.today)

    def show_data(self, snapshot: Snapshot, today: date) -> None:
        self.snapshot, self.today = snapshot, today
        sessions = snapshot.sessions_on(self.day)
        state = day_state(snapshot.history, self.day, today)
        skip = " Marked as a skip day." if self.day in snapshot.history.skips else ""
        if state is DayState.SKIP:
            skip = ""
        reason = skip_reason(snapshot.marks, self.day)
        if reason:
            skip += f" Reason: {reason}"
        self.query_one("#day-state", Static).update(STATE_LINES[state] + skip)
        options = self.query_one("#day-sessions", OptionList)
        keep = options.highlighted
        options.clear_options()
        options.add_options(Option(Content(session_text(s)), id=str(s["id"])) for s in sessions)
        options.display = bool(sessions)
        if sessions:
            options.highlighted = min(keep or 0, len(sessions) - 1)
            options.focus()
        self.query_one("#day-empty", Static).update("" if sessions else "No sessions on this day.")
        self.query_one("#day-empty").display = not sessions
        measured = measures_line(snapshot.measurements, snapshot.activities, self.day)
        self.query_one("#day-measures", Static).update(measured)
        self.query_one("#day-measures").display = bool(measured)
        answer = snapshot.hinge_days.get(self.day)
        self.query_one("#day-hinge", Static).update(hinge.check_line(answer) if answer else "")
        self.query_one("#day-hinge").display = answer is not None
        chart = self.query_one(MeasureChart)
        chart.show(m.chart_series(snapshot.measurements, snapshot.activities, self.day), self.day)
        chart.display = chart.has_readings  # up to this day, this day's reading marked

    @property
    def selected_id(self) -> str | None:
        options = self.query_one("#day-sessions", OptionList)
        if options.highlighted is None or options.option_count == 0:
            return None
        return options.get_option_at_index(options.highlighted).id

    # ---- actions -------------------------------------------------------------------------

    def action_log(self) -> None:
        self.post_message(Edit(LogDone(self.day)))

    def action_toggle_skip(self) -> None:
        self.post_message(toggle_skip(self.day))

    def action_delete(self) -> None:
        session_id = self.selected_id
        if session_id is None:
            self.notify("There is no session to delete on this day.", timeout=3)
            return
        self.post_message(Edit(DeleteSession(session_id)))

    def action_hinge_check(self) -> None:
        """The everyday hinge's evening check for this day (not a day to come)."""
        from tracker.ui.screens.hinge import HingeCheckScreen

        if self.day > self.today:
            self.notify("That day has not come yet.", timeout=3)
            return
        moments = self.snapshot.settings.hinge_moments
        answered = self.snapshot.hinge_days.get(self.day)
        day = None if self.day == self.today else self.day

        def chosen(change: LogHinge | ResetHingeNudges | None) -> None:
            if change is not None:
                self.post_message(Edit(change))

        self.app.push_screen(HingeCheckScreen(moments, answered, day), chosen)

    def action_close(self) -> None:
        self.dismiss(None)
