"""The command palette's own entries: one for every action the main screen's keys have, read
from its bindings (so a new key gets its entry), each saying which key does the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tracker.ui.keys import action_name, bindings_of, key_label

# Title and help for each action (without its "app." namespace), in the palette's words.
COMMAND_WORDS: dict[str, tuple[str, str]] = {
    "open_session": ("Start a guided session", "Follow the routine with countdowns"),
    "log_done": ("Log today as done", "You did the routine without the guide"),
    "skip_today": ("Skip today, or unskip it", "A rest day neither breaks nor extends a streak"),
    "self_test": ("Self-test", "Fingertip to floor and your activities: is it working?"),
    "hinge_check": ("Everyday hinge: tonight's check", "Did you hinge at your moments today?"),
    "undo": ("Undo", "Undo the last change"),
    "open_calendar": ("Calendar", "See a year and fix any day"),
    "open_tutorial": ("Tutorial", "Read how and why the routine works"),
    "open_settings": ("Settings", "Sets, reps, times and reminders"),
    "snooze": ("Snooze the reminder", "Remind me again in a few minutes"),
    "open_help": ("Help: keys and rules", "Every key, and how streak, strength and adherence work"),
    "quit": ("Quit", "Leave supple; your data is already saved"),
}

# Textual's own entries that supple replaces: its "Keys" panel sat beside our Help (which lists
# every key of every screen), and its Quit by ours, which names the key.
REPLACED = frozenset({"Keys", "Quit"})


def main_commands(main: Screen[Any]) -> list[SystemCommand]:
    """A command for each action bound on `main` (the main screen), run as its key runs it."""
    commands: list[SystemCommand] = []
    seen: set[str] = set()
    for binding in bindings_of(main.BINDINGS):
        name = action_name(binding.action)
        if name in seen:
            continue
        seen.add(name)
        title, words = COMMAND_WORDS.get(name, (binding.description, ""))
        help_text = f"{words} (key {_keys(binding)})" if words else f"Key {_keys(binding)}"
        commands.append(SystemCommand(title, help_text, _runner(main, binding.action)))
    return commands


def _keys(binding: Binding) -> str:
    return " or ".join(key_label(key.strip()) for key in binding.key.split(","))


def _runner(screen: Screen[Any], action: str) -> Callable[[], Any]:
    """Run `action` in `screen`'s namespace, as its key would (an "app." action runs on the
    app), wherever the palette was opened."""

    async def run() -> None:
        await screen.run_action(action)

    return run
