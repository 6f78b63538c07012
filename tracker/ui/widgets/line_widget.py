"""A widget drawn line by line (`render_line`) whose component styles are looked up once.

Each stylesheet lookup walks the rules, and a line-drawn widget asks for the same few styles on
every line of every frame; they are kept until the next style update (a new theme).
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


class LineWidget(Widget):
    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._style_cache: dict[str, Style] = {}

    def notify_style_update(self) -> None:
        self._style_cache.clear()
        super().notify_style_update()

    def _style(self, component: str = "") -> Style:
        """The widget's style, with `component`'s on top (none: the widget's own)."""
        style = self._style_cache.get(component)
        if style is None:
            style = self.rich_style
            if component:
                style += self.get_component_rich_style(component)
            self._style_cache[component] = style
        return style
