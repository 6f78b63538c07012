"""Pilot tests: the tutorial, help, settings and error screens, driven by keys as a user would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.segment import Segment
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static, Switch

from tests.ui.conftest import MakeApp, settle, words_shown
from tests.waiting import pause_until
from tracker.core.settings import THEMES
from tracker.store.database import Store
from tracker.ui.app import SuppleApp
from tracker.ui.screens.error import ErrorScreen
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.settings import SettingRow, SettingsScreen
from tracker.ui.screens.tutorial import PageText, TutorialScreen, reflow
from tracker.ui.widgets.two_columns import TwoColumns

SIZE = (100, 34)


def text_of(widget: Static) -> str:
    return str(widget.content)


def page_title(app: SuppleApp) -> str:
    return text_of(app.screen.query_one("#page-title", Label))


def page_number(app: SuppleApp) -> str:
    return text_of(app.screen.query_one("#page-number", Label))


def stored(app: SuppleApp) -> dict[str, object]:
    return dict(app.store.load().stored_settings)


# ---- tutorial ------------------------------------------------------------------------------


async def test_first_run_opens_the_tutorial_by_itself(make_app: MakeApp) -> None:
    app = make_app(seen=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TutorialScreen)
        assert page_number(app) == "Page 1 of 5"
        title = text_of(app.screen.query_one("#page-title", Label))
        assert title == "Why your hamstrings feel tight"


async def test_right_l_left_h_page_through_and_stop_at_the_ends(make_app: MakeApp) -> None:
    app = make_app(seen=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TutorialScreen)
        await pilot.press("left")  # already on the first page
        assert screen.index == 0
        await pilot.press("right")
        assert page_number(app) == "Page 2 of 5"
        await pilot.press("l")
        assert page_number(app) == "Page 3 of 5"
        assert "hip hinge" in screen.query_one(PageText).text
        await pilot.press("right", "l", "right", "l")
        assert screen.index == 4
        assert page_number(app) == "Page 5 of 5"
        await pilot.press("left")
        assert page_number(app) == "Page 4 of 5"
        await pilot.press("h")
        assert page_number(app) == "Page 3 of 5"
        await pilot.press("h", "h", "h", "h")
        assert screen.index == 0
        assert page_number(app) == "Page 1 of 5"


async def test_figure_is_shown_on_exercise_pages_only(make_app: MakeApp) -> None:
    app = make_app(start="tutorial")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        figure = app.screen.query_one("#page-figure", Static)
        assert not figure.display
        await pilot.press("right", "right")
        await pilot.pause()
        assert figure.display
        assert "hinge" in text_of(figure)


async def test_next_and_back_buttons_work_with_the_mouse(make_app: MakeApp) -> None:
    app = make_app(start="tutorial")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TutorialScreen)
        # A button ignores clicks during its 0.2 s "pressed" effect; a person is slower than
        # that, this test is not: no effect, so each click counts as soon as it is handled.
        for button in screen.query(Button):
            button.active_effect_duration = 0
        await pilot.click("#page-next")
        await pilot.pause()
        await pilot.click("#page-next")
        await pilot.pause()
        assert screen.index == 2
        await pilot.click("#page-back")
        await pilot.pause()
        assert screen.index == 1
        await pilot.press("right", "right", "right")
        await pilot.click("#page-next")  # "Close" on the last page
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_escape_closes_marks_seen_and_next_start_opens_main(
    make_app: MakeApp, data_dir: Path
) -> None:
    app = make_app(seen=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TutorialScreen)
        assert not Store(data_dir).load().tutorial_seen
        await pilot.press("right", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert Store(data_dir).load().tutorial_seen

    again = make_app(seen=False)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, MainScreen)


async def test_a_page_taller_than_the_screen_says_there_is_more_below(
    make_app: MakeApp,
) -> None:
    app = make_app(start="tutorial")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "right")  # the good morning: text and a figure
        await pilot.pause()

        def hint() -> str:
            return str(app.screen.query_one("#page-hint", Static).render())

        assert "more below" in hint()
        for _ in range(40):
            await pilot.press("down")
        await pilot.pause()
        assert "more below" not in hint()
    wide = make_app(start="tutorial")
    async with wide.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        assert "more below" not in str(wide.screen.query_one("#page-hint", Static).render())


@pytest.mark.parametrize(("down", "up"), [("j", "k"), ("down", "up"), ("pagedown", "pageup")])
async def test_j_k_and_the_page_keys_scroll_a_tutorial_page(
    make_app: MakeApp, down: str, up: str
) -> None:
    app = make_app(start="tutorial")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "right")
        await pilot.pause()
        scroll = app.screen.query_one("#page-scroll")
        assert scroll.max_scroll_y > 0 and scroll.scroll_y == 0
        hint = str(app.screen.query_one("#page-hint", Static).render())
        assert "j, ↓ or PgDn" in hint and "←/h back" in hint
        await pilot.press(down)
        await pilot.pause()
        moved = scroll.scroll_y
        assert moved > 0
        await pilot.press(up)
        await pilot.pause()
        assert scroll.scroll_y < moved
        assert page_title(app) == "Modified good morning"


async def test_q_closes_the_tutorial_like_escape(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app(seen=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TutorialScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert Store(data_dir).load().tutorial_seen


async def test_t_reopens_the_tutorial_from_the_first_page(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TutorialScreen)
        assert page_number(app) == "Page 1 of 5"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_supple_tutorial_opens_it_even_when_seen(make_app: MakeApp) -> None:
    app = make_app(start="tutorial")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TutorialScreen)


async def test_tutorial_shows_a_changed_value_beside_the_source_number(
    make_app: MakeApp, store: Store
) -> None:
    app = make_app(start="tutorial")
    store.set_setting("good-morning.sets", 4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "right")
        text = app.screen.query_one(PageText).text
        assert "3 sets (you: 4)" in text
        assert "x 10 reps," in text  # unchanged numbers stand alone
        # However the text is re-wrapped, "(you: 4)" stays on one line.
        for width in (30, 45, 60, 90):
            assert "(you: 4)" in reflow(text, width)


def test_reflow_keeps_bullets_and_paragraphs() -> None:
    text = "One two three four five six.\n\n  - first point that is long\n    enough\n  - second"
    flowed = reflow(text, 20)
    assert flowed.split("\n\n")[0] == "One two three four\nfive six."
    assert "  - first point that\n    is long enough\n  - second" in flowed


# ---- help ------------------------------------------------------------------------------


async def test_help_opens_with_question_mark_and_closes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = words_shown(app.screen)
        for words in ("Streak", "Strength", "Adherence", "0.5^(1/13)", "skip", "ctrl+q"):
            assert words in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


async def help_groups(app: SuppleApp, pilot: Pilot[Any]) -> dict[str, dict[str, str]]:
    """Help's key lists as shown: {group title: {keys: what they do}}."""
    await pilot.press("question_mark")
    await pilot.pause()
    groups: dict[str, dict[str, str]] = {}
    for group in app.screen.query(".help-group"):
        title = text_of(group.query_one(".help-title", Label))
        groups[title] = dict(group.query_one(".help-keys", TwoColumns).rows)
    return groups


