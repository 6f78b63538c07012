"""`supple log [--since D] [--limit N] [--json]`: the sessions, newest first."""

from __future__ import annotations

import json
import sys

from tracker.cli.output import write_utf8
from tracker.core.days import day_of, resolve_day
from tracker.core.text import printable
from tracker.store.database import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any


def newest_first(sessions: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    return sorted(
        sessions, key=lambda s: (s["date"], s.get("started_at") or "", s["id"]), reverse=True
    )


def _pain(session: dict[str, Any]) -> str:
    before, after = session.get("pain_before"), session.get("pain_after")
    if before is None and after is None:
        return ""
    shown = ["-" if level is None else str(level) for level in (before, after)]
    return f"pain {shown[0]} -> {shown[1]}"


def session_line(session: dict[str, Any]) -> str:
    cells = [session["date"], f"{session['kind']:<6}", f"{session['status']:<8}"]
    pain = _pain(session)
    note = printable(session.get("note") or "")  # one line, no escape codes
    cells += [f"{pain:<13}" if note else pain, note]
    return "  ".join(cells).rstrip()


def run(store: Store, args: argparse.Namespace) -> int:
    snapshot = store.load()
    sessions = newest_first(snapshot.sessions)
    if args.since is not None:
        today = day_of(store.clock.now(), snapshot.settings.day_start)
        since = resolve_day(args.since, today)
        assert since is not None
        sessions = [s for s in sessions if s["date"] >= since.isoformat()]
    if args.limit is not None:
        sessions = sessions[: args.limit]
    if args.json:
        write_utf8(json.dumps([dict(s) for s in sessions], ensure_ascii=False) + "\n")
        return 0
    if not sessions:
        where = " since then" if args.since is not None else ""
        print(f"No sessions{where}.")
        return 0
    text = "\n".join(session_line(s) for s in sessions) + "\n"
    sys.stdout.write(text)
    return 0
