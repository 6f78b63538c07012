"""`supple report [-o FILE] [--weeks N] [--format pdf|md]`: one page for a clinician."""

from __future__ import annotations

import sys
from pathlib import Path

from tracker.cli.output import write_utf8
from tracker.core.days import day_of
from tracker.core.errors import CommandError
from tracker.routine.report import build_report, report_markdown
from tracker.store import transfer
from tracker.store.database import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(store: Store, args: argparse.Namespace) -> int:
    snapshot = store.load()
    today = day_of(store.clock.now(), snapshot.settings.day_start)
    report = build_report(
        snapshot.sessions,
        snapshot.history,
        snapshot.measurements,
        snapshot.activities,
        snapshot.settings,
        today,
        args.weeks,
    )
    if args.format == "md":
        text = report_markdown(report)
        if not args.output or args.output == "-":
            write_utf8(text)
            return 0
        payload = text.encode("utf-8")
    else:
        from tracker.cli.report_pdf import render

        payload = render(report)
        if args.output == "-":
            sys.stdout.flush()
            sys.stdout.buffer.write(payload)
            return 0
    target = Path(args.output or f"supple-report-{today.isoformat()}.{args.format}").expanduser()
    try:
        transfer.write_export_bytes(target, payload)
    except OSError as error:
        raise CommandError(
            f"cannot write {target}: {error.strerror}; choose another file with -o", 1
        ) from None
    print(f"Wrote the report of {len(report.weeks)} weeks to {target}.")
    return 0
