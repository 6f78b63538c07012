"""The main screen: today's state above a 12-month heatmap.

Its first frame is drawn from the store's summary (`Summary`: settings and history reduced to
days); the pain chart and the recent sessions, which need the records, come with the first
full `Snapshot`, a moment later.
"""

from __future__ import annotations

from datetime import date

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Header, Static

from tracker.core import hinge
from tracker.core.clock import Clock, zone_for
from tracker.core.heatmap import last_months_grid
from tracker.core.measures import chart_series, self_test_offered
from tracker.core.progress import recent_sessions, weekly_pain
from tracker.core.summary import Summary
from tracker.core.today import build_status, pain_notes, reminder_line, today_line
from tracker.routine.safety import REST_DAY
from tracker.store.changes import LogDone
from tracker.store.snapshot import Snapshot
from tracker.ui.messages import Edit, toggle_skip
from tracker.ui.widgets.footer import AppFooter
from tracker.ui.widgets.heatmap import Heatmap
from tracker.ui.widgets.measure_chart import MeasureChart
from tracker.ui.widgets.pain_chart import PainChart
from tracker.ui.widgets.recent_sessions import RecentSessions
from tracker.ui.words import plural

# The pain chart and the recent sessions show under the heatmap only when the screen has room
# for them and everything above (at 120x40 and larger), rather than pushing the hint away.
PROGRESS_MIN_WIDTH = 110
PROGRESS_MIN_HEIGHT = 38
MEASURES_MIN_WIDTH = 140  # the self-test chart beside them: only where all three fit
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
        Binding("m", "self_test", "Self-test"),
        Binding("g", "hinge_check", "Hinge"),
        Binding("u", "app.undo", "Undo"),
        Binding("c", "app.open_calendar", "Calendar"),
        Binding("t", "app.open_tutorial", "Tutorial"),
        Binding("comma", "app.open_settings", "Settings", key_display=","),
        Binding("z", "app.snooze", "Snooze", show=False),
        Binding("question_mark", "app.open_help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    # In the footer from 120 columns (tracker.ui.widgets.footer.WIDE): below, every other key
    # would not fit; m still works, Help and the palette list it, and the hint offers it.
    FOOTER_WIDE_ONLY = ("self_test", "hinge_check")

    def __init__(self, clock: Clock, snapshot: Snapshot | Summary, today: date) -> None:
        super().__init__()
        self.clock = clock
        self.snapshot = snapshot
        self.today = today
        self._sessions_today: int | None = None  # to notice a session just saved
        self._roomy = False  # room for the progress row under the heatmap
        self._records = False  # the progress row has been given the records
        self._wide = False  # room for the self-test chart too
        self._hinge_shown = False  # the everyday hinge has answers to show

    def compose(self) -> ComposeResult:
        yield Header()
        yield TodayPanel(id="today")
        yield PainNote("", id="pain-note", markup=False)
        yield Heatmap(id="main-heatmap")
        yield Static("", id="hint", markup=False)
        with Horizontal(id="progress"):
            yield PainChart(id="pain-chart")
            yield MeasureChart(id="measure-chart")
            yield Static("", id="hinge-progress", markup=False)
            yield RecentSessions(id="recent-sessions")
        yield AppFooter()

    def on_mount(self) -> None:
        self._roomy = _roomy(self.app.size)
        self._wide = self.app.size.width >= MEASURES_MIN_WIDTH
        self._place_progress()  # hidden in the first frame unless its records are here
        self.show_data(self.snapshot, self.today)

    def show_data(self, snapshot: Snapshot | Summary, today: date) -> None:
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
        offered = self.self_test_offered
        if offered:  # kept to one line of 80 columns
            if not s.today_done:
                hint = "Press s for a guided session, or d if done."
            hint += " Your self-test is due: press m."
        self.query_one("#hint", Static).update(hint)
        if isinstance(snapshot, Snapshot):
            self._show_progress(snapshot, s.date)
            sessions_today = len(snapshot.sessions_on(s.date))
            just_saved = self._sessions_today is not None and sessions_today > self._sessions_today
            if offered and just_saved:
                self.notify(  # after a session, warmed up: the moment to offer it
                    "Your self-test is due: press m to measure fingertip to floor (2 minutes).",
                    title="Self-test",
                    timeout=10,
                    markup=False,
                )
            self._sessions_today = sessions_today

    @property
    def self_test_offered(self) -> bool:
        """Due by `self-test-every`, and today is neither a rest day nor a pain day (False
        until the records have come: the first frame is drawn from the summary)."""
        snapshot, today = self.snapshot, self.today
        if not isinstance(snapshot, Snapshot):
            return False
        return self_test_offered(
            snapshot.measurements,
            snapshot.sessions_on(today),
            [mark for mark in snapshot.marks if mark["date"] == today.isoformat()],
            snapshot.settings.self_test_every,
            today,
        )

    # ---- under the heatmap: pain per week and the last sessions --------------------------

    def _show_progress(self, snapshot: Snapshot, today: date) -> None:
        self.query_one(PainChart).show(weekly_pain(snapshot.sessions, today))
        self.query_one(RecentSessions).show(recent_sessions(snapshot.sessions, RECENT_LIMIT))
        self.query_one(MeasureChart).show(chart_series(snapshot.measurements, snapshot.activities))
        lines = hinge.progress_lines(
            snapshot.hinge_days, hinge.automaticity_of(snapshot.automaticity), today
        )
        self.query_one("#hinge-progress", Static).update("\n".join(lines))
        self._hinge_shown = bool(lines)
        self._records = True
        self._place_progress()

    def on_resize(self, event: events.Resize) -> None:
        self._roomy = _roomy(event.size)
        self._wide = event.size.width >= MEASURES_MIN_WIDTH
        self._place_progress()

    def _place_progress(self) -> None:
        # Hidden, not empty, until the records come: an empty chart would say "no data".
        self.query_one("#progress").display = self._roomy and self._records
        chart = self.query_one(MeasureChart)
        chart.display = chart.has_readings and self._wide
        # Beside the pain chart only where both fit (140 columns), as the self-test chart.
        self.query_one("#hinge-progress").display = self._hinge_shown and self._wide

    # ---- actions -------------------------------------------------------------------------

    def action_log_done(self) -> None:
        self.post_message(Edit(LogDone()))

    async def action_self_test(self) -> None:
        """The guided self-test (the app opens it once the records have come)."""
        await self.app.run_action("open_self_test")

    async def action_hinge_check(self) -> None:
        """The everyday hinge's evening check (the app opens it once the records have come)."""
        await self.app.run_action("open_hinge_check")

    def action_skip_today(self) -> None:
        """Mark today a skip day, or clear the skip when it is one (k toggles)."""
        self.post_message(toggle_skip(self.today))


def _roomy(size: Size) -> bool:
    return size.width >= PROGRESS_MIN_WIDTH and size.height >= PROGRESS_MIN_HEIGHT


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"
