"""The iCalendar export folds its long lines byte for byte as the first, plain version did
(a character at a time, re-encoding the line so far), on any text: ASCII, accents, CJK,
emoji, lines just under, at and over the 75-octet limit."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.store import transfer
from tracker.store.records import check_session
from tracker.store.snapshot import Snapshot

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def reference_fold(line: str) -> list[str]:
    """The export's folding before it was made fast (supple 0.x), kept as the reference."""
    parts: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode("utf-8")) > (75 if not parts else 74):
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return [parts[0]] + [" " + p for p in parts[1:]]


def reference_export(snapshot: Snapshot, now: datetime) -> str:
    """The whole export as it was before (one list of lines, each folded at the end)."""
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//supple//habit tracker//EN"]
    lines.append("CALSCALE:GREGORIAN")
    for session in sorted(
        snapshot.sessions, key=lambda s: (s["date"], s.get("started_at") or "", s["id"])
    ):
        day = session["date"].replace("-", "")
        summary = f"supple: {session['kind']} session ({session['status']})"
        details = []
        for name in ("pain_before", "pain_after"):
            if session.get(name) is not None:
                details.append(f"{name.replace('_', ' ')}: {session[name]}/10")
        if session.get("note"):
            details.append(f"note: {session['note']}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{session['id']}@supple",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day}",
            f"SUMMARY:{transfer._ics_text(summary)}",
            "TRANSP:TRANSPARENT",
        ]
        if details:
            lines.append(f"DESCRIPTION:{transfer._ics_text('; '.join(details))}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(part for line in lines for part in reference_fold(line)) + "\r\n"


# Characters of 1, 2, 3 and 4 UTF-8 bytes, so a fold boundary falls inside each kind.
WIDE = st.sampled_from(["a", ";", " ", "é", "ß", "€", "漢", "語", "🙂", "𝄞", "\u0301"])
texts = st.text(alphabet=WIDE, max_size=400) | st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), max_size=300
)


@settings(max_examples=400)
@given(line=texts)
def test_a_line_folds_as_the_reference_folds_it(line: str) -> None:
    assert transfer._fold(line).split("\r\n") == reference_fold(line)


@given(prefix=st.integers(0, 80), char=WIDE)
def test_a_character_at_the_limit_is_never_split(prefix: int, char: str) -> None:
    line = "x" * prefix + char * 30
    folded = transfer._fold(line)
    assert folded.split("\r\n") == reference_fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))


def session(n: int, note: str, pain: int | None) -> dict[str, Any]:
    return check_session(
        {
            "id": f"{n:04d}-{'x' * (n % 70)}",  # some UIDs need folding too
            "date": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "kind": "logged",
            "status": ("complete", "partial", "stopped")[n % 3],
            "pain_before": pain,
            "pain_after": None if pain is None else max(0, pain - 1),
            "note": note,
        }
    )


@settings(max_examples=60)
@given(notes=st.lists(st.tuples(texts, st.none() | st.integers(0, 10)), max_size=15))
def test_the_export_is_byte_for_byte_the_reference(notes: list[tuple[str, int | None]]) -> None:
    sessions = tuple(session(n, note[:500], pain) for n, (note, pain) in enumerate(notes))
    snapshot = Snapshot(exists=True, sessions=sessions)
    assert transfer.export_ics(snapshot, NOW) == reference_export(snapshot, NOW)