async def test_help_lists_every_key_each_screen_binds(make_app: MakeApp) -> None:
    from tracker.ui.keys import key_label
    from tracker.ui.screens.calendar import CalendarScreen
    from tracker.ui.screens.day_view import DayScreen
    from tracker.ui.screens.session import SessionScreen
    from tracker.ui.screens.tutorial import TutorialScreen

    app = make_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        groups = await help_groups(app, pilot)
        screens: dict[str, type[Screen[Any]]] = {
            "Main screen": MainScreen,
            "Guided session": SessionScreen,
            "Tutorial": TutorialScreen,
            "Calendar": CalendarScreen,
            "A day (Enter in the calendar)": DayScreen,
            "Settings": SettingsScreen,
            "This help": HelpScreen,
        }
        for title, screen in screens.items():
            shown = " ".join(groups[title]).split()
            for binding in screen.BINDINGS:
                assert isinstance(binding, Binding)
                for key in binding.key.split(","):
                    assert key_label(key) in shown, (title, key)
        # the two that had drifted away from Help
        assert groups["Calendar"]["Home"] == "Back to today"
        assert groups["Settings"]["ctrl+t"] == "Send a test reminder"
        assert groups["Main screen"]["q ctrl+q"] == "Quit"
        assert "ctrl+p" in groups["Main screen"]
        assert groups["Tutorial"]["↓ j"] == "Scroll down"


