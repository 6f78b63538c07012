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


def _activities_fit(
    have: tuple[dict[str, Any], ...], importing: tuple[dict[str, Any], ...]
) -> None:
    """An import may not leave more than three current activities."""
    from tracker.core.measures import MAX_ACTIVITIES

    merged = {a["id"]: a for a in have}
    merged.update((a["id"], a) for a in importing)
    current = [a for a in merged.values() if not a.get("dropped")]
    if len(current) > MAX_ACTIVITIES:
        raise Refused(
            f"the import would leave {len(current)} activities ({_activity_names(current)}) and "
            f"at most {MAX_ACTIVITIES} are kept; drop some first (supple measure drop NAME)"
        )


# ---- import ------------------------------------------------------------------------------


@record_type
class ImportRecords:
    """Merge checked records (from `store.transfer.read_import`) by session id and mark date."""

    sessions: tuple[dict[str, Any], ...]
    marks: tuple[dict[str, Any], ...]
    settings: Mapping[str, Any]
    source: str = "the file"
    measurements: tuple[dict[str, Any], ...] = ()
    activities: tuple[dict[str, Any], ...] = ()
    hinge_checks: tuple[dict[str, Any], ...] = ()  # the everyday hinge (tracker.core.hinge)
    automaticity: tuple[dict[str, Any], ...] = ()

    def apply(self, store: Store) -> Applied:
        before = store.load()
        _activities_fit(before.activities, self.activities)
        result: ImportResult = store.import_records(
            list(self.sessions),
            list(self.marks),
            self.settings,
            list(self.measurements),
            list(self.activities),
            list(self.hinge_checks),
            list(self.automaticity),
        )
        measured = ""
        if self.measurements or self.activities:
            measured = (
                f" {result.measurements_added} new measurements, {result.measurements_updated} "
                f"updated; {result.activities_added} new activities, "
                f"{result.activities_updated} updated."
            )
        if self.hinge_checks or self.automaticity:
            measured += (
                f" Everyday hinge: {result.hinge_added} new records, {result.hinge_updated} "
                "updated."
            )
        message = (
            f"Imported from {self.source}: {result.added} new sessions, {result.updated} "
            f"updated, {result.unchanged} already there; {result.marks_added} skip days; "
            f"{result.settings_changed} settings changed.{measured}"
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
    # measurements and activities: (table, record id, its document before or None)
    measures_before: tuple[tuple[str, str, Removed | None], ...] = ()

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
        measures: list[tuple[str, str, Removed | None]] = []
        for table, had_docs, records in (
            ("measurements", before.measurements, done.measurements),
            ("activities", before.activities, done.activities),
            ("hinge_checks", before.hinge_checks, done.hinge_checks),
            ("automaticity", before.automaticity, done.automaticity),
        ):
            old_docs = {d["id"]: d for d in had_docs}
            for record in records:
                old_doc = old_docs.get(record["id"])
                if old_doc is None:
                    measures.append((table, record["id"], None))
                elif dict(old_doc) != record:
                    measures.append((table, record["id"], Removed(table, 0, dict(old_doc))))
        return cls(added, replaced, marks, settings, tuple(measures))

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
        if self.measures_before:
            RestoreMeasures(self.measures_before).apply(store)
        return Applied("The import was taken back.")


# ---- measures: the self-test and the person's own activities -------------------------------
# (tracker.core.measures). A reading replaces the same day's reading of the same measure; the
# undo puts the old one back.


def _activity_names(activities: list[dict[str, Any]]) -> str:
    return ", ".join(str(a["name"]) for a in activities)


def _measure_day(store: Store, day: date | None) -> tuple[date, date, datetime]:
    now = store.clock.now()
    today = day_of(now, store.summary().settings.day_start)
    chosen = day or today
    problem = date_bound_problem(chosen, today, 0)
    if problem:
        raise Refused(f"cannot record a measurement {problem}")
    return chosen, today, now


@record_type
class RecordMeasures:
    """Record one day's self-test: the fingertip-to-floor distance and/or activity scores,
    with the changes to the activity list made with it. One change, one undo.

    `scores` are (name, score): a name that is not one of the current activities adds it (at
    most three). `renames` are (activity id, new name); `drops` are activity ids no longer
    asked about (their scores are kept)."""

    day: date | None = None
    fingertip: float | None = None
    scores: tuple[tuple[str, int], ...] = ()
    renames: tuple[tuple[str, str], ...] = ()
    drops: tuple[str, ...] = ()

    def apply(self, store: Store) -> Applied:
        from tracker.core import measures as m
        from tracker.core.ids import new_id

        day, today, now = _measure_day(store, self.day)
        if self.fingertip is None and not (self.scores or self.renames or self.drops):
            raise Refused("there is nothing to record: give a distance or a score")
        if self.fingertip is not None and (problem := m.fingertip_problem(self.fingertip)):
            raise Refused(problem)
        current = [dict(a) for a in store.load().activities if not a.get("dropped")]
        by_id = {str(a["id"]): a for a in current}
        for activity_id in self.drops:
            if activity_id not in by_id:
                raise Refused("that activity is no longer there (changed elsewhere?)")
            del by_id[activity_id]
        renamed: dict[str, str] = {}
        for activity_id, wanted in self.renames:
            if activity_id not in by_id:
                raise Refused("that activity is no longer there (changed elsewhere?)")
            renamed[activity_id] = _clean_name(wanted)
            by_id[activity_id] = {**by_id[activity_id], "name": renamed[activity_id]}
        _no_name_twice([str(a["name"]) for a in by_id.values()])
        rated: list[tuple[str | None, str, int]] = []  # (activity id or None: new, name, score)
        for name, score in self.scores:
            if problem := m.score_problem(score):
                raise Refused(problem)
            clean = _clean_name(name)
            found = next((a for a in by_id.values() if m.same_name(str(a["name"]), clean)), None)
            if found is None:
                rated.append((None, clean, score))
            else:
                rated.append((str(found["id"]), str(found["name"]), score))
        _no_name_twice([name for _, name, _ in rated])
        new_names = [name for activity_id, name, _ in rated if activity_id is None]
        if len(by_id) + len(new_names) > m.MAX_ACTIVITIES:
            kept = list(by_id.values())
            have = f"{len(kept)} ({_activity_names(kept)})" if kept else "none"
            raise Refused(
                f"at most {m.MAX_ACTIVITIES} activities are kept and you have {have}, so "
                f"'{new_names[-1]}' would be one too many; drop one first (supple measure drop "
                "NAME) or rename it (supple measure rename OLD NEW)"
            )
        stamp = now.isoformat(timespec="seconds")
        put_back: list[Removed] = []
        created: list[str] = []
        added: list[str] = []
        said: list[str] = []
        with store.transaction():
            for activity_id in self.drops:
                old = store.update_activity(activity_id, {"dropped": today.isoformat()})
                put_back += [old] if old else []
                said.append(f"no longer asking about {old.document['name'] if old else '?'}")
            for activity_id, name in renamed.items():
                old = store.update_activity(activity_id, {"name": name})
                put_back += [old] if old else []
                said.append(f"renamed {old.document['name'] if old else '?'} to {name}")
            if self.fingertip is not None:
                record = _measurement(new_id(), day, m.FINGERTIP, None, self.fingertip, stamp)
                put_back += store.save_measurement(record)
                added.append(record["id"])
                said.append(f"fingertip-to-floor {m.show_cm(record['value'])}")
            for known_id, name, score in rated:
                activity_id = known_id or new_id()
                if known_id is None:
                    store.add_activity(
                        {"id": activity_id, "name": name, "added": day.isoformat(), "dropped": None}
                    )
                    created.append(activity_id)
                record = _measurement(new_id(), day, m.ACTIVITY, activity_id, score, stamp)
                put_back += store.save_measurement(record)
                added.append(record["id"])
                said.append(
                    f"{name} {score}/10" + (" (new activity)" if activity_id in created else "")
                )
        before: list[tuple[str, str, Removed | None]]
        before = [(r.table, str(r.document["id"]), r) for r in put_back]
        before += [("measurements", i, None) for i in added]
        before += [("activities", i, None) for i in created]
        replaced = sum(1 for r in put_back if r.table == "measurements")
        instead = f" (in place of {replaced} earlier that day)" if replaced else ""
        when = describe_day(day, today)
        message = f"Recorded for {when}: {'; '.join(said)}{instead}."
        if not added:
            words = "; ".join(said)
            message = f"{words[:1].upper()}{words[1:]}."
            undo = RestoreMeasures(tuple(before), "The activities are as they were.", message)
            return Applied(message, undo)
        return Applied(message, RestoreMeasures(tuple(before), redo_message=message))


def _clean_name(name: str) -> str:
    from tracker.core.measures import MeasureError, clean_name

    try:
        return clean_name(name)
    except MeasureError as error:
        raise Refused(str(error)) from None


def _no_name_twice(names: list[str]) -> None:
    from tracker.core.measures import same_name

    for index, name in enumerate(names):
        if any(same_name(name, other) for other in names[:index]):
            raise Refused(f"two activities would be called '{name}'; give each its own name")


def _measurement(
    measurement_id: str,
    day: date,
    measure: str,
    activity: str | None,
    value: float,
    stamp: str,
) -> dict[str, Any]:
    return {
        "id": measurement_id,
        "date": day.isoformat(),
        "measure": measure,
        "activity": activity,
        "value": value,
        "recorded_at": stamp,
    }


@record_type
class RestoreMeasures:
    """Put measurement and activity records back as they were: each (table, record id) to the
    document given (at its old place), or away when None. The undo of a RecordMeasures, and
    its own undo is one of these again."""

    states: tuple[tuple[str, str, Removed | None], ...]
    message: str = "The measurement was taken back."
    redo_message: str = "The measurement is back."

    def apply(self, store: Store) -> Applied:
        inverse: list[tuple[str, str, Removed | None]] = []
        with store.transaction():  # all out first: a document may come back at the place
            for table, record_id, _ in self.states:  # another one of these holds now
                now = store.remove_by_id(table, (record_id,))
                inverse.append((table, record_id, now[0] if now else None))
            store.put_back(wanted for _, _, wanted in self.states if wanted is not None)
        redo = RestoreMeasures(tuple(inverse), self.redo_message, self.message)
        return Applied(self.message, redo)


@record_type
class RenameActivity:
    """Give one of the activities a new name; its scores stay with it (kept by id)."""

    activity_id: str
    name: str

    def apply(self, store: Store) -> Applied:
        return RecordMeasures(renames=((self.activity_id, self.name),)).apply(store)


@record_type
class DropActivity:
    """Stop asking about an activity; its scores are kept (and shown in the history)."""

    activity_id: str

    def apply(self, store: Store) -> Applied:
        return RecordMeasures(drops=(self.activity_id,)).apply(store)


# ---- the everyday hinge (tracker.core.hinge) -----------------------------------------------
# The evening check replaces the same day's answer; the weekly automaticity answers (and a
# reset of the nudges' fading) are added. Each undo puts the records back as they were.


def _hinge_day(store: Store, day: date | None, what: str) -> tuple[date, date, datetime]:
    now = store.clock.now()
    today = day_of(now, store.summary().settings.day_start)
    chosen = day or today
    problem = date_bound_problem(chosen, today, 0)
    if problem:
        raise Refused(f"cannot record {what} {problem}")
    return chosen, today, now


@record_type
class LogHinge:
    """The evening check of the everyday hinge: `answer` most, some or none, for `day`
    (None: today). It replaces an earlier answer of that day."""

    answer: str
    day: date | None = None

    def apply(self, store: Store) -> Applied:
        from tracker.core.hinge import ANSWER_WORDS, answer_problem
        from tracker.core.ids import new_id

        problem = answer_problem(self.answer)
        if problem:
            raise Refused(problem)
        day, today, now = _hinge_day(store, self.day, "a hinge check")
        record = {
            "id": new_id(),
            "date": day.isoformat(),
            "answer": self.answer,
            "recorded_at": now.isoformat(timespec="seconds"),
        }
        replaced = store.save_hinge_check(record)
        states: list[tuple[str, str, Removed | None]]
        states = [("hinge_checks", str(r.document["id"]), r) for r in replaced]
        states.append(("hinge_checks", record["id"], None))
        instead = " (in place of the earlier answer)" if replaced else ""
        message = (
            f"Everyday hinge, {describe_day(day, today)}: {ANSWER_WORDS[self.answer]}{instead}."
        )
        undo = RestoreHinge(tuple(states), "The hinge check was taken back.", message)
        return Applied(message, undo)


@record_type
class RecordAutomaticity:
    """The weekly four questions (SRBAI, each 1-7) about the everyday hinge, for `day`."""

    answers: tuple[int, ...]
    day: date | None = None

    def apply(self, store: Store) -> Applied:
        from tracker.core.hinge import LEVEL_WORDS, level_for, srbai_problem, srbai_score
        from tracker.core.ids import new_id

        problem = srbai_problem(list(self.answers))
        if problem:
            raise Refused(problem)
        day, _, now = _hinge_day(store, self.day, "automaticity")
        record: dict[str, Any] = {
            "id": new_id(),
            "date": day.isoformat(),
            "answers": list(self.answers),
            "reset": False,
            "recorded_at": now.isoformat(timespec="seconds"),
        }
        store.add_automaticity(record)
        score = srbai_score(self.answers)
        level = LEVEL_WORDS[level_for(score)]
        message = f"Automaticity {score:.1f} of 7 saved; hinge nudges from now: {level}."
        undo = RestoreHinge(
            (("automaticity", str(record["id"]), None),),
            "The automaticity answers were taken back.",
            message,
        )
        return Applied(message, undo)


@record_type
class ResetHingeNudges:
    """Set the hinge nudges back to every day (until the next weekly answers)."""

    day: date | None = None

    def apply(self, store: Store) -> Applied:
        from tracker.core.ids import new_id

        day, _, now = _hinge_day(store, self.day, "a reset of the nudges")
        record: dict[str, Any] = {
            "id": new_id(),
            "date": day.isoformat(),
            "answers": None,
            "reset": True,
            "recorded_at": now.isoformat(timespec="seconds"),
        }
        store.add_automaticity(record)
        message = "Hinge nudges are back to every day (until your next weekly answers)."
        undo = RestoreHinge(
            (("automaticity", str(record["id"]), None),), "The nudges fade as before.", message
        )
        return Applied(message, undo)


@record_type
class RestoreHinge:
    """Put everyday-hinge records back as they were: each (table, record id) to the document
    given, or away when None. The undo of the hinge changes; its own undo is one again."""

    states: tuple[tuple[str, str, Removed | None], ...]
    message: str = "The hinge record was taken back."
    redo_message: str = "The hinge record is back."

    def apply(self, store: Store) -> Applied:
        inverse: list[tuple[str, str, Removed | None]] = []
        with store.transaction():
            for table, record_id, _ in self.states:
                now = store.remove_by_id(table, (record_id,))
                inverse.append((table, record_id, now[0] if now else None))
            store.put_back(wanted for _, _, wanted in self.states if wanted is not None)
        redo = RestoreHinge(tuple(inverse), self.redo_message, self.message)
        return Applied(self.message, redo)
