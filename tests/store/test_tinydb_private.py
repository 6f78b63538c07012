"""TinyDB's private next-id memory, which tracker.store.tinydb_private resets: this fails loudly
when a TinyDB upgrade changes it, before a store could hand out an id twice."""

from __future__ import annotations

from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Table

from tracker.store.tinydb_private import forget


def test_tinydb_still_keeps_the_next_id_where_supple_resets_it() -> None:
    db = TinyDB(storage=MemoryStorage)
    table = db.table("t")
    assert isinstance(table, Table)
    table.insert({"a": 1})
    assert getattr(table, "_next_id", "missing") == 2, "TinyDB changed: see tinydb_private.py"


def test_forget_makes_a_table_see_ids_written_by_someone_else(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    ours, theirs = TinyDB(path), TinyDB(path)
    ours.table("t").insert({"who": "us"})  # remembers: next id 2
    theirs.table("t").insert({"who": "them"})  # another process takes id 2
    forget(ours.table("t"))
    new_id = ours.table("t").insert({"who": "us again"})
    assert new_id == 3
    assert sorted(d["who"] for d in TinyDB(path).table("t").all()) == ["them", "us", "us again"]
