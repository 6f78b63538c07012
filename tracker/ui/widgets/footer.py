"""The key footer, squeezed on narrow terminals so that every key still shows."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

# Below this many columns the main screen's keys fit only without padding and without the
# "^p palette" hint (ctrl+p still opens the palette, and Help lists it).
NARROW = 100


class AppFooter(Footer):
    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        self.compact = narrow
        self.show_command_palette = not narrow
