"""Every change a person can make to their data, as data: what to do, what it did, how to undo it.

A change is a small frozen object. `apply(store)` checks it against the rules and the store as
it is now, writes it, and returns an `Applied`: one line saying what happened and the change
that undoes it (None when there is nothing to undo). A change the rules refuse raises `Refused`
and writes nothing. The shell commands and every screen of the app use these same objects, so
a rule (a second session on a done day, a skip on a done day, how far ahead a skip may be) has
one answer everywhere. The app keeps the undo stack; this module keeps no state.

The rules, in one place:
- A session may be logged on a day that is already done: people do the routine twice. It is
  saved and said to be another session on a done day.
- A day that is already done is not marked as a skip day (it needs none); in a range of days
  the done ones are left as they are and counted in the message.
- Sessions are dated from EARLIEST_DAY to today; skip days from EARLIEST_DAY to
  SKIP_DAYS_AHEAD days after today, in the app exactly as in the shell.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from tracker.core.days import SKIP_DAYS_AHEAD, date_bound_problem, day_of
from tracker.core.record_type import record_type
from tracker.core.rules import PAIN_REASON
from tracker.core.settings import KEYS
from tracker.store.database import ImportResult, Removed, Store

# Records rather than NamedTuples, and no `typing` at run time: `supple done` loads this
# module, and typing alone takes longer to import than the rest of a `done`.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol


class Refused(Exception):
    """A rule says no: one line for the user; nothing was written."""


@record_type
class Applied:
    """What a change did (`message`, one line) and the change that undoes it."""

    message: str
    undo: Change | None = None


if TYPE_CHECKING:

    class Change(Protocol):
        def apply(self, store: Store) -> Applied: ...

else:

    class Change:
        """What every change has: `apply(store) -> Applied` (for type checkers a Protocol)."""


def today_of(store: Store) -> date:
    """Today by the store's clock and its `day-start` setting."""
    return day_of(store.clock.now(), store.summary().settings.day_start)


def describe_day(day: date, today: date) -> str:
    if day == today:
        return f"today ({day.isoformat()})"
    if day == today - timedelta(days=1):
        return f"yesterday ({day.isoformat()})"
    return day.isoformat()


# ---- sessions ----------------------------------------------------------------------------


def logged_session(
    day: date,
    now: datetime,
    today: date,
    pain_before: int | None = None,
    pain_after: int | None = None,
    note: str = "",
) -> dict[str, Any]:
    """A complete session logged without guidance (kind `logged`); timed only when today."""
    from tracker.core.ids import new_id  # not uuid: it loads `platform` too

    moment = now.isoformat(timespec="seconds") if day == today else None
    return {
        "id": new_id(),
        "date": day.isoformat(),
        "started_at": moment,
        "ended_at": moment,
        "kind": "logged",
        "status": "complete",
        "exercises": None,
        "pain_before": pain_before,
        "pain_after": pain_after,
        "note": note,
    }


@record_type
class LogDone:
    """Log a complete session without guidance on `day` (None: today)."""

    day: date | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    note: str = ""

    def apply(self, store: Store) -> Applied:
        now = store.clock.now()
        summary = store.summary()
        today = day_of(now, summary.settings.day_start)
        day = self.day or today
        problem = date_bound_problem(day, today, 0)
        if problem:
            raise Refused(f"cannot log {problem}")
        record = logged_session(day, now, today, self.pain_before, self.pain_after, self.note)
        saved = store.add_session(record)
        again = " (another session on a day already done)" if day in summary.history.done else ""
        return Applied(
            f"Logged {describe_day(day, today)} as done{again}.", DeleteSession(saved["id"])
        )


@record_type
class SaveSession:
    """Save a session record as it is (a finished guided session)."""

    record: Mapping[str, Any]

    def apply(self, store: Store) -> Applied:
        summary = store.summary()
        saved = store.add_session(self.record)
        status = saved["status"]
        day = date.fromisoformat(saved["date"])
        again = (
            " (another session on a day already done)"
            if status == "complete" and day in summary.history.done
            else ""
        )
        return Applied(f"Session saved ({status}){again}.", DeleteSession(saved["id"]))


@record_type
class DeleteSession:
    session_id: str

    def apply(self, store: Store) -> Applied:
        removed = store.delete_session(self.session_id)
        if removed is None:
            raise Refused("that session is no longer there (deleted elsewhere?)")
        return Applied(
            f"Deleted the session of {removed.document['date']}.", Restore((removed,), "session")
        )


