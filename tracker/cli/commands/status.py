"""`supple status`: today's picture, as text, JSON or one line, saved for the next identical
call."""

from __future__ import annotations

import os
import sys

from tracker.cli import status_output_cache
from tracker.core.clock import zone_for
from tracker.core.today import status_texts
from tracker.store.database import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(store: Store, args: argparse.Namespace) -> int:
    merge = getattr(store, "merge_if_due", None)  # a SyncedStore's (tracker.sync): first,
    if merge is not None:  # so the output is saved for the store as the merge left it
        merge()
    try:
        before = os.stat(store.path)  # what the output is saved for: the file as read next
    except OSError:
        before = None
    now = store.clock.now()
    summary = store.quick_summary()
    plain, as_json, short, until = status_texts(summary, now, zone_for(store.clock))
    paused = getattr(store, "pause_line", None)  # a SyncedStore's (tracker.sync)
    note = paused() if paused is not None else None
    if note:
        plain += f"{note}\n"
    if getattr(args, "short", False):
        sys.stdout.write(status_output_cache.fitted(short))
    else:
        sys.stdout.write(as_json if args.json else plain)
    if before is not None:
        explicit = bool(getattr(args, "data_dir", None) or os.environ.get("SUPPLE_DATA_DIR"))
        folder = os.path.abspath(store.data_dir)
        status_output_cache.save(folder, before, explicit, (now, until), (plain, as_json, short))
    return 0
