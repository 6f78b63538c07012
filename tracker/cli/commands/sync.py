"""`supple sync --folder PATH | --off | --status [--json]`, and `supple sync` to merge now."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tracker.core.errors import CommandError
from tracker.core.settings import KEYS, SettingError
from tracker.core.text import printable
from tracker.store.database import Store
from tracker.store.lock import LockTimeout
from tracker.sync.setup import folder_input_problem, report, turn_off, turn_on
from tracker.sync.synced_store import MergeReport, SyncedStore

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(store: Store, args: argparse.Namespace) -> int:
    assert isinstance(store, SyncedStore)  # tracker.cli.main opens one for this command
    if args.json and not args.status:
        raise CommandError("--json goes with --status: supple sync --status --json")
    if args.folder is not None:
        return _turn_on(store, args.folder)
    if args.off:
        was = store.journal.folder()
        turn_off(store)
        if was is None:
            print("Sync is off.")
        else:
            print(
                f"Sync is off. {printable(str(was))} keeps what was written there; changes "
                "made here are still noted and go out if sync is turned on again."
            )
        return 0
    if args.status:
        return _status(store, args.json)
    return _merge_now(store)


def set_folder(store: Store, text: str) -> int:
    """`supple config set sync-folder PATH` (empty: off), as `sync --folder` and `--off`."""
    assert isinstance(store, SyncedStore)
    try:
        value = KEYS["sync-folder"].parse(text)
    except SettingError as error:
        raise CommandError(f"{error}; nothing was changed") from None
    if not value:
        turn_off(store)
        print("sync-folder = (none)")
        return 0
    return _turn_on(store, str(value))


def _turn_on(store: SyncedStore, given: str) -> int:
    if given.strip() == "":
        raise CommandError("--folder needs a folder; to stop syncing use 'supple sync --off'")
    folder = Path(os.path.abspath(os.path.expanduser(given)))
    problem = folder_input_problem(folder, store.data_dir)
    if problem:
        raise CommandError(f"{printable(problem)}; nothing was changed")
    merged = turn_on(store, folder)
    device = store.journal.device()
    print(f"Sync is on: {printable(str(folder))} (this device: {device}).")
    if store.setup_problem:
        print(printable(store.setup_problem))
        return 1
    if merged is not None:
        _print_merge(merged)
    return 0


def _merge_now(store: SyncedStore) -> int:
    if store.journal.folder() is None:
        raise CommandError(
            "sync is off; turn it on with 'supple sync --folder PATH' (a folder that "
            "Syncthing, Nextcloud or Dropbox keeps)",
            1,
        )
    try:
        merged = store.merge()
    except LockTimeout:
        raise CommandError("another supple is merging right now; try again", 1) from None
    if merged.paused:
        raise CommandError(
            f"{printable(merged.paused)}; sync is paused: changes made here wait and go "
            "out when it is back",
            1,
        )
    _print_merge(merged)
    return 0


def _print_merge(merged: MergeReport) -> None:
    others = [log for log in merged.devices if log.entries]
    print(
        f"Merged: {merged.written} change{'s' if merged.written != 1 else ''} taken in, "
        f"{merged.published} sent out; {len(others)} device{'s' if len(others) != 1 else ''} "
        "in the folder."
    )
    for problem in merged.problems:
        print(f"Problem: {printable(problem)}")


def _status(store: SyncedStore, as_json: bool) -> int:
    found = report(store)
    if as_json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return 0
    if found["sync"] == "off":
        print("Sync: off (turn it on with 'supple sync --folder PATH')")
    else:
        state = "PAUSED" if found["sync"] == "paused" else "on"
        print(f"Sync: {state}, folder {printable(found['folder'])}")
        print(f"This device: {found['device']}")
        for row in found["devices"]:
            mine = " (this device)" if row["this_device"] else ""
            name = printable(row["name"])
            shown = name if name == row["id"] else f"{name} ({row['id']})"
            count = row["changes"]
            seen = (
                f"{count} change{'' if count == 1 else 's'}, last {row['last_change']}"
                if count and row["last_change"]
                else "no changes yet"
            )
            print(f"  {shown}{mine}: {seen}")
        if found["waiting"]:
            print(f"Waiting to go out: {found['waiting']} changes made here")
    for problem in found["problems"]:
        print(f"Problem: {printable(problem)}")
    return 0
