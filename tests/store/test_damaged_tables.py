"""Damage in any table is named, exit 2, never written over; doctor says DAMAGED and how to
restore. Then a property test: random damage to a valid store gives exit 2 or right output,
never exit 1 (an unexpected error) or a traceback.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import NOW, RunCli
from tracker.cli import main as cli
from tracker.core.clock import FakeClock
from tracker.store.database import Store

Tables = dict[str, dict[str, Any]]


def valid_tables() -> Tables:
    """A small store with a record in every table, as supple writes it."""
    return {
        "meta": {"1": {"schema_version": 1, "created": "2026-11-01T08:00:00+01:00"}},
        "sessions": {
            "1": {
                "id": "s1",
                "date": "2026-11-23",
                "started_at": "2026-11-23T07:30:00+01:00",
                "ended_at": "2026-11-23T07:47:00+01:00",
                "kind": "guided",
                "status": "complete",
                "exercises": [{"exercise": "good-morning", "planned_sets": 3, "done_sets": 3}],
                "pain_before": 4,
                "pain_after": 2,
                "note": "fine",
            },
            "2": {
                "id": "s2",
                "date": "2026-11-24",
                "started_at": None,
                "ended_at": None,
                "kind": "logged",
                "status": "complete",
                "exercises": None,
                "pain_before": None,
                "pain_after": None,
                "note": "",
            },
        },
        "marks": {"1": {"date": "2026-11-22", "kind": "skip", "reason": "travel"}},
        "settings": {
            "1": {"key": "rest", "value": 20},
            "2": {"key": "reminders", "value": "18:00"},
        },
        "reminders_sent": {
            "1": {
                "date": "2026-11-24",
                "time": "18:00",
                "claimed_at": "2026-11-24T18:00:05+01:00",
                "by": "daemon:1",
                "status": "delivered",
                "backend": "notify-send",
                "error": None,
                "attempts": 1,
                "snoozed_until": "2026-11-24T18:10:05+01:00",
                "snoozes": 1,
            }
        },
    }


def damaged(change: Callable[[Tables], None]) -> bytes:
    tables = valid_tables()
    change(tables)
    return json.dumps(tables).encode()


def set_field(table: str, doc: str, field: str, value: object) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        tables[table][doc][field] = value

    return change


def drop_field(table: str, doc: str, field: str) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        del tables[table][doc][field]

    return change


def add_doc(table: str, doc_id: str, document: dict[str, Any]) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        tables[table][doc_id] = document

    return change


class Pairs(list[tuple[str, Any]]):
    """A JSON object written with its keys as given: a key may come twice (`dumps`)."""


def dumps(value: Any) -> str:
    """json.dumps that writes a Pairs object with each of its keys, duplicates included (as
    another program, a bad merge or a hand edit may leave them); text as json writes it, a
    lone surrogate as its `\\ud800` escape."""
    if isinstance(value, dict):
        value = Pairs(value.items())
    if isinstance(value, Pairs):
        return "{" + ", ".join(f"{json.dumps(k)}: {dumps(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(dumps(v) for v in value) + "]"
    return json.dumps(value)


def twice(*where: str | int, key: str, value: Any) -> bytes:
    """The valid store with `key` given a second time (as `value`) in the object at `where`
    (a path of keys and list positions from the top; none: the top level)."""
    tables: Any = valid_tables()
    parent: Any = None
    node = tables
    for step in where:
        parent, node = node, node[step]
    doubled = Pairs([*node.items(), (key, value)])
    if parent is None:
        return dumps(doubled).encode()
    parent[where[-1]] = doubled
    return dumps(tables).encode()


DEEP = 100_000
# case -> (the store's bytes, words the error line must name)
DAMAGE: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "reminder without date": (
        damaged(drop_field("reminders_sent", "1", "date")),
        ("reminders_sent entry 1", "date"),
    ),
    "reminder date 5": (
        damaged(set_field("reminders_sent", "1", "date", 5)),
        ("reminders_sent entry 1", "date"),
    ),
    "reminder time 25:00": (
        damaged(set_field("reminders_sent", "1", "time", "25:00")),
        ("reminders_sent entry 1", "time"),
    ),
    "reminder status unknown": (
        damaged(set_field("reminders_sent", "1", "status", "sent?")),
        ("reminders_sent entry 1", "status"),
    ),
    "reminder attempts text": (
        damaged(set_field("reminders_sent", "1", "attempts", "two")),
        ("reminders_sent entry 1", "attempts"),
    ),
    "reminder snoozed_until garbage": (
        damaged(set_field("reminders_sent", "1", "snoozed_until", "soon")),
        ("reminders_sent entry 1", "snoozed_until"),
    ),
    "reminder snoozes negative": (
        damaged(set_field("reminders_sent", "1", "snoozes", -1)),
        ("reminders_sent entry 1", "snoozes"),
    ),
    "meta created 5": (damaged(set_field("meta", "1", "created", 5)), ("meta entry 1", "created")),
    "two meta records": (
        damaged(add_doc("meta", "2", {"schema_version": 1})),
        ("2 meta entries",),
    ),
    "100k-deep JSON": (b'{"meta": ' + b"[" * DEEP + b"]" * DEEP + b"}", ("nested too deeply",)),
    "a 5000-digit number": (
        b'{"meta": {"1": {"schema_version": 1, "x": ' + b"9" * 5000 + b"}}}",
        ("number too long",),
    ),
    "document id superscript two": (
        damaged(add_doc("sessions", "²", valid_tables()["sessions"]["2"])),
        ("sessions", "'²'"),
    ),
    "document id with a leading zero": (
        damaged(add_doc("sessions", "02", {**valid_tables()["sessions"]["2"], "id": "s3"})),
        ("sessions", "'02'"),
    ),
    "duplicate session ids": (
        damaged(add_doc("sessions", "3", valid_tables()["sessions"]["2"])),
        ("sessions entries 2 and 3", "'s2'"),
    ),
    "two settings for one key": (
        damaged(add_doc("settings", "3", {"key": "rest", "value": 25})),
        ("settings entries 1 and 3", "'rest'"),
    ),
    "setting of the wrong type": (
        damaged(set_field("settings", "1", "value", "twenty")),
        ("settings entry 1", "rest"),
    ),
    "setting out of range": (
        damaged(set_field("settings", "1", "value", 100_000)),
        ("settings entry 1", "rest"),
    ),
    "bool setting as a number": (
        damaged(add_doc("settings", "3", {"key": "bell", "value": 1})),
        ("settings entry 3", "bell"),
    ),
    "setting without a key": (
        damaged(add_doc("settings", "3", {"value": 1})),
        ("settings entry 3", "key"),
    ),
    # A key twice in one object: json keeps the last without a word, and the next write
    # would drop the other record for good.
    "two sessions under one document id": (
        twice("sessions", key="2", value={**valid_tables()["sessions"]["2"], "id": "s3"}),
        ("table 'sessions' has two entries with id 2",),
    ),
    "the sessions table twice": (
        twice(key="sessions", value={}),
        ("the table 'sessions' appears twice",),
    ),
    "the settings table twice": (
        twice(key="settings", value={"1": {"key": "rest", "value": 45}}),
        ("the table 'settings' appears twice",),
    ),
    "two skip marks under one id": (
        twice("marks", key="1", value={"date": "2026-11-21", "kind": "skip", "reason": None}),
        ("table 'marks' has two entries with id 1",),
    ),
    "a field twice in a session": (
        twice("sessions", "2", key="note", value="the other note"),
        ("sessions entry 2 has the field 'note' twice",),
    ),
    "a key twice inside a session's exercises": (
        twice("sessions", "1", "exercises", 0, key="done_sets", value=1),
        ("sessions entry 1 has the field 'done_sets' twice",),
    ),
    "the meta record twice": (
        twice("meta", key="1", value={"schema_version": 1}),
        ("table 'meta' has two entries with id 1",),
    ),
    # Valid JSON, but not text: no UTF-8 file could hold it when the store is written again.
    "a lone surrogate in a note": (
        damaged(set_field("sessions", "2", "note", "stiff \ud800")),
        ("sessions entry 2", "lone surrogate"),
    ),
    "a lone surrogate in a field supple does not know": (
        damaged(set_field("reminders_sent", "1", "x-other", "\udcff")),
        ("reminders_sent entry 1", "lone surrogate"),
    ),
}


@pytest.fixture
def with_backup(data_dir: Path) -> Store:
    """A store with today's backup, so doctor has one to recommend."""
    store = Store(data_dir, FakeClock(NOW))
    store.add_session({"id": "b1", "date": "2026-11-24", "kind": "logged", "status": "complete"})
    store.add_session({"id": "b2", "date": "2026-11-25", "kind": "logged", "status": "complete"})
    return store


