"""`supple remind`: the daemon, a one-shot check, a test notification, or the systemd service."""

from __future__ import annotations

import argparse
import os

from tracker.core.errors import CommandError
from tracker.notify.check import check_and_notify, next_retry
from tracker.notify.delivery import deliver, reminder_sender
from tracker.store.database import Store


def run(store: Store, args: argparse.Namespace) -> int:
    if args.cron and not args.install:
        raise CommandError("--cron goes with --install: supple remind --install --cron")
    if args.test:
        return send_test()
    if args.once:
        return remind_once(store)
    if args.install:
        from tracker.notify.service import install_service, print_cron_line

        return print_cron_line(store) if args.cron else install_service(store)
    if args.uninstall:
        from tracker.notify.service import uninstall_service

        return uninstall_service()
    from tracker.notify.daemon import run_daemon

    return run_daemon(store)


def _nudge_once(store: Store) -> None:
    """The everyday-hinge nudge due now, if any (said on its own line)."""
    from tracker.notify.hinge_nudge import check_and_nudge

    send = reminder_sender(store.data_dir)  # with the evening check's answers as buttons
    nudge = check_and_nudge(store, store.clock, f"once:{os.getpid()}", send)
    if nudge is not None:
        at = nudge.due.slot.time.removeprefix("hinge ")
        if nudge.delivery.ok:
            print(f"Hinge nudge due {at} sent via {nudge.delivery.backend}.")
        else:
            print(f"Hinge nudge due {at} not shown: {nudge.delivery.error}.")


def send_test() -> int:
    delivery = deliver(
        "supple: test reminder",
        "Reminders work. This is how supple will nudge you when the routine is due.",
    )
    if not delivery.ok:
        raise CommandError(
            f"the test notification was not shown: {delivery.error}; {delivery.fix}", 1
        )
    print(f"Sent a test notification via {delivery.backend}.")
    return 0


def remind_once(store: Store) -> int:
    outcome = check_and_notify(
        store, store.clock, by=f"once:{os.getpid()}", send=reminder_sender(store.data_dir)
    )
    _nudge_once(store)
    if outcome is None:
        pending = next_retry(store.load(), store.clock)
        if pending is None:
            print("No reminder is due now.")
        else:
            slot, at = pending
            when = at.astimezone(store.clock.now().tzinfo).strftime("%H:%M")
            print(
                f"No reminder is due now (the one due {slot.time} could not be shown; "
                f"it is tried again from {when})."
            )
        return 0
    if not outcome.delivery.ok:
        raise CommandError(
            f"the reminder due {outcome.slot.time} could not be shown: {outcome.delivery.error}; "
            f"{outcome.delivery.fix}",
            1,
        )
    print(f"Reminder due {outcome.slot.time} sent via {outcome.delivery.backend}.")
    return 0