async def test_a_new_binding_shows_in_help_by_itself(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = [*MainScreen.BINDINGS, Binding("ctrl+b", "app.bell", "Ring the bell")]
    monkeypatch.setattr(MainScreen, "BINDINGS", extra)
    app = make_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        groups = await help_groups(app, pilot)
        assert groups["Main screen"]["ctrl+b"] == "Ring the bell"


# ---- settings --------------------------------------------------------------------------


async def open_settings(pilot: Pilot[Any], app: SuppleApp) -> SettingsScreen:
    await pilot.press("comma")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def test_settings_lists_every_key(make_app: MakeApp) -> None:
    from tracker.core.settings import KEYS

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_settings(pilot, app)
        names = [row.key.name for row in screen.query(SettingRow)]
        assert sorted(names) == sorted(KEYS)
        assert isinstance(screen.query_one("#field-bell"), Switch)
        assert isinstance(screen.query_one("#field-theme"), Select)
        assert isinstance(screen.query_one("#field-reminders"), Input)


def shown_lines(row: SettingRow) -> list[str]:
    """A row's words as drawn, line by line."""
    text = row.text
    return [text.render_line(y).text.rstrip() for y in range(text.size.height)]


def segment_with(row: SettingRow, y: int, words: str) -> Segment:
    """The drawn piece of line y of a row's words that holds `words`."""
    for segment in row.text.render_line(y):
        if words in segment.text:
            return segment
    raise AssertionError(f"{words!r} not on line {y}: {shown_lines(row)}")


async def test_settings_show_a_label_with_the_config_key_beside_it_dimmer(
    make_app: MakeApp,
) -> None:
    from tracker.core.settings import KEYS
    from tracker.ui.screens.settings import LABELS

    assert set(LABELS) == set(KEYS)
    assert len(set(LABELS.values())) == len(LABELS)  # no two rows called the same
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_settings(pilot, app)
        row = screen.row("good-morning.sets")
        head = shown_lines(row)[0]
        assert head.startswith("Good morning sets  good-morning.sets")
        title = segment_with(row, 0, "Good morning sets").style
        name = segment_with(row, 0, "good-morning.sets").style
        assert title is not None and name is not None
        assert title.bold and not name.bold
        bright, dim = title.color, name.color
        assert bright is not None and dim is not None and bright != dim
        assert sum(dim.get_truecolor()) < sum(bright.get_truecolor())  # dimmer on dark


@pytest.mark.parametrize(("width", "under"), [(100, False), (80, True)])
async def test_the_default_moves_under_the_help_when_the_head_has_no_room(
    make_app: MakeApp, width: int, under: bool
) -> None:
    app = make_app()
    async with app.run_test(size=(width, 34)) as pilot:
        await settle(pilot)
        screen = await open_settings(pilot, app)
        row = screen.row("good-morning.sets")
        lines = shown_lines(row)
        help_line = lines.index("Sets of the modified good morning")
        state = [y for y, line in enumerate(lines) if "default 3" in line]
        assert state == ([help_line + 1] if under else [0])
        assert lines[state[0]].endswith("source's default 3")  # whole, not cut at the edge
        assert max(len(line) for line in lines) <= row.text.content_size.width


async def test_reset_shows_on_a_changed_row_and_a_click_resets_it(
    make_app: MakeApp, store: Store
) -> None:
    store.set_setting("good-morning.hold", 5)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_settings(pilot, app)
        assert "Reset" not in " ".join(shown_lines(screen.row("good-morning.reps")))
        row = screen.row("good-morning.hold")
        [(y, line)] = [(y, line) for y, line in enumerate(shown_lines(row)) if "Reset" in line]
        assert line.endswith("changed · source's default 3   Reset")  # beside the state
        await pilot.click(row.text, offset=(line.index("Reset") + 1, y))
        await settle(pilot)
        assert "good-morning.hold" not in stored(app)
        assert screen.query_one("#field-good-morning-hold", Input).value == "3"
        assert "Reset" not in " ".join(shown_lines(row))
        assert not row.has_class("-changed")


async def test_invalid_value_shows_the_error_and_writes_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = app.store.path.read_bytes()
        screen = await open_settings(pilot, app)
        field = screen.query_one("#field-good-morning-sets", Input)
        assert field.has_focus
        field.value = ""
        await pilot.press("1", "1")
        await pilot.pause()
        row = screen.row("good-morning.sets")
        assert "from 1 to 10" in row.error
        assert any(line.startswith("✗ ") and "from 1 to 10" in line for line in shown_lines(row))
        await pilot.press("enter", "tab")  # neither Enter nor leaving saves it
        await pilot.pause()
        field.value = "lots"
        await pilot.pause()
        assert "whole number" in row.error
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.store.path.read_bytes() == before
        assert app.store.load().settings.number("good-morning.sets") == 3


async def test_valid_value_is_saved_and_u_undoes_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_settings(pilot, app)
        field = screen.query_one("#field-good-morning-sets", Input)
        field.value = ""
        await pilot.press("4")
        await settle(pilot)
        row = screen.row("good-morning.sets")
        assert row.error == ""
        assert not any("✗" in line for line in shown_lines(row))
        await pilot.press("enter")
        await settle(pilot)
        assert app.store.load().settings.number("good-morning.sets") == 4
        assert screen.row("good-morning.sets").has_class("-changed")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("u")
        await settle(pilot)
        assert app.store.load().settings.number("good-morning.sets") == 3
        assert "good-morning.sets" not in stored(app)


async def test_leaving_a_field_saves_it_in_canonical_form(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_settings(pilot, app)
        field = screen.query_one("#field-reminders", Input)
        field.focus()
        await settle(pilot)
        field.value = "19:30, 7:15"
        await pilot.press("tab")
        await settle(pilot)
        assert stored(app)["reminders"] == "07:15,19:30"
        assert field.value == "07:15,19:30"


async def test_the_bool_switch_saves(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_settings(pilot, app)
        switch = screen.query_one("#field-bell", Switch)
        switch.focus()
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert app.store.load().settings.bell is False
        assert stored(app)["bell"] is False
        assert "off" in text_of(screen.row("bell").query_one(".setting-switch-label", Label))


async def test_theme_select_saves_and_applies(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        screen = await open_settings(pilot, app)
        select = screen.query_one("#field-theme", Select)
        select.focus()
        await settle(pilot)
        await pilot.press("enter")  # open the list; it starts on the current theme
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        after = THEMES[THEMES.index("textual-dark") + 1]
        assert select.value == after
        assert app.store.load().settings.theme == after
        assert app.theme == after
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert "theme" not in stored(app)


async def test_reset_to_default_is_undoable(make_app: MakeApp, store: Store) -> None:
    app = make_app()
    store.set_setting("rest", 45)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_settings(pilot, app)
        assert screen.row("rest").has_class("-changed")
        screen.query_one("#field-rest", Input).focus()
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "rest" not in stored(app)
        assert screen.query_one("#field-rest", Input).value == "30"
        assert not screen.row("rest").has_class("-changed")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert stored(app)["rest"] == 45


@pytest.mark.parametrize("wait", [0, 1, 2])
async def test_data_that_comes_while_settings_opens_is_shown_on_every_row(
    make_app: MakeApp, store: Store, wait: int
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_open_settings()  # the rows below the first screenful come later
        for _ in range(wait):
            await pilot.pause()
        store.set_setting("good-morning.reps", 12)  # another process writes
        store.set_setting("voice", False)  # on by default
        store.set_setting("theme", "nord")
        app.reload()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)

        def shown() -> bool:
            # the rows below the first screenful are built a little later (under load, later
            # than one pause): wait for them, then each must show the new data
            found = {
                name: screen.query(selector)
                for name, selector in (
                    ("reps", "#field-good-morning-reps"),
                    ("voice", "#field-voice"),
                    ("theme", "#field-theme"),
                )
            }
            return all(found.values())

        await pause_until(pilot, shown, "every Settings row built")
        await pilot.pause()
        assert screen.query_one("#field-good-morning-reps", Input).value == "12"
        assert screen.query_one("#field-voice", Switch).value is False
        assert screen.query_one("#field-theme", Select).value == "nord"
        assert screen.row("voice").has_class("-changed")


async def test_test_reminder_calls_the_app(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    calls: list[str] = []
    monkeypatch.setattr(app, "action_test_reminder", lambda: calls.append("sent"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_settings(pilot, app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert calls == ["sent"]


# ---- error screen ----------------------------------------------------------------------


async def test_unreadable_store_shows_the_error_screen_and_writes_nothing(
    make_app: MakeApp,
) -> None:
    app = make_app()
    path = app.store.path
    path.write_bytes(b'{"meta": [garbage')
    before = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        shown = " ".join(text_of(w) for w in app.screen.query(Static))
        assert str(path) in shown
        assert "mv supple.json supple.json.damaged" in shown
        assert "supple doctor" in shown
        for key in ("d", "k", "s", "t", "comma", "u", "question_mark", "escape"):
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert path.read_bytes() == before
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 2
    assert path.read_bytes() == before


async def test_error_screen_names_the_newest_backup_in_the_restore_command(
    make_app: MakeApp,
) -> None:
    app = make_app()
    store = app.store
    good = store.path.read_bytes()
    store.backups_dir.mkdir(exist_ok=True)
    for day in ("2026-11-20", "2026-11-22", "2026-11-21"):
        (store.backups_dir / f"supple-{day}.json").write_bytes(good)
    store.path.write_bytes(b"")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        commands = text_of(app.screen.query_one("#error-commands", Static))
        newest = store.daily_backups()[0].name
        assert f"cp backups/{newest} supple.json" in commands
        backups = [text_of(w) for w in app.screen.query(".error-backup").results(Static)]
        assert [line.split()[0] for line in backups] == [p.name for p in store.daily_backups()]


# ---- trust: the notice and the pain rule ------------------------------------------------------


async def test_first_run_shows_the_notice_at_the_top_of_page_1(make_app: MakeApp) -> None:
    app = make_app(seen=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TutorialScreen)
        text = app.screen.query_one(PageText)
        first_lines = " ".join(text.render_line(y).text for y in range(3))
        assert "supple is not medical advice" in first_lines
        assert "healthcare provider" in first_lines
        assert text.region.y < 6  # on screen without scrolling, even at 80x24


async def test_help_says_what_supple_is_and_explains_the_pain_note(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = words_shown(app.screen)
        for words in (
            "supple is not medical advice",
            "healthcare provider",
            "partly generated with AI",
            "supple's tip",
            "Pain after sessions",
            "at least 3 scores",
            "at least 1.5 points above last week's",
            "doctor or physiotherapist",
        ):
            assert words in shown, words


@pytest.mark.parametrize("which", ["SAFETY_ADVICE", "HIGH_PAIN_ADVICE"])
def test_the_safety_advice_keeps_the_sources_rule_and_marks_supples(which: str) -> None:
    from tracker.ui.screens import session_parts

    advice = getattr(session_parts, which)
    rule, mark, tip = advice.partition("supple's tip:")
    assert "neither discomfort nor pain" in rule
    assert mark and "runs down a leg" in tip and "healthcare professional" in tip
