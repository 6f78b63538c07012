"""Key lists read from the screens' bindings, so that Help and the command palette can never
drift from what the keys do."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding

BindingSpec = Binding | tuple[str, str] | tuple[str, str, str]

# How a key is written for people (Textual's names on the left).
KEY_NAMES = {
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "question_mark": "?",
    "exclamation_mark": "!",
    "comma": ",",
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "home": "Home",
    "end": "End",
    "delete": "Delete",
    "tab": "Tab",
    "pageup": "PgUp",
    "pagedown": "PgDn",
}


def key_label(key: str) -> str:
    """ "left_square_bracket" -> "[", "ctrl+r" -> "ctrl+r", "escape" -> "Esc"."""
    return KEY_NAMES.get(key, key)


def action_name(action: str) -> str:
    """The action without its namespace: "app.quit" and "quit" are the same action."""
    return action.removeprefix("app.").removeprefix("screen.")


def bindings_of(specs: Iterable[BindingSpec]) -> list[Binding]:
    """Textual allows bindings as tuples too; make them all `Binding`s."""
    return [spec if isinstance(spec, Binding) else Binding(*spec) for spec in specs]


def key_rows(
    specs: Iterable[BindingSpec], words: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """(keys, what they do) for each action bound, in the order first bound.

    Bindings of one action are one row ("Esc q"); the words come from `words` (by action,
    without namespace) or else from the binding's own description.
    """
    keys: dict[str, list[str]] = {}
    what: dict[str, str] = {}
    for binding in bindings_of(specs):
        name = action_name(binding.action)
        labels = keys.setdefault(name, [])
        for key in binding.key.split(","):
            label = key_label(key.strip())
            if label not in labels:
                labels.append(label)
        what.setdefault(name, (words or {}).get(name) or binding.description)
    return [(" ".join(keys[name]), what[name]) for name in keys]
