"""The Textual app: owns the store, the clock, the latest snapshot and the undo stack.

Screens read `app.snapshot` and change data only through `app.perform(...)`, which writes,
remembers how to undo, reloads and tells every screen to redraw (`show_data`). A 1-second
timer notices other processes' writes (a `supple done` in a shell) and the day rolling over.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from tracker.clock import Clock
from tracker.days import day_of
from tracker.paths import styles_dir
from tracker.settings import THEMES
from tracker.store.database import Store
from tracker.store.errors import StoreError
from tracker.store.snapshot import Snapshot

if TYPE_CHECKING:  # reminders and delivery load in the background, after the first frame
    from tracker.reminders.check import Outcome, Send
    from tracker.reminders.delivery import Delivery


def resume_garbage_collection() -> None:
    """Turn the collector back on if the launcher paused it for start-up; what start-up built
    lives as long as the app, so it is frozen out of later collections."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


WATCH_INTERVAL_S = 1.0
UNDO_LIMIT = 50
REMINDER_CHECK_S = 15.0
SNOOZE_MINUTES = 10
SNOOZE_LIMIT = 3

Undo = Callable[[], None]


@runtime_checkable
class ShowsData(Protocol):
    def show_data(self) -> None: ...


@dataclass(frozen=True)
class UndoEntry:
    description: str
    undo: Undo


