"""`supple undo`: take back the last change made from the shell, saying first what it was."""

from __future__ import annotations

from datetime import datetime

from tracker.core.errors import CommandError
from tracker.store import shell_undo
from tracker.store.changes import Refused
from tracker.store.database import Store


def _when(at: str, now: datetime) -> str:
    try:
        moment = datetime.fromisoformat(at).astimezone(now.tzinfo)
    except ValueError:
        return at
    if moment.date() == now.date():
        return f"today {moment:%H:%M}"
    return f"{moment:%Y-%m-%d %H:%M}"


def run(store: Store, args: object) -> int:
    try:
        last = shell_undo.recall(store)
    except shell_undo.UndoRecordError as error:
        raise CommandError(f"{error}; nothing was changed (remove it to start afresh)") from None
    if last is None:
        raise CommandError(
            "there is no change from the shell to undo (the app's own changes are undone "
            "with u in the app)",
            1,
        )
    said, when = last.said.rstrip("."), _when(last.at, store.clock.now())
    print(f"Undoing the last change made from the shell ({when}): {said}.")
    store.summary()  # an unreadable store stops here, before anything is forgotten
    try:
        applied = last.undo.apply(store)
    except Refused as error:
        shell_undo.forget(store)  # it can never apply now: do not offer it again
        raise CommandError(f"cannot undo it: {error}; nothing was changed") from None
    shell_undo.forget(store)
    print(applied.message)
    return 0
