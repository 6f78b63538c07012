"""`supple config list | get KEY | set KEY VALUE`."""

from __future__ import annotations

import json
import sys

from tracker.cli.commands.apply import apply_change
from tracker.core.errors import CommandError
from tracker.core.settings import (
    KEYS,
    Key,
    SettingError,
    Value,
    parse_value,
    unknown_key_message,
)
from tracker.store.changes import SetSetting
from tracker.store.database import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping


def list_lines(values: Mapping[str, Value], keys: Mapping[str, Key] = KEYS) -> list[str]:
    """`config list`: each key, its value, what it means, and its default and whose that is
    (the source's number or supple's)."""
    width = max(len(name) for name in keys)
    return [
        f"{name:<{width}}  {_shown(key, values[name]):<12} {key.help} ({key.default_text()})"
        for name, key in keys.items()
    ]


def _shown(key: Key, value: Value) -> str:
    """The value as typed; an empty one (no reminders, no hinge moments yet) as "", so the
    columns hold."""
    return key.show(value) or '""'


def run(store: Store, args: argparse.Namespace) -> int:
    if args.action in ("get", "set") and args.key not in KEYS:
        raise CommandError(unknown_key_message(args.key))
    if args.action == "set" and args.key == "sync-folder":  # the folder is checked first
        from tracker.cli.commands.sync import set_folder

        return set_folder(store, args.value)
    # Showing may use the status cache; a change reads the store itself.
    summary = store.summary() if args.action == "set" else store.quick_summary()
    values = summary.settings.values
    if args.action == "list" and getattr(args, "json", False):
        listed = {
            name: {
                "value": values[name],
                "default": key.default,
                "default_from": "source" if key.source else "supple",
                "help": key.help,
            }
            for name, key in KEYS.items()
        }
        sys.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2) + "\n")
        return 0
    if args.action == "list":
        print("\n".join(list_lines(values)))
        return 0
    if args.action == "get":
        print(KEYS[args.key].show(values[args.key]))
        return 0
    try:
        value = parse_value(args.key, args.value)
    except SettingError as error:
        raise CommandError(f"{error}; nothing was changed") from None
    print(apply_change(store, SetSetting(args.key, value)))
    return 0
