"""What a read of the store gives: its tables checked and migrated, as a `Snapshot`, or
reduced to days as a `Summary` (what the shell commands need)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import cached_property
from pathlib import Path

from tracker.core.hinge import hinge_days_of
from tracker.core.measures import MeasuresNow, measures_now
from tracker.core.rules import History, history_from
from tracker.core.settings import Settings
from tracker.core.summary import Summary
from tracker.store.errors import StoreDamagedError, StoreError
from tracker.store.records import (
    activity_problem,
    automaticity_problem,
    brief,
    hinge_check_problem,
    mark_problem,
    measurement_problem,
    meta_problem,
    reminder_problem,
    session_problem,
    setting_problem,
)
from tracker.store.storage import Layout, parse_tables

TYPE_CHECKING = False  # not from typing: `supple done` loads this module
if TYPE_CHECKING:
    from typing import Any


__all__ = ["SCHEMA_VERSION", "TABLES", "Snapshot", "Summary", "Tables", "read_tables"]

SCHEMA_VERSION = 1
# measurements and activities came later (tracker.core.measures): a store without them reads
# as having none, and gets them, empty, at its next write; no schema change was needed.
TABLES = (
    "meta",
    "sessions",
    "marks",
    "settings",
    "reminders_sent",
    "measurements",
    "activities",
    "hinge_checks",
    "automaticity",
)

if TYPE_CHECKING:
    Tables = dict[str, dict[str, dict[str, Any]]]
else:
    Tables = dict  # (as above, for type checkers)

# schema version N -> the step that turns a version N-1 store into version N. Version 1 is the
# first, so there is nothing to do yet; the loop that runs these is in place and tested.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


class Snapshot:
    """Everything in the store at one moment, already checked. Read-only.

    A plain class rather than a dataclass: `supple done` loads this module, and the
    dataclasses module alone takes longer to import than the rest of a `done`.
    """

    _FIELDS = (
        "exists",
        "schema_version",
        "created",
        "sessions",
        "marks",
        "stored_settings",
        "reminders_sent",
        "tutorial_seen",
        "measurements",
        "activities",
        "hinge_checks",
        "automaticity",
    )

    def __init__(
        self,
        exists: bool,
        schema_version: int = SCHEMA_VERSION,
        created: str | None = None,
        sessions: tuple[dict[str, Any], ...] = (),
        marks: tuple[dict[str, Any], ...] = (),
        stored_settings: Mapping[str, Any] | None = None,
        reminders_sent: tuple[dict[str, Any], ...] = (),
        tutorial_seen: bool = False,
        measurements: tuple[dict[str, Any], ...] = (),
        activities: tuple[dict[str, Any], ...] = (),
        hinge_checks: tuple[dict[str, Any], ...] = (),
        automaticity: tuple[dict[str, Any], ...] = (),
    ) -> None:
        given = self.__dict__
        given["exists"] = exists
        given["schema_version"] = schema_version
        given["created"] = created
        given["sessions"] = sessions
        given["marks"] = marks
        given["stored_settings"] = {} if stored_settings is None else stored_settings
        given["reminders_sent"] = reminders_sent
        given["tutorial_seen"] = tutorial_seen
        given["measurements"] = measurements
        given["activities"] = activities
        given["hinge_checks"] = hinge_checks
        given["automaticity"] = automaticity

    exists: bool
    schema_version: int
    created: str | None
    sessions: tuple[dict[str, Any], ...]
    marks: tuple[dict[str, Any], ...]
    stored_settings: Mapping[str, Any]
    reminders_sent: tuple[dict[str, Any], ...]
    tutorial_seen: bool
    measurements: tuple[dict[str, Any], ...]
    activities: tuple[dict[str, Any], ...]
    hinge_checks: tuple[dict[str, Any], ...]  # the everyday hinge's evening checks
    automaticity: tuple[dict[str, Any], ...]  # its weekly SRBAI answers (and resets)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Snapshot is read-only (cannot set {name})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Snapshot):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._FIELDS)

    __hash__ = None  # type: ignore[assignment]  # it holds dicts, as a frozen dataclass did

    def __repr__(self) -> str:
        shown = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._FIELDS)
        return f"Snapshot({shown})"

    @cached_property
    def settings(self) -> Settings:
        return Settings.from_stored(self.stored_settings)

    @cached_property
    def measures(self) -> MeasuresNow:
        """The first and latest self-test and activity scores (what status shows)."""
        return measures_now(self.measurements, self.activities)

    @cached_property
    def hinge_days(self) -> dict[date, str]:
        """The everyday hinge's evening answer by day (tracker.core.hinge)."""
        return hinge_days_of(self.hinge_checks)

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


