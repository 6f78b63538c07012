"""Settings: every config key as a row, checked as you type and saved when valid.

A value is saved on Enter, when its field loses focus, or at once for a switch or the theme,
and only when it is valid and differs from the current one. Every save is posted up as an
`Edit` (the app keeps its undo), so `u` on the main screen undoes it. A value that does not
parse shows the key's own error message under the field and is never written.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Button, Header, Input, Label, Select, Static, Switch

from tracker.changes import ResetSetting, SetSetting
from tracker.paths import styles_dir
from tracker.settings import KEYS, THEMES, Key, SettingError, Value
from tracker.store.snapshot import Snapshot
from tracker.ui.messages import Edit
from tracker.ui.widgets.footer import AppFooter

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "The routine",
        (
            "good-morning.sets",
            "good-morning.reps",
            "good-morning.hold",
            "rotation.sets",
            "rotation.reps",
        ),
    ),
    (
        "Guided session",
        (
            "tempo",
            "rest",
            "get-ready",
            "position-time",
            "wait-for-position",
            "bell",
            "sound",
            "voice",
        ),
    ),
    ("Reminders", ("reminders", "reminder-days", "remind-when-done", "reminder-grace")),
    ("Day and look", ("day-start", "theme")),
)

PLACEHOLDERS = {"reminders": "none (no reminders)"}

# What each row is called on screen; the config key (for `supple config`) is shown beside it.
LABELS: dict[str, str] = {
    "good-morning.sets": "Good morning sets",
    "good-morning.reps": "Good morning reps",
    "good-morning.hold": "Good morning hold",
    "rotation.sets": "Hip rotation sets",
    "rotation.reps": "Hip rotation reps",
    "tempo": "Tempo",
    "rest": "Rest between sets",
    "get-ready": "Get ready",
    "position-time": "Time to get in position",
    "wait-for-position": "Wait for me in position",
    "bell": "Bell",
    "sound": "Tones",
    "voice": "Voice",
    "reminders": "Reminder times",
    "reminder-days": "Reminder days",
    "remind-when-done": "Remind when done",
    "reminder-grace": "Late reminders",
    "day-start": "Day starts at",
    "theme": "Theme",
}


def label(key: Key) -> str:
    """The row's title: its label, or the key's name made readable."""
    return LABELS.get(key.name) or key.name.replace(".", " ").replace("-", " ").capitalize()


def sections() -> Iterator[tuple[str, list[Key]]]:
    """The keys grouped for the screen; any key not placed in a group comes last."""
    placed: set[str] = set()
    for title, names in SECTIONS:
        keys = [KEYS[name] for name in names if name in KEYS]
        placed.update(key.name for key in keys)
        if keys:
            yield title, keys
    rest = [key for name, key in KEYS.items() if name not in placed]
    if rest:
        yield "Other", rest


def slug(name: str) -> str:
    """A CSS id for a key name ('good-morning.sets' -> 'good-morning-sets')."""
    return name.replace(".", "-")


class KeyValidator(Validator):
    """Checks what is typed with the key's own parser, so its message is the one shown."""

    def __init__(self, key: Key) -> None:
        super().__init__()
        self.key = key

    def validate(self, value: str) -> ValidationResult:
        try:
            self.key.parse(value)
        except SettingError as error:
            return self.failure(str(error))
        return self.success()


class SettingRow(Vertical):
    """One key: its name, what it means, whether it differs from the default, and its field.

    It is built as it will first be shown (changed or not, Reset on or off, the state on the
    head line or under the help): set after mounting, each of these would style the row's
    widgets again, and the screen has some two hundred of them.
    """

    def __init__(self, key: Key, value: Value, stored: bool = False, width: int = 0) -> None:
        changed = value != key.default
        narrow = width > 0 and _head_width(key, value, stored) > _about_width(width)
        classes = "setting-row" + (" -changed" if changed else "") + (" -narrow" if narrow else "")
        super().__init__(id=f"row-{slug(key.name)}", classes=classes)
        self.key = key
        self.value = value
        self.stored = stored

    def compose(self) -> ComposeResult:
        key = self.key
        state = _state(key, self.value)
        with Horizontal(classes="setting-main"):
            with Vertical(classes="setting-about"):
                with Horizontal(classes="setting-head"):
                    yield Label(label(key), classes="setting-label", markup=False)
                    yield Label(key.name, classes="setting-name", markup=False)
                    yield Label(state, classes="setting-state", markup=False)
                    yield Button(
                        "Reset",
                        classes="setting-reset",
                        name=key.name,
                        compact=True,
                        disabled=not (self.value != key.default or self.stored),
                    )
                yield Static(key.help, classes="setting-help", markup=False)
                # The same state, under the help when the head line has no room for it.
                yield Label(state, classes="setting-state-under", markup=False)
            with Horizontal(classes="setting-field"):
                yield self._field()
                if key.kind == "bool":
                    yield Label(key.show(self.value), classes="setting-switch-label", markup=False)
        yield Label("", classes="setting-error", markup=False)

    def _field(self) -> Widget:
        key, value, field_id = self.key, self.value, f"field-{slug(self.key.name)}"
        if key.kind == "bool":
            return Switch(bool(value), animate=False, id=field_id, name=key.name)
        if key.kind == "theme":
            options = [(theme, theme) for theme in THEMES]
            return Select(options, value=str(value), allow_blank=False, id=field_id, name=key.name)
        field = Input(
            key.show(value),
            placeholder=PLACEHOLDERS.get(key.name, f"default {key.show(key.default)}"),
            validators=[KeyValidator(key)],
            id=field_id,
            name=key.name,
        )
        field.cursor_blink = False
        return field

    def show_state(self, value: Value, stored: bool) -> None:
        """Mark the row when its value differs from the default."""
        self.value = value
        changed = value != self.key.default
        state = _state(self.key, value)
        for shown in self.query(".setting-state, .setting-state-under").results(Label):
            if str(shown.content) != state:
                shown.update(state)
        self.set_class(changed, "-changed")
        self.query_one(".setting-reset", Button).disabled = not (changed or stored)
        self._place_state()
        for label in self.query(".setting-switch-label").results(Label):
            label.update(self.key.show(value))

    def on_resize(self) -> None:
        self._place_state()

    def _place_state(self) -> None:
        """The state on the head line when label, key, state and Reset fit there, else on a
        line of its own under the help (narrow terminals)."""
        room = self.query_one(".setting-about").content_size.width
        if not room:
            return
        reset = self.query_one(".setting-reset", Button)
        self.set_class(_head_width(self.key, self.value, not reset.disabled) > room, "-narrow")

    def show_error(self, message: str) -> None:
        error = self.query_one(".setting-error", Label)
        error.update(f"✗ {message}" if message else "")
        error.display = bool(message)
        self.set_class(bool(message), "-invalid")


