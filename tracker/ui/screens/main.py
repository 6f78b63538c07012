"""The main screen: today's state above a 12-month heatmap."""

from __future__ import annotations

from datetime import date

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Static

from tracker.core.clock import Clock, zone_for
from tracker.core.heatmap import last_months_grid
from tracker.core.progress import recent_sessions, weekly_pain
from tracker.core.today import build_status, pain_notes, reminder_line, today_line
from tracker.routine.safety import REST_DAY
from tracker.store.changes import ClearSkip, LogDone, MarkSkip
from tracker.store.snapshot import Snapshot
from tracker.ui.messages import Edit
from tracker.ui.widgets.footer import AppFooter
from tracker.ui.widgets.heatmap import Heatmap
from tracker.ui.widgets.pain_chart import PainChart
from tracker.ui.widgets.recent_sessions import RecentSessions
from tracker.ui.words import plural

# The pain chart and the recent sessions show under the heatmap only when the screen has room
# for them and everything above (at 120x40 and larger), rather than pushing the hint away.
PROGRESS_MIN_WIDTH = 110
PROGRESS_MIN_HEIGHT = 38
RECENT_LIMIT = 12  # at most; the list draws as many as its height holds


class TodayPanel(Static):
    """Today's numbers in one row of titled columns (one widget: cheap to start)."""

    values: dict[str, str] = {}
    details: dict[str, str] = {}

    def show(self, columns: list[tuple[str, str, str]], done: bool) -> None:
        self.values = {title: value for title, value, _ in columns}
        self.details = {title: detail for title, _, detail in columns}
        from rich.table import Table
        from rich.text import Text

        table = Table.grid(expand=True, padding=(0, 2))
        for _ in columns:
            table.add_column(ratio=1)
        table.add_row(*(Text(title, style="dim") for title, _, _ in columns))
        table.add_row(*(Text(value, style="bold") for _, value, _ in columns))
        table.add_row(*(Text(detail, style="dim") for _, _, detail in columns))
        self.set_class(done, "is-done")
        self.update(table)


class PainNote(Static):
    """A gentle note when pain after sessions has risen over two weeks, or stays high or jumps
    (`tracker.core.pain`); hidden otherwise."""

    def show(self, note: str | None) -> None:
        self.display = note is not None
        self.update(note or "")


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("s", "app.open_session", "Session"),
        Binding("d", "log_done", "Done"),
        Binding("k", "skip_today", "Skip"),
        Binding("u", "app.undo", "Undo"),
        Binding("c", "app.open_calendar", "Calendar"),
        Binding("t", "app.open_tutorial", "Tutorial"),
        Binding("comma", "app.open_settings", "Settings", key_display=","),
        Binding("z", "app.snooze", "Snooze", show=False),
        Binding("question_mark", "app.open_help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, clock: Clock, snapshot: Snapshot, today: date) -> None:
        super().__init__()
        self.clock = clock
        self.snapshot = snapshot
        self.today = today

    def compose(self) -> ComposeResult:
        yield Header()
        yield TodayPanel(id="today")
        yield PainNote("", id="pain-note", markup=False)
        yield Heatmap(id="main-heatmap")
        yield Static("", id="hint", markup=False)
        with Horizontal(id="progress"):
            yield PainChart(id="pain-chart")
            yield RecentSessions(id="recent-sessions")
        yield AppFooter()

    def on_mount(self) -> None:
        self.show_data(self.snapshot, self.today)

    def show_data(self, snapshot: Snapshot, today: date) -> None:
        self.snapshot, self.today = snapshot, today
        now = self.clock.now()
        status = build_status(snapshot, now, zone_for(self.clock))
        s = status.stats
        streak = plural(s.current_streak, "day")
        self.query_one(TodayPanel).show(
            [
                ("Today", today_line(status).capitalize(), f"{s.date:%a %d %b}"),
                ("Streak", streak, f"best {s.best_streak}"),
                ("Strength", f"{s.strength:.0f}/100", plural(s.total_sessions, "complete session")),
                (
                    "Adherence 7d",
                    _percent(s.adherence_7d),
                    f"30 days {_percent(s.adherence_30d)}",
                ),
                ("Next reminder", reminder_line(status, now), ""),
            ],
            s.today_done,
        )
        notes = pain_notes(status)
        self.query_one(PainNote).show("\n".join(notes) if notes else None)
        self.query_one(Heatmap).update_grid(last_months_grid(snapshot.history, s.date))
        if s.today_done:
            hint = "Today is done. Well done - see you tomorrow."
        elif status.resting_for_pain:
            hint = " ".join(REST_DAY) + " Press k (or u) to take the rest day back."
        elif status.today_skipped:
            hint = "Today is a rest day. Press k again to undo the skip."
        else:
            hint = "Press s for a guided session, or d if you already did the routine today."
        self.query_one("#hint", Static).update(hint)
        self._show_progress(snapshot, s.date)

    # ---- under the heatmap: pain per week and the last sessions --------------------------

    def _show_progress(self, snapshot: Snapshot, today: date) -> None:
        self.query_one(PainChart).show(weekly_pain(snapshot.sessions, today))
        self.query_one(RecentSessions).show(recent_sessions(snapshot.sessions, RECENT_LIMIT))

    def on_resize(self, event: events.Resize) -> None:
        roomy = event.size.width >= PROGRESS_MIN_WIDTH and event.size.height >= PROGRESS_MIN_HEIGHT
        self.query_one("#progress").display = roomy

    # ---- actions -------------------------------------------------------------------------

    def action_log_done(self) -> None:
        self.post_message(Edit(LogDone()))

    def action_skip_today(self) -> None:
        """Mark today a skip day, or clear the skip when it is one (k toggles)."""
        if self.today in self.snapshot.history.skips:
            self.post_message(Edit(ClearSkip((self.today,))))
        else:
            self.post_message(Edit(MarkSkip((self.today,))))


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"