@pytest.mark.parametrize("case", DAMAGE)
def test_damage_in_any_table_is_named_and_never_written_over(
    run_cli: RunCli, with_backup: Store, case: str
) -> None:
    raw, words = DAMAGE[case]
    with_backup.path.write_bytes(raw)
    for args in (("status",), ("config", "get", "rest"), ("done",), ("export",)):
        result = run_cli(*args)
        assert result.code == 2, (args, result.err)
        assert "Traceback" not in result.err and result.err.count("\n") == 1
        for word in words:
            assert word in result.err, (args, result.err)
    assert with_backup.path.read_bytes() == raw
    doctor = run_cli("doctor")
    assert doctor.code == 2 and "Traceback" not in doctor.out + doctor.err
    assert "Store health:   DAMAGED" in doctor.out
    assert all(word in doctor.out for word in words)
    assert "To restore it" in doctor.out and "supple-2026-11-25.json" in doctor.out
    assert "supple doctor" not in doctor.out  # it is running already


def test_an_unknown_setting_from_a_newer_supple_is_left_alone(
    run_cli: RunCli, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    raw = damaged(add_doc("settings", "3", {"key": "volume", "value": [1, 2]}))
    (data_dir / "supple.json").write_bytes(raw)
    result = run_cli("status", "--json")
    assert result.code == 0 and json.loads(result.out)["total_sessions"] == 2


# ---- random damage --------------------------------------------------------------------------

ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["", "2026-11-24", "18:00", "complete", "²", "02", "\x1b[2J", "rest"]),
    st.lists(st.integers(0, 3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(0, 3), max_size=2),
)


