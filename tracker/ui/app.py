"""The Textual app: owns the store, the clock, the latest snapshot and the undo stack.

Attributes down, messages up. Screens are given their data (`show_data(snapshot, today)`)
and never reach into the app: to change data a screen posts an `Edit` carrying a change from
`tracker.store.changes`; the app applies it, keeps its undo, reloads and hands every screen the new
snapshot. Navigation is app actions (`app.open_calendar`...), bound by the screens' keys. A
1-second timer notices other processes' writes (a `supple done` in a shell) and the day
rolling over.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from tracker.core.clock import Clock
from tracker.core.days import day_of
from tracker.core.paths import styles_dir
from tracker.core.settings import THEMES
from tracker.store.changes import Change, MarkTutorialSeen, Refused, SaveSession, SetSetting, Snooze
from tracker.store.database import Store
from tracker.store.errors import StoreError
from tracker.store.snapshot import Snapshot
from tracker.ui.messages import Edit

if TYPE_CHECKING:  # reminders and delivery load in the background, after the first frame
    from tracker.notify.check import Outcome, Send
    from tracker.notify.delivery import Delivery


def resume_garbage_collection() -> None:
    """Turn the collector back on if the launcher paused it for start-up; what start-up built
    lives as long as the app, so it is frozen out of later collections."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


WATCH_INTERVAL_S = 1.0
UNDO_LIMIT = 50
REMINDER_CHECK_S = 15.0


@runtime_checkable
class ShowsData(Protocol):
    """A screen that shows stored data; the app calls this after every reload."""

    def show_data(self, snapshot: Snapshot, today: date) -> None: ...


