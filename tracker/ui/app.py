"""The Textual app: owns the store, the clock, the latest snapshot and the undo stack.

Attributes down, messages up. Screens are given their data (`show_data(snapshot, today)`)
and never reach into the app: to change data a screen posts an `Edit` carrying a change from
`tracker.store.changes`. No store work runs on the UI thread: the app queues each change (and
each undo, and each fresh read) as a `Job` and runs them one at a time, in order, in a thread
worker (`tracker.ui.store_work`), which posts `StoreDone` back; its handler keeps the undo,
says what happened and hands every screen the new snapshot. The first frame is drawn from the
store's small summary; the full records are read by the first job, after that frame. A
1-second timer notices the day rolling over, and a watcher thread other processes' writes (a
`supple done` in a shell) by the file's signature.
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from tracker.core.clock import Clock
from tracker.core.days import day_of
from tracker.core.paths import styles_dir
from tracker.core.settings import THEMES, Settings
from tracker.core.summary import Summary
from tracker.store.changes import (
    Change,
    LogHinge,
    MarkTutorialSeen,
    RestForPain,
    SaveSession,
    SetSetting,
    Snooze,
)
from tracker.store.database import Store
from tracker.store.errors import StoreError
from tracker.store.snapshot import Snapshot
from tracker.ui.messages import Edit, StoreDone, StoreTouched, StoreWaiting
from tracker.ui.store_work import Job, Result, StoreWatcher, UndoEntry, run_job

if TYPE_CHECKING:  # reminders and delivery load in the background, after the first frame
    from tracker.notify.check import Outcome, Send
    from tracker.notify.delivery import Delivery
    from tracker.notify.hinge_nudge import Nudge


def resume_garbage_collection() -> None:
    """Turn the collector back on if the launcher paused it for start-up; what start-up built
    lives as long as the app, so it is frozen out of later collections."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


WATCH_INTERVAL_S = 1.0
UNDO_LIMIT = 50
REMINDER_CHECK_S = 15.0
REMINDER_TOAST_S = 60  # the reminder stays on screen this long, unless it is answered
FIRST_READ_DELAY_S = 0.05  # after the first frame is drawn, before the records are read
WAIT_NOTICE_S = 0.25  # a lock held this long by another process is said on screen
WAITING = "Waiting for another supple to finish saving..."

Pending = Callable[[], Job | None]
"""A queued job, made when its turn comes (from the undo stack and snapshot as they are then);
None: nothing to do after all."""


@runtime_checkable
class ShowsData(Protocol):
    """A screen that shows stored data; the app calls this after every read of the store."""

    def show_data(self, snapshot: Snapshot, today: date) -> None: ...


