"""One change applied from the shell, exactly as the app applies it."""

from __future__ import annotations

from tracker.core.errors import CommandError
from tracker.store.changes import Change, Refused
from tracker.store.database import Store


def apply_change(store: Store, change: Change) -> str:
    """Apply `change` and return its one-line message; a refusal is one line and exit 2."""
    try:
        return change.apply(store).message
    except Refused as error:
        raise CommandError(f"{error}; nothing was changed") from None