@record_type
class Restore:
    """Put removed documents back with their old ids: the undo of a delete or a cleared skip."""

    removed: tuple[Removed, ...]
    what: str

    def apply(self, store: Store) -> Applied:
        store.restore(self.removed)
        if self.what == "session":
            return Applied("Session put back.", DeleteSession(self.removed[0].document["id"]))
        days = tuple(date.fromisoformat(r.document["date"]) for r in self.removed)
        return Applied(f"{_days_phrase(days)} back as skip days.", ClearSkip(days))


# ---- skip days ---------------------------------------------------------------------------


def _days_phrase(days: tuple[date, ...]) -> str:
    if len(days) == 1:
        return days[0].isoformat()
    return f"{len(days)} days ({min(days).isoformat()} to {max(days).isoformat()})"


@record_type
class MarkSkip:
    """Mark days as skip days (rest, illness, travel); done days are left as they are."""

    days: tuple[date, ...]
    reason: str | None = None

    def apply(self, store: Store) -> Applied:
        summary = store.summary()
        today = day_of(store.clock.now(), summary.settings.day_start)
        for day in sorted(self.days):
            problem = date_bound_problem(day, today, SKIP_DAYS_AHEAD)
            if problem:
                raise Refused(f"cannot mark a skip day: {problem}")
        done = [d for d in self.days if d in summary.history.done]
        if len(self.days) == 1 and done:
            raise Refused(
                f"{describe_day(done[0], today)} is already done, so it needs no skip day"
            )
        wanted = [d for d in self.days if d not in summary.history.done]
        added = tuple(store.mark_skip(wanted, self.reason))
        if len(self.days) == 1:
            note = "" if added else " (it already was)"
            return Applied(
                f"Marked {describe_day(self.days[0], today)} as a skip day{note}.",
                ClearSkip(added) if added else None,
            )
        others = []
        if len(added) < len(wanted):
            others.append(f"{len(wanted) - len(added)} already were")
        if done:
            others.append(f"{len(done)} already done, left as they are")
        rest = f"; {', '.join(others)}" if others else ""
        message = f"Marked {len(added)} of {_days_phrase(self.days)} as skip days{rest}."
        return Applied(message, ClearSkip(added) if added else None)


@record_type
class ClearSkip:
    """Make skip days ordinary days again."""

    days: tuple[date, ...]

    def apply(self, store: Store) -> Applied:
        today = today_of(store)
        removed = tuple(store.unmark_skip(self.days))
        if not removed:
            if len(self.days) == 1:
                raise Refused(f"{describe_day(self.days[0], today)} is not a skip day")
            raise Refused(f"none of {_days_phrase(self.days)} is a skip day")
        if len(self.days) == 1:
            message = f"{describe_day(self.days[0], today).capitalize()} is no longer a skip day."
        else:
            message = f"Cleared {len(removed)} skip days in {_days_phrase(self.days)}."
        return Applied(message, Restore(removed, "skip"))


@record_type
class RestForPain:
    """A stop for pain: save the stopped session (if any), then make its day a rest day (a
    skip day with reason "pain") unless a complete session already made it done. One step,
    undone as one ("rest today" at the high-pain question saves no session, only the day)."""

    record: Mapping[str, Any] | None = None

    def apply(self, store: Store) -> Applied:
        undos: list[Change] = []
        messages: list[str] = []
        today = today_of(store)
        day = today
        if self.record is not None:
            saved = SaveSession(self.record).apply(store)
            messages.append(saved.message)
            if saved.undo is not None:
                undos.append(saved.undo)
            day = date.fromisoformat(str(self.record["date"]))
        history = store.summary().history
        when = "Today" if day == today else describe_day(day, today).capitalize()
        if day in history.done:
            messages.append(f"{when} is already done; rest now.")
        elif day in history.skips:
            messages.append(f"{when} is a rest day.")
        else:
            added = tuple(store.mark_skip([day], PAIN_REASON))
            if added:
                undos.append(ClearSkip(added))
            messages.append(f"{when} is a rest day.")
        undo = Steps(tuple(reversed(undos))) if undos else None
        return Applied(" ".join(messages), undo)


@record_type
class Steps:
    """Changes applied in order as one step (the undo of a change that made several)."""

    changes: tuple[Change, ...]

    def apply(self, store: Store) -> Applied:
        undos = [change.apply(store).undo for change in self.changes]
        back = tuple(u for u in reversed(undos) if u is not None)
        return Applied("", Steps(back) if back else None)