@st.composite
def damage(draw: st.DrawFn) -> Tables:
    """A valid store with one to three random changes: a field set, a field removed, a
    document replaced, a document id changed, a document added, a lone surrogate put in a
    text, or a key given twice (at the top, in a table or in a document: see `dumps`)."""
    tables: Any = valid_tables()
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(tables)))
        table = tables[name]
        how = draw(
            st.sampled_from(["set", "drop", "replace", "rename", "copy", "surrogate", "twice"])
        )
        if isinstance(table, Pairs):  # doubled by an earlier step: leave it so
            continue
        if how == "twice":
            level = draw(st.sampled_from(["top", "table", "document"]))
            if level == "top":
                tables = Pairs([*tables.items(), (name, copy.deepcopy(table))])
                break  # the top is Pairs now: no more steps by name
            holder, key = (tables, name) if level == "table" or not table else (table, None)
            if key is None:
                key = draw(st.sampled_from(sorted(table)))
            inner = holder[key]
            if isinstance(inner, dict) and inner:
                first = next(iter(inner))
                holder[key] = Pairs([*inner.items(), (first, copy.deepcopy(inner[first]))])
            continue
        if not table:
            continue
        if how == "surrogate":
            doc_id = draw(st.sampled_from(sorted(table)))
            if isinstance(table[doc_id], dict):
                field = draw(st.sampled_from(["note", "id", "reason", "by", "key", "x"]))
                table[doc_id][field] = draw(st.sampled_from(["\ud800", "a\udcff", "\udfff b"]))
            continue
        doc_id = draw(st.sampled_from(sorted(table)))
        document = table[doc_id]
        if not isinstance(document, dict) or isinstance(document, Pairs):  # replaced before
            how = "replace"
        if how == "set" or (how == "drop" and not document):
            field = draw(st.sampled_from(sorted(document) + ["id", "date", "key", "x"]))
            document[field] = draw(ODD_VALUES)
        elif how == "drop":
            del document[draw(st.sampled_from(sorted(document)))]
        elif how == "replace":
            table[doc_id] = draw(ODD_VALUES)
        elif how == "rename":
            table[draw(st.sampled_from(["0", "7", "²", "02", "x", "-1", "99"]))] = table.pop(doc_id)
        else:
            table[str(len(table) + 5)] = copy.deepcopy(document)
    made: Tables = tables  # (a Pairs at the top too: `dumps` writes either)
    return made


COMMANDS = (
    ("status", "--json"),
    ("status",),
    ("config", "list"),
    ("export",),
    ("export", "--format", "csv"),
    ("export", "--format", "ics"),
    ("done",),
    ("skip", "--date", "2026-11-26"),
)


def run(
    folder: Path, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(folder), *args])
    out, err = capsys.readouterr()
    return code, out, err


@settings(
    max_examples=int(os.environ.get("SUPPLE_DAMAGE_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(tables=damage(), command=st.sampled_from(COMMANDS))
def test_random_damage_gives_exit_2_or_right_output_never_exit_1(
    tables: Tables,
    command: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUPPLE_NOW", NOW.isoformat())
    monkeypatch.delenv("SUPPLE_DEBUG", raising=False)
    raw = dumps(tables).encode()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "supple.json").write_bytes(raw)
        code, out, err = run(folder, command, capsys)
        assert code in (0, 2), f"exit {code}: {err}"
        assert "Traceback" not in out + err
        if code == 2:
            assert err.count("\n") == 1 and err.startswith("supple: ")
            assert (folder / "supple.json").read_bytes() == raw  # never written over
            return
        assert err == ""
        # Accepted: then the file had no key twice and held only text, and what it says is
        # what the records say.
        assert not _has_pairs(tables) and not _lone_surrogate(tables)
        code, out, _ = run(folder, ("status", "--json"), capsys)
        assert code == 0
        complete = [s for s in tables["sessions"].values() if s["status"] == "complete"]
        logged = 1 if command == ("done",) else 0
        assert json.loads(out)["total_sessions"] == len(complete) + logged


def _has_pairs(value: Any) -> bool:
    if isinstance(value, Pairs):
        return True
    if isinstance(value, dict):
        return any(_has_pairs(v) for v in value.values())
    return isinstance(value, list) and any(_has_pairs(v) for v in value)


def _lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, dict):
        return any(_lone_surrogate(k) or _lone_surrogate(v) for k, v in value.items())
    return isinstance(value, list) and any(_lone_surrogate(v) for v in value)
