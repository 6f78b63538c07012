"""Settings: every config key as a row, checked as you type and saved when valid.

A value is saved on Enter, when its field loses focus, or at once for a switch or the theme,
and only when it is valid and differs from the current one. Every save is posted up as an
`Edit` (the app keeps its undo), so `u` on the main screen undoes it. A value that does not
parse shows the key's own error message under the field and is never written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.validation import ValidationResult, Validator
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import Button, Header, Input, Label, Select, Static, Switch

from tracker.core.paths import styles_dir
from tracker.core.settings import KEYS, THEMES, Key, SettingError, Value
from tracker.routine.exercises import ROUTINE, Routine
from tracker.store.changes import ResetSetting, SetSetting
from tracker.store.snapshot import Snapshot
from tracker.ui.messages import Edit
from tracker.ui.widgets.footer import AppFooter

# supple's own keys of the guided session, after the times the routine's exercises share.
_SESSION_KEYS = ("wait-for-position", "bell", "sound", "voice")


def section_keys(routine: Routine = ROUTINE) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The screen's sections and their keys, in order: the routine's numbers (as its
    exercises declare them) first."""
    return (
        ("The routine", tuple(n.key for ex in routine.exercises for n in ex.own_numbers())),
        ("Guided session", (*(number.key for number in routine.shared), *_SESSION_KEYS)),
        ("Reminders", ("reminders", "reminder-days", "remind-when-done", "reminder-grace")),
        ("Day and look", ("day-start", "theme", "mouse")),
        ("Progress", ("self-test-every",)),
        ("Everyday hinge", ("hinge-moments", "hinge-nudges")),
        ("Sync", ("sync-folder",)),
    )


SECTIONS = section_keys(ROUTINE)

PLACEHOLDERS = {
    "reminders": "none (no reminders)",
    "hinge-moments": "e.g. load the dishwasher; put on my socks",
    "hinge-nudges": "none (e.g. 09:00,17:30)",
    "sync-folder": "none (no sync)",
}