class SuppleApp(App[int]):
    TITLE = "supple"
    SUB_TITLE = "hamstrings & lower back"  # the source says "regularly"; daily is supple's default
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
        first_look: Summary | None = None,
    ) -> None:
        # NO_COLOR: Textual then strips every colour (NoColor) where its themes would only
        # turn them grey (Monochrome): asking for the terminal's own ANSI colours does that.
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        self.store = store
        self.clock = clock
        self.start = start
        self.watch_interval = watch_interval
        self.reminders_enabled = reminders
        self.snapshot: Snapshot = Snapshot(exists=False)  # the full records, once `loaded`
        self.loaded = False
        # What the first frame is drawn from; None: read it when the app starts.
        self.first_look: Summary | None = first_look
        self._first_settings: Settings | None = None
        self._no_store = False  # no store file at start: a first run
        self.load_error: str | None = None
        self.undo_stack: list[UndoEntry] = []
        self._signature: tuple[int, int, int] | None = None
        self._day: date | None = None
        self._send = send  # None: the real desktop delivery, imported on first use
        # The store queue: asked-for jobs, the one running, and who waits for the records.
        self._jobs: deque[Pending] = deque()
        self._job_running: Job | None = None
        self._idle = asyncio.Event()  # set when all is done, the first read of the records too
        self._after_load: list[Callable[[], object]] = []
        self._in_worker = threading.local()
        self._waiting_shown = False
        self._quit_when_saved = False
        self.exiting = False
        self._wanted_theme: str | None = None  # picked, not saved yet
        self._reminder_toast_until: float | None = None  # time.monotonic() while it shows
        self._delivery_failure_said: str | None = None  # said once a run, not each reminder
        self._watcher: StoreWatcher | None = None
        self.session_running = False  # no everyday-hinge nudge during a guided session
        store.on_lock_wait = self._lock_wait

    @property
    def send(self) -> Send:
        if self._send is None:
            from tracker.notify.delivery import deliver

            self._send = deliver
        return self._send

    # ---- data ----------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The settings as last read (from the summary until the records are loaded)."""
        if self.loaded or self._first_settings is None:
            return self.snapshot.settings
        return self._first_settings

    @property
    def known(self) -> Snapshot | Summary:
        """The store as last read: its records, or its summary until they are loaded."""
        if self.loaded or self.first_look is None:
            return self.snapshot
        return self.first_look

    @property
    def today(self) -> date:
        return day_of(self.clock.now(), self.settings.day_start)

    def reload(self) -> None:
        """Read the store again (in the worker, after what is queued) and redraw every screen."""
        self._submit(lambda: Job())

    def check_for_changes(self) -> None:
        """A new day redraws at once; another process's write is looked for in the worker."""
        self._check_day()
        if self.load_error is None and self.loaded:
            self._look_for_writes()

    def _check_day(self) -> None:
        if self.load_error is None and self.loaded and self.today != self._day:
            self._show(self.snapshot)

    def _look_for_writes(self) -> None:
        """Read the store if its file is not the one last read (after what is queued)."""
        self._submit(lambda: Job(only_if_changed=True, known=self._signature))

    def on_store_touched(self, message: StoreTouched) -> None:
        if self.load_error is None and self.loaded:
            self._look_for_writes()

    def on_edit(self, message: Edit) -> None:
        message.stop()
        change = message.change
        if hasattr(change, "apply"):
            self.perform(change)
        else:
            self._submit(lambda: self._change_job(change(self.known)))

    def perform(
        self,
        change: Change,
        then: Callable[[bool], None] | None = None,
        keep_undo: bool = True,
        quiet: bool = False,
    ) -> None:
        """Apply `change` after the changes asked for before it; keep its undo; redraw.
        Errors become a toast (or the save-failed screen), never a crash. `then` is told,
        on the UI thread, whether it was saved."""
        self._submit(lambda: self._change_job(change, then, keep_undo, quiet))

    def _change_job(
        self,
        change: Change,
        then: Callable[[bool], None] | None = None,
        keep_undo: bool = True,
        quiet: bool = False,
    ) -> Job | None:
        if self.load_error is not None:
            self.notify(self.load_error, severity="error", markup=False)
            if then is not None:
                then(False)
            return None
        return Job(change, keep_undo=keep_undo, quiet=quiet, then=then)

    def action_undo(self) -> None:
        """Undo the last change made in this app (repeatable)."""
        self._submit(self._undo_job)

    def _undo_job(self) -> Job | None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", markup=False, timeout=3)
            return None
        entry = self.undo_stack.pop()
        return Job(entry.undo, undoing=entry, keep_undo=False)

    # ---- the store queue -----------------------------------------------------------------

    def _submit(self, pending: Pending) -> None:
        self._jobs.append(pending)
        self._idle.clear()
        self._next_job()

    def _next_job(self) -> None:
        while self._job_running is None and self._jobs:
            job = self._jobs.popleft()()
            if job is not None:
                self._job_running = job
                self.run_worker(partial(self._work, job), thread=True, group="store")
        if self._job_running is None and not self._jobs:
            if self.loaded or self.load_error is not None:
                self._idle.set()
            if self._quit_when_saved:
                self.exit()

    async def wait_for_store(self) -> None:
        """Until the records are read and every queued job has run and its result is on
        screen (for tests)."""
        await self._idle.wait()

    def _work(self, job: Job) -> None:
        """In the worker thread: the job, then its result to the UI thread."""
        self._in_worker.active = True
        try:
            result = run_job(self.store, job)
        finally:
            self._in_worker.active = False
        self.post_message(StoreDone(job, result))

    def _lock_wait(self) -> None:
        """The store's callback (in the thread that waits) when another process holds its lock;
        said on screen only for the app's own store work (not the reminder check's)."""
        if getattr(self._in_worker, "active", False):
            self.post_message(StoreWaiting())

    def on_store_waiting(self, message: StoreWaiting) -> None:
        job = self._job_running
        self.set_timer(WAIT_NOTICE_S, lambda: self._say_waiting(job))

    def _say_waiting(self, job: Job | None) -> None:
        if job is not None and job is self._job_running and not self._waiting_shown:
            self._waiting_shown = True
            self.sub_title = WAITING  # in the header until the change is saved
            self.notify(WAITING, markup=False, timeout=3)

    def on_store_done(self, message: StoreDone) -> None:
        job, result = message.job, message.result
        self._job_running = None
        if self._waiting_shown:
            self._waiting_shown = False
            self.sub_title = self.SUB_TITLE
        if not result.unchanged:
            self._take(result)
        if job.change is not None:
            self._report(job, result)
        if job.then is not None:
            job.then(result.saved)
        self._next_job()

    def _report(self, job: Job, result: Result) -> None:
        """Say what a change did; keep its undo; a failed change can be tried again."""
        if result.failed is not None:
            self._quit_when_saved = False  # the failure is shown, not quit over
        if job.undoing is not None:
            entry = job.undoing
            if result.saved:
                self.notify(f"Undone: {entry.description}", markup=False, timeout=3)
            else:
                self.undo_stack.append(entry)  # not undone: it can be tried again
                reason = result.refused or result.failed or ""
                self.notify(_sentence(reason), title="Undo failed", severity="error", markup=False)
            return
        if result.refused is not None:
            self.notify(_sentence(result.refused), severity="warning", markup=False, timeout=4)
        elif result.failed is not None:
            change = job.change
            if isinstance(change, (SaveSession, RestForPain)) and change.record is not None:
                self._keep_unsaved(dict(change.record), result.failed)
            else:
                self.notify(result.failed, title="Not saved", severity="error", markup=False)
        elif result.applied is not None:
            applied = result.applied
            if job.keep_undo and applied.undo is not None:
                self.undo_stack.append(UndoEntry(applied.message, applied.undo))
                del self.undo_stack[:-UNDO_LIMIT]
            if self._reminder_answered(job.change):
                # Done, skipped or snoozed: the reminder's toast (and why the desktop could not
                # show it) would only cover the screen for the rest of its minute.
                self._reminder_toast_until = None
                self.clear_notifications()
            if applied.message and not job.quiet:
                self.notify(applied.message, markup=False, timeout=3)

    def _reminder_answered(self, change: Change | None) -> bool:
        """Whether a reminder toast is up and `change` (just saved) answered it."""
        until = self._reminder_toast_until
        if until is None or time.monotonic() > until or change is None:
            return False
        if isinstance(change, Snooze):
            return True
        today, history = self.today, self.snapshot.history
        return today in history.done or today in history.skips

    def _take(self, result: Result) -> None:
        """A fresh read of the store: every screen shows it (or the error screen comes)."""
        self._signature = result.signature
        if result.snapshot is None:
            self.show_load_error(result.load_error or "the store cannot be read")
            return
        self.load_error = None
        first = not self.loaded
        self.snapshot, self.loaded = result.snapshot, True
        self.first_look = self._first_settings = None
        self._show(result.snapshot)
        if first:
            waiting, self._after_load = self._after_load, []
            for run in waiting:
                run()

    def _show(self, snapshot: Snapshot) -> None:
        if not self.is_running:  # closing: the screens are being taken apart, nothing to draw
            return
        self._day = today = self.today
        self._apply_theme()
        for screen in self.screen_stack:
            if not isinstance(screen, ShowsData):
                continue
            if screen.is_mounted:
                screen.show_data(snapshot, today)
            else:  # just pushed: drawn once it has its widgets (a screen runs this after)
                screen.call_later(screen.show_data, snapshot, today)

    def _when_loaded(self, run: Callable[[], object]) -> None:
        """Run `run` now if the records are loaded, else once they are (a few hundred ms
        after the first frame at most, with decades of history)."""
        if self.loaded:
            run()
        else:
            self._after_load.append(run)

    def _keep_unsaved(self, record: dict[str, Any], error: str) -> None:
        """A finished session the store would not take stays on screen until it is saved,
        kept in a file, or thrown away on purpose."""
        from tracker.ui.screens.save_failed import SaveFailedScreen

        def chosen(choice: str | None) -> None:
            if choice == "retry":
                stopped = record.get("status") == "stopped"
                self.perform(RestForPain(record) if stopped else SaveSession(record))

        self.push_screen(SaveFailedScreen(record, error), chosen)

    def show_load_error(self, message: str) -> None:
        from tracker.ui.screens.error import ErrorScreen

        first_time = self.load_error is None
        self.load_error = message
        if first_time or not isinstance(self.screen, ErrorScreen):
            self.push_screen(ErrorScreen(message, self.store))

    async def action_quit(self) -> None:
        """Quit once the changes asked for are saved (they take moments; a held lock longer)."""
        running = self._job_running
        if not self._jobs and (running is None or running.change is None):
            self.exit()  # (a read need not be waited for)
        elif not self._quit_when_saved:
            self._quit_when_saved = True
            self.notify("Saving first: supple quits once your change is saved.", timeout=5)

    # ---- start-up ------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """Open straight on the main screen (or the error screen): no extra screen switch.

        The first frame is drawn from the store's summary (settings and history reduced to
        days, a few kilobytes beside the store when supple wrote it last): reading and
        checking decades of records would come first otherwise. The records are read by the
        first job, after that frame.
        """
        from tracker.ui.screens.main import MainScreen

        self._no_store = self.store.signature() is None  # a first run: the tutorial opens
        try:
            summary = self.first_look
            if summary is None:
                summary = self.store.quick_summary()
        except StoreError as error:
            from tracker.ui.screens.error import ErrorScreen

            self.load_error = str(error)
            return ErrorScreen(self.load_error, self.store)
        self.first_look, self._first_settings = summary, summary.settings
        self._day = self.today
        return MainScreen(self.clock, summary, self._day)

    def on_mount(self) -> None:
        self.call_after_refresh(resume_garbage_collection)  # also on the error screen
        if self.load_error is not None:
            self._idle.set()  # nothing to read: the store cannot be
            return
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._apply_theme()
        if self.start == "session":
            # Once the records are read: whether the tutorial was (the summary does not say)
            # and the pain notes the session starts with.
            self._when_loaded(self._open_first_session)
        elif self.start == "calendar":
            self.action_open_calendar()
        elif self.start == "tutorial" or self._no_store:
            self.action_open_tutorial()
        elif self.start is None:  # the summary does not say whether the tutorial was read
            self._when_loaded(self._tutorial_if_unread)
        # Background work starts after the first frame is on screen, and a moment later:
        # the frame reaches the terminal through Textual's writer thread, which needs the
        # GIL, and parsing decades of records (one long C call, in the worker or the
        # reminder check) would hold it until done.
        self.call_after_refresh(
            lambda: self.set_timer(FIRST_READ_DELAY_S, self._start_background_work)
        )

    def _start_background_work(self) -> None:
        self.reload()  # the full records
        if self.watch_interval:
            self.set_interval(self.watch_interval, self._check_day)
            self._watcher = StoreWatcher(
                self.store, self.watch_interval, lambda: self.post_message(StoreTouched())
            )
            self._watcher.start()
        if self.reminders_enabled:
            self.check_reminders()
            self.set_interval(REMINDER_CHECK_S, self.check_reminders)

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()

    def _open_first_session(self) -> None:
        if self.snapshot.tutorial_seen:
            self.action_open_session()
        else:  # the very first session: the notice and the red flags come first (page 1)
            self._open_tutorial(then=self.action_open_session)

    def _tutorial_if_unread(self) -> None:
        from tracker.ui.screens.tutorial import TutorialScreen

        if not self.snapshot.tutorial_seen and not isinstance(self.screen, TutorialScreen):
            self.action_open_tutorial()

    def _apply_theme(self) -> None:
        wanted = self._wanted_theme or self.settings.theme
        if wanted in self.available_themes and wanted != self.theme:
            self.theme = wanted

    def _remember_theme(self, theme: Theme) -> None:
        """A theme picked in the palette is kept (not undoable: pick another)."""
        if self.load_error is not None or theme.name not in THEMES:
            return
        if (self._wanted_theme or self.settings.theme) == theme.name:
            return
        self._wanted_theme = name = theme.name

        def saved(_: bool) -> None:
            if self._wanted_theme == name:
                self._wanted_theme = None
                self._apply_theme()  # the stored theme, if this one was not saved

        self.perform(SetSetting("theme", name), saved, keep_undo=False, quiet=True)

    # ---- navigation ----------------------------------------------------------------------

    def action_open_tutorial(self) -> None:
        self._open_tutorial()

    def _open_tutorial(self, then: Callable[[], None] | None = None) -> None:
        from tracker.ui.screens.tutorial import TutorialScreen

        def closed(_: Any) -> None:
            first_time = not (self.loaded and self.snapshot.tutorial_seen)

            def job() -> Job | None:
                if self.loaded and self.snapshot.tutorial_seen:
                    return None
                return self._change_job(MarkTutorialSeen(), keep_undo=False, quiet=True)

            self._submit(job)
            if then is not None:
                then()
            elif first_time:  # offered once, after the tutorial is first read
                self._when_loaded(self._offer_moments)

        self.push_screen(TutorialScreen(self.settings), closed)

    def action_open_session(self) -> None:
        from tracker.core.today import build_status, pain_notes
        from tracker.ui.screens.session import NOTHING_SAVED, SessionScreen

        notes = pain_notes(build_status(self.snapshot, self.clock.now()))
        screen = SessionScreen(self.settings, self.clock, pain_notice="\n".join(notes))
        # Nothing from the main screen (an offer, a saved-change toast) may cover the stage
        # or the counts: the session's own notices come after this.
        self.clear_notifications()

        self._session_marker(True)

        def finished(record: dict[str, Any] | None) -> None:
            self._session_marker(False)
            # ctrl+q mid-session: saved first, then quit (an unsaved one stays on screen).
            if record is not None and record.get("status") == "stopped":
                self.perform(RestForPain(record), then=quit_if_asked)  # today: a rest day
            elif record is not None:
                self.perform(SaveSession(record), then=quit_if_asked)
            elif screen.rest_today:  # "rest today" at the high-pain question
                self.perform(RestForPain(), then=quit_if_asked)
            elif screen.nothing_saved:  # ended before the first rep
                if screen.quit_requested:
                    self.exit(message=NOTHING_SAVED)
                else:
                    self.notify(NOTHING_SAVED, title="Session", markup=False)
            else:
                quit_if_asked(True)

        def quit_if_asked(saved: bool) -> None:
            if saved and screen.quit_requested:
                self.exit()

        self.push_screen(screen, finished)

    def _session_marker(self, running: bool) -> None:
        """Say to every process of this data folder whether a guided session runs (the
        daemon sends no hinge nudge meanwhile); the file is written off the UI thread."""
        from tracker.notify import session_marker

        self.session_running = running
        mark = session_marker.mark_running if running else session_marker.mark_ended
        self.run_worker(lambda: mark(self.store.data_dir), thread=True, group="session-marker")

    def action_open_calendar(self) -> None:
        def open_it() -> None:
            from tracker.ui.screens.calendar import CalendarScreen

            self.push_screen(CalendarScreen(self.snapshot, self.today))

        self._when_loaded(open_it)  # it shows each day's sessions

    def action_open_self_test(self) -> None:
        """The guided self-test (tracker.ui.screens.self_test), once the records are here: what
        it asks for is saved as one undoable change."""

        def open_it() -> None:
            from tracker.ui.screens.self_test import SelfTestScreen

            def done(change: Change | None) -> None:
                if change is not None:
                    self.perform(change)

            self.push_screen(SelfTestScreen(self.snapshot, self.today), done)

        self._when_loaded(open_it)

    # ---- the everyday hinge (tracker.ui.screens.hinge) -----------------------------------

    def _offer_moments(self) -> None:
        """Offered once, after the tutorial is first read: a word, not a screen in the way."""
        if not self.snapshot.settings.hinge_moments:
            self.notify(
                "Step 2 is a habit for the whole day: press g to choose one to three everyday "
                "moments to hinge at (Settings has them too).",
                title="Your everyday hinge",
                timeout=15,
                markup=False,
            )

    def action_open_moments(self) -> None:
        """Choose the everyday hinge moments and the nudge times."""

        def open_it() -> None:
            from tracker.ui.screens.hinge import MomentsScreen

            settings = self.snapshot.settings

            def chosen(values: tuple[str, str] | None) -> None:
                if values is None:
                    return
                moments, nudges = values
                self.perform(SetSetting("hinge-moments", moments))
                if nudges != settings.values["hinge-nudges"]:
                    self.perform(SetSetting("hinge-nudges", nudges))

            nudges = str(settings.values["hinge-nudges"])
            self.push_screen(MomentsScreen(settings.hinge_moments, nudges), chosen)

        self._when_loaded(open_it)

    def action_open_hinge_check(self) -> None:
        """The evening check (one key), then the weekly four questions when they are due."""

        def open_it() -> None:
            from tracker.core.hinge import automaticity_due, automaticity_of
            from tracker.ui.screens.hinge import AutomaticityScreen, HingeCheckScreen

            snapshot, today = self.snapshot, self.today
            moments = snapshot.settings.hinge_moments
            if not moments:  # first the moments: the check asks about them
                self.action_open_moments()
                return

            def weekly(change: Change | None) -> None:
                if change is not None:
                    self.perform(change)

            def answered(change: Change | None) -> None:
                if change is None:
                    return
                self.perform(change)
                if not isinstance(change, LogHinge):
                    return  # the nudges set back, not an answer
                history = automaticity_of(snapshot.automaticity)
                if automaticity_due(history, today, _moments_since(snapshot, today)):
                    self.push_screen(AutomaticityScreen(), weekly)

            screen = HingeCheckScreen(moments, snapshot.hinge_days.get(today))
            self.push_screen(screen, answered)

        self._when_loaded(open_it)

    def action_open_settings(self) -> None:
        def open_it() -> None:
            from tracker.ui.screens.settings import SettingsScreen

            self.push_screen(SettingsScreen(self.snapshot))

        self._when_loaded(open_it)

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
        from tracker.notify.hinge_nudge import check_and_nudge

        try:
            nudge = check_and_nudge(
                self.store, self.clock, f"tui:{os.getpid()}", self.send, self.session_running
            )
        except StoreError:
            return
        if nudge is not None:
            self.call_from_thread(self._nudge_shown, nudge)

    def _nudge_shown(self, nudge: Nudge) -> None:
        self.notify(nudge.body, title="Your everyday hinge", timeout=30, markup=False)
        self.reload()

    def _reminder_shown(self, outcome: Outcome) -> None:
        from tracker.core.snooze import SNOOZE_MINUTES

        snooze = f", or z to snooze {SNOOZE_MINUTES} minutes" if outcome.snoozes_left > 0 else ""
        self.notify(
            # Said for someone already in the app (the desktop text says to open supple).
            f"Your routine {'was' if outcome.late else 'is'} due at {outcome.slot.time}. Press "
            f"s for a guided session, or d if you already did it{snooze}.",
            title=outcome.title,
            timeout=REMINDER_TOAST_S,
            markup=False,
        )
        self._reminder_toast_until = time.monotonic() + REMINDER_TOAST_S
        if not outcome.delivery.ok:
            self._delivery_failed(outcome.delivery)
        self.reload()

    def _delivery_failed(self, delivery: Delivery, asked: bool = False) -> None:
        """Why the desktop notification failed and what fixes it: once a run for reminders
        (the in-app toast shows each of them anyway), every time for a test (`asked`)."""
        if not asked and delivery.error == self._delivery_failure_said:
            return
        self._delivery_failure_said = delivery.error
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
            self._delivery_failed(delivery, asked=True)

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None:
        self.exiting = True  # from now on no key opens a screen (see check_action)
        super().exit(result, return_code, message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.exiting:  # `q` then `s` typed fast: the session must not open as the app closes
            return False
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


def _moments_since(snapshot: Snapshot, today: date) -> date | None:
    """Since when the person has hinge moments (for the weekly questions): the first evening
    check, else None (never asked before a first check)."""
    if not snapshot.settings.hinge_moments or not snapshot.hinge_checks:
        return None
    first = min(str(c["date"]) for c in snapshot.hinge_checks)
    return min(date.fromisoformat(first), today)


def _sentence(text: str) -> str:
    """A one-line error as a sentence for a toast."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."