@record_type
class MarkTutorialSeen:
    """Remember that the tutorial was read, so it does not open by itself again."""

    def apply(self, store: Store) -> Applied:
        store.mark_tutorial_seen()
        return Applied("")


@record_type
class Snooze:
    """Snooze today's shown reminder for ten minutes (at most three times); no undo."""

    def apply(self, store: Store) -> Applied:
        from tracker.core import snooze

        snapshot = store.load()
        now = store.clock.now()
        today = day_of(now, snapshot.settings.day_start)
        shown = snooze.last_shown(snapshot.reminders_sent, today)
        result = snooze.snooze(shown, now, today in snapshot.history.done)
        if isinstance(result, str):
            raise Refused(result)
        assert shown is not None
        expect = {k: shown.get(k) for k in ("status", "snoozed_until", "snoozes")}
        if not store.update_reminder(today, str(shown["time"]), result.fields, expect):
            raise Refused("the reminder changed meanwhile (snoozed elsewhere?); try again")
        return Applied(snooze.snooze_words(result, now))


# ---- settings ----------------------------------------------------------------------------


@record_type
class SetSetting:
    """Store a value that `settings.parse_value` already accepted."""

    key: str
    value: Any

    def apply(self, store: Store) -> Applied:
        summary = store.summary()
        shown = KEYS[self.key].show(self.value) or "(none)"
        if summary.stored_settings.get(self.key, _MISSING) == self.value:
            return Applied(f"{self.key} = {shown}")
        previous = store.set_setting(self.key, self.value)
        undo: Change = (
            ResetSetting(self.key)
            if previous is None
            else SetSetting(self.key, previous.document.get("value"))
        )
        return Applied(f"{self.key} = {shown}", undo)


@record_type
class ResetSetting:
    """Forget the stored value so the default applies again."""

    key: str

    def apply(self, store: Store) -> Applied:
        stored = store.summary().stored_settings
        key = KEYS[self.key]
        message = f"{self.key} reset to the default ({key.show(key.default) or '(none)'})."
        if self.key not in stored:
            return Applied(message)
        store.unset_setting(self.key)
        return Applied(message, SetSetting(self.key, stored[self.key]))


_MISSING = object()


# ---- import ------------------------------------------------------------------------------


@record_type
class ImportRecords:
    """Merge checked records (from `store.transfer.read_import`) by session id and mark date."""

    sessions: tuple[dict[str, Any], ...]
    marks: tuple[dict[str, Any], ...]
    settings: Mapping[str, Any]
    source: str = "the file"

    def apply(self, store: Store) -> Applied:
        before = store.load()
        result: ImportResult = store.import_records(
            list(self.sessions), list(self.marks), self.settings
        )
        message = (
            f"Imported from {self.source}: {result.added} new sessions, {result.updated} "
            f"updated, {result.unchanged} already there; {result.marks_added} skip days; "
            f"{result.settings_changed} settings changed."
        )
        if not result.changed:
            return Applied(message)
        return Applied(message, UndoImport.of(before, self))


@record_type
class UndoImport:
    """Put sessions, skip days and settings back as they were before an import."""

    added_ids: tuple[str, ...]
    replaced: tuple[dict[str, Any], ...]  # the old versions of sessions the import changed
    added_marks: tuple[date, ...]
    settings_before: tuple[tuple[str, Any], ...]  # (key, value or _MISSING) it changed

    @classmethod
    def of(cls, before: Any, done: ImportRecords) -> UndoImport:
        old = {s["id"]: s for s in before.sessions}
        added = tuple(s["id"] for s in done.sessions if s["id"] not in old)
        replaced = tuple(
            old[s["id"]] for s in done.sessions if s["id"] in old and old[s["id"]] != s
        )
        had = {m["date"] for m in before.marks}
        marks = tuple(date.fromisoformat(m["date"]) for m in done.marks if m["date"] not in had)
        stored = before.stored_settings
        settings = tuple(
            (k, stored.get(k, _MISSING))
            for k, v in done.settings.items()
            if stored.get(k, _MISSING) != v
        )
        return cls(added, replaced, marks, settings)

    def apply(self, store: Store) -> Applied:
        for session_id in self.added_ids:
            store.delete_session(session_id)
        if self.replaced:
            store.import_records(list(self.replaced), [], {})
        if self.added_marks:
            store.unmark_skip(self.added_marks)
        for key, value in self.settings_before:
            if value is _MISSING:
                store.unset_setting(key)
            else:
                store.set_setting(key, value)
        return Applied("The import was taken back.")
