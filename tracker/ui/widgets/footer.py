"""The key footer, squeezed on narrow terminals so that every key still shows.

The one place that leans on Textual's Footer beyond its published API (textual is pinned;
tests/ui/test_footer.py fails loudly if an upgrade changes any of these):
- `Footer._bindings_ready`, a reactive: its `compose` builds no keys until it is True;
- `Footer.bindings_changed(screen)`, which Footer subscribes to the screen's
  `bindings_updated_signal` when mounted; overridden here so that the keys are rebuilt only
  when they change.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Below this many columns the main screen's keys fit only without padding and without the
# "^p palette" hint (ctrl+p still opens the palette, and Help lists it).
NARROW = 100
# Below this many columns a screen's FOOTER_WIDE_ONLY actions leave the footer (their keys
# still work, and Help and the palette list them): every other key keeps its place.
WIDE = 120


class AppFooter(Footer):
    """Footer, rebuilt only when the keys it shows change.

    Textual's Footer rebuilds its keys (and so the screen's layout) for every change of the
    bindings: a screen's first show makes three or four (its focus, its resume, a refresh
    after the focus), and every Tab one more, though the keys are mostly the same.
    """

    def __init__(self, keys_at_once: bool = False) -> None:
        """keys_at_once: build the keys in the first compose (the screen's focus is set by
        then), so the screen's first frame shows them, not the next one. A screen whose
        first frame must come first (the main screen at start-up) leaves them for later."""
        # Sized for the terminal from the start: set on the first resize, each key would be
        # styled again.
        narrow = self.app.size.width < NARROW
        super().__init__(compact=narrow, show_command_palette=not narrow)
        if keys_at_once:
            self.set_reactive(Footer._bindings_ready, True)
        self._rebuild_queued = False
        self._built_for: Hashable = None  # what the keys were built from (see _keys)

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        self.compact = narrow
        self.show_command_palette = not narrow
        if self._built_for is not None and self._keys() != self._built_for:
            self._queue_rebuild()

    def _wide_only(self) -> frozenset[str]:
        """The actions left out of the footer at this width (see WIDE)."""
        if self.app.size.width >= WIDE:
            return frozenset()
        return frozenset(getattr(self.screen, "FOOTER_WIDE_ONLY", ()))

    def compose(self) -> ComposeResult:
        self._built_for = self._keys()
        left_out = self._wide_only()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action in left_out:
                continue
            yield widget

    def _keys(self) -> Hashable:
        """What the keys are built from: the shown bindings, enabled or not, and the palette
        hint."""
        if not self._bindings_ready:
            return None
        return (
            self.show_command_palette,
            self._wide_only(),
            tuple(
                (binding.key, binding.action, binding.description, enabled, tooltip)
                for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
                if binding.show
            ),
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_queued:
            return
        # A screen under another is not seen: its keys are checked again when it resumes.
        if self.is_attached and screen is self.screen and screen.is_current:
            self._queue_rebuild()

    def _queue_rebuild(self) -> None:
        if not self._rebuild_queued:
            self._rebuild_queued = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_queued = False
        if self.is_attached and self._keys() != self._built_for:
            await self.recompose()