@dataclass(frozen=True)
class UndoEntry:
    description: str
    undo: Change


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
        # NO_COLOR: Textual then strips every colour (NoColor) where its themes would only
        # turn them grey (Monochrome): asking for the terminal's own ANSI colours does that.
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
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

    @property
    def send(self) -> Send:
        if self._send is None:
            from tracker.notify.delivery import deliver

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
        self._day = today = self.today
        self._apply_theme()
        for screen in self.screen_stack:
            if isinstance(screen, ShowsData):
                screen.show_data(snapshot, today)

    def check_for_changes(self) -> None:
        """Reload when another process wrote, or when a new day began."""
        if self.load_error is not None:
            return
        if self.store.signature() != self._signature or self.today != self._day:
            self.reload()

    def on_edit(self, message: Edit) -> None:
        message.stop()
        self.perform(message.change)

    def perform(self, change: Change) -> bool:
        """Apply a change; keep its undo; reload. Errors become a toast, never a crash."""
        if self.load_error is not None:
            self.notify(self.load_error, severity="error", markup=False)
            return False
        try:
            applied = change.apply(self.store)
        except Refused as refusal:
            self.notify(_sentence(str(refusal)), severity="warning", markup=False, timeout=4)
            return False
        except (StoreError, OSError) as error:  # OSError: a write the store did not word
            reason = str(error) if isinstance(error, StoreError) else _write_failure(error)
            self.reload()
            if isinstance(change, SaveSession):
                self._keep_unsaved(dict(change.record), reason)
            else:
                self.notify(reason, title="Not saved", severity="error", markup=False)
            return False
        if applied.undo is not None:
            self.undo_stack.append(UndoEntry(applied.message, applied.undo))
            del self.undo_stack[:-UNDO_LIMIT]
        self.reload()
        if applied.message:
            self.notify(applied.message, markup=False, timeout=3)
        return True

    def _keep_unsaved(self, record: dict[str, Any], error: str) -> None:
        """A finished session the store would not take stays on screen until it is saved,
        kept in a file, or thrown away on purpose."""
        from tracker.ui.screens.save_failed import SaveFailedScreen

        def chosen(choice: str | None) -> None:
            if choice == "retry":
                self.perform(SaveSession(record))

        self.push_screen(SaveFailedScreen(record, error), chosen)

    def action_undo(self) -> None:
        """Undo the last change made in this app (repeatable)."""
        if not self.undo_stack:
            self.notify("Nothing to undo.", markup=False, timeout=3)
            return
        entry = self.undo_stack.pop()
        try:
            entry.undo.apply(self.store)
        except (Refused, StoreError, OSError) as error:
            reason = _write_failure(error) if isinstance(error, OSError) else str(error)
            self.undo_stack.append(entry)  # not undone: it can be tried again
            self.notify(_sentence(reason), title="Undo failed", severity="error", markup=False)
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
        return MainScreen(self.clock, self.snapshot, self._day)

    def on_mount(self) -> None:
        self.call_after_refresh(resume_garbage_collection)  # also on the error screen
        if self.load_error is not None:
            return
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._apply_theme()
        if self.start == "session":
            self.action_open_session()
        elif self.start == "calendar":
            self.action_open_calendar()
        elif self.start == "tutorial" or not self.snapshot.tutorial_seen:
            self.action_open_tutorial()
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
        """A theme picked in the palette is kept (not undoable: pick another)."""
        if self.load_error is not None or theme.name not in THEMES:
            return
        if self.snapshot.settings.theme == theme.name:
            return
        try:
            SetSetting("theme", theme.name).apply(self.store)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
        self.reload()

    # ---- navigation ----------------------------------------------------------------------

    def action_open_tutorial(self) -> None:
        from tracker.ui.screens.tutorial import TutorialScreen

        def closed(_: Any) -> None:
            if not self.snapshot.tutorial_seen:
                self.perform(MarkTutorialSeen())

        self.push_screen(TutorialScreen(self.snapshot.settings), closed)

    def action_open_session(self) -> None:
        from tracker.ui.screens.session import SessionScreen

        screen = SessionScreen(self.snapshot.settings, self.clock)

        def finished(record: dict[str, Any] | None) -> None:
            if record is not None:
                self.perform(SaveSession(record))
            if screen.quit_requested:  # ctrl+q mid-session: saved first, then quit
                self.exit()

        self.push_screen(screen, finished)

    def action_open_calendar(self) -> None:
        from tracker.ui.screens.calendar import CalendarScreen

        self.push_screen(CalendarScreen(self.snapshot, self.today))

    def action_open_settings(self) -> None:
        from tracker.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.snapshot))

    def action_open_help(self) -> None:
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

        from tracker.notify.check import check_and_notify

        try:
            outcome = check_and_notify(self.store, self.clock, f"tui:{os.getpid()}", self.send)
        except StoreError:
            return  # the polling timer shows the error screen
        if outcome is not None:
            self.call_from_thread(self._reminder_shown, outcome)

    def _reminder_shown(self, outcome: Outcome) -> None:
        from tracker.core.snooze import SNOOZE_MINUTES

        snooze = f", or z to snooze {SNOOZE_MINUTES} minutes" if outcome.snoozes_left > 0 else ""
        self.notify(
            # Said for someone already in the app (the desktop text says to open supple).
            f"Your routine {'was' if outcome.late else 'is'} due at {outcome.slot.time}. Press "
            f"s for a guided session, or d if you already did it{snooze}.",
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

    def action_snooze(self) -> None:
        """Snooze today's reminder, whoever showed it (this app, the daemon, cron)."""
        self.perform(Snooze())

    def action_test_reminder(self) -> None:
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
        """Textual's entries (theme, quit, screenshot) but its Keys panel, then every action
        of the main screen's keys (see `tracker.ui.palette`)."""
        from tracker.ui.palette import REPLACED, main_commands
        from tracker.ui.screens.main import MainScreen

        for command in super().get_system_commands(screen):
            if command.title not in REPLACED:
                yield command
        main = self.screen_stack[0] if self.screen_stack else None
        if self.load_error is not None or not isinstance(main, MainScreen):
            return
        yield from main_commands(main)


def _write_failure(error: OSError) -> str:
    where = f" {error.filename}" if error.filename else ""
    return f"cannot write{where}: {error.strerror or error}; free some space or fix the folder"


def _sentence(text: str) -> str:
    """A one-line error as a sentence for a toast."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."
