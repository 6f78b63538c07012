"""`supple doctor`: where the data is, whether it is sound, and how to get it back if not."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.store.database import Store
from tracker.store.errors import StoreError
from tracker.store.snapshot import SCHEMA_VERSION
from tracker.store.storage import leftover_temp_files, parse_tables


def _backup_is_readable(path: Path) -> bool:
    try:
        tables = parse_tables(path, path.read_bytes())
    except Exception:
        return False
    return bool(tables.get("meta"))


def run_doctor(store: Store) -> int:
    print(f"Data folder:    {store.data_dir}")
    print(f"Store file:     {store.path}")
    healthy = True
    snapshot = None
    if not store.path.exists():
        print("Store health:   no store yet (it is created on the first change)")
    else:
        try:
            snapshot = store.load()
        except StoreError as error:
            healthy = False
            print(f"Store health:   DAMAGED - {error}")
        else:
            size = store.path.stat().st_size
            print(f"Store health:   ok ({size:,} bytes)")
            print(f"Schema version: {snapshot.schema_version} (this supple: {SCHEMA_VERSION})")
            print(f"Created:        {snapshot.created or 'unknown'}")
            print(
                f"Records:        {len(snapshot.sessions)} sessions, {len(snapshot.marks)} "
                "skip days"
            )
    leftovers = leftover_temp_files(store.path)
    if leftovers:
        print(
            f"Temp files:     {len(leftovers)} left by an interrupted write "
            "(removed on the next change)"
        )

    backups = store.daily_backups()
    good = [b for b in backups if _backup_is_readable(b)]
    if backups:
        print(f"Backups:        {len(backups)} in {store.backups_dir} (newest {backups[0].name})")
    else:
        print(f"Backups:        none yet in {store.backups_dir} (one is made each day you log)")
    if not healthy:
        if good:
            newest = good[0]
            print("To restore the newest readable backup (the damaged file is kept aside):")
            print(f"  mv '{store.path}' '{store.path}.damaged'")
            print(f"  cp '{newest}' '{store.path}'")
        else:
            print(
                "No readable backup exists. Move the damaged file aside to start a new store: "
                f"mv '{store.path}' '{store.path}.damaged'"
            )

    from tracker.reminders.delivery import backend_name, session_bus_problem

    backend = backend_name()
    bus_problem = session_bus_problem()
    if backend and bus_problem:
        bus_error, bus_fix = bus_problem
        print(f"Notifications:  {backend}, but {bus_error} - {bus_fix}")
    elif backend:
        print(f"Notifications:  {backend} (check with 'supple remind --test')")
    else:
        print(
            "Notifications:  no backend found - install libnotify-bin (notify-send) or "
            "dbus-python; the app will show reminders inside the terminal only"
        )
    from tracker.cues.players import describe

    tones_by, voice_by = describe()  # the same choice a guided session makes
    print(f"Session sound:  {tones_by}")
    print(f"Session voice:  {voice_by}")
    if snapshot is not None:
        failed = [r for r in snapshot.reminders_sent if r.get("status") == "failed"]
        if failed:
            last = max(failed, key=lambda r: str(r.get("claimed_at")))
            print(
                f"Last failed reminder: {last['date']} {last['time']} - "
                f"{last.get('error') or 'unknown error'}"
            )
            print("  Fix the notification backend, then run 'supple remind --test'.")
        sent = [r for r in snapshot.reminders_sent if r.get("status") == "delivered"]
        if sent:
            last = max(sent, key=lambda r: str(r.get("claimed_at")))
            print(
                f"Last reminder:  {last['date']} {last['time']} via "
                f"{json.dumps(last.get('backend'))}"
            )
    return 0 if healthy else 2