class SuppleApp(App[int]):
    TITLE = "supple"
    SUB_TITLE = "hamstrings & lower back, daily"
    # Only what a first screen needs (main, or the error screen shown at start-up); every other
    # screen names its own file, so its CSS is parsed when it is first shown (start-up time).
    CSS_PATH = [styles_dir() / name for name in ("app.tcss", "error.tcss", "heatmap.tcss")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        store: Store,
        clock: Clock,
        start: str | None = None,
        watch_interval: float | None = WATCH_INTERVAL_S,
        reminders: bool = True,
        send: Send | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.start = start
        self.watch_interval = watch_interval
        self.reminders_enabled = reminders
        self.snapshot: Snapshot = Snapshot(exists=False)
        self.load_error: str | None = None
        self.undo_stack: list[UndoEntry] = []
        self._signature: tuple[int, int, int] | None = None
        self._day: date | None = None
        self._send = send  # None: the real desktop delivery, imported on first use
        self.shown_reminder: Outcome | None = None
        self.snoozed_until: datetime | None = None
        self.snooze_count = 0

    @property
    def send(self) -> Send:
        if self._send is None:
            from tracker.reminders.delivery import deliver

            self._send = deliver
        return self._send

    # ---- data ----------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return day_of(self.clock.now(), self.snapshot.settings.day_start)

    def reload(self) -> None:
        """Read the store again and let every screen redraw."""
        self._signature = self.store.signature()
        try:
            snapshot = self.store.load()
        except StoreError as error:
            self.show_load_error(str(error))
            return
        self.load_error = None
        self.snapshot = snapshot
        self._day = self.today
        for screen in self.screen_stack:
            if isinstance(screen, ShowsData):
                screen.show_data()

    def check_for_changes(self) -> None:
        """Reload when another process wrote, or when a new day began."""
        if self.load_error is not None:
            return
        if self.store.signature() != self._signature or self.today != self._day:
            self.reload()

    def perform(self, description: str, change: Callable[[], Undo | None]) -> bool:
        """Run a store change; keep its undo; reload. Errors become a toast, never a crash."""
        if self.load_error is not None:
            self.notify(self.load_error, severity="error", markup=False)
            return False
        try:
            undo = change()
        except StoreError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            self.reload()
            return False
        if undo is not None:
            self.undo_stack.append(UndoEntry(description, undo))
            del self.undo_stack[:-UNDO_LIMIT]
        self.reload()
        self.notify(description, markup=False, timeout=3)
        return True

    def undo_last(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", markup=False, timeout=3)
            return
        entry = self.undo_stack.pop()
        try:
            entry.undo()
        except StoreError as error:
            self.notify(str(error), title="Undo failed", severity="error", markup=False)
        else:
            self.notify(f"Undone: {entry.description}", markup=False, timeout=3)
        self.reload()

    def show_load_error(self, message: str) -> None:
        from tracker.ui.screens.error import ErrorScreen

        first_time = self.load_error is None
        self.load_error = message
        if first_time or not isinstance(self.screen, ErrorScreen):
            self.push_screen(ErrorScreen(message, self.store))

    # ---- start-up ------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """Open straight on the main screen (or the error screen): no extra screen switch."""
        from tracker.ui.screens.main import MainScreen

        self._signature = self.store.signature()
        try:
            self.snapshot = self.store.load()
        except StoreError as error:
            from tracker.ui.screens.error import ErrorScreen

            self.load_error = str(error)
            return ErrorScreen(self.load_error, self.store)
        self._day = self.today
        return MainScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(resume_garbage_collection)  # also on the error screen
        if self.load_error is not None:
            return
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._apply_theme()
        if self.start == "session":
            self.open_session()
        elif self.start == "calendar":
            self.open_calendar()
        elif self.start == "tutorial" or not self.snapshot.tutorial_seen:
            self.open_tutorial()
        # Background work starts after the first frame is on screen.
        self.call_after_refresh(self._start_background_work)

    def _start_background_work(self) -> None:
        if self.watch_interval:
            self.set_interval(self.watch_interval, self.check_for_changes)
        if self.reminders_enabled:
            self.check_reminders()
            self.set_interval(REMINDER_CHECK_S, self.check_reminders)

    def _apply_theme(self) -> None:
        wanted = self.snapshot.settings.theme
        if wanted in self.available_themes and wanted != self.theme:
            self.theme = wanted

    def _remember_theme(self, theme: Theme) -> None:
        if self.load_error is not None or theme.name not in THEMES:
            return
        if self.snapshot.settings.theme == theme.name:
            return
        try:
            self.store.set_setting("theme", theme.name)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
        self.reload()

    # ---- navigation ----------------------------------------------------------------------

    def open_tutorial(self) -> None:
        from tracker.ui.screens.tutorial import TutorialScreen

        def closed(_: Any) -> None:
            if not self.snapshot.tutorial_seen:
                try:
                    self.store.mark_tutorial_seen()
                except StoreError as error:
                    self.notify(str(error), severity="error", markup=False)
                self.reload()

        self.push_screen(TutorialScreen(self.snapshot.settings), closed)

    def open_session(self) -> None:
        from tracker.ui.screens.session import SessionScreen

        screen = SessionScreen(self.snapshot.settings, self.clock)

        def finished(record: dict[str, Any] | None) -> None:
            if record is not None:
                self.save_session(record)
            if screen.quit_requested:  # ctrl+q mid-session: saved first, then quit
                self.exit()

        self.push_screen(screen, finished)

    def save_session(self, record: dict[str, Any]) -> None:
        def change() -> Undo:
            saved = self.store.add_session(record)
            return lambda: _discard(self.store.delete_session(saved["id"]))

        status = record.get("status", "complete")
        self.perform(f"Session saved ({status}).", change)

    def open_calendar(self) -> None:
        from tracker.ui.screens.calendar import CalendarScreen

        self.push_screen(CalendarScreen())

    def open_settings(self) -> None:
        from tracker.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def open_help(self) -> None:
        from tracker.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # ---- reminders ---------------------------------------------------------------------
    # Checks run in a thread worker (delivery may take seconds); results come back to the UI
    # thread through call_from_thread, so no widget is touched from the thread.

    def check_reminders(self) -> None:
        if self.load_error is None:
            self.run_worker(self._reminder_check, thread=True, exclusive=True, group="reminders")

    def _reminder_check(self) -> None:
        import os

        from tracker.reminders.check import check_and_notify

        try:
            outcome = check_and_notify(self.store, self.clock, f"tui:{os.getpid()}", self.send)
        except StoreError:
            return  # the polling timer shows the error screen
        if outcome is not None:
            self.call_from_thread(self._reminder_shown, outcome, False)
            return
        snoozed = self.shown_reminder
        if snoozed is not None and self.snoozed_until and self.clock.now() >= self.snoozed_until:
            if self.today in self.snapshot.history.done:
                self.shown_reminder = self.snoozed_until = None
                return
            self.snoozed_until = None
            delivery = self.send(snoozed.title, snoozed.body)
            from tracker.reminders.check import Outcome

            again = Outcome(snoozed.slot, snoozed.title, snoozed.body, delivery)
            self.call_from_thread(self._reminder_shown, again, True)

    def _reminder_shown(self, outcome: Outcome, snoozed: bool) -> None:
        if not snoozed:
            self.snooze_count = 0
        self.shown_reminder = outcome
        self.notify(
            # Said for someone already in the app (the desktop text says to open supple).
            f"Your routine is due {outcome.slot.time}. Press s for a guided session, d if you "
            f"already did it, or z to snooze {SNOOZE_MINUTES} minutes.",
            title=outcome.title,
            timeout=60,
            markup=False,
        )
        if not outcome.delivery.ok:
            self._delivery_failed(outcome.delivery)
        self.reload()

    def _delivery_failed(self, delivery: Delivery) -> None:
        self.bell()
        self.notify(
            f"{delivery.error}. Fix: {delivery.fix}",
            title="No desktop notification",
            severity="warning",
            timeout=30,
            markup=False,
        )

    def snooze_reminder(self) -> None:
        if self.shown_reminder is None or self.today in self.snapshot.history.done:
            self.notify("No reminder is showing, so there is nothing to snooze.", timeout=3)
            return
        if self.snooze_count >= SNOOZE_LIMIT:
            self.notify(
                f"Snoozed {SNOOZE_LIMIT} times already - now is a good time (s starts).",
                timeout=5,
                markup=False,
            )
            return
        self.snooze_count += 1
        self.snoozed_until = self.clock.now() + timedelta(minutes=SNOOZE_MINUTES)
        self.notify(
            f"Snoozed until {self.snoozed_until:%H:%M} ({self.snooze_count} of {SNOOZE_LIMIT}).",
            timeout=4,
            markup=False,
        )
        self.reload()  # the main screen shows the snoozed time as the next reminder

    def send_test_reminder(self) -> None:
        self.notify("Sending a test notification...", timeout=2)
        self.run_worker(self._send_test, thread=True, exclusive=True, group="test-reminder")

    def _send_test(self) -> None:
        delivery = self.send(
            "supple: test reminder",
            "Reminders work. This is how supple nudges you when it is time.",
        )
        self.call_from_thread(self._test_sent, delivery)

    def _test_sent(self, delivery: Delivery) -> None:
        if delivery.ok:
            self.notify(f"Test notification sent via {delivery.backend}.", timeout=5, markup=False)
        else:
            self._delivery_failed(delivery)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # issue 9: a running guided session asks before ctrl+q quits (its own priority binding
        # takes the key when this one steps aside).
        if action == "quit" and any(
            getattr(screen, "asks_before_quit", False) for screen in self.screen_stack
        ):
            return False
        return True

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.load_error is not None:
            return
        yield SystemCommand(
            "Start a guided session", "Follow the routine with countdowns", self.open_session
        )
        yield SystemCommand("Tutorial", "Read how and why the routine works", self.open_tutorial)
        yield SystemCommand("Calendar", "See a year and fix any day", self.open_calendar)
        yield SystemCommand("Settings", "Sets, reps, times and reminders", self.open_settings)
        yield SystemCommand("Undo", "Undo the last change", self.undo_last)
        yield SystemCommand(
            "Keys and rules", "How streak, strength and adherence work", self.open_help
        )


def _discard(_: object) -> None:
    """Undo callbacks return nothing; the store methods return what they removed."""
