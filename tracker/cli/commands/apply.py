"""One change applied from the shell, exactly as the app applies it, its undo kept for
`supple undo`."""

from __future__ import annotations

from tracker.core.errors import CommandError
from tracker.store.changes import Change, Refused
from tracker.store.database import Store


def apply_change(store: Store, change: Change) -> str:
    """Apply `change` and return its one-line message; a refusal is one line and exit 2."""
    try:
        applied = change.apply(store)
    except Refused as error:
        raise CommandError(f"{error}; nothing was changed") from None
    if applied.undo is not None:
        from tracker.store.shell_undo import remember

        remember(store, applied.message, applied.undo)
    return applied.message
