"""Record checks: every rule rejects on read (the store) and on write (check_session) alike."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tracker.store.database import Store
from tracker.store.errors import StoreError
from tracker.store.records import (
    RecordError,
    check_mark,
    check_session,
    mark_problem,
    session_problem,
)

GOOD: dict[str, Any] = {
    "id": "a",
    "date": "2026-11-20",
    "started_at": "2026-11-20T07:30:00+01:00",
    "ended_at": "2026-11-20T07:47:00+01:00",
    "kind": "guided",
    "status": "complete",
    "exercises": [{"exercise": "good-morning", "planned_sets": 3, "done_sets": 3}],
    "pain_before": 3,
    "pain_after": 1,
    "note": "fine",
}

# field -> a value that breaks it, and a word the message must contain
BAD_SESSIONS: dict[str, tuple[str, object, str]] = {
    "no id": ("id", None, "id"),
    "blank id": ("id", "  ", "id"),
    "long id": ("id", "x" * 101, "id"),
    "no date": ("date", None, "date"),
    "bad date": ("date", "2026-02-30", "date"),
    "date as number": ("date", 20261120, "date"),
    "bad kind": ("kind", "jogging", "kind"),
    "bad status": ("status", "done", "status"),
    "bad started_at": ("started_at", "yesterday", "started_at"),
    "started_at as number": ("started_at", 7, "started_at"),
    "bad ended_at": ("ended_at", "2026-11-20T25:00", "ended_at"),
    "pain 11": ("pain_before", 11, "pain_before"),
    "pain as bool": ("pain_after", True, "pain_after"),
    "pain as text": ("pain_after", "2", "pain_after"),
    "long note": ("note", "x" * 2001, "note"),
    "note as list": ("note", ["x"], "note"),
    "exercises as dict": ("exercises", {"a": 1}, "exercises"),
    "exercise as number": ("exercises", [1], "exercises"),
}


def broken(field: str, value: object) -> dict[str, Any]:
    return {**GOOD, field: value}


def test_a_good_session_passes_and_is_copied_clean() -> None:
    assert session_problem(GOOD) is None
    minimal = {"id": "b", "date": "2026-11-20", "kind": "logged", "status": "partial"}
    assert session_problem(minimal) is None
    clean = check_session({**minimal, "extra": 1})
    assert "extra" not in clean
    assert clean["note"] == ""
    assert clean["exercises"] is None


@pytest.mark.parametrize("case", BAD_SESSIONS)
def test_every_rule_is_the_same_on_read_and_on_write(case: str) -> None:
    field, value, word = BAD_SESSIONS[case]
    record = broken(field, value)
    problem = session_problem(record)
    assert problem is not None and word in problem
    with pytest.raises(RecordError) as caught:
        check_session(record)
    assert str(caught.value) == problem


@pytest.mark.parametrize("case", BAD_SESSIONS)
def test_a_store_with_a_bad_session_is_refused_and_left_alone(store: Store, case: str) -> None:
    field, value, word = BAD_SESSIONS[case]
    good = {"1": dict(GOOD, id="ok")}
    data = {
        "meta": {"1": {"schema_version": 1}},
        "sessions": {**good, "2": broken(field, value)},
    }
    store.data_dir.mkdir(parents=True)
    raw = json.dumps(data).encode()
    store.path.write_bytes(raw)
    for read in (store.load, store.summary):
        with pytest.raises(StoreError) as caught:
            read()
        assert "sessions entry 2" in str(caught.value) and word in str(caught.value)
    with pytest.raises(StoreError):
        store.add_session(dict(GOOD, id="new"))
    assert store.path.read_bytes() == raw
    assert not store.summary_path.exists()


@pytest.mark.parametrize(
    ("mark", "word"),
    [
        ({"date": "2026-11-31"}, "date"),
        ({"reason": "no date"}, "date"),
        ({"date": "2026-11-20", "reason": "x" * 2001}, "reason"),
        ({"date": "2026-11-20", "reason": 3}, "reason"),
        ("2026-11-20", "object"),
    ],
)
def test_bad_marks_are_refused_alike(mark: object, word: str) -> None:
    problem = mark_problem(mark)
    assert problem is not None and word in problem
    with pytest.raises(RecordError, match=word):
        check_mark(mark)


def test_a_good_mark_is_copied_clean() -> None:
    assert mark_problem({"date": "2026-11-20"}) is None
    assert check_mark({"date": "2026-11-20", "reason": ""}) == {
        "date": "2026-11-20",
        "kind": "skip",
        "reason": None,
    }
