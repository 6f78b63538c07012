"""Errors the store raises: each is one line to show the user, with its exit code."""

from __future__ import annotations

import errno as errnos
from pathlib import Path


class StoreError(Exception):
    """An error to show the user as one line. `exit_code` is what the command exits with."""

    exit_code = 2


class StoreDamagedError(StoreError):
    """The store file exists but cannot be trusted; it was not written over.

    `reason` says what is wrong without the advice, for `supple doctor`, which gives the
    restore commands itself.
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(damaged_message(path, reason))
        self.path = path
        self.reason = reason


class StoreWriteError(StoreError):
    """A change could not be saved (full disk, no permission, read-only file system, a lock
    held too long...). Nothing was changed: the store holds what it held before, so the same
    change may simply be tried again once the cause is fixed.

    `errno` is the operating system's error number, or None (the lock was busy).
    """

    exit_code = 1

    def __init__(self, message: str, errno: int | None = None) -> None:
        super().__init__(message)
        self.errno = errno


class StoreBusyError(StoreWriteError):
    """Another process held the store's lock for too long."""


def backup_hint(backups: Path) -> str:
    return f"restore a copy from {backups} (run 'supple doctor' for the exact command)"


def damaged_message(path: Path, reason: str) -> str:
    return f"the store {path} cannot be read: {reason}. It was left untouched; " + backup_hint(
        path.parent / "backups"
    )


def _what_to_do(error: OSError, folder: Path) -> str:
    code = error.errno
    if code in (errnos.ENOSPC, errnos.EDQUOT):
        return "free some space on that disk and try again"
    if code in (errnos.EACCES, errnos.EPERM):
        return (
            f"make {folder} writable for you (ls -ld shows its owner), or choose another "
            "folder with --data-dir"
        )
    if code == errnos.EROFS:
        return "that file system is read-only; choose another folder with --data-dir"
    if code == errnos.ELOOP:
        return "a symbolic link is in the way; remove it (supple makes the file itself)"
    if code == errnos.EFBIG:
        return "the file is larger than this system allows (ulimit -f); raise the limit"
    return "try again, or choose another folder with --data-dir"


def write_error(error: OSError, folder: Path) -> StoreWriteError:
    """One line for a failed write: what failed, why, and what to do. Nothing was changed."""
    target = error.filename or folder
    why = error.strerror or type(error).__name__
    return StoreWriteError(
        f"cannot save to {target}: {why}; nothing was changed; {_what_to_do(error, folder)}",
        error.errno,
    )


class StoreNotConfirmedError(StoreError):
    """A change IS in the store (the file was replaced), but the system did not confirm it
    is safe on disk (the folder's fsync failed). Said as it is, so nobody makes it twice."""

    exit_code = 1


def saved_not_confirmed(error: OSError, path: Path) -> StoreNotConfirmedError:
    why = error.strerror or type(error).__name__
    folder = Path(error.filename) if error.filename else path.parent
    code = error.errno
    if code in (errnos.EACCES, errnos.EPERM):
        fix = f"make {folder} readable for you (chmod u+rwx {folder})"
    elif code in (errnos.EMFILE, errnos.ENFILE):
        fix = "close some programs (too many open files) before the next change"
    else:
        fix = "check the disk (for example with dmesg) and keep a copy of the store"
    return StoreNotConfirmedError(
        f"the change was saved to {path}, but the system could not confirm it is safe on "
        f"disk ({why} syncing {folder}); it is in the store, so do not make it again; a "
        f"power cut now could still lose it; {fix}"
    )
