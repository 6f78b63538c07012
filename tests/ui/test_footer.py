"""The key footer (tracker.ui.widgets.footer): its keys, rebuilt only when they change, and
the parts of Textual's Footer it relies on beyond the published API (checked here, so that
a Textual upgrade that changes them fails loudly instead of showing no keys)."""

from __future__ import annotations

import inspect

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from tracker.ui.widgets.footer import AppFooter


class CountingFooter(AppFooter):
    """AppFooter that counts how often Textual tells it the bindings changed, and how often
    it rebuilds its keys."""

    def __init__(self, keys_at_once: bool = False) -> None:
        super().__init__(keys_at_once)
        self.told = 0
        self.rebuilt = 0

    def bindings_changed(self, screen: Screen[object]) -> None:
        self.told += 1
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        self.rebuilt += 1
        await super().recompose()


class KeysScreen(Screen[None]):
    BINDINGS = [Binding("a", "first", "First"), Binding("b", "second", "Second")]
    second_enabled = True

    def __init__(self, keys_at_once: bool) -> None:
        super().__init__()
        self.keys_at_once = keys_at_once

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield CountingFooter(self.keys_at_once)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None: shown, but disabled (False would hide the key)
        return None if action == "second" and not self.second_enabled else True

    def action_first(self) -> None:
        pass

    def action_second(self) -> None:
        pass


class KeysApp(App[None]):
    def __init__(self, keys_at_once: bool = False) -> None:
        super().__init__()
        self.keys_at_once = keys_at_once

    def get_default_screen(self) -> Screen[None]:
        return KeysScreen(self.keys_at_once)


def shown_keys(footer: Footer) -> list[str]:
    return [str(getattr(key, "key", "")) for key in footer.children if hasattr(key, "key")]


def test_textual_footer_internals_are_as_app_footer_expects() -> None:
    """Textual 8.2.8's Footer: a `_bindings_ready` reactive and `bindings_changed(screen)`."""
    ready = inspect.getattr_static(Footer, "_bindings_ready")
    assert isinstance(ready, Reactive), "Footer._bindings_ready is no longer a reactive"
    assert list(inspect.signature(Footer.bindings_changed).parameters) == ["self", "screen"]
    assert "bindings_changed" in inspect.getsource(Footer.on_mount)
    assert "_bindings_ready" in inspect.getsource(Footer.compose)


async def test_the_keys_show_once_textual_says_the_bindings_are_ready() -> None:
    app = KeysApp()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        await pilot.pause()
        footer = app.screen.query_one(CountingFooter)
        assert footer.told >= 1  # Textual calls the override (subscribed on mount)
        assert shown_keys(footer)[:2] == ["a", "b"]


async def test_keys_at_once_are_in_the_first_compose() -> None:
    app = KeysApp(keys_at_once=True)
    async with app.run_test(size=(100, 10)):
        footer = app.screen.query_one(CountingFooter)
        assert shown_keys(footer)[:2] == ["a", "b"]
        assert footer.rebuilt == 0


async def test_the_keys_are_rebuilt_only_when_they_change() -> None:
    app = KeysApp(keys_at_once=True)
    async with app.run_test(size=(100, 10)) as pilot:
        screen = app.screen
        assert isinstance(screen, KeysScreen)
        footer = screen.query_one(CountingFooter)
        await pilot.pause()
        told, rebuilt = footer.told, footer.rebuilt
        screen.refresh_bindings()  # the same keys
        await pilot.pause()
        await pilot.pause()
        assert footer.told > told and footer.rebuilt == rebuilt
        screen.second_enabled = False  # a key is disabled: the footer shows it so
        screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert footer.rebuilt == rebuilt + 1
        await pilot.pause()  # the rebuilt keys mount
        [second] = [key for key in footer.children if getattr(key, "key", "") == "b"]
        assert second.has_class("-disabled")
