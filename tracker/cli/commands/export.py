"""`supple export [--format json|csv|ics] [-o FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path

from tracker.cli.output import write_utf8
from tracker.core.errors import CommandError
from tracker.core.text import printable
from tracker.store import transfer
from tracker.store.database import Store
from tracker.store.storage import NotDurableError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(store: Store, args: argparse.Namespace) -> int:
    what = getattr(args, "what", None) or "sessions"
    if what == "measurements" and args.format != "csv":
        raise CommandError(
            "--what measurements is for --format csv (the JSON export holds everything)"
        )
    snapshot = store.load()
    if args.format == "json":
        text = transfer.export_json(snapshot)
    elif what == "measurements":
        text = transfer.export_measurements_csv(snapshot)
    elif args.format == "csv":
        text = transfer.export_csv(snapshot)
    else:
        text = transfer.export_ics(snapshot, store.clock.now())
    if not args.output or args.output == "-":
        if sys.stdout.isatty():  # shown, not saved: no raw control character, in any format
            text = printable(text.replace("\r\n", "\n"), lines=True)
        write_utf8(text)
        return 0
    target = Path(args.output).expanduser()
    try:
        transfer.write_export(target, text)
    except transfer.ExportTargetError as error:
        raise CommandError(f"{error}; choose another file with -o") from None
    except NotDurableError as error:
        raise CommandError(
            f"exported to {target}, but the system could not confirm it is safe on disk "
            f"({error.strerror}); export again once the disk is checked",
            1,
        ) from None
    except OSError as error:
        raise CommandError(
            f"cannot write {target}: {error.strerror}; choose another file with -o", 1
        ) from None
    if what == "measurements":
        count = f"{len(snapshot.measurements)} measurements"
    else:
        count = f"{len(snapshot.sessions)} sessions"
        if args.format == "json" and snapshot.measurements:
            count += f" and {len(snapshot.measurements)} measurements"
    shown = printable(str(target))
    print(f"Exported {count} to {shown} ({args.format}).")
    return 0
