"""The main screen: today's state above a 12-month heatmap."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Static

from tracker.clock import zone_for
from tracker.commands import logged_session
from tracker.heatmap import last_months_grid
from tracker.progress import recent_sessions, weekly_pain
from tracker.status import Status, build_status, reminder_line, today_line
from tracker.ui.widgets.footer import AppFooter
from tracker.ui.widgets.heatmap import Heatmap
from tracker.ui.widgets.pain_chart import PainChart
from tracker.ui.widgets.recent_sessions import RecentSessions
from tracker.ui.words import plural

if TYPE_CHECKING:
    from tracker.ui.app import SuppleApp

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


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("s", "start_session", "Session"),
        Binding("d", "log_done", "Done"),
        Binding("k", "skip_today", "Skip"),
        Binding("u", "undo", "Undo"),
        Binding("c", "calendar", "Calendar"),
        Binding("t", "tutorial", "Tutorial"),
        Binding("comma", "settings", "Settings", key_display=","),
        Binding("z", "snooze", "Snooze", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    @property
    def supple(self) -> SuppleApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield TodayPanel(id="today")
        yield Heatmap(id="main-heatmap")
        yield Static("", id="hint", markup=False)
        with Horizontal(id="progress"):
            yield PainChart(id="pain-chart")
            yield RecentSessions(id="recent-sessions")
        yield AppFooter()

    def on_mount(self) -> None:
        self.show_data()

    def show_data(self) -> None:
        app = self.supple
        now = app.clock.now()
        status = build_status(app.snapshot, now, zone_for(app.clock))
        s = status.stats
        streak = plural(s.current_streak, "day")
        self.query_one(TodayPanel).show(
            [
                ("Today", today_line(status).capitalize(), f"{s.date:%a %d %b}"),
                ("Streak", streak, f"best {s.best_streak}"),
                ("Strength", f"{s.strength:.0f}/100", plural(s.total_sessions, "session")),
                (
                    "Adherence 7d",
                    _percent(s.adherence_7d),
                    f"30 days {_percent(s.adherence_30d)}",
                ),
                ("Next reminder", self._reminder_text(status, now), ""),
            ],
            s.today_done,
        )
        self.query_one(Heatmap).update_grid(last_months_grid(app.snapshot.history, s.date))
        if s.today_done:
            hint = "Today is done. Well done - see you tomorrow."
        elif status.today_skipped:
            hint = "Today is a rest day. Press k again to undo the skip."
        else:
            hint = "Press s for a guided session, or d if you already did the routine today."
        self.query_one("#hint", Static).update(hint)
        self._show_progress(s.date)

    # ---- under the heatmap: pain per week and the last sessions --------------------------

    def _show_progress(self, today: date) -> None:
        sessions = self.supple.snapshot.sessions
        self.query_one(PainChart).show(weekly_pain(sessions, today))
        self.query_one(RecentSessions).show(recent_sessions(sessions, RECENT_LIMIT))

    def on_resize(self, event: events.Resize) -> None:
        roomy = event.size.width >= PROGRESS_MIN_WIDTH and event.size.height >= PROGRESS_MIN_HEIGHT
        self.query_one("#progress").display = roomy

    def _reminder_text(self, status: Status, now: datetime) -> str:
        """The next reminder, or the snoozed one when that comes first."""
        snoozed = self.supple.snoozed_until
        upcoming = status.next_reminder
        if snoozed is not None and not status.stats.today_done and snoozed > now:
            if upcoming is None or snoozed <= upcoming:
                return f"snoozed to {snoozed.astimezone(now.tzinfo):%H:%M}"
        return reminder_line(status, now)

    # ---- actions -------------------------------------------------------------------------

    def action_start_session(self) -> None:
        self.supple.open_session()

    def action_log_done(self) -> None:
        app = self.supple
        today = app.today
        if today in app.snapshot.history.done:
            self.notify("Today is already done.", markup=False, timeout=3)
            return
        store = app.store

        def change() -> Any:
            record = store.add_session(
                logged_session(today, app.clock.now(), today, None, None, "")
            )
            return lambda: store.delete_session(record["id"]) and None

        app.perform("Logged today as done.", change)

    def action_skip_today(self) -> None:
        app = self.supple
        today = app.today
        store = app.store
        if today in app.snapshot.history.done and today not in app.snapshot.history.skips:
            self.notify(
                "Today is already done, so there is no need to skip it.", markup=False, timeout=3
            )
            return
        if today in app.snapshot.history.skips:

            def unskip() -> Any:
                removed = store.unmark_skip([today])
                return lambda: store.restore(removed)

            app.perform("Today is no longer a skip day.", unskip)
            return

        def skip() -> Any:
            added = store.mark_skip([today], None)
            return lambda: store.unmark_skip(added) and None

        app.perform("Today is a skip day: it neither breaks nor extends the streak.", skip)

    def action_undo(self) -> None:
        self.supple.undo_last()

    def action_calendar(self) -> None:
        self.supple.open_calendar()

    def action_tutorial(self) -> None:
        self.supple.open_tutorial()

    def action_settings(self) -> None:
        self.supple.open_settings()

    def action_help(self) -> None:
        self.supple.open_help()

    def action_snooze(self) -> None:
        self.supple.snooze_reminder()


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"
