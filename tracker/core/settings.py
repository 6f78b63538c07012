"""The config keys of supple: names, defaults, validation, and a typed view of them.

Each key has one parser shared by `supple config set`, the Settings screen and import, so a
value is judged the same way everywhere. Values are stored in the `settings` table in their
JSON form (int, bool or string).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import time

from tracker.core.record_type import record_type
from tracker.routine.exercises import ROUTINE, Number, Routine

Value = int | bool | str

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Textual 8.2.8's built-in themes; a test checks this list against Textual itself so the
# shell commands can validate `theme` without importing Textual.
THEMES = (
    "ansi-dark",
    "ansi-light",
    "atom-one-dark",
    "atom-one-light",
    "catppuccin-frappe",
    "catppuccin-latte",
    "catppuccin-macchiato",
    "catppuccin-mocha",
    "dracula",
    "flexoki",
    "gruvbox",
    "monokai",
    "nord",
    "rose-pine",
    "rose-pine-dawn",
    "rose-pine-moon",
    "solarized-dark",
    "solarized-light",
    "textual-dark",
    "textual-light",
    "tokyo-night",
)


class SettingError(ValueError):
    """A value that a key does not accept; the message says what is allowed."""


def _digits(text: str) -> bool:
    """ASCII digits only, at least one (no regex: compiling one costs `supple done` time)."""
    return text.isascii() and text.isdigit()


def whole_number(text: str) -> int | None:
    """`text` as an int if it is ASCII digits (with an optional minus), else None.

    str.isdigit() also accepts digits like '²' that int() then rejects with a traceback, and
    int() refuses over 4,300 digits: no value of supple's needs more than a few.
    """
    word = text.strip()
    digits = word[1:] if word.startswith("-") else word
    return int(word) if len(word) <= 30 and _digits(digits) else None


def parse_hhmm(text: str) -> time:
    """Parse a 24-hour HH:MM time, raising SettingError."""
    part = text.strip()
    hours, sep, minutes = part.partition(":")
    well_formed = 1 <= len(hours) <= 2 and _digits(hours) and len(minutes) == 2
    if not sep or not well_formed or not _digits(minutes):
        raise SettingError(f"'{part}' is not a time; use 24-hour HH:MM like 07:30")
    h, m = int(hours), int(minutes)
    if h > 23 or m > 59:
        raise SettingError(f"'{part}' is not a time; use 24-hour HH:MM like 07:30")
    return time(h, m)


def parse_times(text: str) -> tuple[time, ...]:
    """Comma-separated HH:MM times, sorted and without repeats; empty means none."""
    parts = [p for p in (s.strip() for s in text.split(",")) if p]
    return tuple(sorted({parse_hhmm(p) for p in parts}))


def parse_days(text: str) -> frozenset[int]:
    """'daily', 'weekdays', 'weekends' or names like 'mon,wed,fri' -> weekday numbers (Mon=0)."""
    word = text.strip().lower()
    if word == "daily":
        return frozenset(range(7))
    if word == "weekdays":
        return frozenset(range(5))
    if word == "weekends":
        return frozenset({5, 6})
    days: set[int] = set()
    for part in (p.strip() for p in word.split(",")):
        if part[:3] not in WEEKDAYS or part not in (part[:3], _FULL_DAY_NAMES[part[:3]]):
            raise SettingError(
                f"'{part}' is not a weekday; use 'daily', 'weekdays', 'weekends' "
                "or names like mon,wed,fri"
            )
        days.add(WEEKDAYS.index(part[:3]))
    return frozenset(days)


_FULL_DAY_NAMES = dict(
    zip(
        WEEKDAYS,
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        strict=True,
    )
)


def _canonical_days(text: str) -> str:
    days = parse_days(text)
    word = text.strip().lower()
    if word in ("daily", "weekdays", "weekends"):
        return word
    if days == frozenset(range(7)):
        return "daily"
    return ",".join(WEEKDAYS[d] for d in sorted(days))


def _canonical_times(text: str) -> str:
    return ",".join(t.strftime("%H:%M") for t in parse_times(text))


_TRUE = ("on", "true", "yes", "1")
_FALSE = ("off", "false", "no", "0")


# Records, not dataclasses or NamedTuples: `supple status` loads this module, and dataclasses
# or typing alone take longer to import than the rest of what status needs
# (tracker.core.record_type).
@record_type
class Key:
    """One config key: its default, what it means, and how to read a value for it."""

    name: str
    default: Value
    help: str
    parse: Callable[[str], Value]
    kind: str  # "int", "bool", "times", "days", "time", "theme", "text", "folder": for
    # the Settings screen
    source: bool = False  # the default is the source's own number (else it is supple's)

    def accept(self, value: object) -> Value:
        """Validate a stored or imported JSON value, returning it in canonical form."""
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise SettingError(f"{self.name} must be on or off")
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise SettingError(f"{self.name} must be a whole number")
            return self.parse(str(value))
        if not isinstance(value, str):
            raise SettingError(f"{self.name} must be text")
        return self.parse(value)

    def show(self, value: Value) -> str:
        """The value as a user types it."""
        if isinstance(value, bool):
            return "on" if value else "off"
        return str(value)

    def default_text(self) -> str:
        """Whose default it is, and what: "source's default 3" or "supple's default 30"."""
        whose = "source's" if self.source else "supple's"
        shown = self.show(self.default) or '""'
        return f"{whose} default {shown}"


def _int_parser(name: str, low: int, high: int, unit: str = "") -> Callable[[str], Value]:
    def parse(text: str) -> Value:
        number = whole_number(text)
        if number is None:
            raise SettingError(f"{name} must be a whole number from {low} to {high}{unit}")
        if not low <= number <= high:
            raise SettingError(f"{name} must be from {low} to {high}{unit}, not {number}")
        return number

    return parse


def _bool_parser(name: str) -> Callable[[str], Value]:
    def parse(text: str) -> Value:
        word = text.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise SettingError(f"{name} must be on or off, not '{text.strip()}'")

    return parse


def _times(text: str) -> Value:
    return _canonical_times(text)


def _days(text: str) -> Value:
    return _canonical_days(text)


def _day_start(text: str) -> Value:
    start = parse_hhmm(text)
    if start > time(12, 0):
        raise SettingError(
            "day-start must be between 00:00 and 12:00 (a day starts in the morning)"
        )
    return start.strftime("%H:%M")


def _folder(text: str) -> Value:
    """A full path (a leading ~ is the home folder), or empty for none. Whether it is a
    folder that can be used is checked where it is used (tracker.sync.setup)."""
    import os

    path = text.strip()
    if not path:
        return ""
    if any(ord(c) < 32 for c in path) or len(path) > 4096:
        raise SettingError("sync-folder must be a path on one line")
    path = os.path.expanduser(path)
    if not os.path.isabs(path):
        raise SettingError(
            f"sync-folder must be a full path like /home/you/Sync/supple, not '{text.strip()}'"
        )
    return os.path.normpath(path)


def _theme(text: str) -> Value:
    name = text.strip()
    if name not in THEMES:
        raise SettingError(f"'{name}' is not a theme; choose one of: {', '.join(THEMES)}")
    return name


def _hinge_moments(text: str) -> Value:
    from tracker.core.hinge import HingeError, parse_moments

    try:
        return ";".join(parse_moments(text))
    except HingeError as error:
        raise SettingError(f"hinge-moments: {error}") from None


def _hinge_nudges(text: str) -> Value:
    from tracker.core.hinge import HingeError, parse_nudge_times

    try:
        return ",".join(t.strftime("%H:%M") for t in parse_nudge_times(text))
    except HingeError as error:
        raise SettingError(str(error)) from None


def number_key(number: Number) -> Key:
    """The config key of one of the routine's numbers."""
    unit = f" {number.unit}" if number.unit else ""
    parse = _int_parser(number.key, number.low, number.high, unit)
    return Key(number.key, number.default, number.help, parse, "int", number.source)


