"""`supple doctor`: where the data is, whether it is sound and private, whether a change can be
saved, and how to get the data back if not.

Exit code 2 when the store is damaged (or the data folder is a file), 1 when changes cannot be
saved, 0 otherwise. It changes nothing, apart from a probe file it creates and removes at once
to learn whether the data folder takes a write.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from tracker.core.text import printable
from tracker.store.backups import Contents, contents, restore_commands
from tracker.store.database import Store
from tracker.store.errors import StoreDamagedError, StoreError
from tracker.store.snapshot import SCHEMA_VERSION, Snapshot
from tracker.store.storage import FILE_MODE, leftover_temp_files

PROBE_BYTES = 4096


def _show(line: str) -> None:
    """One line of the report. It quotes paths (the data folder may be named anything) and
    what the store holds: every control character is written out, none reaches the terminal."""
    print(printable(line, lines=True))


def _nearest_existing(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def write_problem(store: Store) -> str | None:
    """Why a change could not be saved in the data folder now, or None.

    A real probe (create, write, remove a small file) rather than a permission check: root
    passes every permission check, and neither a read-only file system nor a full disk shows
    in the mode bits.
    """
    folder = store.data_dir
    if not folder.is_dir():
        parent = _nearest_existing(folder)
        if not os.access(parent, os.W_OK | os.X_OK):
            return f"it does not exist and cannot be created: {parent} is not writable for you"
        return None
    probe = folder / f".supple-doctor-{os.getpid()}.tmp"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
        try:
            os.write(fd, b"\0" * PROBE_BYTES)
        finally:
            os.close(fd)
    except OSError as error:
        return f"a test write failed ({error.strerror})"
    finally:
        try:
            probe.unlink()
        except OSError:
            pass
    try:
        info = os.statvfs(folder)
        size = store.path.stat().st_size if store.path.is_file() else 0
    except OSError:
        return None
    free = info.f_bavail * info.f_frsize
    needed = 2 * size + 64 * 1024  # the new file is written beside the old one, then a backup
    if free < needed:
        return f"the disk is nearly full ({free // 1024} KiB free, a change needs about " + (
            f"{needed // 1024} KiB)"
        )
    return None


def _fix_for(problem: str, store: Store) -> str:
    if "full" in problem or "space" in problem:
        return "free some space on that disk"
    return f"make {store.data_dir} writable for you, or choose another folder with --data-dir"


def lock_problem(store: Store) -> str | None:
    try:
        info = os.lstat(store.lock_path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be checked ({error.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link, which supple refuses to follow; remove it"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file; remove it"
    return None


def readable_by_others(store: Store) -> list[Path]:
    """The files of the store that users other than its owner may read."""
    found = []
    candidates = [store.path, store.summary_path, store.lock_path, *store.daily_backups()]
    for path in candidates:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            continue
        if mode & 0o044:
            found.append(path)
    return found


def _print_store(store: Store) -> tuple[Snapshot | None, StoreError | None]:
    try:
        snapshot = store.load()
    except StoreDamagedError as error:
        _show(f"Store health:   DAMAGED - {error.reason}")
        return None, error
    except StoreError as error:
        _show(f"Store health:   cannot be used - {error}")
        return None, error
    if not snapshot.exists:
        _show("Store health:   no store yet (it is created on the first change)")
        return None, None
    size = store.path.stat().st_size
    _show(f"Store health:   ok ({size:,} bytes)")
    _show(f"Schema version: {snapshot.schema_version} (this supple: {SCHEMA_VERSION})")
    _show(f"Created:        {snapshot.created or 'unknown'}")
    _show(f"Records:        {len(snapshot.sessions)} sessions, {len(snapshot.marks)} skip days")
    return snapshot, None


def _print_backups(store: Store, damaged: bool) -> None:
    backups = store.daily_backups()
    if not backups:
        _show(f"Backups:        none yet in {store.backups_dir} (one is made each day you log)")
    else:
        _show(f"Backups:        {len(backups)} in {store.backups_dir}, newest first:")
    checked = [(backup, contents(backup)) for backup in backups]
    for backup, held in checked:
        what = held.describe() if isinstance(held, Contents) else f"unusable: {held}"
        _show(f"  {printable(backup.name)}  {what}")
    if not damaged:
        return
    good = [held for _, held in checked if isinstance(held, Contents)]
    if good:
        newest = good[0]
        _show(
            f"The newest readable backup, {newest.path.name}, holds {newest.describe()}; "
            "anything logged after it was made is not in it."
        )
        _show("To restore it (the damaged file is kept aside), run:")
        for line in restore_commands(store.path, newest.path):
            _show(f"  {line}")
    else:
        _show("No readable backup exists. Move the damaged file aside to start a new store:")
        _show(f"  {restore_commands(store.path, None)[0]}")


def _print_notifications(snapshot: Snapshot | None) -> None:
    from tracker.notify.delivery import backend_name, session_bus_problem

    backend = backend_name()
    bus_problem = session_bus_problem()
    if backend and bus_problem:
        bus_error, bus_fix = bus_problem
        _show(f"Notifications:  {backend}, but {bus_error} - {bus_fix}")
    elif backend:
        _show(f"Notifications:  {backend} (check with 'supple remind --test')")
    else:
        _show(
            "Notifications:  no backend found - install libnotify-bin (notify-send) or "
            "dbus-python; the app will show reminders inside the terminal only"
        )
    from tracker.sound.players import describe

    tones_by, voice_by = describe()  # the same choice a guided session makes
    _show(f"Session sound:  {tones_by}")
    _show(f"Session voice:  {voice_by}")
    from tracker.notify.keep_awake import choose_way

    _show(f"Screen awake:   {choose_way()[1]}")  # the way a guided session keeps it on
    if snapshot is None:
        return
    failed = [r for r in snapshot.reminders_sent if r.get("status") == "failed"]
    if failed:
        last = max(failed, key=lambda r: str(r.get("claimed_at")))
        error = printable(str(last.get("error") or "unknown error"))
        _show(f"Last failed reminder: {last['date']} {last['time']} - {error}")
        _show("  Fix the notification backend, then run 'supple remind --test'.")
    sent = [r for r in snapshot.reminders_sent if r.get("status") == "delivered"]
    if sent:
        last = max(sent, key=lambda r: str(r.get("claimed_at")))
        backend_used = printable(json.dumps(last.get("backend")))
        _show(f"Last reminder:  {last['date']} {last['time']} via {backend_used}")


def _print_sync(store: Store) -> int:
    """The sync folder: on, paused or off, the devices in it, and what is wrong."""
    from tracker.sync.synced_store import SyncedStore

    if not isinstance(store, SyncedStore) or store.journal.folder() is None:
        print("Sync:           off (see 'supple sync --help')")
        return 0
    from tracker.sync.setup import folder_input_problem, report

    found = report(store)
    folder = printable(str(found["folder"]))
    code = 0
    if found["sync"] == "paused":
        print(
            f"Sync:           PAUSED - {printable(found['problems'][0])}; changes made here "
            f"({found['waiting']} so far) wait and go out when it is back"
        )
        problems = found["problems"][1:]
        code = 1
    else:
        devices = len(found["devices"])
        print(
            f"Sync:           on, through {folder} ({devices} device{'s' * (devices != 1)}; "
            f"this one is {found['device']})"
        )
        problems = found["problems"]
        unusable = folder_input_problem(store.journal.folder() or store.data_dir, store.data_dir)
        if unusable:
            print(f"  the folder cannot take a change: {printable(unusable)}")
            code = 1
    for problem in problems:
        print(f"  {printable(problem)}")
    return code


def run_doctor(store: Store) -> int:
    if hasattr(store, "merge_on_read"):
        store.merge_on_read = False  # doctor looks and changes nothing (no merge either)
    _show(f"Data folder:    {store.data_dir}")
    if store.data_dir.exists() and not store.data_dir.is_dir():
        _show(
            f"  {store.data_dir} is a file, not a folder: supple cannot keep its data there. "
            "Choose a folder with --data-dir (or $SUPPLE_DATA_DIR)."
        )
        return 2
    _show(f"Store file:     {store.path}")
    code = 0
    problem = write_problem(store)
    if problem:
        _show(f"Saving:         NOT POSSIBLE - {problem}; {_fix_for(problem, store)}")
        code = 1
    lock = lock_problem(store)
    if lock:
        _show(f"Lock file:      {store.lock_path} {lock}")
        code = 1
    snapshot, error = _print_store(store)
    damaged = isinstance(error, StoreDamagedError)
    if error is not None:
        code = 2
    exposed = readable_by_others(store)
    if exposed:
        names = ", ".join(printable(p.name) for p in exposed[:4])
        more = f" and {len(exposed) - 4} more" if len(exposed) > 4 else ""
        _show(
            f"Privacy:        other users can read {names}{more}; make the folder private "
            f"with: chmod -R go= {_quoted(store.data_dir)}"
        )
    leftovers = leftover_temp_files(store.path)
    if leftovers:
        _show(
            f"Temp files:     {len(leftovers)} left by an interrupted write "
            "(removed on the next change)"
        )
    _print_backups(store, damaged)
    code = max(code, _print_sync(store))
    _print_notifications(snapshot)
    return code


def _quoted(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def run(store: Store, args: object) -> int:
    if getattr(args, "json", False):
        from tracker.cli.commands.doctor_json import run_doctor_json

        return run_doctor_json(store)
    return run_doctor(store)
