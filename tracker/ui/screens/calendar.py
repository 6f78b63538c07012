"""The calendar screen: one year as a heatmap, a day cursor, and the figures under it.

`[` / `]` change the year; arrows and h/j/k/l move the cursor (left/right a week, up/down a
day, as the grid is drawn); Enter opens the day (`DayScreen`) to log, skip or delete; `u`
undoes. Only what is shown is computed: one year's grid, the stats, 12 weeks of pain.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, Sparkline, Static

from tracker.core.day_states import DayState, day_state
from tracker.core.heatmap import week_pain_trend, year_grid
from tracker.core.hinge import ANSWER_WORDS
from tracker.core.paths import styles_dir
from tracker.core.rules import stats
from tracker.store.snapshot import Snapshot
from tracker.ui.widgets.footer import AppFooter
from tracker.ui.widgets.heatmap import Heatmap
from tracker.ui.words import plural

PAIN_WEEKS = 12

STATE_WORDS: dict[DayState, str] = {
    DayState.EASED: "done, with less pain after than before",
    DayState.DONE: "done",
    DayState.PARTIAL: "partial or stopped only, not done",
    DayState.SKIP: "skip day",
    DayState.MISSED: "missed",
    DayState.PENDING: "today, not done yet",
    DayState.FUTURE: "in the future",
    DayState.BEFORE: "before your history starts",
}


def same_day_in(day: date, year: int) -> date:
    """`day`'s month and day in `year` (29 February becomes the 28th)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


class StatItem(Vertical):
    """A caption over a value, for the figures row."""

    def __init__(self, caption: str, item_id: str) -> None:
        super().__init__(id=item_id, classes="cal-stat")
        self.caption = caption

    def compose(self) -> ComposeResult:
        yield Label(self.caption, classes="cal-stat-caption")
        yield Label("", classes="cal-stat-value")

    def show(self, value: str) -> None:
        self.query_one(".cal-stat-value", Label).update(value)