def read_tables(path: Path, raw: bytes, check: bool = True) -> tuple[Tables, int]:
    """Parse and check a store file; returns its tables migrated to SCHEMA_VERSION in memory.

    Raises StoreDamagedError naming the first record that is wrong, in any table.
    `check=False` skips the record checks, for bytes already checked (by this code) when
    supple wrote them.
    """
    tables = parse_tables(path, raw, strict=check)
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
    problem = tables_problem(tables) if check else None
    if problem:
        raise StoreDamagedError(path, problem)
    return tables, original


_CHECKS = (
    ("meta", meta_problem),
    ("sessions", session_problem),
    ("marks", mark_problem),
    ("settings", setting_problem),
    ("reminders_sent", reminder_problem),
    ("measurements", measurement_problem),
    ("activities", activity_problem),
    ("hinge_checks", hinge_check_problem),
    ("automaticity", automaticity_problem),
)


def tables_problem(tables: Tables) -> str | None:
    """The first damaged record of any table, or two records that must not both be there."""
    for name, problem_of in _CHECKS:
        for doc_id, record in tables[name].items():
            problem = problem_of(record)
            if problem:
                return f"{name} entry {doc_id} is damaged ({problem})"
    return (
        _twice(tables["sessions"], "id", "have the same id")
        or _twice(tables["settings"], "key", "are both the setting")
        or _twice(tables["measurements"], "id", "have the same id", "measurements")
        or _twice(tables["activities"], "id", "have the same id", "activities")
        or _twice(tables["hinge_checks"], "id", "have the same id", "hinge_checks")
        or _twice(tables["automaticity"], "id", "have the same id", "automaticity")
    )


def settings_at(raw: bytes, layout: Layout) -> dict[str, Any] | None:
    """The stored settings ({key: value}), read and checked from the settings table alone,
    which `layout` says sits in `raw`; None if it is not there or not sound."""
    import json

    span = layout.get("settings")
    key = b'"settings":'
    if span is None or not 0 < len(key) <= span[0] < span[1] <= len(raw):
        return None
    start, end = span[0], span[1]
    if raw[start - len(key) : start] != key or raw[start : start + 1] != b"{":
        return None
    try:
        table = json.loads(raw[start:end])
    except (ValueError, RecursionError):
        return None
    if not isinstance(table, dict):
        return None
    if any(setting_problem(doc) for doc in table.values()):
        return None
    if _twice(table, "key", "are both the setting"):
        return None
    return {str(d["key"]): d.get("value") for d in table.values()}


def _twice(
    table: dict[str, dict[str, Any]], field: str, says: str, name: str | None = None
) -> str | None:
    """Two records of `table` with the same `field` (the records are already checked)."""
    seen: dict[object, str] = {}
    for doc_id, record in table.items():
        value = record[field]
        first = seen.setdefault(value, doc_id)
        if first != doc_id:
            name = name or ("sessions" if field == "id" else "settings")
            return f"{name} entries {first} and {doc_id} {says} {brief(value)}"
    return None


def snapshot_of(tables: Tables, history: History | None = None) -> Snapshot:
    """The Snapshot of checked tables; `history`, when known already (the status summary of
    these very bytes), is its history, not worked out again."""
    meta = next(iter(tables["meta"].values()))
    settings = {str(d["key"]): d.get("value") for d in tables["settings"].values() if "key" in d}
    snapshot = Snapshot(
        exists=True,
        schema_version=int(meta["schema_version"]),
        created=meta.get("created"),
        sessions=tuple(tables["sessions"].values()),
        marks=tuple(tables["marks"].values()),
        stored_settings=settings,
        reminders_sent=tuple(tables["reminders_sent"].values()),
        tutorial_seen=bool(meta.get("tutorial_seen")),
        measurements=tuple(tables.get("measurements", {}).values()),
        activities=tuple(tables.get("activities", {}).values()),
        hinge_checks=tuple(tables.get("hinge_checks", {}).values()),
        automaticity=tuple(tables.get("automaticity", {}).values()),
    )
    if history is not None:
        snapshot.__dict__["history"] = history  # where cached_property keeps it
    return snapshot