def keys_for(routine: Routine = ROUTINE) -> dict[str, Key]:
    """Every config key, in the order `config list` shows them: the routine's numbers (each
    exercise's, then the shared times), then supple's own keys."""
    keys = {number.key: number_key(number) for number in routine.all_numbers()}
    for key in _OTHER_KEYS:
        if key.name in keys:
            raise ValueError(f"the routine declares '{key.name}', which is one of supple's keys")
        keys[key.name] = key
    return keys


# supple's own keys, after the routine's (every default here is supple's).
_OTHER_KEYS: tuple[Key, ...] = (
    Key(
        "wait-for-position",
        False,
        "Wait for a key (instead of position-time) once you are in position",
        _bool_parser("wait-for-position"),
        "bool",
    ),
    Key(
        "bell",
        True,
        "Ring the terminal bell at each phase change (when no tones play)",
        _bool_parser("bell"),
        "bool",
    ),
    Key(
        "sound",
        True,
        "Tones at phase changes and on the last 3 seconds of a countdown",
        _bool_parser("sound"),
        "bool",
    ),
    # On by default (issue 21): it speaks where a speech program is found and is silent, with
    # no warning, where none is; the session's first screen says which.
    Key(
        "voice",
        True,
        "Speak each phase aloud and count the reps (where spd-say or espeak-ng is found)",
        _bool_parser("voice"),
        "bool",
    ),
    Key(
        "reminders",
        "18:00",
        "Reminder times, comma-separated HH:MM (empty: no reminders)",
        _times,
        "times",
    ),
    Key(
        "reminder-days",
        "daily",
        "Days with reminders: daily, weekdays, or e.g. mon,wed,fri",
        _days,
        "days",
    ),
    Key(
        "remind-when-done",
        False,
        "Remind even when today is already done",
        _bool_parser("remind-when-done"),
        "bool",
    ),
    Key(
        "reminder-grace",
        180,
        "Minutes a missed reminder may still arrive late",
        _int_parser("reminder-grace", 0, 1440, " min"),
        "int",
    ),
    Key(
        "day-start",
        "00:00",
        "When a new day begins (after midnight for night owls)",
        _day_start,
        "time",
    ),
    Key("theme", "textual-dark", "Colour theme of the app", _theme, "theme"),
    Key(
        "mouse",
        True,
        "Let the app take mouse clicks (off: the terminal keeps the mouse, e.g. GNU screen)",
        _bool_parser("mouse"),
        "bool",
    ),
    Key(
        "self-test-every",
        14,
        "Days between offers of the fingertip-to-floor self-test (0: never offered)",
        _int_parser("self-test-every", 0, 365, " days"),
        "int",
    ),
    Key(
        "hinge-moments",
        "",
        "Your everyday hinge moments, up to three separated by ';' (e.g. load the dishwasher)",
        _hinge_moments,
        "text",
    ),
    Key(
        "hinge-nudges",
        "",
        "Times of the everyday-hinge nudges, up to two HH:MM (empty: none)",
        _hinge_nudges,
        "times",
    ),
    Key(
        "sync-folder",
        "",
        "Folder kept the same on your devices by Syncthing, Nextcloud or Dropbox "
        "(empty: no sync; see supple sync)",
        _folder,
        "folder",
    ),
)