class CalendarScreen(Screen[None]):
    # Parsed when the screen is first shown, not at start-up.
    CSS_PATH = [styles_dir() / "calendar.tcss"]

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("left_square_bracket", "year(-1)", "Prev year", key_display="["),
        Binding("right_square_bracket", "year(1)", "Next year", key_display="]"),
        Binding("enter", "open_day", "Open day"),
        Binding("u", "app.undo", "Undo"),
        Binding("home", "go_today", "Today", key_display="Home"),
        Binding("left,h", "move(-7)", "Week back", show=False),
        Binding("right,l", "move(7)", "Week on", show=False),
        Binding("up,k", "move(-1)", "Day back", show=False),
        Binding("down,j", "move(1)", "Day on", show=False),
    ]

    def __init__(self, snapshot: Snapshot, today: date, day: date | None = None) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.today = today
        self.cursor: date = day or today  # the year shown is the cursor's

    @property
    def year(self) -> int:
        return self.cursor.year

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="cal-body", can_focus=False):
            yield Static("", id="cal-title")
            yield Heatmap(id="cal-heatmap")
            yield Static("", id="cal-day", markup=False)
            with Horizontal(id="cal-stats"):
                yield StatItem("Streak", "cal-streak")
                yield StatItem("Best streak", "cal-best")
                yield StatItem("Strength", "cal-strength")
                yield StatItem("Adherence 7d/30d", "cal-adherence")
                yield StatItem("Sessions", "cal-total")
            with Vertical(id="cal-pain"):
                yield Label("", id="cal-pain-caption")
                with Horizontal(id="cal-pain-row"):
                    yield Sparkline([], id="cal-pain-spark")
                    yield Label("", id="cal-pain-summary")
        yield AppFooter()

    def on_mount(self) -> None:
        self.show_data(self.snapshot, self.today)

    # ---- drawing -------------------------------------------------------------------------

    def show_data(self, snapshot: Snapshot, today: date) -> None:
        """Redraw everything (called after every reload)."""
        self.snapshot, self.today = snapshot, today
        history = snapshot.history
        self.query_one("#cal-title", Static).update(
            f"[b]Calendar {self.year}[/b]   [dim]\\[ previous year · ] next year[/dim]"
        )
        heatmap = self.query_one(Heatmap)
        heatmap.update_grid(year_grid(history, self.year, today))
        heatmap.cursor = self.cursor
        self._show_day()
        figures = stats(history, today)
        streak = figures.current_streak
        self.query_one("#cal-streak", StatItem).show(plural(streak, "day"))
        self.query_one("#cal-best", StatItem).show(plural(figures.best_streak, "day"))
        self.query_one("#cal-strength", StatItem).show(f"{figures.strength:.0f}/100")
        self.query_one("#cal-adherence", StatItem).show(
            f"{percent(figures.adherence_7d)} / {percent(figures.adherence_30d)}"
        )
        self.query_one("#cal-total", StatItem).show(f"{figures.total_sessions} complete")
        self._show_pain(week_pain_trend(history, today, PAIN_WEEKS))

    def _show_day(self) -> None:
        day = self.cursor
        state = day_state(self.snapshot.history, day, self.today)
        count = len(self.snapshot.sessions_on(day))
        sessions = plural(count, "session") if count else "no sessions"
        words = STATE_WORDS[state]
        if state is DayState.PARTIAL and day == self.today:
            words = "today, partial or stopped only so far"
        answer = self.snapshot.hinge_days.get(day)  # the everyday hinge, when answered
        hinged = f" Hinge: {ANSWER_WORDS[answer]}." if answer in ANSWER_WORDS else ""
        self.query_one("#cal-day", Static).update(
            f"{day:%a %d %b %Y}: {words}; {sessions}.{hinged}   Enter opens the day."
        )

    def _show_pain(self, trend: list[float | None]) -> None:
        box = self.query_one("#cal-pain")
        values = [v for v in trend if v is not None]
        box.display = bool(values)
        if not values:
            return
        weeks = len(values)
        self.query_one("#cal-pain-caption", Label).update(
            f"Pain after sessions, weekly average, 0-10 ({plural(weeks, 'week')} rated "
            f"of the last {PAIN_WEEKS})"
        )
        spark = self.query_one("#cal-pain-spark", Sparkline)
        spark.data = values
        spark.styles.width = max(2, min(2 * weeks, 24))
        low, high = min(values), max(values)
        self.query_one("#cal-pain-summary", Label).update(
            f"{values[0]:.1f} → {values[-1]:.1f}  (range {low:.1f}-{high:.1f})"
        )

    # ---- moving --------------------------------------------------------------------------

    def year_bounds(self) -> tuple[int, int]:
        """From the year before the history (to add a forgotten day) to next year."""
        today = self.today
        first = self.snapshot.history.first_day or today
        return min(first.year, today.year) - 1, today.year + 1

    def go_to(self, day: date) -> None:
        """Put the cursor on `day`, switching year when needed (within the bounds)."""
        low, high = self.year_bounds()
        if not low <= day.year <= high:
            self.app.bell()
            return
        new_year = day.year != self.year
        self.cursor = day
        if new_year:
            self.show_data(self.snapshot, self.today)
        else:
            self.query_one(Heatmap).cursor = day
            self._show_day()

    def action_move(self, days: int) -> None:
        self.go_to(self.cursor + timedelta(days=days))

    def action_year(self, step: int) -> None:
        self.go_to(same_day_in(self.cursor, self.year + step))

    def action_go_today(self) -> None:
        self.go_to(self.today)

    @on(Heatmap.DayClicked)
    def select_clicked(self, event: Heatmap.DayClicked) -> None:
        self.go_to(event.day)

    # ---- actions -------------------------------------------------------------------------

    def action_open_day(self) -> None:
        from tracker.ui.screens.day_view import DayScreen

        self.app.push_screen(DayScreen(self.cursor, self.snapshot, self.today))

    def action_back(self) -> None:
        self.dismiss(None)
