"""`supple status --json` is written without the json module: the text must be json's."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tracker.core.today import json_object

values = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
objects = st.dictionaries(st.text(), values, max_size=12)


@given(objects)
def test_the_text_is_what_json_dumps_writes(fields: dict[str, Any]) -> None:
    assert json_object(fields) == json.dumps(fields)


def test_the_status_fields_are_written_without_help() -> None:
    fields = {
        "date": "2026-12-02",
        "today_done": False,
        "current_streak": 16,
        "strength": 96.9,
        "adherence_7d": None,
        "next_reminder": "2026-12-02T18:00:00+01:00",
    }
    assert json_object(fields) == json.dumps(fields)
