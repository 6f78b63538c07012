"""Fault injection: EIO, EACCES or EMFILE at each open, write, fsync and rename of a change,
one at a time, and what the command says must match what the store holds afterwards.

The store's own modules get an `os` whose calls fail on cue (the kernel's errors, raised
where the kernel would raise them); everything else is real: the CLI's main, a real store
in tmp_path, the daily backup. A change that is in the store is never reported as "nothing
was changed" (the person would make it twice), and one that is not is never reported as
saved.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import NOW
from tracker.cli import main as cli
from tracker.core.clock import FakeClock
from tracker.store import database, lock, storage
from tracker.store.database import Store

CALLS = ("open", "write", "fsync", "replace")
ERRORS = (errno.EIO, errno.EACCES, errno.EMFILE)


class FaultyOS(ModuleType):
    """The `os` module, except that the `nth` call of `name` (counted from 0) raises
    OSError(`code`); with no fault it only counts the calls."""

    def __init__(self, fault: tuple[str, int, int] | None = None) -> None:
        super().__init__("os")
        self.fault = fault
        self.counts = dict.fromkeys(CALLS, 0)

    def __getattr__(self, attribute: str) -> Any:
        real = getattr(os, attribute)
        if attribute not in CALLS:
            return real

        def call(*args: Any, **kwargs: Any) -> Any:
            index = self.counts[attribute]
            self.counts[attribute] += 1
            if self.fault is not None and self.fault[:2] == (attribute, index):
                code = self.fault[2]
                target = args[0] if args and isinstance(args[0], (str, Path)) else None
                raise OSError(code, os.strerror(code), None if target is None else str(target))
            return real(*args, **kwargs)

        return call


def seeded(folder: Path, backup_today: bool) -> None:
    """A store with two sessions and a setting; today's backup made or not (then the change
    writes it first, the first change of a day)."""
    clock = FakeClock(NOW if backup_today else NOW.replace(day=24))
    store = Store(folder, clock)
    for sid, day in (("a", "2026-11-22"), ("b", "2026-11-23")):
        store.add_session({"id": sid, "date": day, "kind": "logged", "status": "complete"})
    store.set_setting("rest", 30)


def store_holds(folder: Path) -> dict[str, Any]:
    snapshot = Store(folder, FakeClock(NOW)).load()
    return {
        "sessions": len(snapshot.sessions),
        "rest": snapshot.settings.rest,
        "skips": sorted(m["date"] for m in snapshot.marks),
    }


# command -> (its arguments, whether the store afterwards holds the change)
CHANGES: dict[str, tuple[tuple[str, ...], Callable[[dict[str, Any]], bool]]] = {
    "done": (("done",), lambda held: held["sessions"] == 3),
    "config set": (("config", "set", "rest", "20"), lambda held: held["rest"] == 20),
    "skip": (("skip", "--date", "2026-11-26"), lambda held: held["skips"] == ["2026-11-26"]),
}


def run(
    folder: Path,
    args: tuple[str, ...],
    faulty: FaultyOS,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str]:
    with monkeypatch.context() as patch:
        for module in (storage, lock, database):
            patch.setattr(module, "os", faulty)
        code = cli.main(["--data-dir", str(folder), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("backup_today", [True, False], ids=["backup made", "first of the day"])
@pytest.mark.parametrize("change", CHANGES)
def test_every_failing_call_of_a_change_is_reported_as_the_store_has_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    change: str,
    backup_today: bool,
) -> None:
    monkeypatch.setenv("SUPPLE_NOW", NOW.isoformat())
    monkeypatch.delenv("SUPPLE_DEBUG", raising=False)
    args, holds_change = CHANGES[change]
    template = tmp_path / "template"
    seeded(template, backup_today)
    before = store_holds(template)
    assert not holds_change(before)

    counting = FaultyOS()
    clean = tmp_path / "clean"
    shutil.copytree(template, clean)
    code, _, err = run(clean, args, counting, monkeypatch, capsys)
    assert code == 0, err
    assert holds_change(store_holds(clean))
    assert counting.counts["fsync"] >= 2 and counting.counts["replace"] >= 1

    seen = {"saved, not confirmed": 0, "nothing changed": 0}
    for name in CALLS:
        for index in range(counting.counts[name]):
            for code_given in ERRORS:
                folder = tmp_path / f"{name}-{index}-{code_given}"
                shutil.copytree(template, folder)
                fault = (name, index, code_given)
                code, out, err = run(folder, args, FaultyOS(fault), monkeypatch, capsys)
                where = f"{fault}: exit {code}, out {out!r}, err {err!r}"
                assert "Traceback" not in out + err and "unexpected error" not in err, where
                assert err.count("\n") <= 1, where
                held = store_holds(folder)  # the store is sound whatever happened
                assert held == before or holds_change(held), where
                assert sorted(p.name for p in folder.rglob("*.tmp")) == [], where
                if code == 0:
                    assert holds_change(held) and err == "", where
                elif holds_change(held):
                    # In the store: said so (or said done on stdout before a later read
                    # failed), never "nothing was changed".
                    assert "nothing was changed" not in err, where
                    assert "the change was saved" in err or out.strip(), where
                    seen["saved, not confirmed"] += "the change was saved" in err
                else:
                    assert held == before, where
                    assert "was saved" not in err and out == "", where
                    assert "nothing was changed" in err or "cannot read" in err, where
                    seen["nothing changed"] += 1
    # Both kinds happened: the folder's fsync after the rename, and the calls before it.
    assert seen["saved, not confirmed"] >= len(ERRORS), seen
    assert seen["nothing changed"] > len(ERRORS), seen