# What each row is called on screen; the config key (for `supple config`) is shown beside it.
# The routine's numbers are named where they are declared.
LABELS: dict[str, str] = {
    **{number.key: number.label for number in ROUTINE.all_numbers()},
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
    "mouse": "Mouse (next start)",
    "self-test-every": "Self-test every",
    "hinge-moments": "Hinge moments",
    "hinge-nudges": "Hinge nudges",
    "sync-folder": "Sync folder",
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


class RowText(Visual):
    """A row's words, wrapped to the width they are drawn at: the label, its config key and
    its state (and a Reset link when it differs from the default) on the head line, the help
    under them, then the error if the typed value is not allowed. When the head line has no
    room for the state, the state takes a line of its own under the help, whole.

    The spans name component classes of the screen (".settings--label"...), so the colours
    stay in settings.tcss and are styled once for all rows, not once per row.
    """

    def __init__(self, key: Key, value: Value, reset_shown: bool, error: str) -> None:
        changed = value != key.default
        head = Content.assemble(
            (label(key), ".settings--label-changed" if changed else ".settings--label"),
            "  ",
            (key.name, ".settings--key"),
        )
        state = Content.styled(
            _state(key, value), ".settings--state-changed" if changed else ".settings--state"
        )
        if reset_shown:
            state = Content.assemble(state, "  ", (" Reset ", RESET_LINK))
        help_text = Content.styled(key.help, ".settings--help")
        error_line = Content.styled(f"✗ {error}", ".settings--error") if error else None
        self._wide = Content("\n").join(
            part for part in (Content.assemble(head, "  ", state), help_text, error_line) if part
        )
        self._narrow = Content("\n").join(
            part for part in (head, help_text, state, error_line) if part
        )
        self._head_width = head.cell_length + 2 + state.cell_length

    def fitted(self, width: int) -> Content:
        """The text as drawn at this width."""
        return self._wide if self._head_width <= width else self._narrow

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        return self.fitted(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._wide.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self._narrow.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.fitted(width).get_height(rules, width)


# Clicking Reset runs the row text's action_reset (its own namespace).
RESET_LINK = VisualStyle.from_meta({"@click": "reset"})


class SettingText(Widget):
    """A row's words as one widget (see RowText): a dozen widgets per row were what kept
    Settings from opening in a blink."""

    def __init__(self, key: Key, value: Value, stored: bool) -> None:
        super().__init__(classes="setting-text")
        self.key = key
        self.value = value
        self.stored = stored
        self.error = ""

    @property
    def reset_shown(self) -> bool:
        return self.stored or self.value != self.key.default

    def show(self, value: Value, stored: bool, error: str) -> None:
        if (value, stored, error) != (self.value, self.stored, self.error):
            self.value, self.stored, self.error = value, stored, error
            self.refresh(layout=True)

    def render(self) -> RowText:
        return RowText(self.key, self.value, self.reset_shown, self.error)

    def action_reset(self) -> None:
        screen = self.screen
        if isinstance(screen, SettingsScreen):
            screen.reset(self.key.name)


class SettingRow(Widget):
    """One key: its words (SettingText) beside its field, and for a switch, on or off.

    Built as it will first be shown (changed or not): set after mounting, a class would style
    the row's widgets again.
    """

    def __init__(self, key: Key, value: Value, stored: bool = False) -> None:
        changed = value != key.default
        super().__init__(
            id=f"row-{slug(key.name)}", classes="setting-row" + (" -changed" if changed else "")
        )
        self.key = key
        self.text = SettingText(key, value, stored)

    @property
    def value(self) -> Value:
        """The value shown (its words keep it)."""
        return self.text.value

    def compose(self) -> ComposeResult:
        yield self.text
        yield self._field()
        if self.key.kind == "bool":
            yield Label(self.key.show(self.value), classes="setting-switch-label", markup=False)

    def _field(self) -> Widget:
        key, value, field_id = self.key, self.value, f"field-{slug(self.key.name)}"
        # Each field is given the class it would set on itself when mounted ("-on", "-valid"):
        # set then, it would style the field again.
        if key.kind == "bool":
            on = " -on" if value else ""
            return Switch(
                bool(value), animate=False, id=field_id, name=key.name, classes="setting-field" + on
            )
        if key.kind == "theme":
            options = [(theme, theme) for theme in THEMES]
            return Select(
                options,
                value=str(value),
                allow_blank=False,
                id=field_id,
                name=key.name,
                classes="setting-field",
            )
        text = key.show(value)
        validator = KeyValidator(key)
        valid = " -valid" if validator.validate(text).is_valid else ""
        field = Input(
            text,
            placeholder=PLACEHOLDERS.get(key.name, f"default {key.show(key.default)}"),
            validators=[validator],
            id=field_id,
            name=key.name,
            classes="setting-field" + valid,
        )
        field.cursor_blink = False
        return field

    @property
    def error(self) -> str:
        """The error shown under the help, or ""."""
        return self.text.error

    def show_state(self, value: Value, stored: bool) -> None:
        """Mark the row when its value differs from the default."""
        self.text.show(value, stored, self.text.error)
        self.set_class(value != self.key.default, "-changed")
        for switch_label in self.query(".setting-switch-label").results(Label):
            switch_label.update(self.key.show(value))

    def show_error(self, message: str) -> None:
        self.text.show(self.value, self.text.stored, message)


class SettingsScreen(Screen[None]):
    """Every config key, and a test reminder. Escape goes back."""

    # The styles of every row's words (RowText), on the screen so they are styled once.
    COMPONENT_CLASSES = {
        "settings--label",
        "settings--label-changed",
        "settings--key",
        "settings--state",
        "settings--state-changed",
        "settings--help",
        "settings--error",
    }

    # The first field has focus from the start: the footer's keys are built once, for it.
    AUTO_FOCUS = ".setting-field"

    BINDINGS = [
        Binding("escape", "back", "Back", key_display="Esc"),
        Binding("ctrl+r", "reset_focused", "Reset to default", key_display="^r"),
        Binding("ctrl+t", "app.test_reminder", "Test reminder", key_display="^t"),
    ]

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__()
        _add_styles(self.app)  # before the screen is styled: when it is pushed
        self.snapshot = snapshot
        # The text each Input was last given from the store: an Input whose text differs
        # has an edit in progress, which a reload must not overwrite.
        self._synced: dict[str, str] = {}
        # Keys just saved or reset from here: the next data shown sets their fields.
        self._saving: set[str] = set()
        # The rows built so far, by key: those of the first screenful, then all (see compose).
        self._rows: dict[str, SettingRow] = {}
        self._rest: list[str | Key] = []
        self._first_resume = True

    # ---- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The screen with the rows that fill it; the others are mounted once it is drawn.

        Each widget styled (twice: a screen styles all its widgets again when it resumes),
        laid out and drawn is what kept Settings from opening in a blink; a screenful of
        rows is a fraction of them.
        """
        first, self._rest = self._first_screenful()
        yield Header()
        with VerticalScroll(id="settings-scroll"):
            yield Static(
                "Changes are saved when you press Enter or leave a field, and only when "
                "they are valid. Press u on the main screen to undo one.",
                id="settings-intro",
                markup=False,
            )
            yield from self._build(first)
        with Horizontal(id="settings-actions"):
            yield Button("Send a test reminder", id="test-reminder", compact=True)
            yield Static(
                "Checks that notifications reach your desktop.",
                id="settings-actions-hint",
                markup=False,
            )
        yield AppFooter(keys_at_once=True)

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_rest)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # A screen styles all its widgets again when it resumes (the theme may have changed
        # while it was hidden). On the first show they were styled a moment ago, when they
        # were mounted. (This handler runs before Screen's own.)
        if self._first_resume:
            self._first_resume = False
            event.refresh_styles = False

    async def _mount_rest(self) -> None:
        rest, self._rest = self._rest, []
        if rest:
            await self.query_one("#settings-scroll").mount_all(self._build(rest))

    def _first_screenful(self) -> tuple[list[str | Key], list[str | Key]]:
        """The sections' titles and keys that fill the screen, and the rest."""
        items: list[str | Key] = []
        for title, keys in sections():
            items += [title, *keys]
        lines = self.app.size.height - CHROME_LINES
        first = 0
        while first < len(items) and lines > 0:
            lines -= ROW_LINES if isinstance(items[first], Key) else SECTION_LINES
            first += 1
        return items[:first], items[first:]

    def _build(self, items: list[str | Key]) -> list[Widget]:
        """Section titles and rows, built as the data shows them now (see SettingRow)."""
        values = self.snapshot.settings.values
        stored = self.snapshot.stored_settings
        widgets: list[Widget] = []
        for item in items:
            if isinstance(item, Key):
                row = SettingRow(item, values[item.name], item.name in stored)
                self._rows[item.name] = row
                widgets.append(row)
            else:
                widgets.append(Label(item, classes="settings-section", markup=False))
        return widgets

    def row(self, name: str) -> SettingRow:
        return self._rows[name]

    def show_data(self, snapshot: Snapshot, today: object = None) -> None:
        """Show the stored values, except in a field with an edit in progress."""
        self.snapshot = snapshot
        saving, self._saving = self._saving, set()
        for name in self._rows:  # the others will be built from this snapshot
            self._show_value(name, force=name in saving)

    def _show_value(self, name: str, force: bool) -> None:
        snapshot = self.snapshot
        key = KEYS[name]
        value = snapshot.settings.values[name]
        row = self.row(name)
        row.show_state(value, name in snapshot.stored_settings)
        fields = row.query(f"#field-{slug(name)}")
        if not fields:
            return  # not composed yet: it will be, from the row's new value
        field = fields.first()
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
        if name == "sync-folder" and value:  # as `supple sync --folder` checks it
            problem = self._sync_folder_problem(str(value))
            if problem:
                self.row(name).show_error(problem)
                return False
        self.save(name, value)
        return True

    def _sync_folder_problem(self, value: str) -> str | None:
        """Why a typed sync folder cannot be used (a file, the data folder, not writable), or
        None. A few stats and a probe file, not the store's work."""
        from tracker.sync.setup import folder_input_problem

        store = getattr(self.app, "store", None)
        if store is None or value == self.snapshot.settings.values["sync-folder"]:
            return None
        return folder_input_problem(Path(value), store.data_dir)

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
    """'source's default 3', or 'changed · supple's default 30' (whose number the default is)."""
    default = key.default_text()
    return f"changed · {default}" if value != key.default else default


def _add_styles(app: App[object]) -> None:
    """Add settings.tcss to the app's stylesheet, once, when Settings first opens.

    Not CSS_PATH: on a screen's first push Textual then parses every stylesheet again from
    scratch and restyles every screen (some 25 ms); every rule here starts with
    SettingsScreen, so adding them (only they are parsed) is all they need.
    """
    path = styles_dir() / "settings.tcss"
    read_from = (str(path.resolve()), "")
    if not app.stylesheet.has_source(*read_from):
        app.stylesheet.add_source(path.read_text(encoding="utf-8"), read_from=read_from)


# Lines on screen (settings.tcss), at least: a row (its field, or its head, help and the
# blank line under them), a section's title and its margins, and the header, intro, actions
# and footer. Too few rows would leave the screen part empty until the rest come; one too
# many costs a few ms.
ROW_LINES = 3
SECTION_LINES = 3
CHROME_LINES = 7


def _first_failure(result: ValidationResult | None) -> str:
    if result is None or result.is_valid:
        return ""
    descriptions = result.failure_descriptions
    return descriptions[0] if descriptions else "not allowed"
