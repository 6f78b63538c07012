"""`supple config list | get KEY | set KEY VALUE`."""

from __future__ import annotations

import json
import sys

from tracker.cli.commands.apply import apply_change
from tracker.core.errors import CommandError
from tracker.core.settings import KEYS, SettingError, parse_value, unknown_key_message
from tracker.store.changes import SetSetting
from tracker.store.database import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(store: Store, args: argparse.Namespace) -> int:
    if args.action in ("get", "set") and args.key not in KEYS:
        raise CommandError(unknown_key_message(args.key))
    # Showing may use the status cache; a change reads the store itself.
    summary = store.summary() if args.action == "set" else store.quick_summary()
    values = summary.settings.values
    if args.action == "list" and getattr(args, "json", False):
        listed = {
            name: {"value": values[name], "default": key.default, "help": key.help}
            for name, key in KEYS.items()
        }
        sys.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2) + "\n")
        return 0
    if args.action == "list":
        width = max(len(name) for name in KEYS)
        for name, key in KEYS.items():
            shown = key.show(values[name])
            default = "" if values[name] == key.default else f" (default {key.show(key.default)})"
            print(f"{name:<{width}}  {shown!s:<12} {key.help}{default}")
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