KEYS: dict[str, Key] = keys_for(ROUTINE)

DEVICE_SETTINGS = frozenset({"sync-folder", "theme", "mouse"})
"""Settings that belong to one device, not to the person's record: the sync folder has its own
path on each device, the theme suits each terminal's own colours, and the mouse its terminal
(GNU screen or not). They are not synced
(tracker.sync), not exported, and an import leaves them as they are here."""


def unknown_key_message(name: str) -> str:
    from tracker.core.suggest import nearest  # only on this mistake

    close = nearest(name, KEYS)
    if close:
        return f"unknown config key '{name}' (did you mean '{close}'?); see 'supple config list'"
    return f"unknown config key '{name}'; run 'supple config list' to see the keys"


def parse_value(name: str, text: str, keys: Mapping[str, Key] = KEYS) -> Value:
    """Parse what a user typed for `name`; raises SettingError with a helpful message."""
    key = keys.get(name)
    if key is None:
        raise SettingError(unknown_key_message(name))
    return key.parse(text)


def merged(stored: Mapping[str, object], keys: Mapping[str, Key] = KEYS) -> dict[str, Value]:
    """Defaults overlaid with the stored values that are valid (bad ones fall back)."""
    values: dict[str, Value] = {name: key.default for name, key in keys.items()}
    for name, raw in stored.items():
        key = keys.get(name)
        if key is None:
            continue
        try:
            values[name] = key.accept(raw)
        except SettingError:
            continue
    return values


@record_type
class Settings:
    """A typed, read-only view of every config key (`keys`: those of the built-in routine
    unless given)."""

    values: Mapping[str, Value]
    keys: Mapping[str, Key] = KEYS

    @classmethod
    def from_stored(cls, stored: Mapping[str, object], keys: Mapping[str, Key] = KEYS) -> Settings:
        return cls(merged(stored, keys), keys)

    @classmethod
    def defaults(cls, keys: Mapping[str, Key] = KEYS) -> Settings:
        return cls(merged({}, keys), keys)

    def __repr__(self) -> str:  # the keys are code: a long and useless repr
        return f"Settings({dict(self.values)!r})"

    def number(self, name: str) -> int:
        """A whole-number key's value, e.g. `number("good-morning.sets")`."""
        value = self.values[name]
        assert isinstance(value, int)
        return value

    def _str(self, name: str) -> str:
        return str(self.values[name])

    def is_default(self, name: str) -> bool:
        return self.values[name] == self.keys[name].default

    @property
    def tempo(self) -> int:
        return self.number("tempo")

    @property
    def rest(self) -> int:
        return self.number("rest")

    @property
    def get_ready(self) -> int:
        return self.number("get-ready")

    @property
    def position_time(self) -> int:
        return self.number("position-time")

    @property
    def wait_for_position(self) -> bool:
        return bool(self.values["wait-for-position"])

    @property
    def bell(self) -> bool:
        return bool(self.values["bell"])

    @property
    def sound(self) -> bool:
        return bool(self.values["sound"])

    @property
    def voice(self) -> bool:
        return bool(self.values["voice"])

    @property
    def reminders(self) -> tuple[time, ...]:
        return parse_times(self._str("reminders"))

    @property
    def reminder_days(self) -> frozenset[int]:
        return parse_days(self._str("reminder-days"))

    @property
    def remind_when_done(self) -> bool:
        return bool(self.values["remind-when-done"])

    @property
    def reminder_grace(self) -> int:
        return self.number("reminder-grace")

    @property
    def day_start(self) -> time:
        return parse_hhmm(self._str("day-start"))

    @property
    def theme(self) -> str:
        return self._str("theme")

    @property
    def mouse(self) -> bool:
        return bool(self.values["mouse"])

    @property
    def self_test_every(self) -> int:
        return self.number("self-test-every")

    @property
    def hinge_moments(self) -> tuple[str, ...]:
        from tracker.core.hinge import parse_moments

        return parse_moments(self._str("hinge-moments"))

    @property
    def hinge_nudges(self) -> tuple[time, ...]:
        from tracker.core.hinge import parse_nudge_times

        return parse_nudge_times(self._str("hinge-nudges"))
