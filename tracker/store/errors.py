"""Errors the store raises: each is one line to show the user, with its exit code."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """An error to show the user as one line. `exit_code` is what the command exits with."""

    exit_code = 2


class StoreBusyError(StoreError):
    exit_code = 1


def backup_hint(backups: Path) -> str:
    return f"restore a copy from {backups} (run 'supple doctor' for the exact command)"


def damaged_message(path: Path, reason: str) -> str:
    return f"the store {path} cannot be read: {reason}. It was left untouched; " + backup_hint(
        path.parent / "backups"
    )
