"""The one place supple touches TinyDB's private state (TinyDB 4.8; a test fails loudly if an
upgrade changes it: tests/store/test_tinydb_private.py).

A TinyDB table remembers the next document id per process (`Table._next_id`), and TinyDB has no
public way to forget it. A store another process has written since must not hand out an id
that process already used, so at the start of each transaction and after a table is changed
in place, `forget` makes the table work its next id out again from the tables as they are.
"""

from __future__ import annotations

from typing import Any


def forget(table: Any) -> None:
    """Make `table` forget its next document id and its query cache."""
    table._next_id = None
    table.clear_cache()
