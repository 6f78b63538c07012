"""What a read of the store gives: its tables checked and migrated, as a `Snapshot`, or
reduced to days as a `Summary` (what the shell commands need)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from tracker.rules import History, history_from
from tracker.settings import Settings
from tracker.store.errors import StoreDamagedError, StoreError
from tracker.store.records import (
    brief,
    mark_problem,
    meta_problem,
    reminder_problem,
    session_problem,
    setting_problem,
)
from tracker.store.storage import parse_tables

SCHEMA_VERSION = 1
TABLES = ("meta", "sessions", "marks", "settings", "reminders_sent")

Tables = dict[str, dict[str, dict[str, Any]]]

# schema version N -> the step that turns a version N-1 store into version N. Version 1 is the
# first, so there is nothing to do yet; the loop that runs these is in place and tested.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


@dataclass(frozen=True)
class Snapshot:
    """Everything in the store at one moment, already checked."""

    exists: bool
    schema_version: int = SCHEMA_VERSION
    created: str | None = None
    sessions: tuple[dict[str, Any], ...] = ()
    marks: tuple[dict[str, Any], ...] = ()
    stored_settings: Mapping[str, Any] = field(default_factory=dict)
    reminders_sent: tuple[dict[str, Any], ...] = ()
    tutorial_seen: bool = False

    @cached_property
    def settings(self) -> Settings:
        return Settings.from_stored(self.stored_settings)

    @cached_property
    def history(self) -> History:
        created = date.fromisoformat(self.created[:10]) if self.created else None
        return history_from(self.sessions, self.marks, created)

    def sessions_on(self, day: date) -> list[dict[str, Any]]:
        iso = day.isoformat()
        return [s for s in self.sessions if s["date"] == iso]

    def sent_reminders(self) -> frozenset[tuple[date, str]]:
        return frozenset(
            (date.fromisoformat(r["date"]), str(r["time"])) for r in self.reminders_sent
        )

    def snooze_records(self) -> tuple[dict[str, Any], ...]:
        """The reminder records that carry a snooze (see `reminders.snooze`)."""
        return tuple(dict(r) for r in self.reminders_sent if r.get("snoozes"))


# The small records below are NamedTuples, not dataclasses: every command defines them at
# start-up, and a dataclass takes about a millisecond to define, a NamedTuple a tenth of that.


class Summary(NamedTuple):
    """What the shell commands read: the settings, the history reduced to days and the
    claimed reminders, without the records themselves (see Store.summary)."""

    stored_settings: Mapping[str, Any]
    history: History
    sent: frozenset[tuple[date, str]]
    snoozed: tuple[dict[str, Any], ...] = ()  # the reminder records that carry a snooze

    @classmethod
    def of(cls, snapshot: Snapshot) -> Summary:
        return cls(
            dict(snapshot.stored_settings),
            snapshot.history,
            snapshot.sent_reminders(),
            snapshot.snooze_records(),
        )

    def snooze_records(self) -> tuple[dict[str, Any], ...]:
        return self.snoozed

    @property
    def settings(self) -> Settings:
        return Settings.from_stored(self.stored_settings)

    def sent_reminders(self) -> frozenset[tuple[date, str]]:
        return self.sent


def read_tables(path: Path, raw: bytes) -> tuple[Tables, int]:
    """Parse and check a store file; returns its tables migrated to SCHEMA_VERSION in memory.

    Raises StoreDamagedError naming the first record that is wrong, in any table.
    """
    tables = parse_tables(path, raw)
    meta = list(tables.get("meta", {}).values())
    if len(meta) > 1:
        raise StoreDamagedError(path, f"it has {len(meta)} meta entries instead of one")
    version = meta[0].get("schema_version") if meta else None
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise StoreDamagedError(path, "it has no supple schema version (wrong shape)")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store {path} was written by a newer supple (schema {version}; this one knows "
            f"{SCHEMA_VERSION}). Upgrade supple (pip install -U supple); the file was left "
            "untouched"
        )
    original = version
    while version < SCHEMA_VERSION:
        version += 1
        tables = MIGRATIONS[version](tables)
    for table in TABLES:
        tables.setdefault(table, {})
    problem = tables_problem(tables)
    if problem:
        raise StoreDamagedError(path, problem)
    return tables, original


_CHECKS = (
    ("meta", meta_problem),
    ("sessions", session_problem),
    ("marks", mark_problem),
    ("settings", setting_problem),
    ("reminders_sent", reminder_problem),
)


def tables_problem(tables: Tables) -> str | None:
    """The first damaged record of any table, or two records that must not both be there."""
    for name, problem_of in _CHECKS:
        for doc_id, record in tables[name].items():
            problem = problem_of(record)
            if problem:
                return f"{name} entry {doc_id} is damaged ({problem})"
    return _twice(tables["sessions"], "id", "have the same id") or _twice(
        tables["settings"], "key", "are both the setting"
    )


def _twice(table: dict[str, dict[str, Any]], field: str, says: str) -> str | None:
    """Two records of `table` with the same `field` (the records are already checked)."""
    seen: dict[object, str] = {}
    for doc_id, record in table.items():
        value = record[field]
        first = seen.setdefault(value, doc_id)
        if first != doc_id:
            name = "sessions" if field == "id" else "settings"
            return f"{name} entries {first} and {doc_id} {says} {brief(value)}"
    return None


def snapshot_of(tables: Tables) -> Snapshot:
    meta = next(iter(tables["meta"].values()))
    settings = {str(d["key"]): d.get("value") for d in tables["settings"].values() if "key" in d}
    return Snapshot(
        exists=True,
        schema_version=int(meta["schema_version"]),
        created=meta.get("created"),
        sessions=tuple(tables["sessions"].values()),
        marks=tuple(tables["marks"].values()),
        stored_settings=settings,
        reminders_sent=tuple(tables["reminders_sent"].values()),
        tutorial_seen=bool(meta.get("tutorial_seen")),
    )
