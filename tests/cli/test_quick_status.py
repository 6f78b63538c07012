"""`supple status` from its saved output and from the status summary: the same words as
working it out in full, never stale, and on a hit nothing heavy loaded (issue 15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import NOW, cli_env
from tracker.cli import status_output_cache
from tracker.core.clock import FakeClock
from tracker.core.summary import Summary
from tracker.core.today import build_status, changes_at, status_texts
from tracker.store.database import Store

OUTPUT = status_output_cache.NAME
SUMMARY = "status-summary.cache"
SCRIPT = str(Path(sys.executable).with_name("supple"))
# What the console scripts of pipx and uv run (pip 23's, in this venv, imports `re` first,
# which would hide an `import re` of supple's own from -X importtime).
AS_INSTALLED = [
    sys.executable,
    "-c",
    "import sys; from tracker.cli.main import main; sys.exit(main())",
]


def session(day: date, sid: str, status: str = "complete", **extra: Any) -> dict[str, Any]:
    return {"id": sid, "date": day.isoformat(), "kind": "logged", "status": status, **extra}


def supple(
    data_dir: Path | None,
    *args: str,
    now: datetime | None = NOW,
    script: list[str] | None = None,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    """The console script as users run it; `data_dir` None: the default folder."""
    environment = cli_env(data_dir or Path("unused"), now, **env)
    if data_dir is None:
        environment.pop("SUPPLE_DATA_DIR")
    return subprocess.run(
        [*(script or [SCRIPT]), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )


def settle() -> None:
    """Let the store be older than status_output_cache.RACY_NS: a just-written store is not
    cached."""
    time.sleep(status_output_cache.RACY_NS / 1e9 + 0.05)


@pytest.fixture
def year(data_dir: Path) -> Path:
    store = Store(data_dir, FakeClock(NOW))
    today = NOW.date()
    store.import_records(
        [
            session(
                today - timedelta(days=n),
                f"s{n}",
                "complete" if n % 9 else "partial",
                pain_before=4,
                pain_after=n % 5,
            )
            for n in range(1, 365)
            if n % 11
        ],
        [{"date": (today - timedelta(days=11)).isoformat(), "kind": "skip", "reason": None}],
        {"reminders": "07:00,18:00", "day-start": "03:00"},
    )
    settle()
    return data_dir


FORMS = (("status",), ("status", "--json"), ("status", "--short"))


def test_full_miss_and_hit_print_the_same(year: Path) -> None:
    full = {}
    for form in FORMS:  # worked out from the store itself
        (year / OUTPUT).unlink(missing_ok=True)
        (year / SUMMARY).unlink()
        full[form] = supple(year, *form)
        assert full[form].returncode == 0 and full[form].stderr == ""
    for form in FORMS:
        (year / OUTPUT).unlink()
        miss = supple(year, *form)  # from the status summary
        assert (year / OUTPUT).exists()
        hit = supple(year, *form)  # from the saved output
        assert miss.stdout == hit.stdout == full[form].stdout
        assert miss.returncode == hit.returncode == 0 and miss.stderr == hit.stderr == ""
    assert json.loads(full[("status", "--json")].stdout)["total_sessions"] > 250


# zlib is allowed: the saved output is checked with a real checksum (CRC-32, issue 26).
IMPORTS = ("dataclasses", "pathlib", "typing", "tinydb", "json", "re", "enum", "datetime")


def imported(result: subprocess.CompletedProcess[str]) -> set[str]:
    """The modules supple's own code loaded (run AS_INSTALLED): from the first of its modules
    on, not what Python loads before it."""
    columns = [line.split("|")[-1] for line in result.stderr.splitlines() if "|" in line]
    names = [column.strip() for column in columns]
    top = [column[1:2] != " " for column in columns]  # not nested in another import
    first = next(n for n, name in enumerate(names) if top[n] and name.startswith("tracker"))
    # Its own imports are listed before it: start after the top-level import before it.
    start = max((n + 1 for n in range(first) if top[n]), default=0)
    return set(names[start:])


def test_a_hit_loads_nothing_heavy(year: Path) -> None:
    supple(year, "status")
    result = supple(year, "status", script=AS_INSTALLED, PYTHONPROFILEIMPORTTIME="1")
    assert result.returncode == 0
    loaded = imported(result)
    assert "tracker.cli.status_output_cache" in loaded and "tracker.core.today" not in loaded
    assert not loaded & set(IMPORTS), loaded & set(IMPORTS)
    ours = {name for name in loaded if name.startswith("tracker.")}
    assert ours <= {
        "tracker.cli.status_output_cache",
        "tracker.store",
        "tracker.store.cache_files",
    } | {
        "tracker.cli",
        "tracker.cli.main",
        "tracker.cli.output",
        "tracker.core",
        "tracker.core.errors",
    }, ours


@pytest.mark.parametrize("form", FORMS, ids=" ".join)
def test_a_miss_loads_neither_the_store_code_nor_json_nor_enum(year: Path, form: Any) -> None:
    """Worked out from the summary: no TinyDB, and none of the stdlib modules that took
    longer to import than the rest (json loads re, re loads enum)."""
    supple(year, "status")
    (year / OUTPUT).unlink()
    result = supple(year, *form, script=AS_INSTALLED, PYTHONPROFILEIMPORTTIME="1")
    loaded = imported(result)
    assert "tracker.core.today" in loaded
    heavy = {"dataclasses", "pathlib", "typing", "tinydb", "zoneinfo", "json", "re", "enum"}
    assert not loaded & heavy, loaded & heavy


def test_the_default_data_folder_is_found_without_platformdirs(tmp_path: Path) -> None:
    import platformdirs

    home = tmp_path / "home"
    for xdg in ("", "  ", str(tmp_path / "xdg")):
        env = {"HOME": str(home), "XDG_DATA_HOME": xdg}
        old = dict(os.environ)
        os.environ.update(env)
        try:
            expected = platformdirs.user_data_dir("supple", appauthor=False)
            assert status_output_cache.default_data_dir() == expected
        finally:
            os.environ.clear()
            os.environ.update(old)
    folder = home / ".local" / "share" / "supple"
    Store(folder, FakeClock(NOW)).add_session(session(NOW.date(), "a"))
    settle()
    first = supple(None, "status", "--json", HOME=str(home), XDG_DATA_HOME="")
    assert (folder / OUTPUT).exists()
    hit = supple(
        None, "status", "--json", PYTHONPROFILEIMPORTTIME="1", HOME=str(home), XDG_DATA_HOME=""
    )
    assert hit.stdout == first.stdout and json.loads(hit.stdout)["total_sessions"] == 1
    assert "platformdirs" not in imported(hit) and "tracker.core.today" not in imported(hit)


def test_never_stale(year: Path) -> None:
    def status_json(**env: Any) -> dict[str, Any]:
        result = supple(year, "status", "--json", **env)
        assert result.returncode == 0, result.stderr
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    before = status_json()
    status_json()  # saved
    # Another moment ($SUPPLE_NOW), another zone, or another day: worked out again.
    later = status_json(now=NOW + timedelta(days=1))
    assert later["date"] == (NOW.date() + timedelta(days=1)).isoformat()
    assert status_json(TZ="Asia/Tokyo") == status_json(TZ="Asia/Tokyo")
    # A write by supple, by another program in place (same size), an edited output file.
    assert supple(year, "done").returncode == 0
    settle()
    assert status_json()["total_sessions"] == before["total_sessions"] + 1
    status_json()
    path = year / "supple.json"
    raw = path.read_bytes()
    at = raw.rindex(b'"status":"complete"') + len(b'"status":"')
    start = at - len(b'"status":"')
    edited = raw[:start] + b'"status": "partial' + raw[at + len(b"complete") :]
    assert len(edited) == len(raw)
    path.write_bytes(edited)  # in place, the same size: another program's edit
    assert status_json()["total_sessions"] == before["total_sessions"]
    saved = (year / OUTPUT).read_bytes()
    (year / OUTPUT).write_bytes(saved.replace(b'"total_sessions": ', b'"total_sessions": 9'))
    assert status_json()["total_sessions"] == before["total_sessions"]


def test_a_damaged_store_is_never_answered_from_a_saved_output(year: Path) -> None:
    supple(year, "status")
    (year / "supple.json").write_bytes(b"{garbage")
    result = supple(year, "status")
    assert result.returncode == 2 and "cannot be read" in result.stderr


def test_a_full_output_is_one_line(year: Path) -> None:
    supple(year, "status")
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [SCRIPT, "status"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(year, NOW),
            check=False,
        )
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "cannot write the output" in result.stderr


# ---- the span an output holds for -----------------------------------------------------------

BERLIN = ZoneInfo("Europe/Berlin")


@st.composite
def situations(draw: st.DrawFn) -> tuple[Summary, datetime]:
    times = draw(
        st.lists(st.sampled_from(["01:30", "07:00", "12:15", "18:00", "23:45"]), max_size=3)
    )
    stored = {
        "reminders": ",".join(sorted(set(times))),
        "day-start": draw(st.sampled_from(["00:00", "04:00"])),
        "reminder-grace": draw(st.sampled_from([0, 30, 180])),
        "remind-when-done": draw(st.booleans()),
    }
    start = datetime(2026, 3, 25, tzinfo=timezone.utc)  # a week before and after a DST change
    now = start + timedelta(minutes=draw(st.integers(0, 14 * 24 * 60)))
    now = now.astimezone(BERLIN)
    days = draw(st.lists(st.integers(-20, 0), max_size=15))
    sessions = [session(now.date() + timedelta(days=d), f"s{i}") for i, d in enumerate(days)]
    from tracker.store.snapshot import Snapshot

    snapshot = Snapshot(
        exists=True,
        created="2026-03-01T08:00:00+01:00",
        sessions=tuple(sessions),
        stored_settings=stored,
    )
    sent = draw(st.lists(st.sampled_from(times or ["18:00"]), max_size=2))
    whole = Summary.of(snapshot)
    claimed = frozenset((now.date(), t) for t in sent)
    snoozed: tuple[dict[str, Any], ...] = ()
    snooze: bool = draw(st.booleans())
    if sent and snooze:  # a shown reminder, snoozed for some minutes yet
        back = now + timedelta(minutes=draw(st.integers(-5, 15)))
        snoozed = (
            {
                "date": now.date().isoformat(),
                "time": sent[0],
                "status": "delivered",
                "snoozed_until": back.isoformat(),
                "snoozes": 1,
            },
        )
    return Summary(whole.stored_settings, whole.history, claimed, snoozed), now


@settings(max_examples=150, deadline=None)
@given(situation=situations(), fraction=st.floats(0, 1, exclude_max=True))
def test_the_output_holds_until_changes_at(
    situation: tuple[Summary, datetime], fraction: float
) -> None:
    summary, now = situation
    until = changes_at(summary, now, BERLIN)
    assert until > now
    later = min(now + (until - now) * fraction, until - timedelta(microseconds=1))
    local = later.astimezone(BERLIN)
    if local.utcoffset() != now.utcoffset():
        return  # the offset is part of the key: a DST change is a miss anyway
    at_now = status_texts(summary, now, BERLIN)[:3]
    at_later = status_texts(summary, local, BERLIN)[:3]
    assert at_later == at_now, (now, until, local)


@settings(max_examples=100, deadline=None)
@given(situation=situations())
def test_the_named_zone_changes_nothing_while_the_offset_holds(
    situation: tuple[Summary, datetime],
) -> None:
    summary, now = situation
    steady = all(
        (now + timedelta(hours=h)).astimezone(BERLIN).utcoffset() == now.utcoffset()
        for h in range(-24, 12 * 24 + 1, 6)
    )
    if not steady:
        return
    fixed = now.astimezone(timezone(now.utcoffset() or timedelta(0)))
    assert status_texts(summary, fixed, None)[:3] == status_texts(summary, now, BERLIN)[:3]
    assert build_status(summary, fixed, None) == build_status(summary, now, BERLIN)


def test_an_output_kept_with_other_files_misses_when_one_changes(
    year: Path, tmp_path: Path
) -> None:
    """Status worked out from more than the store (sync: other devices' logs) keeps their
    identities with its output: a changed or new file there is a miss, as is one changed
    so recently that a second change could not show."""
    log, new = tmp_path / "device-a.log", tmp_path / "device-b.log"
    log.write_text("one entry\n")
    settle()
    folder = os.path.abspath(year)
    store = os.stat(year / "supple.json")
    span = (
        datetime.now(timezone.utc) - timedelta(hours=1),
        datetime.now(timezone.utc) + timedelta(hours=1),
    )
    also = status_output_cache.identities([str(log), str(new)])
    assert also is not None
    status_output_cache.save(folder, store, True, span, ("plain\n", "{}\n", "short\n"), also)
    assert status_output_cache.cached(folder, 0, True) == "plain\n"
    assert status_output_cache.cached(folder, 1, True) == "{}\n"
    new.write_text("another device\n")
    assert status_output_cache.cached(folder, 0, True) is None
    new.unlink()
    assert status_output_cache.cached(folder, 0, True) == "plain\n"
    log.write_text("one entry\nanother\n")
    assert status_output_cache.cached(folder, 0, True) is None
    assert status_output_cache.identities([str(log)]) is None  # just changed: not saved


@settings(max_examples=150, deadline=None)
@given(situation=situations())
def test_the_short_line_says_what_the_plain_status_says(
    situation: tuple[Summary, datetime],
) -> None:
    """`status --short` is the plain status in one line: the same day state, streak and
    reminder (time, and whether it is snoozed or late), from the same saved texts."""
    summary, now = situation
    plain, _, short, _ = status_texts(summary, now, BERLIN)
    lines = plain.splitlines()
    assert short.endswith("\n") and short.count("\n") == 1
    state, streak, *reminder = short.rstrip("\n").split(" \u00b7 ")
    day_word = lines[0].split(": ", 1)[1]
    assert day_word.removesuffix(" (rest)").removesuffix(" yet") == state
    streak_days = lines[1].split("Current streak: ", 1)[1].split(" day", 1)[0]
    assert streak == f"streak {streak_days}"
    said = next(x for x in lines if x.startswith("Next reminder: ")).split(": ", 1)[1]
    if said == "none set":
        assert reminder == []
        return
    (word_and_time,) = reminder
    word, shown = word_and_time.split(" ", 1)
    assert shown[-5:] in said  # the same HH:MM
    if said.startswith("snoozed"):
        assert word == "snoozed"
    elif said.endswith("not sent yet"):
        assert word == "due"
    else:
        assert word == "next"
    if not said.startswith("snoozed"):  # another day than today is named in both
        assert (len(shown) == 5) == said.startswith("today")