class SettingsScreen(Screen[None]):
    """Every config key, and a test reminder. Escape goes back."""

    # Parsed when the screen is first shown, not at start-up.
    CSS_PATH = [styles_dir() / "settings.tcss"]

    # No automatic focus: focusing the scroll area styles all its rows again; the first field
    # gets focus once the screen is drawn (see _build).
    AUTO_FOCUS = ""

    BINDINGS = [
        Binding("escape", "back", "Back", key_display="Esc"),
        Binding("ctrl+r", "reset_focused", "Reset to default", key_display="^r"),
        Binding("ctrl+t", "app.test_reminder", "Test reminder", key_display="^t"),
    ]

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__()
        self.snapshot = snapshot
        # The text each Input was last given from the store: an Input whose text differs
        # has an edit in progress, which a reload must not overwrite.
        self._synced: dict[str, str] = {}
        # Keys just saved or reset from here: the next data shown sets their fields.
        self._saving: set[str] = set()
        self._built = False
        self._mounted: set[str] = set()  # keys whose rows are mounted (see _build)

    # ---- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings-scroll"):
            yield Static(
                "Changes are saved when you press Enter or leave a field, and only when "
                "they are valid. Press u on the main screen to undo one.",
                id="settings-intro",
                markup=False,
            )
        with Horizontal(id="settings-actions"):
            yield Button("Send a test reminder", id="test-reminder", compact=True)
            yield Static(
                "Checks that notifications reach your desktop.",
                id="settings-actions-hint",
                markup=False,
            )
        yield AppFooter()

    def on_screen_resume(self) -> None:
        if not self._built:
            self._built = True
            self.call_later(self._build)  # after Textual's own resume, which styles all again

    async def _build(self) -> None:
        """Mount the rows, built as the data shows them (see SettingRow): first those that
        fill the screen, the others once it is drawn.

        Only now, not in compose: a screen that resumes styles all its widgets again. And
        not all at once: two hundred widgets to style and lay out are what kept Settings
        from opening in a blink; a screenful is a fraction of them.
        """
        pending: list[Widget | str] = []
        for title, keys in sections():
            pending.append(Label(title, classes="settings-section", markup=False))
            pending += [key.name for key in keys]
        lines = self.app.size.height  # a row takes about ROW_LINES lines: fill the screen
        first = 0
        while first < len(pending) and lines > 0:
            lines -= 2 if isinstance(pending[first], Label) else ROW_LINES
            first += 1
        await self._mount_rows(pending[:first])
        self.call_after_refresh(self._focus_first)
        if first < len(pending):
            self.call_after_refresh(self._mount_rows, pending[first:])

    async def _mount_rows(self, items: list[Widget | str]) -> None:
        values = self.snapshot.settings.values  # as it is now: data may have come meanwhile
        stored = self.snapshot.stored_settings
        width = self.app.size.width
        widgets = [
            item
            if isinstance(item, Widget)
            else SettingRow(KEYS[item], values[item], item in stored, width)
            for item in items
        ]
        self._mounted.update(item for item in items if isinstance(item, str))
        await self.query_one("#settings-scroll").mount_all(widgets)

    def _focus_first(self) -> None:
        if self.focused is None:
            self.query_one(".setting-field > *").focus()

    def row(self, name: str) -> SettingRow:
        return self.query_one(f"#row-{slug(name)}", SettingRow)

    def show_data(self, snapshot: Snapshot, today: object = None) -> None:
        """Show the stored values, except in a field with an edit in progress."""
        self.snapshot = snapshot
        if not self._built:
            return  # the rows are built from it
        saving, self._saving = self._saving, set()
        for name in KEYS:
            if name in self._mounted:  # the others are built from this snapshot
                self._show_value(name, force=name in saving)

    def _show_value(self, name: str, force: bool) -> None:
        snapshot = self.snapshot
        key = KEYS[name]
        value = snapshot.settings.values[name]
        row = self.row(name)
        row.show_state(value, name in snapshot.stored_settings)
        field = row.query_one(f"#field-{slug(name)}")
        if isinstance(field, Input):
            text = key.show(value)
            if force or field.value == self._synced.get(name, field.value):
                self._synced[name] = text
                if field.value != text:
                    field.value = text
                    field.cursor_position = len(text)
        elif isinstance(field, Switch):
            field.value = bool(value)
        elif isinstance(field, Select):
            field.value = str(value)

    # ---- typing and saving ---------------------------------------------------------------

    @on(Input.Changed)
    def _checked(self, event: Input.Changed) -> None:
        name = event.input.name
        if name in KEYS:
            self.row(name).show_error(_first_failure(event.validation_result))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self._save_text(event.input)

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        if self.is_attached:
            self._save_text(event.input)

    @on(Switch.Changed)
    def _switched(self, event: Switch.Changed) -> None:
        name = event.switch.name
        if name in KEYS:
            self.save(name, event.value)

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        name = event.select.name
        if name in KEYS and isinstance(event.value, str):
            self.save(name, event.value)

    def _save_text(self, field: Input) -> bool:
        """Save a typed value if it is valid; returns False if it is not."""
        name = field.name
        if name not in KEYS:
            return True
        try:
            value = KEYS[name].parse(field.value)
        except SettingError as error:
            self.row(name).show_error(str(error))
            return False
        self.save(name, value)
        return True

    def save(self, name: str, value: Value) -> None:
        """Store a valid value for `name` if it differs from the current one (undoable)."""
        current = self.snapshot.settings.values[name]
        if value == current and type(value) is type(current):
            self._show_value(name, force=True)
            return
        self._saving.add(name)
        self.post_message(Edit(SetSetting(name, value)))

    def reset(self, name: str) -> None:
        """Remove the stored value so the default applies again (undoable)."""
        snapshot = self.snapshot
        if name not in snapshot.stored_settings and snapshot.settings.is_default(name):
            self._show_value(name, force=True)
            self.notify(f"{name} is already the default.", markup=False, timeout=3)
            return
        self._saving.add(name)
        self.post_message(Edit(ResetSetting(name)))

    # ---- actions -------------------------------------------------------------------------

    @on(Button.Pressed, ".setting-reset")
    def _reset_pressed(self, event: Button.Pressed) -> None:
        name = event.button.name
        if name in KEYS:
            self.reset(name)

    @on(Button.Pressed, "#test-reminder")
    async def _test_pressed(self) -> None:
        await self.run_action("app.test_reminder")

    def action_reset_focused(self) -> None:
        focused = self.focused
        rows = (
            []
            if focused is None
            else [node for node in focused.ancestors_with_self if isinstance(node, SettingRow)]
        )
        if not rows:
            self.notify("Move to a setting first (Tab), then reset it.", timeout=3)
            return
        self.reset(rows[0].key.name)

    def action_back(self) -> None:
        """Leave; a valid edit in progress is saved (as leaving a field does)."""
        focused = self.focused
        if isinstance(focused, Input) and focused.name in KEYS:
            name = focused.name
            if focused.value != self._synced.get(name, focused.value):
                if not self._save_text(focused):
                    self.notify(
                        f"{name} was not saved: the value is not allowed.",
                        severity="warning",
                        markup=False,
                        timeout=4,
                    )
        self.app.pop_screen()


def _state(key: Key, value: Value) -> str:
    default = key.show(key.default) or '""'
    return f"changed · default {default}" if value != key.default else f"default {default}"


def _head_width(key: Key, value: Value, reset_shown: bool) -> int:
    """Cells the head line needs: label, key and state, and Reset when it is on."""
    need = len(label(key)) + 2 + len(key.name) + 2 + len(_state(key, value))
    return need + (2 + len("Reset") + 2 if reset_shown or value != key.default else 0)


def _about_width(screen_width: int) -> int:
    """The width of a row's text column on a screen this wide (see settings.tcss)."""
    return max(0, screen_width - ROW_CHROME)


ROW_LINES = 4  # what a row takes on screen, about: its head, help, field and a blank line

# The cells around a row's text column: the scroll's padding and bar, the row's padding,
# the text column's right padding and the field column (settings.tcss).
ROW_CHROME = 2 + 1 + 1 + 1 + 2 + 28


def _first_failure(result: ValidationResult | None) -> str:
    if result is None or result.is_valid:
        return ""
    descriptions = result.failure_descriptions
    return descriptions[0] if descriptions else "not allowed"
